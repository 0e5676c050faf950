"""Plans a policy's channels week by week (the algorithm is in the package docstring)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ..policy.model import WEEKDAYS, Policy, Rate, Window
from .days import bank_holidays, monday_of
from .minutes import (
    ClockChange,
    Intervals,
    _after,
    _capacity,
    _day_intervals,
    _from_real,
    _hhmm,
    _minute_of,
    _place,
    clock_change,
)
from .structure import Blackout, ChannelPlan, Plan, ScheduleError, Slot, Theme
from .themes import _apply_themes

# Monday of ISO week 1 of 2000: week numbers (and so the content rotation) count from here.
EPOCH = dt.date(2000, 1, 3)


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
            f"{', '.join(unknown)}, which the awareness sets it was given (calendar/awareness/"
            f"*.yaml) do not have; they have: {', '.join(sorted({t.id for t in themes}))}",
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
                        languages=tuple(channel.channel.languages),
                    )
                )
        return slots

    def _full_day(self, day: dt.date) -> tuple[int, int]:
        """Minutes in the day's window, and the posts they hold with the gap kept."""
        start, end = self.channel.window.hours_on(WEEKDAYS[day.weekday()])
        minutes = _minute_of(end, False) - _minute_of(start, True)
        return minutes, minutes // self.gap + 1

    def _impossible(self, monday, days, open_days, runs, capacities) -> ScheduleError:
        channel, policy = self.channel, self.policy
        window = channel.window
        iso = monday.isocalendar()
        org = f"{policy.organisation.short_name} ({self.slug})"
        fulls = [self._full_day(d)[1] for d in open_days]
        reasons = [
            f"{d:%a %d %b} ({self.off_reason(d)})"
            for d in days
            if self.off_reason(d) not in (None, "not a posting day")
        ]
        skipped = f"; skipped: {', '.join(reasons)}" if reasons else ""
        if len(set(capacities)) <= 1:
            each = capacities[0] if capacities else self._full_day(monday)[1]
            held = f"{len(open_days)} posting days × {each} posts a day = {sum(capacities)}"
        else:
            held = (
                f"{len(open_days)} posting days holding "
                + " + ".join(str(c) for c in capacities)
                + f" = {sum(capacities)} posts"
            )
        spans = window.spans()
        explained = []
        for span_days, start, end in spans:
            minutes = _minute_of(end, False) - _minute_of(start, True)
            full = minutes // self.gap + 1
            named = f" ({', '.join(span_days)})" if len(spans) > 1 else ""
            explained.append(
                f"a {start:%H:%M}–{end:%H:%M} window{named} is {minutes} minutes, and posts at "
                f"least {self.gap} minutes apart fit {minutes} ÷ {self.gap} + 1 = {full} a day"
            )
        explain = "; ".join(explained)
        if any(c < f for c, f in zip(capacities, fulls, strict=True)):
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
        changes = self._clock_changes(open_days, capacities)
        if changes:
            said = "; ".join(
                f"on {change.day:%a %d %b %Y} {change.describe()}, so the "
                f"{_span(window, change.day)} window holds {held_then} "
                f"{'post' if held_then == 1 else 'posts'} that day, "
                f"not {self._full_day(change.day)[1]}"
                for change, held_then in changes
            )
            lost = sum(self._full_day(change.day)[1] - held_then for change, held_then in changes)
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
        self, open_days: list[dt.date], capacities: list[int]
    ) -> list[tuple[ClockChange, int]]:
        """Open days whose window a clock change cuts into, with the posts each then holds."""
        found = []
        for day, capacity in zip(open_days, capacities, strict=True):
            change = clock_change(day, self.zone) if capacity < self._full_day(day)[1] else None
            start, end = self.channel.window.hours_on(WEEKDAYS[day.weekday()])
            first, last = _minute_of(start, round_up=True), _minute_of(end, round_up=False)
            if change and change.first <= last and change.last >= first:
                found.append((change, capacity))
        return found


def _span(window: Window, day: dt.date) -> str:
    start, end = window.hours_on(WEEKDAYS[day.weekday()])
    return f"{start:%H:%M}–{end:%H:%M}"
