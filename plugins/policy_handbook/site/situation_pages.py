""" "What to do when…" pages: one per organisation and one across organisations.

The steps are the policy's own tagged sections, rendered through the same `html_blocks` as the
policy page; replies come with their Copy buttons. No MkDocs import here.
"""

from __future__ import annotations

from collections.abc import Iterable

from markupsafe import Markup

from . import block_html as html_blocks, reply_pages
from .. import pages
from ..text import safe
from ..policy.content import SECTION_KIND_WORDS
from ..policy.model import Policy, Role
from .render import RenderContext, blocks_for, render
from ..policy.situations import covered, guides, vocabulary


def who_to_ask(policy: Policy) -> Markup:
    """The organisation's contacts, as links, for 'ask …' when the policy is silent."""
    contacts, name = policy.contacts, safe.text(policy.organisation.short_name)
    ways = []
    if contacts.phone:
        ways.append(safe.text(f"phone {contacts.phone}"))
    if contacts.email:
        email = safe.text(contacts.email)
        ways.append(Markup(f'email <a href="mailto:{email}">{email}</a>'))
    if contacts.web:
        web = safe.text(contacts.web)
        ways.append(Markup(f'<a href="{safe.href(contacts.web)}">{web}</a>'))
    if not ways:
        return Markup("whoever looks after ") + name + Markup("'s social media")
    return name + Markup(" (") + Markup(", ").join(ways) + Markup(")")


def _tell(roles: Iterable[Role]) -> Markup:
    parts = []
    for role in roles:
        duties = "".join(f"<li>{safe.markdown_inline(r)}</li>" for r in role.responsibilities)
        listed = f"<ul>{duties}</ul>" if duties else ""
        parts.append(f"<li><strong>{safe.text(role.name)}</strong>{listed}</li>")
    return Markup(f'<div class="handbook-block handbook-tell"><ul>{"".join(parts)}</ul></div>')


def organisation_page(policy: Policy, context: RenderContext) -> str:
    registry = context.registry
    here = pages.uri_of(pages.WHAT_TO_DO.key, policy.slug)
    blocks = blocks_for(policy, context, here)

    return render(
        "situations.md.j2",
        policy=policy,
        guides=guides(policy),
        views={reply.id: reply_pages.reply_view(reply, policy) for reply in policy.replies},
        blocks=blocks,
        tell=_tell,
        ask=who_to_ask(policy),
        policy_uri=pages.relative(here, registry.uri(pages.POLICY, policy.slug)),
    )


def site_page(policies: Iterable[Policy]) -> str:
    return render("situations_site.md.j2", vocabulary=vocabulary(), table=covered(policies))


def _first_step(guide) -> str:
    """The first thing the policy says to do, in a few words, for the card."""
    if guide.silent:
        return ""
    if guide.sections:
        return f"Follow “{guide.sections[0].title}”"
    return f"Send “{guide.replies[0].title}”"


def card_page(policy: Policy, context: RenderContext) -> str:
    """A one-page quick-reference card: contacts, posting, situations and replies."""
    registry = context.registry
    here = pages.uri_of(pages.CARD.key, policy.slug)
    channels = [c for c in policy.channels.values() if c.target]
    return render(
        "card.md.j2",
        policy=policy,
        guides=guides(policy),
        first_step=_first_step,
        ask=who_to_ask(policy),
        channels=channels,
        target=html_blocks.target_words,
        what_to_do_uri=pages.relative(here, registry.uri(pages.WHAT_TO_DO, policy.slug)),
        replies_uri=pages.relative(here, registry.uri(pages.REPLIES, policy.slug))
        if registry.has(pages.REPLIES, policy)
        else None,
    )


def topics_page(policies: Iterable[Policy]) -> str:
    """`topics.md`: every organisation's sections, grouped by their `kind`."""
    table: dict[str, list] = {kind: [] for kind in SECTION_KIND_WORDS}

    def walk(policy: Policy, sections) -> None:
        for section in sections:
            table[section.kind].append((policy, section))
            walk(policy, section.sections)

    for policy in policies:
        walk(policy, policy.sections)
    topics = [(kind, words) for kind, words in SECTION_KIND_WORDS.items() if table[kind]]
    return render("topics.md.j2", topics=topics, table=table)
