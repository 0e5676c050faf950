"""axe-core finds no WCAG 2.0/2.1/2.2 A/AA or best-practice violations on any generated page.

Runs on every HTML file the build writes (404.html included), so pages added by any plugin
are checked without listing them here. Findings are fixed in overrides/ and
docs/stylesheets/handbook.css, never by turning rules off.
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


def test_axe_is_the_pinned_version():
    lock = json.loads((AXE.parents[2] / "package-lock.json").read_text(encoding="utf-8"))
    installed = json.loads((AXE.parent / "package.json").read_text(encoding="utf-8"))
    assert installed["version"] == lock["packages"]["node_modules/axe-core"]["version"]


def test_every_page_has_no_axe_violations(page, html_pages):
    failures = {}
    for uri in html_pages:
        page.goto(uri.removesuffix("index.html"), wait_until="load")
        # Material builds parts of the page (search, copy buttons, tabs) in JavaScript.
        page.wait_for_selector(".md-search__form")
        results = run_axe(page)
        if results["violations"]:
            failures[uri] = describe(results["violations"])
    assert not failures, "\n".join(f"{uri}:\n{text}" for uri, text in failures.items())


@pytest.mark.parametrize("state", ["search open", "search with results", "drawer open"])
def test_interactive_states_have_no_axe_violations(page, state):
    """The search dialog and the navigation drawer are only in the page's DOM state once opened."""
    if state == "drawer open":
        page.set_viewport_size({"width": 400, "height": 800})
    page.goto("", wait_until="load")
    if state == "drawer open":
        page.locator("label.md-header__button[for='__drawer']").click()
    else:
        search = page.locator("input.md-search__input")
        search.click()
        if state == "search with results":
            search.press_sequentially("policy", delay=30)
            page.wait_for_selector(".md-search-result__item")
    # Let Material's fade-in transitions finish, or colours are measured half-way.
    page.wait_for_timeout(600)
    results = run_axe(page)
    assert not results["violations"], describe(results["violations"])
