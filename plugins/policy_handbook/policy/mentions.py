"""Parts of a policy that speak about a situation without being tagged for it.

Only tagged parts become steps on "What to do when…", but an author who never tags a section
(or a house rule, or a reply) has not said the policy is silent. Each part never tagged (no
`situations:` key; `situations: []` says "does not apply") whose words include one of a
situation's words (`data/situations.yaml`) is a mention: the page shows it as "mentions it, not
marked", and `check` lists it with its line, so the author can tag it. No MkDocs import here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from .content import Block, ListItem, Section
from .model import Policy
from .situations import Situation, vocabulary

PathKey = tuple


@dataclass(frozen=True)
class Mention:
    situation: str  # the situation's id
    kind: str  # "section", "house rule" or "reply"
    path: PathKey  # the field path of the part, for file:line
    title: str  # the section's or reply's title, or the rule's words
    word: str  # the situation's word found in it
    anchor: str  # a section's id or "house-rules" (policy page), a reply's id (replies page)


def _items(items: list[ListItem]) -> Iterator[str]:
    for item in items:
        yield item.text
        yield from _items(item.items)
        yield from _items(item.numbered)


def _block_words(block: Block) -> Iterator[str]:
    for value in (block.paragraph, block.quote.text if block.quote else None):
        if value:
            yield value
    yield from _items(block.bullets or [])
    yield from _items(block.numbered or [])
    yield from (item.words for item in block.checklist or [])
    if block.table:
        yield from block.table.header
        for row in block.table.rows:
            yield from row
    for pair in block.definitions or []:
        yield pair.term
        yield pair.definition


@cache
def _pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    # Literal words joined, whole words only, case ignored: linear in the text's length.
    words = tuple(sorted(words, key=len, reverse=True))
    return re.compile(r"\b(" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)


def _found(texts: list[str], situation: Situation) -> str | None:
    pattern = _pattern(tuple(situation.words))
    for text in texts:
        match = pattern.search(text)
        if match:
            return match.group(1).lower()
    return None


def _untagged_sections(sections: list[Section], path: PathKey) -> Iterator[tuple]:
    for index, section in enumerate(sections):
        here = (*path, index)
        if "situations" not in section.model_fields_set:
            texts = [section.heading]
            for block in section.blocks:
                texts.extend(_block_words(block))
            yield here, section, texts
        yield from _untagged_sections(section.sections, (*here, "sections"))


def mentions(policy: Policy) -> list[Mention]:
    """Every untagged part that mentions a situation, in the policy's order, situation by
    situation."""
    parts: list[tuple[str, PathKey, str, str, list[str]]] = []
    for path, section, texts in _untagged_sections(policy.sections, ("sections",)):
        parts.append(("section", path, section.label, section.id, texts))
    if policy.house_rules:
        for where, item in policy.house_rules.tagged():
            if "situations" not in item.model_fields_set:
                path = ("house_rules", *where)
                parts.append(("house rule", path, item.text, "house-rules", [item.text]))
    for index, reply in enumerate(policy.replies):
        if "situations" not in reply.model_fields_set:
            texts = [reply.title, reply.situation, reply.when, reply.text]
            parts.append(("reply", ("replies", index), reply.title, reply.id, texts))
    found = []
    for situation in vocabulary():
        for kind, path, title, anchor, texts in parts:
            word = _found(texts, situation)
            if word:
                found.append(Mention(situation.id, kind, path, title, word, anchor))
    return found
