"""Awareness days and weeks: which planned slot each theme goes on."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace

from .days import monday_of
from .structure import Slot, Theme


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
