"""What the scheduler reads and writes: themes and blackouts in, channel plans and slots out."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..policy.model import Channel, ContentType, Policy, Window

SLOT_MINUTES = 15  # how long a planned post occupies in a calendar


class ScheduleError(ValueError):
    """A target that cannot be planned; the message says what to change."""

    def __init__(
        self,
        message: str,
        *,
        organisation: str = "",
        channel: str = "",
        needed: int | None = None,
        capacity: int | None = None,
        field: tuple[str, ...] = (),
    ) -> None:
        super().__init__(message)
        self.organisation = organisation
        self.channel = channel
        self.needed = needed
        self.capacity = capacity
        # The policy field to point the author at; the channel's target when empty.
        self.field = field


# --- inputs from calendar/*.yaml, as the scheduler sees them ---------------------------------


@dataclass(frozen=True)
class Theme:
    """An awareness day or week (see special_days.py for the YAML form)."""

    id: str
    name: str
    start: dt.date
    end: dt.date
    guidance: str
    source: str | None = None

    def covers(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class Blackout:
    """Dates on which nothing is planned, for some organisations (empty: all) and channels."""

    start: dt.date
    end: dt.date
    reason: str
    organisations: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()

    def applies(self, day: dt.date, organisation: str, channel: str) -> bool:
        return (
            self.start <= day <= self.end
            and (not self.organisations or organisation in self.organisations)
            and (not self.channels or channel in self.channels)
        )


# --- the plan ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChannelPlan:
    id: str
    channel: Channel
    window: Window
    level: str  # "minimum" or "optimum": the level actually planned
    per_week: int  # posts planned each ISO week
    minimum_per_week: int
    optimum_per_week: int | None
    content_types: tuple[ContentType, ...]

    @property
    def name(self) -> str:
        return self.channel.name


@dataclass(frozen=True)
class Slot:
    organisation: str  # the organisation's slug
    channel_id: str
    channel_name: str
    start: dt.datetime  # aware, in the schedule's time zone
    index: int  # 1-based number of the slot within its channel and local day
    content_type: ContentType | None
    theme: Theme | None = None
    languages: tuple[str, ...] = ()  # what the channel posts in, where the policy says

    @property
    def date(self) -> dt.date:
        return self.start.date()

    @property
    def end(self) -> dt.datetime:
        return self.start + dt.timedelta(minutes=SLOT_MINUTES)

    @property
    def uid(self) -> str:
        """What the slot is (organisation, channel, local date, number in the day): stable."""
        return (
            f"{self.organisation}-{self.channel_id}-{self.date:%Y%m%d}-{self.index}@policy-handbook"
        )

    @property
    def channel_short(self) -> str:
        return _short_channel(self.channel_name)

    @property
    def kind(self) -> str:
        return self.content_type.name if self.content_type else "Post"

    @property
    def summary(self) -> str:
        text = f"{self.channel_short}: {self.kind}"
        return f"{text} ({self.theme.name})" if self.theme else text

    @property
    def guidance(self) -> str | None:
        """The content type's guidance for this slot's channel (never another channel's)."""
        return self.content_type.guidance_for(self.channel_id) if self.content_type else None

    def feed_summary(self, organisation: str) -> str:
        """The summary in a feed, which sits among other calendars: 'BwDPiP: Articles on
        Twitter'. `organisation` is the organisation's short name."""
        text = f"{organisation}: {self.kind} on {self.channel_short}"
        return f"{text} ({self.theme.name})" if self.theme else text


@dataclass(frozen=True)
class Plan:
    policy: Policy
    slug: str
    first_day: dt.date  # a Monday
    last_day: dt.date  # a Sunday
    timezone: str
    channels: tuple[ChannelPlan, ...]
    slots: tuple[Slot, ...]
    skipped: dict[dt.date, str] = field(default_factory=dict)  # days off for every channel
    # The names of the awareness sets its themes came from, for the calendar page; set by the
    # handbook, which knows them (empty when whoever planned it did not say).
    awareness_sets: tuple[str, ...] = ()

    @property
    def mondays(self) -> list[dt.date]:
        count = (self.last_day - self.first_day).days // 7 + 1
        return [self.first_day + dt.timedelta(weeks=n) for n in range(count)]

    def slots_for(self, channel_id: str | None = None) -> list[Slot]:
        return [s for s in self.slots if channel_id is None or s.channel_id == channel_id]

    def count(self, channel_id: str, monday: dt.date) -> int:
        sunday = monday + dt.timedelta(days=6)
        return sum(
            1 for s in self.slots if s.channel_id == channel_id and monday <= s.date <= sunday
        )


def _short_channel(name: str) -> str:
    """'Facebook page/group' -> 'Facebook', 'Twitter account' -> 'Twitter': short summaries."""
    for suffix in (" page/group", " page", " account"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name
