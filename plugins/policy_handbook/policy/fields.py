"""The value types a policy is built from, each with its checks and the limits they enforce.

Ids and text, web addresses, dates as precise as a policy states them, kinds of channel (their
character limits are in data/platform_limits.yaml), posting rates, times of day and posting
windows. `model.py` assembles them.
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

from .channel_kinds import CHANNEL_KIND_WORDS as CHANNEL_KIND_WORDS
from .channel_kinds import ChannelKind as ChannelKind


class Strict(BaseModel):
    """Base for every model: unknown keys are errors (they are usually typos)."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=False, defer_build=True
    )


class BareText(Strict):
    """A model an author may write as a bare string, which is then its `text` (a list item,
    a house rule, a duty): `- Be polite.` or `- {text: Be polite., situations: [troll]}`."""

    @model_validator(mode="before")
    @classmethod
    def _bare_string(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value


# --- ids, text and addresses ---------------------------------------------------------------

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=60)]
Text = Annotated[str, StringConstraints(min_length=1)]
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


# Addresses end up in links: only http(s), and none of the characters that could end a Markdown
# autolink or an HTML attribute early. http:// is accepted, as in policy text (safe.URL_SCHEMES):
# some small organisations' sites still have no https, and the policy quotes the address it has.
_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)
# A scheme such as javascript:, data: or mailto: followed directly by the rest of an address.
_LOOKS_LIKE_LINK = re.compile(r"[a-z][a-z0-9+.-]*:[^\s]", re.IGNORECASE)


WEB_ADDRESS_START = "must be a web address starting with https:// (or http://)"


def web_address(value: str | None) -> str | None:
    """`value` if it is an http(s) address; raises ValueError in the author's words if not."""
    if value is None:
        return None
    if not re.match(r"https?://", value, re.IGNORECASE):
        raise ValueError(WEB_ADDRESS_START)
    if not _WEB_ADDRESS.fullmatch(value):
        raise ValueError("must be a web address without spaces, quotes, < or >")
    return value


def handle_or_web_address(value: str | None) -> str | None:
    """`value` if it is an account's handle or an http(s) address; a link to anything else is
    refused in the author's words."""
    if value is not None and (_LOOKS_LIKE_LINK.match(value) or "://" in value):
        try:
            web_address(value)
        except ValueError as exc:
            raise ValueError(
                f"looks like a link, so it {exc}; or write the account's handle, like @name"
            ) from None
    return value


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

    model_config = ConfigDict(frozen=True, json_schema_extra=_date_schema, defer_build=True)

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


# --- channels and posting ----------------------------------------------------------------------

# ChannelKind and CHANNEL_KIND_WORDS are in channel_kinds.py (imported above).
AUDIENCE_WORDS = {"public": "Anyone", "members": "Members only", "staff": "Staff only"}

# Languages a policy may say its text, posts and replies are in (BCP 47 codes, as HTML's lang
# attribute takes them). The site itself is in English: Welsh text is marked lang="cy".
Language = Literal["en", "cy"]
LANGUAGE_WORDS = {"en": "English", "cy": "Welsh"}
SITE_LANGUAGE = "en"

# Character limits by platform and field (post, comment, DM, bio) are in
# data/platform_limits.yaml, read by platform_limits.py.


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


# The bank holidays a schedule skips, as the page names them.
BANK_HOLIDAY_REGIONS = {
    "england-and-wales": "England and Wales",
    "scotland": "Scotland",
    "northern-ireland": "Northern Ireland",
}

DAY_NAMES = {
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
    "sun": "Sunday",
}


def _check_order(start: dt.time, end: dt.time) -> None:
    if end < start:
        raise ValueError(
            f"end ({end:%H:%M}) is before start ({start:%H:%M}); a posting window "
            'cannot cross midnight, so one that runs late ends at "23:59"'
        )
    if end == start:
        raise ValueError(f"end ({end:%H:%M}) must be later than start ({start:%H:%M})")


class Hours(Strict):
    """One day's posting hours, where they differ from the window's usual hours."""

    start: TimeOfDay = Field(description='Earliest post that day, e.g. "08:30".')
    end: TimeOfDay = Field(description='Latest post that day, e.g. "15:30".')

    @field_validator("start", "end", mode="before")
    @classmethod
    def _time(cls, value: Any, info: ValidationInfo) -> Any:
        return _time_of_day(value, info.field_name or "start")

    @model_validator(mode="after")
    def _ordered(self) -> Hours:
        _check_order(self.start, self.end)
        return self


class Window(Strict):
    """When posts may be planned: days of the week and hours of the day (local time).

    `by_day` gives other hours on some of the days, e.g. a council open Monday to Thursday
    08:30–16:00 and Friday 08:30–15:30.
    """

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
    by_day: dict[Weekday, Hours] = Field(
        default_factory=dict,
        description='Other hours on some days, e.g. fri: {start: "08:30", end: "15:30"}.',
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
        _check_order(self.start, self.end)
        stray = [day for day in self.by_day if day not in self.days]
        if stray:
            raise ValueError(
                f"by_day gives hours for {', '.join(stray)}, which "
                f"{'is' if len(stray) == 1 else 'are'} not among the window's days "
                f"({', '.join(self.days)}); add {'it' if len(stray) == 1 else 'them'} to days"
            )
        return self

    def hours_on(self, weekday: str) -> tuple[dt.time, dt.time]:
        """The posting hours on a weekday ('mon'…), whether or not it is a posting day."""
        hours = self.by_day.get(weekday)  # type: ignore[call-overload]
        return (hours.start, hours.end) if hours else (self.start, self.end)

    def spans(self) -> list[tuple[list[str], dt.time, dt.time]]:
        """Runs of posting days with the same hours, in week order: for saying it in words."""
        runs: list[tuple[list[str], dt.time, dt.time]] = []
        for day in self.days:
            start, end = self.hours_on(day)
            previous = runs[-1] if runs else None
            follows = previous and WEEKDAYS.index(previous[0][-1]) + 1 == WEEKDAYS.index(day)
            if previous and follows and previous[1:] == (start, end):
                previous[0].append(day)
            else:
                runs.append(([day], start, end))
        return runs

    def describe(self) -> str:
        """In words: 'Monday to Thursday 08:30–16:00; Friday 08:30–15:30'."""
        parts = []
        for days, start, end in self.spans():
            if len(days) == 1:
                named = DAY_NAMES[days[0]]
            elif len(days) == 2:
                named = f"{DAY_NAMES[days[0]]} and {DAY_NAMES[days[1]]}"
            else:
                named = f"{DAY_NAMES[days[0]]} to {DAY_NAMES[days[-1]]}"
            parts.append(f"{named} {start:%H:%M}–{end:%H:%M}")
        return "; ".join(parts)
