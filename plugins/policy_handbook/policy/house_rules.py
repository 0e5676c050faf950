"""House rules: what an organisation asks of people who comment, and what it will do.

Councils, trusts and housing associations publish these for the public ("we will hide comments
that…", "we do not monitor our pages 24 hours a day", "we aim to reply within two working days",
"we will not remove posts because they are critical of us"). Structured, they get their own
headed section on the policy page and can be listed, tagged for situations and searched.

They are held in the document's own shape: its heading for them (`title`), where they stand
among the sections (`after`), its lists in the order it gives them (the order of the keys), and
where the document breaks them up under headings of its own, `parts`, each with its heading,
its lead-in words and its lists.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, PrivateAttr, WithJsonSchema, model_validator

from .fields import BareText, Slug, Strict, Text

# What an organisation may do about a comment, in the words the page shows.
ACTIONS = {
    "warn": "Warn",
    "hide": "Hide",
    "delete": "Delete",
    "block": "Block",
    "report-to-platform": "Report to the platform",
    "report-to-police": "Report to the police",
    "other": "",
}
ActionKind = Literal[
    "warn", "hide", "delete", "block", "report-to-platform", "report-to-police", "other"
]

# The lists a house-rules block (or one of its parts) may hold, in the order a page shows them
# when the document gives no order of its own; and the handbook's label for each.
LISTS = {
    "we_ask": "What we ask of you",
    "we_will": "What we will do",
    "we_will_not": "What we will not do",
    "monitoring": "When we are watching",
    "response_times": "When we reply",
    "we_will_not_remove": "What we will not remove",
}
TAGGABLE = ("we_ask", "we_will", "we_will_not", "we_will_not_remove")


class Rule(BareText):
    """One house rule in the policy's words: a bare string, or `text` with the document's own
    name for the rule ("Be courteous") and the situations it answers."""

    title: Text | None = Field(None, description="The rule's own heading, e.g. 'Zero abuse!'.")
    text: Text
    situations: list[Slug] = Field(
        default_factory=list, description="Situations this rule answers, e.g. [troll]."
    )

    @property
    def label(self) -> str:
        return self.title or ""


class Action(BareText):
    """One thing the organisation will do, and when: a bare string is an action in its own
    words (`other`). "We will delete comments and ban" is `action: [delete, block]`."""

    action: Annotated[
        list[ActionKind],
        BeforeValidator(lambda value: [value] if isinstance(value, str) else value),
        WithJsonSchema(
            {
                "anyOf": [
                    {"enum": list(ACTIONS)},
                    {"type": "array", "items": {"enum": list(ACTIONS)}, "minItems": 1},
                ]
            }
        ),
        Field(min_length=1),
    ] = Field(
        default_factory=lambda: ["other"],
        description="The kind of action, e.g. hide; or a list, e.g. [delete, block].",
    )
    text: Text = Field(description="The policy's words: what is done, and when.")
    situations: list[Slug] = Field(
        default_factory=list, description="Situations this action answers, e.g. [troll]."
    )

    @property
    def actions(self) -> tuple[str, ...]:
        return tuple(self.action)

    @property
    def label(self) -> str:
        # Joined by commas, not "and" or "or": the policy's own words say which it is.
        words = [ACTIONS[kind] for kind in self.actions if ACTIONS[kind]]
        joined = ", ".join(words)
        return joined[:1] + joined[1:].lower()


class _Lists(Strict):
    """The lists house rules hold; the order the author wrote them in is kept (`order`)."""

    we_ask: list[Rule] = Field(
        default_factory=list, description="What we ask of people who comment or message us."
    )
    we_will: list[Action] = Field(
        default_factory=list, description="What we will do (hide, delete, block, report…)."
    )
    we_will_not: list[Rule] = Field(
        default_factory=list,
        description="What we will not do, e.g. 'respond to comments that are abusive'.",
    )
    monitoring: list[Text] = Field(
        default_factory=list,
        description="When the accounts are watched, e.g. 'We do not monitor 24 hours a day.'",
    )
    response_times: list[Text] = Field(
        default_factory=list, description="Promises such as 'We reply within two working days.'"
    )
    we_will_not_remove: list[Rule] = Field(
        default_factory=list,
        description="What stays up, e.g. 'posts that are critical of us'.",
    )
    _order: tuple[str, ...] = PrivateAttr(default=tuple(LISTS))

    @model_validator(mode="wrap")
    @classmethod
    def _keep_order(cls, data: Any, handler: Any) -> Any:
        made = handler(data)
        if isinstance(data, dict):
            written = [key for key in data if key in LISTS]
            made._order = tuple(written + [key for key in LISTS if key not in written])
        return made

    def lists(self) -> Iterator[tuple[str, list]]:
        """(name, items) for each list given, in the order the author wrote them."""
        for name in self._order:
            items = getattr(self, name)
            if items:
                yield name, items

    def _has_lists(self) -> bool:
        return any(True for _ in self.lists())


class Part(_Lists):
    """A stretch of the house rules under the document's own heading ("Abuse is not welcome"),
    with its lead-in words ("we do not respond to comments that are:") and its lists."""

    heading: Text | None = Field(None, description="The document's heading for this part.")
    intro: str | None = Field(None, description="The words that lead into the lists.")

    @model_validator(mode="after")
    def _something(self) -> Part:
        if not (self.heading or self.intro or self._has_lists()):
            raise ValueError(
                "is empty; give a heading, an intro or one of "
                + ", ".join(LISTS)
                + ", or leave the part out"
            )
        return self


class HouseRules(_Lists):
    """The `house_rules:` block. Every part is optional; at least one must be given."""

    title: Text | None = Field(
        None,
        description="The document's own heading for its house rules, e.g. 'Our rules'; "
        "without it the page says 'House rules for the public'.",
    )
    after: Slug | None = Field(
        None,
        description="The id of the top-level section the house rules follow, where the "
        "document puts them after it; without it they come before the first section.",
    )
    intro: str | None = Field(None, description="A sentence or two before the rules.")
    parts: list[Part] = Field(
        default_factory=list,
        description="Where the document breaks its rules up under headings of its own: each "
        "part's heading, intro and lists, in the document's order (after any lists above).",
    )

    def tagged(self) -> list[tuple[tuple, Rule | Action]]:
        """(path under house_rules, item) for every item that can carry situations."""
        found: list[tuple[tuple, Rule | Action]] = []
        for place, lists in self._places():
            for name, items in lists.lists():
                if name in TAGGABLE:
                    found += [((*place, name, i), item) for i, item in enumerate(items)]
        return found

    def lead_ins(self) -> Iterator[tuple[str, bool, list[Rule | Action]]]:
        """(lead-in, whether it is the policy's words, items) for each taggable list: a part's
        own intro where it leads into that one list, otherwise the handbook's label for it."""
        for _, lists in self._places():
            given = list(lists.lists())
            for name, items in given:
                if name not in TAGGABLE:
                    continue
                if isinstance(lists, Part) and lists.intro and len(given) == 1:
                    yield lists.intro, True, items
                else:
                    yield LISTS[name], False, items

    def texts(self) -> Iterator[tuple[tuple, str]]:
        """(path under house_rules, Markdown text) for every piece of text the page shows."""
        if self.intro:
            yield ("intro",), self.intro
        for place, lists in self._places():
            if isinstance(lists, Part) and lists.intro:
                yield (*place, "intro"), lists.intro
            for name in ("monitoring", "response_times"):
                for index, text in enumerate(getattr(lists, name)):
                    yield (*place, name, index), text
            for name in TAGGABLE:
                for index, item in enumerate(getattr(lists, name)):
                    yield (*place, name, index, "text"), item.text

    def stated(self, name: str) -> list[str]:
        """Every item of one of the plain lists (monitoring, response_times), parts included."""
        return [text for _, lists in self._places() for text in getattr(lists, name)]

    def _places(self) -> Iterator[tuple[tuple, _Lists]]:
        yield (), self
        for index, part in enumerate(self.parts):
            yield ("parts", index), part

    @model_validator(mode="after")
    def _something(self) -> HouseRules:
        if not (self._has_lists() or self.parts):
            raise ValueError(
                "is empty; give at least one of "
                + ", ".join(LISTS)
                + " or parts, or leave house_rules out"
            )
        return self
