"""The draft policy as it is built: the data the YAML file will hold, and beside it every guess
(with the place in the document it came from) and everything that found no place."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

Path = tuple[str | int, ...]


@dataclass
class Draft:
    unit: str  # "line" or "block": what the document's places count
    data: dict[str, Any] = field(default_factory=dict)
    guesses: dict[Path, str] = field(default_factory=dict)
    unplaced: list[tuple[str, int]] = field(default_factory=list)
    used_ids: set[str] = field(default_factory=set)

    def where(self, line: int) -> str:
        # Line 0: a Word or OpenDocument header or footer, outside the body's count.
        return f"{self.unit} {line}" if line else "the page header or footer"

    def guess(self, path: Path, why: str, line: int | None) -> None:
        """Mark the value at `path` as the importer's reading, with why and where."""
        self.guesses[path] = why + (f" ({self.where(line)})" if line is not None else "")

    def new_id(self, text: str, fallback: str) -> str:
        """A slug no other section, reply or follow kind of this draft uses."""
        base = slug(text) or fallback
        candidate, number = base, 2
        while candidate in self.used_ids or candidate in RESERVED_IDS:
            candidate = f"{base[:56]}-{number}"
            number += 1
        self.used_ids.add(candidate)
        return candidate


def slug(text: str, limit: int = 48) -> str:
    """Lower-case words joined by hyphens, cut at a word and at most `limit` characters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for word in words:
        joined = f"{out}-{word}" if out else word
        if len(joined) > limit:
            break
        out = joined
    return out or "-".join(words)[:limit].strip("-")


def _reserved() -> frozenset[str]:
    from ..policy import page_ids

    found = set(page_ids.EVERY_PAGE) | set(page_ids.SITUATION_STEP_IDS)
    for ids in (*page_ids.TEMPLATE_IDS.values(), *page_ids.OVERRIDE_IDS.values()):
        found |= set(ids)
    return frozenset(found)


# Ids the site's pages already give an element: a section or reply may not take them.
RESERVED_IDS = _reserved()
