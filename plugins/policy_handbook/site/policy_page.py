"""`<slug>/index.md`: an organisation's whole policy, one heading per section so search lands on
the rule, with its key facts, roles, profile, house rules, channels and kinds of post.

No MkDocs import here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from markupsafe import Markup

from .. import pages
from ..policy import reply_text
from ..policy.facts import cycle_words
from ..policy.fields import AUDIENCE_WORDS, CHANNEL_KIND_WORDS, LANGUAGE_WORDS
from ..policy.house_rules import LISTS, Action, HouseRules, Part, Rule
from ..policy.model import Channel, ContentType, Policy
from ..text import safe
from ..views import contact_lines
from ..views.organisation import (
    channel_address,
    overdue_text,
    planned_hours,
    stated_hours,
    target_words,
)
from .block_html import blocks_for, stacked_table, wrap
from .templating import RenderContext, render

E = safe.text  # plain text inside our elements
MD = safe.markdown_inline  # a short piece of the policy's Markdown inside our elements


def policy_page(policy: Policy, context: RenderContext) -> str:
    """The organisation's whole policy: one heading per section so search lands on the rule."""
    registry = context.registry
    here = registry.uri(pages.POLICY, policy.slug)
    overdue = policy.is_overdue(context.today)
    blocks = blocks_for(policy, context, here)

    see_also = [
        pages.PageLink(link.title, pages.relative(here, link.uri))
        for link in registry.organisation_pages(policy)
        if link.uri != here
    ]
    return render(
        "policy.md.j2",
        policy=policy,
        overdue=overdue,
        overdue_by=overdue_text(policy.facts.next_review.last_day, context.today)
        if overdue
        else "",
        glance=at_a_glance(policy, overdue),
        languages=_section_languages(policy.sections),
        contacts=contacts(policy),
        posting_hours=posting_hours(policy),
        roles=roles(policy),
        profile=profile(policy),
        house_rules=house_rules(policy.house_rules) if policy.house_rules else "",
        channels=channels_table(policy) if policy.channels else "",
        kinds_of_post=kinds_of_post(
            policy, {kind.id: _scheduled(kind, policy) for kind in policy.content_types}
        )
        if policy.content_types
        else "",
        blocks=blocks,
        org_pages=see_also,
    )


def _scheduled(kind: ContentType, policy: Policy) -> bool:
    """Whether posts of this kind go into the posting calendar (on a channel with a target)."""
    channels = kind.channels or list(policy.channels)
    return any(policy.channels[c].target for c in channels if c in policy.channels)


NOT_STATED = Markup('<span class="handbook-not-stated">Not stated in the policy</span>')


def _date_rows(policy: Policy, overdue: bool) -> list[tuple[str, str]]:
    """Adoption and review, as the policy states them: nothing is filled in where it is silent."""
    facts = policy.facts
    rows: list[tuple[str, str]] = []
    if facts.version:
        rows.append(("Version", E(facts.version)))
    adopted = E(facts.adopted.display()) if facts.adopted else NOT_STATED
    if facts.adopted_by:
        adopted += Markup(" by ") + E(facts.adopted_by)
    rows.append(("Adopted", adopted))
    if facts.published:
        rows.append(("Published on the web", E(facts.published.display())))
    if facts.last_reviewed:
        rows.append(("Last reviewed", E(facts.last_reviewed.display())))
    due = facts.next_review
    if due is None:
        cycle = f" (reviewed {cycle_words(facts.review_every)})" if facts.review_every else ""
        rows.append(
            (
                "Review due",
                NOT_STATED
                + E(cycle)
                + Markup(
                    ' <small class="handbook-hint">Policy owner: add <code>review_due</code>, '
                    "or <code>review_every</code> with <code>last_reviewed</code>, to the "
                    "policy file.</small>"
                ),
            )
        )
    else:
        basis = f" ({facts.review_basis})" if facts.review_basis else ""
        flag = Markup(" (<strong>overdue</strong>)") if overdue else ""
        rows.append(("Review due", E(due.display() + basis) + flag))
    return rows


def _facts(rows: list[tuple[str, str]], kind: str) -> Markup:
    body = "".join(f"<dt>{term}</dt><dd>{value}</dd>" for term, value in rows)
    return wrap(f"<dl>{body}</dl>", kind) if rows else Markup("")


def _section_languages(sections: list) -> dict[str, str]:
    """Section id -> language, for sections not in English: the theme marks their entries in
    the page's contents list with it (site/theme/partials/toc-item.html)."""
    found: dict[str, str] = {}
    for section in sections:
        if section.language and section.language != "en":
            found[section.id] = section.language
        found.update(_section_languages(section.sections))
    return found


def at_a_glance(policy: Policy, overdue: bool) -> Markup:
    """The policy's key facts as a description list."""
    rows = _date_rows(policy, overdue)
    if policy.organisation.part_of:
        rows.append(("Part of", E(policy.organisation.part_of)))
    return _facts(rows, "at-a-glance")


def posting_hours(policy: Policy) -> Markup:
    """When the accounts are watched and replies come (the policy's words) and when posts are
    planned (the handbook's), under a heading of its own so "hours" and "weekend" find it."""
    watched, replies = stated_hours(policy)
    rows = [("When we are watching", MD(text)) for text in watched]
    rows += [("When we reply", MD(text)) for text in replies]
    if any(channel.target for channel in policy.channels.values()):
        rows.append(("Planned posting hours", planned_hours(policy)))
    return _facts(rows, "posting-hours")


def contacts(policy: Policy) -> Markup:
    """How to reach the organisation, under a heading of its own so "phone" finds it."""
    contacts = policy.contacts
    rows: list[tuple[str, str]] = []
    if contacts.purpose:
        rows.append(("What these are for", MD(contacts.purpose)))
    if contacts.phone:
        rows.append(("Phone", E(contacts.phone)))
    if contacts.email:
        rows.append(("Email", f'<a href="mailto:{E(contacts.email)}">{E(contacts.email)}</a>'))
    if contacts.web:
        rows.append(("Web", f'<a href="{safe.href(contacts.web)}">{E(contacts.web)}</a>'))
    rows += [("Note", MD(note)) for note in contacts.notes]
    rows += [(E(other.name), contact_lines.about(other)) for other in contacts.others]
    return _facts(rows, "contacts")


def roles(policy: Policy) -> Markup:
    """Who does what: each role's name, then its responsibilities as a list."""
    parts = []
    for role in policy.roles:
        least = f" (at least {role.minimum_people})" if role.minimum_people else ""
        parts.append(f"<p><strong>{E(role.name)}</strong>{least}</p>")
        if role.responsibilities:
            parts.append(
                "<ul>" + "".join(f"<li>{MD(r.text)}</li>" for r in role.responsibilities) + "</ul>"
            )
    return wrap("".join(parts), "roles")


def profile(policy: Policy) -> Markup:
    """What the policy prescribes for the accounts' profile text and picture, with the text's
    length against each platform's bio limit."""
    org = policy.organisation
    parts = []
    if org.profile_text:
        parts.append(
            "<p><strong>Profile text</strong></p>"
            f"<blockquote><p>{E(org.profile_text)}</p></blockquote>"
        )
        fits = [f"<li>{E(line)}</li>" for line in reply_text.profile_fits(org.profile_text, policy)]
        if fits:
            parts.append('<ul class="handbook-lengths">' + "".join(fits) + "</ul>")
    if org.profile_picture:
        parts.append(f"<p><strong>Profile picture:</strong> {MD(org.profile_picture)}</p>")
        if _POINTS_AT_A_PICTURE.search(org.profile_picture):
            # "The SENDIASS Logo (as shown above)": above, on this page, is nothing.
            parts.append(
                '<p class="handbook-hint">The policy document shows the picture beside these '
                "words; this handbook does not have the image. Ask the policy owner for it.</p>"
            )
    return wrap("".join(parts), "profile") if parts else Markup("")


_POINTS_AT_A_PICTURE = re.compile(r"\b(as shown|shown (above|below)|see (above|below))\b", re.I)


def _house_rule_item(item: Rule | Action | str) -> str:
    if isinstance(item, str):
        return f"<li>{MD(item)}</li>"
    label = f"<strong>{E(item.label)}:</strong> " if item.label else ""
    return f"<li>{label}{MD(item.text)}</li>"


def _house_rule_lists(lists: Part | HouseRules, labelled: bool) -> str:
    """Each list in the author's order, under the handbook's label unless the part's own
    heading or lead-in already says what its one list is."""
    parts = []
    for name, items in lists.lists():
        label = f"<p><strong>{LISTS[name]}</strong></p>" if labelled else ""
        parts.append(label + "<ul>" + "".join(map(_house_rule_item, items)) + "</ul>")
    return "".join(parts)


def house_rules(rules: HouseRules) -> Markup:
    """The house rules in the document's order: its intro, its lists (each under the
    handbook's label), then its own parts, each under its own heading."""
    parts = []
    if rules.intro:
        parts.append(str(safe.markdown_block(rules.intro)))
    parts.append(_house_rule_lists(rules, labelled=True))
    for index, part in enumerate(rules.parts, start=1):
        if part.heading:
            parts.append(f'<h3 id="house-rules-{index}">{E(part.heading)}</h3>')
        if part.intro:
            parts.append(str(safe.markdown_block(part.intro)))
        several = sum(1 for _ in part.lists()) > 1
        parts.append(_house_rule_lists(part, labelled=several or not (part.heading or part.intro)))
    return wrap("".join(parts), "house-rules")


def kinds_of_post(policy: Policy, scheduled: Mapping[str, bool]) -> Markup:
    """Every kind of post the policy names, with its guidance and channels, as one table."""
    rows = []
    for kind in policy.content_types:
        names = [policy.channels[c].name for c in kind.channels if c in policy.channels]
        where = ", ".join(names) if names else "Any channel"
        if scheduled[kind.id]:
            where += " (in the posting calendar)"
        rows.append([E(kind.name), _kind_guidance(kind, policy), E(where)])
    columns = ["Kind", "Guidance", "Channels"]
    return stacked_table(columns, columns, rows)


def _kind_guidance(kind: ContentType, policy: Policy) -> Markup:
    """The general guidance, then each channel's own ("On Facebook page/group: …")."""
    parts = [MD(kind.guidance)] if kind.guidance else []
    for channel_id, text in kind.guidance_by_channel.items():
        channel = policy.channels.get(channel_id)
        name = channel.name if channel else channel_id
        parts.append(Markup(f"<strong>On {E(name)}:</strong> {MD(text)}"))
    return Markup("<br>").join(parts)


def _target_cell(channel: Channel) -> Markup:
    """The target in words, with the policy's own wording under it when it gives one."""
    cell = E(target_words(channel))
    if channel.target and channel.target.as_written:
        cell += Markup(f"<br><small>The policy says: “{MD(channel.target.as_written)}”</small>")
    return cell


def channels_table(policy: Policy) -> Markup:
    """Each channel: its name, kind and audience in words, posting target and address."""
    with_address = any(channel.address for channel in policy.channels.values())
    # A column for languages only where the policy says what any channel posts in.
    with_languages = any(channel.languages for channel in policy.channels.values())
    columns = ["Channel", "Kind", "Who can see it", "Posting target"]
    columns += ["Posts in"] if with_languages else []
    columns += ["Address"] if with_address else []
    rows = []
    for channel in policy.channels.values():
        cells = [
            E(channel.name),
            E(CHANNEL_KIND_WORDS[channel.kind]),
            E(AUDIENCE_WORDS[channel.audience]),
            _target_cell(channel),
        ]
        if with_languages:
            words = [LANGUAGE_WORDS[code] for code in channel.languages]
            cells.append(E(" and ".join(words) if words else "Not stated in the policy"))
        if with_address:
            cells.append(channel_address(channel))
        rows.append(cells)
    return stacked_table(columns, columns, rows)
