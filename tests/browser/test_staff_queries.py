"""Staff's own questions (staff_queries.yaml), typed into the header's search box in Chromium.

Each query's first result must open one of the sections listed for it, or a section that
quotes one of them or links straight to it (a "What to do when…" step quotes the policy's
rule), as in test_search.py. The README's table gives the hit rate per category.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from .test_search import assert_first_result_answers

QUERIES = yaml.safe_load((Path(__file__).parent / "staff_queries.yaml").read_text("utf-8"))
CASES = [
    (category, case["q"], case["answers"])
    for category, cases in QUERIES["categories"].items()
    for case in cases
]


def test_the_query_set_covers_every_category_the_issue_names():
    categories = set(QUERIES["categories"])
    assert categories == {
        "abbreviations",
        "plurals",
        "word families",
        "synonyms",
        "moderation verbs",
        "people and roles",
        "contacts",
        "hours",
        "several words",
    }
    assert len(CASES) >= 40
    assert all(len(cases) >= 4 for cases in QUERIES["categories"].values())


@pytest.mark.parametrize(
    ("category", "query", "answers"), CASES, ids=[f"{c[0]}: {c[1]}" for c in CASES]
)
def test_a_staff_query_opens_its_section_first(page, context, base_url, category, query, answers):
    assert_first_result_answers(page, context, query, category, answers)
