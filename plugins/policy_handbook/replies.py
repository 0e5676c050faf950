"""Canned replies: fill placeholders from the organisation's contacts and count characters
the way each platform does (X counts every link as 23 characters)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

from .fields import LIMITS_BY_HOW
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
# A link is http:// or https:// and more, www. and more, or a dotted name ending in one of
# these top-level domains (then anything up to the next space), never straight after a letter,
# digit, _, @ or dot. Links hold no whitespace, so each word is checked on its own, in one
# pass. (One backtracking regular expression did this before, retrying every start: quadratic,
# 12 s for "a-" * 16000.)
_TLDS = frozenset({"com", "org", "net", "uk", "io", "info", "gov", "ac", "co", "nhs", "edu"})
_TRAILING_PUNCTUATION = ".,;:!?)'\""
# Words (runs of non-space) holding ://, www. or a dot and a top-level domain: the only ones a
# link can be in. Each word is tried once, from its start, so this too takes linear time.
_LINK_WORD = re.compile(
    r"(?<!\S)\S*?(?:://|www\.|\.(?:" + "|".join(sorted(_TLDS)) + r")(?!\w))\S*", re.IGNORECASE
)
# Letters match whatever their case. Four non-ASCII letters also stand for ASCII ones (dotted
# capital I and dotless i for i, long s for s, the Kelvin sign for k) because the
# case-insensitive regular expression this replaced let them: keeping them keeps every count.
_FOLD = str.maketrans(
    {chr(c): chr(c).lower() for c in range(ord("A"), ord("Z") + 1)}
    | {"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
)
_NAME_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")  # once folded
# twitter-text v3 weighting: these code point ranges count 1, everything else (CJK, emoji) 2.
_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
_HEAVY = re.compile(
    "[^" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in _LIGHT_RANGES) + "]"
)


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
    for word in _LINK_WORD.finditer(text):
        start = _link_start(word.group())
        if start < 0:
            continue
        start += word.start()
        url = text[start : word.end()].rstrip(_TRAILING_PUNCTUATION)
        total += _weighted(text[position:start]) + X_URL_LENGTH
        position = start + len(url)
    return total + _weighted(text[position:])


def _link_start(word: str) -> int:
    """Where the first link in `word` (no whitespace) starts, or -1; it runs to the word's end.

    Linear in the word's length: each possible start is checked in constant time, a dotted
    name's with the help of `_names`.
    """
    folded = word.translate(_FOLD)
    n = len(word)
    names = None
    for p in range(n):
        if p and (word[p - 1] in "@._" or word[p - 1].isalnum()):
            continue  # a link never starts inside a word, an address or a name
        ch = folded[p]
        if ch == "h" and (
            (folded.startswith("http://", p) and n > p + 7)
            or (folded.startswith("https://", p) and n > p + 8)
        ):
            return p
        if ch == "w" and folded.startswith("www.", p) and n > p + 4:
            return p
        if ch in _NAME_CHARACTERS:
            stop, domain = names = names or _names(word, folded)
            if domain[p + 1] < stop[p]:
                return p
    return -1


def _names(word: str, folded: str) -> tuple[list[int], list[int]]:
    """For each position i, filled from the right: where a dotted name starting at i must end
    (the first character that cannot be in a name, or the first of two dots in a row, as a
    name has no empty parts), and the first dot at or after i that a top-level domain follows.
    A name starting at i ends in a domain when the second is before the first.
    """
    n = len(word)
    stop = [n] * (n + 1)
    domain = [n] * (n + 1)
    for i in range(n - 1, -1, -1):
        ch = folded[i]
        if ch == ".":
            stop[i] = i if folded.startswith(".", i + 1) else stop[i + 1]
            domain[i] = i if _ends_in_domain(word, folded, i) else domain[i + 1]
        else:
            stop[i] = stop[i + 1] if ch in _NAME_CHARACTERS else i
            domain[i] = domain[i + 1]
    return stop, domain


def _ends_in_domain(word: str, folded: str, dot: int) -> bool:
    """Whether a known top-level domain follows the dot at `dot`, ending a word (\\b)."""
    for size in (2, 3, 4):
        end = dot + 1 + size
        if end <= len(word) and folded[dot + 1 : end] in _TLDS:
            if end == len(word) or not (word[end].isalnum() or word[end] == "_"):
                return True
    return False


def _weighted(text: str) -> int:
    if text.isascii():  # every ASCII character weighs 1
        return len(text)
    return len(text) + len(_HEAVY.findall(text))


def length_for(text: str, channel: Channel) -> int:
    """The text's length as the channel's platform counts it."""
    return x_length(text) if channel.kind == "twitter" else len(text)


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def split_thread(text: str, limit: int, count: Callable[[str], int]) -> list[str]:
    """Split `text` at sentence ends into the fewest posts, each numbered " (n/N)", that fit.

    Returns a single-item list when no split gives parts within the limit (one sentence
    alone is too long): the caller then reports the whole text as over the limit.

    Sentences fill each post in turn while the post, with its number, fits. `count` must add
    up (text joined by a space counts as the sum of its pieces), as plain and X counts do:
    each sentence is counted once, so the time grows with the text, not with its square.
    """
    sentences = _SENTENCE_END.split(text)
    if len(sentences) < 2:
        return [text]
    lengths = [count(sentence) for sentence in sentences]
    space = count(" ")
    numbers: dict[tuple[int, int], int] = {}

    def number(part: int, digits: int) -> int:
        """The count of " (part/N)" for an N of `digits` digits: all that varies is digits."""
        key = (len(str(part)), digits)
        if key not in numbers:
            numbers[key] = count(f" ({10 ** (key[0] - 1)}/{10 ** (digits - 1)})")
        return numbers[key]

    # Only the width of N changes how sentences fill posts, so one filling serves every N of
    # the same width, and it can only be right for the N it comes to.
    for digits in range(1, len(str(len(sentences))) + 1):
        parts = _fill_posts(
            sentences, lengths, space, limit, partial(number, digits=digits), 10**digits - 1
        )
        if parts is None or len(parts) < 2 or len(str(len(parts))) != digits:
            continue
        total = len(parts)
        if all(length + number(k, digits) <= limit for k, (_, length) in enumerate(parts, 1)):
            numbered = [f"{part} ({k}/{total})" for k, (part, _) in enumerate(parts, 1)]
            if all(count(part) <= limit for part in numbered):
                return numbered
    return [text]


def _fill_posts(
    sentences: list[str],
    lengths: list[int],
    space: int,
    limit: int,
    number: Callable[[int], int],
    most: int,
) -> list[tuple[str, int]] | None:
    """Sentences packed into posts greedily: (text, count) of each post, without its number,
    or None past `most` posts.

    A sentence starts a new post when adding it would take the current one, numbered, over
    the limit; a post always takes at least one sentence (one too long fails later). Only the
    last sentence can be empty (text ending in ". "), so no post starts empty.
    """
    posts: list[tuple[str, int]] = []
    first, current = 0, lengths[0]
    for i in range(1, len(sentences)):
        joined = current + space + lengths[i]
        if joined + number(len(posts) + 1) > limit:
            posts.append((" ".join(sentences[first:i]), current))
            if len(posts) >= most:
                return None
            first, current = i, lengths[i]
        else:
            current = joined
    posts.append((" ".join(sentences[first:]), current))
    return posts


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


def profile_lengths(text: str, policy: Policy) -> list[tuple[Channel, int, int]]:
    """(channel, length, bio limit) for each channel whose platform limits profile text."""
    found = []
    for channel in policy.channels.values():
        limit = LIMITS_BY_HOW.get(("profile", channel.kind))
        if limit is not None:
            found.append((channel, length_for(text, channel), limit))
    return found


def profile_fits(text: str, policy: Policy) -> list[str]:
    """Each platform's bio limit against the profile text, in words for the policy page."""
    lines = []
    for channel, length, limit in profile_lengths(text, policy):
        line = f"{channel.name}: {length:,} of the {limit:,} characters a profile holds"
        if length > limit:
            line += f" — too long by {length - limit}: shorten it for this profile"
        lines.append(line)
    return lines
