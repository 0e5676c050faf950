"""MkDocs adapter for the posting calendar: adds the pages and .ics feeds the core made.

The `Handbook` (loaded by `handbook/policies`, with this plugin's options) plans and writes
them, and checks them before the site folder is touched; this only hands them to MkDocs.
"""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from . import calendar_pages, schedule
from .mkdocs_policies import PoliciesPlugin


class CalendarConfig(Config):
    calendar_dir = c.Type(str, default="calendar")
    # Checked (0-52 and 0-104 weeks) with everything else by Handbook.load.
    weeks_back = c.Type(int, default=2)
    weeks_ahead = c.Type(int, default=13)
    # Processes writing feeds for large sites; 0 means one per CPU, 1 writes them in turn.
    workers = c.Type(int, default=0)


class CalendarPlugin(BasePlugin[CalendarConfig]):
    # Pages the policies plugin puts in the nav (it asks before our on_config runs).
    def organisation_pages(self, loaded) -> list[tuple[str, str]]:
        if not schedule.channel_plans(loaded.policy):
            return []
        return [(calendar_pages.PAGE_TITLE, calendar_pages.page_uri(loaded.slug))]

    def site_pages(self) -> list[tuple[str, str]]:
        return [(calendar_pages.INDEX_TITLE, calendar_pages.INDEX_URI)]

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        handbook = PoliciesPlugin.find(config, "handbook/calendar").handbook
        for generated in handbook.calendar_files:
            files.append(File.generated(config, generated.src_uri, content=generated.content))
        return files
