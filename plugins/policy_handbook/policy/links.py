"""Links in a policy's Markdown: each must be safe and lead somewhere.

Walks every piece of policy Markdown with its field path, so a refused link is reported at
its file, line and field. `#section` links are allowed only where the text is shown on the
policy page, and only to a section (or a part of the page) that exists.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..text import safe
from . import page_ids
from .house_rules import HouseRules
from .loader import LoadedPolicy, PathKey
from .model import Block, ListItem

# Anchors every policy page has besides its sections' ids (its template's own headings).
PAGE_ANCHORS = frozenset(page_ids.TEMPLATE_IDS["policy.md.j2"])


def _list_texts(items: Sequence[ListItem], path: PathKey) -> Iterator[tuple[PathKey, str]]:
    for index, item in enumerate(items):
        yield (*path, index), item.text
        yield from _list_texts(item.items, (*path, index, "items"))
        yield from _list_texts(item.numbered, (*path, index, "numbered"))


def _block_texts(block: Block, path: PathKey) -> Iterator[tuple[PathKey, str]]:
    if block.paragraph is not None:
        yield path, block.paragraph
    if block.note is not None:
        yield (*path, "note"), block.note
    if block.bullets is not None:
        yield from _list_texts(block.bullets, (*path, "list"))
    if block.numbered is not None:
        yield from _list_texts(block.numbered, (*path, "numbered"))
    for index, item in enumerate(block.checklist or []):
        key = "text" if item.ticked else "statement"
        yield (*path, "checklist", index, key), item.words
    if block.quote is not None:
        yield (*path, "quote", "text"), block.quote.text
        if block.quote.source:
            yield (*path, "quote", "source"), block.quote.source
    if block.table is not None:
        if block.table.caption:
            yield (*path, "table", "caption"), block.table.caption
        for column, cell in enumerate(block.table.header):
            yield (*path, "table", "header", column), cell
        for number, row in enumerate(block.table.rows):
            for column, cell in enumerate(row):
                yield (*path, "table", "rows", number, column), cell
    for index, pair in enumerate(block.definitions or []):
        yield (*path, "definitions", index, "term"), pair.term
        yield (*path, "definitions", index, "definition"), pair.definition


def markdown_texts(loaded: LoadedPolicy) -> Iterator[tuple[PathKey, str, bool]]:
    """Every piece of policy Markdown: (field path, text, shown on the policy page itself)."""
    policy = loaded.policy

    def sections(items, path):
        for index, section in enumerate(items):
            here = (*path, index)
            for number, block in enumerate(section.blocks):
                for where, text in _block_texts(block, (*here, "blocks", number)):
                    yield where, text, True
            yield from sections(section.sections, (*here, "sections"))

    yield from sections(policy.sections, ("sections",))
    yield ("organisation", "what_it_is"), policy.organisation.what_it_is, True
    if policy.organisation.profile_picture:
        yield ("organisation", "profile_picture"), policy.organisation.profile_picture, True
    for index, kind in enumerate(policy.content_types):
        if kind.guidance is not None:
            yield ("content_types", index, "guidance"), kind.guidance, True
        for channel_id, text in kind.guidance_by_channel.items():
            yield ("content_types", index, "guidance_by_channel", channel_id), text, True
    yield from _house_rules_texts(policy.house_rules)
    for index, note in enumerate(policy.contacts.notes):
        yield ("contacts", "notes", index), note, True
    if policy.contacts.purpose:
        yield ("contacts", "purpose"), policy.contacts.purpose, True
    for index, other in enumerate(policy.contacts.others):
        for name in ("purpose", "hours"):
            if getattr(other, name):
                yield ("contacts", "others", index, name), getattr(other, name), True
    for channel_id, channel in policy.channels.items():
        if channel.target and channel.target.as_written:
            path = ("channels", channel_id, "target", "as_written")
            yield path, channel.target.as_written, True
        for number, block in enumerate(channel.description):
            for where, text in _block_texts(block, ("channels", channel_id, "description", number)):
                yield where, text, True
    for index, role in enumerate(policy.roles):
        for number, duty in enumerate(role.responsibilities):
            yield ("roles", index, "responsibilities", number), duty.text, True
    for index, reply in enumerate(policy.replies):
        yield ("replies", index, "when"), reply.when, False
        if reply.first:
            yield ("replies", index, "first"), reply.first, False
        for number, note in enumerate(reply.notes):
            yield ("replies", index, "notes", number), note, False
    if policy.follow:
        if policy.follow.intro:
            yield ("follow", "intro"), policy.follow.intro, False
        for index, caution in enumerate(policy.follow.cautions):
            yield ("follow", "cautions", index), caution, False
        for index, kind in enumerate(policy.follow.kinds):
            for number, account in enumerate(kind.accounts):
                if account.why:
                    path = ("follow", "kinds", index, "accounts", number, "why")
                    yield path, account.why, False


def section_ids(loaded: LoadedPolicy) -> frozenset[str]:
    found: set[str] = set()

    def walk(items):
        for section in items:
            found.add(section.id)
            walk(section.sections)

    walk(loaded.policy.sections)
    return frozenset(found)


def _house_rules_texts(rules: HouseRules | None) -> Iterator[tuple[PathKey, str, bool]]:
    if rules is None:
        return
    for path, text in rules.texts():
        yield ("house_rules", *path), text, True


def link_problems(loaded: LoadedPolicy) -> list[str]:
    """Every link in a policy's Markdown that is unsafe or points nowhere, with file:line."""
    anchors = section_ids(loaded) | PAGE_ANCHORS
    problems = []
    for path, text, on_policy_page in markdown_texts(loaded):
        for url in safe.link_targets(text):
            message = safe.link_problem(url, anchors if on_policy_page else None)
            if message:
                problems.append(f"{loaded.where(path)}: {message}")
    return problems
