"""How many characters each platform lets each kind of text hold: `data/platform_limits.yaml`,
read once, with its source and date for every figure.

A reply's `how` says which field it fills: a post or pinned post is a post, a public reply is a
comment, a direct message is a DM, profile text is a bio. No MkDocs import here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).parent.parent / "data" / "platform_limits.yaml"

FIELDS = ("post", "comment", "dm", "bio")
# Which field each way of sending fills; email has no limit to check.
FIELD_OF_HOW: dict[str, str | None] = {
    "post": "post",
    "pinned-post": "post",
    "public-reply": "comment",
    "direct-message": "dm",
    "profile": "bio",
    "email": None,
}
# How the page names each field after the platform's name ("Facebook comment").
FIELD_WORDS = {"post": "post", "comment": "comment", "dm": "direct message", "bio": "profile"}
COUNTED = ("x-weighted", "graphemes", "characters")


@dataclass(frozen=True)
class Limit:
    """The most characters one field on one platform holds, and where that figure is from."""

    platform: str  # the channel kind, e.g. "facebook-page"
    field: str  # one of FIELDS
    limit: int
    source: str
    as_of: str
    warn: int | None = None  # keep under this where published figures disagree
    counted: str = "characters"


@cache
def table() -> dict[tuple[str, str], Limit]:
    """Every limit by (channel kind, field), checked as it is read."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    found: dict[tuple[str, str], Limit] = {}
    for platform, entry in data.items():
        counted = entry["counted"]
        if counted not in COUNTED:
            raise ValueError(f"{DATA.name}: {platform}: counted must be one of {COUNTED}")
        for field, figures in entry["fields"].items():
            if field not in FIELDS:
                raise ValueError(f"{DATA.name}: {platform}: unknown field {field!r}")
            found[(platform, field)] = Limit(
                platform=platform,
                field=field,
                limit=int(figures["limit"]),
                source=str(figures["source"]),
                as_of=str(figures["as_of"]),
                warn=figures.get("warn"),
                counted=counted,
            )
    return found


@dataclass(frozen=True)
class Pinning:
    """How many posts a platform pins at once, and the longest one post can be (and what that
    needs), for a wording a policy says to pin."""

    name: str  # the platform's name, e.g. "X"
    posts: int
    source: str
    as_of: str
    long_limit: int | None = None
    long_needs: str | None = None
    long_source: str | None = None
    long_as_of: str | None = None


@cache
def pinning(kind: str) -> Pinning | None:
    data = yaml.safe_load(DATA.read_text(encoding="utf-8")).get(kind) or {}
    pin, long = data.get("pinning"), data.get("long_posts") or {}
    if not pin:
        return None
    return Pinning(
        name=str(data["name"]),
        posts=int(pin["posts"]),
        source=str(pin["source"]),
        as_of=str(pin["as_of"]),
        long_limit=int(long["limit"]) if long else None,
        long_needs=str(long["needs"]) if long else None,
        long_source=str(long["source"]) if long else None,
        long_as_of=str(long["as_of"]) if long else None,
    )


@cache
def counted(kind: str) -> str:
    """How a platform counts characters: x-weighted, graphemes or characters (the default)."""
    entry = yaml.safe_load(DATA.read_text(encoding="utf-8")).get(kind) or {}
    return str(entry.get("counted", "characters"))


def field_for(how: str) -> str | None:
    return FIELD_OF_HOW[how]


def limit_for(kind: str, how: str, override: int | None = None) -> Limit | None:
    """The limit a reply sent `how` meets on a channel of `kind`, or None where there is none
    to check. `override` is the channel's own `character_limit`, which replaces the post limit
    (an X Premium account, a Mastodon server with its own)."""
    field = field_for(how)
    if field is None:
        return None
    found = table().get((kind, field))
    if field == "post" and override is not None:
        source = "this policy's character_limit for the channel"
        counted = found.counted if found else "characters"
        return Limit(kind, field, override, source, "", None, counted)
    return found
