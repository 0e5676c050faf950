"""A policy's blocks (paragraphs, lists, tables, quotes…) as HTML, through the `safe` boundary.

Each block becomes one line of HTML in its own `div`: the site's Markdown then keeps it as a
raw block and never reads inside it, so no Markdown extension can act on policy text.
No MkDocs import here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from markupsafe import Markup

from ..policy import reply_text as replies
from ..text import safe
from ..policy.facts import cycle_words
from ..policy.fields import AUDIENCE_WORDS, CHANNEL_KIND_WORDS
from ..policy.house_rules import HouseRules
from ..policy.model import Block, Channel, ContentType, ListItem, Policy

E = safe.text  # plain text inside our elements
MD = safe.markdown_inline  # a short piece of the policy's Markdown inside our elements


def _items(items: Iterable[ListItem], tag: str = "ul") -> str:
    """A list, with each item's nested bullets (`items`) or steps (`numbered`) inside it."""
    parts = []
    for item in items:
        nested = ""
        if item.items:
            nested = _items(item.items, "ul")
        elif item.numbered:
            nested = _items(item.numbered, "ol")
        parts.append(f"<li>{MD(item.text)}{nested}</li>")
    return f"<{tag}>{''.join(parts)}</{tag}>"


def _wrap(body: str, kind: str) -> Markup:
    return Markup(f'<div class="handbook-block handbook-{kind}">{body}</div>')


def block(
    b: Block,
    policy: Policy,
    filled: Mapping[str, str],
    replies_uri: str | None,
    root: str = "../",
) -> Markup:
    """One block as a single line of HTML; a quoted reply is its Copy buttons, with Markdown
    links to its text file and to the Canned replies page.

    `replies_uri` links a quoted reply to the Canned replies page, when the site has one;
    `root` leads from the page to the site's top (an organisation's pages are one folder in).
    `filled` is unused: kept for callers written before quoted replies had Copy buttons."""
    kind = b.kind
    if kind == "paragraph":
        return safe.markdown_block(b.paragraph)
    if kind == "list":
        return _wrap(_items(b.bullets), "list")
    if kind == "numbered":
        return _wrap(_items(b.numbered, "ol"), "numbered")
    if kind == "checklist":
        # Ticked on screen to work through the criteria; nothing is stored. Search (Pagefind)
        # indexes nothing inside a <label>, so each item's text is there once more for the
        # index only: hidden from sight and from screen readers.
        boxes = "".join(
            f'<li><label><input type="checkbox"> {MD(item)}</label>'
            f"<span hidden>{MD(item)}</span></li>"
            for item in b.checklist
        )
        return _wrap(f"<ul>{boxes}</ul>", "checklist")
    if kind == "quote":
        source = (
            f'<p class="handbook-quote-source">— {MD(b.quote.source)}</p>' if b.quote.source else ""
        )
        return _wrap(f"<blockquote>{safe.markdown_block(b.quote.text)}{source}</blockquote>", kind)
    if kind == "table":
        caption = f"<caption>{MD(b.table.caption)}</caption>" if b.table.caption else ""
        rows = [[MD(cell) for cell in row] for row in b.table.rows]
        return stacked_table([MD(h) for h in b.table.header], b.table.header, rows, caption)
    if kind == "definitions":
        pairs = "".join(f"<dt>{MD(d.term)}</dt><dd>{MD(d.definition)}</dd>" for d in b.definitions)
        return _wrap(f"<dl>{pairs}</dl>", kind)
    if kind == "note":
        return Markup(
            '<div class="admonition note"><p class="admonition-title">Editor&#39;s note</p>'
            f"{safe.markdown_block(b.note)}</div>"
        )
    # A canned reply's filled-in text as it will be sent, with its Copy buttons (reply_pages
    # imports this module, so it is imported here).
    from . import reply_pages

    reply = next(r for r in policy.replies if r.id == b.reply)
    return reply_pages.quoted(reply, policy, root, replies_uri)


def blocks(
    items: Iterable[Block],
    policy: Policy,
    filled: Mapping[str, str],
    replies_uri: str | None,
    root: str = "../",
) -> Markup:
    return Markup("\n\n".join(block(b, policy, filled, replies_uri, root) for b in items))


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


def at_a_glance(policy: Policy, overdue: bool) -> Markup:
    """The policy's key facts as a description list."""
    contacts, org = policy.contacts, policy.organisation
    rows = _date_rows(policy, overdue)
    if org.part_of:
        rows.append(("Part of", E(org.part_of)))
    if any(channel.target for channel in policy.channels.values()):
        rows.append(("Posting hours", E(policy.schedule.window.describe())))
    if contacts.phone:
        rows.append(("Phone", E(contacts.phone)))
    if contacts.email:
        rows.append(("Email", f'<a href="mailto:{E(contacts.email)}">{E(contacts.email)}</a>'))
    if contacts.web:
        rows.append(("Web", f'<a href="{safe.href(contacts.web)}">{E(contacts.web)}</a>'))
    rows += [("Note", MD(note)) for note in contacts.notes]
    body = "".join(f"<dt>{term}</dt><dd>{value}</dd>" for term, value in rows)
    return _wrap(f"<dl>{body}</dl>", "at-a-glance")


def roles(policy: Policy) -> Markup:
    """Who does what: each role's name, then its responsibilities as a list."""
    parts = []
    for role in policy.roles:
        least = f" (at least {role.minimum_people})" if role.minimum_people else ""
        parts.append(f"<p><strong>{E(role.name)}</strong>{least}</p>")
        if role.responsibilities:
            parts.append(
                "<ul>" + "".join(f"<li>{MD(r)}</li>" for r in role.responsibilities) + "</ul>"
            )
    return _wrap("".join(parts), "roles")


# Where a handle (@name) lives on each platform, to link it; other kinds show it as text.
_PROFILE_ADDRESS = {
    "twitter": "https://x.com/{}",
    "instagram": "https://www.instagram.com/{}",
    "facebook-page": "https://www.facebook.com/{}",
    "youtube": "https://www.youtube.com/@{}",
}
_HANDLE = re.compile(r"@?([A-Za-z0-9_.]{1,50})")


def channel_address(channel: Channel) -> Markup:
    """The account's address as a link: a web address as written, a handle on its platform."""
    address = channel.address
    if not address:
        return Markup("")
    if address.lower().startswith(("http://", "https://")):
        return Markup(f'<a href="{safe.href(address)}">{E(address)}</a>')
    match = _HANDLE.fullmatch(address)
    pattern = _PROFILE_ADDRESS.get(channel.kind)
    if match and pattern:
        url = pattern.format(match.group(1))
        return Markup(f'<a href="{safe.href(url)}">{E(address)}</a>')
    return E(address)


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
        fits = [f"<li>{E(line)}</li>" for line in replies.profile_fits(org.profile_text, policy)]
        if fits:
            parts.append('<ul class="handbook-lengths">' + "".join(fits) + "</ul>")
    if org.profile_picture:
        parts.append(f"<p><strong>Profile picture:</strong> {MD(org.profile_picture)}</p>")
    return _wrap("".join(parts), "profile") if parts else Markup("")


def house_rules(rules: HouseRules) -> Markup:
    """The house rules, each part under its own heading-like label (headings are the page's)."""

    def listed(items: list[str]) -> str:
        return "<ul>" + "".join(f"<li>{MD(item)}</li>" for item in items) + "</ul>"

    parts = []
    if rules.intro:
        parts.append(str(safe.markdown_block(rules.intro)))
    if rules.we_ask:
        parts.append("<p><strong>What we ask of you</strong></p>" + listed(rules.we_ask))
    if rules.we_will:
        actions = "".join(
            f"<li>{f'<strong>{E(a.label)}:</strong> ' if a.label else ''}{MD(a.text)}</li>"
            for a in rules.we_will
        )
        parts.append(f"<p><strong>What we will do</strong></p><ul>{actions}</ul>")
    if rules.monitoring:
        parts.append("<p><strong>When we are watching</strong></p>" + listed(rules.monitoring))
    if rules.response_times:
        parts.append("<p><strong>When we reply</strong></p>" + listed(rules.response_times))
    if rules.we_will_not_remove:
        parts.append(
            "<p><strong>What we will not remove</strong></p>" + listed(rules.we_will_not_remove)
        )
    return _wrap("".join(parts), "house-rules")


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


def _target(channel: Channel) -> str:
    target = channel.target
    if target is None:
        return "None set"
    words = f"At least {target.minimum.posts} a {target.minimum.per}"
    if target.optimum:
        words += f", ideally {target.optimum.posts} a {target.optimum.per}"
    if channel.window:
        words += f" ({channel.window.describe()})"
    return words


target_words = _target  # the card says it the same way


def _target_cell(channel: Channel) -> Markup:
    """The target in words, with the policy's own wording under it when it gives one."""
    cell = E(_target(channel))
    if channel.target and channel.target.as_written:
        cell += Markup(f"<br><small>The policy says: “{MD(channel.target.as_written)}”</small>")
    return cell


def channels_table(policy: Policy) -> Markup:
    """Each channel: its name, kind and audience in words, posting target and address."""
    with_address = any(channel.address for channel in policy.channels.values())
    columns = ["Channel", "Kind", "Who can see it", "Posting target"]
    columns += ["Address"] if with_address else []
    rows = []
    for channel in policy.channels.values():
        cells = [
            E(channel.name),
            E(CHANNEL_KIND_WORDS[channel.kind]),
            E(AUDIENCE_WORDS[channel.audience]),
            _target_cell(channel),
        ]
        if with_address:
            cells.append(channel_address(channel))
        rows.append(cells)
    return stacked_table(columns, columns, rows)


def stacked_table(head: list, labels: list[str], rows: list[list], caption: str = "") -> Markup:
    """A table that becomes one block per row on a phone (handbook.css), each cell labelled
    with its column, rather than scrolling sideways. `head` is HTML; `labels` plain text."""
    heads = "".join(f'<th scope="col">{h}</th>' for h in head)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td data-label="{E(label)}">{cell}</td>'
            for label, cell in zip(labels, row, strict=True)
        )
        + "</tr>"
        for row in rows
    )
    table = f"<table>{caption}<thead><tr>{heads}</tr></thead><tbody>{body}</tbody></table>"
    return _wrap(table, "table handbook-stack")
