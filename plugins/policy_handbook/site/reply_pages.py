"""Canned-reply pages and plain-text snippets: what staff open, copy and paste.

The copied text and the snippet file are the same string: `replies.fill()` of the reply, with
LF line ends, no trailing whitespace and no final newline. No MkDocs import here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

from . import block_html as html_blocks
from ..policy import reply_text as replies
from ..text import safe
from ..policy.model import Policy, Reply
from .render import environment, render

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


def _count(measure: replies.Measure, length: int, where: str) -> str:
    """One length line, against the limit of the field the reply fills on that platform."""
    limit = measure.limit
    if limit is None:
        if measure.field is None:
            return f"{length:,} characters ({where}: no limit)"
        return f"{length:,} characters ({where}: no published limit to check against)"
    over = f", over by {length - limit:,}" if length > limit else ""
    if measure.warn and measure.warn < length <= limit:
        over = f"; over {measure.warn:,}, where some sources put the limit: shorten it"
    return f"{length:,} / {limit:,} characters ({where}{_field_named(measure)}{over})"


def _field_named(measure: replies.Measure) -> str:
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
        return name + Markup(" (") + html_blocks.channel_address(channel) + Markup(")")
    return name


def reply_view(reply: Reply, policy: Policy) -> ReplyView:
    """The reply with a Copy button for its whole text where a channel takes it in one piece,
    and one per part where a channel takes it as a thread: never a whole-text button for a
    channel that would refuse it."""
    text = replies.fill(reply.text, policy)
    counts: list[str] = []
    whole_on: list[str] = []  # channels that take the whole text in one piece
    threads: list[Thread] = []
    for measure in replies.measure(reply, policy):
        where = _where(measure.channel.name, reply.how)
        if len(measure.parts) == 1:
            counts.append(_count(measure, measure.lengths[0], where))
            whole_on.append(measure.channel.name)
            continue
        total = len(measure.parts)
        whole = replies.length_for(text, measure.channel)
        intro = (
            f"{_count(measure, whole, where)}: too long for one post, so it goes out as a "
            f"thread of {total}"
        )
        parts = tuple(
            Copyable(
                text=part,
                snippet=snippet_uri(policy.slug, reply.id, f"{measure.channel_id}.{n}"),
                counts=(_count(measure, length, f"{where}, part {n} of {total}"),),
                label=f"Copy part {n} of {total}",
                name=f"Copy part {n} of {total} for {measure.channel.name}: {reply.title}",
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
            label=f"Copy{only}",
            name=f"Copy reply{only}: {reply.title}",
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
    )


def _listed(names: list[str]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)


def quoted(reply: Reply, policy: Policy, root: str, replies_uri: str | None) -> Markup:
    """A reply where a policy's text quotes it: its Copy buttons, and a link to the reply on
    the Canned replies page (when the site has one) for when to use it."""
    macro = environment().get_template("replies_blocks.md.j2").module.quoted
    return Markup(macro(reply_view(reply, policy), root, replies_uri))


def snippets(policy: Policy) -> dict[str, bytes]:
    """Every reply's plain text (and each thread part's) by site path: exactly what copy yields."""
    files: dict[str, bytes] = {}
    for reply in policy.replies:
        # The whole text always has its file, for hand-written pages that include it, even
        # where every channel takes it as a thread and the page offers only the parts.
        files[snippet_uri(policy.slug, reply.id)] = replies.fill(reply.text, policy).encode()
        view = reply_view(reply, policy)
        for piece in (part for thread in view.threads for part in thread.parts):
            files[piece.snippet] = piece.text.encode("utf-8")
    return files


def includable(text: str) -> str:
    """A reply as `pymdownx.snippets` includes it into a hand-written page: one line in which
    nothing is Markdown or HTML wherever it lands (top level, a list, an admonition), because
    the site's Markdown finds nothing in `safe.inert` text to act on. An inline `span`, so the
    paragraph the site's Markdown puts round it is valid HTML at any depth."""
    return f'<span class="handbook-snippet">{safe.inert(text)}</span>\n'


def write_snippets(directory: Path, policies: Iterable[Policy]) -> None:
    """Write every snippet under `directory`, in the form `pymdownx.snippets` includes."""
    for policy in policies:
        for uri, data in snippets(policy).items():
            path = directory / uri
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(includable(data.decode("utf-8")), encoding="utf-8")


def organisation_page(policy: Policy) -> str:
    """`<slug>/replies.md`: the organisation's replies, each headed and anchored by its id."""
    views = [reply_view(reply, policy) for reply in policy.replies]
    # Only the channels the policy's replies name: a policy naming no platform gets none invented.
    used = [c for c in policy.channels if any(c in reply.channels for reply in policy.replies)]
    names = [policy.channels[c].name for c in used]
    places = ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else "".join(names)
    on_x = any(policy.channels[c].kind == "twitter" for c in used)
    return render("replies.md.j2", policy=policy, views=views, root="../", places=places, on_x=on_x)


def _situation_key(situation: str) -> str:
    return " ".join(situation.casefold().rstrip(".").split())


def site_page(policies: Iterable[Policy]) -> str:
    """`replies.md`: every organisation's replies, grouped by the situation they answer."""
    groups: dict[str, tuple[str, list[ReplyView]]] = {}
    for policy in policies:
        for reply in policy.replies:
            key = _situation_key(reply.situation)
            groups.setdefault(key, (reply.situation, []))[1].append(reply_view(reply, policy))
    ordered = [groups[key] for key in sorted(groups)]
    return render("replies_site.md.j2", groups=ordered, root="")
