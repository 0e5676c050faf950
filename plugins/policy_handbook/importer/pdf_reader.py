"""PDF through pdfplumber: lines of characters with their fonts and sizes. A line set larger
than the body text, or wholly bold and short, is a heading (larger sizes are higher levels);
"•", "-" or a number starts a list item, nested by how far it is indented; ruled tables are
tables; a short line found on most pages, or a page number, is page furniture. Places are
line numbers, counted through the whole document."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from . import furniture, pdf_marks
from .document import Document, ImportRefused, Item, Piece, clean

_BULLET = re.compile(r"^(?:[•·▪◦‣●○■\-–*]|(?P<number>\d{1,3}[.)]))\s+(?P<text>.*)$")
MAX_PAGES = 300


class _Line:
    def __init__(self, text: str, x0: float, top: float, bottom: float, size: float, font: str):
        self.text, self.x0, self.top, self.bottom = text, x0, top, bottom
        self.size, self.number = size, 0
        self.bold = "bold" in font or "black" in font
        self.italic = "italic" in font or "oblique" in font


def _open(path: Path):
    import pdfplumber

    try:
        return pdfplumber.open(str(path))
    except Exception as error:  # pdfminer raises many kinds: encrypted, damaged, not a PDF
        name = type(error).__name__
        if "Password" in name or "Encrypt" in name or "password" in str(error).lower():
            raise ImportRefused(
                f"{path}: is encrypted (password-protected); save an unprotected copy"
            ) from error
        raise ImportRefused(f"{path}: cannot be read as a PDF ({name})") from error


def _lines(page) -> tuple[list[_Line], list[tuple[list[str], list[list[str]], float]]]:
    tables = []
    boxes = []
    for table in page.find_tables():
        rows = [[clean(cell or "")[0] for cell in row] for row in table.extract()]
        rows = [row for row in rows if any(row)]
        if len(rows) >= 2:
            tables.append((rows[0], rows[1:], table.bbox[1]))
            boxes.append(table.bbox)
    found = []
    links = page.hyperlinks
    for line in page.extract_text_lines(return_chars=True, strip=True):
        chars = [c for c in line["chars"] if c["text"].strip()]
        if not chars:
            continue
        middle_x, middle_y = (line["x0"] + line["x1"]) / 2, (line["top"] + line["bottom"]) / 2
        if any(x0 <= middle_x <= x1 and top <= middle_y <= bottom for x0, top, x1, bottom in boxes):
            continue
        sizes = Counter(round(c["size"], 1) for c in chars)
        # The line's font, if every character shares it: only then is the line bold or italic.
        fonts = {c["fontname"].lower() for c in chars}
        font = fonts.pop() if len(fonts) == 1 else ""
        text = pdf_marks.marked(line["text"], chars, links) or line["text"]
        found.append(
            _Line(
                text,
                line["x0"],
                line["top"],
                line["bottom"],
                sizes.most_common(1)[0][0],
                font,
            )
        )
    return found, tables


def read_pdf(path: Path) -> Document:
    with _open(path) as pdf:
        try:
            if len(pdf.pages) > MAX_PAGES:
                raise ImportRefused(
                    f"{path}: has {len(pdf.pages)} pages; the importer reads up to {MAX_PAGES}"
                )
            pages = [_lines(page) for page in pdf.pages]
        except ImportRefused:
            raise
        except Exception as error:
            raise ImportRefused(
                f"{path}: cannot be read as a PDF ({type(error).__name__})"
            ) from error
    if not any(lines for lines, _ in pages):
        raise ImportRefused(
            f"{path}: has no text to read (a scanned image?); run it through OCR, or import the "
            "Word version"
        )
    number = 0
    for lines, _ in pages:
        for line in lines:
            number += 1
            line.number = number
    repeated = furniture.repeated([[line.text for line in lines] for lines, _ in pages])
    document = Document(pieces=[])
    body = [line for lines, _ in pages for line in lines if not _is_furniture(line, repeated)]
    for lines, _ in pages:
        for line in lines:
            key = furniture.key(line.text)
            if key in repeated and key not in {furniture.key(t) for t, _ in document.furniture}:
                document.furniture.append((clean(line.text)[0], line.number))
    sizes = Counter()
    for line in body:
        sizes[line.size] += len(line.text)
    base = sizes.most_common(1)[0][0] if sizes else 10
    _Builder(document, base, body).build(pages, repeated)
    return document


def _is_furniture(line: _Line, repeated: set[str]) -> bool:
    return furniture.key(line.text) in repeated or furniture.is_page_number(line.text)


class _Builder:
    def __init__(self, document: Document, base: float, body: list[_Line]):
        self.document, self.base = document, base
        heading_sizes = sorted(
            {line.size for line in body if line.size > base * 1.15}, reverse=True
        )
        self.levels = {size: rank + 1 for rank, size in enumerate(heading_sizes)}
        self.bold_level = len(heading_sizes) + 1
        self.paragraph: list[_Line] = []
        self.list_piece: Piece | None = None
        self.stack: list[tuple[float, list[Item]]] = []
        self.last: _Line | None = None
        self.page_start = False

    def heading_level(self, line: _Line) -> int | None:
        words = len(line.text.split())
        if line.size in self.levels and words <= 20:
            return self.levels[line.size]
        if line.bold and words <= 14 and not line.text.rstrip().endswith("."):
            return self.bold_level
        return None

    def build(self, pages, repeated: set[str]) -> None:
        for lines, tables in pages:
            pending = sorted(tables, key=lambda t: t[2])
            for line in lines:
                while pending and pending[0][2] < line.top:
                    self.table(pending.pop(0), line.number)
                if _is_furniture(line, repeated):
                    continue
                self.line(line)
            for table in pending:
                self.table(table, (self.last.number if self.last else 0) + 1)
            self.last = None
            self.page_start = True
        self.flush()

    def table(self, table, number: int) -> None:
        self.flush()
        header, rows, _ = table
        width = max(len(row) for row in [header, *rows])
        rows = [row + [""] * (width - len(row)) for row in rows]
        self.document.pieces.append(
            Piece("table", number, header=header + [""] * (width - len(header)), rows=rows)
        )

    def line(self, line: _Line) -> None:
        level = self.heading_level(line)
        text = self._clean(line.text)
        gap = self.last is not None and line.top - self.last.bottom > (line.bottom - line.top) * 0.6
        if self.page_start and self.paragraph and re.search(r"[.!?:]$", self.paragraph[-1].text):
            gap = text[:1].isupper()  # a new page: a sentence ended there, a paragraph may too
        self.page_start = False
        previous = self.document.pieces[-1] if self.document.pieces else None
        if (
            level is not None
            and not gap
            and self.last is not None
            and self.heading_level(self.last) == level
            and previous is not None
            and previous.kind == "heading"
            and not self.paragraph
            and self.list_piece is None
        ):
            previous.text += " " + text.removesuffix(":").strip()  # a heading over two lines
        elif level is not None:
            self.flush()
            self.document.pieces.append(
                Piece("heading", line.number, text.removesuffix(":").strip(), level=level)
            )
        elif (match := _BULLET.match(text)) is not None:
            self.flush_paragraph()
            self.item(line, match)
        elif self.list_piece is not None and not gap and line.x0 > self.stack[0][0] + 2:
            self._last_item().text += " " + text
        elif self.list_piece is not None and text[:1].islower() and not self.paragraph:
            self._last_item().text += " " + text  # an item carried over a page break
        else:
            if self.list_piece is not None or gap:
                self.flush()
            self.paragraph.append(line)
        self.last = line

    def item(self, line: _Line, match: re.Match[str]) -> None:
        if self.list_piece is None:
            kind = "numbered" if match.group("number") else "list"
            self.list_piece = Piece(kind, line.number)
            self.stack = [(line.x0, self.list_piece.items)]
        while len(self.stack) > 1 and line.x0 < self.stack[-1][0] - 2:
            self.stack.pop()
        if line.x0 > self.stack[-1][0] + 2 and self.stack[-1][1]:
            parent = self.stack[-1][1][-1]
            parent.numbered = bool(match.group("number"))
            self.stack.append((line.x0, parent.children))
        self.stack[-1][1].append(Item(match.group("text")))

    def _last_item(self) -> Item:
        item = (
            self.stack[-1][1][-1] if self.stack and self.stack[-1][1] else self.list_piece.items[-1]
        )
        return item

    def flush_paragraph(self) -> None:
        if self.paragraph:
            text = " ".join(self._clean(line.text) for line in self.paragraph)
            italic = all(line.italic for line in self.paragraph)
            kind = "quote" if italic else "paragraph"
            self.document.pieces.append(Piece(kind, self.paragraph[0].number, text))
            self.paragraph = []

    def flush(self) -> None:
        self.flush_paragraph()
        if self.list_piece is not None:
            self.document.pieces.append(self.list_piece)
            self.list_piece, self.stack = None, []

    def _clean(self, text: str) -> str:
        cleaned, removed = clean(text)
        self.document.removed_characters += removed
        return cleaned
