"""The document's headings and blocks as the policy's title and nested sections, in order;
each section's kind and the situations it answers are suggested, as guesses."""

from __future__ import annotations

import re

from ..policy.content import MAX_SECTION_DEPTH
from ..policy.situations import vocabulary
from .document import Document, Item, Piece, piece_text
from .draft import Draft

KINDS = [
    ("personal-information", r"personal information|privacy|confidential"),
    ("unacceptable-behaviour", r"unacceptable"),
    ("negative-comments", r"negative|complain|troll"),
    ("following", r"\bfollow"),
    ("safeguarding", r"safeguard"),
    ("impartiality", r"impartial"),
    ("profile", r"profile|\bbio\b|disclaimer"),
    ("posting", r"posting|frequency|how often"),
    ("content", r"content|what to post"),
    ("escalation", r"escalat|concerns|issues"),
    ("roles", r"\broles?\b|administrator|responsib"),
    ("agreement", r"agreement|declaration"),
    ("purpose", r"purpose|\baims?\b"),
    ("introduction", r"introduction|about"),
    ("scope", r"scope|^policy$"),
    ("conduct", r"conduct|behaviour|guidelines|representative"),
    ("channel", r"facebook|twitter|instagram|linkedin|youtube|website|e-?mail"),
]


def title_of(document: Document) -> tuple[str | None, int | None]:
    """The document's title: one its format states, else the first heading naming a policy
    before any text, else the first heading before any text when no later one is as high."""
    headings = []
    for index, piece in enumerate(document.pieces):
        if piece.kind != "heading":
            break
        headings.append(index)
    if document.title:
        same = [
            i for i in headings if document.pieces[i].text.casefold() == document.title.casefold()
        ]
        return document.title, (same[0] if same else None)
    for index in headings:
        if "policy" in document.pieces[index].text.casefold():
            return document.pieces[index].text, index
    if headings:
        first = document.pieces[headings[0]]
        later = [p for p in document.pieces[headings[0] + 1 :] if p.kind == "heading"]
        if all(p.level > first.level for p in later) and later:
            return first.text, headings[0]
    return None, None


def sections(document: Document, draft: Draft, replaced: dict[int, str]) -> None:
    title, title_index = title_of(document)
    if title:
        draft.data["policy"]["title"] = title
        if title_index is not None:
            draft.guess(
                ("policy", "title"), "guess: the first heading", document.pieces[title_index].line
            )
    levels = sorted(
        {p.level for i, p in enumerate(document.pieces) if p.kind == "heading" and i != title_index}
    )
    depth_of = {level: min(rank, MAX_SECTION_DEPTH - 1) for rank, level in enumerate(levels)}
    top: list[dict] = []
    stack: list[tuple[int, dict]] = []  # (depth, section)
    section_lines: dict[int, int] = {}
    for index, piece in enumerate(document.pieces):
        if index == title_index:
            continue
        if piece.kind == "heading":
            depth = depth_of[piece.level]
            while stack and stack[-1][0] >= depth:
                stack.pop()
            section = _section(piece.text, draft)
            (stack[-1][1]["sections"] if stack else top).append(section)
            stack.append((depth, section))
            section_lines[id(section)] = piece.line
            continue
        if not stack:
            section = _section("About this policy", draft)
            top.append(section)
            stack.append((len(levels) + 1, section))
            section_lines[id(section)] = piece.line
        if index in replaced:
            stack[-1][1]["blocks"].append({"reply": replaced[index]})
        else:
            stack[-1][1]["blocks"].append(block(piece, draft))
    draft.data["sections"] = top
    _suggest(top, ("sections",), draft, section_lines)


def _section(title: str, draft: Draft) -> dict:
    return {
        "id": draft.new_id(title, "section"),
        "title": title,
        "kind": "other",
        "blocks": [],
        "sections": [],
    }


def block(piece: Piece, draft: Draft) -> object:
    if piece.kind == "paragraph":
        return piece.text
    if piece.kind == "quote":
        return {"quote": {"text": piece.text}}
    if piece.kind in ("list", "numbered"):
        return {piece.kind: [_item(item) for item in piece.items]}
    if piece.kind == "table":
        return {"table": {"header": piece.header, "rows": piece.rows}}
    draft.unplaced.append((piece_text(piece), piece.line))
    return {"note": f"Not placed by the importer ({draft.where(piece.line)}), {piece_text(piece)}"}


def _item(item: Item) -> object:
    if not item.children:
        return item.text
    key = "numbered" if item.numbered else "items"
    return {"text": item.text, key: [_item(child) for child in item.children]}


def _suggest(found: list[dict], path: tuple, draft: Draft, lines: dict[int, int]) -> None:
    for index, section in enumerate(found):
        here = (*path, index)
        line = lines.get(id(section))
        title = section["title"].casefold()
        for kind, pattern in KINDS:
            if re.search(pattern, title):
                section["kind"] = kind
                draft.guess((*here, "kind"), f'guess: from the heading "{section["title"]}"', None)
                break
        body = " ".join(_texts(section)).casefold()
        tags, why = [], []
        for situation in vocabulary():
            in_title = [
                w for w in situation.words if re.search(r"\b" + re.escape(w.casefold()), title)
            ]
            in_body = {
                w for w in situation.words if re.search(r"\b" + re.escape(w.casefold()), body)
            }
            if in_title or len(in_body) >= 2:
                tags.append(situation.id)
                why.append(f"{situation.id} ({', '.join(sorted(set(in_title) | in_body))})")
        if tags:
            section["situations"] = tags
            draft.guess(
                (*here, "situations"), "guess: the section's words: " + "; ".join(why), line
            )
            _tag_replies(section, tags, draft)
        _suggest(section["sections"], (*here, "sections"), draft, lines)
        if not section["sections"]:
            del section["sections"]


def _tag_replies(section: dict, tags: list[str], draft: Draft) -> None:
    """A reply the section prescribes answers the situations the section does."""
    shown = {
        block["reply"]
        for block in section["blocks"]
        if isinstance(block, dict) and "reply" in block
    }
    for index, reply in enumerate(draft.data.get("replies", [])):
        if reply["id"] in shown:
            reply["situations"] = list(tags)
            draft.guess(("replies", index, "situations"), "guess: its section's situations", None)


def _texts(section: dict) -> list[str]:
    out = [section["title"]]
    for value in section["blocks"]:
        out.append(str(value))
    return out
