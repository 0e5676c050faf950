"""Minute arithmetic: a day's posting window as runs of real minutes, and posts placed in them.

Real (elapsed) minutes, so a gap between posts holds across midnight and clock changes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from ..policy.model import WEEKDAYS, Window

_UTC = dt.UTC
_UNIX = dt.datetime(1970, 1, 1, tzinfo=_UTC)


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
    start, end = window.hours_on(WEEKDAYS[day.weekday()])
    first = _minute_of(start, round_up=True)
    last = _minute_of(end, round_up=False)
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
