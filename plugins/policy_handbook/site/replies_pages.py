"""The Canned replies pages (an organisation's, and every organisation's by situation) and the
plain-text snippets: what staff open, copy and paste.

The copied text and the snippet file are the same string (see views/replies.py).
No MkDocs import here.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from ..policy import reply_text
from ..policy.model import Policy
from ..text import safe
from ..views.replies import ReplyView, reply_view, snippet_uri
from .templating import render


def snippets(policy: Policy) -> dict[str, bytes]:
    """Every reply's plain text (and each thread part's) by site path: exactly what copy yields."""
    files: dict[str, bytes] = {}
    for reply in policy.replies:
        # The whole text always has its file, for hand-written pages that include it, even
        # where every channel takes it as a thread and the page offers only the parts.
        for variant in reply_text.variants(reply):
            text = reply_text.fill(variant.reply.text, policy, reply.contact)
            files[snippet_uri(policy.slug, variant.reply.id)] = text.encode()
        for piece in reply_view(reply, policy).pieces():
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
