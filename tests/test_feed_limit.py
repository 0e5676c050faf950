"""A feed over the size limit is refused as soon as it crosses it, not after it is all made.

A policy can ask for feeds of gigabytes (a 90,000-character guidance in each of thousands of
posts); the refusal must come having made about the limit. The work is counted, not timed: the
events serialised (each call to ical.serialise) and the peak memory Python allocates.
"""

from __future__ import annotations

import datetime as dt
import tracemalloc

import pytest
from calendar_support import BUILD_DATE, WEEK, channel, make_policy, seed_policies
from conftest import FIXTURES, copy_project, handbook_options, run_cli
from policy_handbook import planning
from policy_handbook.feeds import digest, ical
from policy_handbook.feeds.limit import MAX_FEED_BYTES, Budget, Oversized
from policy_handbook.handbook import Handbook, HandbookError
from policy_handbook.site import calendar_pages

STAMP = dt.datetime(2026, 11, 21, 12, tzinfo=dt.UTC)
LINK = "https://handbook.example.org/long/calendar/"
LONG = "Say it plainly. " * 5600  # 89,600 characters, under the 100,000 a text may hold
EVERY_DAY = {"days": list(WEEK), "start": "06:00", "end": "23:00"}


def long_plan(weeks_ahead: int = 104, per_day: int = 12) -> planning.Plan:
    """Twelve posts a day on each of two channels, each post carrying LONG: the feeds would
    be about a gigabyte each over the longest horizon."""
    policy = make_policy(
        "long",
        channels={
            "facebook": channel("Facebook", "facebook-page", (per_day, "day"), window=EVERY_DAY),
            "twitter": channel("Twitter", "twitter", (per_day, "day"), window=EVERY_DAY),
        },
        schedule={"minimum_gap_minutes": 60},
        content_types=[{"id": "news", "name": "News", "guidance": LONG}],
    )
    first, last = planning.horizon(BUILD_DATE, 2, weeks_ahead)
    return planning.plan(policy, first, last)


class TooMuchWork(AssertionError):
    pass


@pytest.fixture
def serialised(monkeypatch) -> list[int]:
    """Bytes of every component serialised; fails the test at once past 200 of them (with
    no limit the long plan's feeds serialise tens of thousands)."""
    made: list[int] = []
    real = ical.serialise

    def counting(component):
        if len(made) >= 200:
            raise TooMuchWork(f"{len(made)} components serialised to refuse one organisation")
        data = real(component)
        made.append(len(data))
        return data

    monkeypatch.setattr(ical, "serialise", counting)
    return made


def files(plan: planning.Plan, limit: int | None = MAX_FEED_BYTES):
    return calendar_pages.organisation_files(
        plan, today=BUILD_DATE, stamp=STAMP, site_url="https://handbook.example.org/", limit=limit
    )


def test_feeds_far_over_the_limit_are_refused_having_made_about_the_limit(serialised):
    plan = long_plan()
    assert len(plan.slots) > 2 * 12 * 7 * 100  # thousands of posts, each with LONG
    tracemalloc.start()
    try:
        made = files(plan)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    feeds = {f.src_uri: f.content for f in made}
    assert sorted(feeds) == [
        "long/calendar/long-daily.ics",
        "long/calendar/long-facebook.ics",
        "long/calendar/long-twitter.ics",
        "long/calendar/long.ics",
    ]  # no pages: the build is refused
    assert all(isinstance(content, Oversized) for content in feeds.values())
    # Each feed stopped at its first event past the limit: a few events, each about LONG.
    assert len(serialised) < 40 and sum(serialised) < 4 * MAX_FEED_BYTES
    assert peak < 40_000_000
    whole = feeds["long/calendar/long.ics"]
    assert whole.made > MAX_FEED_BYTES and whole.done < 20 and whole.total == len(plan.slots)
    assert whole.estimate > 500 * MAX_FEED_BYTES  # about a gigabyte


def test_a_day_whose_guidance_alone_is_over_the_limit_is_never_made(serialised):
    """The digest's one event a day holds all that day's guidance: 24 × LONG is over 2 MB."""
    daily = digest.build_digest(
        long_plan(per_day=12), stamp=STAMP, today=BUILD_DATE, page_link=LINK, limit=MAX_FEED_BYTES
    )
    assert isinstance(daily, Oversized) and daily.done == 1
    assert len(serialised) == 1  # the calendar's head; no day's event


def long_policy_file() -> str:
    """The Riverside fixture planning 80 posts a week, half of them with LONG."""
    text = (FIXTURES / "policies" / "riverside-young-carers.yaml").read_text("utf-8")
    for old, new in (
        ("guidance: Dates, places and how to book.", f"guidance: {LONG}"),
        (
            "      optimum: {posts: 5, per: week}",
            "      optimum: {posts: 80, per: week}\n"
            '    window: {days: [mon, tue, wed, thu, fri, sat, sun], start: "06:00", end: "23:00"}',
        ),
    ):
        assert old in text
        text = text.replace(old, new)
    return text


def test_the_handbook_refuses_the_policy_at_once_naming_feed_file_and_horizon(tmp_path, serialised):
    project = copy_project(tmp_path / "project")
    (project / "policies" / "long.yaml").write_text(long_policy_file(), encoding="utf-8")
    with pytest.raises(HandbookError) as raised:
        Handbook.load(handbook_options(project, only="long", weeks_ahead=104))
    report = str(raised.value)
    for feed in ("long.ics", "long-daily.ics", "long-instagram.ics"):
        assert f"long.yaml:16:1 channels: the calendar feed long/calendar/{feed} would be" in report
    assert "(estimated from the part made before it crossed the limit), over the 1,000,000" in (
        report
    )
    assert "plugins.handbook.calendar.weeks_ahead is 104 (even 0 would not fit" in report
    assert "shorten the text repeated in every post" in report
    assert len(serialised) < 60


def test_check_refuses_it_with_file_and_line_and_no_traceback(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "policies" / "long.yaml").write_text(long_policy_file(), encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("weeks_ahead: 13", "weeks_ahead: 104"), "utf-8"
    )
    check = run_cli("check", cwd=project)
    assert check.returncode == 1, check.stderr
    assert "Traceback" not in check.stderr
    assert (
        "policies/long.yaml:16:1 channels: the calendar feed long/calendar/long.ics would be"
        in (check.stderr)
    )


@pytest.mark.parametrize("slug", sorted(seed_policies()))
def test_a_feed_exactly_at_the_limit_is_whole_and_one_byte_over_is_refused(slug):
    """The count is the bytes written, to the byte: at the limit every feed is the same bytes
    as with no limit; one byte under its size refuses it."""
    first, last = planning.horizon(BUILD_DATE)
    plan = planning.plan(seed_policies()[slug], first, last)
    ids = [None, *(c.id for c in plan.channels)]
    options = dict(stamp=STAMP, today=BUILD_DATE, page_link=LINK, absolute=True)
    whole = ical.build_feeds(plan, ids, **options)
    daily = digest.build_digest(plan, **options)
    for channel_id, content in whole.items():
        size = len(content)
        at_limit = ical.build_feeds(plan, [channel_id], limit=size, **options)[channel_id]
        assert at_limit == content
        over = ical.build_feeds(plan, [channel_id], limit=size - 1, **options)[channel_id]
        assert isinstance(over, Oversized) and over.made == size and over.done == over.total
    assert digest.build_digest(plan, limit=len(daily), **options) == daily
    assert isinstance(digest.build_digest(plan, limit=len(daily) - 1, **options), Oversized)


def test_the_estimate_of_a_refused_feed_is_close_to_its_real_size():
    """The horizon advice is worked out from the estimate, so it must be near the truth."""
    first, last = planning.horizon(BUILD_DATE, 2, 52)
    plan = planning.plan(seed_policies()["bwdpip"], first, last)
    options = dict(stamp=STAMP, today=BUILD_DATE, page_link=LINK, absolute=True)
    real = len(ical.build_feed(plan, **options))
    refused = ical.build_feeds(plan, [None], limit=real // 5, **options)[None]
    assert isinstance(refused, Oversized) and refused.done < refused.total
    assert abs(refused.estimate - real) < real * 0.05


def test_budget_closes_each_feed_on_its_own():
    budget = Budget(100, {"a": 10, "b": 90}, {"a": 3, "b": 3})
    budget.add("b", 11)
    assert not budget.open("b") and budget.open("a")
    assert budget.over["b"] == Oversized(made=101, done=1, total=3)
    assert budget.over["b"].estimate == 303
    budget.expect("a", 91)
    assert budget.over["a"] == Oversized(made=101, done=1, total=3)
    assert Budget(None, {"c": 10**9}, {"c": 1}).open("c")  # no limit
    assert not Budget(5, {"head": 6}, {"head": 0}).open("head")  # over before any event
