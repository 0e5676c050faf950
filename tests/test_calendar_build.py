"""The posting calendar as MkDocs builds it: pages, feeds, links, and failing safely."""

from __future__ import annotations

import datetime as dt
import html
import posixpath
import re
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest
import yaml
from calendar_support import SEED_TARGETS
from conftest import EPOCH, copy_project, run_build
from policy_handbook import schedule

LONDON = ZoneInfo("Europe/London")
BUILD_DATE = dt.datetime.fromtimestamp(EPOCH, tz=dt.UTC).astimezone(LONDON).date()


def with_calendar_plugin(project: Path, **horizon: int) -> Path:
    """The copied project, with the calendar's `weeks_back`/`weeks_ahead` set as given."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for name, value in horizon.items():
        text, count = re.subn(rf"^(\s+{name}:) \d+$", rf"\1 {value}", text, flags=re.M)
        assert count == 1, f"mkdocs.yml has no {name} under the handbook plugin's calendar"
    config.write_text(text, encoding="utf-8")
    return project


def sendiass_copy(project: Path, slug: str, change) -> None:
    """A new organisation in the copied project: SENDIASS's policy, changed by `change`."""
    data = yaml.safe_load((project / "policies/sendiass-wokingham.yaml").read_text("utf-8"))
    data["organisation"].pop("slug", None)
    change(data)
    (project / f"policies/{slug}.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


EVIL = '<script>alert("x")</script> *Bold* [link](https://evil.example)'


def make_evil(data: dict) -> None:
    data["organisation"]["short_name"] = f"Evil {EVIL}"
    data["channels"]["facebook"]["name"] = f"Facebook {EVIL}"
    data["content_types"][0]["name"] = f"Kind {EVIL} & more"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = with_calendar_plugin(copy_project(tmp_path_factory.mktemp("calendar-project")))
    sendiass_copy(project, "evil", make_evil)
    build = run_build(project)
    assert build.result.returncode == 0, build.result.stderr
    return build.site


def article(page: str) -> str:
    match = re.search(r"<article[^>]*>(.*?)</article>", page, re.S)
    assert match, "no article"
    return match.group(1)


def hrefs(fragment: str) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'href="([^"]*)"', fragment)]


def events(content: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(content).walk("VEVENT"))


# --- what the build produces --------------------------------------------------------------------


@pytest.mark.parametrize("slug", sorted(SEED_TARGETS))
def test_each_organisation_gets_a_calendar_page_and_a_feed_per_channel(site, slug):
    assert (site / slug / "calendar" / "index.html").is_file()
    names = sorted(p.name for p in (site / slug / "calendar").glob("*.ics"))
    expected = [f"{slug}.ics"] + [f"{slug}-{c}.ics" for c in SEED_TARGETS[slug]]
    assert names == sorted(expected)
    assert (site / "calendars" / "index.html").is_file()


@pytest.mark.parametrize("slug", sorted(SEED_TARGETS))
def test_built_feeds_meet_the_targets_every_iso_week(site, slug):
    first, last = schedule.horizon(BUILD_DATE)
    for channel_id, (minimum, _) in SEED_TARGETS[slug].items():
        content = (site / slug / "calendar" / f"{slug}-{channel_id}.ics").read_bytes()
        assert b"\n" not in content.replace(b"\r\n", b"")
        weeks = Counter(
            e.decoded("DTSTART").astimezone(LONDON).isocalendar()[:2] for e in events(content)
        )
        assert len(weeks) == (last - first).days // 7 + 1
        assert set(weeks.values()) == {minimum}


@pytest.mark.parametrize("slug", sorted(SEED_TARGETS))
def test_page_links_to_feeds_resolve_and_subscribe_links_use_the_site_url(site, slug):
    page = (site / slug / "calendar" / "index.html").read_text("utf-8")
    links = hrefs(article(page))
    local = [h for h in links if h.endswith(".ics") and "://" not in h]
    assert len(local) == len(SEED_TARGETS[slug]) + 1
    for href in local:
        target = posixpath.normpath(posixpath.join(f"{slug}/calendar", href))
        assert (site / target).is_file(), href
    webcal = [h for h in links if h.startswith("webcal://")]
    assert f"webcal://127.0.0.1:8000/{slug}/calendar/{slug}.ics" in webcal
    text = html.unescape(article(page))
    assert f"http://127.0.0.1:8000/{slug}/calendar/{slug}.ics" in text
    for app in (
        "Outlook for Windows",
        "Outlook on the web",
        "Google Calendar",
        "Apple",
        "Thunderbird",
    ):
        assert app in text


@pytest.mark.parametrize("slug", sorted(SEED_TARGETS))
def test_the_month_view_is_a_real_table_listing_the_next_six_weeks_posts(site, slug):
    page = article((site / slug / "calendar" / "index.html").read_text("utf-8"))
    tables = re.findall(r'<table class="posting-month"[^>]*>(.*?)</table>', page, re.S)
    assert tables
    for table in tables:
        assert re.search(r"<caption>\w+ \d{4}: planned posts</caption>", table)
        assert len(re.findall(r'<th scope="col">', table)) == 8
        assert '<th scope="row">' in table
    # On a phone a wide table scrolls inside its own region (reachable by keyboard), not the page.
    regions = re.findall(r'role="region" aria-label="([^"]+)" tabindex="0"><div', page)
    captions = re.findall(r"<caption>([^<]+)</caption>", page)
    assert regions == captions
    listed = Counter()
    for table in tables:
        for day, cell in re.findall(
            r'datetime="(\d{4}-\d\d-\d\d)">(?:<span[^>]*>\w+ </span>)?\d+</time>(.*?)</td>', table
        ):
            listed[day] += cell.count("<li>")
    # The feed's posts over the six weeks from this one, day by day, are the ones listed.
    content = (site / slug / "calendar" / f"{slug}.ics").read_bytes()
    this_week = BUILD_DATE - dt.timedelta(days=BUILD_DATE.weekday())
    shown = (this_week, this_week + dt.timedelta(weeks=6, days=-1))
    feed = Counter(
        e.decoded("DTSTART").astimezone(LONDON).date().isoformat()
        for e in events(content)
        if isinstance(e.decoded("DTSTART"), dt.datetime)
        and shown[0] <= e.decoded("DTSTART").astimezone(LONDON).date() <= shown[1]
    )
    assert +listed == feed


def test_the_targets_table_shows_planned_against_minimum_and_optimum(site):
    page = article((site / "bwdpip" / "calendar" / "index.html").read_text("utf-8"))
    tables = re.findall(r'<table class="posting-targets"[^>]*>(.*?)</table>', page, re.S)
    assert len(tables) == 2
    rows = re.findall(
        r"<tr><th scope=\"row\">[^<]*</th><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>", tables[1]
    )
    assert rows and set(rows) == {("49", "49", "49")}


def test_the_site_wide_page_lists_every_feed_with_working_links(site):
    page = article((site / "calendars" / "index.html").read_text("utf-8"))
    for href in hrefs(page):
        if "://" in href or href.startswith("#"):
            continue
        target = posixpath.normpath(posixpath.join("calendars", href))
        path = site / target
        assert path.is_file() or (path / "index.html").is_file(), href
    for slug, targets in SEED_TARGETS.items():
        for channel_id in targets:
            assert f"{slug}-{channel_id}.ics" in page


def test_text_from_yaml_is_escaped_on_the_calendar_pages(site):
    for uri in ("evil/calendar/index.html", "calendars/index.html"):
        page = article((site / uri).read_text("utf-8"))
        assert "<script>" not in page
        assert "evil.example" not in " ".join(hrefs(page))
        assert "<em>Bold</em>" not in page and "<strong>Bold</strong>" not in page
        assert "<script>" in html.unescape(re.sub(r"<[^>]+>", " ", page))  # shown as text
    feed = (site / "evil" / "calendar" / "evil-facebook.ics").read_bytes()
    summaries = {str(e["SUMMARY"]) for e in events(feed)}
    assert any(EVIL in s for s in summaries)


def test_same_inputs_same_feed_bytes(site, tmp_path):
    project = with_calendar_plugin(copy_project(tmp_path / "again"))
    build = run_build(project)
    assert build.result.returncode == 0, build.result.stderr
    for path in site.glob("bwdpip/calendar/*.ics"):
        assert (build.site / path.relative_to(site)).read_bytes() == path.read_bytes()


# --- configuration and failure ------------------------------------------------------------------


def test_without_a_site_url_the_page_explains_and_the_horizon_follows_the_options(tmp_path):
    project = with_calendar_plugin(copy_project(tmp_path / "plain"), weeks_back=0, weeks_ahead=1)
    config = project / "mkdocs.yml"
    config.write_text(
        re.sub(r"^site_url:.*\n", "", config.read_text("utf-8"), flags=re.M), encoding="utf-8"
    )
    build = run_build(project)
    assert build.result.returncode == 0, build.result.stderr
    page = article((build.site / "sendiass-wokingham" / "calendar" / "index.html").read_text())
    assert "webcal://" not in page
    assert "built without one" in html.unescape(page)
    content = build.site / "sendiass-wokingham/calendar/sendiass-wokingham-twitter.ics"
    weeks = {e.decoded("DTSTART").isocalendar()[:2] for e in events(content.read_bytes())}
    this_week = BUILD_DATE.isocalendar()[:2]
    assert len(weeks) == 2 and this_week in weeks


def test_an_impossible_target_fails_the_build_and_keeps_the_old_site(tmp_path):
    project = with_calendar_plugin(copy_project(tmp_path / "impossible"))
    policy = project / "policies" / "bwdpip.yaml"
    data = yaml.safe_load(policy.read_text("utf-8"))
    data["schedule"]["window"] = {
        "days": ["mon", "tue", "wed", "thu", "fri"],
        "start": "09:00",
        "end": "17:00",
    }
    policy.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    old_site = project / "site"
    old_site.mkdir()
    (old_site / "index.html").write_text("the old site")
    build = run_build(project, site=old_site)
    assert build.result.returncode != 0
    assert "BwDPiP" in build.result.stderr and "twitter" in build.result.stderr
    assert "5 posting days × 9 posts a day = 45" in build.result.stderr
    assert re.search(
        r"policies/bwdpip\.yaml:\d+:\d+ channels\.twitter\.target: ", build.result.stderr
    )
    assert "Traceback" not in build.result.stderr
    assert (old_site / "index.html").read_text() == "the old site"


def test_search_finds_the_subscribe_steps_but_not_the_changing_tables(site):
    import json

    docs = json.loads((site / "search" / "search_index.json").read_text("utf-8"))["docs"]
    calendar = " ".join(
        d["title"] + " " + d["text"] for d in docs if d["location"].startswith("bwdpip/calendar/")
    )
    assert "Subscribe from web" in calendar
    assert "planned posts" not in calendar and "Twitter: " not in calendar
