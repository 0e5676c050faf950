"""Facts the document states, recognised in its words: the organisation, contacts, dates,
channels and posting targets. Each is a guess, marked with the place it came from."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from . import dates
from .document import Document, Piece, item_text
from .draft import Draft

PHONE = re.compile(r"(?<![\d+])(?:\+44\s?(?:\(0\)\s?)?|0)\d{2,4}[ -]?\d{3,4}[ -]?\d{3,4}(?!\d)")
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
WEB = re.compile(r"\b(?:https?://|www\.)[^\s<>()\[\]\"']+[^\s<>()\[\]\"'.,;:!?]")
PLATFORMS = {
    "facebook": ("Facebook", "facebook-page", r"\bfacebook\b"),
    "twitter": ("Twitter", "twitter", r"\btwitter\b"),
    "instagram": ("Instagram", "instagram", r"\binstagram\b"),
    "linkedin": ("LinkedIn", "linkedin", r"\blinked\s?in\b"),
    "youtube": ("YouTube", "youtube", r"\byou\s?tube\b"),
    "tiktok": ("TikTok", "other", r"\btik\s?tok\b"),
}
RATE = re.compile(
    r"(?i)(?P<low>\d{1,3})\s*(?:(?:-|–|to)\s*(?P<high>\d{1,3})\s*)?"
    r"(?:x|times?|posts?)\s*(?:(?:per|a|each|every)\s+)?(?P<per>day|week)\b"
)
_ACRONYM = re.compile(r"\b[A-Z][A-Za-z]*[A-Z][A-Za-z]*\b")
_NAMED = re.compile(
    r"\b((?:[A-Z][A-Za-z'’]+)(?:\s+(?:[A-Z][A-Za-z'’]+|with|of|and|for|in|the|&))+)"
    r"\s+\((?P<short>[A-Za-z]{2,15})\)"
)
_NOT_A_NAME = re.compile(r"(?i)^(follow|contact|email|e-mail|tel|phone|page|registered|www)")
NO_NAME = "Name of the organisation"  # where the document names none: the author writes it
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def texts(document: Document) -> Iterator[tuple[str, int]]:
    """Every piece of text with its place: headings, paragraphs, each list item, table rows."""
    for piece in document.pieces:
        if piece.text:
            yield piece.text, piece.line
        for item in piece.items:
            yield item_text(item), piece.line
        for row in [piece.header, *piece.rows] if piece.header else []:
            yield "\t".join(row), piece.line


def recognise(document: Document, draft: Draft) -> None:
    _organisation(document, draft)
    _contacts(document, draft)
    _policy_dates(document, draft)
    _channels(document, draft)


def _organisation(document: Document, draft: Draft) -> None:
    org: dict = {}
    draft.data["organisation"] = org
    names = [
        (text, line)
        for text, line in document.furniture
        if len(text.split()) >= 2 and not re.search(r"[\d@:]", text) and not _NOT_A_NAME.match(text)
    ]
    named = next(
        ((m, line) for text, line in texts(document) for m in [_NAMED.search(text)] if m), None
    )
    if names:
        org["name"] = names[0][0]
        draft.guess(("organisation", "name"), "guess: the letterhead", names[0][1])
        if len(names) > 1:
            org["tagline"] = names[1][0]
            draft.guess(("organisation", "tagline"), "guess: the letterhead", names[1][1])
    elif named:
        org["name"] = " ".join(named[0].group(1).split())
        draft.guess(("organisation", "name"), "guess: named with its short name", named[1])
    if named and len(re.findall(r"[A-Z]", named[0].group("short"))) >= 2:
        org["short_name"] = named[0].group("short")
        draft.guess(("organisation", "short_name"), "guess: in brackets after the name", named[1])
    else:
        counts: Counter[str] = Counter()
        first: dict[str, int] = {}
        for text, line in texts(document):
            for word in _ACRONYM.findall(text):
                if len(word) >= 4:
                    counts[word] += 1
                    first.setdefault(word, line)
        if counts:
            word = max(counts, key=lambda w: (counts[w], -first[w]))
            org["short_name"] = word
            draft.guess(
                ("organisation", "short_name"),
                f"guess: the name used most often ({counts[word]} times)",
                first[word],
            )
    if "name" not in org and "short_name" in org:
        org["name"] = org["short_name"]
        draft.guess(
            ("organisation", "name"),
            "guess: the document gives no full name; write the organisation's full name",
            None,
        )
    if "name" not in org:
        org["name"] = NO_NAME
        draft.guess(("organisation", "name"), "not found in the document: write it", None)
    org.setdefault("short_name", org["name"])


def _most_common(found: list[tuple[str, int]], fold=str.casefold) -> tuple[str, int] | None:
    if not found:
        return None
    counts = Counter(fold(value) for value, _ in found)
    best = max(
        counts,
        key=lambda v: (counts[v], -next(i for i, (x, _) in enumerate(found) if fold(x) == v)),
    )
    spellings = [(value, line) for value, line in found if fold(value) == best]
    lower = [pair for pair in spellings if pair[0] == pair[0].lower()]
    return (lower or spellings)[0]


def _contacts(document: Document, draft: Draft) -> None:
    contacts: dict = {}
    draft.data["contacts"] = contacts
    sources = [
        ("the letterhead or footer", list(document.furniture)),
        ("the text", list(texts(document))),
    ]
    for field, pattern in (("phone", PHONE), ("email", EMAIL), ("web", WEB)):
        for where, lines in sources:
            found = [(m.group(0), line) for text, line in lines for m in pattern.finditer(text)]
            if field == "web":
                found = [(v, line) for v, line in found if "@" not in v]
            fold = (lambda v: re.sub(r"\D", "", v)) if field == "phone" else str.casefold
            best = _most_common(found, fold)
            if best is None:
                continue
            value, line = best
            if field == "web" and value.startswith("www."):
                value = "https://" + value
            contacts[field] = value
            draft.guess(("contacts", field), f"guess: from {where}", line)
            break
    notes = [
        (text, line)
        for text, line in document.furniture
        if text != draft.data["organisation"].get("name")
        and text != draft.data["organisation"].get("tagline")
        and not _only_contacts(text)
    ]
    if notes:
        contacts["notes"] = [text for text, _ in notes]
        draft.guess(("contacts", "notes"), "guess: the letterhead or footer", notes[0][1])


def _only_contacts(text: str) -> bool:
    rest = WEB.sub("", EMAIL.sub("", PHONE.sub("", text)))
    return rest != text and len(rest.split()) <= 2


def _policy_dates(document: Document, draft: Draft) -> None:
    facts: dict = {}
    draft.data["policy"] = facts
    found_at: dict[str, int] = {}
    for text, line in texts(document):
        for sentence in _SENTENCE.split(text):
            lower = sentence.casefold()
            value = dates.find(sentence)
            cycle = re.search(
                r"review\w*\s+(annually|yearly|every year|every (two|2) years)", lower
            )
            if cycle and "review_every" not in facts:
                facts["review_every"] = "12 months" if cycle.group(2) is None else "2 years"
                draft.guess(("policy", "review_every"), f'guess: "{cycle.group(0)}"', line)
            if value is None:
                continue
            if re.search(r"review|revision|renew", lower) and "last reviewed" not in lower:
                key = "review_due"
            elif "last reviewed" in lower:
                key = "last_reviewed"
            elif "adopt" in lower or (
                dates.DATE_ONLY.fullmatch(sentence.strip()) and len(lower.split()) <= 3
            ):
                key = "adopted"
            else:
                continue
            if key not in facts:
                facts[key] = value
                draft.guess(("policy", key), f'guess: "{_short(sentence)}"', line)
                found_at[key] = line
            by = re.search(r"adopted by (the [A-Z][\w ]+?|[A-Z][\w ]+?)(?:[.,;]|$)", sentence)
            if key == "adopted" and by and "adopted_by" not in facts:
                facts["adopted_by"] = by.group(1)
                draft.guess(("policy", "adopted_by"), "guess", line)
    if "adopted" in facts and "review_due" in facts and facts["review_due"] < facts["adopted"]:
        # The loader would refuse the pair; the date stays in its section's text, reported.
        draft.guesses.pop(("policy", "review_due"))
        due = facts.pop("review_due")
        draft.unplaced.append(
            (f"review date {due}, before adoption: left out", found_at["review_due"])
        )


def _short(text: str, limit: int = 60) -> str:
    text = text.replace('"', "'")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def platforms_in(text: str) -> list[str]:
    return [key for key, (_, _, pattern) in PLATFORMS.items() if re.search(pattern, text, re.I)]


def _channels(document: Document, draft: Draft) -> None:
    """A platform named in two places or more is a channel; its targets come from a sentence
    with a rate ("2-3 times per week") or a table row naming it."""
    channels: dict = {}
    draft.data["channels"] = channels
    named: dict[str, list[int]] = {}
    for text, line in texts(document):
        for key in platforms_in(text):
            named.setdefault(key, []).append(line)
    for key, lines in named.items():
        if len(lines) >= 2:
            name, kind, _ = PLATFORMS[key]
            channels[key] = {"name": name, "kind": kind}
            draft.guess(("channels", key), f"guess: named {len(lines)} times, first", lines[0])
    for piece in document.pieces:
        if piece.kind == "table":
            _table_targets(piece, draft)
    for text, line in texts(document):
        for sentence in _SENTENCE.split(text):
            rates = [m for m in RATE.finditer(sentence) if m.group("high") or "\t" not in text]
            if not rates or "\t" in text:
                continue
            for key in platforms_in(sentence):  # a platform given a posting rate is a channel
                if key not in channels:
                    name, kind, _ = PLATFORMS[key]
                    channels[key] = {"name": name, "kind": kind}
                    draft.guess(("channels", key), "guess: given a posting target", line)
            targets = [k for k in platforms_in(sentence) if k in channels] or list(channels)
            for key in targets:
                if "target" in channels[key]:
                    continue
                low, high = rates[0].group("low"), rates[0].group("high")
                per = rates[0].group("per").lower()
                target = {"minimum": {"posts": int(low), "per": per}}
                if high:
                    target["optimum"] = {"posts": int(high), "per": per}
                target["as_written"] = sentence.strip()
                channels[key]["target"] = target
                draft.guess(("channels", key, "target"), f'guess: "{rates[0].group(0)}"', line)


def _table_targets(piece: Piece, draft: Draft) -> None:
    channels = draft.data["channels"]
    for row in piece.rows:
        keys = platforms_in(row[0]) if row else []
        rates = [(cell, m) for cell in row[1:] for m in [RATE.search(cell)] if m]
        if len(keys) != 1 or not rates:
            continue
        key = keys[0]
        name, kind, _ = PLATFORMS[key]
        channel = channels.setdefault(key, {"name": name, "kind": kind})
        channel["name"] = row[0]
        if "group" in row[0].casefold() and "page" not in row[0].casefold():
            channel["kind"] = "facebook-group" if key == "facebook" else kind
        target = {"minimum": _rate(rates[0][1])}
        if len(rates) > 1:
            target["optimum"] = _rate(rates[1][1])
        target["as_written"] = f"{row[0]}: " + "; ".join(
            f"{head} {cell}" for head, cell in zip(piece.header[1:], row[1:], strict=False) if cell
        )
        channel["target"] = target
        draft.guess(("channels", key, "target"), "guess: a row of the table", piece.line)


def _rate(match: re.Match[str]) -> dict:
    return {"posts": int(match.group("low")), "per": match.group("per").lower()}
