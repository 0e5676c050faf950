"""`<slug>/card.md`: the quick-reference card, one side of A4 to print and pin up by the desk,
holding the policy's own words (views/card.py), not pointers to them.

No MkDocs import here.
"""

from __future__ import annotations

from markupsafe import Markup

from .. import pages
from ..policy.model import Policy
from ..text import safe
from ..views import card, contact_lines
from ..views.organisation import planned_hours, review_status, stated_hours, target_words
from .templating import RenderContext, render


def _contacts(policy: Policy) -> Markup:
    contacts = policy.contacts
    main = contact_lines.ways(contacts)
    if main and contacts.purpose:
        main = safe.markdown_inline(contacts.purpose) + Markup(": ") + main
    lines = [main] if main else []
    lines += [contact_lines.contact(other) for other in contacts.others]
    if not lines:
        return Markup("None stated in the policy.")
    return Markup(".<br>").join(lines) + Markup(".")


def card_page(policy: Policy, context: RenderContext) -> str:
    """A one-page quick-reference card: situations, replies in full, contacts, posting, review."""
    registry = context.registry
    here = pages.uri_of(pages.CARD.key, policy.slug)
    channels = [c for c in policy.channels.values() if c.target]
    overdue = policy.is_overdue(context.today)
    review = review_status(policy, context.today)
    situations = card.situations(policy)
    replies, left_off = card.replies(policy, situations)
    if overdue:
        review += ": check with the policy owner before relying on this card"
    return render(
        "card.md.j2",
        policy=policy,
        situations=situations,
        replies=replies,
        left_off=left_off,
        contacts=_contacts(policy),
        contacts_heading="Contacts"
        if any(c.audience == "staff" for c in policy.contacts.others)
        else "Public contacts",
        channels=channels,
        target=target_words,
        hours=planned_hours(policy),
        stated=stated_hours(policy),
        review=review,
        what_to_do_uri=pages.relative(here, registry.uri(pages.WHAT_TO_DO, policy.slug)),
        replies_uri=pages.relative(here, registry.uri(pages.REPLIES, policy.slug))
        if registry.has(pages.REPLIES, policy)
        else None,
    )
