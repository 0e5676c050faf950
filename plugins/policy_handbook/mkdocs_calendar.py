"""MkDocs adapter for the posting calendar: plans, pages and .ics feeds from the core.

Reads the policies the `handbook/policies` plugin loaded; everything else is in schedule,
awareness, ical and calendar_pages.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files

from . import calendar_pages, dates, schedule
from .awareness import CalendarError, load_calendar
from .mkdocs_policies import PoliciesPlugin


class CalendarConfig(Config):
    calendar_dir = c.Type(str, default="calendar")
    weeks_back = c.Type(int, default=2)
    weeks_ahead = c.Type(int, default=13)
    # Processes writing feeds for large sites; 0 means one per CPU, 1 writes them in turn.
    workers = c.Type(int, default=0)


class CalendarPlugin(BasePlugin[CalendarConfig]):
    serving = False  # set by on_startup; a build run from code never serves

    generated: list[calendar_pages.GeneratedFile]

    # Pages the policies plugin puts in the nav (it asks before our on_config runs).
    def organisation_pages(self, loaded) -> list[tuple[str, str]]:
        if not schedule.channel_plans(loaded.policy):
            return []
        return [(calendar_pages.PAGE_TITLE, calendar_pages.page_uri(loaded.slug))]

    def site_pages(self) -> list[tuple[str, str]]:
        return [(calendar_pages.INDEX_TITLE, calendar_pages.INDEX_URI)]

    # Plan everything before MkDocs cleans the site folder, so an impossible target stops
    # the build with the old site still in place. Runs after the policies plugin loaded.
    @event_priority(-50)
    # `mkdocs serve` runs threads, and the parallel feed writer forks: serve writes in turn.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.generated = []
        site = PoliciesPlugin.find(config, "handbook/calendar").site
        root = Path(config.config_file_path).parent
        if self.config.weeks_back < 0 or self.config.weeks_ahead < 0:
            raise PluginError("handbook/calendar: weeks_back and weeks_ahead must be 0 or more")
        try:
            extra = load_calendar(root / self.config.calendar_dir)
            today = dates.build_date()
            first, last = schedule.horizon(today, self.config.weeks_back, self.config.weeks_ahead)
            plans, unscheduled = [], []
            for loaded in site.policies:
                if not schedule.channel_plans(loaded.policy):
                    unscheduled.append(loaded.policy.organisation.name)
                    continue
                plans.append(
                    schedule.plan_loaded(
                        loaded, first, last, themes=extra.themes, blackouts=extra.blackout_periods
                    )
                )
            self.generated = calendar_pages.calendar_files(
                plans,
                today=today,
                stamp=dates.build_instant(),
                site_url=config.site_url or None,
                use_directory_urls=config.use_directory_urls,
                unscheduled=unscheduled,
                workers=1 if self.serving else (self.config.workers or None),
            )
        except (CalendarError, schedule.ScheduleError) as error:
            raise PluginError(str(error)) from None

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        for generated in self.generated:
            files.append(File.generated(config, generated.src_uri, content=generated.content))
        return files
