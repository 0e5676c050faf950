"""MkDocs adapter for the handbook: loads policies, adds the home and policy pages, builds the nav.

Everything it does is a call into the core (loader, render); it only hands results to MkDocs.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import render, safe, serve_error
from .handbook import Handbook, HandbookError, Options
from .loader import LoadedPolicy, LoadedSite

log = get_plugin_logger(__name__)


class PoliciesConfig(Config):
    policies_dir = c.Type(str, default="policies")
    calendar_dir = c.Type(str, default="calendar")
    # e.g. "https://github.com/org/handbook/edit/main/{path}"; unset: link to the YAML in the site.
    edit_url_template = c.Optional(c.Type(str))


class PoliciesPlugin(BasePlugin[PoliciesConfig]):
    site: LoadedSite
    context: render.RenderContext

    @staticmethod
    def find(config: MkDocsConfig, needed_by: str) -> PoliciesPlugin:
        """The handbook/policies plugin, which has loaded the policies by the time ours run."""
        plugin = config.plugins.get("handbook/policies")
        if not isinstance(plugin, PoliciesPlugin) or not hasattr(plugin, "site"):
            raise PluginError(
                f"{needed_by} needs handbook/policies listed before it under plugins:"
            )
        return plugin

    def organisation_page(
        self, config: MkDocsConfig, loaded: LoadedPolicy, uri: str, content: str
    ) -> File:
        """A generated page of one organisation's, whose edit action opens its policy file."""
        page = File.generated(config, uri, content=content)
        page.edit_uri = f"{self.config.policies_dir}/{loaded.path.name}"
        return page

    serving = False  # set by on_startup

    handbook: Handbook | None = None  # the last one that loaded without problems
    error: HandbookError | None = None  # what is wrong now, under `mkdocs serve`

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    # Load, check and plan everything before MkDocs empties the site folder, so a bad policy
    # stops `build` with the old site in place. `serve` instead keeps showing the last good
    # handbook with the problem on every page: a failed build would leave the browser waiting.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        self.policies_dir = (root / self.config.policies_dir).resolve()
        self.calendar_dir = (root / self.config.calendar_dir).resolve()
        options = self._options(config, root)
        try:
            self.handbook = Handbook.load(options)
            self.error = None
        except HandbookError as error:
            if not self.serving:
                raise PluginError(str(error)) from None
            self.error = error
            print(serve_error.terminal_message(error), file=sys.stderr, flush=True)
            if self.handbook is None:
                self.handbook = Handbook.empty(options)
        self.site = self.handbook.site
        self.context = render.RenderContext(today=self.handbook.today)
        if not config.nav:
            config.nav = self._nav(config)
        return config

    def _options(self, config: MkDocsConfig, root: Path) -> Options:
        # The calendar's horizon is set on handbook/calendar; every check needs it.
        calendar = config.plugins.get("handbook/calendar")
        calendar_config = getattr(calendar, "config", None) or {}
        calendar_dir = calendar_config.get("calendar_dir", self.config.calendar_dir)
        workers = calendar_config.get("workers", 0)
        return Options(
            policies_dir=self.policies_dir,
            calendar_dir=(root / calendar_dir).resolve(),
            docs_dir=Path(config.docs_dir),
            weeks_back=calendar_config.get("weeks_back", 2),
            weeks_ahead=calendar_config.get("weeks_ahead", 13),
            site_url=config.site_url or None,
            use_directory_urls=config.use_directory_urls,
            # `serve` runs threads, and the parallel feed writer forks: serve writes in turn.
            workers=1 if self.serving else (workers or None),
            config_file=os.path.relpath(config.config_file_path),
            calendar=calendar is not None,
        )

    # Under `serve`, put the current problem at the top of every page.
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        if self.error is None:
            return output
        return serve_error.with_banner(output, self.error)

    def _siblings(self, config: MkDocsConfig) -> list[Any]:
        """Our other plugins that add pages (replies, follow, calendar), in mkdocs.yml order."""
        return [p for p in config.plugins.values() if hasattr(p, "organisation_pages")]

    def _nav(self, config: MkDocsConfig) -> list[Any]:
        siblings = self._siblings(config)
        self.context.replies_page = any(type(p).__name__ == "RepliesPlugin" for p in siblings)
        nav: list[Any] = [{"Home": "index.md"}]
        organisations: list[Any] = []
        for loaded in self.site.policies:
            extra = [
                render.PageLink(title, uri)
                for plugin in siblings
                for title, uri in plugin.organisation_pages(loaded)
            ]
            # Links from the policy page are relative to it (it is <slug>/index.md).
            self.context.org_pages[loaded.slug] = [
                render.PageLink(link.title, link.uri.removeprefix(f"{loaded.slug}/"))
                for link in extra
            ]
            pages = [{"Policy": f"{loaded.slug}/index.md"}]
            pages += [{link.title: link.uri} for link in extra]
            # The theme prints nav titles unescaped.
            organisations.append({safe.nav_title(loaded.policy.organisation.short_name): pages})
        # One level down, so navigation.prune leaves other organisations' pages out of every
        # page: with each at the top level, every page carried every organisation's links and
        # MkDocs' build time grew with the square of the number of organisations.
        nav.append({"Organisations": organisations})
        self.context.site_pages = [
            render.PageLink(title, uri) for plugin in siblings for title, uri in plugin.site_pages()
        ]
        if self.context.site_pages:
            nav.append({"All organisations": [{p.title: p.uri} for p in self.context.site_pages]})
        docs = Path(config.docs_dir)
        nav += sorted(
            p.relative_to(docs).as_posix() for p in docs.glob("*.md") if p.name != "index.md"
        )
        return nav

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        policies = [loaded.policy for loaded in self.site.policies]
        files.append(
            File.generated(config, "index.md", content=render.home_page(policies, self.context))
        )
        for loaded in self.site.policies:
            content = render.policy_page(loaded.policy, self.context)
            files.append(self.organisation_page(config, loaded, f"{loaded.slug}/index.md", content))
            # The YAML itself, so the "edit" action has something to open without a code forge.
            files.append(
                File.generated(config, f"{loaded.slug}/{loaded.path.name}", content=loaded.source)
            )
        return files

    # Point Material's edit action at the organisation's YAML file.
    def on_page_context(self, context, /, *, page: Page, config: MkDocsConfig, nav):
        source = page.file.edit_uri
        if source and source.startswith(f"{self.config.policies_dir}/"):
            template = self.config.edit_url_template
            # Percent-encoded: the theme writes edit_url into an href unescaped.
            name = quote(source.rsplit("/", 1)[-1])
            page.edit_url = template.format(path=quote(source)) if template else name
        return context

    # Rebuild when policies or calendar inputs change under `mkdocs serve`.
    def on_serve(self, server, /, *, config: MkDocsConfig, builder):
        for folder in (self.policies_dir, self.calendar_dir):
            if folder.is_dir():
                server.watch(str(folder))
        return server
