"""Which links a policy may hold: https:// and http:// web addresses, mailto:, tel: and its own
sections; nothing else. The README says the same, and a test holds it to the code.

http:// is accepted on purpose: a downgrade is possible on a hostile network, but some small
organisations' sites still have no https, and a policy should quote the address that works
(browsers now try https first for such links). Policies are reviewed pull requests; the
schemes that can run or smuggle content (javascript:, data:, vbscript:, file:) are refused.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT, copy_project, run_build
from policy_handbook.policy.links import link_problems
from policy_handbook.policy.loader import PolicyError, load_policies
from policy_handbook.text import safe

FIXTURE = (FIXTURES / "policies" / "riverside-young-carers.yaml").read_text("utf-8")
FILE = "riverside-young-carers.yaml"
LINK_LINE = "      - See [our website](https://riverside-carers.example/) for opening hours."
ALLOWED = "web addresses (https://… or http://…), email (mailto:…) and phone numbers (tel:…)"


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)


def load(tmp_path: Path, text: str):
    folder = tmp_path / "policies"
    folder.mkdir(exist_ok=True)
    (folder / FILE).write_text(text, encoding="utf-8")
    return load_policies(folder).policies[0]


def with_link(target: str) -> str:
    assert LINK_LINE in FIXTURE
    return FIXTURE.replace(LINK_LINE, f"      - 'See [our website]({target}) for opening hours.'")


@pytest.mark.parametrize(
    "target",
    [
        "https://riverside-carers.example/",
        "http://riverside-carers.example/opening-hours",
        "HTTP://RIVERSIDE-CARERS.EXAMPLE/",
        "mailto:hello@riverside-carers.example",
        "tel:+441632960123",
        "#photographs",
    ],
)
def test_these_links_are_accepted_and_kept_on_the_page(tmp_path, target):
    loaded = load(tmp_path, with_link(target))
    assert link_problems(loaded) == []
    assert f'href="{target}"' in safe.markdown_block(f"See [our website]({target}).")


@pytest.mark.parametrize(
    ("target", "or_section"),
    [
        ("ftp://riverside-carers.example/", False),
        ("javascript:alert(1)", False),
        ("data:text/html,hi", False),
        ("file:///etc/passwd", False),
        ("//riverside-carers.example/", True),  # no scheme: it would take the page's
        ("/calendars/", True),
    ],
)
def test_these_links_are_refused_with_file_line_and_the_schemes_allowed(
    tmp_path, target, or_section
):
    text = with_link(target)
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "See [our" in row)
    where = " or a section of this policy (#its-id)" if or_section else ""
    assert link_problems(load(tmp_path, text)) == [
        f'policies/{FILE}:{line}:9 sections[1].blocks[1]: links to "{target}"; links in a '
        f"policy may only be {ALLOWED}{where}"
    ]
    assert "href" not in safe.markdown_block(f"See [our website]({target}).")


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("  web: https://riverside-carers.example/", "  web: http://riverside-carers.example/"),
        (
            "    kind: instagram\n",
            "    kind: instagram\n    address: http://instagram.example/riverside\n",
        ),
    ],
)
def test_an_http_address_in_a_field_is_accepted(tmp_path, old, new):
    assert old in FIXTURE
    policy = load(tmp_path, FIXTURE.replace(old, new, 1)).policy
    address = new.rsplit(": ", 1)[1].strip()
    assert address in (policy.contacts.web, policy.channels["instagram"].address)


def test_another_scheme_in_a_field_is_refused_naming_both_it_may_have(tmp_path):
    text = FIXTURE.replace("  web: https://", "  web: ftp://", 1)
    with pytest.raises(PolicyError) as caught:
        load(tmp_path, text)
    assert [str(p) for p in caught.value.problems] == [
        f"policies/{FILE}:11:3 contacts.web: must be a web address starting with https:// "
        "(or http://)"
    ]


def test_the_readme_names_exactly_the_schemes_the_code_allows():
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("### What policy text can do", 1)[1].split("\n## ", 1)[0]
    works = section.split("- **Markdown that works:**", 1)[1].split("\n- **", 1)[0]
    named = set(re.findall(r"`([a-z]+):", works))
    assert named == set(safe.URL_SCHEMES) == {"http", "https", "mailto", "tel"}


def test_a_build_links_an_http_address_as_written(tmp_path):
    project = copy_project(tmp_path / "project")
    text = with_link("http://riverside-carers.example/hours")
    (project / "policies" / "riverside.yaml").write_text(text, encoding="utf-8")
    build = run_build(project)
    assert build.result.returncode == 0, build.result.stderr
    assert '<a href="http://riverside-carers.example/hours">our website</a>' in build.page(
        "riverside/index.html"
    )
