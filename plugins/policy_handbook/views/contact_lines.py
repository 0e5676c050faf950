"""A contact in words and links: its name, what it is for and how to reach it, each in the
policy's words, for the policy page, the card, "What to do when…" and the replies pages.

No MkDocs import here.
"""

from __future__ import annotations

from markupsafe import Markup

from ..policy.contacts import Contact, Ways
from ..text import safe

_AUDIENCE = {"public": "to give to the public", "staff": "for staff"}


def ways(contact: Ways) -> Markup:
    """'Phone 0118 …; email <a>…</a>; <a>https://…</a>', or nothing when none is stated."""
    found = []
    for kind, value in contact.ways:
        shown = safe.text(value)
        if kind == "phone":
            found.append(Markup("Phone ") + shown)
        elif kind == "email":
            found.append(Markup(f'Email <a href="mailto:{shown}">{shown}</a>'))
        else:
            found.append(Markup(f'<a href="{safe.href(value)}">{shown}</a>'))
    return Markup("; ").join(found)


def about(contact: Contact) -> Markup:
    """'Complaints about care (to give to the public). Phone …. Answers, in the policy's
    words: “…”'."""
    said = safe.markdown_inline(contact.purpose) if contact.purpose else Markup("")
    if contact.audience:
        said += Markup(f"{' ' if said else ''}({_AUDIENCE[contact.audience]})")
    hours = (
        Markup(". Answers, in the policy's words: “") + safe.markdown_inline(contact.hours) + "”"
        if contact.hours
        else Markup("")
    )
    return (said + Markup(". ") if said else Markup("")) + ways(contact) + hours


def contact(contact: Contact) -> Markup:
    """'<strong>PALS</strong>: Complaints about care. Phone …'."""
    return Markup(f"<strong>{safe.text(contact.name)}</strong>: ") + about(contact)
