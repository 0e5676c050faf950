"""The feeds staff subscribe to: read back by icalendar, vobject and Mozilla's ical.js.

Every timed event's instant is checked against zoneinfo in every parser, over Christmas,
ISO week 53 and both clock changes; UIDs are stable across builds a week apart.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import icalendar
import pytest
import vobject
from calendar_support import (
    LONDON,
    ROOT,
    SEED_TARGETS,
    channel,
    iso_week,
    make_policy,
    repository_calendar,
    seed_policies,
)
from policy_handbook import planning
from policy_handbook.site import calendar_pages

SITE_URL = "https://handbook.example.org/"
# Christmas and ISO week 53; the spring clock change (28 Mar 2027); the autumn one (31 Oct 2027).
BUILD_DATES = [dt.date(2026, 11, 21), dt.date(2027, 3, 20), dt.date(2027, 10, 23)]
NODE = shutil.which("node")


def build(build_date: dt.date, policies=None, site_url=SITE_URL) -> dict[str, bytes]:
    """Every feed as the plugin would write it, for a build on `build_date` at noon UTC."""
    policies = policies or seed_policies()
    extra = repository_calendar()
    first, last = planning.horizon(build_date)
    plans = [
        planning.plan(p, first, last, themes=extra.themes, blackouts=extra.blackout_periods)
        for p in policies.values()
    ]
    stamp = dt.datetime.combine(build_date, dt.time(12), tzinfo=dt.UTC)
    files = calendar_pages.calendar_files(plans, today=build_date, stamp=stamp, site_url=site_url)
    return {f.src_uri: f.content for f in files if f.src_uri.endswith(".ics")}


class Parsed:
    """Each feed of one build read by every parser, once (the big feeds take a while)."""

    def __init__(self, feeds: dict[str, bytes], folder: Path) -> None:
        self.feeds = feeds
        self.folder = folder
        self._cache: dict[tuple[str, str], object] = {}

    def _get(self, parser: str, uri: str, read):
        key = (parser, uri)
        if key not in self._cache:
            self._cache[key] = read()
        return self._cache[key]

    def raw(self, uri: str) -> list[dict]:
        return self._get("raw", uri, lambda: raw_events(self.feeds[uri]))

    def icalendar(self, uri: str) -> dict[str, tuple]:
        return self._get("icalendar", uri, lambda: icalendar_events(self.feeds[uri]))

    def vobject(self, uri: str) -> dict[str, tuple]:
        return self._get("vobject", uri, lambda: vobject_events(self.feeds[uri]))

    def icaljs(self, uri: str) -> tuple[dict, dict[str, tuple]]:
        def read():
            path = self.folder / uri.replace("/", "_")
            path.write_bytes(self.feeds[uri])
            return icaljs_events(path)

        return self._get("icaljs", uri, read)

    def by_parser(self, uri: str) -> list[tuple[str, dict[str, tuple]]]:
        return [
            ("icalendar", self.icalendar(uri)),
            ("vobject", self.vobject(uri)),
            ("ical.js", self.icaljs(uri)[1]),
        ]


@pytest.fixture(scope="module", params=BUILD_DATES, ids=str)
def built(request, tmp_path_factory) -> tuple[dt.date, dict[str, bytes], Parsed]:
    feeds = build(request.param)
    return request.param, feeds, Parsed(feeds, tmp_path_factory.mktemp(f"feeds-{request.param}"))


# --- reading events back, four ways ---------------------------------------------------------------


def unfolded_lines(content: bytes) -> list[str]:
    return content.decode("utf-8").replace("\r\n ", "").split("\r\n")


def raw_events(content: bytes) -> list[dict]:
    """Events straight from the text: the reference the parsers are compared with."""
    events, current = [], None
    for line in unfolded_lines(content):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name, _, value = line.partition(":")
            key, *params = name.split(";")
            current[key] = (dict(p.split("=", 1) for p in params), value)
    return events


def zoneinfo_instant(prop: tuple[dict, str]) -> dt.datetime | dt.date:
    """What zoneinfo says a DTSTART/DTEND means, in UTC (dates stay dates)."""
    params, value = prop
    if params.get("VALUE") == "DATE":
        return dt.datetime.strptime(value, "%Y%m%d").date()
    if value.endswith("Z"):
        return dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
    assert params.get("TZID") == "Europe/London", f"floating time {value}"
    local = dt.datetime.strptime(value, "%Y%m%dT%H%M%S").replace(tzinfo=LONDON)
    return local.astimezone(dt.UTC)


def as_utc(value):
    if isinstance(value, dt.datetime):
        assert value.tzinfo is not None, f"floating time {value}"
        return value.astimezone(dt.UTC)
    return value


def icalendar_events(content: bytes) -> dict[str, tuple]:
    cal = icalendar.Calendar.from_ical(content)
    return {
        str(e["UID"]): (as_utc(e.decoded("DTSTART")), as_utc(e.decoded("DTEND")), str(e["SUMMARY"]))
        for e in cal.walk("VEVENT")
    }


def vobject_events(content: bytes) -> dict[str, tuple]:
    cal = vobject.readOne(content.decode("utf-8"), validate=True)
    return {
        e.uid.value: (as_utc(e.dtstart.value), as_utc(e.dtend.value), e.summary.value)
        for e in cal.vevent_list
    }


def icaljs_events(path: Path) -> tuple[dict, dict[str, tuple]]:
    # Never a skip: a missing parser would hide exactly the bugs ical.js is here to catch.
    assert NODE is not None, "Node.js is not installed: `make test` installs it with apt-get"
    # A zone of its own for Node: a time ical.js took as floating would then be hours off.
    env = dict(os.environ, TZ="America/New_York")
    result = subprocess.run(
        [NODE, str(ROOT / "tests/js/parse_ics.mjs"), str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    data = json.loads(result.stdout)

    def read(value, all_day):
        if all_day:
            return dt.date.fromisoformat(value)
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00"))

    events = {
        e["uid"]: (read(e["start"], e["allDay"]), read(e["end"], e["allDay"]), e["summary"])
        for e in data["events"]
    }
    return data["calendar"], events


# --- the feed as text ---------------------------------------------------------------------------


def test_every_line_ends_in_crlf_and_fits_in_75_octets(built):
    _, feeds, _ = built
    for uri, content in feeds.items():
        assert content.endswith(b"\r\n"), uri
        assert b"\n" not in content.replace(b"\r\n", b""), f"{uri}: a bare LF"
        assert b"\r" not in content.replace(b"\r\n", b""), f"{uri}: a bare CR"
        for line in content.split(b"\r\n"):
            assert len(line) <= 75, f"{uri}: {line!r}"
            line.decode("utf-8")  # folding never splits a character


def test_the_feed_carries_what_outlook_needs_to_subscribe(built):
    _, feeds, _ = built
    for uri, content in feeds.items():
        lines = unfolded_lines(content)
        for needed in (
            "VERSION:2.0",
            "METHOD:PUBLISH",
            "REFRESH-INTERVAL;VALUE=DURATION:PT4H",
            "X-PUBLISHED-TTL:PT4H",
            "BEGIN:VTIMEZONE",
            "TZID:Europe/London",
            "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3",
            "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10",
        ):
            assert needed in lines, f"{uri}: no {needed}"
        assert any(line.startswith("PRODID:") for line in lines)
        name = next(line for line in lines if line.startswith("X-WR-CALNAME:"))
        assert name.removeprefix("X-WR-CALNAME:").startswith(("BwDPiP", "SENDIASS"))
        assert f"NAME:{name.removeprefix('X-WR-CALNAME:')}" in lines
        assert not any(line.startswith("RDATE") for line in lines), "Outlook misreads RDATE"
        for event in raw_events(content):
            for prop in ("UID", "DTSTAMP", "SEQUENCE", "DTSTART", "DTEND", "SUMMARY"):
                assert prop in event, f"{uri}: an event without {prop}"


def test_the_same_inputs_give_the_same_bytes():
    day = BUILD_DATES[0]
    assert build(day) == build(day)


# --- what each parser reads ------------------------------------------------------------


def test_every_parser_reads_every_instant_as_zoneinfo_does(built):
    _, feeds, parsed = built
    for uri in feeds:
        reference = {
            e["UID"][1]: (
                zoneinfo_instant(e["DTSTART"]),
                zoneinfo_instant(e["DTEND"]),
                e["SUMMARY"][1].replace("\\,", ",").replace("\\;", ";"),
            )
            for e in parsed.raw(uri)
        }
        for parser, events in parsed.by_parser(uri):
            assert events == reference, f"{parser} reads {uri} differently"
        calendar = parsed.icaljs(uri)[0]
        assert calendar["method"] == "PUBLISH"
        assert calendar["x-wr-calname"] == calendar["name"]


def test_the_feed_instants_are_the_planned_london_times(built):
    build_date, feeds, _ = built
    policies = seed_policies()
    first, last = planning.horizon(build_date)
    for slug, policy in policies.items():
        plan = planning.plan(policy, first, last, themes=repository_calendar().themes)
        events = {e["UID"][1]: e for e in raw_events(feeds[f"{slug}/calendar/{slug}.ics"])}
        for slot in plan.slots:
            wall = slot.start.replace(tzinfo=None)
            expected = wall.replace(tzinfo=LONDON).astimezone(dt.UTC)
            assert zoneinfo_instant(events[slot.uid]["DTSTART"]) == expected


def test_the_horizon_spans_the_clock_change_it_is_meant_to(built):
    build_date, _, parsed = built
    events = parsed.raw("bwdpip/calendar/bwdpip.ics")
    offsets = {
        zoneinfo_instant(e["DTSTART"]).astimezone(LONDON).utcoffset()
        for e in events
        if "TZID" in e["DTSTART"][0]
    }
    assert offsets == {dt.timedelta(0), dt.timedelta(hours=1)} or build_date.month == 11


def test_every_iso_week_of_every_feed_meets_the_target_in_every_parser(built):
    build_date, feeds, parsed = built
    first, last = planning.horizon(build_date)
    weeks = {iso_week(first + dt.timedelta(weeks=n)) for n in range((last - first).days // 7 + 1)}
    if build_date == BUILD_DATES[0]:
        assert {(2026, 52), (2026, 53), (2027, 1)} <= weeks  # Christmas and ISO week 53
    for slug, targets in SEED_TARGETS.items():
        for channel_id, (minimum, _optimum) in targets.items():
            uri = f"{slug}/calendar/{slug}-{channel_id}.ics"
            for parser, events in parsed.by_parser(uri):
                counts = Counter(
                    iso_week(start.astimezone(LONDON).date()) for start, _, _ in events.values()
                )
                assert set(counts) == weeks, (parser, uri)
                assert set(counts.values()) == {minimum}, (parser, uri, counts)
            # The all-channel feed holds the same events.
            everything = parsed.icalendar(f"{slug}/calendar/{slug}.ics")
            mine = {u for u in everything if u.startswith(f"{slug}-{channel_id}-")}
            assert mine == set(parsed.icalendar(uri))


def test_uids_are_unique_and_stable_across_builds_a_week_apart():
    early_date = BUILD_DATES[0]
    late_date = early_date + dt.timedelta(weeks=1)
    early, late = build(early_date), build(late_date)
    shared = (planning.horizon(late_date)[0], planning.horizon(early_date)[1])
    for uri in early:
        kept = {}
        for name, feed in (("early", early[uri]), ("late", late[uri])):
            events = [e for e in raw_events(feed) if e["DTSTART"][0].get("VALUE") != "DATE"]
            uids = [e["UID"][1] for e in events]
            assert len(uids) == len(set(uids)), f"{uri}: a UID repeats"
            kept[name] = {
                e["UID"][1]: (e["DTSTART"], e["DTEND"], e["SUMMARY"], e["DESCRIPTION"])
                for e in events
                if shared[0]
                <= zoneinfo_instant(e["DTSTART"]).astimezone(LONDON).date()
                <= shared[1]
            }
        assert kept["early"] == kept["late"], uri
        assert kept["early"], uri


def test_the_review_date_is_an_all_day_item_flagged_when_overdue(built):
    build_date, feeds, parsed = built
    for slug, policy in seed_policies().items():
        events = parsed.raw(f"{slug}/calendar/{slug}.ics")
        review = [e for e in events if e["DTSTART"][0].get("VALUE") == "DATE"]
        assert len(review) == 1
        start, end = zoneinfo_instant(review[0]["DTSTART"]), zoneinfo_instant(review[0]["DTEND"])
        assert end == start + dt.timedelta(days=1)
        overdue = build_date > policy.facts.review_due.last_day
        short_name = policy.organisation.short_name
        assert review[0]["SUMMARY"][1].startswith(f"{short_name}: OVERDUE") == overdue
        # Not in the per-channel feeds: subscribing to two would show it twice.
        for channel_id in SEED_TARGETS[slug]:
            single = parsed.raw(f"{slug}/calendar/{slug}-{channel_id}.ics")
            assert not [e for e in single if e["DTSTART"][0].get("VALUE") == "DATE"]


def test_a_future_review_date_sits_on_its_day_without_the_flag():
    policy = make_policy(
        "future",
        channels={"x": channel("X", "twitter", (2, "week"))},
        review_due="2027-01-15",
    )
    content = build(dt.date(2026, 11, 21), {"future": policy})["future/calendar/future.ics"]
    review = [e for e in raw_events(content) if e["DTSTART"][0].get("VALUE") == "DATE"]
    assert review[0]["DTSTART"][1] == "20270115" and review[0]["DTEND"][1] == "20270116"
    assert "OVERDUE" not in review[0]["SUMMARY"][1]


def test_text_from_yaml_is_escaped_and_read_back_exactly(tmp_path):
    name = 'News, views; and \\ "quotes" — ünïcödé'
    policy = make_policy(
        "esc",
        short_name="Esc; Org, Ltd",
        channels={"x": channel("Twitter, main", "twitter", (3, "week"))},
        content_types=[{"id": "n", "name": name, "guidance": "Line one.\nLine two; with, marks."}],
    )
    content = build(dt.date(2026, 11, 21), {"esc": policy})["esc/calendar/esc.ics"]
    path = tmp_path / "esc.ics"
    path.write_bytes(content)
    # Escaped on the wire as TEXT (RFC 5545 3.3.11). icalendar and ical.js hand back unknown
    # properties such as X-WR-CALNAME and NAME undecoded; vobject decodes them.
    lines = unfolded_lines(content)
    assert "X-WR-CALNAME:Esc\\; Org\\, Ltd posting calendar" in lines
    assert "NAME:Esc\\; Org\\, Ltd posting calendar" in lines
    cal = icalendar.Calendar.from_ical(content)
    event = next(iter(cal.walk("VEVENT")))
    summary = f"Esc; Org, Ltd: {name} on Twitter, main"
    assert str(event["SUMMARY"]) == summary
    assert "Line one.\nLine two; with, marks." in str(event["DESCRIPTION"])
    _, from_js = icaljs_events(path)
    assert summary in {read for _, _, read in from_js.values()}
    vcal = vobject.readOne(content.decode("utf-8"), validate=True)
    assert vcal.vevent.summary.value == summary
    assert vcal.contents["x-wr-calname"][0].value == "Esc; Org, Ltd posting calendar"


def test_events_link_back_to_the_handbook():
    feeds = build(BUILD_DATES[0], {"sendiass-wokingham": seed_policies()["sendiass-wokingham"]})
    content = feeds["sendiass-wokingham/calendar/sendiass-wokingham-facebook.ics"]
    event = next(iter(icalendar.Calendar.from_ical(content).walk("VEVENT")))
    page = f"{SITE_URL}sendiass-wokingham/calendar/"
    assert str(event["URL"]) == page
    assert f"Posting calendar: {page}" in str(event["DESCRIPTION"])
    assert re.match(r"^sendiass-wokingham-facebook-\d{8}-1@policy-handbook$", str(event["UID"]))
    categories = [str(c) for c in event["CATEGORIES"].cats]
    assert categories[0] == "Facebook" and len(categories) >= 2


def test_without_a_site_url_events_give_the_page_path_and_no_url():
    content = build(dt.date(2026, 11, 21), site_url=None)["bwdpip/calendar/bwdpip-twitter.ics"]
    event = next(iter(icalendar.Calendar.from_ical(content).walk("VEVENT")))
    assert "URL" not in event
    assert "Posting calendar: bwdpip/calendar/" in str(event["DESCRIPTION"])
