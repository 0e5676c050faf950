"""The one boundary between policy text and the site's HTML.

Policy files come from many hands, so nothing in them may run script, attach handlers, load
anything or change what a Copy button copies. Every string from a policy reaches a page
through one of the functions here (the template environment applies `inline` to any plain
string by default, so forgetting a filter is safe, not a hole):

- `inline`   text in a Markdown context (headings, table cells, link text): HTML-escaped and
             every character Markdown or its extensions act on written as a character reference,
             so no emphasis, link, `{: attr_list}`, snippet or fence can come from policy text.
- `text`     text inside our own HTML elements: escaped, line breaks kept as `&#10;`.
- `markdown_block` / `markdown_inline`
             the policy's own Markdown (emphasis, links, lists) rendered by a Python-Markdown with
             no raw HTML, images, headings or attribute lists, then cleaned by nh3 against an
             allow-list of tags, attributes and URL schemes. The result is one line of HTML, so
             the site's own Markdown keeps it as a raw block and never reads inside it.
- `inert`    text the site's own Markdown reads in a context we do not control (a reply
             snippet included with `--8<--` anywhere in a hand-written page).
- `nav_title` titles MkDocs' theme prints without escaping (navigation, page titles).

No MkDocs import here.
"""

from __future__ import annotations

import difflib
import html
import re
import threading
from collections.abc import Iterator
from urllib.parse import urlsplit

import markdown
import nh3
from markupsafe import Markup, escape

# Schemes a link in policy text may use; anything else (javascript:, data:, vbscript:, file:…)
# is refused by the loader and stripped here.
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# Tags the policy Markdown renderer below can emit, and nothing else.
BLOCK_TAGS = frozenset({"p", "ul", "ol", "li", "blockquote", "pre", "br"})
INLINE_TAGS = frozenset({"em", "strong", "code", "a", "br"})
ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}

# Characters that mean something to Markdown or its extensions (attr_list's braces, snippets'
# `--8<--`, fences, tables, links, emphasis, entities, raw HTML) and the double quote that ends
# our attributes. A character reference displays the same and means nothing to any of them.
_MARKDOWN_ACTIVE = re.compile(r"[&<>\"`*_{}\[\]()#+!|~^\\]")
_LINE_BREAKS = re.compile(r"\r\n|\r|\n")


def _reference(match: re.Match[str]) -> str:
    return f"&#{ord(match.group())};"


def inline(value: object) -> Markup:
    """Plain text that is safe anywhere in a Markdown page: it shows exactly as written.

    Line breaks become spaces (a heading or table cell is one line).
    """
    if isinstance(value, Markup):
        return value
    flat = " ".join(_LINE_BREAKS.split(str(value)))
    return Markup(_MARKDOWN_ACTIVE.sub(_reference, flat))


def text(value: object) -> Markup:
    """Plain text inside one of our HTML elements or attributes; line breaks kept as `&#10;`.

    Keeping the whole element on one line is what stops the site's Markdown reading inside it.
    """
    escaped = str(escape(str(value)))
    return Markup(_LINE_BREAKS.sub("&#10;", escaped))


# Every ASCII punctuation character: all that Markdown, any of its extensions (snippets' `--8<--`,
# attr_list, magiclink's `https:`, emoji's `:name:`, tables, abbreviations) or HTML acts on.
_ANY_MARKUP = re.compile(r"[!-/:-@\[-`{-~]")


def inert(value: object) -> Markup:
    """Text that shows exactly as written wherever the site's Markdown reads it, at any indent
    (inside an admonition or a list, where a raw HTML block is read as Markdown again): every
    punctuation character is a character reference, so nothing in it is markup to anything.
    Line breaks become `<br>`."""
    lines = _LINE_BREAKS.split(str(value))
    return Markup("<br>".join(_ANY_MARKUP.sub(_reference, line) for line in lines))


def nav_title(value: str) -> str:
    """A title for MkDocs' navigation: the theme prints it raw, so escape it here."""
    return str(escape(" ".join(value.split())))


# --- policy Markdown -----------------------------------------------------------------------


class _PolicyMarkdown(markdown.Markdown):
    """Python-Markdown with only emphasis, code, links, lists, quotes and line breaks.

    Raw HTML is not recognised at all (it stays text), nor are images (nothing is loaded),
    headings and rules (a policy's structure comes from its sections), or reference
    definitions. No extensions: attribute lists in particular are an author's tool.
    """

    def build_parser(self) -> _PolicyMarkdown:
        super().build_parser()
        self.preprocessors.deregister("html_block")
        for name in ("html", "image_link", "image_reference", "short_image_ref"):
            self.inlinePatterns.deregister(name)
        for name in ("hashheader", "setextheader", "hr", "reference"):
            self.parser.blockprocessors.deregister(name)
        return self


_local = threading.local()


def _converter() -> _PolicyMarkdown:
    # Markdown instances keep state between calls; one per thread (serve rebuilds in one).
    converter = getattr(_local, "converter", None)
    if converter is None:
        converter = _local.converter = _PolicyMarkdown(output_format="html")
    return converter


def _render(value: str) -> str:
    converter = _converter()
    try:
        return converter.convert(value)
    finally:
        converter.reset()


def _url_allowed(url: str) -> bool:
    scheme = urlsplit(url.strip()).scheme.lower()
    return scheme in URL_SCHEMES if scheme else url.startswith("#")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href" and not _url_allowed(html.unescape(value)):
        return None
    if tag == "ol" and attribute == "start" and not value.isdigit():
        return None
    return value


def sanitise(fragment: str, tags: frozenset[str]) -> str:
    """`fragment` with only `tags`, their allowed attributes and allowed URLs, on one line."""
    cleaned = nh3.clean(
        fragment,
        tags=set(tags),
        attributes={tag: set(names) for tag, names in ATTRIBUTES.items() if tag in tags},
        attribute_filter=_attribute_filter,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
    return _LINE_BREAKS.sub("&#10;", cleaned)


def markdown_block(value: object) -> Markup:
    """Policy Markdown as one line of clean HTML, in a `div` the site's Markdown leaves alone."""
    body = sanitise(_render(str(value)), BLOCK_TAGS | INLINE_TAGS)
    return Markup(f'<div class="handbook-text">{body}</div>')


_ONE_PARAGRAPH = re.compile(r"^<p>(.*)</p>$", re.S)


def markdown_inline(value: object) -> Markup:
    """A short piece of policy Markdown (a list item, a cell) as inline HTML for our elements."""
    rendered = _render(str(value)).strip()
    match = _ONE_PARAGRAPH.match(rendered)
    if match and "<p>" not in match.group(1):
        return Markup(sanitise(match.group(1), INLINE_TAGS))
    return Markup(sanitise(rendered, BLOCK_TAGS | INLINE_TAGS))


def href(url: str) -> Markup:
    """A URL from a policy for an `href`: escaped, or `#` when its scheme is not allowed."""
    return text(url) if _url_allowed(url) else Markup("#")


_HREF = re.compile(r'<a [^>]*?href="([^"]*)"')


def link_targets(value: str) -> Iterator[str]:
    """Every link target the policy Markdown in `value` writes, before sanitising."""
    if "[" not in value and "<" not in value:
        return
    for match in _HREF.finditer(_render(value)):
        yield html.unescape(match.group(1))


def link_problem(url: str, anchors: frozenset[str] | None) -> str | None:
    """Why a link in policy text cannot be kept, or None when it can.

    `anchors` are the section ids a `#link` may point at (None where `#links` cannot work,
    because the text is shown on another page than the policy).
    """
    stripped = url.strip()
    scheme = urlsplit(stripped).scheme.lower()
    allowed = "web addresses (https://… or http://…), email (mailto:…) and phone numbers (tel:…)"
    if scheme:
        if scheme in URL_SCHEMES:
            return None
        return f'links to "{_short(stripped)}"; links in a policy may only be {allowed}'
    if stripped.startswith("#") and anchors is not None:
        anchor = stripped[1:]
        if anchor in anchors:
            return None
        close = difflib.get_close_matches(anchor, sorted(anchors), n=1)
        hint = f" — did you mean #{close[0]}?" if close else "; use the id of one of its sections"
        return f'links to the section "#{anchor}", which this policy does not have{hint}'

    where = " or a section of this policy (#its-id)" if anchors is not None else ""
    return f'links to "{_short(stripped)}"; links in a policy may only be {allowed}{where}'


def _short(url: str) -> str:
    return url if len(url) <= 60 else url[:57] + "…"
