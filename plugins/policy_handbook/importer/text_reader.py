"""Plain text into pieces, by the conventions real documents use: a heading is a short line
alone (ending ":" or not ending like a sentence), a list item starts with "-", "*" or "•"
(nested by its indentation) or a number, a table's cells are separated by tabs, and a
paragraph wholly in *asterisks* is a quotation."""

from __future__ import annotations

import re

from . import furniture
from .dates import DATE
from .document import Document, Item, Piece, clean

_BULLET = re.compile(r"^(?P<indent>[ \t]*)(?:[-*•·▪◦]|(?P<number>\d{1,3}[.)]))[ \t]+(?P<text>.*)$")
_SENTENCE_END = re.compile(r"[.,;!?]$")


def looks_like_heading(line: str) -> bool:
    text = line.strip()
    if not text or DATE.search(text) or furniture.is_page_number(text):
        return False
    if re.search(r"[.!?]\s", text):  # two sentences: a paragraph
        return False
    count = len(text.split())
    if text.endswith(":"):
        return count <= 5 and ": " not in text
    return (
        count <= 14
        and text[0].isupper()
        and not _SENTENCE_END.search(text)
        and ": " not in text
        and "\t" not in text
        and not text.startswith("*")
    )


def read_text(source: str) -> Document:
    lines = source.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    pages = [page.split("\n") for page in "\n".join(lines).split("\f")]
    stripped = [line.strip() for line in lines]
    repeated = furniture.repeated(pages) or furniture.repeated_lines(stripped)
    document = Document(pieces=[])
    seen_furniture: set[str] = set()
    block: list[tuple[int, str]] = []
    after_furniture = False

    def flush() -> None:
        nonlocal after_furniture
        if block:
            _block(block, document, after_furniture)
            block.clear()
            after_furniture = False

    for number, raw in enumerate(lines, start=1):
        line = raw.replace("\f", "")
        text = line.strip()
        if not text or furniture.key(text) in repeated or furniture.is_page_number(text):
            flush()
            after_furniture = after_furniture or bool(text)
            if (
                text
                and furniture.key(text) in repeated
                and furniture.key(text) not in seen_furniture
            ):
                seen_furniture.add(furniture.key(text))
                document.furniture.append((clean(text)[0], number))
            continue
        block.append((number, line))
    flush()
    return document


def _block(block: list[tuple[int, str]], document: Document, page_break: bool) -> None:
    """One run of lines between blank lines; `page_break` when a letterhead or footer was
    skipped just before it (a list it continues is one list)."""
    first_line, first = block[0]
    if len(block) == 1 and looks_like_heading(first):
        text = first.strip().removesuffix(":").strip()
        document.pieces.append(Piece("heading", first_line, _clean(text, document), level=2))
        return
    if all("\t" in line.strip() for _, line in block) and len(block) >= 2:
        rows = [[_clean(cell, document) for cell in line.strip().split("\t")] for _, line in block]
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        document.pieces.append(Piece("table", first_line, header=rows[0], rows=rows[1:]))
        return
    if _BULLET.match(first):
        previous = document.pieces[-1] if document.pieces else None
        _list(block, document)
        if page_break and previous is not None and previous.kind == document.pieces[-1].kind:
            previous.items += document.pieces.pop().items
        return
    text = _clean(" ".join(line.strip() for _, line in block), document)
    previous = document.pieces[-1] if document.pieces else None
    if text[:1].islower() and previous is not None and previous.kind in ("list", "numbered"):
        # A list item carried over a page break: the rest of the item, not a new paragraph.
        _last_item(previous.items).text += " " + text
        return
    if len(text) > 2 and text.startswith("*") and text.endswith("*") and "**" not in text:
        document.pieces.append(Piece("quote", first_line, text[1:-1].strip()))
        return
    document.pieces.append(Piece("paragraph", first_line, text))


def _last_item(items: list[Item]) -> Item:
    item = items[-1]
    return _last_item(item.children) if item.children else item


def _list(block: list[tuple[int, str]], document: Document) -> None:
    """Items nested by indentation; a line that is not an item continues the one before."""
    first_line, first = block[0]
    first_match = _BULLET.match(first)
    assert first_match is not None
    top: list[Item] = []
    stack: list[tuple[int, list[Item]]] = [(_indent(first_match), top)]
    for _, line in block:
        match = _BULLET.match(line)
        if match is None:
            _last_item(top).text += " " + _clean(line, document)
            continue
        indent = _indent(match)
        while len(stack) > 1 and indent < stack[-1][0]:
            stack.pop()
        if indent > stack[-1][0] and stack[-1][1]:
            parent = stack[-1][1][-1]
            parent.numbered = bool(match.group("number"))
            stack.append((indent, parent.children))
        stack[-1][1].append(Item(_clean(match.group("text"), document)))
    kind = "numbered" if first_match.group("number") else "list"
    document.pieces.append(Piece(kind, first_line, items=top))


def _indent(match: re.Match[str]) -> int:
    return len(match.group("indent").expandtabs(4))


def _clean(text: str, document: Document) -> str:
    cleaned, removed = clean(text)
    document.removed_characters += removed
    return cleaned
