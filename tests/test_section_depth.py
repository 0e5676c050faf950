"""Sections nest no deeper than the policy page has headings.

A top-level section is an h2 on the policy page and each level of subsections one lower; HTML
stops at h6, so a sixth level was "####### Title": a paragraph with stray marks. It is refused
with file, line and field; five levels build, the deepest an h6.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, copy_project, run_build, run_cli
from policy_handbook import pages
from policy_handbook.policy.content import MAX_SECTION_DEPTH, TOP_SECTION_HEADING
from policy_handbook.policy.loader import PolicyError, load_policies
from policy_handbook.policy.model import Policy
from policy_handbook.site.policy_page import policy_page
from policy_handbook.site.templating import RenderContext

FIXTURE = FIXTURES / "policies" / "riverside-young-carers.yaml"
FILE = "nested.yaml"


def nested(depth: int, name: str = "level") -> dict:
    """Sections `depth` levels deep, one at each level: level-1 … level-<depth>."""
    section: dict = {"id": f"{name}-{depth}", "title": f"Level {depth}", "blocks": ["Deepest."]}
    for level in range(depth - 1, 0, -1):
        section = {
            "id": f"{name}-{level}",
            "title": f"Level {level}",
            "blocks": [f"Text at level {level}."],
            "sections": [section],
        }
    return section


def policy_text(*trees: dict) -> str:
    data = yaml.safe_load(FIXTURE.read_text("utf-8"))
    data["sections"] = [*data["sections"], *trees]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def load(tmp_path: Path, text: str):
    folder = tmp_path / "policies"
    folder.mkdir(exist_ok=True)
    (folder / FILE).write_text(text, encoding="utf-8")
    return load_policies(folder)


def at(text: str, needle: str) -> str:
    """`line:column` of the line holding `needle`, at the start of `needle`."""
    number, line = next(
        (n, line) for n, line in enumerate(text.splitlines(), start=1) if needle in line
    )
    return f"{number}:{line.index(needle) + 1}"


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def test_the_limit_is_the_headings_the_page_has():
    assert (TOP_SECTION_HEADING, MAX_SECTION_DEPTH) == (2, 5)


def test_five_levels_load_and_the_deepest_is_an_h6_with_no_stray_marks(tmp_path):
    site = load(tmp_path, policy_text(nested(MAX_SECTION_DEPTH)))
    policy = site.policies[0].policy
    context = RenderContext(today=dt.date(2026, 11, 22), registry=pages.Registry())
    page = policy_page(policy, context)
    levels = {
        int(match[2]): len(match[1])
        for match in re.finditer(r"^(#+) Level (\d+) \{#level-\d+\}$", page, re.M)
    }
    # The template heads a top-level section as content.TOP_SECTION_HEADING says.
    assert levels == {level: TOP_SECTION_HEADING + level - 1 for level in range(1, 6)}
    assert levels[MAX_SECTION_DEPTH] == 6
    assert not re.search(r"^#{7}", page, re.M)


def test_six_levels_are_refused_at_the_sixth_naming_file_line_and_field(tmp_path):
    text = policy_text(nested(MAX_SECTION_DEPTH + 3))  # levels 7 and 8 are not reported again
    with pytest.raises(PolicyError) as caught:
        load(tmp_path, text)
    path = "sections[2]" + ".sections[0]" * MAX_SECTION_DEPTH
    assert [str(p).removeprefix("policies/") for p in caught.value.problems] == [
        f'{FILE}:{at(text, "id: level-6")} {path}: (section "level-6") is nested 6 deep; '
        "sections nest at most 5 deep (a top-level section is headed h2 and a page has no "
        "heading below h6): move it up a level, or make its title a bold paragraph in its "
        "parent's blocks"
    ]


def test_each_too_deep_branch_is_reported(tmp_path):
    text = policy_text(nested(6), nested(7, "other"))
    with pytest.raises(PolicyError) as caught:
        load(tmp_path, text)
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 2
    assert '(section "level-6") is nested 6 deep' in problems[0]
    assert '(section "other-6") is nested 6 deep' in problems[1]


def test_the_model_alone_takes_any_depth():
    """The schema does not count levels (a recursive model cannot); the loader's check does."""
    data = yaml.safe_load(policy_text(nested(7)))
    assert Policy.model_validate(data).sections[2].sections[0].sections


def test_check_refuses_it_and_a_build_of_five_levels_shows_every_heading(tmp_path):
    project = copy_project(tmp_path / "project")
    policy = project / "policies" / "nested.yaml"
    policy.write_text(policy_text(nested(6)), encoding="utf-8")
    check = run_cli("check", cwd=project)
    assert check.returncode == 1 and "Traceback" not in check.stderr
    assert re.search(
        r"policies/nested\.yaml:\d+:\d+ sections\[2\]\.sections.* 6 deep", check.stderr
    )

    policy.write_text(policy_text(nested(5)), encoding="utf-8")
    build = run_build(project)
    assert build.result.returncode == 0, build.result.stderr
    document = build.page("nested/index.html")
    assert re.search(r'<h6 id="level-5">Level 5', document)
    assert "#" not in build.text("nested/index.html").split("Level 5", 1)[1].split("Deepest.")[0]
