"""axe-core finds no WCAG 2.0/2.1/2.2 A/AA or best-practice violations on any generated page.

Runs on every HTML file the build writes (404.html included), so pages added by any plugin
are checked without listing them here. Findings are fixed in the plugin's theme templates and
styles (plugins/policy_handbook/site/theme/, site/assets/handbook.css), never by turning rules
off.
"""

from __future__ import annotations

import json

import pytest

from .conftest import AXE

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['failureSummary']!r}")
    return "\n".join(lines)


def run_axe(page) -> dict:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "tags => axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        TAGS,
    )


def axe_failures(page, uris: list[str]) -> str:
    """Each page opened in turn (as the page's base URL resolves it) and checked by axe: the
    violations found, page by page, or "" when there are none."""
    failures = {}
    for uri in uris:
        page.goto(uri.removesuffix("index.html"), wait_until="load")
        # Material builds parts of the page (copy buttons, tabs) in JavaScript.
        page.wait_for_selector(".md-header")
        if uri == "search/index.html":
            # The search page with nothing typed: its status line is empty.
            page.wait_for_function("window.handbookSearch !== undefined")
        results = run_axe(page)
        if results["violations"]:
            failures[uri] = describe(results["violations"])
    return "\n".join(f"{uri}:\n{text}" for uri, text in failures.items())


def test_axe_is_the_pinned_version():
    lock = json.loads((AXE.parents[2] / "package-lock.json").read_text(encoding="utf-8"))
    installed = json.loads((AXE.parent / "package.json").read_text(encoding="utf-8"))
    assert installed["version"] == lock["packages"]["node_modules/axe-core"]["version"]


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_has_no_axe_violations(page, html_pages, width):
    """Every page at desktop width and on a phone, where tables may scroll sideways."""
    page.set_viewport_size({"width": width, "height": 900})
    failures = axe_failures(page, html_pages)
    assert not failures, failures


@pytest.mark.parametrize(
    "state",
    [
        "search results",
        "no search results",  # the pages offered instead
        "loosened search",  # the status says what was searched instead
        "search on a phone",
        "drawer open",  # on the home page: the organisations listed
    ],
)
def test_interactive_states_have_no_axe_violations(page, state):
    """Search results and the navigation drawer are only in the page once searched or opened."""
    if state in ("drawer open", "search on a phone"):
        page.set_viewport_size({"width": 390, "height": 800})
    if state == "drawer open":
        page.goto("", wait_until="load")
        page.locator("label.md-header__button[for='__drawer']").click()
    else:
        query = {"no search results": "xylophone", "loosened search": "sarcasm"}.get(
            state, "troll complaint"
        )
        page.goto(f"search/?q={query}", wait_until="load")
        page.wait_for_function(
            "document.getElementById('handbook-search-status').textContent.length > 0"
        )
    # Let Material's fade-in transitions finish, or colours are measured half-way.
    page.wait_for_timeout(600)
    results = run_axe(page)
    assert not results["violations"], describe(results["violations"])


@pytest.mark.parametrize(
    "path, day, width",
    [
        ("bwdpip/this-week/", "2026-11-25", 390),  # today's posts, the week's folded days
        ("bwdpip/this-week/", "2027-03-01", 1280),  # past the plan: "needs a rebuild"
        ("bwdpip/calendar/", "2026-11-28", 390),  # the agenda with today marked
        ("sendiass-wokingham/this-week/", "2026-12-25", 1280),  # a bank holiday
    ],
)
def test_this_week_and_the_calendar_as_the_script_draws_them(page, path, day, width):
    """What this-week.js draws from the reader's clock is only in the DOM once it has run."""
    page.clock.set_fixed_time(f"{day}T10:00:00Z")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(path, wait_until="load")
    page.wait_for_selector("[aria-current=date], .handbook-week-notice")
    page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
    results = run_axe(page)
    assert not results["violations"], describe(results["violations"])
