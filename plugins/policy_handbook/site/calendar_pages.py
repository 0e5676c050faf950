"""The posting calendar's pages and feed files: Markdown from Jinja templates, .ics bytes.

No MkDocs import: `calendar_files()` returns every generated file (page or feed) with the
path MkDocs should give it, and the plugin only hands them over.
"""

from __future__ import annotations

import calendar as _stdlib_calendar
import datetime as dt
import os
import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from urllib.parse import urljoin

from .. import pages
from ..feeds import digest
from ..pages import GeneratedFile
from ..planning import HOURS_ARE_OURS, SLOT_MINUTES, Plan, monday_of
from ..text.addresses import is_local_address
from ..views import agenda
from ..views.organisation import stated_hours
from .templating import environment, render

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
    digest: bool = False  # the daily digest: one event a day listing the day's posts

    @property
    def file_name(self) -> str:
        return self.src_uri.rsplit("/", 1)[-1]


def feeds(plan: Plan) -> list[Feed]:
    """The plan's feeds in the order the pages offer them: the daily digest first for a busy
    organisation (see digest.DIGEST_FIRST_ABOVE), else after the all-channels feed."""
    slug = plan.slug
    every = Feed(slug, None, "All channels", f"{slug}/calendar/{slug}.ics")
    daily = Feed(slug, None, "Daily digest", f"{slug}/calendar/{slug}-{digest.NAME}.ics", True)
    found = [daily, every] if digest.digest_first(plan) else [every, daily]
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
    features: frozenset[str] = frozenset(pages.FEATURES),
    meanwhile: Callable[[], object] | None = None,
    limit: int | None = None,
) -> list[GeneratedFile]:
    """Every page and feed of the posting calendar, for the plugin to add to the site.

    `unscheduled` names organisations whose policies set no targets (listed on the index page).
    `workers` processes (default: one per CPU) write the feeds when the plans hold at least
    `parallel_from` posts; the files are the same, in the same order, either way. Workers are
    forked, so the caller must have no other threads running (pass workers=1 if it has).
    `meanwhile` is called once, while the workers write (or before the feeds, in turn).
    With a `limit`, a feed that crosses it is not made whole (see `organisation_files`).
    """
    work = partial(
        organisation_files,
        today=today,
        stamp=stamp,
        site_url=site_url,
        use_directory_urls=use_directory_urls,
        features=features,
        limit=limit,
    )
    workers = workers if workers is not None else len(os.sched_getaffinity(0))
    parallel = workers > 1 and len(plans) > 1 and sum(len(p.slots) for p in plans) >= parallel_from
    if parallel and sys.platform == "linux":
        # Forked workers start at once and need not re-import the caller's main module (as
        # "spawn" would). Elsewhere fork is missing (Windows) or unsafe with system libraries
        # (macOS), so the feeds are written in turn.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            written = pool.map(work, plans)  # every plan is handed to the workers now
            if meanwhile is not None:
                meanwhile()
            chunks = list(written)
    else:
        if meanwhile is not None:
            meanwhile()
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
    features: frozenset[str] = frozenset(pages.FEATURES),
    limit: int | None = None,
) -> list[GeneratedFile]:
    """One organisation's feeds, calendar page and "This week" page.

    A feed that crosses `limit` bytes is stopped there and given as `feeds.limit.Oversized`
    for the build to refuse; then no pages are made (they would never be written).
    """
    from ..feeds import ical  # and so icalendar: imported only when feeds are made, not when cached

    url = page_url(plan.slug, use_directory_urls)
    link = urljoin(site_url, url) if site_url else url
    plan_feeds = feeds(plan)
    contents = ical.build_feeds(
        plan,
        [feed.channel_id for feed in plan_feeds if not feed.digest],
        stamp=stamp,
        today=today,
        page_link=link,
        absolute=bool(site_url),
        limit=limit,
    )
    daily = digest.build_digest(
        plan,
        stamp=stamp,
        today=today,
        page_link=link,
        absolute=bool(site_url),
        zone_words=zone_words(plan.policy.schedule.timezone),
        limit=limit,
    )
    files = [
        GeneratedFile(feed.src_uri, daily if feed.digest else contents[feed.channel_id])
        for feed in plan_feeds
    ]
    if any(not isinstance(file.content, bytes) for file in files):
        return files
    registry = pages.Registry(features)
    shape = {"registry": registry, "use_directory_urls": use_directory_urls}
    page = render_calendar_page(plan, today, site_url, **shape)
    files.append(GeneratedFile(page_uri(plan.slug), page))
    if registry.has(pages.THIS_WEEK, plan.policy):
        week = render_this_week_page(plan, today, **shape)
        files.append(GeneratedFile(registry.uri(pages.THIS_WEEK, plan.slug), week))
    return files


# --- rendering --------------------------------------------------------------------------------


def feed_address(site_url: str, feed: Feed) -> str:
    return urljoin(site_url, feed.src_uri)


def webcal(address: str) -> str:
    return re.sub(r"^https?://", "webcal://", address)


# The agenda shows this many weeks from the build's; the feeds hold the whole horizon.
AGENDA_WEEKS = 4
# Targets in words: this many weeks from the build's are listed, the rest folded away.
TARGET_WEEKS_SHOWN = 4
# "This week" lists the build's week and this many after it for readers without JavaScript.
THIS_WEEK_WEEKS = 2


def zone_words(timezone: str) -> str:
    """How the page names the time zone its times are in."""
    return "UK time" if timezone == "Europe/London" else f"{timezone} time"


def render_calendar_page(
    plan: Plan,
    today: dt.date,
    site_url: str | None,
    *,
    registry: pages.Registry | None = None,
    use_directory_urls: bool = True,
) -> str:
    registry = registry or pages.Registry()
    here = page_uri(plan.slug)
    this_week = monday_of(today)
    shown_from = max(this_week, plan.first_day)
    shown_to = min(plan.last_day, this_week + dt.timedelta(weeks=AGENDA_WEEKS, days=-1))
    links = agenda.Links(plan.policy, here, registry, use_directory_urls)
    weeks = agenda.week_views(plan, agenda.weeks_from(today, AGENDA_WEEKS), links)
    targets = agenda.target_weeks(plan)
    soon_end = this_week + dt.timedelta(weeks=TARGET_WEEKS_SHOWN)
    this_week_uri = (
        pages.relative(here, registry.uri(pages.THIS_WEEK, plan.slug))
        if registry.has(pages.THIS_WEEK, plan.policy)
        else None
    )
    themes = sorted(
        {s.theme for s in plan.slots if s.theme and shown_from <= s.date <= shown_to},
        key=lambda t: (t.start, t.id),
    )
    return (
        environment()
        .get_template("calendar_page.md.j2")
        .render(
            zone_words=zone_words(plan.policy.schedule.timezone),
            hours_are_ours=HOURS_ARE_OURS,
            plan=plan,
            policy=plan.policy,
            schedule=plan.policy.schedule,
            today=today,
            title=PAGE_TITLE,
            site_url=site_url,
            feeds=feeds(plan),
            address=(lambda feed: feed_address(site_url, feed)) if site_url else None,
            weeks=weeks,
            shown_weeks=len(weeks),
            horizon_weeks=len(plan.mondays),
            targets_soon=[t for t in targets if this_week <= t.monday < soon_end],
            targets_later=[t for t in targets if t.monday >= soon_end],
            targets_earlier=[t for t in targets if t.monday < this_week],
            this_week_uri=this_week_uri,
            themes=themes,
            skipped=[(d, why) for d, why in plan.skipped.items() if shown_from <= d <= shown_to],
            gap=max(plan.policy.schedule.minimum_gap_minutes, 1),
            slot_minutes=SLOT_MINUTES,
            overdue=plan.policy.is_overdue(today),
            weekday_names=list(_stdlib_calendar.day_name),
            # When it was built and until when the plan runs; whether the subscribe links
            # point at this computer (a loopback site_url, or none).
            built_on=today,
            plan_until=plan.last_day,
            local_only=is_local_address(site_url),
        )
    )


def render_this_week_page(
    plan: Plan,
    today: dt.date,
    *,
    registry: pages.Registry | None = None,
    use_directory_urls: bool = True,
) -> str:
    """The "This week" page: the build's week and the next on the page, for readers without
    JavaScript, and the whole plan as JSON, from which site/assets/this-week.js shows the
    reader's today first."""
    registry = registry or pages.Registry()
    here = registry.uri(pages.THIS_WEEK, plan.slug)
    links = agenda.Links(plan.policy, here, registry, use_directory_urls)
    weeks = agenda.week_views(plan, agenda.weeks_from(today, THIS_WEEK_WEEKS), links)
    return render(
        "this_week.md.j2",
        title=pages.THIS_WEEK.title,
        policy=plan.policy,
        zone_words=zone_words(plan.policy.schedule.timezone),
        hours=plan.policy.schedule.window.describe(),
        hours_are_ours=HOURS_ARE_OURS,
        stated=stated_hours(plan.policy),
        calendar_uri=pages.relative(here, page_uri(plan.slug)),
        weeks=weeks,
        built=agenda.long_date(today),
        has_next=plan.last_day >= monday_of(today) + dt.timedelta(weeks=1),
        plan_end=agenda.long_date(plan.last_day),
        plan_json=agenda.script_json(agenda.plan_data(plan, today, links)),
    )


def render_index_page(
    plans: Sequence[Plan], site_url: str | None, unscheduled: Sequence[str] = ()
) -> str:
    return (
        environment()
        .get_template("calendar_index.md.j2")
        .render(
            title=INDEX_TITLE,
            plans=[(plan, feeds(plan)) for plan in plans],
            site_url=site_url,
            address=(lambda feed: feed_address(site_url, feed)) if site_url else None,
            unscheduled=unscheduled,
        )
    )
