""" "What do I do when…": situations staff meet, answered from each organisation's own policy.

The situations are data (`data/situations.yaml`); a policy tags the sections, replies and roles
that apply. A situation's guide is the tagged sections as steps in the policy's words, the
tagged replies ready to copy, the tagged roles as who to tell, and the tagged contacts. Where a
policy tags nothing, the guide says the policy is silent: nothing is made up. No MkDocs import
here.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from importlib.resources import files

import yaml
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from .content import Section
from .fields import Slug, Text
from .model import Contact, Policy, Reply


class Situation(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    id: Slug
    title: Text
    short: Text
    words: list[Text] = Field(default_factory=list)


@functools.cache
def vocabulary() -> tuple[Situation, ...]:
    """The site's situations, in the order the pages list them."""
    text = files("policy_handbook").joinpath("data/situations.yaml").read_text(encoding="utf-8")
    return tuple(TypeAdapter(list[Situation]).validate_python(yaml.safe_load(text)))


def known_ids() -> frozenset[str]:
    return frozenset(situation.id for situation in vocabulary())


# --- checking a policy's tags ------------------------------------------------------------------


def _tagged_sections(sections: list[Section], path: tuple) -> Iterator[tuple[tuple, Section]]:
    for index, section in enumerate(sections):
        here = (*path, index)
        yield here, section
        yield from _tagged_sections(section.sections, (*here, "sections"))


def tag_problems(policy: Policy) -> Iterator[tuple[tuple, str]]:
    """(field path, message) for each tag that names no known situation."""
    known = known_ids()
    listed = ", ".join(situation.id for situation in vocabulary())
    tagged: list[tuple[tuple, list[str]]] = [
        ((*path, "situations"), section.situations)
        for path, section in _tagged_sections(policy.sections, ("sections",))
    ]
    tagged += [(("replies", i, "situations"), r.situations) for i, r in enumerate(policy.replies)]
    tagged += [(("roles", i, "situations"), r.situations) for i, r in enumerate(policy.roles)]
    tagged += [
        (("contacts", "others", i, "situations"), c.situations)
        for i, c in enumerate(policy.contacts.others)
    ]
    if policy.house_rules:
        tagged += [
            (("house_rules", *where, "situations"), item.situations)
            for where, item in policy.house_rules.tagged()
        ]
    tagged += [
        (("roles", i, "responsibilities", j, "situations"), duty.situations)
        for i, role in enumerate(policy.roles)
        for j, duty in enumerate(role.responsibilities)
    ]
    for path, ids in tagged:
        for position, value in enumerate(ids):
            if value not in known:
                yield (*path, position), f'"{value}" is not a known situation (known: {listed})'


# --- a situation's guide for one organisation ---------------------------------------------------


@dataclass(frozen=True)
class Tell:
    """A role to tell in one situation, with only the duties that are why (none if the role
    is tagged but no duty is)."""

    name: str
    duties: tuple[str, ...]


@dataclass(frozen=True)
class RuleGroup:
    """House rules tagged for a situation from one list, with the words that lead into it
    (the policy's, or the handbook's label for the list), so a rule is never read alone."""

    lead: str
    in_policy: bool
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Guide:
    situation: Situation
    sections: tuple[Section, ...]  # the steps, in the policy's order
    replies: tuple[Reply, ...]  # to copy, after the steps
    roles: tuple[Tell, ...]  # who to tell
    quoted: tuple[Reply, ...] = ()  # replies the steps quote, Copy button and all
    rules: tuple[RuleGroup, ...] = ()  # house rules tagged for it, under their lead-ins
    contacts: tuple[Contact, ...] = ()  # the contacts the policy names for it

    @property
    def every_reply(self) -> tuple[Reply, ...]:
        return self.quoted + self.replies

    @property
    def silent(self) -> bool:
        return not (self.sections or self.replies or self.rules)


def _rules(policy: Policy, wanted: str) -> tuple[RuleGroup, ...]:
    if policy.house_rules is None:
        return ()
    found = []
    for lead, in_policy, items in policy.house_rules.lead_ins():
        texts = tuple(
            f"{item.label}: {item.text}" if item.label else item.text
            for item in items
            if wanted in item.situations
        )
        if texts:
            found.append(RuleGroup(lead, in_policy, texts))
    return tuple(found)


def guides(policy: Policy) -> list[Guide]:
    """One guide per situation in the vocabulary, for this organisation."""
    sections = [section for _, section in _tagged_sections(policy.sections, ("sections",))]
    found = []
    for situation in vocabulary():
        wanted = situation.id
        steps = tuple(s for s in sections if wanted in s.situations)
        # A reply the steps already quote (with its Copy button) is not repeated as a step.
        quoted = {b.reply for section in steps for b in section.blocks if b.reply}
        found.append(
            Guide(
                situation=situation,
                sections=steps,
                replies=tuple(
                    r for r in policy.replies if wanted in r.situations and r.id not in quoted
                ),
                roles=tuple(
                    Tell(r.name, r.duties_for(wanted)) for r in policy.roles if r.told_for(wanted)
                ),
                quoted=tuple(r for r in policy.replies if r.id in quoted),
                rules=_rules(policy, wanted),
                contacts=policy.contacts.for_situation(wanted),
            )
        )
    return found


def covered(policies: Iterable[Policy]) -> dict[str, list[tuple[Policy, Guide]]]:
    """Situation id → each organisation's guide, for the site-wide page."""
    table: dict[str, list[tuple[Policy, Guide]]] = {s.id: [] for s in vocabulary()}
    for policy in policies:
        for guide in guides(policy):
            table[guide.situation.id].append((policy, guide))
    return table
