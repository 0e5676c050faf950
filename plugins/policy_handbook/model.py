"""The policy model: one typed schema for everything an organisation's policy says.

Free-form `sections` of typed blocks carry the wording; the structured parts (contacts,
channels, targets, schedule, replies, follow lists, dates) are what the plugins compute with.
The JSON Schema editors use is exported from these classes (see `schema.py`).
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
import re
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    StringConstraints,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=60)]
Text = Annotated[str, StringConstraints(min_length=1)]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


# Addresses end up in links: only http(s), and none of the characters that could end a Markdown
# autolink or an HTML attribute early.
_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
# A scheme such as javascript:, data: or mailto: followed directly by the rest of an address.
_LOOKS_LIKE_LINK = re.compile(r"[a-z][a-z0-9+.-]*:[^\s]", re.IGNORECASE)


def web_address(value: str | None) -> str | None:
    """`value` if it is an http(s) address; raises ValueError in the author's words if not."""
    if value is None:
        return None
    if not re.match(r"https?://", value, re.IGNORECASE):
        raise ValueError("must be a web address starting with https://")
    if not _WEB_ADDRESS.fullmatch(value):
        raise ValueError("must be a web address without spaces, quotes, < or >")
    return value


class Strict(BaseModel):
    """Base for every model: unknown keys are errors (they are usually typos)."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


# --- dates -------------------------------------------------------------------------------


# Years a policy's dates may name: far enough either way for any real policy, and well inside
# what date arithmetic handles (9999-12 passed once and crashed the build adding a day to it).
FIRST_YEAR, LAST_YEAR = 1990, 2100


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(
            f"has the year {year}; a policy's dates must fall between {FIRST_YEAR} and "
            f"{LAST_YEAR} — check the year"
        )


def _date_schema(schema: dict[str, Any]) -> None:
    """Editors see what authors write, a string, not the year/month/day Python keeps."""
    schema.clear()
    schema.update(
        type="string",
        pattern=r"^\d{4}-\d{2}(-\d{2})?$",
        description="A day (2018-04-23) or a month (2024-04).",
    )


class PolicyDate(BaseModel):
    """A date as precise as the policy states it: a day ("23 April 2018") or a month ("April 2024").

    Written in YAML as `2018-04-23` or `2024-04`.
    """

    model_config = ConfigDict(frozen=True, json_schema_extra=_date_schema)

    year: int
    month: int
    day: int | None = None

    @model_validator(mode="before")
    @classmethod
    def _parse(cls, value: Any) -> Any:
        if isinstance(value, dt.datetime):
            raise ValueError("must be a date without a time, like 2024-04-30 or 2024-04")
        if isinstance(value, dt.date):
            return {"year": value.year, "month": value.month, "day": value.day}
        if isinstance(value, str):
            match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value.strip())
            if not match:
                raise ValueError("must be a date like 2024-04-30 (a day) or 2024-04 (a month)")
            year, month, day = (int(g) if g else None for g in match.groups())
            return {"year": year, "month": month, "day": day}
        if isinstance(value, dict):
            return value
        raise ValueError("must be a date like 2024-04-30 (a day) or 2024-04 (a month)")

    @model_validator(mode="after")
    def _real(self) -> PolicyDate:
        _check_year(self.year)  # before dt.date, which cannot hold year 0 or 10000
        try:
            dt.date(self.year, self.month, self.day or 1)
        except ValueError as exc:
            raise ValueError(f"is not a real date ({exc})") from None
        return self

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month, self.day or 1)

    @property
    def last_day(self) -> dt.date:
        """The last day the date covers: the day itself, or the month's last day."""
        if self.day:
            return dt.date(self.year, self.month, self.day)
        days = _stdlib_calendar.monthrange(self.year, self.month)[1]
        return dt.date(self.year, self.month, days)

    def display(self) -> str:
        month = dt.date(self.year, self.month, 1).strftime("%B")
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"


# --- free-form content blocks ---------------------------------------------------------------


class ListItem(Strict):
    """A list item: a bare string, or `text` with a nested list of `items` under it."""

    text: Text
    items: list[ListItem] = Field(default_factory=list)

    @model_validator(mode="before")
    @classmethod
    def _bare_string(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value


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


BLOCK_KINDS = ("paragraph", "list", "quote", "table", "definitions", "note", "reply")


class Block(Strict):
    """One piece of a section: exactly one of the keys below.

    Text may use Markdown emphasis and links; HTML is shown as text.
    """

    model_config = ConfigDict(
        json_schema_extra={"minProperties": 1, "maxProperties": 1},
    )

    paragraph: str | None = None
    # Called `list` in YAML; a field named `list` would shadow the builtin in this class.
    bullets: list[ListItem] | None = Field(None, alias="list")
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


class Section(Strict):
    id: Slug = Field(description="Anchor for links and search results, e.g. 'safeguarding'.")
    title: Text
    kind: SectionKind = Field(
        "other", description="What the section is about; groups sections across organisations."
    )
    blocks: list[Block] = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list, description="Subsections.")


# --- the organisation and its contacts --------------------------------------------------------


class Organisation(Strict):
    name: Text = Field(
        description="Full name, e.g. 'Blackburn with Darwen Parents in Partnership'."
    )
    short_name: Text = Field(description="What staff call it, e.g. 'BwDPiP'.")
    slug: Slug | None = Field(
        None, description="Used in addresses; defaults to the YAML file's name."
    )
    what_it_is: Text = Field(description="One or two sentences on what the organisation is.")
    part_of: str | None = Field(None, description="A parent body, e.g. a council.")
    tagline: str | None = None
    profile_picture: str | None = Field(
        None, description="What the policy says about the profile picture or logo."
    )
    profile_text: str | None = Field(
        None, description="The profile or bio text the policy prescribes."
    )


class Contacts(Strict):
    phone: str | None = None
    email: str | None = None
    web: str | None = None
    notes: list[str] = Field(default_factory=list, description="e.g. who answers the email.")

    @field_validator("email")
    @classmethod
    def _email_shape(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
            raise ValueError("must be an email address like info@example.org")
        return value

    @field_validator("web")
    @classmethod
    def _web_shape(cls, value: str | None) -> str | None:
        return web_address(value)


class Adoption(Strict):
    adopted: PolicyDate = Field(description="When the policy was adopted: 2018-04-23 or 2022-11.")
    adopted_by: str | None = Field(None, description="Who adopted it, e.g. 'the Steering Group'.")
    review_due: PolicyDate = Field(
        description="When the policy is due for review: 2019-04-22 or 2024-04."
    )
    title: Text = "Social Media Policy"


# --- channels, targets and the posting window ---------------------------------------------------

ChannelKind = Literal[
    "facebook-page",
    "facebook-group",
    "twitter",
    "instagram",
    "linkedin",
    "youtube",
    "website",
    "email",
    "other",
]

# Characters a post may hold, by platform. X counts every URL as 23 characters.
DEFAULT_CHARACTER_LIMITS: dict[str, int | None] = {
    "twitter": 280,
    "facebook-page": 63206,
    "facebook-group": 63206,
    "instagram": 2200,
    "linkedin": 3000,
    "youtube": 5000,
    "website": None,
    "email": None,
    "other": None,
}


# Some ways of sending have their own limits: an X direct message holds 10,000 characters,
# an X profile bio 160.
LIMITS_BY_HOW: dict[tuple[str, str], int] = {
    ("direct-message", "twitter"): 10000,
    ("profile", "twitter"): 160,
}


# Real policies post a few times a day (BwDPiP's busiest channel: 7 a day). Every planned post
# is a calendar event in several feeds, so an absurd target (100000 a day) would write hundreds
# of megabytes; these bounds are far above any real policy and far below that.
MAX_POSTS = {"day": 50, "week": 350}


class Rate(Strict):
    # `per` comes first so that the check on `posts` knows which bound applies.
    per: Literal["day", "week"] = Field(description="...per day or per week.")
    posts: int = Field(
        ge=0, description="How many posts...", json_schema_extra={"maximum": MAX_POSTS["week"]}
    )

    @field_validator("posts")
    @classmethod
    def _sensible(cls, value: int, info: ValidationInfo) -> int:
        per = info.data.get("per")
        if per not in MAX_POSTS:
            per = "week"  # a wrong `per` has its own message; check the larger bound meanwhile
        if value > MAX_POSTS[per]:
            raise ValueError(
                f"{value} posts a {per} is more than the calendar plans: at most "
                f"{MAX_POSTS[per]} a {per} (real policies post a few times a day, and every "
                "post is an event in each calendar feed)"
            )
        return value

    def per_week(self, posting_days: int = 7) -> int:
        """Posts a week this rate asks for, given how many days a week the channel posts."""
        return self.posts if self.per == "week" else self.posts * posting_days


class Target(Strict):
    """How often a channel posts: a minimum, and optionally an optimum to aim for.

    A range such as "2–3 times per week" is minimum 2 per week, optimum 3 per week.
    """

    minimum: Rate
    optimum: Rate | None = None
    as_written: str | None = Field(None, description="The policy's own words for the target.")


_TIME_PATTERN = r"^([01]?[0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$"

# A time of day, written "HH:MM". Seconds are accepted (and written back) only so that a
# model dumped to JSON reads back in.
TimeOfDay = Annotated[
    dt.time,
    WithJsonSchema({"type": "string", "pattern": _TIME_PATTERN}),
    PlainSerializer(
        lambda value: f"{value:%H:%M}" if not value.second else f"{value:%H:%M:%S}",
        return_type=str,
        when_used="json",
    ),
]


def _time_of_day(value: Any, name: str) -> Any:
    """Read "HH:MM" (or H:MM); refuse numbers, which YAML makes of unquoted 9 or 17."""
    if isinstance(value, bool):
        return value  # pydantic says "must be a time of day"
    if isinstance(value, int | float):
        hour = int(value) if isinstance(value, int) and 0 <= value <= 23 else 9
        raise ValueError(
            f'is the number {value}, not a time; write times in quotes as "HH:MM", '
            f'e.g. {name}: "{hour:02d}:00"'
        )
    if not isinstance(value, str):
        return value
    match = re.fullmatch(r"(\d{1,2}):(\d{2})(?::(\d{2}))?", value.strip())
    if match and match.group(1) == "24" and int(match.group(2)) == 0 and not match.group(3):
        raise ValueError(
            'there is no 24:00; for a window that runs to the end of the day write "23:59"'
        )
    if match:
        hours, minutes, seconds = (int(group or 0) for group in match.groups())
        if hours <= 23 and minutes <= 59 and seconds <= 59:
            return dt.time(hours, minutes, seconds)
    raise ValueError(f'must be a time of day like "09:30" (in quotes), got "{value}"')


class Window(Strict):
    """When posts may be planned: days of the week and hours of the day (local time)."""

    days: list[Weekday] = Field(
        default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"], min_length=1
    )
    start: TimeOfDay = Field(
        dt.time(9, 0),
        description='Earliest post, e.g. "09:00".',
        json_schema_extra={"default": "09:00"},
    )
    end: TimeOfDay = Field(
        dt.time(17, 0),
        description='Latest post, e.g. "17:00".',
        json_schema_extra={"default": "17:00"},
    )

    @field_validator("start", "end", mode="before")
    @classmethod
    def _time(cls, value: Any, info: ValidationInfo) -> Any:
        return _time_of_day(value, info.field_name or "start")

    @field_validator("days")
    @classmethod
    def _unique_days(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("lists a day twice")
        return sorted(value, key=WEEKDAYS.index)

    @model_validator(mode="after")
    def _ordered(self) -> Window:
        if self.end < self.start:
            raise ValueError(
                f"end ({self.end:%H:%M}) is before start ({self.start:%H:%M}); a posting window "
                'cannot cross midnight, so one that runs late ends at "23:59"'
            )
        if self.end == self.start:
            raise ValueError(
                f"end ({self.end:%H:%M}) must be later than start ({self.start:%H:%M})"
            )
        return self


class Channel(Strict):
    name: Text = Field(description="As the policy names it, e.g. 'Facebook page/group'.")
    kind: ChannelKind
    audience: Literal["public", "members", "staff"] = "public"
    address: str | None = Field(None, description="Web address or handle of the account.")
    description: list[Block] = Field(default_factory=list)
    target: Target | None = Field(
        None, description="Posting target; a channel without one is not scheduled."
    )
    window: Window | None = Field(None, description="Overrides the organisation's posting window.")
    character_limit: int | None = Field(
        None, ge=1, description="Overrides the platform's limit (X: 280)."
    )

    @field_validator("address")
    @classmethod
    def _address_shape(cls, value: str | None) -> str | None:
        if value is not None and (_LOOKS_LIKE_LINK.match(value) or "://" in value):
            try:
                web_address(value)
            except ValueError as exc:
                raise ValueError(
                    f"looks like a link, so it {exc}; or write the account's handle, like @name"
                ) from None
        return value

    def limit_for(self, how: str) -> int | None:
        """Characters a message sent this way (post, direct message…) may hold here."""
        if (how, self.kind) in LIMITS_BY_HOW:
            return LIMITS_BY_HOW[(how, self.kind)]
        if self.character_limit is not None:
            return self.character_limit
        return DEFAULT_CHARACTER_LIMITS[self.kind]


class ContentType(Strict):
    id: Slug
    name: Text = Field(description="Short name shown in the calendar, e.g. 'Signposting'.")
    guidance: Text = Field(
        description="One line of guidance from the policy for a post of this kind."
    )
    channels: list[Slug] = Field(
        default_factory=list, description="Channels it suits; empty means all."
    )


class Schedule(Strict):
    plan_for: Literal["minimum", "optimum"] = Field(
        "minimum", description="Whether the calendar plans the minimum or the optimum target."
    )
    window: Window = Field(default_factory=Window)
    minimum_gap_minutes: int = Field(
        60, ge=0, le=24 * 60, description="Never two posts on one channel closer than this."
    )
    skip_bank_holidays: bool = True
    bank_holidays: Literal["england-and-wales", "scotland", "northern-ireland"] = (
        "england-and-wales"
    )
    timezone: str = "Europe/London"
    awareness_themes: list[Slug] = Field(
        default_factory=list,
        description="Themes from calendar/awareness-days.yaml that apply; empty means all.",
    )


# --- replies and follow lists --------------------------------------------------------------


class Reply(Strict):
    id: Slug
    title: Text
    situation: Text = Field(description="The situation it answers; groups replies site-wide.")
    when: Text = Field(description="When to use it.")
    first: str | None = Field(None, description="What to do before sending it.")
    how: Literal["direct-message", "public-reply", "post", "pinned-post", "profile", "email"] = (
        "post"
    )
    channels: list[Slug] = Field(min_length=1, description="Channel ids it is for.")
    text: Text = Field(
        description="The words, with {phone}, {email}, {web}, {name}, {short_name} filled in."
    )
    thread: bool = Field(
        False,
        description="Where the text is over a channel's limit, split it at sentence ends into "
        "a numbered thread of posts that each fit (as X users do for a long pinned post).",
    )
    notes: list[str] = Field(default_factory=list, description="Transcription or usage notes.")


class Account(Strict):
    name: Text
    platform: str | None = None
    handle: str | None = None
    url: str | None = Field(None, description="The account's web address, https://…")
    why: str | None = None

    @field_validator("url")
    @classmethod
    def _url_shape(cls, value: str | None) -> str | None:
        return web_address(value)


class FollowKind(Strict):
    id: Slug
    name: Text
    accounts: list[Account] = Field(default_factory=list)


class FollowList(Strict):
    platforms: list[Slug] = Field(default_factory=list, description="Channel ids the list is for.")
    intro: str | None = None
    kinds: list[FollowKind] = Field(min_length=1)
    cautions: list[str] = Field(
        default_factory=list, description="The policy's own cautions about following."
    )


class Role(Strict):
    name: Text
    minimum_people: int | None = Field(None, ge=0)
    responsibilities: list[str] = Field(default_factory=list)


# --- the whole policy --------------------------------------------------------------------------


class Policy(Strict):
    """One organisation's social media policy: the contents of one `policies/<slug>.yaml`."""

    organisation: Organisation
    contacts: Contacts = Field(default_factory=Contacts)
    policy: Adoption
    channels: dict[Slug, Channel] = Field(default_factory=dict)
    roles: list[Role] = Field(default_factory=list)
    content_types: list[ContentType] = Field(default_factory=list)
    schedule: Schedule = Field(default_factory=Schedule)
    sections: list[Section] = Field(min_length=1)
    replies: list[Reply] = Field(default_factory=list)
    follow: FollowList | None = None

    @property
    def slug(self) -> str:
        assert self.organisation.slug, "the loader sets the slug from the file name"
        return self.organisation.slug

    def is_overdue(self, today: dt.date) -> bool:
        return today > self.policy.review_due.last_day
