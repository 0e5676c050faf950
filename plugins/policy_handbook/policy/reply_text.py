"""Canned replies: fill placeholders from the organisation's contacts and count characters
the way each platform does (X counts every link as 23 characters)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial

import regex

from ..text import platform_limits
from ..text.x_count import x_length
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


def placeholder_values(policy: Policy, contact: str | None = None) -> dict[str, str | None]:
    """Each placeholder's value; {phone}, {email} and {web} from the contact a reply names."""
    contacts, organisation = policy.contacts.get(contact), policy.organisation
    return {
        "phone": contacts.phone,
        "email": contacts.email,
        "web": contacts.web,
        "name": organisation.name,
        "short_name": organisation.short_name,
    }


def placeholder_problems(text: str, policy: Policy, contact: str | None = None) -> Iterator[str]:
    """Why `text`'s placeholders cannot be filled from this policy, one message each."""
    values = placeholder_values(policy, contact)
    for match in PLACEHOLDER.finditer(text):
        name = match.group(1)
        if name not in PLACEHOLDERS:
            known = ", ".join("{" + key + "}" for key in PLACEHOLDERS)
            yield f"uses the unknown placeholder {{{name}}}; the placeholders are {known}"
        elif values[name] is None and contact and name in _CONTACT_WAYS:
            yield f'uses {{{name}}} but the contact "{contact}" has no {name}'
        elif values[name] is None:
            yield f"uses {{{name}}} but {PLACEHOLDERS[name]} is not set"
    stray = PLACEHOLDER.sub("", text)
    if "{" in stray or "}" in stray:
        yield "has an unmatched { or }; placeholders are written like {phone}"


_CONTACT_WAYS = ("phone", "email", "web")


def fill(text: str, policy: Policy, contact: str | None = None) -> str:
    """The reply's text with placeholders filled (contact details from the contact it names)
    and trailing spaces removed from each line."""
    values = placeholder_values(policy, contact)
    filled = PLACEHOLDER.sub(lambda match: values.get(match.group(1)) or "", text)
    return "\n".join(line.rstrip() for line in filled.strip("\n").split("\n"))


def length_for(text: str, channel: Channel) -> int:
    """The text's length as the channel's platform counts it (`counted` in
    platform_limits.yaml): X's weighting, graphemes (Bluesky), or code points."""
    counted = platform_limits.counted(channel.kind)
    if counted == "x-weighted":
        return x_length(text)
    if counted == "graphemes":
        return len(_GRAPHEME.findall(text))
    return len(text)


# One grapheme cluster (Unicode's extended grapheme rules): what a reader sees as one character.
_GRAPHEME = regex.compile(r"\X")


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
    field: str | None = None  # post, comment, dm or bio (platform_limits.FIELDS)
    warn: int | None = None  # a lower figure to keep under, where published limits disagree

    @property
    def length(self) -> int:
        return max(self.lengths)

    @property
    def fits(self) -> bool:
        return self.limit is None or self.length <= self.limit


def measure(reply: Reply, policy: Policy) -> list[Measure]:
    text = fill(reply.text, policy, reply.contact)
    measures = []
    for channel_id in reply.channels:
        channel = policy.channels.get(channel_id)
        if channel is None:
            continue
        found = platform_limits.limit_for(channel.kind, reply.how, channel.character_limit)
        limit = found.limit if found else None

        def count(value: str, channel: Channel = channel) -> int:
            return length_for(value, channel)

        parts = [text]
        if reply.thread and limit is not None and count(text) > limit:
            parts = split_thread(text, limit, count)
        lengths = tuple(map(count, parts))
        field = platform_limits.field_for(reply.how)
        warn = found.warn if found else None
        measures.append(Measure(channel_id, channel, tuple(parts), lengths, limit, field, warn))
    return measures


# Where a reply is also given in another language, its other wordings are replies of their own
# for measuring and copying: the translation, and both together when the policy says one post.
# Their ids hold "--", which no policy id can, so their text files never collide with a reply's.
TOGETHER_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Variant:
    """One wording of a reply as it is sent: the text, its translation, or both in one post."""

    kind: str  # "", "translation" or "together"
    reply: Reply
    language: str | None  # the lang to mark it with, None when it is the site's or mixed


def variants(reply: Reply) -> list[Variant]:
    found = [Variant("", reply, reply.language)]
    other = reply.translation
    if other is None:
        return found
    found.append(
        Variant(
            "translation",
            reply.model_copy(
                update={
                    "id": f"{reply.id}--{other.language}",
                    "text": other.text,
                    "language": other.language,
                }
            ),
            other.language,
        )
    )
    if reply.bilingual == "one-post":
        both = reply.text.strip("\n") + TOGETHER_SEPARATOR + other.text.strip("\n")
        found.append(
            Variant(
                "together", reply.model_copy(update={"id": f"{reply.id}--both", "text": both}), None
            )
        )
    return found


def profile_lengths(text: str, policy: Policy) -> list[tuple[Channel, int, int]]:
    """(channel, length, bio limit) for each channel whose platform limits profile text."""
    found = []
    for channel in policy.channels.values():
        limit = platform_limits.limit_for(channel.kind, "profile")
        if limit is not None:
            found.append((channel, length_for(text, channel), limit.limit))
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
