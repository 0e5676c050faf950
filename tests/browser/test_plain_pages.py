"""Pages staff reach from search read plainly at a phone's 390 px and a desktop's 1280 px: no
text under 12 px, no words meant for developers, and the follow comparison laid out as the
site's other tables (issue 22)."""

from __future__ import annotations

import re

import pytest

WIDTHS = [{"width": 390, "height": 844}, {"width": 1280, "height": 900}]

# Visible text (not a screen-reader-only label, clipped to 1 px) smaller than 12 px.
SMALL_TEXT = """() => {
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (!node.textContent.trim()) continue;
    const element = node.parentElement;
    const box = element.getBoundingClientRect();
    const style = getComputedStyle(element);
    if (box.width <= 1 || box.height <= 1 || style.visibility === "hidden") continue;
    const size = parseFloat(style.fontSize);
    if (size < 12) found.push(`${size.toFixed(1)} px: ${node.textContent.trim().slice(0, 50)}`);
  }
  return found;
}"""

# Words that mean something to whoever builds the handbook, not to staff reading it.
JARGON = [
    re.compile(r"ISO week|\b\d{4}-W\d\d\b"),
    re.compile(r"Each post is planned for"),
    re.compile(r"no published limit"),
    re.compile(r"open an issue"),
    re.compile(r"matched across organisations by their id"),
    re.compile(r"MkDocs `?site_url"),
]


@pytest.mark.parametrize("size", WIDTHS, ids=lambda s: f"{s['width']}px")
def test_no_text_under_12_px_and_no_developer_words(browser, base_url, html_pages, size):
    context = browser.new_context(base_url=base_url, viewport=size)
    try:
        page = context.new_page()
        problems = []
        for path in html_pages:
            if path.startswith("pagefind/"):
                continue
            page.goto(path.removesuffix("index.html"), wait_until="load")
            problems += [f"{path}: {small}" for small in page.evaluate(SMALL_TEXT)]
            text = page.locator("article").inner_text() if page.locator("article").count() else ""
            problems += [f"{path}: {p.pattern}" for p in JARGON if p.search(text)]
        assert not problems, "\n".join(problems)
    finally:
        context.close()


@pytest.mark.parametrize("size", WIDTHS, ids=lambda s: f"{s['width']}px")
def test_the_follow_comparison_is_styled_with_its_ticks_in_line(browser, base_url, size):
    context = browser.new_context(base_url=base_url, viewport=size)
    try:
        page = context.new_page()
        page.goto("follow/", wait_until="load")
        table = page.locator("article table")
        assert table.count() == 1
        # Styled as the site's tables: Material's borders and spacing, text from the left.
        assert table.evaluate("t => getComputedStyle(t).borderTopStyle") != "none" or (
            table.evaluate("t => getComputedStyle(t.querySelector('td')).borderTopStyle") != "none"
        )
        caption = page.locator("article table caption")
        assert caption.evaluate("c => getComputedStyle(c).textAlign") in ("left", "start")
        # Every tick or dash sits in the middle of its organisation's column, so they line up.
        offsets = table.evaluate(
            """t => [...t.tBodies[0].rows].flatMap(r => [...r.cells].slice(1).map(c => {
                 const mark = c.querySelector('[aria-hidden=true]').getBoundingClientRect();
                 const cell = c.getBoundingClientRect();
                 return Math.abs(mark.left + mark.width / 2 - (cell.left + cell.width / 2));
               }))"""
        )
        assert offsets and max(offsets) <= 2, offsets
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= size["width"], width
    finally:
        context.close()


def test_a_picture_the_policy_shows_above_is_said_to_be_missing(built_site):
    page = (built_site / "sendiass-wokingham" / "index.html").read_text("utf-8")
    profile = page[page.index('id="profile"') : page.index('id="kinds-of-post"')]
    assert "The SENDIASS Logo (as shown above)" in profile  # the policy's words, kept
    assert "this handbook does not have the image" in profile


PHONE = WIDTHS[0]


def test_the_home_pages_phone_menu_lists_the_organisations(browser, base_url):
    context = browser.new_context(base_url=base_url, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto("", wait_until="load")
        page.locator(".md-header label[for=__drawer]").click()
        menu = page.locator(".md-sidebar--primary")
        # "Organisations" opens the list of them (it held nothing on the home page before).
        menu.locator("label.md-nav__link", has_text="Organisations").first.click()
        for name, path in (("BwDPiP", "/bwdpip/"), ("SENDIASS", "/sendiass-wokingham/")):
            link = menu.get_by_role("link", name=name, exact=True)
            link.wait_for(state="visible")
            assert link.evaluate("a => new URL(a.href).pathname") == path
        menu.get_by_role("link", name="SENDIASS", exact=True).click()
        page.wait_for_url(lambda url: url.endswith("/sendiass-wokingham/"))
    finally:
        context.close()


def test_subscribing_is_one_tap_from_the_top_and_each_address_has_a_copy_button(browser, base_url):
    context = browser.new_context(base_url=base_url, viewport=PHONE)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    try:
        page = context.new_page()
        page.goto("bwdpip/calendar/", wait_until="load")
        jump = page.locator("article").get_by_role("link", name="subscribe", exact=True)
        assert jump.bounding_box()["y"] < PHONE["height"], "the way to subscribe is below the fold"
        jump.click()
        page.wait_for_url(lambda url: url.endswith("#subscribe"))
        buttons = page.locator("#subscribe ~ ul button.handbook-copy-address")
        labels = buttons.evaluate_all("bs => bs.map(b => b.textContent.replace(/\\s+/g, ' '))")
        assert labels and len(set(labels)) == len(labels), labels  # each names its feed
        assert all(label.startswith("Copy address of BwDPiP's ") for label in labels), labels
        first = buttons.first
        address = first.evaluate("b => b.closest('li').querySelector('code').textContent")
        first.click()
        assert page.evaluate("navigator.clipboard.readText()") == address
        assert address.endswith("/bwdpip/calendar/bwdpip-daily.ics")
    finally:
        context.close()


def test_repeated_download_and_subscribe_links_name_their_organisation_and_feed(page, base_url):
    page.goto("calendars/", wait_until="load")
    names = page.locator("article a").evaluate_all(
        "as => as.filter(a => /^(download|subscribe)/.test(a.textContent))"
        ".map(a => a.textContent.replace(/\\s+/g, ' ').trim())"
    )
    assert names and len(set(names)) == len(names), names
    assert "download SENDIASS's All channels calendar" in names
    assert "subscribe to BwDPiP's Twitter account calendar" in names
