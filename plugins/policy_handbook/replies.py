"""Canned replies: fill placeholders from the organisation's contacts and count characters
the way each platform does (X counts every link as 23 characters)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from .model import Channel, Policy, Reply

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
# What a placeholder may name, and where its value comes from.
PLACEHOLDERS = {
    "phone": "contacts.phone",
    "email": "contacts.email",
    "web": "contacts.web",
    "name": "organisation.name",
    "short_name": "organisation.short_name",
}

# X (twitter-text v3): a link counts as 23 characters whatever its length.
X_URL_LENGTH = 23
_URL = re.compile(
    r"(?<![@\w.])(?:https?://[^\s]+|www\.[^\s]+|"
    r"[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|uk|io|info|gov|ac|co|nhs|edu)\b[^\s]*)",
    re.IGNORECASE,
)
_TRAILING_PUNCTUATION = ".,;:!?)'\""
# twitter-text v3 weighting: these code point ranges count 1, everything else (CJK, emoji) 2.
_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))


def placeholder_values(policy: Policy) -> dict[str, str | None]:
    contacts, organisation = policy.contacts, policy.organisation
    return {
        "phone": contacts.phone,
        "email": contacts.email,
        "web": contacts.web,
        "name": organisation.name,
        "short_name": organisation.short_name,
    }


def placeholder_problems(text: str, policy: Policy) -> Iterator[str]:
    """Why `text`'s placeholders cannot be filled from this policy, one message each."""
    values = placeholder_values(policy)
    for match in PLACEHOLDER.finditer(text):
        name = match.group(1)
        if name not in PLACEHOLDERS:
            known = ", ".join("{" + key + "}" for key in PLACEHOLDERS)
            yield f"uses the unknown placeholder {{{name}}}; the placeholders are {known}"
        elif values[name] is None:
            yield f"uses {{{name}}} but {PLACEHOLDERS[name]} is not set"
    stray = PLACEHOLDER.sub("", text)
    if "{" in stray or "}" in stray:
        yield "has an unmatched { or }; placeholders are written like {phone}"


def fill(text: str, policy: Policy) -> str:
    """The reply's text with placeholders filled and trailing spaces removed from each line."""
    values = placeholder_values(policy)
    filled = PLACEHOLDER.sub(lambda match: values.get(match.group(1)) or "", text)
    return "\n".join(line.rstrip() for line in filled.strip("\n").split("\n"))


def x_length(text: str) -> int:
    """Characters as X counts them: NFC-normalised, weighted, each link as 23."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    position = 0
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING_PUNCTUATION)
        total += _weighted(text[position : match.start()]) + X_URL_LENGTH
        position = match.start() + len(url)
    return total + _weighted(text[position:])


def _weighted(text: str) -> int:
    if text.isascii():  # every ASCII character weighs 1
        return len(text)
    return sum(
        1 if any(low <= ord(ch) <= high for low, high in _LIGHT_RANGES) else 2 for ch in text
    )


def length_for(text: str, channel: Channel) -> int:
    """The text's length as the channel's platform counts it."""
    return x_length(text) if channel.kind == "twitter" else len(text)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def split_thread(text: str, limit: int, count) -> list[str]:
    """Split `text` at sentence ends into the fewest posts, each numbered " (n/N)", that fit.

    Returns a single-item list when no split gives parts within the limit (one sentence
    alone is too long): the caller then reports the whole text as over the limit.
    """
    sentences = _SENTENCE_END.split(text)
    for total in range(2, len(sentences) + 1):
        parts: list[str] = []
        current = ""
        for sentence in sentences:
            candidate = f"{current} {sentence}" if current else sentence
            suffix = f" ({len(parts) + 1}/{total})"
            if current and count(candidate + suffix) > limit:
                parts.append(current)
                current = sentence
            else:
                current = candidate
        parts.append(current)
        if len(parts) == total:
            numbered = [f"{part} ({n}/{total})" for n, part in enumerate(parts, start=1)]
            if all(count(part) <= limit for part in numbered):
                return numbered
    return [text]


@dataclass(frozen=True)
class Measure:
    """A reply's text as it goes out on one channel: one post, or a thread of parts."""

    channel_id: str
    channel: Channel
    parts: tuple[str, ...]
    lengths: tuple[int, ...]
    limit: int | None

    @property
    def length(self) -> int:
        return max(self.lengths)

    @property
    def fits(self) -> bool:
        return self.limit is None or self.length <= self.limit


def measure(reply: Reply, policy: Policy) -> list[Measure]:
    text = fill(reply.text, policy)
    measures = []
    for channel_id in reply.channels:
        channel = policy.channels.get(channel_id)
        if channel is None:
            continue
        limit = channel.limit_for(reply.how)

        def count(value: str, channel: Channel = channel) -> int:
            return length_for(value, channel)

        parts = [text]
        if reply.thread and limit is not None and count(text) > limit:
            parts = split_thread(text, limit, count)
        measures.append(Measure(channel_id, channel, tuple(parts), tuple(map(count, parts)), limit))
    return measures
