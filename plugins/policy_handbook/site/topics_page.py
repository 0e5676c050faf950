"""`topics.md`: every organisation's sections, grouped by the kind of section they are.

No MkDocs import here.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..policy.content import SECTION_KIND_WORDS
from ..policy.model import Policy
from .templating import render


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
