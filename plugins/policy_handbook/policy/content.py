"""Free-form policy content: sections of typed blocks (paragraphs, lists, steps, quotes,
tables, definitions, notes and quoted replies). `model.py` assembles them into a policy.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StringConstraints, model_validator

from .fields import BareText, Language, Slug, Strict, Text

# --- free-form content blocks ---------------------------------------------------------------


class ListItem(BareText):
    """A list item: a bare string, or `text` with a nested list under it: `items` (bullets)
    or `numbered` (steps in order)."""

    text: Text
    items: list[ListItem] = Field(default_factory=list)
    numbered: list[ListItem] = Field(default_factory=list)

    @model_validator(mode="after")
    def _one_nested_list(self) -> ListItem:
        if self.items and self.numbered:
            raise ValueError(
                "has both items and numbered under it; an item holds one nested list — "
                "make it either bullets (items) or steps (numbered)"
            )
        return self


class ChecklistItem(BareText):
    """A checklist item: a bare string is a criterion to tick; `statement:` is a plain
    sentence kept in its place in the list (a rule that holds whatever is ticked), not ticked."""

    model_config = ConfigDict(
        json_schema_extra={"description": "A criterion to tick, or {statement: …} not ticked."}
    )

    text: Text | None = None
    statement: Text | None = None

    @model_validator(mode="after")
    def _one_of(self) -> ChecklistItem:
        if (self.text is None) == (self.statement is None):
            raise ValueError(
                "a checklist item is a criterion to tick (a plain string) or "
                "`statement: …` (a sentence that is not ticked), not both"
            )
        return self

    @property
    def words(self) -> str:
        return self.text if self.text is not None else self.statement  # type: ignore[return-value]

    @property
    def ticked(self) -> bool:
        return self.text is not None


class Quote(Strict):
    text: Text
    source: str | None = Field(
        None, description="Who or what is quoted, e.g. 'Minimum Standards, article 3.1'."
    )


class Table(Strict):
    caption: str | None = None
    header: list[str] = Field(min_length=1)
    rows: list[list[str]] = Field(min_length=1)

    @model_validator(mode="after")
    def _rows_match_header(self) -> Table:
        for number, row in enumerate(self.rows, start=1):
            if len(row) != len(self.header):
                raise ValueError(
                    f"row {number} has {len(row)} cells but the header has {len(self.header)}"
                )
        return self


class Definition(Strict):
    term: Text
    definition: Text


BLOCK_KINDS = (
    "paragraph",
    "list",
    "numbered",
    "checklist",
    "quote",
    "table",
    "definitions",
    "note",
    "reply",
)


class Block(Strict):
    """One piece of a section: exactly one of the keys below.

    Text may use Markdown emphasis and links; HTML is shown as text.
    """

    model_config = ConfigDict(
        json_schema_extra={"minProperties": 1, "maxProperties": 1}, defer_build=True
    )

    paragraph: str | None = None
    # Called `list` in YAML; a field named `list` would shadow the builtin in this class.
    bullets: list[ListItem] | None = Field(None, alias="list")
    numbered: list[ListItem] | None = Field(
        None, min_length=1, description="A numbered list, for steps taken in order."
    )
    checklist: list[ChecklistItem] | None = Field(
        None,
        min_length=1,
        description=(
            "Things to check one by one, e.g. criteria for escalating an issue; "
            "`- statement: …` for a sentence in the list that is not ticked."
        ),
    )
    quote: Quote | None = None
    table: Table | None = None
    definitions: list[Definition] | None = None
    note: str | None = Field(
        None, description="An editor's note, shown as an aside, not policy text."
    )
    reply: Slug | None = Field(
        None, description="The id of a canned reply whose text is shown here, filled in."
    )

    @model_validator(mode="before")
    @classmethod
    def _exactly_one(cls, value: Any) -> Any:
        if isinstance(value, str):
            # A bare string is the common case: a paragraph.
            return {"paragraph": value}
        if isinstance(value, dict):
            present = [key for key in value if key in BLOCK_KINDS]
            if len(value) == 1 and len(present) == 1:
                return value
            if len(present) > 1:
                raise ValueError(
                    "a block holds exactly one of "
                    + ", ".join(BLOCK_KINDS)
                    + f"; this one has {', '.join(present)} — split it into separate blocks"
                )
        return value

    @property
    def kind(self) -> str:
        for key in BLOCK_KINDS:
            if getattr(self, "bullets" if key == "list" else key) is not None:
                return key
        raise AssertionError("validated block has no content")


SectionKind = Literal[
    "introduction",
    "purpose",
    "scope",
    "profile",
    "impartiality",
    "safeguarding",
    "posting",
    "content",
    "conduct",
    "personal-information",
    "negative-comments",
    "unacceptable-behaviour",
    "escalation",
    "channel",
    "following",
    "roles",
    "agreement",
    "other",
]

# Each kind of section as the "Policies by topic" page names it.
SECTION_KIND_WORDS = {
    "introduction": "Introductions",
    "purpose": "Purpose",
    "scope": "Scope",
    "profile": "Profiles",
    "impartiality": "Impartiality",
    "safeguarding": "Safeguarding",
    "posting": "Posting",
    "content": "What to post",
    "conduct": "Conduct",
    "personal-information": "Personal information",
    "negative-comments": "Negative comments",
    "unacceptable-behaviour": "Unacceptable behaviour",
    "escalation": "Escalation",
    "channel": "Channels",
    "following": "Following other accounts",
    "roles": "Roles",
    "agreement": "Agreement",
    "other": "Other sections",
}


# The policy page heads a top-level section h2 (policy.md.j2) and each level of subsections
# one lower. HTML's last heading is h6, so sections nest at most five deep: a sixth level
# would be "####### Title", shown with its marks as a paragraph.
TOP_SECTION_HEADING = 2
MAX_SECTION_DEPTH = 6 - TOP_SECTION_HEADING + 1


# Who a section is for, when the policy says (shown under its heading).
AUDIENCE_WORDS = {"staff": "staff", "volunteers": "volunteers", "public": "the public"}


class Section(Strict):
    id: Slug = Field(description="Anchor for links and search results, e.g. 'safeguarding'.")
    number: Annotated[str, StringConstraints(pattern=r"^[0-9A-Za-z.()-]{1,20}$")] | None = Field(
        None,
        description='The policy\'s own numbering for this clause, e.g. "1.2"; shown before the '
        "title, or alone where the clause has no title.",
    )
    title: Text | None = Field(
        None, description="The section's heading; leave it out for a numbered clause that has none."
    )
    audience: list[Literal["staff", "volunteers", "public"]] = Field(
        default_factory=list,
        description="Who the section is for, where the policy says: staff, volunteers, public.",
    )
    language: Language | None = Field(
        None,
        description="The language its text is in, when not English: cy for Welsh. A bilingual "
        "section is two sections, one in each language, so each is marked for screen readers.",
    )
    kind: SectionKind = Field(
        "other", description="What the section is about; groups sections across organisations."
    )
    situations: list[Slug] = Field(
        default_factory=list,
        description="Situations staff meet that this section tells them how to handle, from "
        "plugins/policy_handbook/data/situations.yaml, e.g. [complaint, troll].",
    )
    keywords: list[Annotated[str, StringConstraints(min_length=1, max_length=60)]] = Field(
        default_factory=list,
        max_length=30,
        description="Words staff might search for that the section's text does not use, "
        "e.g. [angry parent, bad review]. Searchable, not shown on the page.",
    )
    blocks: list[Block] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list, description="Subsections.")

    @model_validator(mode="after")
    def _titled_or_numbered(self) -> Section:
        if self.title is None and self.number is None:
            raise ValueError(
                "needs a title, or a number (a clause such as 1.2 that has no heading)"
            )
        return self

    @property
    def heading(self) -> str:
        """The heading as the policy writes it: "1.2 Title", "1.2" or "Title"."""
        return " ".join(part for part in (self.number, self.title) if part)

    @property
    def label(self) -> str:
        """How other pages name it: its heading, or "clause 1.2" where it has no title."""
        return self.heading if self.title else f"clause {self.number}"

    @property
    def audience_words(self) -> str:
        words = [AUDIENCE_WORDS[who] for who in self.audience]
        return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)
