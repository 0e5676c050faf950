"""Hostile and broken policy files: nothing from a policy runs, nothing hangs, nothing good is lost.

Two kinds of case, built in a temporary copy of the project:
- `tests/hostile/every-field.yaml` puts markup, Markdown-extension syntax and scripts in every
  text field. It must build, show each payload as text, and run none of it: checked in the HTML
  of every page and in Chromium, where a payload that ran would set `window.__hostile`.
- REFUSED lists files that must not build: the build exits 1 naming file and line, with no
  traceback or signal, the previous `site/` stays byte-identical, and `check` reports the same.
"""

from __future__ import annotations

import hashlib
import html
import re
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, Build, copy_project, run_build, run_cli
from hostile_support import MARKER, build_hostile, executable_payloads, site_findings

FIXTURE = Path(__file__).parent / "fixtures" / "policies" / "riverside-young-carers.yaml"


# --- payloads that build, shown as text -------------------------------------------------------


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Build:
    return build_hostile(tmp_path_factory.mktemp("hostile"))


def test_no_page_carries_anything_executable_from_a_hostile_policy(hostile):
    assert site_findings(hostile.site) == {}
    # The check itself can see a payload: the same markup, unescaped, is a finding.
    assert executable_payloads(f'<img src=x onerror="window.{MARKER}=1">')
    assert executable_payloads(f"<script>window.{MARKER}=1</script>")
    assert executable_payloads('<a href=" JavaScript:alert(1)">x</a>')


@pytest.mark.parametrize(
    "uri, shown",
    [
        ("evil/index.html", "Evil<script>window.__hostile=1</script>: Policy <script>"),
        ("evil/index.html", "</title><script>window.__hostile=1</script>[x](javascript:"),
        ("evil/index.html", 'bold {: onclick="window.__hostile=1"}'),
        ("evil/index.html", 'Opening {#evil onclick="window.__hostile=1"'),
        ("evil/index.html", '<b onclick="window.__hostile=1">H</b> Pipe | inside'),
        ("evil/index.html", '--8<-- "replies/evil/leak.txt"'),
        ("evil/index.html", "St Mary's rules & <b>bold</b>"),
        ("evil/replies/index.html", 'Hello " onclick="window.__hostile=1" <script>'),
        ("evil/follow/index.html", "<script>window.__hostile=1</script>Kind"),
        ("evil/calendar/index.html", '<img src=x onerror="window.__hostile=1">Signposting'),
        ("included/index.html", 'Hello " onclick="window.__hostile=1" <script>'),
    ],
)
def test_a_payload_shows_exactly_as_written(hostile, uri, shown):
    assert shown in hostile.text(uri)


def test_an_included_reply_is_text_wherever_the_page_includes_it(hostile):
    # Top level, admonition, list item: each shows the reply exactly, markup and all.
    page = hostile.text("included/index.html")
    for written in (
        'Hello " onclick="window.__hostile=1" <script>window.__hostile=1</script>',
        "[Open](javascript:window.__hostile=1) *loud* `code` :x: https://evil.example/",
        '--8<-- "replies/evil/leak.txt"',
    ):
        assert page.count(written) == 3, written
    document = (hostile.site / "included/index.html").read_text(encoding="utf-8")
    assert "<em>loud</em>" not in document and 'href="https://evil.example/' not in document


def test_navigation_and_titles_show_a_hostile_name_as_text(hostile):
    for uri in ("index.html", "accessibility/index.html", "404.html", "bwdpip/index.html"):
        document = hostile.page(uri)
        assert "<script>window.__hostile" not in document
    document = hostile.page("evil/index.html")
    title = re.search(r"<title>(.*?)</title>", document, re.S).group(1)
    assert html.unescape(title).startswith("Evil<script>window.__hostile=1</script>: Policy")


def test_the_contents_list_shows_an_apostrophe_once_unescaped(hostile):
    document = hostile.page("evil/index.html")
    link = re.search(r'<a href="#rules" class="md-nav__link">(.*?)</a>', document, re.S)
    shown = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", link.group(1))).split())
    assert shown.startswith("St Mary's rules & <b>bold</b>")


def test_the_copy_button_and_the_snippet_hold_exactly_the_reply(hostile):
    expected = (
        'Hello " onclick="window.__hostile=1" <script>window.__hostile=1</script>\n'
        '--8<-- "replies/evil/leak.txt"\n```\n<img src=x onerror="window.__hostile=1">\n'
        "[Open](javascript:window.__hostile=1) *loud* `code` :x: https://evil.example/"
    )
    document = hostile.page("evil/replies/index.html")
    copied = re.search(r'data-copy="([^"]*)" data-snippet="replies/evil/evil-reply.txt"', document)
    assert html.unescape(copied.group(1)) == expected
    assert (hostile.site / "replies/evil/evil-reply.txt").read_text("utf-8") == expected


# --- files that must be refused -------------------------------------------------------------


def fixture_text() -> str:
    return FIXTURE.read_text(encoding="utf-8")


def replace(old: str, new: str) -> Callable[[], str]:
    def make() -> str:
        text = fixture_text()
        assert old in text, old
        return text.replace(old, new, 1)

    return make


def impossible(posts: int) -> Callable[[], str]:
    """The fixture with a weekly optimum (what it plans for) its window cannot hold."""
    return replace("optimum: {posts: 5, per: week}", f"optimum: {{posts: {posts}, per: week}}")


def alias_bomb() -> str:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, 10):
        previous = ", ".join([f"*a{n - 1}"] * 9)
        lines.append(f"a{n}: &a{n} [{previous}]")
    return "\n".join(lines) + "\n" + fixture_text()


@dataclass(frozen=True)
class Case:
    name: str
    make: Callable[[], str]
    where: str  # a regex the report must contain: file:line and what is wrong
    file: str = "hostile.yaml"
    config: Callable[[str], str] | None = None  # changes to mkdocs.yml


SECTION_LINK = "      - See [our website](https://riverside-carers.example/) for opening hours."
REFUSED = [
    Case("alias bomb", alias_bomb, r"hostile\.yaml:\d+:\d+ .*alias"),
    Case("deep brackets", lambda: "x: " + "[" * 30000, r"hostile\.yaml:1:\d+ .*deep"),
    Case("1000 levels", lambda: "x: " + "[" * 1000 + "]" * 1000, r"hostile\.yaml:1:\d+ .*deep"),
    Case(
        "link to a missing section",
        replace(SECTION_LINK, "      - See [the rules](#no-such-section)."),
        r"hostile\.yaml:62:9 sections\[1\]\.blocks\[1\]: links to the section \"#no-such-section\"",
    ),
    Case(
        "javascript link",
        replace(SECTION_LINK, "      - '[x](javascript:window.__hostile=1)'"),
        r"hostile\.yaml:62:9 .*links to \"javascript:",
    ),
    Case(
        "javascript link in house rules",
        lambda: (
            fixture_text()
            + "house_rules:\n  response_times: ['[x](javascript:window.__hostile=1)']\n"
        ),
        r"hostile\.yaml:\d+:\d+ house_rules\.response_times\[0\]: links to \"javascript:",
    ),
    Case(
        "link to a missing section in numbered steps",
        replace(SECTION_LINK, "      - numbered: ['See [the rules](#nowhere).']"),
        r"hostile\.yaml:62:\d+ sections\[1\]\.blocks\[1\]\.numbered\[0\]: links to the section",
    ),
    Case(
        "data link in a reply",
        replace(
            "    when: A message arrives",
            "    when: '[x](data:text/html,<script>1</script>)' # A message arrives",
        ),
        r"hostile\.yaml:67:5 replies\[0\]\.when: links to \"data:",
    ),
    Case(
        "vbscript link in a list",
        replace("- Check every face", '- "[x](vbscript:msgbox)" # Check every face'),
        r"hostile\.yaml:\d+:\d+ sections\[0\].*links to \"vbscript:",
    ),
    Case(
        "reserved slug accessibility",
        replace("  tagline:", "  slug: accessibility\n  tagline:"),
        r"hostile\.yaml:7:3 organisation\.slug: \"accessibility\" is an address",
    ),
    Case(
        "reserved slug replies",
        replace("  tagline:", "  slug: replies\n  tagline:"),
        r"organisation\.slug: \"replies\" is an address the site itself uses",
    ),
    Case("reserved file name", fixture_text, r"calendars\.yaml.*address", file="calendars.yaml"),
    Case(
        "unquoted hour",
        replace('start: "10:00", end: "18:00"', "start: 9, end: 17"),
        r"hostile\.yaml:35:\d+ schedule\.window\.start: .*\"HH:MM\"",
    ),
    Case(
        "24:00",
        replace('end: "18:00"', 'end: "24:00"'),
        r"hostile\.yaml:35:\d+ schedule\.window\.end: .*23:59",
    ),
    Case(
        "overnight window",
        replace('start: "10:00", end: "18:00"', 'start: "22:00", end: "06:00"'),
        r"hostile\.yaml:35:\d+ schedule\.window.*midnight",
    ),
    Case(
        "review in 9999",
        replace("review_due: 2027-09", "review_due: 9999-12"),
        r"hostile\.yaml:15:3 policy\.review_due: has the year 9999",
    ),
    Case(
        "localtime",
        replace("  plan_for: optimum", "  plan_for: optimum\n  timezone: localtime"),
        r"hostile\.yaml:35:\d+ schedule\.timezone: .*Europe/London",
    ),
    Case(
        "control character",
        replace("Time out, together", '"Time out\\u0007, together"'),
        r"hostile\.yaml:7:\d+ organisation\.tagline: .*U\+0007",
    ),
    Case(
        "bidi override",
        replace("Time out, together", "Time out\u202e, together"),
        r"hostile\.yaml:7:\d+ organisation\.tagline: .*U\+202E",
    ),
    Case(
        # A YAML escape makes a character the raw text never shows; in a page title it made
        # the front matter unreadable, and MkDocs then read it as Markdown.
        "noncharacter by escape",
        replace("short_name: Riverside Young Carers", 'short_name: "Riverside\\uFFFE Carers"'),
        r"hostile\.yaml:5:\d+ organisation\.short_name: contains U\+FFFE, which is not a character",
    ),
    Case(
        "binary value",
        # base64 of `Time out <img src=x onerror="window.__hostile=1">`
        replace(
            "Time out, together",
            "!!binary VGltZSBvdXQgPGltZyBzcmM9eCBvbmVycm9yPSJ3aW5kb3cuX19ob3N0aWxlPTEiPg==",
        ),
        r"hostile\.yaml:7:12 uses the YAML tag !!binary; a policy holds only text",
    ),
    Case(
        "list markers nested a kilobyte deep",
        replace(
            "      - Never post a photograph",
            "      - '" + "- " * 500 + "x'\n      - Never post a photograph",
        ),
        r"hostile\.yaml:41:\d+ sections\[\d+\]\.blocks\[0\]: nests lists or quotes more than 8",
    ),
    Case(
        "16 KB of [",
        replace(
            "      - Never post a photograph",
            "      - '" + "[" * 16_000 + "'\n      - Never post a photograph",
        ),
        r"hostile\.yaml:41:\d+ sections\[\d+\]\.blocks\[0\]: holds 16,000 \[ brackets",
    ),
    Case(
        "absurd target",
        replace("minimum: {posts: 3, per: week}", "minimum: {posts: 100000, per: day}"),
        r"hostile\.yaml:21:17 channels\.instagram\.target\.minimum\.posts: ",
    ),
    Case(
        "impossible target",
        impossible(300),
        r"hostile\.yaml:20:5 channels\.instagram\.target: .*needs 300 posts",
    ),
    Case(
        "a window the next spring clock change empties, months past the horizon",
        replace(
            "      optimum: {posts: 5, per: week}",
            "      optimum: {posts: 1, per: week}\n"
            '    window: {days: [sun], start: "01:00", end: "01:59"}',
        ),
        r"hostile\.yaml:\d+:\d+ channels\.instagram\.window: .*Sun 28 Mar 2027 the clocks go "
        r"forward.*past the calendar's horizon",
    ),
    Case(
        "weeks_ahead of a million",
        fixture_text,
        r"mkdocs\.yml plugins\.handbook\.calendar\.weeks_ahead: must be a whole number of weeks "
        r"from 0 to 104",
        config=lambda text: text.replace("weeks_ahead: 13", "weeks_ahead: 1000000"),
    ),
    Case(
        "feed over a megabyte",
        replace(
            "      optimum: {posts: 5, per: week}",
            "      optimum: {posts: 80, per: week}\n    window: {days: [mon, tue, wed, thu, fri, "
            'sat, sun], start: "06:00", end: "23:00"}',
        ),
        r"hostile\.yaml:\d+:\d+ channels: the calendar feed hostile/calendar/hostile\.ics would "
        r"be [\d,]+ bytes.*plugins\.handbook\.calendar\.weeks_ahead is 60",
        config=lambda text: text.replace("weeks_ahead: 13", "weeks_ahead: 60"),
    ),
    Case(
        "quote in the file name",
        fixture_text,
        r"x\" onmouseover=\"alert\(1\)\.yaml",
        file='x" onmouseover="alert(1).yaml',
    ),
    Case(
        "script in a follow account's url",
        lambda: (
            fixture_text()
            + "follow:\n  kinds:\n    - id: k\n      name: K\n      accounts:\n"
            + "        - name: N\n          url: javascript:window.__hostile=1\n"
        ),
        r"hostile\.yaml:\d+:\d+ follow\.kinds\[0\]\.accounts\[0\]\.url: ",
    ),
]


@pytest.fixture(scope="module")
def good_site(tmp_path_factory) -> Path:
    """A site built from the seed policies, standing in for the last good one."""
    project = copy_project(tmp_path_factory.mktemp("good"))
    build = run_build(project)
    assert build.result.returncode == 0, build.result.stderr
    return build.site


def run_check(project: Path) -> subprocess.CompletedProcess[str]:
    """`python -m policy_handbook check` in `project`, as a policy author runs it."""
    return run_cli("check", cwd=project)


def fingerprint(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def problem_lines(output: str) -> set[str]:
    return {line.strip() for line in output.splitlines() if re.match(r"^  \S", line)}


@pytest.mark.parametrize("case", REFUSED, ids=[case.name for case in REFUSED])
def test_a_hostile_file_is_refused_and_the_last_good_site_is_kept(case, good_site, tmp_path):
    project = copy_project(tmp_path / "project")
    site = project / "site"
    shutil.copytree(good_site, site)
    before = fingerprint(site)
    (project / "policies" / case.file).write_bytes(case.make().encode("utf-8"))
    if case.config:
        config = project / "mkdocs.yml"
        config.write_text(case.config(config.read_text("utf-8")), encoding="utf-8")

    build = run_build(project)
    report = build.result.stdout + build.result.stderr
    assert build.result.returncode == 1, report
    assert "Traceback" not in report
    assert re.search(case.where, report), report
    assert fingerprint(site) == before

    check = run_check(project)
    assert check.returncode == 1, check.stdout + check.stderr
    assert "Traceback" not in check.stderr
    assert problem_lines(check.stderr) == problem_lines(build.result.stderr)
    assert re.search(case.where, check.stderr)


def test_every_impossible_target_in_every_policy_is_reported_at_once(tmp_path):
    project = copy_project(tmp_path / "project")
    for name in ("one", "two"):
        text = impossible(300)()
        (project / "policies" / f"{name}.yaml").write_text(text, encoding="utf-8")
    build = run_build(project)
    assert build.result.returncode == 1
    assert re.search(r"one\.yaml:20:5 channels\.instagram\.target: .*300", build.result.stderr)
    assert re.search(r"two\.yaml:20:5 channels\.instagram\.target: .*300", build.result.stderr)


def test_check_and_build_use_the_horizon_in_mkdocs_yml(tmp_path):
    # Eighty posts a week fit the default horizon's feed size but not this one.
    case = next(c for c in REFUSED if c.name == "feed over a megabyte")
    project = copy_project(tmp_path / "project")
    (project / "policies" / "hostile.yaml").write_text(case.make(), encoding="utf-8")
    check = run_check(project)
    assert check.returncode == 0, check.stderr
    config = project / "mkdocs.yml"
    config.write_text(case.config(config.read_text("utf-8")), encoding="utf-8")
    check = run_check(project)
    assert check.returncode == 1 and "hostile.ics would be" in check.stderr


def test_the_seed_policies_still_pass_check():
    check = run_check(ROOT)
    assert check.returncode == 0, check.stderr


def test_the_calendar_page_names_a_time_zone_other_than_the_uk(tmp_path):
    project = copy_project(tmp_path / "project")
    text = replace("  plan_for: optimum", "  plan_for: optimum\n  timezone: America/New_York")()
    (project / "policies" / "riverside.yaml").write_text(text, encoding="utf-8")
    build = run_build(project)
    assert build.result.returncode == 0, build.result.stderr
    assert "Times are America/New_York time;" in build.text("riverside/calendar/index.html")
    assert "Times are UK time;" in build.text("bwdpip/calendar/index.html")
