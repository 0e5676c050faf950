"""A policy's blocks (paragraphs, lists, tables, quotes…) as HTML, through the `safe` boundary.

Each block becomes one line of HTML in its own `div`: the site's Markdown then keeps it as a
raw block and never reads inside it, so no Markdown extension can act on policy text.
No MkDocs import here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from markupsafe import Markup

from . import safe
from .model import Block, ListItem, Policy

E = safe.text  # plain text inside our elements
MD = safe.markdown_inline  # a short piece of the policy's Markdown inside our elements


def _items(items: Iterable[ListItem], tag: str = "ul") -> str:
    parts = []
    for item in items:
        nested = _items(item.items, tag) if item.items else ""
        parts.append(f"<li>{MD(item.text)}{nested}</li>")
    return f"<{tag}>{''.join(parts)}</{tag}>"


def _wrap(body: str, kind: str) -> Markup:
    return Markup(f'<div class="handbook-block handbook-{kind}">{body}</div>')


def block(b: Block, policy: Policy, filled: Mapping[str, str], replies_uri: str | None) -> Markup:
    """One block as a single line of HTML (a reply block adds a Markdown link line after it).

    `replies_uri` links a quoted reply to the Canned replies page, when the site has one."""
    kind = b.kind
    if kind == "paragraph":
        return safe.markdown_block(b.paragraph)
    if kind == "list":
        return _wrap(_items(b.bullets), "list")
    if kind == "quote":
        source = (
            f'<p class="handbook-quote-source">— {MD(b.quote.source)}</p>' if b.quote.source else ""
        )
        return _wrap(f"<blockquote>{safe.markdown_block(b.quote.text)}{source}</blockquote>", kind)
    if kind == "table":
        caption = f"<caption>{MD(b.table.caption)}</caption>" if b.table.caption else ""
        head = "".join(f'<th scope="col">{MD(h)}</th>' for h in b.table.header)
        rows = "".join(
            "<tr>" + "".join(f"<td>{MD(cell)}</td>" for cell in row) + "</tr>"
            for row in b.table.rows
        )
        table = f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        return _wrap(table, kind)
    if kind == "definitions":
        pairs = "".join(f"<dt>{MD(d.term)}</dt><dd>{MD(d.definition)}</dd>" for d in b.definitions)
        return _wrap(f"<dl>{pairs}</dl>", kind)
    if kind == "note":
        return Markup(
            '<div class="admonition note"><p class="admonition-title">Editor&#39;s note</p>'
            f"{safe.markdown_block(b.note)}</div>"
        )
    # A canned reply's filled-in text, quoted as it will be sent.
    reply = next(r for r in policy.replies if r.id == b.reply)
    lines = "<br>".join(str(E(line)) for line in filled[b.reply].split("\n"))
    html = _wrap(f"<blockquote><p>{lines}</p></blockquote>", "reply-quote")
    if replies_uri is None:
        return html
    link = (
        f"<small>Copy this text from [Canned replies: {safe.inline(reply.title)}]"
        f"({replies_uri}#{reply.id}).</small>"
    )
    return Markup(f"{html}\n\n{link}")


def blocks(
    items: Iterable[Block], policy: Policy, filled: Mapping[str, str], replies_uri: str | None
) -> Markup:
    return Markup("\n\n".join(block(b, policy, filled, replies_uri) for b in items))


def at_a_glance(policy: Policy, overdue: bool) -> Markup:
    """The policy's key facts as a description list."""
    adoption, contacts, org = policy.policy, policy.contacts, policy.organisation
    rows: list[tuple[str, str]] = []
    adopted = E(adoption.adopted.display())
    if adoption.adopted_by:
        adopted += Markup(" by ") + E(adoption.adopted_by)
    rows.append(("Adopted", adopted))
    due = E(adoption.review_due.display())
    rows.append(("Review due", due + (Markup(" (<strong>overdue</strong>)") if overdue else "")))
    if org.part_of:
        rows.append(("Part of", E(org.part_of)))
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
