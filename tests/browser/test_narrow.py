"""On a 390 px phone the home page needs no sideways scrolling: each organisation's review
status is on screen (issue 13: it was in the fourth column of a table, off the right edge)."""

from __future__ import annotations

PHONE = {"width": 390, "height": 844}


def test_the_home_page_shows_each_review_status_at_390_px(browser, base_url):
    context = browser.new_context(base_url=base_url, viewport=PHONE)
    try:
        page = context.new_page()
        page.goto("", wait_until="load")
        statuses = page.locator("article .handbook-review-overdue, article .handbook-review")
        assert statuses.count() == 2  # one per seed organisation
        for index in range(statuses.count()):
            status = statuses.nth(index)
            status.scroll_into_view_if_needed()
            box = status.bounding_box()
            assert box is not None and box["x"] >= 0, status.inner_text()
            assert box["x"] + box["width"] <= PHONE["width"], status.inner_text()
        # Nothing on the page is wider than the screen.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], width
    finally:
        context.close()
