"""Ids a policy gives (sections, replies, follow kinds) never repeat an id its page already uses.

page_ids.py lists the ids the site's own templates, theme overrides and scripts use; the first
tests read those files and fail when one writes or looks up an id the list lacks. The rest
refuse each kind of clash with file, line, field and another id to use, and a real build.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, copy_project, run_build
from policy_handbook.policy import page_ids
from policy_handbook.policy.fields import SLUG_PATTERN
from policy_handbook.policy.loader import PolicyError, load_policies

PACKAGE = ROOT / "plugins" / "policy_handbook"
TEMPLATES = PACKAGE / "site" / "templates"
FIXTURE = FIXTURES / "policies" / "riverside-young-carers.yaml"
BASE = FIXTURE.read_text(encoding="utf-8")
FILE = "riverside-young-carers.yaml"

# Ids written literally: id="…", a heading's anchor "…", anchor("…"); and "<x> ~ "--tell"".
_LITERAL_ID = re.compile(r'\bid="([^"{}]+)"')
_HEADING_ANCHOR = re.compile(r'heading\(\d+,.*,\s*"([^"]+)"\)\s*}}')
_ANCHOR_CALL = re.compile(r'anchor\("([^"]+)"\)')
_SUFFIX = re.compile(r'heading\(\d+,.*,\s*\w+ ~ "--([a-z0-9-]+)"\)\s*}}')
_LOOKED_UP = re.compile(r'getElementById\("([^"]+)"\)|querySelector(?:All)?\("#([\w-]+)')


def written_ids(text: str) -> set[str]:
    found = set(_LITERAL_ID.findall(text)) | set(_ANCHOR_CALL.findall(text))
    return found | set(_HEADING_ANCHOR.findall(text))


def looked_up(path: Path) -> set[str]:
    return {a or b for a, b in _LOOKED_UP.findall(path.read_text("utf-8"))}


def test_the_list_holds_every_id_each_template_writes():
    for template in sorted(TEMPLATES.glob("*.j2")):
        found = written_ids(template.read_text("utf-8"))
        listed = set(page_ids.TEMPLATE_IDS.get(template.name, {}))
        assert found == listed, f"{template.name}: add its ids to page_ids.TEMPLATE_IDS"


def test_the_what_to_do_page_suffixes_are_listed():
    text = (TEMPLATES / "situations.md.j2").read_text("utf-8")
    assert set(_SUFFIX.findall(text)) == set(page_ids.SITUATION_STEP_IDS)


def slug_like(ids: set[str]) -> set[str]:
    """The ids a policy could also give: the theme's own ("__toc", "__nav_2") are not slugs."""
    return {value for value in ids if re.fullmatch(SLUG_PATTERN, value)}


def test_the_theme_overrides_and_scripts_use_only_listed_ids():
    overrides = PACKAGE / "site" / "theme"
    header = (overrides / "partials" / "header.html").read_text("utf-8")
    assert slug_like(written_ids(header)) == set(page_ids.EVERY_PAGE) - {
        "handbook-this-week",
        "handbook-plan",
    }
    for path in sorted(overrides.rglob("*.html")):
        name = path.relative_to(overrides).as_posix()
        if name != "partials/header.html":
            found = slug_like(written_ids(path.read_text("utf-8")))
            assert found == set(page_ids.OVERRIDE_IDS.get(name, {})), name
    # The handbook's scripts run on every page (extra_javascript); the search page's on its own.
    for script in sorted((PACKAGE / "site" / "assets").glob("*.js")):
        assert looked_up(script) <= set(page_ids.EVERY_PAGE), script.name
    assert looked_up(PACKAGE / "site" / "assets" / "this-week.js") == {
        "handbook-this-week",
        "handbook-plan",
    }
    for script in sorted((PACKAGE / "site" / "static").glob("*.js")):
        assert looked_up(script) <= set(page_ids.TEMPLATE_IDS["search.md.j2"]), script.name


def test_the_themes_own_ids_are_none_a_policy_could_give():
    """Material's templates (the ones not overridden) give only ids no slug can be."""
    import material

    theme = Path(material.__file__).parent / "templates"
    for path in sorted(theme.rglob("*.html")):
        assert not slug_like(written_ids(path.read_text("utf-8"))), path


def test_a_new_id_in_a_template_would_be_caught():
    text = '<p id="handbook-new">x</p>\n{{ heading(2, "Title", "fresh-heading") }}\n'
    assert written_ids(text) == {"handbook-new", "fresh-heading"}


# --- refusing a clash ----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def folder(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policies"
    path.mkdir(exist_ok=True)
    (path / FILE).write_text(text, encoding="utf-8")
    return path


def refused(tmp_path: Path, text: str) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        load_policies(folder(tmp_path, text))
    return [str(problem).removeprefix("policies/") for problem in caught.value.problems]


def line_of(text: str, needle: str, last: bool = False) -> int:
    found = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return found[-1] if last else found[0]


def edited(old: str, new: str) -> str:
    assert old in BASE, old
    return BASE.replace(old, new, 1)


@pytest.mark.parametrize(
    ("taken", "what"),
    [
        ("at-a-glance", 'the "At a glance" heading'),
        ("house-rules", 'the "House rules for the public" heading'),
        ("handbook-plan", "this-week.js looks for on every page"),
        ("handbook-header-search", "the search box in every page's header"),
    ],
)
def test_a_section_id_the_policy_page_uses_is_refused(tmp_path, taken, what):
    text = edited("  - id: response-times", f"  - id: {taken}")
    line = line_of(text, f"- id: {taken}")
    assert refused(tmp_path, text) == [
        f'{FILE}:{line}:5 sections[1].id: "{taken}" is an id the policy page itself uses '
        f"({page_ids.reserved('policy.md.j2')[taken]}); two elements on a page cannot share an "
        f'id: give the section another id, such as "our-{taken}"'
    ]
    assert what in page_ids.reserved("policy.md.j2")[taken]


def test_a_nested_section_is_checked_too(tmp_path):
    text = edited("      - id: group-photos", "      - id: roles")
    (problem,) = refused(tmp_path, text)
    assert problem.startswith(f"{FILE}:{line_of(text, '- id: roles')}:9 sections[0].sections[0].id")
    assert '"roles" is an id the policy page itself uses' in problem


def test_an_id_used_only_on_another_page_is_a_good_section_id(tmp_path):
    # "kinds-to-follow" is the Who we follow page's, "replies-to-copy" the card's: not the
    # policy page's.
    text = edited("  - id: response-times", "  - id: kinds-to-follow")
    text = text.replace("      - id: group-photos", "      - id: replies-to-copy")
    assert load_policies(folder(tmp_path, text)).policies


def test_a_follow_kind_and_a_reply_id_their_pages_use_are_refused(tmp_path):
    text = edited("  - id: out-of-hours", "  - id: handbook-this-week") + (
        "follow:\n  kinds:\n    - id: kinds-to-follow\n      name: Local groups\n"
    )
    assert refused(tmp_path, text) == [
        f'{FILE}:{line_of(text, "handbook-this-week")}:5 replies[0].id: "handbook-this-week" is '
        'an id the "Canned replies" page itself uses (the "This week" plan, which this-week.js '
        "looks for on every page); two elements on a page cannot share an id: give the reply "
        'another id, such as "our-handbook-this-week"',
        f'{FILE}:{line_of(text, "- id: kinds-to-follow")}:7 follow.kinds[0].id: "kinds-to-follow" '
        'is an id the "Who we follow" page itself uses (the "Kinds of account to follow" '
        "heading); two elements on a page cannot share an id: give the kind another id, such as "
        '"our-kinds-to-follow"',
    ]


def test_tell_is_refused_only_where_what_to_do_shows_the_section(tmp_path):
    untagged = edited("  - id: response-times", "  - id: tell")
    assert load_policies(folder(tmp_path, untagged)).policies
    tagged = edited("  - id: response-times\n", "  - id: tell\n    situations: [complaint]\n")
    (problem,) = refused(tmp_path, tagged)
    assert problem == (
        f'{FILE}:{line_of(tagged, "- id: tell")}:5 sections[1].id: "tell" is an id the "What to '
        'do when…" page itself uses (its "Who to tell" heading, "complaint--tell"); two elements '
        'on a page cannot share an id: give the section another id, such as "our-tell"'
    )


def test_a_section_and_a_reply_of_one_situation_may_not_share_an_id(tmp_path):
    text = edited("  - id: response-times\n", "  - id: out-of-hours\n    situations: [complaint]\n")
    text = text.replace(
        "    how: direct-message\n", "    how: direct-message\n    situations: [complaint]\n"
    )
    (problem,) = refused(tmp_path, text)
    assert problem.startswith(
        f"{FILE}:{line_of(text, '  - id: out-of-hours', last=True)}:5 replies[0].id: "
    )
    assert '"out-of-hours" is also the id of a section that the "What to do when…" page' in problem
    assert 'both would be headed "complaint--out-of-hours"' in problem
    # In different situations the two are on the page under different headings: fine.
    apart = text.replace("    situations: [complaint]\n", "    situations: [troll]\n", 1)
    assert load_policies(folder(tmp_path, apart)).policies


def test_the_build_and_check_refuse_it_and_keep_the_last_site(tmp_path):
    project = copy_project(tmp_path / "project")
    text = edited("  - id: response-times", "  - id: at-a-glance")
    (project / "policies" / "clash.yaml").write_text(text, encoding="utf-8")
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("the old site", encoding="utf-8")
    build = run_build(project, site=site)
    assert build.result.returncode == 1
    assert "Traceback" not in build.result.stderr
    assert re.search(
        r"policies/clash\.yaml:53:5 sections\[1\]\.id: \"at-a-glance\" is an id the policy "
        r'page itself uses .* such as "our-at-a-glance"',
        build.result.stderr,
    ), build.result.stderr
    assert [p.name for p in site.iterdir()] == ["index.html"]
