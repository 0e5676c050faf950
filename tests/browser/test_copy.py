"""Clicking a canned reply's copy button puts exactly the reply's filled-in text on the clipboard.

The contract with the replies plugin: every `button.handbook-copy` names its plain-text snippet
in `data-snippet` (`replies/<slug>/<reply-id>.txt`, or `<reply-id>.<channel>.<n>.txt` for one
post of a thread), and the clipboard after a click holds exactly that file's bytes (UTF-8): the
placeholders filled in, line breaks kept, nothing added.
"""

from __future__ import annotations

import re

import pytest

SNIPPET = re.compile(r"^replies/[a-z0-9-]+/[a-z0-9-]+(\.[a-z0-9-]+\.[0-9]+)?\.txt$")


def pages_with_copy_buttons(site) -> list[str]:
    """Pages with a reply's Copy buttons (not the calendar's `handbook-copy-address`)."""
    return sorted(
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if 'class="handbook-copy md-button' in p.read_text(encoding="utf-8")
    )


def read_clipboard(page) -> str:
    return page.evaluate("navigator.clipboard.readText()")


def reset_clipboard(page) -> None:
    page.evaluate("navigator.clipboard.writeText('(clipboard not written)')")


def test_replies_have_copy_buttons(built_site):
    pages = pages_with_copy_buttons(built_site)
    # SENDIASS's policy prescribes wordings; BwDPiP's prescribes none, so it has nothing to copy.
    assert any(p.startswith("sendiass-wokingham/") for p in pages), pages
    assert "replies/index.html" in pages, pages
    assert not any(p.startswith("bwdpip/") for p in pages), pages


def test_every_copy_button_copies_its_snippet_exactly(page, built_site):
    checked = 0
    for uri in pages_with_copy_buttons(built_site):
        page.goto(uri.removesuffix("index.html"), wait_until="load")
        buttons = page.locator("button.handbook-copy")
        for index in range(buttons.count()):
            button = buttons.nth(index)
            snippet = button.get_attribute("data-snippet")
            assert snippet and SNIPPET.match(snippet), f"{uri}: button {index}: {snippet!r}"
            expected = (built_site / snippet).read_bytes().decode("utf-8")
            assert expected and "{" not in expected, f"{snippet} has an unfilled placeholder"
            reset_clipboard(page)
            button.scroll_into_view_if_needed()
            button.click()
            assert_clipboard(page, expected, f"{uri}: {snippet}")
            checked += 1
    assert checked >= 6


def assert_clipboard(page, expected: str, where: str) -> None:
    for _ in range(50):
        if read_clipboard(page) == expected:
            return
        page.wait_for_timeout(100)
    assert read_clipboard(page) == expected, where


@pytest.mark.parametrize(
    ("uri", "snippet", "text"),
    [
        (
            "sendiass-wokingham/replies/",
            "replies/sendiass-wokingham/case-advice-dm.txt",
            "As our service is a confidential service we cannot offer advice over social media. "
            "Please email us at sendiass@wokingham.gov.uk or call our helpline on 0118 9088233 "
            "and we will be happy to support you in the best way we can. "
            "We look forward to hearing from you soon.",
        ),
    ],
)
def test_copied_text_is_the_filled_in_reply(page, uri, snippet, text):
    page.goto(uri, wait_until="load")
    reset_clipboard(page)
    page.locator(f'button.handbook-copy[data-snippet="{snippet}"]').click()
    assert_clipboard(page, text, snippet)
    # The status next to the button tells screen-reader users it worked.
    status = page.locator(f'button.handbook-copy[data-snippet="{snippet}"]').locator(
        "xpath=ancestor::*[contains(@class, 'handbook-reply-actions')][1]"
    )
    assert status.locator(".handbook-copy-status").get_attribute("role") == "status"
    page.wait_for_function(
        "s => [...document.querySelectorAll('button.handbook-copy')]"
        ".find(b => b.dataset.snippet === s).closest('.handbook-reply-actions')"
        ".querySelector('.handbook-copy-status').textContent.trim() === 'Copied'",
        arg=snippet,
    )


def test_every_reply_the_policy_page_quotes_has_a_working_copy_button(page, built_site):
    page.goto("sendiass-wokingham/", wait_until="load")
    buttons = page.locator("button.handbook-copy")
    snippets = [buttons.nth(i).get_attribute("data-snippet") for i in range(buttons.count())]
    # Three quoted replies; the X disclaimer (341 characters) only as its thread's two parts.
    assert sorted(snippets) == [
        "replies/sendiass-wokingham/case-advice-dm.txt",
        "replies/sendiass-wokingham/disclaimer.twitter.1.txt",
        "replies/sendiass-wokingham/disclaimer.twitter.2.txt",
        "replies/sendiass-wokingham/profile-text.txt",
    ]
    for index, snippet in enumerate(snippets):
        button = buttons.nth(index)
        assert button.is_visible(), snippet
        reset_clipboard(page)
        button.scroll_into_view_if_needed()
        button.click()
        assert_clipboard(page, (built_site / snippet).read_bytes().decode("utf-8"), snippet)
