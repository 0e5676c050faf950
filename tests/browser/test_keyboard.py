"""A keyboard-only user can reach and use search, navigation and every copy button.

Only Tab, Shift+Tab, arrow keys, Enter and typing are used: no clicks. Everything reached must
show a visible focus indicator: its computed outline or box-shadow when focused differs from
when it is not, and is not "none".
"""

from __future__ import annotations

from urllib.parse import urlsplit

from .test_copy import assert_clipboard, pages_with_copy_buttons, reset_clipboard

MAX_TABS = 400

# A short description of the focused element, to compare and report.
ACTIVE = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  return {
    tag: e.tagName.toLowerCase(),
    cls: e.className && e.className.baseVal === undefined ? e.className : "",
    href: e.getAttribute("href"),
    snippet: e.getAttribute("data-snippet"),
    text: (e.getAttribute("aria-label") || e.textContent || "").trim().slice(0, 60),
  };
}"""

FOCUS_STYLE = """e => {
  const s = getComputedStyle(e);
  return {outline: s.outlineStyle === "none" ? "none"
                   : `${s.outlineStyle} ${s.outlineWidth} ${s.outlineColor}`,
          shadow: s.boxShadow};
}"""


def tab_until(page, predicate, *, what: str) -> dict:
    """Press Tab until the focused element satisfies `predicate`; return it."""
    seen = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if active and predicate(active):
            return active
        seen.append(active)
    raise AssertionError(f"Tab never reached {what}; reached {seen[:40]}")


def tab_cycle(page) -> list[dict]:
    """Every element Tab reaches, in order, once round the page."""
    reached: list[dict] = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        if reached and active == reached[0]:
            return reached
        if active is None and reached:
            return reached
        if active is not None:
            reached.append(active)
    return reached


def assert_visible_focus(page, what: str) -> None:
    focused = page.evaluate(f"({FOCUS_STYLE})(document.activeElement)")
    assert focused["outline"] != "none" or focused["shadow"] != "none", (
        f"{what} shows no focus indicator: {focused}"
    )
    page.evaluate(
        "window.__handbookFocused = document.activeElement; document.activeElement.blur()"
    )
    unfocused = page.evaluate(f"({FOCUS_STYLE})(window.__handbookFocused)")
    page.evaluate("window.__handbookFocused.focus({focusVisible: true})")
    assert focused != unfocused, f"{what} looks the same focused and unfocused: {focused}"


def test_keyboard_reaches_and_uses_search(page, base_url):
    page.goto("", wait_until="load")
    tab_until(
        page,
        lambda a: a["tag"] == "input" and "handbook-header-search__input" in a["cls"],
        what="the search box",
    )
    assert_visible_focus(page, "the search box")
    page.keyboard.type("chain letters", delay=20)
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).path == "/search/")
    page.wait_for_selector("a.handbook-search__link")
    # The search page's own box has the focus, with the words typed.
    active = page.evaluate(ACTIVE)
    assert active["tag"] == "input" and "handbook-search__input" in active["cls"], active
    assert_visible_focus(page, "the search page's search box")
    # Tab reaches the results (after the Search button)...
    tab_until(page, lambda a: "handbook-search__link" in a["cls"], what="the first result")
    assert_visible_focus(page, "a search result")
    # ...and so do the arrow keys, from the box; Enter follows the selected one.
    page.locator("#handbook-search-query").focus()
    for _ in range(20):
        page.keyboard.press("ArrowDown")
        active = page.evaluate(ACTIVE)
        href = urlsplit(active["href"] or "") if active else None
        if href and href.path == "/bwdpip/" and href.fragment == "unacceptable-behaviour":
            break
    else:
        raise AssertionError("ArrowDown never selected the Unacceptable Behaviour result")
    assert_visible_focus(page, "a search result")
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: urlsplit(url).fragment == "unacceptable-behaviour")
    assert urlsplit(page.url).path == "/bwdpip/"


def test_keyboard_reaches_and_uses_navigation(page, base_url):
    page.goto("", wait_until="load")
    skip = tab_until(page, lambda a: a["tag"] == "a", what="the first link")
    assert skip["href"] == "#skip-to-content" or "md-skip" in skip["cls"], skip
    assert_visible_focus(page, "the skip link")
    # The home page's list holds every organisation (each page's navigation carries only
    # its own organisation, so it does not grow with the number of organisations).
    link = tab_until(
        page, lambda a: a["tag"] == "a" and a["href"] == "bwdpip/", what="the BwDPiP link"
    )
    assert_visible_focus(page, f"link {link['text']!r}")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base_url}bwdpip/")
    # Its own pages are in the navigation...
    tab_until(
        page,
        lambda a: a["tag"] == "a" and "md-nav__link" in a["cls"] and a["href"] == "card/",
        what="BwDPiP's Quick-reference card navigation link",
    )
    assert_visible_focus(page, "BwDPiP's Quick-reference card navigation link")
    # ...and Home leads to the others.
    tab_until(
        page,
        lambda a: a["tag"] == "a" and "md-nav__link" in a["cls"] and a["text"] == "Home",
        what="the Home navigation link",
    )
    assert_visible_focus(page, "the Home navigation link")
    page.keyboard.press("Enter")
    page.wait_for_url(base_url)
    tab_until(
        page,
        lambda a: a["tag"] == "a" and (a["href"] or "").endswith("sendiass-wokingham/"),
        what="the SENDIASS link",
    )
    page.keyboard.press("Enter")
    page.wait_for_url(f"{base_url}sendiass-wokingham/")


def test_keyboard_reaches_and_uses_every_copy_button(page, built_site):
    checked = 0
    for uri in pages_with_copy_buttons(built_site):
        page.goto(uri.removesuffix("index.html"), wait_until="load")
        page.wait_for_selector("button.handbook-copy:visible")
        wanted = set(
            page.locator("button.handbook-copy").evaluate_all(
                "bs => bs.map(b => b.getAttribute('data-snippet'))"
            )
        )
        reached = [a["snippet"] for a in tab_cycle(page) if a["snippet"]]
        assert set(reached) == wanted, f"{uri}: Tab reached {reached}, buttons are {wanted}"
        # Use each one with Enter, as a keyboard user would, starting again from the top.
        page.goto(uri.removesuffix("index.html"), wait_until="load")
        for snippet in reached:
            tab_until(page, lambda a, s=snippet: a["snippet"] == s, what=f"copy {snippet}")
            assert_visible_focus(page, f"copy button for {snippet}")
            expected = (built_site / snippet).read_bytes().decode("utf-8")
            reset_clipboard(page)
            page.keyboard.press("Enter")
            assert_clipboard(page, expected, f"{uri}: Enter on {snippet}")
            checked += 1
    assert checked >= 6
