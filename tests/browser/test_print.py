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
    for words in ("Public contacts", "What to do when…", "A complaint or negative comment"):
        assert words in text
    assert "the handbook's planning setting and not a rule from the policy" in text
    assert "Review overdue" in text
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf_pages(pdf) == 1
    # Readable when printed: no text on the card under 9 pt (12 CSS px).
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.handbook-card *')]
            .filter(e => e.childNodes.length && [...e.childNodes].some(
                n => n.nodeType === 3 && n.textContent.trim()))
            .map(e => parseFloat(getComputedStyle(e).fontSize))"""
    )
    assert sizes and min(sizes) >= 12, min(sizes)


def test_the_printed_card_is_a_reference_not_pointers(page):
    """SENDIASS's card holds the wording staff send, in full (a thread as its parts), and each
    situation's first step in the policy's own words, not "Follow 'section title'"."""
    page.goto("sendiass-wokingham/card/", wait_until="load")
    page.emulate_media(media="print")
    text = " ".join(page.locator(".handbook-card").inner_text().split())
    assert (
        "As our service is a confidential service we cannot offer advice over social media. "
        "Please email us at sendiass@wokingham.gov.uk or call our helpline on 0118 9088233"
    ) in text
    assert "Delete their public post immediately" in text
    assert "(1/2)" in text and "(2/2)" in text
    assert (
        "“If an individual posts asking for specific case advice that the public can see "
        "please delete the post immediately"
    ) in text
    assert "Follow “" not in text


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


MANY_REPLIES = """\
organisation:
  name: Long Replies Trust
  short_name: LRT
  what_it_is: A trust whose policy prescribes many long replies.
contacts:
  phone: "01234 567890"
  email: hello@example.org
policy:
  adopted: "2024-01"
  review_due: "2030-01"
channels:
  facebook:
    name: Facebook
    kind: facebook-page
sections:
  - id: about
    title: About
replies:
"""


def test_a_card_that_cannot_hold_every_reply_says_which_and_where(tmp_path, browser):
    """A policy with many long replies still prints on one side: those that do not fit are
    named, with where their words are."""
    from conftest import copy_project, run_build

    from .conftest import served

    sentence = "We read every message and will answer within two working days of receiving it. "
    replies = "".join(
        f"  - id: reply-{n}\n    title: Reply {n}\n    situation: Testing\n"
        f"    when: Always.\n    channels: [facebook]\n    text: {sentence * 5!r}\n"
        for n in range(1, 9)
    )
    project = copy_project(tmp_path / "project")
    (project / "policies" / "lrt.yaml").write_text(MANY_REPLIES + replies, encoding="utf-8")
    build = run_build(project)
    assert build.result.returncode == 0, build.result.stderr
    with served(build.site) as address:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        try:
            page = context.new_page()
            page.goto(f"{address}lrt/card/", wait_until="load")
            page.emulate_media(media="print")
            assert pdf_pages(page.pdf(format="A4", prefer_css_page_size=True)) == 1
            text = " ".join(page.locator(".handbook-card").inner_text().split())
            assert "Reply 1" in text and sentence.strip() in text
            assert "Not enough room on this side for " in text
            assert "“Reply 8”" in text and "on this organisation's Canned replies page" in text
        finally:
            context.close()
