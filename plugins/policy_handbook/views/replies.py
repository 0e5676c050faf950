"""A canned reply as its pages show it: its Copy buttons (the whole text, or each part of a
thread), the length lines against each platform's limit, and where its plain text is served.

The copied text is `reply_text.fill()` of the reply, with LF line ends, no trailing whitespace
and no final newline; the snippet files hold the same string. Used by the Canned replies pages,
"What to do when…" and any page that quotes a reply. No MkDocs import here.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from markupsafe import Markup, escape

from ..policy import reply_text
from ..policy.contacts import Contact
from ..policy.fields import LANGUAGE_WORDS, SITE_LANGUAGE
from ..policy.model import Policy, Reply
from ..text import safe
from . import contact_lines, reply_fit
from .organisation import channel_address

# How a reply goes out, as the page says it ("Twitter direct message").
HOW = {
    "direct-message": "direct message",
    "public-reply": "public reply",
    "post": "post",
    "pinned-post": "pinned post",
    "profile": "profile",
    "email": "email",
}


def snippet_uri(slug: str, reply_id: str, part: str | None = None) -> str:
    """Where a reply's plain text is written in the site, e.g. `replies/<org>/<reply>.txt`.

    A thread part is `replies/<org>/<reply>.<channel>.<n>.txt`; ids cannot hold dots, so the
    two never collide.
    """
    return f"replies/{slug}/{reply_id}{'.' + part if part else ''}.txt"


def copy_attribute(text: str) -> Markup:
    """Text escaped for an HTML attribute, line breaks as `&#10;` so no tool reflows them."""
    return Markup(str(escape(text)).replace("\r", "").replace("\n", "&#10;"))


@dataclass(frozen=True)
class Copyable:
    """One piece of text with its own copy button: the whole reply, or one thread part."""

    text: str
    snippet: str  # uri of its .txt file in the site
    counts: tuple[str, ...]  # "266 / 10,000 characters (Twitter direct message)"
    label: str  # the button's visible text
    name: str  # the button's accessible name (starts with `label`)
    lang: str | None = None  # the language to mark the text with, when not the site's

    @property
    def copy(self) -> Markup:
        return copy_attribute(self.text)


@dataclass(frozen=True)
class Thread:
    channel: str
    parts: tuple[Copyable, ...]
    intro: str = ""  # the whole text's count, and that it goes out as a thread


@dataclass(frozen=True)
class ReplyView:
    """A reply as its page shows it."""

    slug: str
    organisation: str
    reply: Reply
    how: str
    channels: tuple[Markup, ...]  # names, each linked to its address when known
    whole: Copyable | None  # None when every channel takes it as a thread of parts
    threads: tuple[Thread, ...]
    cannot: tuple[str, ...] = ()  # how, as written, it cannot do the job the policy gives it
    contact: Markup | None = None  # the contact that fills {phone}/{email}/{web}, if named
    # The reply in its other language, and both in one post, each with its own buttons.
    others: tuple[tuple[str, ReplyView], ...] = ()
    bilingual: str = ""  # how the policy says to send both languages, in words
    heading: str = ""  # "In English" above the first wording, when there are others

    def pieces(self) -> tuple[Copyable, ...]:
        """Every Copy button's piece: the whole text, each thread part, in every language."""
        found = ([self.whole] if self.whole else []) + [
            part for thread in self.threads for part in thread.parts
        ]
        return tuple(found) + tuple(piece for _, view in self.others for piece in view.pieces())


def _count(measure: reply_text.Measure, length: int, where: str) -> str:
    """One length line, against the limit of the field the reply fills on that platform."""
    limit = measure.limit
    if limit is None:
        if measure.field is None:
            return f"{length:,} characters ({where}: no limit)"
        return f"{length:,} characters ({where}: the platform publishes no limit)"
    over = f", over by {length - limit:,}" if length > limit else ""
    if measure.warn and measure.warn < length <= limit:
        over = f"; over {measure.warn:,}, where some sources put the limit: shorten it"
    return f"{length:,} / {limit:,} characters ({where}{_field_named(measure)}{over})"


def _field_named(measure: reply_text.Measure) -> str:
    """ ", comment limit" where the reply's kind does not already say which limit applies."""
    if measure.field == "comment":
        return ", comment limit"
    return ""


def _where(channel_name: str, how: str) -> str:
    return channel_name if how == "email" else f"{channel_name} {HOW[how]}"


def _channel_named(policy: Policy, channel_id: str) -> Markup:
    """The channel's name, with its address as a link when the policy gives one."""
    channel = policy.channels[channel_id]
    name = safe.text(channel.name)
    if channel.address:
        return name + Markup(" (") + channel_address(channel) + Markup(")")
    return name


_BILINGUAL = {
    "one-post": "The policy says to send both languages in one post: copy them together below.",
    "two-posts": "The policy says to send both languages at the same time, as two posts.",
    "language-used": "The policy says to answer in the language the person wrote in: copy "
    "the wording in that language.",
    None: "The policy gives this reply in both languages; it does not say whether to send them "
    "in one post or two.",
}


def reply_view(reply: Reply, policy: Policy) -> ReplyView:
    """The reply with a Copy button for its whole text where a channel takes it in one piece,
    and one per part where a channel takes it as a thread: never a whole-text button for a
    channel that would refuse it. A reply the policy gives in two languages has its other
    wording, and both in one post where the policy says so, with buttons of their own."""
    found = reply_text.variants(reply)
    if len(found) == 1:
        return _view(reply, policy, reply.language, "")
    others = []
    for variant in found[1:]:
        if variant.kind == "translation":
            which = f" in {LANGUAGE_WORDS[variant.language]}"
            heading = f"In {LANGUAGE_WORDS[variant.language]}"
        else:
            which = " in both languages"
            heading = "Both languages in one post"
        others.append((heading, _view(variant.reply, policy, variant.language, which)))
    main = _view(reply, policy, reply.language, f" in {LANGUAGE_WORDS[reply.language or 'en']}")
    return replace(
        main,
        others=tuple(others),
        bilingual=_BILINGUAL[reply.bilingual],
        heading=f"In {LANGUAGE_WORDS[reply.language or SITE_LANGUAGE]}",
    )


def _view(reply: Reply, policy: Policy, lang: str | None, which: str) -> ReplyView:
    lang = lang if lang != SITE_LANGUAGE else None
    text = reply_text.fill(reply.text, policy, reply.contact)
    named = policy.contacts.get(reply.contact)
    counts: list[str] = []
    whole_on: list[str] = []  # channels that take the whole text in one piece
    threads: list[Thread] = []
    for measure in reply_text.measure(reply, policy):
        where = _where(measure.channel.name, reply.how)
        if len(measure.parts) == 1:
            counts.append(_count(measure, measure.lengths[0], where))
            whole_on.append(measure.channel.name)
            continue
        total = len(measure.parts)
        whole = reply_text.length_for(text, measure.channel)
        intro = (
            f"{_count(measure, whole, where)}: too long for one post, so it goes out as a "
            f"thread of {total}"
        )
        parts = tuple(
            Copyable(
                text=part,
                snippet=snippet_uri(policy.slug, reply.id, f"{measure.channel_id}.{n}"),
                counts=(_count(measure, length, f"{where}, part {n} of {total}"),),
                label=f"Copy part {n} of {total}{which}",
                name=f"Copy part {n} of {total}{which} for {measure.channel.name}: {reply.title}",
                lang=lang,
            )
            for n, (part, length) in enumerate(
                zip(measure.parts, measure.lengths, strict=True), start=1
            )
        )
        threads.append(Thread(measure.channel.name, parts, intro))
    if not reply.channels:
        # The policy names no platform for it: say so rather than check against a made-up one.
        counts.append(f"{len(text):,} characters; for any channel, so no length is checked")
    whole = None
    if counts:
        only = f" for {_listed(whole_on)}" if threads else ""
        whole = Copyable(
            text=text,
            snippet=snippet_uri(policy.slug, reply.id),
            counts=tuple(counts),
            label=f"Copy{which}{only}",
            # The accessible name starts with the visible label (WCAG 2.5.3).
            name=f"Copy{which}{only}: {reply.title}"
            if which
            else f"Copy reply{only}: {reply.title}",
            lang=lang,
        )
    return ReplyView(
        slug=policy.slug,
        organisation=policy.organisation.short_name,
        reply=reply,
        how=HOW[reply.how],
        channels=tuple(_channel_named(policy, c) for c in reply.channels)
        or (Markup("Any channel"),),
        whole=whole,
        threads=tuple(threads),
        cannot=reply_fit.cannot(reply, policy),
        contact=contact_lines.contact(named) if isinstance(named, Contact) else None,
    )


def _listed(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)
