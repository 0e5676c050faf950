""" "What to do when…" pages: one per organisation and one across organisations.

The steps are the policy's own tagged sections, rendered through the same `block_html` as the
policy page; replies come with their Copy buttons. No MkDocs import here.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup

from .. import pages
from ..policy import mentions
from ..policy.model import Contact, Policy
from ..policy.situations import Tell, covered, guides, vocabulary
from ..text import safe
from ..views import contact_lines
from ..views.organisation import stated_hours
from ..views.replies import reply_view
from .block_html import blocks_for
from .templating import RenderContext, render


def _tell(roles: Iterable[Tell]) -> Markup:
    parts = []
    for role in roles:
        duties = "".join(f"<li>{safe.markdown_inline(duty)}</li>" for duty in role.duties)
        listed = f"<ul>{duties}</ul>" if duties else ""
        parts.append(f"<li><strong>{safe.text(role.name)}</strong>{listed}</li>")
    return Markup(f'<div class="handbook-block handbook-tell"><ul>{"".join(parts)}</ul></div>')


def _contacts(contacts: Iterable[Contact]) -> Markup:
    items = "".join(f"<li>{contact_lines.contact(contact)}</li>" for contact in contacts)
    return Markup(f'<div class="handbook-block handbook-tell"><ul>{items}</ul></div>')


def _mentions_by_situation(policy: Policy) -> dict[str, list[mentions.Mention]]:
    found: dict[str, list[mentions.Mention]] = {s.id: [] for s in vocabulary()}
    for mention in mentions.mentions(policy):
        found[mention.situation].append(mention)
    return found


def organisation_page(policy: Policy, context: RenderContext) -> str:
    registry = context.registry
    here = pages.uri_of(pages.WHAT_TO_DO.key, policy.slug)
    blocks = blocks_for(policy, context, here)

    return render(
        "situations.md.j2",
        policy=policy,
        guides=guides(policy),
        views={reply.id: reply_view(reply, policy) for reply in policy.replies},
        blocks=blocks,
        tell=_tell,
        contacts=_contacts,
        policy_uri=pages.relative(here, registry.uri(pages.POLICY, policy.slug)),
        replies_uri=pages.relative(here, registry.uri(pages.REPLIES, policy.slug))
        if registry.has(pages.REPLIES, policy)
        else pages.relative(here, registry.uri(pages.POLICY, policy.slug)),
        mentions=_mentions_by_situation(policy),
        reply_times=stated_hours(policy)[1],
    )


def site_page(policies: Iterable[Policy]) -> str:
    policies = list(policies)
    mentioned = {
        (policy.slug, mention.situation)
        for policy in policies
        for mention in mentions.mentions(policy)
    }
    return render(
        "situations_site.md.j2",
        vocabulary=vocabulary(),
        table=covered(policies),
        mentioned=mentioned,
    )
