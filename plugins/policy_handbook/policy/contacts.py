"""How to reach the organisation: its main contact, and the other contacts its policy names,
each with what it is for (a patients' advice service, a press office, an emergency line).

A reply names the contact that fills its `{phone}`, `{email}` and `{web}`; a situation's page
shows the contacts tagged for it. Nothing here is a default: a contact's purpose, hours and
audience are shown only when the policy states them.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import Field, field_validator, model_validator

from .fields import Slug, Strict, Text, web_address


def _email(value: str | None) -> str | None:
    if value is not None and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", value):
        raise ValueError("must be an email address like info@example.org")
    return value


class Ways(Strict):
    """A phone number, an email address and a web address, any of which may be absent."""

    phone: str | None = None
    email: str | None = None
    web: str | None = None

    @field_validator("email")
    @classmethod
    def _email_shape(cls, value: str | None) -> str | None:
        return _email(value)

    @field_validator("web")
    @classmethod
    def _web_shape(cls, value: str | None) -> str | None:
        return web_address(value)

    @property
    def ways(self) -> tuple[tuple[str, str], ...]:
        """(kind, value) for each way stated, in the order phone, email, web."""
        found = (("phone", self.phone), ("email", self.email), ("web", self.web))
        return tuple((kind, value) for kind, value in found if value)


class Contact(Ways):
    """A contact the policy names besides the main one, with what it is for."""

    id: Slug = Field(description="How replies name it: `contact: pals`.")
    name: Text = Field(description="As the policy names it, e.g. 'Patient Advice and Liaison'.")
    purpose: Text | None = Field(
        None, description="What it is for, in the policy's words, e.g. 'Complaints about care'."
    )
    hours: Text | None = Field(None, description="When it answers, in the policy's words.")
    audience: Literal["public", "staff"] | None = Field(
        None,
        description="'public' for a number staff give out; 'staff' for one they use themselves.",
    )
    situations: list[Slug] = Field(
        default_factory=list,
        description="Situations in which this is the contact, e.g. [complaint].",
    )

    @model_validator(mode="after")
    def _reachable(self) -> Contact:
        if not self.ways:
            raise ValueError(f"contact '{self.id}' needs a phone, an email or a web address")
        return self


class Contacts(Ways):
    """The organisation's main contact (`phone`, `email`, `web`), and any `others`."""

    purpose: Text | None = Field(
        None,
        description="What the main contact is for, when the policy says, e.g. 'Emergency repairs'.",
    )
    notes: list[str] = Field(default_factory=list, description="e.g. who answers the email.")
    others: list[Contact] = Field(
        default_factory=list,
        description="Other contacts the policy names, each with an id, a name and its purpose.",
    )

    def get(self, contact_id: str | None) -> Ways:
        """The contact a reply names (the main one when it names none)."""
        for contact in self.others:
            if contact.id == contact_id:
                return contact
        return self

    def ids(self) -> tuple[str, ...]:
        return tuple(contact.id for contact in self.others)

    def for_situation(self, situation: str) -> tuple[Contact, ...]:
        return tuple(c for c in self.others if situation in c.situations)
