"""Print and pin up: the quick-reference card fits one A4 side, and every printed page drops
its buttons and says where it came from and when the handbook was built."""

from __future__ import annotations

import re

import pytest

ORGANISATIONS = ("bwdpip", "sendiass-wokingham")


def pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF Chromium wrote: its page objects, not the /Pages tree node."""
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


@pytest.mark.parametrize("slug", ORGANISATIONS)
def test_the_quick_reference_card_prints_on_one_a4_side(page, slug):
    page.goto(f"{slug}/card/", wait_until="load")
    text = page.locator("article").inner_text()
    for words in ("Contacts", "What to do when…", "A complaint or negative comment"):
        assert words in text
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf_pages(pdf) == 1


@pytest.mark.parametrize(
    "path", ["bwdpip/", "sendiass-wokingham/replies/", "sendiass-wokingham/what-to-do/"]
)
def test_printed_pages_have_no_buttons_and_say_where_and_when(page, path):
    page.goto(path, wait_until="load")
    source = page.locator(".handbook-print-source")
    assert not source.is_visible()  # on screen, the footer is not there
    page.emulate_media(media="print")
    for selector in ("button", ".md-header", ".md-sidebar", ".md-content__button"):
        visible = [e for e in page.locator(selector).all() if e.is_visible()]
        assert not visible, (path, selector)
    assert source.is_visible()
    words = source.inner_text()
    assert f"/{path}" in words and "Handbook built Sunday 22 November 2026" in words
