"""Checks across fields of one policy that a field-by-field schema cannot make.

Each yields (field path, message); the loader adds file, line and column.
"""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Iterator

from . import page_ids, reply_text, situations
from .content import MAX_SECTION_DEPTH, TOP_SECTION_HEADING
from .model import Block, ContentType, Policy, Reply

Found = Iterator[tuple[tuple[str | int, ...], str]]


def check_policy(policy: Policy) -> Found:
    yield from _dates(policy)
    yield from _contacts(policy)
    yield from _house_rules_place(policy)
    yield from _unique_ids(policy)
    yield from page_ids.problems(policy, _sections_with_paths(policy))
    yield from _section_depth(policy)
    yield from _channel_references(policy)
    yield from _reserved_channel_ids(policy)
    yield from _reply_blocks(policy)
    yield from _replies(policy)
    yield from _schedule(policy)
    yield from situations.tag_problems(policy)


def _house_rules_place(policy: Policy) -> Found:
    rules = policy.house_rules
    if rules is None or rules.after is None:
        return
    top = [section.id for section in policy.sections]
    if rules.after not in top:
        yield (
            ("house_rules", "after"),
            f'names the section "{rules.after}", which is not one of the top-level sections '
            f"(they are: {', '.join(top)}); the house rules follow a top-level section",
        )


def _contacts(policy: Policy) -> Found:
    contacts = policy.contacts
    if contacts.purpose and not contacts.ways:
        yield (
            ("contacts", "purpose"),
            "says what the main contact is for, but there is no phone, email or web beside it; "
            "add them, or put this contact under contacts: others: with its own id and name",
        )


def _dates(policy: Policy) -> Found:
    facts = policy.facts
    if facts.review_due and facts.adopted and facts.review_due.last_day < facts.adopted.first_day:
        yield (
            ("policy", "review_due"),
            f"{facts.review_due.display()} is before the adoption date "
            f"{facts.adopted.display()}; a review falls due after adoption",
        )
    if facts.review_every and not (facts.review_due or facts.last_reviewed or facts.adopted):
        yield (
            ("policy", "review_every"),
            "gives a review cycle but no date to count from; add last_reviewed (or adopted) "
            "with the date the policy states, or review_due",
        )


def _duplicates(ids: list[str], path: tuple[str, ...], what: str) -> Found:
    seen: set[str] = set()
    for index, value in enumerate(ids):
        if value in seen:
            yield (*path, index, "id"), f'"{value}" is used by another {what}; ids must be unique'
        seen.add(value)


def _unique_ids(policy: Policy) -> Found:
    yield from _duplicates([r.id for r in policy.replies], ("replies",), "reply")
    yield from _duplicates([c.id for c in policy.content_types], ("content_types",), "content type")
    yield from _duplicates(list(policy.contacts.ids()), ("contacts", "others"), "contact")
    if policy.follow:
        yield from _duplicates([k.id for k in policy.follow.kinds], ("follow", "kinds"), "kind")
    seen: set[str] = set()
    for path, section in _sections_with_paths(policy):
        if section.id in seen:
            yield (*path, "id"), f'"{section.id}" is used by another section; ids must be unique'
        seen.add(section.id)


def _sections_with_paths(policy: Policy):
    def walk(sections, path):
        for index, section in enumerate(sections):
            here = (*path, index)
            yield here, section
            yield from walk(section.sections, (*here, "sections"))

    yield from walk(policy.sections, ("sections",))


def _section_depth(policy: Policy) -> Found:
    """Sections nest no deeper than the page has headings; each too-deep one is reported once
    (not its own subsections)."""

    def walk(sections, path, depth):
        for index, section in enumerate(sections):
            here = (*path, index)
            if depth > MAX_SECTION_DEPTH:
                last = TOP_SECTION_HEADING + MAX_SECTION_DEPTH - 1
                yield (
                    here,
                    f'(section "{section.id}") is nested {depth} deep; sections nest at most '
                    f"{MAX_SECTION_DEPTH} deep (a top-level section is headed h"
                    f"{TOP_SECTION_HEADING} and a page has no heading below h{last}): move it "
                    "up a level, or make its title a bold paragraph in its parent's blocks",
                )
                continue
            yield from walk(section.sections, (*here, "sections"), depth + 1)

    yield from walk(policy.sections, ("sections",), 1)


def _unknown_channel(channel_id: str) -> str:
    return f'names the channel "{channel_id}", which is not under channels:'


def _channel_references(policy: Policy) -> Found:
    known = set(policy.channels)
    for index, reply in enumerate(policy.replies):
        for position, channel_id in enumerate(reply.channels):
            if channel_id not in known:
                yield ("replies", index, "channels", position), _unknown_channel(channel_id)
    for index, kind in enumerate(policy.content_types):
        for position, channel_id in enumerate(kind.channels):
            if channel_id not in known:
                yield ("content_types", index, "channels", position), _unknown_channel(channel_id)
        yield from _kind_guidance(kind, index, known)
    if policy.follow:
        for position, channel_id in enumerate(policy.follow.platforms):
            if channel_id not in known:
                yield ("follow", "platforms", position), _unknown_channel(channel_id)


def _kind_guidance(kind: ContentType, index: int, known: set[str]) -> Found:
    """Guidance by channel names channels the kind is posted on; some guidance is given."""
    for channel_id in kind.guidance_by_channel:
        path = ("content_types", index, "guidance_by_channel", channel_id)
        if channel_id not in known:
            yield path, _unknown_channel(channel_id)
        elif kind.channels and channel_id not in kind.channels:
            yield (
                path,
                f'gives guidance for "{channel_id}", which is not among this kind\'s channels '
                f"({', '.join(kind.channels)}); add it to channels or remove the guidance",
            )
    if kind.guidance is None and not kind.guidance_by_channel:
        yield (
            ("content_types", index, "id"),
            f'(kind "{kind.id}") has no guidance: add guidance (for every channel) or '
            "guidance_by_channel (for one channel, e.g. facebook: …)",
        )


# The daily digest feed is <slug>-daily.ics, beside one <slug>-<channel>.ics per channel.
DIGEST_NAME = "daily"


def _reserved_channel_ids(policy: Policy) -> Found:
    channel = policy.channels.get(DIGEST_NAME)
    if channel is not None and channel.target is not None:
        slug = policy.organisation.slug or "<organisation>"
        yield (
            ("channels", DIGEST_NAME),
            f'"{DIGEST_NAME}" is the name of the daily digest calendar feed '
            f"({slug}-{DIGEST_NAME}.ics); give this channel with a target another id",
        )


def _blocks_with_paths(policy: Policy) -> Iterator[tuple[tuple[str | int, ...], Block]]:
    for path, section in _sections_with_paths(policy):
        for index, block in enumerate(section.blocks):
            yield (*path, "blocks", index), block
    for channel_id, channel in policy.channels.items():
        for index, block in enumerate(channel.description):
            yield ("channels", channel_id, "description", index), block


def _reply_blocks(policy: Policy) -> Found:
    reply_ids = {reply.id for reply in policy.replies}
    for path, block in _blocks_with_paths(policy):
        if block.reply is not None and block.reply not in reply_ids:
            known = ", ".join(sorted(reply_ids)) or "none yet"
            yield (
                (*path, "reply"),
                f'names the reply "{block.reply}", which is not under replies: (known: {known})',
            )


def _replies(policy: Policy) -> Found:
    contact_ids = policy.contacts.ids()
    for index, reply in enumerate(policy.replies):
        if reply.contact is not None and reply.contact not in contact_ids:
            known = ", ".join(contact_ids) or "none yet: add them under contacts: others:"
            yield (
                ("replies", index, "contact"),
                f'(reply "{reply.id}") names the contact "{reply.contact}", which is not under '
                f"contacts: others: (known: {known})",
            )
            continue
        yield from _languages(reply, index)
        for message in reply_text.placeholder_problems(reply.text, policy, reply.contact):
            yield ("replies", index, "text"), f'(reply "{reply.id}") {message}'
        if reply.translation:
            text = reply.translation.text
            for message in reply_text.placeholder_problems(text, policy, reply.contact):
                yield ("replies", index, "translation", "text"), f'(reply "{reply.id}") {message}'
        for variant in reply_text.variants(reply):
            yield from _lengths(variant, index, policy)


def _languages(reply: Reply, index: int) -> Found:
    if reply.bilingual and reply.translation is None:
        yield (
            ("replies", index, "bilingual"),
            f'(reply "{reply.id}") says how to send two languages, but gives one: add '
            "translation: {language: cy, text: …} with the policy's other wording",
        )
    if reply.translation and reply.translation.language == (reply.language or "en"):
        yield (
            ("replies", index, "translation", "language"),
            f'(reply "{reply.id}") has a translation in the language of its text '
            f'("{reply.translation.language}"); give the text\'s own `language:` if it is not '
            "English, or the translation's",
        )


_WHERE = {
    "": ("text",),
    "translation": ("translation", "text"),
    "together": ("bilingual",),
}
_WHICH = {"": "", "translation": " in translation", "together": " with its translation in one post"}


def _lengths(variant: reply_text.Variant, index: int, policy: Policy) -> Found:
    reply = variant.reply
    name = reply.id.split("--")[0]
    for measure in reply_text.measure(reply, policy):
        if measure.fits:
            continue
        counted = " (links count as 23)" if measure.channel.kind == "twitter" else ""
        advice = (
            "it has a sentence too long to split into a thread"
            if reply.thread
            else "add `thread: true` to post it as a numbered thread"
        )
        yield (
            ("replies", index, *_WHERE[variant.kind]),
            f'(reply "{name}"){_WHICH[variant.kind]} is {measure.length} characters{counted}, '
            f"over the {measure.limit}-character limit of {measure.channel.name} "
            f"({measure.channel_id}); shorten it by {measure.length - measure.limit}, "
            f"or {advice}",
        )


# Names the zone database holds that mean "whatever this machine is set to" (or nothing at
# all): a build that used them would plan different times on different machines.
_NOT_A_PLACE = {"localtime", "Factory", "posixrules"}


@functools.cache
def _time_zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones() - _NOT_A_PLACE)


def _schedule(policy: Policy) -> Found:
    name = policy.schedule.timezone
    if name not in _time_zone_names():
        why = (
            " (it names no place, and differs from machine to machine)"
            if name in _NOT_A_PLACE
            else ""
        )
        yield (
            ("schedule", "timezone"),
            f'"{name}" is not a time zone name like "Europe/London"{why}',
        )
