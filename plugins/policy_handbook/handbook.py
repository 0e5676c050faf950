"""The handbook as one object: load, validate and plan every policy once, before anything is
written.

`Handbook.load(options)` runs every check that could fail a build (schema, links, reserved
addresses, awareness days and blackout dates, every impossible target in every policy, feed
sizes, the horizon's bounds) and raises `HandbookError` listing all of them, each against its
YAML file and line. The MkDocs plugin calls it before MkDocs empties the site folder, and
`python -m policy_handbook check` calls the same thing, so the two always agree.
No MkDocs import here.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo

from . import dates, pages, planning
from .cache import CALENDAR, PAGES, Cache, Entry
from .cache import key as cache_key
from .feeds.limit import MAX_FEED_BYTES, feed_size, feed_too_big
from .options import PLUGIN, Options
from .pages import GeneratedFile
from .planning.special_days import SpecialDays, SpecialDaysError, load_special_days
from .policy.links import link_problems as _links
from .policy.loader import LoadedPolicy, LoadedSite, PolicyError, load_policies
from .policy.untrusted import visible
from .site import calendar_pages


class HandbookError(Exception):
    """Everything that stops the handbook building; `str()` is the whole report.

    Every line of it, whatever made it, is shown with control characters as escapes: this is
    what the terminal, the CI log and `serve`'s banner print."""

    def __init__(self, lines: Sequence[str], heading: str | None = None):
        self.lines = [visible(line) for line in lines]
        count = len(self.lines)
        self.heading = heading or f"{count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([self.heading, *(f"  {line}" for line in self.lines)]))


@dataclass
class Handbook:
    """Every policy loaded, checked and planned, and the calendar's files, for one build."""

    options: Options
    today: dt.date
    site: LoadedSite
    special_days: SpecialDays  # awareness days and blackout dates, from calendar/
    plans: list[planning.Plan] = field(default_factory=list)
    unscheduled: list[str] = field(default_factory=list)
    calendar_files: list[GeneratedFile] = field(default_factory=list)
    page_files: list[GeneratedFile] | None = None  # made by load(page_files=…), or not yet

    @property
    def registry(self) -> pages.Registry:
        return pages.Registry(self.options.features)

    cache: Cache | None = None
    _cached: dict[str, Entry] = field(default_factory=dict)  # slug -> entry reused this build
    _keys: dict[str, str] = field(default_factory=dict)  # slug -> its cache key, once worked out
    _stamp: dt.datetime = field(default_factory=dates.build_instant)

    @classmethod
    def load(
        cls,
        options: Options,
        cache: Cache | None = None,
        page_files: Callable[[Handbook], list[GeneratedFile]] | None = None,
    ) -> Handbook:
        """Load, validate and plan; raise HandbookError naming every problem found.

        With a `cache`, an organisation whose inputs have not changed since it was last
        planned is not planned or written again (see cache.py). With `page_files`
        (site.files.page_files), the pages are made too, into `.page_files`: on a large site
        while worker processes write the feeds, so the two share the cores, not take turns.
        """
        problems = options.problems()
        if problems:
            raise HandbookError(problems)
        # The calendar's files are read before the policies' problems stop the build, so one
        # report names every file to fix.
        try:
            special_days = load_special_days(options.calendar_dir, options.root)
        except SpecialDaysError as error:
            problems += error.problems
            special_days = SpecialDays(checked=False)
        try:
            site = load_policies(options.policies_dir, options.only, cache, options.root)
        except PolicyError as error:
            if problems:  # the calendar's too: one count for all of them
                raise HandbookError([str(p) for p in error.problems] + problems) from None
            heading = error.report().split("\n")[0]
            raise HandbookError([str(p) for p in error.problems], heading) from None
        reserved = reserved_slugs(options.docs_dir)
        for loaded in site.policies:
            problems += _reserved(loaded, reserved)
            problems += _links(loaded)
            problems += special_days.choice_problems(loaded)
        today = dates.build_date()
        handbook = cls(options, today, site, special_days, cache=cache)

        def make_pages() -> None:
            if page_files is not None:
                handbook.page_files = page_files(handbook)

        if "calendar" in options.features:
            problems += handbook._plan()
            if not problems:
                problems += handbook._write_calendar(meanwhile=make_pages)
        elif not problems:
            make_pages()
        if problems:
            raise HandbookError(problems)
        return handbook

    @classmethod
    def empty(cls, options: Options) -> Handbook:
        """A handbook with no organisations: what `serve` shows before any policy has loaded."""
        site = LoadedSite(directory=options.policies_dir, policies=[])
        handbook = cls(options, dates.build_date(), site, SpecialDays())
        if "calendar" in options.features:
            handbook._write_calendar()
        return handbook

    def _plan(self) -> list[str]:
        first, last = planning.horizon(
            self.today, self.options.weeks_back, self.options.weeks_ahead
        )
        problems = []
        for loaded in self.site.policies:
            if not planning.channel_plans(loaded.policy):
                self.unscheduled.append(loaded.policy.organisation.name)
                continue
            if self.special_days.choice_problems(loaded):
                continue  # reported by load(); planning it would only repeat them
            entry = (
                self.cache.get(CALENDAR, loaded.slug, self.key_for(loaded), Entry)
                if self.cache
                else None
            )
            if entry is not None:
                self.plans.append(entry.plan)
                self._cached[loaded.slug] = entry
                continue
            try:
                planned = planning.plan_loaded(
                    loaded,
                    first,
                    last,
                    themes=self.special_days.themes_for(loaded.policy),
                    blackouts=self.special_days.blackout_periods,
                )
            except planning.ScheduleError as error:
                problems.append(str(error))
                continue
            chosen = self.special_days.chosen(loaded.policy.schedule)
            self.plans.append(replace(planned, awareness_sets=tuple(s.name for s in chosen)))
            problems += self._clock_change_weeks(loaded, last)
        return problems

    def _clock_change_weeks(self, loaded: LoadedPolicy, last: dt.date) -> list[str]:
        """Plan the weeks of the coming year's clock changes beyond the horizon too.

        A window that a clock change empties would otherwise pass today and start failing the
        build months later, when the horizon reaches that Sunday.
        """
        zone = ZoneInfo(loaded.policy.schedule.timezone)
        problems = []
        for day in _clock_change_days(last + dt.timedelta(days=1), CLOCK_CHANGES_AHEAD, zone):
            monday = planning.monday_of(day)
            try:
                planning.plan_loaded(
                    loaded,
                    monday,
                    monday + dt.timedelta(days=6),
                    themes=self.special_days.themes_for(loaded.policy),
                    blackouts=self.special_days.blackout_periods,
                )
            except planning.ScheduleError as error:
                problems.append(
                    f"{error} (That week is past the calendar's horizon today; it is checked now "
                    "so the build does not start failing when the horizon reaches it.)"
                )
        return problems

    def key_for(self, loaded: LoadedPolicy) -> str:
        """The cache key of one organisation: a hash of everything that shapes its pages, plan
        and feeds."""
        if loaded.slug not in self._keys:
            self._keys[loaded.slug] = self._key(loaded)
        return self._keys[loaded.slug]

    def site_key(self) -> str:
        """The cache key of the pages across organisations: every organisation's key."""
        return cache_key("site", *(self.key_for(loaded) for loaded in self.site.policies))

    def reuse(
        self, name: str, key: str, make: Callable[[], Sequence[GeneratedFile]]
    ) -> tuple[GeneratedFile, ...]:
        """`make()`'s pages, or the same pages from the cache when nothing shaping them (`key`)
        has changed since they were made."""
        if self.cache is None:
            return tuple(make())
        found = self.cache.get(PAGES, name, key, tuple)
        if found is None:
            found = tuple(make())
            self.cache.put(PAGES, name, key, found)
        return found

    def _key(self, loaded: LoadedPolicy) -> str:
        options = self.options
        pinned = self._stamp if os.environ.get("SOURCE_DATE_EPOCH") else None
        return cache_key(
            loaded.path.name,
            loaded.source.encode(),
            self.special_days.inputs(loaded.policy),  # only the calendar files it uses
            self.today,
            pinned,
            options.weeks_back,
            options.weeks_ahead,
            options.site_url,
            options.use_directory_urls,
            sorted(options.features),  # "This week" links to the replies page when it exists
        )

    def _write_calendar(self, meanwhile: Callable[[], None] | None = None) -> list[str]:
        options = self.options
        fresh = calendar_pages.calendar_files(
            [plan for plan in self.plans if plan.slug not in self._cached],
            today=self.today,
            stamp=self._stamp,
            site_url=options.site_url,
            use_directory_urls=options.use_directory_urls,
            workers=options.workers,
            index=False,
            features=options.features,
            meanwhile=meanwhile,
            limit=MAX_FEED_BYTES,  # a feed is refused the moment it crosses (feeds/limit.py)
        )
        by_slug: dict[str, list[GeneratedFile]] = {}
        for generated in fresh:
            by_slug.setdefault(generated.src_uri.split("/", 1)[0], []).append(generated)
        for slug, entry in self._cached.items():
            by_slug[slug] = list(entry.files)
        self.calendar_files = [f for plan in self.plans for f in by_slug.get(plan.slug, [])]
        index = self.reuse(
            "_calendar-index",
            self.site_key(),
            lambda: [
                GeneratedFile(
                    calendar_pages.INDEX_URI,
                    calendar_pages.render_index_page(
                        self.plans, options.site_url, self.unscheduled
                    ),
                )
            ],
        )
        self.calendar_files += index
        problems = []
        for generated in self.calendar_files:
            content = generated.content  # an Oversized feed's size is always over
            if generated.src_uri.endswith(".ics") and feed_size(content) > MAX_FEED_BYTES:
                loaded = self.site.by_slug(generated.src_uri.split("/", 1)[0])
                where = loaded.where(("channels",))
                too_big = feed_too_big(
                    generated.src_uri,
                    content,
                    weeks_back=options.weeks_back,
                    weeks_ahead=options.weeks_ahead,
                    config_file=options.config_file,
                    option=f"plugins.{PLUGIN}.calendar",
                )
                problems.append(f"{where}: {too_big}")
        if self.cache is not None and not problems:
            for plan in self.plans:
                if plan.slug not in self._cached:
                    loaded = self.site.by_slug(plan.slug)
                    entry = Entry(plan, tuple(by_slug.get(plan.slug, ())))
                    self.cache.put(CALENDAR, plan.slug, self.key_for(loaded), entry)
        return problems


# How far past the horizon clock changes are checked: the next spring and autumn changes.
CLOCK_CHANGES_AHEAD = dt.timedelta(days=366)


def _clock_change_days(start: dt.date, span: dt.timedelta, zone: ZoneInfo) -> list[dt.date]:
    """Days from `start` within `span` on which `zone`'s clocks change."""
    days = []
    day, end = start, start + span
    offset = dt.datetime.combine(day, dt.time(0), zone).utcoffset()
    while day < end:
        following = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(0), zone).utcoffset()
        if following != offset:
            days.append(day)
            offset = following
        day += dt.timedelta(days=1)
    return days


def reserved_slugs(docs_dir: Path | None) -> frozenset[str]:
    """Slugs an organisation cannot have: the site's own pages and folders."""
    names = set(pages.site_addresses())
    if docs_dir is not None and docs_dir.is_dir():
        names |= {entry.name.split(".", 1)[0].lower() for entry in docs_dir.iterdir()}
    return frozenset(names)


def _reserved(loaded: LoadedPolicy, reserved: frozenset[str]) -> list[str]:
    if loaded.slug not in reserved:
        return []
    return [
        f'{loaded.where(("organisation", "slug"))}: "{loaded.slug}" is an address the site '
        "itself uses; set organisation.slug (or rename the file) to something else. "
        f"Reserved: {', '.join(sorted(reserved))}"
    ]


# --- links in policy text -----------------------------------------------------------------
