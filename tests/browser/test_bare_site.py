"""Someone else's site in Chromium: the handbook works there as it does in ours.

The site is the bare one (mkdocs.yml naming only the theme, its address and
`plugins: [handbook]`, with the SENDIASS policy) built by the wheel installed in a fresh
environment (tests/conftest.py: `wheel_site`). It is served under /handbook/, the path its
site_url names, as a council's site often is. In it: Copy puts the reply on the clipboard,
This week marks today from the reader's clock, the handbook's styles apply, every cross-link
lands on its target, search is reachable from every page, and axe finds nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import own_site_support as own
import pytest
from playwright.sync_api import expect

from .conftest import OFFSITE, served
from .test_axe import axe_failures
from .test_copy import assert_clipboard, reset_clipboard
from .test_this_week import at

SLUG = "sendiass-wokingham"


@pytest.fixture(scope="module")
def bare_url(wheel_site: Path) -> Iterator[str]:
    with served(wheel_site.parent) as address:
        yield f"{address}{own.SITE_PATH}/"


@pytest.fixture()
def bare_page(browser, bare_url):
    context = browser.new_context(base_url=bare_url, viewport={"width": 1280, "height": 900})
    context.route(OFFSITE, lambda route: route.abort())
    origin = bare_url.split(f"/{own.SITE_PATH}/")[0]
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=origin)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def visit(page, uri: str) -> None:
    page.goto(uri.removesuffix("index.html"), wait_until="load")


def test_copy_puts_each_reply_on_the_clipboard(bare_page, wheel_site):
    visit(bare_page, f"{SLUG}/replies/")
    buttons = bare_page.locator("button.handbook-copy")
    assert buttons.count() >= 3
    for index in range(buttons.count()):
        button = buttons.nth(index)
        snippet = button.get_attribute("data-snippet")
        expected = (wheel_site / snippet).read_bytes().decode("utf-8")
        reset_clipboard(bare_page)
        button.scroll_into_view_if_needed()
        expect(button).to_be_visible()  # the script shows the buttons it can make work
        button.click()
        assert_clipboard(bare_page, expected, snippet)


@pytest.mark.parametrize("day", ["2026-11-26", "2026-12-25"])
def test_this_week_marks_today_from_the_readers_clock(bare_page, day):
    at(bare_page, day)
    visit(bare_page, f"{SLUG}/this-week/")
    marked = bare_page.locator('[aria-current="date"]')
    expect(marked).to_have_count(1)
    assert marked.get_attribute("data-handbook-day") == day
    expect(marked.locator(".handbook-today-label")).to_be_visible()
    first = bare_page.locator("#handbook-this-week [data-handbook-day]").first
    assert first.get_attribute("data-handbook-day") == day


def test_the_handbooks_styles_apply(bare_page):
    visit(bare_page, f"{SLUG}/replies/")
    styles = bare_page.evaluate(
        """() => {
            const style = s => getComputedStyle(document.querySelector(s));
            return {
                form: style("form.handbook-header-search").display,
                label: style("label[for=handbook-header-search]").position,
                labelWidth: style("label[for=handbook-header-search]").width,
            };
        }"""
    )
    # handbook.css alone sets these: a form is a block and a label static and wide otherwise.
    assert styles == {"form": "flex", "label": "absolute", "labelWidth": "1px"}
    sheets = bare_page.evaluate("[...document.styleSheets].map(s => s.href || '')")
    assert sum(href.endswith("/stylesheets/handbook.css") for href in sheets) == 1
    assert sum(href.endswith("/stylesheets/print.css") for href in sheets) == 1


def test_every_cross_link_lands_on_its_target(bare_page, wheel_site, bare_url):
    targets: dict[str, set[str]] = {}
    for uri in own.html_pages(wheel_site):
        visit(bare_page, uri)
        for href in bare_page.eval_on_selector_all('a[href*="#"]', "as => as.map(a => a.href)"):
            path, _, fragment = href.partition("#")
            if href.startswith(bare_url) and fragment:
                targets.setdefault(path, set()).add(fragment)
    assert sum(len(fragments) for fragments in targets.values()) > 39
    missing = []
    for path, fragments in sorted(targets.items()):
        bare_page.goto(path, wait_until="load")
        for fragment in sorted(fragments):
            found = bare_page.evaluate(
                """f => {
                    location.hash = f;
                    const el = document.getElementById(decodeURIComponent(f));
                    if (!el) return null;
                    const box = el.getBoundingClientRect();
                    return box.bottom > 0 && box.top < innerHeight;
                }""",
                fragment,
            )
            if not found:
                missing.append(f"{path}#{fragment}: {'off screen' if found is False else 'no id'}")
    assert not missing, "\n".join(missing)


def test_search_is_reachable_from_every_page(bare_page, wheel_site, bare_url):
    for uri in own.html_pages(wheel_site):
        visit(bare_page, uri)
        if uri == "search/index.html":  # its own box, not the header's
            expect(bare_page.locator("#handbook-search-query")).to_be_visible()
            continue
        # The page-not-found page offers search in its text; every other page in the header.
        box = "handbook-404-search" if uri == "404.html" else "handbook-header-search"
        expect(bare_page.locator(f"#{box}")).to_be_visible()
        action = bare_page.locator(f"#{box}").evaluate("box => box.form.action")
        assert action == f"{bare_url}search/", uri
    visit(bare_page, f"{SLUG}/card/")
    bare_page.locator("#handbook-header-search").fill("complaint")
    bare_page.locator("#handbook-header-search").press("Enter")
    bare_page.wait_for_url(f"{bare_url}search/?q=complaint")
    first = bare_page.locator("a.handbook-search__link").first
    expect(first).to_be_visible()
    assert first.get_attribute("href")


@pytest.mark.parametrize("width", [1280, 390])
def test_axe_finds_nothing_on_any_page(bare_page, wheel_site, width):
    bare_page.set_viewport_size({"width": width, "height": 900})
    failures = axe_failures(bare_page, own.html_pages(wheel_site))
    assert not failures, failures
