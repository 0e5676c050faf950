"""Word, OpenDocument, web pages and Markdown through pandoc's JSON syntax tree.

pandoc runs as its own process with `--sandbox` (it reads the one file it is given, and no
other file or address the document names), within the time and memory limits of limits.py.
Places are block numbers: the Nth heading, paragraph, list, table or quote of the document."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

from . import limits
from .document import Document, ImportRefused, Item, Piece, clean

FORMATS = {".docx": "docx", ".odt": "odt", ".html": "html", ".htm": "html", ".md": "markdown"}
_SCHEMES = re.compile(r"(?i)^(https?://|mailto:|tel:)")
_MARKS = re.compile(r"([\\`*_\[\]<>])")


def pandoc_json(path: Path) -> dict[str, Any]:
    import pypandoc

    command = [
        pypandoc.get_pandoc_path(),
        "+RTS",
        f"-M{limits.PANDOC_HEAP_MB}m",
        "-RTS",
        "--sandbox",
        "--from",
        FORMATS[path.suffix.lower()],
        "--to",
        "json",
        str(path),
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, timeout=limits.PANDOC_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as error:
        raise ImportRefused(
            f"{path}: reading it took over {limits.PANDOC_SECONDS} seconds; is it really a policy?"
        ) from error
    if b"Heap exhausted" in done.stderr:
        raise ImportRefused(
            f"{path}: reading it needs more than {limits.PANDOC_HEAP_MB} MB of memory; is it "
            "really a policy?"
        )
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise ImportRefused(f"{path}: cannot be read ({why[-1] if why else 'pandoc failed'})")
    return json.loads(done.stdout)


class _Reader:
    def __init__(self) -> None:
        self.document = Document(pieces=[], unit="block")
        self.number = 0

    def text(self, inlines: list[dict]) -> str:
        cleaned, removed = clean("".join(self.inline(node) for node in inlines))
        self.document.removed_characters += removed
        return cleaned

    def inline(self, node: dict) -> str:
        kind, content = node["t"], node.get("c")
        if kind == "Str":
            return _MARKS.sub(r"\\\1", content)
        if kind in ("Space", "SoftBreak", "LineBreak"):
            return " "
        if kind == "Emph":
            return _wrap("*", self.joined(content))
        if kind == "Strong":
            return _wrap("**", self.joined(content))
        if kind == "Code":
            return content[1]
        if kind == "Quoted":
            mark = '"' if content[0]["t"] == "DoubleQuote" else "'"
            return mark + self.joined(content[1]) + mark
        if kind == "Link":
            words, url = self.joined(content[1]), content[2][0]
            if _SCHEMES.match(url) and words.strip() and not re.search(r"[\s()<>]", url):
                return f"[{words}]({url})"
            return words
        if kind == "Image":
            return self.joined(content[1])
        if kind == "Note":
            return " (" + " ".join(self.block_text(b) for b in content) + ")"
        if kind in ("Span", "Underline", "Strikeout", "Superscript", "Subscript", "SmallCaps"):
            return self.joined(content[-1])
        if kind == "Cite":
            return self.joined(content[1])
        return ""  # RawInline (HTML or TeX written into the document) and Math: not words

    def joined(self, inlines: list[dict]) -> str:
        return "".join(self.inline(node) for node in inlines)

    def block_text(self, block: dict) -> str:
        kind, content = block["t"], block.get("c")
        if kind in ("Para", "Plain"):
            return self.text(content)
        if kind == "Header":
            return self.text(content[2])
        if kind == "LineBlock":
            return " ".join(self.text(line) for line in content)
        if kind in ("BlockQuote", "Div"):
            blocks = content if kind == "BlockQuote" else content[1]
            return " ".join(self.block_text(b) for b in blocks)
        if kind in ("BulletList", "OrderedList"):
            items = content if kind == "BulletList" else content[1]
            return " ".join(self.block_text(b) for item in items for b in item)
        return ""

    def blocks(self, blocks: list[dict]) -> None:
        for block in blocks:
            self.block(block)

    def block(self, block: dict) -> None:
        kind, content = block["t"], block.get("c")
        if kind == "Div":
            self.blocks(content[1])
            return
        self.number += 1
        line = self.number
        pieces = self.document.pieces
        if kind == "Header":
            text = self.text(content[2])
            if text:
                pieces.append(Piece("heading", line, text, level=content[0]))
        elif kind in ("Para", "Plain", "LineBlock"):
            text = self.block_text(block)
            if text:
                pieces.append(Piece("paragraph", line, text))
        elif kind == "BlockQuote":
            text = " ".join(t for t in (self.block_text(b) for b in content) if t)
            if text:
                pieces.append(Piece("quote", line, text))
        elif kind in ("BulletList", "OrderedList"):
            items = self.items(block)
            if items:
                pieces.append(
                    Piece("list" if kind == "BulletList" else "numbered", line, items=items)
                )
        elif kind == "Table":
            self.table(content, line)
        elif kind == "Figure":
            self.blocks(content[2])
        elif kind in ("DefinitionList",):
            for term, definitions in content:
                parts = [self.text(term)] + [self.block_text(b) for d in definitions for b in d]
                pieces.append(Piece("paragraph", line, " — ".join(p for p in parts if p)))
        elif kind == "CodeBlock" and content[1].strip():
            pieces.append(Piece("paragraph", line, clean(content[1])[0]))
        elif kind == "RawBlock" and content[1].strip():
            # HTML or TeX written into the document: not policy text, but not dropped either.
            text, removed = clean(content[1])
            self.document.removed_characters += removed
            pieces.append(Piece("note", line, f"{content[0]} in the document: {text}"))
        # HorizontalRule and Null carry no words.

    def items(self, block: dict) -> list[Item]:
        entries = block["c"] if block["t"] == "BulletList" else block["c"][1]
        found = []
        for entry in entries:
            texts, children, numbered = [], [], False
            for inner in entry:
                if inner["t"] in ("BulletList", "OrderedList"):
                    children += self.items(inner)
                    numbered = inner["t"] == "OrderedList"
                else:
                    texts.append(self.block_text(inner))
            text = " ".join(t for t in texts if t)
            if text or children:
                found.append(Item(text or "(no text)", children, numbered))
        return found

    def table(self, content: list, line: int) -> None:
        _, caption, _, head, bodies, foot = content

        def cells(row: list) -> list[str]:
            return [" ".join(self.block_text(b) for b in cell[4]).strip() for cell in row[1]]

        rows = [cells(row) for row in head[1]]
        for body in bodies:
            rows += [cells(row) for row in body[2] + body[3]]
        rows += [cells(row) for row in foot[1]]
        rows = [row for row in rows if any(row)]
        if not rows:
            return
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        if len(rows) == 1:
            self.document.pieces.append(Piece("paragraph", line, " ".join(rows[0])))
            return
        self.document.pieces.append(Piece("table", line, header=rows[0], rows=rows[1:]))


def _wrap(mark: str, text: str) -> str:
    """`text` emphasised, the marks against the words (Markdown ignores `* word *`)."""
    inner = text.strip()
    if not inner:
        return text
    lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()) :]
    return f"{lead}{mark}{inner}{mark}{trail}"


def read_pandoc(path: Path) -> Document:
    tree = pandoc_json(path)
    reader = _Reader()
    reader.blocks(tree.get("blocks", []))
    title = tree.get("meta", {}).get("title")
    if title and title.get("t") == "MetaInlines":
        reader.document.title = reader.text(title["c"]) or None
    return reader.document
