"""The `handbook` MkDocs plugin: hands the core's pages and files to MkDocs.

One plugin with feature switches (as mkdocs-material's blog plugin switches its archive and
categories), not one per feature: the features share one loaded handbook, one navigation and
links to each other's pages, which separate plugins could only get by reaching into each
other. Everything it does is a call into the core (`Handbook`, `site.files`, `pages`).
"""

from __future__ import annotations

import copy
import os
import shutil
import sys
import tempfile
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import quote, urljoin

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page

from .. import pages
from ..cache import CACHE_DIR, CALENDAR, Cache
from ..handbook import Handbook, HandbookError
from ..options import Options
from ..site import assets, replies_pages, template_cache
from ..site import files as site_files
from ..site import search as site_search
from ..site.templating import environment
from ..text import safe
from . import serve_error, site_config
from .config import HandbookConfig

log = get_plugin_logger(__name__)
SNIPPETS = "pymdownx.snippets"


class HandbookPlugin(BasePlugin[HandbookConfig]):
    serving = False  # set by on_startup
    handbook: Handbook | None = None  # the last one that loaded without problems
    error: HandbookError | None = None  # what is wrong now, under `mkdocs serve`
    snippet_dir: Path | None = None
    cache: Cache | None = None  # kept for the plugin's life: across `serve` rebuilds
    theme_templates: template_cache.TemplateCache | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    # Load, check and plan everything before MkDocs empties the site folder, so a bad policy
    # stops `build` with the old site in place. `serve` instead keeps showing the last good
    # handbook with the problem on every page: a failed build would leave the browser waiting.
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        options = self._options(config)
        if self.cache is None:
            root = Path(config.config_file_path).parent
            self.cache = Cache(root / CACHE_DIR)
            templates = root / CACHE_DIR / "templates"
            environment().bytecode_cache = template_cache.for_environment(templates, "handbook")
            self.theme_templates = template_cache.for_environment(templates, "theme")
        hits, misses = self.cache.hits[CALENDAR], self.cache.misses[CALENDAR]
        try:
            self.handbook = Handbook.load(options, self.cache, page_files=site_files.page_files)
            self.error = None
            reused = self.cache.hits[CALENDAR] - hits
            planned = self.cache.misses[CALENDAR] - misses
            if reused:
                log.info(f"posting calendars: {reused} reused from the cache, {planned} planned")
            self._warn_local_site_url(options)
        except HandbookError as error:
            if not self.serving:
                raise PluginError(str(error)) from None
            self.error = error
            print(serve_error.terminal_message(error), file=sys.stderr, flush=True)
            if self.handbook is None:
                self.handbook = Handbook.empty(options)
        site_config.add_to(config)
        # For the printed pages' footer (site/theme/main.html): when this handbook was built.
        today = self.handbook.today
        config.extra["handbook_built"] = f"{today:%A} {today.day} {today:%B %Y}"
        self.own_nav = not config.nav
        if self.own_nav:
            config.nav = self._nav(config)
        self._snippets(config)
        if self.config.search:
            try:  # checked before MkDocs empties the site folder
                site_search.synonym_groups()
            except site_search.SearchError as error:
                raise PluginError(str(error)) from None
        return config

    def _warn_local_site_url(self, options: Options) -> None:
        """Say once per build that subscribe links point at this computer.

        Printed, not logged as a MkDocs warning: `build --strict` (our default, and the tests')
        fails on any warning, and a preview build on one's own computer is not an error. Not
        under `serve`, which is always local and whose pages say so.
        """
        warning = options.site_url_warning() if "calendar" in options.features else None
        if warning and not self.serving:
            print(f"WARNING -  {warning}", file=sys.stderr, flush=True)

    def _options(self, config: MkDocsConfig) -> Options:
        root = Path(config.config_file_path).parent
        calendar = self.config.calendar
        features = {name for name in pages.FEATURES if name != "calendar" and self.config[name]}
        if calendar.enabled:
            features.add("calendar")
        workers = calendar.workers or None
        return Options(
            policies_dir=(root / self.config.policies_dir).resolve(),
            calendar_dir=(root / self.config.calendar_dir).resolve(),
            docs_dir=Path(config.docs_dir),
            features=frozenset(features),
            weeks_back=calendar.weeks_back,
            weeks_ahead=calendar.weeks_ahead,
            site_url=config.site_url or None,
            use_directory_urls=config.use_directory_urls,
            # `serve` runs threads, and the parallel feed writer forks: serve writes in turn.
            workers=1 if self.serving else workers,
            only=os.environ.get("HANDBOOK_ONLY") or None,
            config_file=os.path.relpath(config.config_file_path),
            root=root.resolve(),
        )

    def _nav(self, config: MkDocsConfig) -> list[Any]:
        """Home, each organisation's pages, the pages across organisations, then docs/."""
        registry = self.handbook.registry
        organisations = [
            {
                # The theme prints nav titles unescaped.
                safe.nav_title(loaded.policy.organisation.short_name): [
                    {link.title: link.uri} for link in registry.organisation_pages(loaded.policy)
                ]
            }
            for loaded in self.handbook.site.policies
        ]
        nav: list[Any] = [{pages.HOME.title: pages.HOME.file}]
        if organisations:
            nav.append({pages.ORGANISATIONS_SECTION: organisations})
        site_pages = registry.site_pages()
        if site_pages:
            nav.append({pages.ALL_ORGANISATIONS_SECTION: [{p.title: p.uri} for p in site_pages]})
        docs = Path(config.docs_dir)
        nav += sorted(
            p.relative_to(docs).as_posix() for p in docs.glob("*.md") if p.name != "index.md"
        )
        return nav

    # Make reply snippets includable with `--8<--` while pages are converted (escaped text).
    def _snippets(self, config: MkDocsConfig) -> None:
        self._remove_snippet_dir()
        if (
            SNIPPETS not in config.markdown_extensions
            or "replies" not in self.handbook.options.features
        ):
            return
        self.snippet_dir = Path(tempfile.mkdtemp(prefix="handbook-replies-"))
        policies = [loaded.policy for loaded in self.handbook.site.policies]
        replies_pages.write_snippets(self.snippet_dir, policies)
        options = config.mdx_configs.setdefault(SNIPPETS, {})
        base = options.get("base_path", ["."])
        base = [base] if isinstance(base, str) else list(base)
        options["base_path"] = [*base, str(self.snippet_dir)]

    def _start_here(self, config: MkDocsConfig) -> tuple[site_search.StartHere, ...]:
        """The pages a search that finds nothing offers: the situations and the topics across
        organisations, then each organisation's policy and its situations."""
        registry = self.handbook.registry
        url = partial(site_search.page_url, use_directory_urls=config.use_directory_urls)
        links = [
            site_search.StartHere(kind.title, url(registry.uri(kind)))
            for kind in (pages.ALL_WHAT_TO_DO, pages.ALL_TOPICS)
            if self.handbook.site.policies and registry.on(kind)
        ]
        for loaded in self.handbook.site.policies:
            policy = loaded.policy
            name = policy.organisation.short_name
            for kind, title in ((pages.POLICY, "the policy"), (pages.WHAT_TO_DO, None)):
                if registry.has(kind, policy):
                    uri = registry.uri(kind, policy.slug)
                    links.append(site_search.StartHere(title or kind.title, url(uri), name))
        return tuple(links)

    # The theme's templates, compiled once and kept on disk (see template_cache.py).
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        if env.bytecode_cache is None:
            env.bytecode_cache = self.theme_templates
        return env

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        listed = set() if self.own_nav else _nav_uris(config.nav)
        for generated in site_files.generate(self.handbook):
            file = File.generated(config, generated.src_uri, content=generated.content)
            if generated.policy_file:
                file.edit_uri = f"{self.config.policies_dir}/{generated.policy_file}"
            if not self.own_nav and file.is_documentation_page() and file.src_uri not in listed:
                # A hand-written nav that leaves our pages out: they are still built and
                # linked from the home page and each other, just not in the menu.
                file.inclusion = InclusionLevel.NOT_IN_NAV
            files.append(file)
        # The handbook's styles and scripts: ours replace a copy the site's docs/ may hold at
        # the same address, since the pages and their scripts change together.
        for generated in assets.files():
            existing = files.get_file_from_path(generated.src_uri)
            if existing is not None:
                files.remove(existing)
            files.append(File.generated(config, generated.src_uri, content=generated.content))
        if self.config.search:
            for generated in site_search.files(self._start_here(config)):
                file = File.generated(config, generated.src_uri, content=generated.content)
                file.inclusion = InclusionLevel.NOT_IN_NAV
                files.append(file)
        return files

    # Say which organisation each page belongs to, for search results (Pagefind metadata), and
    # which pages are the site's own (docs/), not the handbook's.
    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if not self.config.search:
            return html
        if page.file.generated_by is None:
            return site_search.OWN_PAGE_MARKER + html
        slug = page.file.src_uri.split("/", 1)[0]
        loaded = next((p for p in self.handbook.site.policies if p.slug == slug), None)
        return html if loaded is None else site_search.organisation_marker(loaded.policy) + html

    def on_page_context(
        self, context: dict[str, Any], /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        if page.file.generated_by is not None:
            page.edit_url = self._edit_url(page.file.edit_uri, config)
        if self.own_nav:
            context["nav"] = _nav_for_page(nav, page)
        return context

    def _edit_url(self, source: str | None, config: MkDocsConfig) -> str | None:
        """Where a generated page's pencil leads: its organisation's YAML in the repository
        (`edit_url_template`, or `repo_url` with `edit_uri`), or nowhere. Never a link that
        would 404: without a repository there is nothing to edit online. Percent-encoded
        because the theme writes edit_url into an href unescaped."""
        if not source or not source.startswith(f"{self.config.policies_dir}/"):
            return None  # made from no one file (the home page, the pages across organisations)
        template = self.config.edit_url_template
        if template:
            return template.format(path=quote(source))
        if not config.repo_url or not config.edit_uri or config.edit_uri.startswith(("?", "#")):
            return None
        # edit_uri leads to docs/ (MkDocs' default for GitHub: edit/master/docs/); the
        # policies sit beside docs/, so the path is taken from the repository's top.
        root = Path(config.config_file_path).parent.resolve()
        docs = Path(config.docs_dir).resolve()
        docs = docs.relative_to(root).as_posix() if docs.is_relative_to(root) else "."
        prefix = config.edit_uri.rstrip("/")
        if docs != "." and (prefix == docs or prefix.endswith(f"/{docs}")):
            prefix = prefix[: -len(docs)].rstrip("/")
        base = config.repo_url.rstrip("/") + "/"
        return urljoin(base, f"{prefix}/{quote(source)}" if prefix else quote(source))

    # Under `serve`, put the current problem at the top of every page.
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        return output if self.error is None else serve_error.with_banner(output, self.error)

    # Rebuild when policies or calendar inputs change under `mkdocs serve`.
    def on_serve(self, server, /, *, config: MkDocsConfig, builder):
        for folder in (self.handbook.options.policies_dir, self.handbook.options.calendar_dir):
            if folder.is_dir():
                server.watch(str(folder))
        return server

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._remove_snippet_dir()
        if self.config.search:
            # After every build, `serve`'s rebuilds included: about a second at 200 organisations.
            try:
                indexed = site_search.index_site(Path(config.site_dir), config.use_directory_urls)
            except site_search.SearchError as error:
                raise PluginError(str(error)) from None
            log.info(f"search: indexed {indexed.pages} pages ({indexed.bytes:,} bytes of index)")

    def on_build_error(self, *, error: Exception) -> None:
        self._remove_snippet_dir()

    def _remove_snippet_dir(self) -> None:
        if self.snippet_dir is not None:
            shutil.rmtree(self.snippet_dir, ignore_errors=True)
            self.snippet_dir = None


def _nav_uris(nav: Any) -> set[str]:
    """Every page source a hand-written nav lists."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return set().union(*(_nav_uris(value) for value in nav.values()))
    if isinstance(nav, list):
        return set().union(*(_nav_uris(item) for item in nav))
    return set()


def _first_page_link(organisation: Any) -> Any:
    """An organisation's menu entry as one link, named for it, to its first page (the policy)."""
    if not isinstance(organisation, Section):
        return organisation
    first = next((p for p in organisation.children if isinstance(p, Page)), None)
    return organisation if first is None else Link(organisation.title, first.url)


def _nav_for_page(nav: Navigation, page: Page) -> Navigation:
    """The navigation as `page` shows it: its own organisation's pages, not every organisation's.

    Every page used to carry every organisation's entry (137 KB a page at 200 organisations);
    the home page's table and search reach the others. The home page's menu lists each
    organisation as one link to its policy, so the menu on a phone names them too.
    """
    section = next((item for item in nav.items if item.title == pages.ORGANISATIONS_SECTION), None)
    if not isinstance(section, Section):
        return nav
    own = page.parent if page.parent in section.children else None
    items = []
    for item in nav.items:
        if item is not section:
            items.append(item)
        elif own is not None:
            slim = copy.copy(section)
            slim.children = [own]
            items.append(slim)
        elif page.is_homepage:
            listed = copy.copy(section)
            listed.children = [_first_page_link(organisation) for organisation in section.children]
            items.append(listed)
    slim_nav = copy.copy(nav)
    slim_nav.items = items
    return slim_nav
