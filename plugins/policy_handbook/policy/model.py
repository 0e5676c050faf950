"""The policy model: one typed schema for everything an organisation's policy says.

Free-form `sections` of typed blocks carry the wording; the structured parts (contacts,
channels, targets, schedule, replies, follow lists, dates) are what the plugins compute with.
The JSON Schema editors use is exported from these classes (see `schema.py`).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, field_validator

from ..text import platform_limits
from .contacts import Contact as Contact
from .contacts import Contacts

# Free-form content (sections and their blocks) lives in content.py; re-exported here.
from .content import BLOCK_KINDS as BLOCK_KINDS
from .content import Block as Block
from .content import Definition as Definition
from .content import ListItem as ListItem
from .content import Quote as Quote
from .content import Section as Section
from .content import SectionKind as SectionKind
from .content import Table as Table
from .facts import PolicyFacts

# Re-exported: schedule.py imports WEEKDAYS from here, as before fields.py existed.
from .fields import WEEKDAYS as WEEKDAYS
from .fields import (
    BareText,
    ChannelKind,
    Language,
    Rate,
    Slug,
    Strict,
    Text,
    Window,
    handle_or_web_address,
    web_address,
)
from .house_rules import HouseRules

# --- the organisation and its contacts --------------------------------------------------------


class Organisation(Strict):
    name: Text = Field(
        description="Full name, e.g. 'Blackburn with Darwen Parents in Partnership'."
    )
    short_name: Text = Field(description="What staff call it, e.g. 'BwDPiP'.")
    slug: Slug | None = Field(
        None, description="Used in addresses; defaults to the YAML file's name."
    )
    what_it_is: Text = Field(description="One or two sentences on what the organisation is.")
    part_of: str | None = Field(None, description="A parent body, e.g. a council.")
    tagline: str | None = None
    profile_picture: str | None = Field(
        None, description="What the policy says about the profile picture or logo."
    )
    profile_text: str | None = Field(
        None, description="The profile or bio text the policy prescribes."
    )


# --- channels, targets and the posting window ---------------------------------------------------


class Target(Strict):
    """How often a channel posts: a minimum, and optionally an optimum to aim for.

    A range such as "2–3 times per week" is minimum 2 per week, optimum 3 per week.
    """

    minimum: Rate
    optimum: Rate | None = None
    as_written: str | None = Field(None, description="The policy's own words for the target.")


class Channel(Strict):
    name: Text = Field(description="As the policy names it, e.g. 'Facebook page/group'.")
    kind: ChannelKind
    audience: Literal["public", "members", "staff"] = "public"
    address: str | None = Field(None, description="Web address or handle of the account.")
    description: list[Block] = Field(default_factory=list)
    target: Target | None = Field(
        None, description="Posting target; a channel without one is not scheduled."
    )
    window: Window | None = Field(None, description="Overrides the organisation's posting window.")
    languages: list[Language] = Field(
        default_factory=list,
        description="The languages it posts in, where the policy says: [cy, en] for a "
        "bilingual account, [cy] for a Welsh one.",
    )
    character_limit: int | None = Field(
        None, ge=1, description="Overrides the platform's post limit (X: 280)."
    )

    @field_validator("address")
    @classmethod
    def _address_shape(cls, value: str | None) -> str | None:
        return handle_or_web_address(value)

    def limit_for(self, how: str) -> int | None:
        """Characters a message sent this way (post, direct message…) may hold here, from
        data/platform_limits.yaml; None where the platform has no limit for it to check."""
        limit = platform_limits.limit_for(self.kind, how, self.character_limit)
        return limit.limit if limit else None


class ContentType(Strict):
    id: Slug
    name: Text = Field(description="Short name shown in the calendar, e.g. 'Signposting'.")
    guidance: Text | None = Field(
        None,
        description="One line of guidance from the policy for a post of this kind, on any "
        "channel. Leave it out when the policy's guidance is for one channel only: put that "
        "under guidance_by_channel.",
    )
    guidance_by_channel: dict[Slug, Text] = Field(
        default_factory=dict,
        description="Guidance for a post of this kind on one channel, by channel id, e.g. "
        "facebook: 'The open page will generally facilitate…'. Shown instead of `guidance` "
        "for posts on that channel.",
    )
    channels: list[Slug] = Field(
        default_factory=list, description="Channels it suits; empty means all."
    )

    def guidance_for(self, channel_id: str) -> str | None:
        """The guidance for a post of this kind on one channel: the channel's own, else the
        general guidance, else none (never another channel's)."""
        return self.guidance_by_channel.get(channel_id, self.guidance)


class Schedule(Strict):
    plan_for: Literal["minimum", "optimum"] = Field(
        "minimum", description="Whether the calendar plans the minimum or the optimum target."
    )
    window: Window = Field(default_factory=Window)
    minimum_gap_minutes: int = Field(
        60, ge=0, le=24 * 60, description="Never two posts on one channel closer than this."
    )
    skip_bank_holidays: bool = True
    bank_holidays: Literal["england-and-wales", "scotland", "northern-ireland"] = (
        "england-and-wales"
    )
    timezone: str = "Europe/London"
    awareness_sets: list[Slug] | None = Field(
        None,
        description="Sets of awareness days the calendar uses: file names in calendar/awareness/ "
        "without .yaml, e.g. [send, general-charity]; [] for none. Left out (or blank): the "
        "sets whose file says default: true.",
    )
    awareness_themes: list[Slug] = Field(
        default_factory=list,
        description="Themes from the chosen awareness sets that apply; empty means all.",
    )


# --- replies and follow lists --------------------------------------------------------------


class Translation(Strict):
    """A reply's wording in another language, as the policy gives it."""

    language: Language
    text: Text


class Reply(Strict):
    id: Slug
    title: Text
    situation: Text = Field(description="The situation it answers; groups replies site-wide.")
    when: Text = Field(description="When to use it.")
    first: str | None = Field(None, description="What to do before sending it.")
    how: Literal["direct-message", "public-reply", "post", "pinned-post", "profile", "email"] = (
        "post"
    )
    channels: list[Slug] = Field(
        default_factory=list,
        description="Channel ids it is for; leave out when the policy names no platform "
        "(the reply is then for any channel, with no length check).",
    )
    contact: Slug | None = Field(
        None,
        description="The id of the contact under contacts: others: whose phone, email and web "
        "fill {phone}, {email} and {web}; the main contact when absent.",
    )
    text: Text = Field(
        description="The words, with {phone}, {email}, {web}, {name}, {short_name} filled in."
    )
    language: Language | None = Field(
        None, description="The language `text` is in, when not English: cy for Welsh."
    )
    translation: Translation | None = Field(
        None,
        description="The same reply in the other language the policy gives it in, e.g. "
        "{language: cy, text: …}, shown beside it with its own Copy button.",
    )
    bilingual: Literal["one-post", "two-posts", "language-used"] | None = Field(
        None,
        description="How the policy says to send both languages: one-post (text, then the "
        "translation, in one post), two-posts (at the same time), or language-used (answer "
        "in the language the person wrote in). Needs `translation`.",
    )
    also: list[Literal["profile"]] = Field(
        default_factory=list,
        description="Where else the policy says the same words go, e.g. [profile] for a pinned "
        "post it also wants in the profile. Checked against each platform's profile limit.",
    )
    thread: bool = Field(
        False,
        description="Where the text is over a channel's limit, split it at sentence ends into "
        "a numbered thread of posts that each fit (as X users do for a long pinned post).",
    )
    notes: list[str] = Field(default_factory=list, description="Transcription or usage notes.")
    situations: list[Slug] = Field(
        default_factory=list, description="Situations the reply is sent in, e.g. [own-case]."
    )


class Account(Strict):
    name: Text
    platform: str | None = None
    handle: str | None = None
    url: str | None = Field(None, description="The account's web address, https://…")
    why: str | None = None

    @field_validator("url")
    @classmethod
    def _url_shape(cls, value: str | None) -> str | None:
        return web_address(value)


class FollowKind(Strict):
    id: Slug
    name: Text
    accounts: list[Account] = Field(default_factory=list)


class FollowList(Strict):
    platforms: list[Slug] = Field(default_factory=list, description="Channel ids the list is for.")
    intro: str | None = None
    kinds: list[FollowKind] = Field(min_length=1)
    cautions: list[str] = Field(
        default_factory=list, description="The policy's own cautions about following."
    )


class Duty(BareText):
    """One of a role's responsibilities: a bare string, or `text` with the situations in which
    this duty is why staff tell the role (shown under those situations, and only there)."""

    text: str
    situations: list[Slug] = Field(
        default_factory=list, description="Situations this duty is the reason to tell the role."
    )


class Role(Strict):
    name: Text
    minimum_people: int | None = Field(None, ge=0)
    responsibilities: list[Duty] = Field(default_factory=list)
    situations: list[Slug] = Field(
        default_factory=list, description="Situations in which staff tell this role, e.g. [troll]."
    )

    def duties_for(self, situation: str) -> tuple[str, ...]:
        """The duties tagged for `situation`, in the policy's order."""
        return tuple(d.text for d in self.responsibilities if situation in d.situations)

    def told_for(self, situation: str) -> bool:
        return situation in self.situations or bool(self.duties_for(situation))


# --- the whole policy --------------------------------------------------------------------------


class Policy(Strict):
    """One organisation's social media policy: the contents of one `policies/<slug>.yaml`."""

    organisation: Organisation
    contacts: Contacts = Field(default_factory=Contacts)
    # Called `policy` in YAML (the facts about the policy document); `facts` here, so code
    # reads policy.facts.next_review, not policy.policy.next_review.
    facts: PolicyFacts = Field(
        default_factory=PolicyFacts,
        alias="policy",
        description="The document: title, version, dates, review.",
    )
    channels: dict[Slug, Channel] = Field(default_factory=dict)
    roles: list[Role] = Field(default_factory=list)
    content_types: list[ContentType] = Field(default_factory=list)
    schedule: Schedule = Field(default_factory=Schedule)
    sections: list[Section] = Field(min_length=1)
    replies: list[Reply] = Field(default_factory=list)
    follow: FollowList | None = None
    house_rules: HouseRules | None = Field(
        None, description="What the organisation asks of the public, and what it will do."
    )

    @property
    def slug(self) -> str:
        assert self.organisation.slug, "the loader sets the slug from the file name"
        return self.organisation.slug

    def is_overdue(self, today: dt.date) -> bool:
        """Past its review date; a policy that states no review date is never called overdue."""
        due = self.facts.next_review
        return due is not None and today > due.last_day
