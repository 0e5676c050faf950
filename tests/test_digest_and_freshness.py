"""Feeds people keep and a handbook that stays fresh (issue 12, items 4-6): the daily digest,
guidance per channel, summaries that name the organisation, the feed-size limit, when a page
or feed was built and until when its plan runs, honest subscribe links and the publishing
workflow."""

from __future__ import annotations

import datetime as dt
import html
import re
import subprocess
import textwrap
from pathlib import Path

import icalendar
import pytest
import yaml
from calendar_support import BUILD_DATE, LONDON, ROOT, channel, make_policy, seed_policies
from conftest import EPOCH, MKDOCS, build_env, copy_project, page_text, run_build
from policy_handbook import planning
from policy_handbook.feeds import digest
from policy_handbook.policy.loader import PolicyError, load_policies
from policy_handbook.site import calendar_pages
from policy_handbook.site.policy_page import kinds_of_post
from policy_handbook.text.addresses import is_local_address
from test_ical import (
    BUILD_DATES,
    Parsed,
    build,
    raw_events,
    unfolded_lines,
    zoneinfo_instant,
)

SLUGS = ("bwdpip", "sendiass-wokingham")
LOOPBACK_LINE = "subscribe links work only on this computer"


@pytest.fixture(scope="module")
def feeds() -> dict[str, bytes]:
    return build(BUILD_DATE)


@pytest.fixture(scope="module")
def plans() -> dict[str, planning.Plan]:
    first, last = planning.horizon(BUILD_DATE)
    from calendar_support import repository_calendar

    themes = repository_calendar().themes
    return {
        slug: planning.plan(policy, first, last, themes=themes)
        for slug, policy in seed_policies().items()
    }


def timed(events: list[dict]) -> list[dict]:
    """Events with a time (not the all-day review)."""
    return [e for e in events if e["DTSTART"][0].get("VALUE") != "DATE"]


def text(value: str) -> str:
    """A TEXT property's value as read: RFC 5545 escapes undone."""
    return re.sub(r"\\([\\;,])", r"\1", value.replace("\\n", "\n").replace("\\N", "\n"))


def local_day(event: dict) -> dt.date:
    return zoneinfo_instant(event["DTSTART"]).astimezone(LONDON).date()


# --- the daily digest -------------------------------------------------------------------------


@pytest.mark.parametrize("slug", SLUGS)
def test_the_digest_reads_the_same_in_icalendar_vobject_and_icaljs(feeds, tmp_path, slug):
    uri = f"{slug}/calendar/{slug}-daily.ics"
    parsed = Parsed(feeds, tmp_path)
    reference = {
        e["UID"][1]: (
            zoneinfo_instant(e["DTSTART"]),
            zoneinfo_instant(e["DTEND"]),
            text(e["SUMMARY"][1]),
        )
        for e in parsed.raw(uri)
    }
    assert reference
    for parser, events in parsed.by_parser(uri):
        assert events == reference, f"{parser} reads {uri} differently"
    calendar = parsed.icaljs(uri)[0]
    assert calendar["method"] == "PUBLISH"
    assert calendar["x-wr-calname"].endswith("daily digest")


@pytest.mark.parametrize("slug", SLUGS)
def test_one_digest_event_per_planned_day_on_the_same_days_as_the_all_channels_feed(feeds, slug):
    everything = timed(raw_events(feeds[f"{slug}/calendar/{slug}.ics"]))
    daily = raw_events(feeds[f"{slug}/calendar/{slug}-daily.ics"])
    days = [local_day(e) for e in daily]
    assert len(days) == len(set(days)), "two digest events on one day"
    assert set(days) == {local_day(e) for e in everything}
    uids = {e["UID"][1] for e in daily}
    assert uids == {f"{slug}-daily-{day:%Y%m%d}@policy-handbook" for day in days}
    for event in daily:
        assert event["TRANSP"][1] == "TRANSPARENT"
        assert "DTSTAMP" in event and "SEQUENCE" in event


@pytest.mark.parametrize("slug", SLUGS)
def test_the_digest_lists_each_post_with_its_time_at_the_window_start(feeds, plans, slug):
    plan = plans[slug]
    daily = {local_day(e): e for e in raw_events(feeds[f"{slug}/calendar/{slug}-daily.ics"])}
    opens = plan.policy.schedule.window.start
    short = plan.policy.organisation.short_name
    for day, slots in digest.by_day(plan).items():
        event = daily[day]
        start = zoneinfo_instant(event["DTSTART"]).astimezone(LONDON)
        assert start.time() == min(opens, slots[0].start.time())
        lines = text(event["DESCRIPTION"][1]).split("\n")
        posts = [line for line in lines if re.match(r"^\d\d:\d\d ", line)]
        assert len(posts) == len(slots)
        for line, slot in zip(posts, slots, strict=True):
            assert line.startswith(f"{slot.start:%H:%M} {slot.channel_short} — {slot.kind}")
        summary = text(event["SUMMARY"][1])
        count = len(slots)
        assert summary.startswith(f"{short}: {count} post{'s' if count != 1 else ''} today (")


def test_a_busy_organisation_is_offered_the_digest_first(plans):
    busy = calendar_pages.feeds(plans["bwdpip"])  # 10 posts a day
    quiet = calendar_pages.feeds(plans["sendiass-wokingham"])  # about 1 a day
    assert busy[0].digest and busy[1].label == "All channels"
    assert quiet[0].label == "All channels" and quiet[1].digest
    assert digest.posts_per_day(plans["bwdpip"]) > digest.DIGEST_FIRST_ABOVE
    assert digest.posts_per_day(plans["sendiass-wokingham"]) <= digest.DIGEST_FIRST_ABOVE


# --- guidance per channel, summaries --------------------------------------------------------


def guidance_texts(policy) -> set[str]:
    found = set()
    for kind in policy.content_types:
        if kind.guidance:
            found.add(kind.guidance)
        found.update(kind.guidance_by_channel.values())
    return found


def kind_named(policy, words: str):
    """The content type whose name `words` starts with (the longest, if several do)."""
    found = [k for k in policy.content_types if words.startswith(k.name)]
    return max(found, key=lambda k: len(k.name))


@pytest.mark.parametrize("slug", SLUGS)
def test_no_event_carries_another_channels_guidance(feeds, slug):
    policy = seed_policies()[slug]
    names = {c.name: channel_id for channel_id, c in policy.channels.items()}
    every_text = guidance_texts(policy)
    checked = 0
    for uri, content in feeds.items():
        if not uri.startswith(f"{slug}/") or uri.endswith("-daily.ics"):
            continue
        for event in timed(raw_events(content)):
            lines = text(event["DESCRIPTION"][1]).split("\n")
            channel_id = names[lines[0].removeprefix("Channel: ")]
            kind = kind_named(policy, lines[1].removeprefix("Kind of post: "))
            expected = kind.guidance_for(channel_id)
            shown = {t for t in every_text if t in "\n".join(lines)}
            assert shown <= {expected}, event["UID"][1]
            assert lines[1] == (
                f"{kind.name}: {expected}" if expected else f"Kind of post: {kind.name}"
            )
            checked += 1
    assert checked > 100
    for day_event in raw_events(feeds[f"{slug}/calendar/{slug}-daily.ics"]):
        for line in text(day_event["DESCRIPTION"][1]).split("\n"):
            if not re.match(r"^\d\d:\d\d ", line):
                continue
            channel_short = line.split(" ")[1]
            channel_id = next(i for n, i in names.items() if n.startswith(channel_short))
            kind = kind_named(policy, line.split(" — ", 1)[1])
            assert {t for t in every_text if t in line} <= {kind.guidance_for(channel_id)}, line
            checked += 1
    assert checked > 150


def test_twitter_posts_no_longer_say_facebook(feeds):
    for event in timed(raw_events(feeds["bwdpip/calendar/bwdpip-twitter.ics"])):
        assert "Facebook" not in text(event["DESCRIPTION"][1])
    facebook = timed(raw_events(feeds["bwdpip/calendar/bwdpip-facebook.ics"]))
    assert all("The open Facebook page" in text(e["DESCRIPTION"][1]) for e in facebook)


def test_every_summary_in_every_feed_starts_with_the_short_name(feeds):
    shorts = {slug: p.organisation.short_name for slug, p in seed_policies().items()}
    for uri, content in feeds.items():
        short = shorts[uri.split("/", 1)[0]]
        events = raw_events(content)
        assert events, uri
        for event in events:
            assert text(event["SUMMARY"][1]).startswith(f"{short}: "), (uri, event["SUMMARY"])
    twitter = raw_events(feeds["bwdpip/calendar/bwdpip-twitter.ics"])
    assert re.match(r"^BwDPiP: .+ on Twitter", text(twitter[0]["SUMMARY"][1]))


def test_the_kinds_of_post_table_shows_each_channels_guidance():
    policy = seed_policies()["bwdpip"]
    table = str(kinds_of_post(policy, {k.id: True for k in policy.content_types}))
    assert "<strong>On Facebook page/group:</strong> The open Facebook page will generally" in (
        table
    )
    general = make_policy(
        "general",
        channels={"x": channel("X", "twitter", (2, "week"))},
        content_types=[{"id": "n", "name": "News", "guidance": "Share *news*."}],
    )
    cell = str(kinds_of_post(general, {"n": True}))
    assert "<em>news</em>" in cell and "On " not in cell


HEAD = """\
organisation: {name: Test Trust, short_name: Test, what_it_is: A test organisation.}
sections: [{id: purpose, title: Purpose, blocks: [Text.]}]
channels:
  facebook: {name: Facebook page, kind: facebook-page}
  twitter: {name: Twitter, kind: twitter}
"""


def problems(tmp_path: Path, extra: str, dedent: bool = True) -> list[str]:
    """The problems loading HEAD plus `extra` (dedented, unless it goes on under channels)."""
    folder = tmp_path / "policies"
    folder.mkdir(exist_ok=True)
    extra = textwrap.dedent(extra) if dedent else extra
    (folder / "test.yaml").write_text(HEAD + extra, encoding="utf-8")
    with pytest.raises(PolicyError) as caught:
        load_policies(folder)
    return [str(problem) for problem in caught.value.problems]


def test_guidance_by_channel_names_known_channels_of_the_kind(tmp_path):
    found = problems(
        tmp_path,
        """\
        content_types:
          - id: a
            name: A
            guidance_by_channel: {instagram: Pictures.}
          - id: b
            name: B
            channels: [facebook]
            guidance_by_channel: {twitter: Short.}
          - id: c
            name: C
        """,
    )
    assert len(found) == 3, found
    assert re.search(
        r"policies/test\.yaml:9:\d+ content_types\[0\]\.guidance_by_channel\.instagram: names the "
        r'channel "instagram", which is not under channels:',
        found[0],
    ), found[0]
    assert re.search(r"test\.yaml:13:\d+ content_types\[1\]\.guidance_by_channel", found[1])
    assert "not among this kind's channels (facebook)" in found[1]
    assert re.search(r"policies/test\.yaml:14:\d+ content_types\[2\]\.id: ", found[2])
    assert "has no guidance" in found[2]


def test_a_channel_cannot_take_the_digest_feeds_name(tmp_path):
    extra = "  daily: {name: Daily, kind: twitter, target: {minimum: {posts: 1, per: week}}}\n"
    (found,) = problems(tmp_path, extra, dedent=False)
    assert "channels.daily" in found and "test-daily.ics" in found


def test_channel_guidance_is_used_for_its_channel_and_general_guidance_elsewhere():
    policy = make_policy(
        "mixed",
        channels={
            "facebook": channel("Facebook page", "facebook-page", (7, "week")),
            "twitter": channel("Twitter", "twitter", (7, "week")),
        },
        content_types=[
            {
                "id": "n",
                "name": "News",
                "guidance": "Share news.",
                "guidance_by_channel": {"facebook": "Share news with a picture."},
            }
        ],
    )
    content = build(BUILD_DATE, {"mixed": policy})
    for channel_id, expected, other in (
        ("facebook", "Share news with a picture.", None),
        ("twitter", "Share news.", "picture"),
    ):
        for event in timed(raw_events(content[f"mixed/calendar/mixed-{channel_id}.ics"])):
            description = text(event["DESCRIPTION"][1])
            assert f"News: {expected}" in description
            assert other is None or other not in description


# --- built on, and until when the plan runs -----------------------------------------------------


def test_every_feed_says_when_it_was_built_and_until_when_the_plan_runs(feeds, plans):
    for uri, content in feeds.items():
        plan = plans[uri.split("/", 1)[0]]
        caldesc = next(line for line in unfolded_lines(content) if line.startswith("X-WR-CALDESC:"))
        last = plan.last_day
        assert f"Built on {BUILD_DATE.day} {BUILD_DATE:%B %Y}." in caldesc, uri
        assert f"The plan runs until {last.day} {last:%B %Y}." in caldesc, uri
        assert "\\;" not in caldesc and "\\," not in caldesc  # shown raw by some clients


# --- the feed-size limit ----------------------------------------------------------------------


def busy_policy(project: Path) -> None:
    """A synthetic organisation posting 12 times a day on each of two channels, every day."""
    data = yaml.safe_load((project / "policies/bwdpip.yaml").read_text("utf-8"))
    data["organisation"]["slug"] = "busy"
    data["organisation"]["short_name"] = "Busy"
    for channel_id in ("facebook", "twitter"):
        data["channels"][channel_id]["target"] = {"minimum": {"posts": 12, "per": "day"}}
    data["schedule"]["minimum_gap_minutes"] = 30
    (project / "policies/busy.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def test_a_feed_over_1_mb_fails_the_build_naming_the_feed_and_the_horizon(tmp_path):
    project = copy_project(tmp_path / "project")
    busy_policy(project)
    config = project / "mkdocs.yml"
    config.write_text(
        re.sub(r"weeks_ahead: \d+", "weeks_ahead: 20", config.read_text("utf-8")), "utf-8"
    )
    site = project / "site"
    site.mkdir()
    (site / "index.html").write_text("the old site", encoding="utf-8")
    build_result = run_build(project, site=site)
    assert build_result.result.returncode == 1
    stderr = build_result.result.stderr
    assert "Traceback" not in stderr
    assert re.search(
        r"policies/busy\.yaml:\d+:\d+ channels: the calendar feed busy/calendar/", stderr
    )
    assert "busy/calendar/busy.ics would be" in stderr
    assert "over the 1,000,000" in stderr
    assert "plugins.handbook.calendar.weeks_ahead is 20 (about " in stderr
    assert "plugins.handbook.calendar.weeks_back is 2" in stderr
    assert "bwdpip/calendar" not in stderr  # the seed organisations' feeds still fit
    assert sorted(p.name for p in site.iterdir()) == ["index.html"]
    assert (site / "index.html").read_text("utf-8") == "the old site"


# --- honest subscribe links ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("site_url", "local"),
    [
        (None, True),
        ("http://127.0.0.1:8000/", True),
        ("http://localhost:8000/handbook/", True),
        ("http://[::1]:8000/", True),
        ("https://example.org/", False),
        ("https://handbook.example.org/sub/", False),
    ],
)
def test_the_calendar_page_warns_when_links_work_only_here(plans, site_url, local):
    page = calendar_pages.render_calendar_page(plans["sendiass-wokingham"], BUILD_DATE, site_url)
    assert ("work only on this computer" in page) == local
    assert ("SITE_URL=https://handbook.example.org/ make build" in page) == local
    assert is_local_address(site_url) == local


def test_the_calendar_page_says_when_it_was_built_and_how_to_add_reminders(seed_build):
    words = seed_build.text("bwdpip/calendar/index.html")
    built = dt.datetime.fromtimestamp(EPOCH, tz=dt.UTC).astimezone(LONDON).date()
    last = planning.horizon(built)[1]
    assert f"Built on {built:%A} {built.day} {built:%B %Y}" in words
    assert f"the plan runs until {last:%A} {last.day} {last:%B %Y}" in words
    reminders = words[words.index("Reminders") :]
    for app in ("Outlook", "Google Calendar", "Apple Calendar", "Thunderbird"):
        assert app in reminders
    page = seed_build.page("bwdpip/calendar/index.html")
    daily = page.index("bwdpip-daily.ics")
    assert daily < page.index("bwdpip/calendar/bwdpip.ics")  # offered first: 10 posts a day


def test_a_local_build_shows_the_warning_and_prints_it_once_without_failing_strict(seed_build):
    assert seed_build.result.returncode == 0  # built with --strict
    page = seed_build.text("bwdpip/calendar/index.html")
    assert "Calendar links that work only on this computer" in page
    assert "http://127.0.0.1:8000/" in page
    lines = [line for line in seed_build.result.stderr.splitlines() if LOOPBACK_LINE in line]
    assert lines == [
        "WARNING -  handbook: site_url is http://127.0.0.1:8000/ — subscribe links work only "
        "on this computer; set SITE_URL to the published address"
    ]


def test_a_build_for_a_published_address_has_no_warning(tmp_path):
    project = copy_project(tmp_path / "project")
    env = build_env() | {"SITE_URL": "https://example.org/"}
    result = subprocess.run(
        [*MKDOCS, "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", "site"],
        capture_output=True,
        text=True,
        env=env,
        cwd=project,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert LOOPBACK_LINE not in result.stderr
    page = (project / "site/bwdpip/calendar/index.html").read_text("utf-8")
    assert "work only on this computer" not in page_text(page)
    assert "webcal://example.org/bwdpip/calendar/bwdpip-daily.ics" in html.unescape(page)


# --- publishing: the workflow and the README ------------------------------------------------------


def test_the_publishing_workflow_tests_then_builds_weekly_and_deploys():
    workflow = yaml.safe_load((ROOT / ".github/workflows/publish.yml").read_text("utf-8"))
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "workflow_dispatch" in triggers
    assert triggers["push"]["branches"] == ["main"]
    (cron,) = [entry["cron"] for entry in triggers["schedule"]]
    minute, hour, day_of_month, month, day_of_week = cron.split()
    assert (day_of_month, month) == ("*", "*")
    assert re.fullmatch(r"[0-6]", day_of_week), f"not once a week: {cron}"
    jobs = workflow["jobs"]
    runs = {
        name: " ".join(str(s.get("run", "")) for s in job["steps"]) for name, job in jobs.items()
    }
    (test_job,) = [name for name, run in runs.items() if "make test" in run]
    (build_job,) = [name for name, run in runs.items() if "make build" in run]
    assert test_job in _needs(jobs[build_job])  # the tests pass before anything is built
    (build_step,) = [s for s in jobs[build_job]["steps"] if "make build" in str(s.get("run"))]
    assert "SITE_URL" in build_step["env"]
    assert "SOURCE_DATE_EPOCH" in build_step["run"]
    (deploy_job,) = [
        name
        for name, job in jobs.items()
        if any("actions/deploy-pages" in str(s.get("uses")) for s in job["steps"])
    ]
    assert build_job in _needs(jobs[deploy_job])
    uploads = [s for s in jobs[build_job]["steps"] if "upload-pages-artifact" in str(s.get("uses"))]
    assert uploads and uploads[0]["with"]["path"] == "site"


def _needs(job: dict) -> list[str]:
    needs = job.get("needs", [])
    return [needs] if isinstance(needs, str) else list(needs)


def test_the_readme_says_how_to_keep_the_calendar_fresh_elsewhere():
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme[readme.index("## Keeping the calendar fresh") :]
    section = section[: section.index("\n## ", 1)]
    assert "make build" in section and "cron" in section and "SITE_URL" in section
    assert ".github/workflows/publish.yml" in section
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert re.search(r"^build:", makefile, re.M)


def test_the_digest_survives_builds_on_every_test_date():
    # The clock changes and ISO week 53: the digest's instants are read alike by every parser
    # in test_ical (it is among the feeds `build` returns); here, one event a planned day.
    for day in BUILD_DATES:
        content = build(day)["bwdpip/calendar/bwdpip-daily.ics"]
        events = raw_events(content)
        days = [local_day(e) for e in events]
        first, last = planning.horizon(day)
        assert len(days) == len(set(days)) == (last - first).days + 1
        calendar = icalendar.Calendar.from_ical(content)
        assert not calendar.errors
