"""What every reader makes of a document: headings, paragraphs, lists, tables and quotes in
order, each with the place it came from, and the page furniture kept apart."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from ..policy.text_limits import UNWANTED

PieceKind = Literal["heading", "paragraph", "list", "numbered", "table", "quote", "note"]


class ImportRefused(Exception):
    """A document the importer will not read: one line saying why, nothing written."""


@dataclass
class Item:
    """A list item, with the list nested under it (bullets, or steps when `numbered`)."""

    text: str
    children: list[Item] = field(default_factory=list)
    numbered: bool = False


@dataclass
class Piece:
    kind: PieceKind
    line: int
    text: str = ""
    level: int = 1  # a heading's level, 1 the highest
    items: list[Item] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Document:
    pieces: list[Piece]
    # Text repeated on every page (letterhead, footer), once each, with where it was first seen.
    furniture: list[tuple[str, int]] = field(default_factory=list)
    # What a piece's number counts: "line" (text, PDF) or "block" (pandoc's formats).
    unit: str = "line"
    title: str | None = None  # a title the format states (pandoc's metadata)
    removed_characters: int = 0

    def words(self) -> list[str]:
        """Every word of the document once: its pieces, and each furniture line once."""
        found: list[str] = []
        for piece in self.pieces:
            found += words(piece_text(piece))
        for text, _ in self.furniture:
            found += words(text)
        return found


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)


def words(text: str) -> list[str]:
    """Words as a reader counts them: letters and digits, case folded, Markdown marks left out."""
    text = re.sub(r"\]\([^)\s]*\)", "]", text)  # a link's address is not words of the text
    return [word.casefold().replace("’", "'") for word in _WORD.findall(text)]


def item_text(item: Item) -> str:
    return " ".join([item.text, *(item_text(child) for child in item.children)])


def piece_text(piece: Piece) -> str:
    parts = [piece.text, *(item_text(item) for item in piece.items)]
    parts += [" ".join(piece.header), *(" ".join(row) for row in piece.rows)]
    return " ".join(part for part in parts if part)


def clean(text: str) -> tuple[str, int]:
    """`text` on one line, without the characters a policy file may not hold (control and
    bidirectional-override characters, noncharacters); returns how many were removed."""
    removed = len(UNWANTED.findall(text.replace("\t", " ").replace("\n", " ")))
    text = UNWANTED.sub(" ", text.replace("\t", " ").replace("\r", " ").replace("\n", " "))
    return " ".join(text.split()), removed
