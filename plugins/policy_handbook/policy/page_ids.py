"""The element ids the handbook's own pages use, in one place; no id a policy gives may take one.

A policy's section ids, reply ids and follow-kind ids become element ids (link anchors) on its
pages. One the page already uses is a duplicate: invalid HTML, a link that lands on the wrong
element, and this-week.js (which runs on every page) finding a policy heading where it looks
for the plan and throwing. tests/test_page_ids.py reads every id the templates, theme overrides
and scripts write or look up and fails when one is missing here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .. import pages
from .content import Section
from .model import Policy
from .situations import guides

# On every page: the search box in the header (site/theme/partials/header.html), and the
# elements site/assets/this-week.js looks up by id (an extra_javascript: on every page).
EVERY_PAGE = {
    "handbook-header-search": "the search box in every page's header",
    "handbook-this-week": 'the "This week" plan, which this-week.js looks for on every page',
    "handbook-plan": 'the "This week" plan\'s data, which this-week.js looks for on every page',
}

# The ids each template writes itself (plugins/policy_handbook/site/templates/).
TEMPLATE_IDS: dict[str, dict[str, str]] = {
    "policy.md.j2": {
        "at-a-glance": 'the "At a glance" heading',
        "contacts": 'the "Contacts" heading',
        "posting-hours": 'the "Posting hours" heading',
        "channels": 'the "Channels" heading',
        "profile": 'the "Profile" heading',
        "kinds-of-post": 'the "Kinds of post" heading',
        "roles": 'the "Roles" heading',
        "house-rules": 'the "House rules for the public" heading',
    },
    "follow.md.j2": {"kinds-to-follow": 'the "Kinds of account to follow" heading'},
    "card.md.j2": {
        "contacts": 'the card\'s "Contacts" heading',
        "posting": 'the card\'s "Posting" heading',
        "replies-to-copy": 'the card\'s "Replies to copy" heading',
        "what-to-do": 'the card\'s "What to do" heading',
        "review": 'the card\'s "Review" heading',
        "hours": 'the card\'s "Watching and replying" heading',
    },
    "home.md.j2": {"organisations": 'the home page\'s "Organisations" heading'},
    "search.md.j2": {
        "handbook-search": "the search form",
        "handbook-search-hint": "the search hint",
        "handbook-search-query": "the search box",
        "handbook-search-status": "the search status line",
        "handbook-search-results": "the search results",
        "handbook-search-none": "the pages offered when a search finds nothing",
        "handbook-synonyms": "the search synonyms",
    },
    "this_week.md.j2": {
        "handbook-this-week": EVERY_PAGE["handbook-this-week"],
        "handbook-plan": EVERY_PAGE["handbook-plan"],
    },
}

# The theme overrides' own ids (site/theme/), besides the header's in EVERY_PAGE.
OVERRIDE_IDS = {
    "404.html": {
        "handbook-404-search": "the search box on the page-not-found page",
        "organisations": 'the "Organisations" heading on the page-not-found page',
    },
}

# "What to do when…" (situations.md.j2) heads a situation's steps "<situation>--<id>", with the
# id of the section or reply, and its last headings "<situation>--tell" and "--contacts".
SITUATION_STEP_IDS = {
    "tell": 'its "Who to tell" heading',
    "house-rules": 'its "what the house rules say" step',
    "contacts": 'its "Contacts for this" heading',
}


def reserved(template: str) -> dict[str, str]:
    """The ids on a page made from `template` that the policy cannot use: id -> what it is."""
    return {**EVERY_PAGE, **TEMPLATE_IDS.get(template, {})}


Found = Iterator[tuple[tuple[str | int, ...], str]]
SectionsFound = Iterable[tuple[tuple[str | int, ...], Section]]


def _suggest(taken: str, used: set[str]) -> str:
    for candidate in (f"our-{taken}", f"{taken}-section", f"{taken}-2"):
        if candidate not in used and all(candidate not in ids for ids in _ALL):
            return candidate
    return f"{taken}-{len(used) + 3}"


_ALL = (EVERY_PAGE, *TEMPLATE_IDS.values(), SITUATION_STEP_IDS)


def _clash(value: str, what: str, page: str, thing: str, used: set[str]) -> str:
    return (
        f'"{value}" is an id the {page} page itself uses ({what}); two elements on a page '
        f'cannot share an id: give the {thing} another id, such as "{_suggest(value, used)}"'
    )


def problems(policy: Policy, sections: SectionsFound) -> Found:
    """Ids from the policy that its pages already use, each at its field."""
    sections = list(sections)
    section_ids = {section.id for _, section in sections}
    taken = reserved("policy.md.j2")
    if policy.house_rules:
        # The house rules' own parts are headed "house-rules-1", "house-rules-2"… in order.
        for number, part in enumerate(policy.house_rules.parts, start=1):
            if part.heading:
                taken = {**taken, f"house-rules-{number}": f'the house rules\' "{part.heading}"'}
    for path, section in sections:
        if section.id in taken:
            what = taken[section.id]
            yield (*path, "id"), _clash(section.id, what, "policy", "section", section_ids)
    reply_ids = {reply.id for reply in policy.replies}
    taken = reserved("replies.md.j2")
    for index, reply in enumerate(policy.replies):
        if reply.id in taken:
            page = f'"{pages.REPLIES.title}"'
            what = taken[reply.id]
            yield ("replies", index, "id"), _clash(reply.id, what, page, "reply", reply_ids)
    if policy.follow:
        kind_ids = {kind.id for kind in policy.follow.kinds}
        taken = reserved("follow.md.j2")
        for index, kind in enumerate(policy.follow.kinds):
            if kind.id in taken:
                page = f'"{pages.FOLLOW.title}"'
                yield (
                    ("follow", "kinds", index, "id"),
                    _clash(kind.id, taken[kind.id], page, "kind", kind_ids),
                )
    yield from _situation_steps(policy, sections, section_ids | reply_ids)


def _situation_steps(policy: Policy, sections: list, used: set[str]) -> Found:
    """On "What to do when…" a situation's steps are headed "<situation>--<id>": a section and
    a reply of one situation with the same id, or the id "tell", would repeat a heading's id."""
    section_paths = {id(section): path for path, section in sections}
    reply_paths = {reply.id: ("replies", index) for index, reply in enumerate(policy.replies)}
    page = f'"{pages.WHAT_TO_DO.title}"'
    reported: set[tuple] = set()
    for guide in guides(policy):
        sid = guide.situation.id
        steps = [(section_paths[id(s)], s.id, "section") for s in guide.sections]
        steps += [(reply_paths[r.id], r.id, "reply") for r in guide.replies]
        seen: dict[str, str] = {}
        for path, value, thing in steps:
            where = (*path, "id")
            if where in reported:
                continue
            if value in SITUATION_STEP_IDS:
                reported.add(where)
                what = f'{SITUATION_STEP_IDS[value]}, "{sid}--{value}"'
                yield where, _clash(value, what, page, thing, used)
            elif value in seen:
                reported.add(where)
                yield (
                    where,
                    f'"{value}" is also the id of a {seen[value]} that the {page} page shows '
                    f'under "{guide.situation.title}", where both would be headed "{sid}--{value}"'
                    f'; give the {thing} another id, such as "{_suggest(value, used)}"',
                )
            seen.setdefault(value, thing)
