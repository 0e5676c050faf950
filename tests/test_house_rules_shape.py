"""House rules in the document's own shape (issue 23, item 1): where they stand among the
sections, their own heading, their lists in the order the document gives them, its headings
for their parts, "we will not…", and an action that is two at once ("hide or delete").

`lnwh` is shaped like an NHS trust's online involvement statement; `millbrook-ordered` is the
council fixture with its lists reordered and named as a housing association's page names them.
"""

from __future__ import annotations

import re
import shutil

import pytest
from conftest import FIXTURES, Build, copy_project, page_text, run_build, run_cli

REAL_SHAPED = FIXTURES / "real-shaped"
LNWH = REAL_SHAPED / "lnwh.yaml"


def _millbrook_ordered() -> str:
    """Millbrook's house rules with "what we will do" first, the document's own title, and
    named rules (as Radius Housing names "Be Courteous", "Zero Abuse!")."""
    text = (REAL_SHAPED / "millbrook-council.yaml").read_text(encoding="utf-8")
    ask = text[text.index("  we_ask:\n") : text.index("  we_will:\n")]
    will = text[text.index("  we_will:\n") : text.index("  monitoring:\n")]
    text = text.replace(ask + will, will + ask)
    text = text.replace("house_rules:\n", "house_rules:\n  title: Our rules\n", 1)
    return text.replace(
        "    - Keep to the subject of the post.\n",
        "    - {title: Keep it on track, text: Keep to the subject of the post.}\n",
    )


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = copy_project(tmp_path_factory.mktemp("house-rules"))
    shutil.copy(LNWH, project / "policies")
    (project / "policies" / "millbrook-ordered.yaml").write_text(_millbrook_ordered())
    done = run_build(project)
    assert done.result.returncode == 0, done.result.stderr
    return done


def _headings(page: str) -> list[str]:
    return [page_text(h) for h in re.findall(r"<h[23][^>]*>.*?</h[23]>", page, re.S)]


def test_house_rules_stand_after_the_section_the_document_puts_them_after(build):
    headings = _headings(build.page("lnwh/index.html"))
    where = headings.index("Online involvement statement ¶")
    assert headings[where + 1] == "House rules for the public ¶", headings


def test_the_documents_own_headings_and_lead_ins_are_kept_in_its_order(build):
    page = build.page("lnwh/index.html")
    parts = re.findall(r'<h3 id="house-rules-(\d)">(.*?)</h3>', page)
    assert parts == [
        ("1", "Feedback welcome"),
        ("2", "Abuse is not welcome"),
        ("4", "False information and fake news"),
        ("5", "Removing or hiding comments"),
        ("6", "Blocking or banning people from pages, groups, and other online communities"),
    ]
    text = build.text("lnwh/index.html")
    rules = text.split("House rules for the public", 1)[1]
    assert (
        "Abuse is not welcome However, we do not respond to comments that are: abusive, "
        "malicious or harassing" in rules
    )
    # A part's own heading or lead-in says what its one list is: no handbook label added.
    assert "What we will not do" not in rules
    assert "Hide, delete: hide or delete the comment where possible" in rules


def test_lists_come_in_the_order_written_under_the_documents_title(build):
    text = build.text("millbrook-ordered/index.html")
    assert "House rules for the public" not in text
    rules = text.split("Our rules ¶", 1)[1]
    assert rules.index("What we will do") < rules.index("What we ask of you"), rules
    assert "Keep it on track: Keep to the subject of the post." in rules


def test_a_situation_shows_a_house_rule_after_the_words_that_lead_into_it(build):
    what = build.text("lnwh/what-to-do/index.html")
    step = what.split("Someone behaves unacceptably (abuse, threats, offensive posts) ¶", 1)[1]
    step = step.split("Who to tell", 1)[0]
    assert (
        "However, we do not respond to comments that are: abusive, malicious or harassing "
        "contain threats of violence includes hate speech In these situations, we will: "
        "Report to the platform: report your comments" in step
    ), step
    card = build.text("lnwh/card/index.html")
    assert (
        "Unacceptable behaviour “However, we do not respond to comments that are: abusive, "
        "malicious or harassing” (more in What to do when…)" in card
    )


def _refused(tmp_path, old: str, new: str, source=LNWH) -> tuple[str, str]:
    text = source.read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    folder = tmp_path / "policies"
    folder.mkdir(parents=True)
    (folder / source.name).write_text(changed, encoding="utf-8")
    done = run_cli("check", "--policies", str(folder))
    assert done.returncode == 1, done.stdout + done.stderr
    return changed, done.stdout + done.stderr


def test_house_rules_after_a_section_that_is_not_there_are_refused_with_the_line(tmp_path):
    text, said = _refused(tmp_path, "after: online-involvement", "after: introduction")
    line = text.splitlines().index("  after: introduction") + 1
    assert f"lnwh.yaml:{line}:" in said
    assert 'names the section "introduction", which is not one of the top-level sections' in said


def test_an_unknown_action_in_a_list_of_two_is_refused_with_the_choices(tmp_path):
    _, said = _refused(tmp_path, "action: [hide, delete]", "action: [hide, ban]")
    assert "action" in said and 'got "ban"' in said and "'block'" in said


def test_an_empty_part_is_refused(tmp_path):
    _, said = _refused(tmp_path, "  parts:\n", "  parts:\n    - {}\n")
    assert "house_rules.parts[0]: is empty; give a heading, an intro or one of we_ask" in said


def test_a_part_heading_cannot_share_its_id_with_a_section(tmp_path):
    _, said = _refused(tmp_path, "  - id: online-involvement\n", "  - id: house-rules-1\n")
    assert '"house-rules-1" is an id the policy page itself uses' in said
