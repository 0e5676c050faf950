"""House rules: what an organisation asks of people who comment, and what it will do.

Councils and charities publish these for the public ("we will hide comments that…", "we do not
monitor our pages 24 hours a day", "we aim to reply within two working days", "we will not
remove posts because they are critical of us"). Structured, they get their own headed section
on the policy page and can be listed and searched, rather than hiding in free paragraphs.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

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


class Rule(BareText):
    """One house rule in the policy's words: a bare string, or `text` with the situations it
    answers, so "What to do when…" can show it."""

    text: Text
    situations: list[Slug] = Field(
        default_factory=list, description="Situations this rule answers, e.g. [troll]."
    )


class Action(BareText):
    """One thing the organisation will do, and when: a bare string is an action in its own
    words (`other`)."""

    action: Literal[
        "warn", "hide", "delete", "block", "report-to-platform", "report-to-police", "other"
    ] = Field("other", description="The kind of action, e.g. hide or block.")
    text: Text = Field(description="The policy's words: what is done, and when.")
    situations: list[Slug] = Field(
        default_factory=list, description="Situations this action answers, e.g. [troll]."
    )

    @property
    def label(self) -> str:
        return ACTIONS[self.action]


class HouseRules(Strict):
    """The `house_rules:` block. Every part is optional; at least one must be given."""

    intro: str | None = Field(None, description="A sentence or two before the rules.")
    we_ask: list[Rule] = Field(
        default_factory=list, description="What we ask of people who comment or message us."
    )
    we_will: list[Action] = Field(
        default_factory=list, description="What we will do (hide, delete, block, report…)."
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

    def tagged(self) -> list[tuple[tuple, Rule | Action]]:
        """(path under house_rules, item) for every item that can carry situations."""
        found: list[tuple[tuple, Rule | Action]] = []
        for name in ("we_ask", "we_will", "we_will_not_remove"):
            found += [((name, i), item) for i, item in enumerate(getattr(self, name))]
        return found

    @model_validator(mode="after")
    def _something(self) -> HouseRules:
        if not (
            self.we_ask
            or self.we_will
            or self.monitoring
            or self.response_times
            or self.we_will_not_remove
        ):
            raise ValueError(
                "is empty; give at least one of we_ask, we_will, monitoring, response_times, "
                "we_will_not_remove, or leave house_rules out"
            )
        return self
