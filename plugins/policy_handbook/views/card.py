"""What the quick-reference card holds: a reference, not pointers. Each situation's first step
in the policy's own words, the full text of every reply as staff send it (a thread as its
parts), who to tell, the posting targets and the review status. No MkDocs import here.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..policy.model import Block, Policy
from ..policy.situations import guides
from .replies import ReplyView, reply_view

# A first step longer than this is cut at a sentence (or word) end, and the card says where
# the rest is: the card must stay one side of A4 however long a policy's paragraphs are.
FIRST_STEP_CHARACTERS = 240
# What one printed side holds in two columns at 9 pt, less room for headings and spacing: the
# replies get what the situations leave, and past it are listed by title, with where they are.
SIDE_CHARACTERS = 4000


@dataclass(frozen=True)
class CardSituation:
    short: str
    silent: bool
    first_words: str  # the policy's words (Markdown inline), maybe cut short
    cut: bool  # True when first_words is not the whole first step
    replies: tuple[str, ...]  # reply titles to send, in order
    tell: tuple[str, ...]  # "Administrators (Raising issues …)"
    contacts: tuple[str, ...] = ()  # "PALS: phone 0300 …", the contacts the policy names for it
    lang: str | None = None  # the language of first_words, when not English


@dataclass(frozen=True)
class CardReply:
    title: str
    first: str | None  # what to do before sending it (Markdown inline)
    parts: tuple[tuple[str, str, str | None], ...]  # (label, text as posted, lang)
    bilingual: str = ""  # how the policy says to send its two languages, when it has two


def _block_words(block: Block) -> str:
    """The words a block starts with, for a first step."""
    if block.paragraph is not None:
        return block.paragraph
    for items in (block.bullets, block.numbered):
        if items:
            return items[0].text
    if block.checklist:
        return block.checklist[0].words
    if block.quote is not None:
        return block.quote.text
    return ""


def _shorten(words: str) -> tuple[str, bool]:
    words = " ".join(words.split())
    if len(words) <= FIRST_STEP_CHARACTERS:
        return words, False
    head = words[:FIRST_STEP_CHARACTERS]
    sentence = max(head.rfind(". "), head.rfind("! "), head.rfind("? "))
    if sentence > FIRST_STEP_CHARACTERS // 3:
        return head[: sentence + 1], True
    return head[: head.rfind(" ")].rstrip(",;:") + " …", True


def _pieces(block: Block) -> int:
    """How many things a block says: a list's items, or one."""
    return len(block.bullets or block.numbered or block.checklist or [None])


def _first_step(sections) -> tuple[str, bool, str | None]:
    """The first words the steps say, whether the steps say more than that, and the language
    of the section they are from (None for English)."""
    pieces = sum(_pieces(block) for section in sections for block in section.blocks)
    for section in sections:
        for block in section.blocks:
            words = _block_words(block)
            if words:
                shown, cut = _shorten(words)
                items = block.bullets or block.numbered
                nested = bool(items) and bool(items[0].items or items[0].numbered)
                lang = section.language if section.language != "en" else None
                return shown, cut or pieces > 1 or nested, lang
    return "", bool(pieces), None


def situations(policy: Policy) -> list[CardSituation]:
    found = []
    for guide in guides(policy):
        words, cut, lang = _first_step(guide.sections)
        if not words and guide.rules:
            # Only house rules speak: the first, after the words that lead into it.
            group = guide.rules[0]
            words, cut = _shorten(
                f"{group.lead} {group.rules[0]}" if group.in_policy else group.rules[0]
            )
            cut = cut or len(group.rules) > 1 or len(guide.rules) > 1
        tell = tuple(
            f"{role.name} ({'; '.join(role.duties)})" if role.duties else role.name
            for role in guide.roles
        )
        found.append(
            CardSituation(
                short=guide.situation.short,
                silent=guide.silent,
                first_words=words,
                cut=cut,
                replies=tuple(r.title for r in guide.every_reply),
                tell=tell,
                contacts=tuple(
                    f"{c.name}: {', '.join(value for _, value in c.ways)}" for c in guide.contacts
                ),
                lang=lang,
            )
        )
    return found


def _situation_characters(found: list[CardSituation]) -> int:
    # A short situation still takes a line or two: count at least half a column's line width.
    return sum(
        max(
            60,
            len(s.short) + len(s.first_words) + sum(map(len, s.replies + s.tell + s.contacts)) + 40,
        )
        for s in found
    )


def _other_contact_characters(policy: Policy) -> int:
    # The main contact fits in the room the side always keeps; each other contact takes a line.
    return sum(
        60
        + len(c.name)
        + len(c.purpose or "")
        + len(c.hours or "")
        + sum(len(v) for _, v in c.ways)
        for c in policy.contacts.others
    )


def _parts(view: ReplyView, language: str) -> list[tuple[str, str, str | None]]:
    """(label, text as posted, lang) for the whole text or each thread part of one wording."""
    found = []
    if view.whole is not None:
        found.append((language, view.whole.text, view.whole.lang))
    for thread in view.threads:
        total = len(thread.parts)
        for n, part in enumerate(thread.parts, start=1):
            label = f"{thread.channel}, part {n} of {total}"
            found.append((f"{language}, {label}" if language else label, part.text, part.lang))
    return found


def replies(policy: Policy, shown: list[CardSituation]) -> tuple[list[CardReply], list[str]]:
    """The replies in full while they fit what the situations leave of the side, in the
    policy's order; then the titles of those left off (the card says where they are)."""
    found: list[CardReply] = []
    left_off: list[str] = []
    room = SIDE_CHARACTERS - _situation_characters(shown) - _other_contact_characters(policy)
    used = 0
    for reply in policy.replies:
        view = reply_view(reply, policy)
        parts = _parts(view, view.heading)
        for heading, other in view.others:
            if other.reply.language is not None:  # its other language; "both" repeats them
                parts += _parts(other, heading)
        size = len(reply.first or "") + len(view.bilingual)
        size += sum(len(text) for _, text, _ in parts)
        size += 60 * (1 + len(parts))  # the title's line and each part's paragraph break
        if left_off or used + size > room:
            left_off.append(reply.title)
            continue
        used += size
        found.append(CardReply(reply.title, reply.first, tuple(parts), view.bilingual))
    return found, left_off
