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
from policy_handbook import planning

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
    expected = [f"{slug}.ics", f"{slug}-daily.ics"] + [
        f"{slug}-{c}.ics" for c in SEED_TARGETS[slug]
    ]
    assert names == sorted(expected)
    assert (site / "calendars" / "index.html").is_file()


@pytest.mark.parametrize("slug", sorted(SEED_TARGETS))
def test_built_feeds_meet_the_targets_every_iso_week(site, slug):
    first, last = planning.horizon(BUILD_DATE)
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
    assert len(local) == len(SEED_TARGETS[slug]) + 2  # all channels and the daily digest
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


def feed_times(site: Path, slug: str, first: dt.date, last: dt.date) -> Counter:
    """(local date, HH:MM) of every planned post in the all-channels feed from first to last."""
    content = (site / slug / "calendar" / f"{slug}.ics").read_bytes()
    found = Counter()
    for event in events(content):
        start = event.decoded("DTSTART")
        if isinstance(start, dt.datetime):
            local = start.astimezone(LONDON)
            if first <= local.date() <= last:
                found[(local.date().isoformat(), f"{local:%H:%M}")] += 1
    return found


AGENDA_DAY = re.compile(
    r'<li class="handbook-agenda-day( handbook-weekend)?" data-handbook-day="(\d{4}-\d\d-\d\d)">'
    r"(.*?)</div>\s*</li>",
    re.S,
)


@pytest.mark.parametrize("slug", sorted(SEED_TARGETS))
def test_the_agenda_lists_every_post_of_the_coming_four_weeks_day_by_day(site, slug):
    page = article((site / slug / "calendar" / "index.html").read_text("utf-8"))
    agenda = re.search(r'<section class="handbook-agenda"[^>]*>(.*?)</section>', page, re.S)
    assert agenda, "no agenda"
    # A list of days, never a table: nothing to scroll sideways on a phone.
    assert "<table" not in agenda.group(1)
    days = AGENDA_DAY.findall(agenda.group(1))
    this_week = BUILD_DATE - dt.timedelta(days=BUILD_DATE.weekday())
    expected = [this_week + dt.timedelta(days=n) for n in range(28)]
    assert [day for _, day, _ in days] == [d.isoformat() for d in expected]
    listed = Counter()
    for weekend, day, body in days:
        assert bool(weekend) == (dt.date.fromisoformat(day).weekday() >= 5)
        assert re.search(
            rf'<h4 class="handbook-day-name"><time datetime="{day}">\w+ \d+ \w+</time>', body
        )
        times = re.findall(rf'<time datetime="{day}T(\d\d:\d\d)">\1</time>', body)
        listed.update((day, time) for time in times)
        summary = re.search(r"<summary>(\d+) posts: ([^<]+)</summary>", body)
        if len(times) > 4:  # a busy day is summed up, its posts listed on request
            assert summary and int(summary.group(1)) == len(times)
            counts = [int(n) for n in re.findall(r"(\d+) × ", summary.group(2))]
            assert sum(counts) == len(times) and counts == sorted(counts, reverse=True)
        else:
            assert summary is None
        if not times:
            assert re.search(r'<p class="handbook-day-none">No posts(: [^<]+)?</p>', body)
    # The feed's posts over the four weeks from the build's, day by day and minute by minute.
    assert listed == feed_times(site, slug, expected[0], expected[-1])


def test_targets_are_in_words_with_the_iso_week_as_secondary_detail(site):
    first, last = planning.horizon(BUILD_DATE)
    mondays = [first + dt.timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]
    this_week = BUILD_DATE - dt.timedelta(days=BUILD_DATE.weekday())
    for slug, words in (
        ("bwdpip", ["Facebook 21 of at least 21 ✓", "Twitter 49 of at least 49 ✓"]),
        ("sendiass-wokingham", ["Facebook 2 of at least 2 (aim: 3) ✓", "Twitter 2 of at least 2"]),
    ):
        page = article((site / slug / "calendar" / "index.html").read_text("utf-8"))
        section = page[page.index('id="posts-a-week-against-the-targets"') :]
        weeks = re.findall(
            r'<li class="handbook-target-week" data-handbook-week="([\d-]+)">(.*?)</li>', section
        )
        # Every week of the plan: the coming ones, then later ones, then the ones already past.
        order = sorted(mondays, key=lambda m: (m < this_week, m))
        assert [day for day, _ in weeks] == [m.isoformat() for m in order]
        for day, item in weeks:
            monday = dt.date.fromisoformat(day)
            text = html.unescape(re.sub(r"<[^>]+>", "", item))
            assert text.startswith(f"Week of {monday.day} {monday:%B}: ")
            for expected in words:
                assert expected in text
            iso = monday.isocalendar()
            code = f"{iso.year}-W{iso.week:02d}"
            # Weeks are named by their dates only: no "2026-W49" code for staff to decode.
            assert code not in item and "ISO" not in item
        # The coming four weeks are listed; earlier and later ones are folded away.
        shown = section[: section.index("<details")]
        shown_weeks = re.findall(r'data-handbook-week="([\d-]+)"', shown)
        coming = [this_week + dt.timedelta(weeks=n) for n in range(4)]
        assert shown_weeks == [m.isoformat() for m in coming]
        assert "<summary>Later weeks, " in section and "<summary>Earlier weeks, " in section


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
    assert "this copy does not know it" in " ".join(html.unescape(page).split())
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
    from search_support import sections

    docs = sections(site)
    calendar = " ".join(
        d["title"] + " " + d["text"] for d in docs if d["location"].startswith("bwdpip/calendar/")
    )
    assert "Subscribe from web" in calendar
    assert "planned posts" not in calendar and "Twitter: " not in calendar
