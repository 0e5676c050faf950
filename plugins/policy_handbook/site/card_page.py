"""`<slug>/card.md`: the quick-reference card, one page to print and pin up by the desk.

No MkDocs import here.
"""

from __future__ import annotations

from .. import pages
from ..policy.model import Policy
from ..policy.situations import guides
from ..views.organisation import target_words, who_to_ask
from .templating import RenderContext, render


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
        target=target_words,
        what_to_do_uri=pages.relative(here, registry.uri(pages.WHAT_TO_DO, policy.slug)),
        replies_uri=pages.relative(here, registry.uri(pages.REPLIES, policy.slug))
        if registry.has(pages.REPLIES, policy)
        else None,
    )
