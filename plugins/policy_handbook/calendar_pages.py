"""The posting calendar's pages and feed files: Markdown from Jinja templates, .ics bytes.

No MkDocs import: `calendar_files()` returns every generated file (page or feed) with the
path MkDocs should give it, and the plugin only hands them over.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
import multiprocessing
import os
import re
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urljoin

from . import ical, pages, render
from .pages import GeneratedFile
from .schedule import SLOT_MINUTES, Plan, Slot, monday_of

TEMPLATES = Path(__file__).parent / "templates"
INDEX_URI = pages.ALL_CALENDARS.file
PAGE_TITLE = pages.CALENDAR.title
INDEX_TITLE = pages.ALL_CALENDARS.title


def page_uri(slug: str) -> str:
    return pages.Registry().uri(pages.CALENDAR, slug)


def page_url(slug: str, use_directory_urls: bool = True) -> str:
    """Where MkDocs publishes the calendar page, relative to the site root."""
    return f"{slug}/calendar/" if use_directory_urls else f"{slug}/calendar.html"


@dataclass(frozen=True)
class Feed:
    slug: str
    channel_id: str | None  # None: every channel, plus the review date
    label: str
    src_uri: str  # e.g. "bwdpip/calendar/bwdpip-twitter.ics", also its path in the site

    @property
    def file_name(self) -> str:
        return self.src_uri.rsplit("/", 1)[-1]


def feeds(plan: Plan) -> list[Feed]:
    slug = plan.slug
    found = [Feed(slug, None, "All channels", f"{slug}/calendar/{slug}.ics")]
    for channel in plan.channels:
        found.append(
            Feed(slug, channel.id, channel.name, f"{slug}/calendar/{slug}-{channel.id}.ics")
        )
    return found


# From this many planned posts, organisations' feeds are written in parallel: icalendar's
# serialising is nearly all of the calendar's build time and organisations are independent.
# Below it, starting worker processes costs more than it saves.
PARALLEL_FROM_SLOTS = 5000


def calendar_files(
    plans: Sequence[Plan],
    *,
    today: dt.date,
    stamp: dt.datetime,
    site_url: str | None,
    use_directory_urls: bool = True,
    unscheduled: Sequence[str] = (),
    workers: int | None = None,
    parallel_from: int = PARALLEL_FROM_SLOTS,
    index: bool = True,
) -> list[GeneratedFile]:
    """Every page and feed of the posting calendar, for the plugin to add to the site.

    `unscheduled` names organisations whose policies set no targets (listed on the index page).
    `workers` processes (default: one per CPU) write the feeds when the plans hold at least
    `parallel_from` posts; the files are the same, in the same order, either way. Workers are
    forked, so the caller must have no other threads running (pass workers=1 if it has).
    """
    work = partial(
        organisation_files,
        today=today,
        stamp=stamp,
        site_url=site_url,
        use_directory_urls=use_directory_urls,
    )
    workers = workers if workers is not None else len(os.sched_getaffinity(0))
    parallel = workers > 1 and len(plans) > 1 and sum(len(p.slots) for p in plans) >= parallel_from
    if parallel and sys.platform == "linux":
        # Forked workers start at once and need not re-import the caller's main module (as
        # "spawn" would). Elsewhere fork is missing (Windows) or unsafe with system libraries
        # (macOS), so the feeds are written in turn.
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            chunks = list(pool.map(work, plans))
    else:
        chunks = [work(plan) for plan in plans]
    files = [file for chunk in chunks for file in chunk]
    if index:
        files.append(GeneratedFile(INDEX_URI, render_index_page(plans, site_url, unscheduled)))
    return files


def organisation_files(
    plan: Plan,
    *,
    today: dt.date,
    stamp: dt.datetime,
    site_url: str | None,
    use_directory_urls: bool = True,
) -> list[GeneratedFile]:
    """One organisation's feeds and calendar page."""
    url = page_url(plan.slug, use_directory_urls)
    link = urljoin(site_url, url) if site_url else url
    plan_feeds = feeds(plan)
    contents = ical.build_feeds(
        plan,
        [feed.channel_id for feed in plan_feeds],
        stamp=stamp,
        today=today,
        page_link=link,
        absolute=bool(site_url),
    )
    files = [GeneratedFile(feed.src_uri, contents[feed.channel_id]) for feed in plan_feeds]
    files.append(GeneratedFile(page_uri(plan.slug), render_calendar_page(plan, today, site_url)))
    return files


# --- rendering --------------------------------------------------------------------------------


def feed_address(site_url: str, feed: Feed) -> str:
    return urljoin(site_url, feed.src_uri)


def webcal(address: str) -> str:
    return re.sub(r"^https?://", "webcal://", address)


@dataclass(frozen=True)
class DayCell:
    day: dt.date | None  # None: outside the month or the range shown
    slots: tuple[Slot, ...] = ()
    off: str | None = None  # why nothing is planned (bank holiday, blackout)


@dataclass(frozen=True)
class MonthView:
    title: str  # "November 2026"
    weeks: tuple[tuple[int, tuple[DayCell, ...]], ...]  # (ISO week number, seven cells)


def month_views(plan: Plan, first: dt.date, last: dt.date) -> list[MonthView]:
    """Month tables from `first` to `last`: rows are ISO weeks, columns Monday to Sunday."""
    by_day: dict[dt.date, list[Slot]] = {}
    for slot in plan.slots:
        by_day.setdefault(slot.date, []).append(slot)
    views = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        days_in_month = _stdlib_calendar.monthrange(year, month)[1]
        start = max(first, dt.date(year, month, 1))
        end = min(last, dt.date(year, month, days_in_month))
        weeks = []
        monday = monday_of(start)
        while monday <= end:
            cells = []
            for offset in range(7):
                day = monday + dt.timedelta(days=offset)
                if start <= day <= end:
                    cells.append(DayCell(day, tuple(by_day.get(day, ())), plan.skipped.get(day)))
                else:
                    cells.append(DayCell(None))
            weeks.append((monday.isocalendar().week, tuple(cells)))
            monday += dt.timedelta(weeks=1)
        views.append(MonthView(f"{dt.date(year, month, 1):%B} {year}", tuple(weeks)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return views


@dataclass(frozen=True)
class WeekRow:
    monday: dt.date
    planned: int
    current: bool

    @property
    def label(self) -> str:
        iso = self.monday.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)


# The month view shows this many weeks from this one; the feeds hold the whole horizon.
# Longer made the page hard to scan (BwDPiP plans 70 posts a week) and slow to build.
MONTH_VIEW_WEEKS = 6


def zone_words(timezone: str) -> str:
    """How the page names the time zone its times are in."""
    return "UK time" if timezone == "Europe/London" else f"{timezone} time"


def render_calendar_page(plan: Plan, today: dt.date, site_url: str | None) -> str:
    this_week = monday_of(today)
    shown_from = max(this_week, plan.first_day)
    shown_to = min(plan.last_day, this_week + dt.timedelta(weeks=MONTH_VIEW_WEEKS, days=-1))
    targets = [
        (
            channel,
            [WeekRow(m, plan.count(channel.id, m), m == this_week) for m in plan.mondays],
        )
        for channel in plan.channels
    ]
    themes = sorted(
        {s.theme for s in plan.slots if s.theme and shown_from <= s.date <= shown_to},
        key=lambda t: (t.start, t.id),
    )
    return (
        render.environment()
        .get_template("calendar_page.md.j2")
        .render(
            zone_words=zone_words(plan.policy.schedule.timezone),
            plan=plan,
            policy=plan.policy,
            schedule=plan.policy.schedule,
            today=today,
            title=PAGE_TITLE,
            site_url=site_url,
            feeds=feeds(plan),
            address=(lambda feed: feed_address(site_url, feed)) if site_url else None,
            months=month_views(plan, shown_from, shown_to),
            shown_weeks=MONTH_VIEW_WEEKS,
            horizon_weeks=len(plan.mondays),
            targets=targets,
            themes=themes,
            skipped=[(d, why) for d, why in plan.skipped.items() if shown_from <= d <= shown_to],
            gap=max(plan.policy.schedule.minimum_gap_minutes, 1),
            slot_minutes=SLOT_MINUTES,
            overdue=plan.policy.is_overdue(today),
            weekday_names=list(_stdlib_calendar.day_name),
        )
    )


def render_index_page(
    plans: Sequence[Plan], site_url: str | None, unscheduled: Sequence[str] = ()
) -> str:
    return (
        render.environment()
        .get_template("calendar_index.md.j2")
        .render(
            title=INDEX_TITLE,
            plans=[(plan, feeds(plan)) for plan in plans],
            site_url=site_url,
            address=(lambda feed: feed_address(site_url, feed)) if site_url else None,
            unscheduled=unscheduled,
        )
    )
