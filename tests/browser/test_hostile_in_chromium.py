"""A hostile policy in a real browser: no payload runs, on its pages or anyone else's.

Every payload in tests/hostile/every-field.yaml would set `window.__hostile` if it ran.
"""

from __future__ import annotations

import re

import pytest
from hostile_support import MARKER, build_hostile

from .conftest import OFFSITE, served


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    build = build_hostile(tmp_path_factory.mktemp("hostile-browser"))
    with served(build.site) as address:
        yield address, build.site


def test_no_payload_runs_on_any_page(browser, hostile_url):
    base_url, site = hostile_url
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    assert "evil/index.html" in pages and "accessibility/index.html" in pages
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    context.route(OFFSITE, lambda route: route.abort())
    page = context.new_page()
    for uri in pages:
        page.goto(uri)
        page.wait_for_load_state("load")
        # Fire the events a payload might have hooked on headings, emphasis, links and cells.
        for element in page.locator("article :is(h1, h2, h3, a, b, em, strong, td, li)").all()[:60]:
            for event in ("mouseover", "focus", "error"):
                element.dispatch_event(event)
        assert page.evaluate(f"typeof window.{MARKER}") == "undefined", f"a payload ran on {uri}"
    context.close()


def test_copy_puts_the_hostile_reply_on_the_clipboard_as_text(browser, hostile_url):
    base_url, _ = hostile_url
    context = browser.new_context(base_url=base_url)
    context.route(OFFSITE, lambda route: route.abort())
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    page = context.new_page()
    page.goto("evil/replies/")
    page.get_by_role("button", name=re.compile("^Copy reply")).click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == (
        'Hello " onclick="window.__hostile=1" <script>window.__hostile=1</script>\n'
        '--8<-- "replies/evil/leak.txt"\n```\n<img src=x onerror="window.__hostile=1">\n'
        "[Open](javascript:window.__hostile=1) *loud* `code` :x: https://evil.example/"
    )
    assert page.evaluate(f"typeof window.{MARKER}") == "undefined"
    context.close()


def test_search_results_show_hostile_text_as_text(browser, hostile_url):
    """Titles, organisation names and excerpts come from the search index: written as text."""
    base_url, _ = hostile_url
    context = browser.new_context(base_url=base_url)
    context.route(OFFSITE, lambda route: route.abort())
    page = context.new_page()
    page.goto("search/?q=hostile%20script%20evil%20img", wait_until="load")
    page.wait_for_selector("a.handbook-search__link")
    results = page.locator("#handbook-search-results")
    shown = results.inner_text()
    assert "window.__hostile=1" in shown and "<script>" in shown
    assert page.locator("a.handbook-search__link").count() >= 3
    assert any(
        w.startswith("Evil<script>")
        for w in page.locator(".handbook-search__where").all_inner_texts()
    )
    # Nothing but our own elements in the results: no script, image or handler came through.
    tags = results.evaluate("r => [...new Set([...r.querySelectorAll('*')].map(e => e.tagName))]")
    assert set(tags) <= {"LI", "A", "SPAN", "P", "MARK"}, tags
    assert page.evaluate(f"typeof window.{MARKER}") == "undefined"
    context.close()
