"""The registry of page kinds: every page the handbook makes, with its title and address.

The navigation, the generated files, the templates' cross-links and the command line all read
titles and URIs from here, so a page is named in one place. No MkDocs import here.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# The parts of the handbook that can be switched off (the policy pages are always on).
FEATURES = ("replies", "follow", "calendar")


@dataclass(frozen=True)
class PageKind:
    """A page every organisation (or the site) may have."""

    key: str
    title: str  # as the navigation and cross-links name it
    file: str  # its Markdown file: under <slug>/ for an organisation's page
    feature: str | None = None  # the switch that turns it on; None: always on
    # Whether an organisation has the page, given its Policy (typed Any: this module sits below
    # the model, so that every floor, the policy checks included, can name a page).
    applies: Callable[[Any], bool] = lambda policy: True


@dataclass(frozen=True)
class GeneratedFile:
    """A file the build adds to the site: a Markdown page, a feed, a snippet, a CSV…"""

    src_uri: str
    # Markdown for pages, bytes for feeds; a feed refused part-made is feeds.limit.Oversized.
    content: str | bytes | Any
    policy_file: str | None = None  # the policy it comes from, for the page's edit link


@dataclass(frozen=True)
class PageLink:
    title: str
    uri: str  # a Markdown source path, e.g. "bwdpip/replies.md"


def _has_targets(policy: Any) -> bool:
    return any(channel.target for channel in policy.channels.values())


POLICY = PageKind("policy", "Policy", "index.md")
REPLIES = PageKind("replies", "Canned replies", "replies.md", "replies", lambda p: bool(p.replies))
FOLLOW = PageKind("follow", "Who we follow", "follow.md", "follow", lambda p: p.follow is not None)
CALENDAR = PageKind("calendar", "Posting calendar", "calendar.md", "calendar", _has_targets)
# What to post today and the rest of the week: near the top of every organisation's pages.
THIS_WEEK = PageKind("this-week", "This week", "this-week.md", "calendar", _has_targets)
# Help in the moment: the situations staff meet, answered from the policy (always on).
WHAT_TO_DO = PageKind("what-to-do", "What to do when…", "what-to-do.md")
# One page to print and pin up by the desk.
CARD = PageKind("card", "Quick-reference card", "card.md")
ORGANISATION_PAGES = (POLICY, WHAT_TO_DO, THIS_WEEK, REPLIES, FOLLOW, CALENDAR, CARD)

HOME = PageKind("home", "Home", "index.md")
ALL_WHAT_TO_DO = PageKind("all-what-to-do", "What to do when…", "what-to-do.md")
ALL_REPLIES = PageKind("all-replies", "Canned replies by situation", "replies.md", "replies")
ALL_FOLLOW = PageKind("all-follow", "Who each organisation follows", "follow.md", "follow")
ALL_CALENDARS = PageKind("all-calendars", "Posting calendars", "calendars.md", "calendar")
ALL_TOPICS = PageKind("all-topics", "Policies by topic", "topics.md")
SITE_PAGES = (ALL_WHAT_TO_DO, ALL_REPLIES, ALL_FOLLOW, ALL_CALENDARS, ALL_TOPICS)

KINDS = {kind.key: kind for kind in (*ORGANISATION_PAGES, HOME, *SITE_PAGES)}


def uri_of(key: str, slug: str | None = None) -> str:
    """The source path of a page kind, e.g. uri_of("replies", "bwdpip") == "bwdpip/replies.md"."""
    kind = KINDS[key]
    return f"{slug}/{kind.file}" if slug else kind.file


# Section titles in the navigation.
ORGANISATIONS_SECTION = "Organisations"
ALL_ORGANISATIONS_SECTION = "All organisations"


@dataclass(frozen=True)
class Registry:
    """Which pages this build makes, given the features switched on."""

    features: frozenset[str] = frozenset(FEATURES)

    def on(self, kind: PageKind) -> bool:
        return kind.feature is None or kind.feature in self.features

    def uri(self, kind: PageKind, slug: str | None = None) -> str:
        return uri_of(kind.key, slug)

    def organisation_pages(self, policy: Any) -> list[PageLink]:
        """The organisation's pages, its policy first, in navigation order."""
        return [
            PageLink(kind.title, self.uri(kind, policy.slug))
            for kind in ORGANISATION_PAGES
            if self.on(kind) and kind.applies(policy)
        ]

    def has(self, kind: PageKind, policy: Any) -> bool:
        return self.on(kind) and kind.applies(policy)

    def site_pages(self) -> list[PageLink]:
        return [PageLink(kind.title, kind.file) for kind in SITE_PAGES if self.on(kind)]


def relative(from_uri: str, to_uri: str) -> str:
    """A Markdown link from one page source to another (MkDocs turns it into a URL)."""
    target, _, anchor = to_uri.partition("#")
    path = posixpath.relpath(target, posixpath.dirname(from_uri) or ".")
    return f"{path}#{anchor}" if anchor else path


# Addresses the site itself uses at its top level; an organisation's slug is its folder.
SITE_ADDRESSES = frozenset(
    {
        "404",
        "assets",
        "calendar",
        "calendars",
        "follow",
        "index",
        "javascripts",
        "pagefind",
        "policies",
        "replies",
        "search",
        "site",
        "sitemap",
        "stylesheets",
    }
)


def site_addresses() -> frozenset[str]:
    """Names an organisation's slug cannot take: the site's own folders and pages."""
    return SITE_ADDRESSES | {kind.file.split(".", 1)[0] for kind in SITE_PAGES}
