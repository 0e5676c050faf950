"""Every file a build adds to the site, made from a loaded `Handbook`: pages, snippets, CSV files,
the policies' YAML and the posting calendar's pages and feeds.

No MkDocs import here: the plugin only hands these to MkDocs.
"""

from __future__ import annotations

from functools import partial

from . import follow_pages, render, reply_pages, situation_pages
from .. import pages
from ..handbook import Handbook
from ..policy.loader import LoadedPolicy
from ..policy.model import Policy
from ..pages import GeneratedFile


def generate(handbook: Handbook) -> list[GeneratedFile]:
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


def page_files(handbook: Handbook) -> list[GeneratedFile]:
    """The home page, each organisation's pages and files, and the pages across organisations.

    Each organisation's pages, and the pages across organisations, come from the cache when
    nothing that shapes them has changed (Handbook.reuse).
    """
    registry = handbook.registry
    context = render.RenderContext(today=handbook.today, registry=registry)
    policies = [loaded.policy for loaded in handbook.site.policies]
    home, *across = handbook.reuse(
        "_site", handbook.site_key(), partial(_site_pages, policies, context)
    )
    files = [home]
    for loaded in handbook.site.policies:
        made = partial(_organisation_pages, loaded, context)
        files += handbook.reuse(loaded.slug, handbook.key_for(loaded), made)
    return files + across


def _organisation_pages(loaded: LoadedPolicy, context: render.RenderContext) -> list[GeneratedFile]:
    registry = context.registry
    policy, slug, source = loaded.policy, loaded.slug, loaded.path.name
    uri = registry.uri(pages.POLICY, slug)
    files = [GeneratedFile(uri, render.policy_page(policy, context), source)]
    uri = registry.uri(pages.WHAT_TO_DO, slug)
    files.append(GeneratedFile(uri, situation_pages.organisation_page(policy, context), source))
    uri = registry.uri(pages.CARD, slug)
    files.append(GeneratedFile(uri, situation_pages.card_page(policy, context), source))
    # The YAML itself, published beside the pages made from it.
    files.append(GeneratedFile(f"{slug}/{source}", loaded.source))
    if registry.has(pages.REPLIES, policy):
        uri = registry.uri(pages.REPLIES, slug)
        files.append(GeneratedFile(uri, reply_pages.organisation_page(policy), source))
        files += [GeneratedFile(u, data) for u, data in reply_pages.snippets(policy).items()]
    if registry.has(pages.FOLLOW, policy):
        uri = registry.uri(pages.FOLLOW, slug)
        files.append(GeneratedFile(uri, follow_pages.organisation_page(policy), source))
        csv = follow_pages.csv_bytes(policy)
        files.append(GeneratedFile(f"{slug}/follow.csv", csv))
    return files


def _site_pages(policies: list[Policy], context: render.RenderContext) -> list[GeneratedFile]:
    """The home page first, then the pages across organisations."""
    registry = context.registry
    files = [GeneratedFile(pages.HOME.file, render.home_page(policies, context))]
    files.append(GeneratedFile(pages.ALL_WHAT_TO_DO.file, situation_pages.site_page(policies)))
    files.append(GeneratedFile(pages.ALL_TOPICS.file, situation_pages.topics_page(policies)))
    if registry.on(pages.ALL_REPLIES):
        files.append(GeneratedFile(pages.ALL_REPLIES.file, reply_pages.site_page(policies)))
    if registry.on(pages.ALL_FOLLOW):
        files.append(GeneratedFile(pages.ALL_FOLLOW.file, follow_pages.site_page(policies)))
    return files
