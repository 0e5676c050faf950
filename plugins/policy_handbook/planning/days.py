"""Which weeks are planned and which weekdays offices close: the horizon and bank holidays."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import cache

from .structure import ScheduleError

_REGIONS = {"england-and-wales": "ENG", "scotland": "SCT", "northern-ireland": "NIR"}


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
    return dict(_weekday_holidays(region, tuple(sorted(set(years)))))


@cache  # every organisation in a region asks for the same years: work them out once
def _weekday_holidays(region: str, years: tuple[int, ...]) -> tuple[tuple[dt.date, str], ...]:
    import holidays  # slow to import; only needed here

    found = holidays.country_holidays("GB", subdiv=_REGIONS[region], years=years)
    return tuple((day, name) for day, name in sorted(found.items()) if day.weekday() < 5)
