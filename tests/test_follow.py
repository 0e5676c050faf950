"""Follow lists, through real MkDocs builds: who each organisation follows, and its CSV."""

from __future__ import annotations

import csv
import html
import io
import re
from pathlib import Path

import pytest
from conftest import copy_project, run_build

ROOT = Path(__file__).resolve().parents[1]

# The ten kinds of account SENDIASS's policy says are appropriate to follow, as it lists them.
SENDIASS_KINDS = [
    "SEND Charities and organisations",
    "Mental health charities and organisations",
    "NHS",
    "Ofsted",
    "Government departments",
    "Local MPs",
    "Local Schools and colleges",
    "Parent carers of children and young people with SEND",
    "Young people with SEND",
    "Professionals in the field",
]

OTHER_ORG = """\
organisation:
  name: Test Organisation, "Quoted"
  short_name: TestOrg
  what_it_is: An organisation for tests.
policy:
  adopted: "2024-01"
  review_due: "2030-01"
channels:
  x: {name: X, kind: twitter}
sections:
  - {id: about, title: About}
follow:
  platforms: [x]
  kinds:
    - id: nhs
      name: NHS bodies
      accounts:
        - name: NHS England
          platform: X
          handle: "@NHSEngland"
          url: https://x.com/NHSEngland
          why: "National news, guidance, and campaigns"
        - name: "Café <script>alert(1)</script>"
          why: "Two lines:\\nsecond line"
    - id: youth-groups
      name: Youth groups
  cautions:
    - "Never accept friend requests from under-13s <b>ever</b>."
"""


def mkdocs_build(project: Path) -> Path:
    build = run_build(project)
    assert build.result.returncode == 0, build.result.stderr
    return build.site


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("follow"))
    (project / "policies" / "testorg.yaml").write_text(OTHER_ORG, encoding="utf-8")
    return mkdocs_build(project)


def page(site: Path, uri: str) -> str:
    return (site / uri / "index.html").read_text(encoding="utf-8")


def headings(html: str, level: int) -> list[str]:
    found = re.findall(rf"<h{level} [^>]*>(.*?)<a class=\"headerlink\"", html)
    return [re.sub(r"<[^>]+>", "", text) for text in found]


def test_the_sendiass_follow_page_lists_all_ten_kinds(site):
    follow = page(site, "sendiass-wokingham/follow")
    # No accounts are named: the kinds are one list, and the page says so once.
    assert headings(follow, 2) == ["Kinds of account to follow"]
    listed = re.search(r'<div class="handbook-block handbook-kinds"><ul>(.*?)</ul>', follow)
    assert listed, "no list of kinds"
    names = [html.unescape(n) for n in re.findall(r"<li [^>]*>(.*?)</li>", listed.group(1))]
    assert names == SENDIASS_KINDS
    assert 'id="local-mps"' in follow
    assert follow.count("none are named yet") == 1 and "No particular accounts" not in follow


def test_kinds_with_accounts_get_a_heading_and_the_rest_are_listed_once(site):
    follow = page(site, "testorg/follow")
    assert "No particular accounts" not in follow
    assert headings(follow, 2)[-1] == "Other kinds of account to follow"


def test_the_policys_cautions_stand_beside_the_list(site):
    follow = page(site, "sendiass-wokingham/follow")
    assert 'class="admonition warning"' in follow
    assert "Do not accept friend requests under the minimum age for the platform." in follow


def test_only_organisations_with_a_follow_list_get_a_follow_page(site):
    assert not (site / "bwdpip/follow").exists()
    assert not (site / "bwdpip/follow.csv").exists()
    assert 'href="follow/"' in page(site, "sendiass-wokingham")  # "See also" on the policy


def test_named_accounts_are_tabled_and_yaml_html_shows_as_text(site):
    follow = page(site, "testorg/follow")
    assert "<td>@NHSEngland</td>" in follow
    assert '<a href="https://x.com/NHSEngland">https://x.com/NHSEngland</a>' in follow
    assert "<script>alert(1)" not in follow and "Café &lt;script&gt;" in follow
    assert "<b>ever</b>" not in follow and "&lt;b&gt;ever&lt;/b&gt;" in follow
    assert re.search(r'href="(\.\./)?follow\.csv"', follow), "no link to the CSV"


def test_the_csv_holds_each_named_account_for_scheduling_tools(site):
    data = (site / "testorg/follow.csv").read_bytes()
    # Records end in CRLF; a line break inside a (quoted) field is the data's own.
    assert data.count(b"\r\n") == 3
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows == [
        ["organisation", "kind", "name", "platform", "handle", "url", "why"],
        [
            'Test Organisation, "Quoted"',
            "NHS bodies",
            "NHS England",
            "X",
            "'@NHSEngland",  # a cell starting with @ could be a formula: see test_csv_hygiene.py
            "https://x.com/NHSEngland",
            "National news, guidance, and campaigns",
        ],
        [
            'Test Organisation, "Quoted"',
            "NHS bodies",
            "Café <script>alert(1)</script>",
            "",
            "",
            "",
            "Two lines:\nsecond line",
        ],
    ]
    assert data.startswith(b'"organisation","kind",')  # every cell quoted; no byte-order mark


def test_no_empty_csv_is_offered_when_no_account_is_named(site):
    assert not (site / "sendiass-wokingham/follow.csv").exists()
    follow = page(site, "sendiass-wokingham/follow")
    assert "follow.csv" not in follow and "CSV" not in follow


def test_the_comparison_matches_kinds_across_organisations_by_id(site):
    compare = page(site, "follow")
    table = compare[compare.index("<table") : compare.index("</table>")]
    assert '<th scope="col">SENDIASS</th><th scope="col">TestOrg</th>' in table
    rows = dict(re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', table))
    # Both follow `nhs` (the name shown is the first organisation's); only TestOrg names accounts.
    assert rows["NHS"].count("Followed") == 2 and "(2 named)" in rows["NHS"]
    assert "Not followed" in rows["Youth groups"] and "Followed" in rows["Youth groups"]
    assert rows["Ofsted"].count("Not followed") == 1
    assert len(rows) == 11
    assert "No follow list in the policy of: BwDPiP." in compare
