"""A policy's blocks (paragraphs, lists, tables, quotes, quoted replies…) as HTML, through the
`text.safe` boundary, for every page that shows the policy's own words.

Each block becomes one line of HTML in its own `div`: the site's Markdown then keeps it as a
raw block and never reads inside it, so no Markdown extension can act on policy text.
No MkDocs import here.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup

from .. import pages
from ..policy.model import Block, ListItem, Policy, Reply
from ..text import safe
from ..views.replies import reply_view
from .templating import RenderContext, environment

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


def wrap(body: str, kind: str) -> Markup:
    return Markup(f'<div class="handbook-block handbook-{kind}">{body}</div>')


def block(
    b: Block,
    policy: Policy,
    replies_uri: str | None,
    root: str = "../",
) -> Markup:
    """One block as a single line of HTML; a quoted reply is its Copy buttons, with Markdown
    links to its text file and to the Canned replies page.

    `replies_uri` links a quoted reply to the Canned replies page, when the site has one;
    `root` leads from the page to the site's top (an organisation's pages are one folder in)."""
    kind = b.kind
    if kind == "paragraph":
        return safe.markdown_block(b.paragraph)
    if kind == "list":
        return wrap(_items(b.bullets), "list")
    if kind == "numbered":
        return wrap(_items(b.numbered, "ol"), "numbered")
    if kind == "checklist":
        # Ticked on screen to work through the criteria; nothing is stored. Search (Pagefind)
        # indexes nothing inside a <label>, so each item's text is there once more for the
        # index only: hidden from sight and from screen readers.
        # A statement (`statement:`) stays in its place, without a box: it is not a criterion.
        boxes = "".join(
            f'<li><label><input type="checkbox"> {MD(item.words)}</label>'
            f"<span hidden>{MD(item.words)}</span></li>"
            if item.ticked
            else f'<li class="handbook-checklist-statement">{MD(item.words)}</li>'
            for item in b.checklist
        )
        return wrap(f"<ul>{boxes}</ul>", "checklist")
    if kind == "quote":
        source = (
            f'<p class="handbook-quote-source">— {MD(b.quote.source)}</p>' if b.quote.source else ""
        )
        return wrap(f"<blockquote>{safe.markdown_block(b.quote.text)}{source}</blockquote>", kind)
    if kind == "table":
        caption = f"<caption>{MD(b.table.caption)}</caption>" if b.table.caption else ""
        rows = [[MD(cell) for cell in row] for row in b.table.rows]
        return stacked_table([MD(h) for h in b.table.header], b.table.header, rows, caption)
    if kind == "definitions":
        pairs = "".join(f"<dt>{MD(d.term)}</dt><dd>{MD(d.definition)}</dd>" for d in b.definitions)
        return wrap(f"<dl>{pairs}</dl>", kind)
    if kind == "note":
        return Markup(
            '<div class="admonition note"><p class="admonition-title">Editor&#39;s note</p>'
            f"{safe.markdown_block(b.note)}</div>"
        )
    # A canned reply's filled-in text as it will be sent, with its Copy buttons.
    reply = next(r for r in policy.replies if r.id == b.reply)
    return quoted(reply, policy, root, replies_uri)


def blocks(
    items: Iterable[Block],
    policy: Policy,
    replies_uri: str | None,
    root: str = "../",
    lang: str | None = None,
) -> Markup:
    """The blocks, each in a `div` marked with the section's language when it is not the
    site's (a quoted reply is marked by its own language, inside its English buttons)."""
    done = []
    for b in items:
        html = block(b, policy, replies_uri, root)
        if lang and lang != "en" and b.kind != "reply":
            html = Markup(f'<div lang="{lang}">') + html + Markup("</div>")
        done.append(html)
    return Markup("\n\n".join(done))


def blocks_for(policy: Policy, context: RenderContext, here: str):
    """A function rendering the policy's blocks on the page `here`: replies filled in, and
    quoted replies linked to the Canned replies page when the site has one."""
    registry = context.registry
    replies_uri = (
        pages.relative(here, registry.uri(pages.REPLIES, policy.slug))
        if registry.has(pages.REPLIES, policy)
        else None
    )

    def on_this_page(items: Iterable[Block], lang: str | None = None) -> Markup:
        return blocks(items, policy, replies_uri, lang=lang)

    return on_this_page


def quoted(reply: Reply, policy: Policy, root: str, replies_uri: str | None) -> Markup:
    """A reply where a policy's text quotes it: its Copy buttons, and a link to the reply on
    the Canned replies page (when the site has one) for when to use it."""
    macro = environment().get_template("replies_blocks.md.j2").module.quoted
    return Markup(macro(reply_view(reply, policy), root, replies_uri))


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
    return wrap(table, "table handbook-stack")
