"""Read the site's search index (Pagefind's, under site/pagefind/) back in tests.

Pagefind writes one gzipped JSON "fragment" per page: its text as one string of words, and the
word position of each heading that has an id. `sections()` cuts a page's text at its headings
as a search result does, so tests can ask "is this phrase in that section's indexed text?".
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

SIGNATURE = b"pagefind_dcd"


def fragments(site: Path) -> list[dict]:
    """Every indexed page's fragment, in a fixed order."""
    found = []
    for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment")):
        raw = gzip.decompress(path.read_bytes())
        assert raw.startswith(SIGNATURE), path
        found.append(json.loads(raw[len(SIGNATURE) :]))
    return sorted(found, key=lambda fragment: fragment["url"])


def sections(site: Path) -> list[dict]:
    """Indexed text by page and heading, as `{"location", "title", "text", "meta"}` dicts.

    `location` is the page's address without the leading slash (`bwdpip/`), with `#id` for the
    text under a heading (up to the next heading): the shape Material's search index had.
    """
    docs = []
    for fragment in fragments(site):
        words = fragment["content"].split()
        page = fragment["url"].lstrip("/")
        anchors = sorted(
            (a for a in fragment["anchors"] if a["element"][:1] == "h" and a["text"].strip()),
            key=lambda a: a["location"],
        )
        starts = [a["location"] for a in anchors] + [len(words)]
        docs.append(
            {
                "location": page,
                "title": fragment["meta"].get("title", ""),
                "text": " ".join(words[: starts[0]]),
                "meta": fragment["meta"],
            }
        )
        for anchor, end in zip(anchors, starts[1:], strict=True):
            docs.append(
                {
                    "location": f"{page}#{anchor['id']}",
                    "title": anchor["text"],
                    "text": " ".join(words[anchor["location"] : end]),
                    "meta": fragment["meta"],
                }
            )
    return docs
