"""The posting scheduler: turns a policy's channels and targets into dated, timed slots.

Pure Python (no MkDocs). Everything is derived from the calendar date, the ISO week and the
channel's place among the organisation's channels — never from the build date — so the plan
for a given day is the same whichever day the site was built.

How a week is planned, per channel with a target:

1. The level is `schedule.plan_for`; "optimum" falls back to the minimum when a channel has
   no optimum. A per-day rate becomes a weekly count with `Rate.per_week(len(window.days))`,
   so "3 a day" on a seven-day window is 21 a week.
2. The week's posting days are the window's days minus bank holidays (when skipped) and
   blackout dates. The weekly count is shared as evenly as possible over them: a per-day
   target keeps its weekly total when a day is skipped (the other days take the extra posts).
3. Within a day, posts are spread through the window, at least `minimum_gap_minutes` apart
   (in real elapsed time, also across midnight and clock changes), with each channel
   offset so an organisation's channels do not all post at the same minute.
4. Content types rotate by a slot number counted from a fixed epoch (ISO week 1 of 2000), so
   consecutive weeks continue the rotation and rebuilds agree.
5. Awareness days and weeks theme the first slot of each day they cover (of each week, for
   periods longer than a week); a period with no slot of its own themes the nearest slot
   in the same ISO week.

A target the window cannot hold raises `ScheduleError`, whose message spells out the arithmetic
and, when a clock change is why (a window in the hour the clocks skip or repeat), names the day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .model import WEEKDAYS, Channel, ContentType, Policy, Rate, Window

# Monday of ISO week 1 of 2000: week numbers (and so the content rotation) count from here.
EPOCH = dt.date(2000, 1, 3)
SLOT_MINUTES = 15  # how long a planned post occupies in a calendar
_UTC = dt.UTC
_UNIX = dt.datetime(1970, 1, 1, tzinfo=_UTC)
_REGIONS = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}


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
    """An awareness day or week (see awareness.py for the YAML form)."""

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
    def iso_week(self) -> tuple[int, int]:
        iso = self.date.isocalendar()
        return iso.year, iso.week

    @property
    def summary(self) -> str:
        kind = self.content_type.name if self.content_type else "Post"
        text = f"{_short_channel(self.channel_name)}: {kind}"
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


# --- the horizon and days off -----------------------------------------------------------------


def monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def horizon(
    build_date: dt.date, weeks_back: int = 2, weeks_ahead: int = 13
) -> tuple[dt.date, dt.date]:
    """Whole ISO weeks from `weeks_back` weeks before the build date to `weeks_ahead` after it."""
    if weeks_back < 0 or weeks_ahead < 0:
        raise ScheduleError("weeks_back and weeks_ahead must be 0 or more")
    first = monday_of(build_date - dt.timedelta(weeks=weeks_back))
    last = monday_of(build_date + dt.timedelta(weeks=weeks_ahead)) + dt.timedelta(days=6)
    return first, last


def bank_holidays(region: str, years: Iterable[int]) -> dict[dt.date, str]:
    """Weekday bank holidays (offices closed) for a region of the UK.

    `holidays` lists a weekend holiday and its "(observed)" weekday; only weekdays close offices.
    """
    import holidays  # slow to import; only needed here

    subdiv = _REGIONS[region]
    found = holidays.country_holidays("GB", subdiv=subdiv, years=sorted(set(years)))
    return {day: name for day, name in found.items() if day.weekday() < 5}


# --- minutes: real elapsed time, so gaps hold across clock changes -----------------------------


def _real(moment: dt.datetime) -> int:
    return (moment - _UNIX) // dt.timedelta(minutes=1)


def _from_real(minutes: int, zone: ZoneInfo) -> dt.datetime:
    return (_UNIX + dt.timedelta(minutes=minutes)).astimezone(zone)


def _minute_of(time: dt.time, round_up: bool) -> int:
    minute = time.hour * 60 + time.minute
    return minute + 1 if round_up and (time.second or time.microsecond) else minute


Intervals = list[tuple[int, int]]  # inclusive runs of real minutes when a post may start


def _day_intervals(day: dt.date, window: Window, zone: ZoneInfo) -> Intervals:
    """The real minutes whose local time on `day` is inside the window.

    On a clock-change day the skipped hour does not exist and the repeated hour is ambiguous
    (a calendar would show it once); neither is used.
    """
    first = _minute_of(window.start, round_up=True)
    last = _minute_of(window.end, round_up=False)
    midnight = dt.datetime.combine(day, dt.time(0))
    before = midnight.replace(tzinfo=zone).utcoffset()
    after = (midnight + dt.timedelta(hours=23, minutes=59)).replace(tzinfo=zone).utcoffset()
    if before == after:  # no clock change today: one run, real time follows local time
        start = (midnight + dt.timedelta(minutes=first)).replace(tzinfo=zone)
        return [(_real(start), _real(start) + (last - first))] if last >= first else []
    runs: Intervals = []
    for minute in range(first, last + 1):
        local = midnight + dt.timedelta(minutes=minute)
        early, late = local.replace(tzinfo=zone, fold=0), local.replace(tzinfo=zone, fold=1)
        if early.utcoffset() != late.utcoffset():
            continue
        real = _real(early)
        if runs and runs[-1][1] == real - 1:
            runs[-1] = (runs[-1][0], real)
        else:
            runs.append((real, real))
    return runs


@dataclass(frozen=True)
class ClockChange:
    """The local times a clock change leaves out of a day: missing (forward) or twice (back)."""

    day: dt.date
    forward: bool
    first: int  # the first and last local minute of the day affected
    last: int

    def describe(self) -> str:
        """'the clocks go forward an hour at 01:00 (01:00–01:59 does not exist)', for a message."""
        minutes = self.last - self.first + 1
        size = "an hour" if minutes == 60 else f"{minutes} minutes"
        times = f"{_hhmm(self.first)}–{_hhmm(self.last)}"
        if self.forward:
            return f"the clocks go forward {size} at {_hhmm(self.first)} ({times} does not exist)"
        return (
            f"the clocks go back {size} at {_hhmm(self.last + 1)} ({times} happens twice, so no "
            "post is planned then: a calendar could show it at either time)"
        )


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def clock_change(day: dt.date, zone: ZoneInfo) -> ClockChange | None:
    """How the clocks change on `day` in `zone`, if they do."""
    midnight = dt.datetime.combine(day, dt.time(0))
    before = midnight.replace(tzinfo=zone).utcoffset()
    after = (midnight + dt.timedelta(hours=23, minutes=59)).replace(tzinfo=zone).utcoffset()
    if before == after:
        return None
    odd = []
    for minute in range(24 * 60):
        local = midnight + dt.timedelta(minutes=minute)
        early, late = local.replace(tzinfo=zone, fold=0), local.replace(tzinfo=zone, fold=1)
        if early.utcoffset() != late.utcoffset():
            odd.append(minute)
    if not odd:  # pragma: no cover - an offset change needs a gap or a fold
        return None
    return ClockChange(day, forward=after > before, first=odd[0], last=odd[-1])


def _after(runs: Intervals, bound: int) -> Intervals:
    return [(max(lo, bound), hi) for lo, hi in runs if hi >= bound]


def _capacity(runs: Intervals, gap: int) -> int:
    count, last = 0, None
    for lo, hi in runs:
        start = lo if last is None else max(lo, last + gap)
        if start <= hi:
            n = (hi - start) // gap + 1
            count += n
            last = start + (n - 1) * gap
    return count


def _ceil(runs: Intervals, x: int) -> int | None:
    for lo, hi in runs:
        if x <= hi:
            return max(lo, x)
    return None


def _floor(runs: Intervals, x: int) -> int | None:
    for lo, hi in reversed(runs):
        if x >= lo:
            return min(hi, x)
    return None


def _place(
    runs: Intervals, count: int, gap: int, phase: tuple[int, int], taken: set[int] = frozenset()
) -> list[int]:
    """`count` start minutes in `runs`, `gap` apart, spread evenly; `count` must fit.

    Minutes in `taken` (the organisation's other channels) are avoided when the gap allows.
    """
    if count == 0:
        return []
    latest: list[int] = [0] * count
    bound = runs[-1][1]
    for i in reversed(range(count)):
        found = _floor(runs, bound)
        assert found is not None, "count exceeds the day's capacity"
        latest[i], bound = found, found - gap
    first, span = runs[0][0], runs[-1][1] - runs[0][0]
    step = max(gap, span // count)
    if step - step % 5 >= gap:
        step -= step % 5  # times on five-minute marks when the gap allows
    slack = max(0, span - (count - 1) * step)
    position, channels = phase
    offset = slack * (2 * position + 1) // (2 * channels)
    offset -= offset % 5
    placed: list[int] = []
    for i in range(count):
        wanted = first + offset + i * step
        if placed:
            wanted = max(wanted, placed[-1] + gap)
        found = _ceil(runs, wanted)
        while found is not None and found in taken and found + 5 <= latest[i]:
            found = _ceil(runs, found + 5)
        placed.append(found if found is not None and found <= latest[i] else latest[i])
    return placed


# --- sharing a week's posts over its days -----------------------------------------------------


def _share(total: int, capacities: Sequence[int], rotation: int) -> list[int]:
    """`total` posts over days with these capacities: as even as possible, extras spread out."""
    days = len(capacities)
    base, extra = divmod(total, days)
    shares = [base] * days
    for i in range(extra):
        shares[((2 * i + 1) * days // (2 * extra) + rotation) % days] += 1
    # A day that holds fewer (a clock-change day) passes its excess to the nearest days.
    for day in range(days):
        while shares[day] > capacities[day]:
            shares[day] -= 1
            for distance in range(1, days):
                spare = [
                    d
                    for d in (day + distance, day - distance)
                    if 0 <= d < days and shares[d] < capacities[d]
                ]
                if spare:
                    shares[spare[0]] += 1
                    break
            else:  # pragma: no cover - the caller checked the total capacity
                raise AssertionError("total exceeds capacity")
    return shares


# --- the scheduler ----------------------------------------------------------------------------


def channel_plans(policy: Policy) -> list[ChannelPlan]:
    """The channels that have a target, sorted by id, with the level and weekly count planned."""
    plans = []
    for channel_id in sorted(policy.channels):
        channel = policy.channels[channel_id]
        if channel.target is None:
            continue
        window = channel.window or policy.schedule.window
        days = len(window.days)
        target = channel.target
        rate: Rate = target.minimum
        level = "minimum"
        if policy.schedule.plan_for == "optimum" and target.optimum is not None:
            rate, level = target.optimum, "optimum"
        types = tuple(t for t in policy.content_types if not t.channels or channel_id in t.channels)
        plans.append(
            ChannelPlan(
                id=channel_id,
                channel=channel,
                window=window,
                level=level,
                per_week=rate.per_week(days),
                minimum_per_week=target.minimum.per_week(days),
                optimum_per_week=target.optimum.per_week(days) if target.optimum else None,
                content_types=types,
            )
        )
    return plans


def plan(
    policy: Policy,
    first_day: dt.date,
    last_day: dt.date,
    *,
    themes: Sequence[Theme] = (),
    blackouts: Sequence[Blackout] = (),
    holidays: dict[dt.date, str] | None = None,
) -> Plan:
    """Plan every channel with a target over whole ISO weeks from `first_day` to `last_day`.

    `holidays` overrides the bank holidays looked up from the `holidays` package (for tests).
    Raises ScheduleError when a week's target does not fit.
    """
    first_day, last_day = monday_of(first_day), monday_of(last_day) + dt.timedelta(days=6)
    schedule = policy.schedule
    slug = policy.slug
    try:
        zone = ZoneInfo(schedule.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ScheduleError(
            f"{policy.organisation.short_name}: schedule.timezone {schedule.timezone!r} is not a "
            "known time zone; use a name like Europe/London"
        ) from None
    if schedule.skip_bank_holidays:
        if holidays is None:
            holidays = bank_holidays(
                schedule.bank_holidays, range(first_day.year - 1, last_day.year + 2)
            )
    else:
        holidays = {}
    wanted = set(schedule.awareness_themes)
    unknown = sorted(wanted - {t.id for t in themes})
    if themes and unknown:
        raise ScheduleError(
            f"{policy.organisation.short_name}: schedule.awareness_themes lists "
            f"{', '.join(unknown)}, which calendar/awareness-days.yaml does not have "
            f"(it has: {', '.join(sorted({t.id for t in themes}))})",
            organisation=slug,
        )
    themes = [t for t in themes if not wanted or t.id in wanted]

    channels = channel_plans(policy)
    slots: list[Slot] = []
    taken: set[int] = set()  # minutes already used by the organisation's other channels
    for position, channel in enumerate(channels):
        planner = _ChannelPlanner(
            policy, channel, zone, holidays, blackouts, (position, len(channels)), taken
        )
        channel_slots: list[Slot] = []
        monday = first_day
        while monday <= last_day:
            channel_slots += planner.week(monday)
            monday += dt.timedelta(weeks=1)
        slots += _apply_themes(channel_slots, themes)
    slots.sort(key=lambda s: (s.start, s.channel_id))

    skipped = {day: name for day, name in holidays.items() if first_day <= day <= last_day}
    day = first_day
    while day <= last_day:
        for blackout in blackouts:
            if blackout.applies(day, slug, "") and not blackout.channels:
                skipped.setdefault(day, blackout.reason)
        day += dt.timedelta(days=1)
    return Plan(
        policy=policy,
        slug=slug,
        first_day=first_day,
        last_day=last_day,
        timezone=schedule.timezone,
        channels=tuple(channels),
        slots=tuple(slots),
        skipped=dict(sorted(skipped.items())),
    )


class _ChannelPlanner:
    def __init__(self, policy, channel: ChannelPlan, zone, holidays, blackouts, phase, taken):
        self.policy = policy
        self.taken = taken
        self.slug = policy.slug
        self.channel = channel
        self.zone = zone
        self.holidays = holidays
        self.blackouts = blackouts
        self.phase = phase
        # Two posts at the same minute on one channel make no sense, whatever the gap says.
        self.gap = max(policy.schedule.minimum_gap_minutes, 1)

    def off_reason(self, day: dt.date) -> str | None:
        if WEEKDAYS[day.weekday()] not in self.channel.window.days:
            return "not a posting day"
        if day in self.holidays:
            return self.holidays[day]
        for blackout in self.blackouts:
            if blackout.applies(day, self.slug, self.channel.id):
                return blackout.reason
        return None

    def runs(self, day: dt.date) -> Intervals:
        """The day's usable minutes, at least the gap after the latest possible post before it."""
        runs = _day_intervals(day, self.channel.window, self.zone)
        for back in (1, 2):  # the gap is at most a day, so two days back is enough
            earlier = day - dt.timedelta(days=back)
            if self.off_reason(earlier) is None:
                previous = _day_intervals(earlier, self.channel.window, self.zone)
                if previous:
                    runs = _after(runs, previous[-1][1] + self.gap)
                break
        return runs

    def week(self, monday: dt.date) -> list[Slot]:
        channel = self.channel
        need = channel.per_week
        days = [monday + dt.timedelta(days=n) for n in range(7)]
        open_days = [d for d in days if self.off_reason(d) is None]
        runs = [self.runs(d) for d in open_days]
        capacities = [_capacity(r, self.gap) for r in runs]
        if need > sum(capacities):
            raise self._impossible(monday, days, open_days, runs, capacities)
        if need == 0:
            return []
        shares = _share(need, capacities, rotation=self.phase[0])
        week_number = (monday - EPOCH).days // 7
        types = channel.content_types
        slots: list[Slot] = []
        for day_runs, count in zip(runs, shares, strict=True):
            placed = _place(day_runs, count, self.gap, self.phase, self.taken)
            self.taken.update(placed)
            for index, minute in enumerate(placed, 1):
                # The rotation counts slots from the epoch: week number × slots a week + slot.
                number = week_number * need + len(slots) + self.phase[0]
                slots.append(
                    Slot(
                        organisation=self.slug,
                        channel_id=channel.id,
                        channel_name=channel.name,
                        start=_from_real(minute, self.zone),
                        index=index,
                        content_type=types[number % len(types)] if types else None,
                    )
                )
        return slots

    def _impossible(self, monday, days, open_days, runs, capacities) -> ScheduleError:
        channel, policy = self.channel, self.policy
        window = channel.window
        iso = monday.isocalendar()
        org = f"{policy.organisation.short_name} ({self.slug})"
        minutes = _minute_of(window.end, False) - _minute_of(window.start, True)
        full_day = minutes // self.gap + 1
        reasons = [
            f"{d:%a %d %b} ({self.off_reason(d)})"
            for d in days
            if self.off_reason(d) not in (None, "not a posting day")
        ]
        skipped = f"; skipped: {', '.join(reasons)}" if reasons else ""
        if len(set(capacities)) <= 1:
            each = capacities[0] if capacities else full_day
            held = f"{len(open_days)} posting days × {each} posts a day = {sum(capacities)}"
        else:
            held = (
                f"{len(open_days)} posting days holding "
                + " + ".join(str(c) for c in capacities)
                + f" = {sum(capacities)} posts"
            )
        explain = (
            f"a {window.start:%H:%M}–{window.end:%H:%M} window is {minutes} minutes, and posts "
            f"at least {self.gap} minutes apart fit {minutes} ÷ {self.gap} + 1 = {full_day} a day"
        )
        if capacities and min(capacities) < full_day:
            explain += (
                " (fewer where the gap must also be kept after the previous day's last post, "
                "or on a clock-change day)"
            )
        need = channel.per_week
        target = (
            f"the {channel.level} target needs {need} {'post' if need == 1 else 'posts'} in ISO "
            f"week {iso.year}-W{iso.week:02d} (from {monday:%d %b %Y}), but the window holds at "
            f"most {held}: {explain}. Days: {', '.join(window.days)}{skipped}."
        )
        advice = (
            " Lower the target, set a shorter schedule.minimum_gap_minutes, or widen the "
            "window's hours or days."
        )
        field: tuple[str, ...] = ()
        changes = self._clock_changes(open_days, capacities, full_day)
        if changes:
            span = f"{window.start:%H:%M}–{window.end:%H:%M}"
            said = "; ".join(
                f"on {change.day:%a %d %b %Y} {change.describe()}, so the {span} window holds "
                f"{held_then} {'post' if held_then == 1 else 'posts'} that day, not {full_day}"
                for change, held_then in changes
            )
            lost = sum(full_day - held_then for _, held_then in changes)
            if need <= sum(capacities) + lost:  # the clock change is what makes it not fit
                target = f"{said[0].upper()}{said[1:]}. {target[0].upper()}{target[1:]}"
                times = ", ".join(
                    f"{_hhmm(change.first)}–{_hhmm(change.last)}" for change, _ in changes
                )
                advice = (
                    f" Move the window's hours clear of {times}, lower the target, or set a "
                    "shorter schedule.minimum_gap_minutes."
                )
                field = ("channels", channel.id, "window")
                if channel.channel.window is None:
                    field = ("schedule", "window")
            else:
                target += f" {said[0].upper()}{said[1:]}."
        message = f"{org}, channel '{channel.id}' ({channel.name}): {target}{advice}"
        return ScheduleError(
            message,
            organisation=self.slug,
            channel=channel.id,
            needed=need,
            capacity=sum(capacities),
            field=field,
        )

    def _clock_changes(
        self, open_days: list[dt.date], capacities: list[int], full_day: int
    ) -> list[tuple[ClockChange, int]]:
        """Open days whose window a clock change cuts into, with the posts each then holds."""
        first = _minute_of(self.channel.window.start, round_up=True)
        last = _minute_of(self.channel.window.end, round_up=False)
        found = []
        for day, capacity in zip(open_days, capacities, strict=True):
            change = clock_change(day, self.zone) if capacity < full_day else None
            if change and change.first <= last and change.last >= first:
                found.append((change, capacity))
        return found


def plan_loaded(loaded, first_day: dt.date, last_day: dt.date, **options) -> Plan:
    """`plan()` for a loaded policy file: an impossible target's message starts with where the
    target is written (file:line:column), like every other policy problem; the window's place
    instead when a clock change is what makes the week not fit."""
    try:
        return plan(loaded.policy, first_day, last_day, **options)
    except ScheduleError as error:
        if not error.channel:
            raise
        where = loaded.where(error.field or ("channels", error.channel, "target"))
        raise ScheduleError(
            f"{where}: {error}",
            organisation=error.organisation,
            channel=error.channel,
            needed=error.needed,
            capacity=error.capacity,
            field=error.field,
        ) from None


def _apply_themes(slots: list[Slot], themes: Sequence[Theme]) -> list[Slot]:
    """Theme the first slot of each day a theme covers (each ISO week, for long periods)."""
    if not slots or not themes:
        return slots
    chosen: dict[int, Theme] = {}
    by_day: dict[dt.date, list[int]] = {}
    for i, slot in enumerate(slots):
        by_day.setdefault(slot.date, []).append(i)
    for theme in sorted(themes, key=lambda t: (t.start, t.id)):
        long = (theme.end - theme.start).days >= 7
        picked = []
        seen_weeks = set()
        for day in sorted(d for d in by_day if theme.covers(d)):
            if long and day.isocalendar()[:2] in seen_weeks:
                continue
            free = [i for i in by_day[day] if i not in chosen]
            if free:
                picked.append(free[0])
                seen_weeks.add(day.isocalendar()[:2])
        if not picked:
            # No slot inside the period: the latest slot before it in the same ISO week, else
            # the earliest after it in the week it ends.
            week_start = monday_of(theme.start)
            week_end = monday_of(theme.end) + dt.timedelta(days=6)
            before = sorted(
                i
                for day in by_day
                if week_start <= day < theme.start
                for i in by_day[day]
                if i not in chosen
            )
            after = sorted(
                i
                for day in by_day
                if theme.end < day <= week_end
                for i in by_day[day]
                if i not in chosen
            )
            picked = before[-1:] or after[:1]
        for i in picked:
            chosen[i] = theme
    return [_with_theme(slot, chosen[i]) if i in chosen else slot for i, slot in enumerate(slots)]


def _with_theme(slot: Slot, theme: Theme) -> Slot:
    return replace(slot, theme=theme)
