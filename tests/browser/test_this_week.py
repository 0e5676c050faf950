""" "This week" and the posting calendar in Chromium, with the browser's clock fixed.

The site is built once (SOURCE_DATE_EPOCH: Sunday 22 November 2026) and read on other days:
the day marked today must come from the reader's clock, list exactly the posts the
all-channels feed plans for it, fit a 390 px phone and an A4 page, and say the handbook needs
a rebuild once the reader's date is past the plan.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from playwright.sync_api import expect

from .conftest import OFFSITE

LONDON = ZoneInfo("Europe/London")
SHORT = {"facebook": "Facebook", "twitter": "Twitter"}
# Printable width of an A4 page in CSS pixels: 210 mm less print.css's 14 mm margins.
A4_PRINTABLE_PX = round((210 - 2 * 14) / 25.4 * 96)


def at(page, day: str, time: str = "10:00") -> None:
    """The browser's clock, fixed at `time` UK time on `day` (before the page loads)."""
    local = dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=LONDON)
    page.clock.set_fixed_time(local.astimezone(dt.UTC))


def feed_posts(site: Path, slug: str, day: str) -> list[tuple[str, str, str]]:
    """(HH:MM, channel, summary) of each post the all-channels feed plans on `day`, in order."""
    content = (site / slug / "calendar" / f"{slug}.ics").read_bytes()
    found = []
    for event in icalendar.Calendar.from_ical(content).walk("VEVENT"):
        start = event.decoded("DTSTART")
        if isinstance(start, dt.datetime) and start.astimezone(LONDON).date().isoformat() == day:
            channel = re.match(rf"{slug}-(.+)-\d{{8}}-\d+@", str(event["UID"])).group(1)
            found.append(
                (f"{start.astimezone(LONDON):%H:%M}", SHORT[channel], str(event["SUMMARY"]))
            )
    return sorted(found)


def shown_posts(day_block) -> list[tuple[str, str, str]]:
    return day_block.locator("li.handbook-post").evaluate_all(
        """items => items.map(item => [
            item.querySelector("time").textContent,
            item.querySelector(".handbook-post-channel").textContent,
            item.querySelector(".handbook-post-kind").textContent])"""
    )


@pytest.mark.parametrize(
    "slug, day",
    [
        ("bwdpip", "2026-11-25"),  # a Wednesday of the build's week: ten posts
        ("bwdpip", "2027-01-09"),  # a Saturday seven weeks after the build
        ("sendiass-wokingham", "2026-11-26"),
        ("sendiass-wokingham", "2026-12-25"),  # a bank holiday: no posts
    ],
)
def test_today_is_marked_first_and_lists_exactly_the_feeds_posts(page, built_site, slug, day):
    at(page, day)
    page.goto(f"{slug}/this-week/", wait_until="load")
    marked = page.locator('[aria-current="date"]')
    expect(marked).to_have_count(1)
    assert marked.get_attribute("data-handbook-day") == day
    expect(marked.locator(".handbook-today-label")).to_have_text("Today")
    expect(marked.locator(".handbook-today-label")).to_be_visible()
    # Today comes first.
    first = page.locator("#handbook-this-week [data-handbook-day]").first
    assert first.get_attribute("data-handbook-day") == day
    expected = feed_posts(built_site, slug, day)
    shown = shown_posts(marked)
    assert [(time, channel) for time, channel, _ in shown] == [(t, c) for t, c, _ in expected]
    for (_, _, kind), (_, _, summary) in zip(shown, expected, strict=True):
        assert kind in summary
    for post in marked.locator("li.handbook-post").all():
        expect(post).to_be_visible()  # today's posts are never folded away
    if not expected:
        expect(marked).to_contain_text("No posts")


@pytest.mark.parametrize("day", ["2026-11-25", "2026-12-08"])
def test_the_calendar_agenda_marks_the_same_day(page, built_site, day):
    at(page, day)
    page.goto("bwdpip/calendar/", wait_until="load")
    marked = page.locator('[aria-current="date"]')
    expect(marked).to_have_count(1)
    assert marked.get_attribute("data-handbook-day") == day
    expect(marked.locator(".handbook-today-label")).to_be_visible()
    times = marked.locator("li time").all_text_contents()
    assert times == [time for time, _, _ in feed_posts(built_site, "bwdpip", day)]
    for item in marked.locator("li").all():
        expect(item).to_be_visible()  # a busy day is unfolded on the day itself
    expect(page.locator("[data-handbook-week].handbook-today")).to_contain_text("This week")


def test_without_javascript_the_build_week_shows(browser, base_url):
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    context.route(OFFSITE, lambda route: route.abort())
    try:
        page = context.new_page()
        page.goto("bwdpip/this-week/", wait_until="load")
        titles = page.locator("#handbook-this-week h2").all_text_contents()
        assert titles == ["Week of 16 November", "Week of 23 November"]
        days = page.locator("#handbook-this-week [data-handbook-day]")
        expect(days).to_have_count(14)
        assert days.first.get_attribute("data-handbook-day") == "2026-11-16"
        expect(days.first).to_be_visible()
        expect(page.locator('[aria-current="date"]')).to_have_count(0)
    finally:
        context.close()


@pytest.mark.parametrize("path", ["bwdpip/this-week/", "bwdpip/calendar/"])
def test_at_390px_the_marked_day_is_on_screen_and_nothing_scrolls_sideways(page, path):
    page.set_viewport_size({"width": 390, "height": 844})
    at(page, "2026-11-28")  # a Saturday: the weekend, which the old month table hid
    page.goto(path, wait_until="load")
    marked = page.locator('[aria-current="date"]')
    marked.scroll_into_view_if_needed()
    box = marked.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 390, box
    for post in marked.locator("li").all():
        inner = post.bounding_box()
        assert inner["x"] >= 0 and inner["x"] + inner["width"] <= 390
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert widths[0] <= widths[1], f"the page scrolls sideways: {widths}"


@pytest.mark.parametrize("path", ["bwdpip/this-week/", "bwdpip/calendar/"])
def test_printed_on_a4_portrait_nothing_is_cut_off(page, path):
    at(page, "2026-11-25")
    page.set_viewport_size({"width": A4_PRINTABLE_PX, "height": 1100})
    page.goto(path, wait_until="load")
    page.emulate_media(media="print")
    overflowing = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const out = [];
            for (const element of document.querySelectorAll("body *")) {
                const box = element.getBoundingClientRect();
                if (box.width && (box.left < -1 || box.right > width + 1)) {
                    out.push(element.tagName + "." + element.className + " " + box.right);
                }
            }
            return out;
        }"""
    )
    assert not overflowing, overflowing[:10]
    # Every post prints, busy days included (on screen they are folded away).
    hidden = page.locator(".handbook-agenda li time, li.handbook-post").evaluate_all(
        "items => items.filter(item => !item.checkVisibility()).length"
    )
    assert hidden == 0
    expect(page.locator(".handbook-week-nav")).to_be_hidden()


def test_past_the_plan_this_week_says_the_handbook_needs_a_rebuild(page):
    at(page, "2027-03-01")
    page.goto("bwdpip/this-week/", wait_until="load")
    notice = page.locator(".handbook-week-notice")
    expect(notice).to_contain_text("needs a rebuild")
    expect(notice).to_contain_text("Sunday 21 February 2027")
    expect(page.locator("#handbook-this-week [data-handbook-day]")).to_have_count(0)
    # The weeks that were planned stay one button away.
    page.get_by_role("button", name="Previous: week of 15 February").click()
    expect(page.locator("#handbook-this-week [data-handbook-day]")).to_have_count(7)
    expect(page.locator(".handbook-week-view h2")).to_have_text("Week of 15 February")


def test_in_the_plans_last_week_it_says_a_rebuild_is_due(page):
    at(page, "2027-02-17")
    page.goto("bwdpip/this-week/", wait_until="load")
    expect(page.locator('[aria-current="date"]')).to_have_count(1)
    expect(page.locator(".handbook-week-notice")).to_contain_text(
        "needs a rebuild to plan next week"
    )


def test_before_the_plan_it_says_so_and_shows_the_first_week(page):
    at(page, "2026-10-01")
    page.goto("bwdpip/this-week/", wait_until="load")
    expect(page.locator(".handbook-week-notice")).to_contain_text("Monday 2 November 2026")
    expect(page.locator(".handbook-week-view h2")).to_have_text("Week of 2 November")


def test_previous_and_next_walk_the_whole_plan_and_back_to_today(page):
    at(page, "2026-11-25")
    page.goto("bwdpip/this-week/", wait_until="load")
    nav = page.locator(".handbook-week-nav")
    later = []
    while (
        nav.get_by_role("button", name=re.compile("^Next")).get_attribute("aria-disabled")
        == "false"
    ):
        nav.get_by_role("button", name=re.compile("^Next")).click()
        later.append(page.locator(".handbook-week-view h2").text_content())
        # The button keeps focus, so the keyboard can go on pressing it.
        assert page.evaluate("document.activeElement.textContent").startswith("Next")
    mondays = [dt.date(2026, 11, 30) + dt.timedelta(weeks=n) for n in range(12)]
    assert later == [f"Week of {m.day} {m:%B}" for m in mondays]
    expect(page.locator("#handbook-this-week [role=status]")).to_have_text(
        "Showing Week of 15 February"
    )
    nav.get_by_role("button", name="Back to today").click()
    expect(page.locator('[aria-current="date"]')).to_have_attribute(
        "data-handbook-day", "2026-11-25"
    )
    earlier = []
    while (
        nav.get_by_role("button", name=re.compile("^Previous")).get_attribute("aria-disabled")
        == "false"
    ):
        nav.get_by_role("button", name=re.compile("^Previous")).click()
        earlier.append(page.locator(".handbook-week-view h2").text_content())
    assert earlier == ["Week of 16 November", "Week of 9 November", "Week of 2 November"]


SHAPE = """blocks => Object.fromEntries(blocks.map(block => [
    block.getAttribute("data-handbook-day"),
    [...block.querySelectorAll("*")].map(e =>
        [e.tagName, e.className, e.getAttribute("datetime") || e.getAttribute("href") || "",
         e.textContent])]))"""


def test_the_script_draws_days_exactly_as_the_page_was_built(browser, base_url):
    """this-week.js and templates/agenda_blocks.md.j2 build the same elements for a day."""
    shapes = {}
    for script in (False, True):
        context = browser.new_context(base_url=base_url, java_script_enabled=script)
        context.route(OFFSITE, lambda route: route.abort())
        try:
            page = context.new_page()
            at(page, "2026-11-22")  # the build's Sunday: today's view then shows 23-29 November
            page.goto("bwdpip/this-week/", wait_until="load")
            blocks = page.locator("#handbook-this-week [data-handbook-day]:not([aria-current])")
            shapes[script] = blocks.evaluate_all(SHAPE)
        finally:
            context.close()
    # Next week's days, drawn folded both ways (the days before today are drawn unfolded).
    common = sorted(day for day in set(shapes[False]) & set(shapes[True]) if day >= "2026-11-23")
    assert len(common) == 7
    for day in common:
        assert shapes[True][day] == shapes[False][day], day
