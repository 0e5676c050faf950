"""MkDocs adapter for the handbook: loads policies, adds the home and policy pages, builds the nav.

Everything it does is a call into the core (loader, render); it only hands results to MkDocs.
"""

from __future__ import annotations

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

from . import dates, render, safe
from .loader import LoadedPolicy, LoadedSite, PolicyError, load_policies

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

    # Load and check every policy before MkDocs cleans the site folder, so a bad policy
    # stops the build with the old site still in place.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        root = Path(config.config_file_path).parent
        self.policies_dir = (root / self.config.policies_dir).resolve()
        self.calendar_dir = (root / self.config.calendar_dir).resolve()
        try:
            self.site = load_policies(self.policies_dir)
        except PolicyError as error:
            raise PluginError(str(error)) from None
        except ValueError as error:
            raise PluginError(str(error)) from None
        self.context = render.RenderContext(today=dates.build_date())
        if not config.nav:
            config.nav = self._nav(config)
        return config

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
