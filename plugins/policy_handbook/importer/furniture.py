"""Page furniture: the letterhead, footer and page numbers a document repeats on every page.
They are facts about the organisation (its name, contacts), said once, never section text."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

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
