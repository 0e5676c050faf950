"""A PDF line's bold, italic and links as Markdown: `**never**`, `*Code of Practice*`,
`[our help page](https://…)`. pdfplumber gives each character its font, and the page its link
areas; a line in one style throughout is left plain (the reader makes it a heading or quote)."""

from __future__ import annotations

import re

_SCHEMES = re.compile(r"(?i)^(https?://|mailto:|tel:)[^\s()<>]+$")
Style = tuple[bool, bool, str | None]  # bold, italic, link address


def _style(char: dict, links: list[dict]) -> Style:
    font = char["fontname"].lower()
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    uri = next(
        (
            link.get("uri")
            for link in links
            if link["x0"] <= x <= link["x1"] and link["top"] <= y <= link["bottom"]
        ),
        None,
    )
    if uri is not None and not _SCHEMES.match(uri):
        uri = None  # only the links a policy may hold (the loader checks them again)
    return ("bold" in font or "black" in font, "italic" in font or "oblique" in font, uri)


def marked(text: str, chars: list[dict], links: list[dict]) -> str | None:
    """`text` (the line as pdfplumber spaced it) with its styled runs marked, or None when the
    whole line has one style and no link, or its characters do not match its text."""
    styles: list[Style | None] = []
    queue = iter(chars)
    for letter in text:
        if letter.isspace():
            styles.append(None)
            continue
        char = next(queue, None)
        if char is None or char["text"] != letter:
            return None  # a ligature or reordered text: keep the line plain
        styles.append(_style(char, links))
    found = {style for style in styles if style is not None}
    if len(found) <= 1 and not any(style[2] for style in found):
        return None
    runs: list[tuple[Style | None, str]] = []
    for index, (letter, style) in enumerate(zip(text, styles, strict=True)):
        if style is None:  # a space belongs to the run around it, if both sides share it
            before = next((s for s in reversed(styles[:index]) if s is not None), None)
            after = next((s for s in styles[index + 1 :] if s is not None), None)
            style = before if before == after else None
        if runs and runs[-1][0] == style:
            runs[-1] = (style, runs[-1][1] + letter)
        else:
            runs.append((style, letter))
    return "".join(_render(style, words) for style, words in runs)


def _render(style: Style | None, words: str) -> str:
    if style is None or not words.strip():
        return words
    bold, italic, uri = style
    inner = words.strip()
    if uri:
        inner = f"[{inner}]({uri})"
    if italic:
        inner = f"*{inner}*"
    if bold:
        inner = f"**{inner}**"
    lead, trail = words[: len(words) - len(words.lstrip())], words[len(words.rstrip()) :]
    return f"{lead}{inner}{trail}"
