"""Page furniture: the letterhead, footer and page numbers a document repeats on every page.
They are facts about the organisation (its name, contacts), said once, never section text."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .document import Document, Piece

PAGE_NUMBER = re.compile(r"(?i)(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?")


def key(line: str) -> str:
    """Two lines are the same furniture when they differ only in case, spaces or digits of a
    page number."""
    return " ".join(line.casefold().split())


def is_page_number(line: str) -> bool:
    return PAGE_NUMBER.fullmatch(line.strip()) is not None


def repeated(pages: Sequence[Sequence[str]], *, short: int = 12) -> set[str]:
    """Keys of the short lines found on at least half the pages (and on two at least)."""
    if len(pages) < 2:
        return set()
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update({key(line) for line in page if 0 < len(line.split()) <= short})
    needed = max(2, (len(pages) + 1) // 2)
    return {line for line, count in seen.items() if count >= needed}


def repeated_lines(lines: Sequence[str], *, times: int = 3, short: int = 12) -> set[str]:
    """Keys of the short lines a text without page breaks repeats `times` times or more: a
    letterhead copied onto every page by whoever extracted the text."""
    seen = Counter(key(line) for line in lines if 0 < len(line.split()) <= short)
    return {line for line, count in seen.items() if count >= times}


def lift(document: Document) -> None:
    """Move short paragraphs and headings the document repeats three times or more (a letterhead
    copied onto every page) into its furniture, once each; join the two halves of a list that
    such furniture split."""
    keys = repeated_lines(
        [p.text for p in document.pieces if p.kind in ("paragraph", "heading")], times=3
    )
    if not keys:
        return
    known = {key(text) for text, _ in document.furniture}
    kept: list[Piece] = []
    after_furniture = False
    for piece in document.pieces:
        if piece.kind in ("paragraph", "heading") and key(piece.text) in keys:
            if key(piece.text) not in known:
                known.add(key(piece.text))
                document.furniture.append((piece.text, piece.line))
            after_furniture = True
            continue
        if (
            after_furniture
            and kept
            and piece.kind in ("list", "numbered")
            and kept[-1].kind == piece.kind
        ):
            kept[-1].items += piece.items
        else:
            kept.append(piece)
        after_furniture = False
    document.pieces = kept
