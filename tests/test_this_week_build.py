"""Each organisation's "This week" page as MkDocs builds it: the build's two weeks listed for
readers without JavaScript, the whole plan shipped as JSON for the script, links that work,
and policy text that stays text. (The page in a browser: tests/browser/test_this_week.py.)"""

from __future__ import annotations

import datetime as dt
import html
import json
import posixpath
import re
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
from calendar_support import SEED_TARGETS
from conftest import EPOCH, copy_project, run_build
from policy_handbook import planning
from policy_handbook.views import agenda
from test_calendar_build import (
    EVIL,
    article,  # the page's <article>, as that test reads it
    make_evil,
    sendiass_copy,
)

LONDON = ZoneInfo("Europe/London")
BUILD_DATE = dt.datetime.fromtimestamp(EPOCH, tz=dt.UTC).astimezone(LONDON).date()
BUILD_MONDAY = BUILD_DATE - dt.timedelta(days=BUILD_DATE.weekday())


def with_reply_for_a_kind(data: dict) -> None:
    """A canned reply written for one kind of post (same id), on Facebook only."""
    data["replies"].append(
        {
            "id": "signposting",
            "title": "Signposting post",
            "situation": "Posting a signpost to another service",
            "when": "For a signposting post.",
            "how": "post",
            "channels": ["facebook"],
            "text": "Looking for support? Our partners can help.",
        }
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("this-week-project"))
    sendiass_copy(project, "evil", make_evil)
    sendiass_copy(project, "linked", with_reply_for_a_kind)
    build = run_build(project)
    assert build.result.returncode == 0, build.result.stderr
    return build.site


def plan_json(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="handbook-plan">(.*?)</script>', page)
    assert match, "no plan data on the page"
    return json.loads(match.group(1))


def feed_posts(site: Path, slug: str) -> Counter:
    """(local date, HH:MM, channel id) of every planned post in the all-channels feed."""
    content = (site / slug / "calendar" / f"{slug}.ics").read_bytes()
    found = Counter()
    for event in icalendar.Calendar.from_ical(content).walk("VEVENT"):
        start = event.decoded("DTSTART")
        if isinstance(start, dt.datetime):
            local = start.astimezone(LONDON)
            channel = re.match(rf"{slug}-(.+)-\d{{8}}-\d+@", str(event["UID"])).group(1)
            found[(local.date().isoformat(), f"{local:%H:%M}", channel)] += 1
    return found


def short_names(site_slug: str) -> dict[str, str]:
    """Channel id -> the short name the pages use, for the seed organisations."""
    names = {"facebook": "Facebook", "twitter": "Twitter"}
    assert set(SEED_TARGETS.get(site_slug, names)) <= set(names)
    return names


@pytest.mark.parametrize("slug", sorted(SEED_TARGETS))
def test_the_plan_shipped_with_the_page_holds_every_post_of_the_feed(site, slug):
    data = plan_json((site / slug / "this-week" / "index.html").read_text("utf-8"))
    first, last = planning.horizon(BUILD_DATE)
    assert (data["first"], data["last"]) == (first.isoformat(), last.isoformat())
    assert data["built"] == BUILD_DATE.isoformat() and data["zone"] == "Europe/London"
    names = short_names(slug)
    by_name = {name: channel for channel, name in names.items()}
    shipped = Counter(
        (day, post[0], by_name[data["channels"][post[1]]])
        for day, entry in data["days"].items()
        for post in entry["posts"]
    )
    assert shipped == feed_posts(site, slug)
    # Each kind of post carries the guidance for its own channel, never another channel's.
    for entry in data["days"].values():
        for _, channel, kind, _ in entry["posts"]:
            guidance = data["kinds"][kind]["guidance"]
            if data["channels"][channel] == "Twitter":
                assert "Facebook" not in guidance


@pytest.mark.parametrize("slug", sorted(SEED_TARGETS))
def test_without_javascript_the_build_week_and_the_next_are_listed(site, slug):
    page = article((site / slug / "this-week" / "index.html").read_text("utf-8"))
    days = re.findall(r'<div class="handbook-day[^"]*" data-handbook-day="([\d-]+)">', page)
    expected = [BUILD_MONDAY + dt.timedelta(days=n) for n in range(14)]
    assert days == [d.isoformat() for d in expected]
    titles = re.findall(r'<h2 class="handbook-week-title">([^<]+)</h2>', page)
    assert titles == [f"Week of {m.day} {m:%B}" for m in expected[::7]]
    names = short_names(slug)
    listed = Counter(
        (day, time, channel)
        for day, time, channel in re.findall(
            r'<time datetime="([\d-]+)T(\d\d:\d\d)">\2</time> '
            r'<strong class="handbook-post-channel">([^<]+)</strong>',
            page,
        )
    )
    feed = Counter(
        {
            (day, time, names[channel]): n
            for (day, time, channel), n in feed_posts(site, slug).items()
            if expected[0].isoformat() <= day <= expected[-1].isoformat()
        }
    )
    assert listed == feed
    # Nothing says "today" until the reader's own clock does (the script marks it).
    assert "aria-current" not in page and "Today" not in page


def test_this_week_is_one_click_from_the_home_page_and_the_organisations_pages(site):
    home = (site / "index.html").read_text("utf-8")
    for slug in SEED_TARGETS:
        assert f'href="{slug}/this-week/"' in article(home)
        policy = (site / slug / "index.html").read_text("utf-8")
        assert 'href="this-week/"' in article(policy)
        calendar = article((site / slug / "calendar" / "index.html").read_text("utf-8"))
        assert 'href="../this-week/"' in calendar
        # The calendar page leads with it, before the agenda and subscribing.
        assert calendar.index("../this-week/") < calendar.index("handbook-agenda")
        assert calendar.index("handbook-agenda") < calendar.index('id="subscribe"')
    # In the menu, right among the organisation's first pages.
    nav = re.findall(
        r'<a href="([^"]+)" class="md-nav__link',
        (site / "sendiass-wokingham/index.html").read_text(),
    )
    assert nav.index("this-week/") < nav.index("replies/") < nav.index("calendar/")


def test_a_reply_written_for_a_kind_of_post_is_linked_on_that_channel_only(site):
    page = article((site / "linked" / "this-week" / "index.html").read_text("utf-8"))
    data = plan_json((site / "linked" / "this-week" / "index.html").read_text("utf-8"))
    linked = [kind for kind in data["kinds"] if kind["links"]]
    assert linked and all(kind["name"] == "Signposting" for kind in linked)
    assert {tuple(link) for kind in linked for link in kind["links"]} == {
        ("../replies/#signposting", "Reply to copy: Signposting post")
    }
    posts = re.findall(r'<li class="handbook-post">(.*?)</li>', page)
    for post in posts:
        facebook_signpost = (
            'Facebook</strong>: <span class="handbook-post-kind">Signposting<' in post
        )
        assert ('href="../replies/#signposting"' in post) == facebook_signpost
    replies = (site / "linked" / "replies" / "index.html").read_text("utf-8")
    assert 'id="signposting"' in replies


def test_every_link_on_the_this_week_pages_resolves(site):
    for slug in [*SEED_TARGETS, "linked"]:
        page = (site / slug / "this-week" / "index.html").read_text("utf-8")
        data = plan_json(page)
        links = [html.unescape(h) for h in re.findall(r'href="([^"]*)"', article(page))]
        links += [
            link[0] for rows in (data["kinds"], data["themes"]) for r in rows for link in r["links"]
        ]
        for href in links:
            if href.startswith(("https://", "http://", "#")) or href.endswith(".yaml"):
                continue  # other sites, and the edit button (the policy file, not this page's)
            target, _, anchor = href.partition("#")
            path = site / posixpath.normpath(posixpath.join(f"{slug}/this-week", target))
            path = path / "index.html" if path.is_dir() else path
            assert path.is_file(), href
            if anchor:
                assert f'id="{anchor}"' in path.read_text("utf-8"), href
        for theme in data["themes"]:
            assert all(link[0].startswith("https://") for link in theme["links"])


def test_policy_text_in_the_shipped_plan_cannot_end_the_script_or_become_markup(site):
    page = (site / "evil" / "this-week" / "index.html").read_text("utf-8")
    script = re.search(r'id="handbook-plan">(.*?)</script>', page, re.S).group(1)
    assert "<" not in script and ">" not in script and "&" not in script
    data = json.loads(script)
    assert any(EVIL in kind["name"] for kind in data["kinds"])
    body = article(page)
    assert "<script>alert" not in body and "<em>Bold</em>" not in body
    assert "evil.example" not in " ".join(re.findall(r'href="([^"]*)"', body))


# --- the views behind the pages, without a build -------------------------------------------------


@pytest.mark.parametrize(
    "from_uri, to_uri, directory_urls, expected",
    [
        ("bwdpip/this-week.md", "bwdpip/replies.md#signposting", True, "../replies/#signposting"),
        ("bwdpip/this-week.md", "bwdpip/replies.md#signposting", False, "replies.html#signposting"),
        ("bwdpip/this-week.md", "bwdpip/index.md", True, "../"),
        ("bwdpip/this-week.md", "bwdpip/index.md", False, "index.html"),
        ("bwdpip/calendar.md", "bwdpip/this-week.md", True, "../this-week/"),
    ],
)
def test_links_written_into_raw_html_follow_the_sites_addresses(
    from_uri, to_uri, directory_urls, expected
):
    assert agenda.page_href(from_uri, to_uri, directory_urls) == expected


def test_json_for_a_script_element_escapes_what_could_end_it():
    text = str(agenda.script_json({"name": "</script><b>&amp;\u2028"}))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"name": "</script><b>&amp;\u2028"}


def test_a_busy_day_is_summed_up_by_channel_most_first():
    start = dt.datetime(2026, 11, 16, 9, tzinfo=LONDON)

    def post(channel: str) -> agenda.PostView:
        return agenda.PostView(start, channel, "News", None, None, ())

    day = agenda.DayView(
        start.date(), (post("Facebook"),) + (post("Twitter"),) * 7 + (post("Facebook"),) * 2
    )
    assert day.summary == "10 posts: 7 × Twitter, 3 × Facebook" and day.busy
    assert agenda.DayView(start.date(), (post("X"),)).summary == "1 post: X"
    assert agenda.DayView(start.date(), (), "Christmas Day").summary == "No posts: Christmas Day"


def test_targets_read_as_words():
    assert agenda.TargetCount("Facebook", 21, 21, 21).words == "Facebook 21 of at least 21"
    assert agenda.TargetCount("Twitter", 3, 2, 3).words == "Twitter 3 of at least 2 (aim: 3)"
    assert not agenda.TargetCount("Twitter", 1, 2, None).met
