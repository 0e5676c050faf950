"""Every file a build adds to the site, made from a loaded `Handbook`: pages, snippets, CSV files,
the policies' YAML and the posting calendar's pages and feeds.

The one place that calls each page kind's module; the page modules never call each other.
No MkDocs import here: the plugin only hands these to MkDocs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from functools import partial
from typing import Protocol

from .. import pages
from ..pages import GeneratedFile
from ..policy.loader import LoadedPolicy, LoadedSite
from ..policy.model import Policy
from . import (
    card_page,
    follow_pages,
    home_page,
    policy_page,
    replies_pages,
    topics_page,
    what_to_do_pages,
)
from .templating import RenderContext


class Build(Protocol):
    """What this module reads of a loaded `handbook.Handbook` (which sits above the site floor
    and calls it, so it is described here rather than imported)."""

    today: dt.date
    site: LoadedSite
    calendar_files: list[GeneratedFile]
    page_files: list[GeneratedFile] | None

    @property
    def registry(self) -> pages.Registry: ...

    def key_for(self, loaded: LoadedPolicy) -> str: ...

    def site_key(self) -> str: ...

    def reuse(
        self, name: str, key: str, make: Callable[[], Sequence[GeneratedFile]]
    ) -> tuple[GeneratedFile, ...]: ...


def generate(handbook: Build) -> list[GeneratedFile]:
    """The site's generated files, in a fixed order (so builds are byte-identical): the pages
    (made while the handbook loaded, if it was given `page_files`), then the posting calendar's."""
    made = handbook.page_files
    files = list(made) if made is not None else page_files(handbook)
    sources = {loaded.slug: loaded.path.name for loaded in handbook.site.policies}
    for generated in handbook.calendar_files:
        slug = generated.src_uri.split("/", 1)[0]
        edit = sources.get(slug) if generated.src_uri.endswith(".md") else None
        files.append(GeneratedFile(generated.src_uri, generated.content, edit))
    return files


def page_files(handbook: Build) -> list[GeneratedFile]:
    """The home page, each organisation's pages and files, and the pages across organisations.

    Each organisation's pages, and the pages across organisations, come from the cache when
    nothing that shapes them has changed (Handbook.reuse).
    """
    registry = handbook.registry
    context = RenderContext(today=handbook.today, registry=registry)
    policies = [loaded.policy for loaded in handbook.site.policies]
    home, *across = handbook.reuse(
        "_site", handbook.site_key(), partial(_site_pages, policies, context)
    )
    files = [home]
    for loaded in handbook.site.policies:
        made = partial(_organisation_pages, loaded, context)
        files += handbook.reuse(loaded.slug, handbook.key_for(loaded), made)
    return files + across


def _organisation_pages(loaded: LoadedPolicy, context: RenderContext) -> list[GeneratedFile]:
    registry = context.registry
    policy, slug, source = loaded.policy, loaded.slug, loaded.path.name
    uri = registry.uri(pages.POLICY, slug)
    files = [GeneratedFile(uri, policy_page.policy_page(policy, context), source)]
    uri = registry.uri(pages.WHAT_TO_DO, slug)
    files.append(GeneratedFile(uri, what_to_do_pages.organisation_page(policy, context), source))
    uri = registry.uri(pages.CARD, slug)
    files.append(GeneratedFile(uri, card_page.card_page(policy, context), source))
    # The YAML itself, published beside the pages made from it.
    files.append(GeneratedFile(f"{slug}/{source}", loaded.source))
    if registry.has(pages.REPLIES, policy):
        uri = registry.uri(pages.REPLIES, slug)
        files.append(GeneratedFile(uri, replies_pages.organisation_page(policy), source))
        files += [GeneratedFile(u, data) for u, data in replies_pages.snippets(policy).items()]
    if registry.has(pages.FOLLOW, policy):
        uri = registry.uri(pages.FOLLOW, slug)
        files.append(GeneratedFile(uri, follow_pages.organisation_page(policy), source))
        # No empty export: a file with nothing but column names helps no one.
        if any(kind.accounts for kind in policy.follow.kinds):
            csv = follow_pages.csv_bytes(policy)
            files.append(GeneratedFile(f"{slug}/follow.csv", csv))
    return files


def _site_pages(policies: list[Policy], context: RenderContext) -> list[GeneratedFile]:
    """The home page first, then the pages across organisations."""
    registry = context.registry
    files = [GeneratedFile(pages.HOME.file, home_page.home_page(policies, context))]
    files.append(GeneratedFile(pages.ALL_WHAT_TO_DO.file, what_to_do_pages.site_page(policies)))
    files.append(GeneratedFile(pages.ALL_TOPICS.file, topics_page.topics_page(policies)))
    if registry.on(pages.ALL_REPLIES):
        files.append(GeneratedFile(pages.ALL_REPLIES.file, replies_pages.site_page(policies)))
    if registry.on(pages.ALL_FOLLOW):
        files.append(GeneratedFile(pages.ALL_FOLLOW.file, follow_pages.site_page(policies)))
    return files
