"""The scheduler's promises: every ISO week meets each channel's target, inside the window,
at least the gap apart, skipping bank holidays and blackouts, the same whenever it is built."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from zoneinfo import ZoneInfo

import holidays as holidays_package
import pytest
from calendar_support import (
    BUILD_DATE,
    LONDON,
    SEED_TARGETS,
    WEEK,
    channel,
    iso_week,
    make_policy,
    repository_calendar,
    seed_policies,
    with_schedule,
)
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from policy_handbook import planning
from policy_handbook.planning import Blackout, ScheduleError, Theme

# --- an independent checker ---------------------------------------------------------------------


def expected_per_week(policy, channel_id) -> int:
    ch = policy.channels[channel_id]
    window = ch.window or policy.schedule.window
    rate = ch.target.minimum
    if policy.schedule.plan_for == "optimum" and ch.target.optimum:
        rate = ch.target.optimum
    return rate.posts * (len(window.days) if rate.per == "day" else 1)


def england_closures(years) -> set[dt.date]:
    found = holidays_package.country_holidays("GB", subdiv="ENG", years=list(years))
    return {day for day in found if day.weekday() < 5}


def check_plan(plan: planning.Plan, policy, *, closed: set[dt.date] = frozenset()) -> None:
    """Every promise the issue makes about a plan, checked without the scheduler's own code."""
    zone = ZoneInfo(policy.schedule.timezone)
    gap = dt.timedelta(minutes=max(policy.schedule.minimum_gap_minutes, 1))
    scheduled = [cid for cid, ch in policy.channels.items() if ch.target]
    assert sorted(c.id for c in plan.channels) == sorted(scheduled)
    uids = [slot.uid for slot in plan.slots]
    assert len(uids) == len(set(uids)), "UIDs repeat"
    for channel_id in scheduled:
        ch = policy.channels[channel_id]
        window = ch.window or policy.schedule.window
        slots = sorted(plan.slots_for(channel_id), key=lambda s: s.start)
        weeks = Counter(iso_week(s.date) for s in slots)
        want = expected_per_week(policy, channel_id)
        monday = plan.first_day
        while monday <= plan.last_day:
            got = weeks.get(iso_week(monday), 0)
            assert got == want, f"{channel_id} week of {monday}: {got} posts, target {want}"
            monday += dt.timedelta(weeks=1)
        for slot in slots:
            local = slot.start.astimezone(zone)
            wall = local.replace(tzinfo=None)
            assert WEEK[local.weekday()] in window.days, slot
            assert window.start <= local.time() <= window.end, slot
            assert local.date() not in closed, f"{slot.uid} on a day off"
            # A wall time that exists exactly once: what a calendar app shows unambiguously.
            early = wall.replace(tzinfo=zone, fold=0)
            late = wall.replace(tzinfo=zone, fold=1)
            assert early.utcoffset() == late.utcoffset(), f"{slot.uid}: {wall} is ambiguous"
        for before, after in zip(slots, slots[1:], strict=False):
            real = after.start.astimezone(dt.UTC) - before.start.astimezone(dt.UTC)
            assert real >= gap, f"{before.uid} and {after.uid} are {real} apart"


def seed_plan(slug, build_date=BUILD_DATE, policy=None, **kwargs):
    policy = policy or seed_policies()[slug]
    first, last = planning.horizon(build_date)
    return planning.plan(policy, first, last, themes=repository_calendar().themes, **kwargs)


# --- the seed organisations ---------------------------------------------------------------------


@pytest.mark.parametrize("slug", sorted(SEED_TARGETS))
def test_every_iso_week_meets_the_seed_targets_over_christmas_and_week_53(slug):
    policy = seed_policies()[slug]
    plan = seed_plan(slug)
    assert plan.first_day == dt.date(2026, 11, 2) and plan.last_day == dt.date(2027, 2, 21)
    counts = Counter((s.channel_id, iso_week(s.date)) for s in plan.slots)
    for channel_id, (minimum, _optimum) in SEED_TARGETS[slug].items():
        for week in [(2026, 52), (2026, 53), (2027, 1)] + [iso_week(m) for m in plan.mondays]:
            assert counts[(channel_id, week)] == minimum, (channel_id, week)
    closed = england_closures([2026, 2027]) if policy.schedule.skip_bank_holidays else set()
    check_plan(plan, policy, closed=closed)


@pytest.mark.parametrize("slug", sorted(SEED_TARGETS))
def test_planning_for_the_optimum_meets_the_optimum(slug):
    policy = with_schedule(seed_policies()[slug], plan_for="optimum")
    plan = seed_plan(slug, policy=policy)
    counts = Counter((s.channel_id, iso_week(s.date)) for s in plan.slots)
    for channel_id, (_minimum, optimum) in SEED_TARGETS[slug].items():
        assert {counts[(channel_id, iso_week(m))] for m in plan.mondays} == {optimum}
    check_plan(plan, policy)


def test_sendiass_posts_nothing_on_christmas_boxing_day_observed_or_new_year():
    plan = seed_plan("sendiass-wokingham")
    days = {slot.date for slot in plan.slots}
    for day in (dt.date(2026, 12, 25), dt.date(2026, 12, 28), dt.date(2027, 1, 1)):
        assert day not in days
        assert day in plan.skipped


def test_an_impossible_target_names_the_organisation_channel_and_arithmetic():
    # BwDPiP's 49 Twitter posts a week in the default Mon-Fri 09:00-17:00 window, an hour apart.
    policy = with_schedule(
        seed_policies()["bwdpip"],
        window={"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "17:00"},
    )
    with pytest.raises(ScheduleError) as caught:
        seed_plan("bwdpip", policy=policy)
    message = str(caught.value)
    assert "BwDPiP" in message and "twitter" in message
    assert "49 posts" in message
    assert "5 posting days × 9 posts a day = 45" in message
    assert "480 ÷ 60 + 1 = 9" in message
    assert caught.value.needed == 49 and caught.value.capacity == 45


def test_the_plan_for_a_day_does_not_depend_on_the_build_date():
    for slug in SEED_TARGETS:
        early = seed_plan(slug, BUILD_DATE)
        late = seed_plan(slug, BUILD_DATE + dt.timedelta(weeks=1))
        shared = (late.first_day, early.last_day)

        def inside(plan, shared=shared):
            return [
                (s.uid, s.start, s.content_type, s.theme)
                for s in plan.slots
                if shared[0] <= s.date <= shared[1]
            ]

        assert inside(early) == inside(late)
        assert len(inside(early)) > 0


# --- rules on made-up organisations -------------------------------------------------------------


def office(**schedule_changes):
    return make_policy(
        "office",
        channels={
            "facebook": channel("Facebook", "facebook-page", (3, "day")),
            "twitter": channel("Twitter", "twitter", (4, "week")),
        },
        schedule=schedule_changes,
    )


def test_a_per_day_target_keeps_its_weekly_total_when_bank_holidays_are_skipped():
    policy = office()
    plan = planning.plan(policy, dt.date(2026, 12, 21), dt.date(2027, 1, 3))
    for monday in plan.mondays:
        assert plan.count("facebook", monday) == 15  # 3 a day × 5 posting days
    christmas = [s for s in plan.slots_for("facebook") if iso_week(s.date) == (2026, 52)]
    assert len({s.date for s in christmas}) == 4  # Friday is Christmas Day
    check_plan(plan, policy, closed=england_closures([2026, 2027]))


def test_scottish_bank_holidays_are_used_for_scotland():
    policy = office(bank_holidays="scotland")
    plan = planning.plan(policy, dt.date(2027, 1, 4), dt.date(2027, 1, 10))
    # 2 January is a bank holiday in Scotland only; in 2027 it falls on a Saturday, so it
    # is observed on Monday 4 January.
    assert dt.date(2027, 1, 4) in plan.skipped
    assert dt.date(2027, 1, 4) not in {s.date for s in plan.slots}


def test_blackout_dates_are_skipped_and_the_week_still_meets_its_target():
    policy = office()
    blackout = Blackout(dt.date(2027, 2, 2), dt.date(2027, 2, 3), "Office move", ("office",))
    other = Blackout(dt.date(2027, 2, 4), dt.date(2027, 2, 4), "Someone else's", ("other-org",))
    plan = planning.plan(
        policy, dt.date(2027, 2, 1), dt.date(2027, 2, 7), blackouts=[blackout, other]
    )
    days = {s.date for s in plan.slots}
    assert dt.date(2027, 2, 2) not in days and dt.date(2027, 2, 3) not in days
    assert dt.date(2027, 2, 4) in days
    assert plan.count("facebook", dt.date(2027, 2, 1)) == 15
    check_plan(plan, policy, closed={dt.date(2027, 2, 2), dt.date(2027, 2, 3)})


def test_a_week_without_posting_days_fails_and_says_so():
    blackout = Blackout(dt.date(2027, 2, 1), dt.date(2027, 2, 7), "Closed all week")
    expected = r"0 posting days × 9 posts a day = 0.*skipped: Mon 01 Feb \(Closed all week\)"
    with pytest.raises(ScheduleError, match=expected):
        planning.plan(office(), dt.date(2027, 2, 1), dt.date(2027, 2, 7), blackouts=[blackout])


def test_content_types_rotate_evenly_and_respect_their_channels():
    policy = make_policy(
        "rota",
        channels={
            "facebook": channel("Facebook", "facebook-page", (5, "week")),
            "twitter": channel("Twitter", "twitter", (3, "week")),
        },
        content_types=[
            {"id": "a", "name": "A", "guidance": "a"},
            {"id": "b", "name": "B", "guidance": "b"},
            {"id": "c", "name": "C", "guidance": "c"},
            {"id": "d", "name": "D", "guidance": "d", "channels": ["twitter"]},
        ],
    )
    plan = planning.plan(policy, dt.date(2026, 11, 2), dt.date(2027, 2, 21))
    facebook = Counter(s.content_type.id for s in plan.slots_for("facebook"))
    twitter = Counter(s.content_type.id for s in plan.slots_for("twitter"))
    assert set(facebook) == {"a", "b", "c"}
    assert set(twitter) == {"a", "b", "c", "d"}
    for counts in (facebook, twitter):
        assert max(counts.values()) - min(counts.values()) <= 1
    # Consecutive posts on a channel never repeat a kind while others are waiting.
    kinds = [s.content_type.id for s in plan.slots_for("facebook")]
    assert all(a != b for a, b in zip(kinds, kinds[1:], strict=False))


def test_channels_of_one_organisation_do_not_post_at_the_same_minute():
    policy = office()
    plan = planning.plan(policy, dt.date(2027, 2, 1), dt.date(2027, 2, 28))
    starts = Counter(s.start for s in plan.slots)
    assert max(starts.values()) == 1


def test_awareness_days_theme_matching_slots_and_the_policy_can_choose_themes():
    week = Theme(
        "anti-bullying-week",
        "Anti-Bullying Week",
        dt.date(2026, 11, 16),
        dt.date(2026, 11, 20),
        "Share the Alliance's theme.",
    )
    day = Theme(
        "idpd",
        "International Day of Persons with Disabilities",
        dt.date(2026, 12, 3),
        dt.date(2026, 12, 3),
        "Mark the UN day.",
    )
    policy = office()
    plan = planning.plan(policy, dt.date(2026, 11, 16), dt.date(2026, 12, 6), themes=[week, day])
    themed = [s for s in plan.slots if s.theme]
    for slot in plan.slots_for("facebook"):
        first_of_day = min(
            (s for s in plan.slots_for("facebook") if s.date == slot.date), key=lambda s: s.start
        )
        if week.covers(slot.date):
            assert (slot.theme == week) == (slot is first_of_day)
    assert any(s.theme == day and s.date == day.start for s in themed)
    assert all("Anti-Bullying Week" in s.summary for s in themed if s.theme == week)
    # Twitter posts 4 a week: a one-day theme with no Twitter post that day still gets one
    # in its week.
    twitter_day = [s for s in plan.slots_for("twitter") if s.theme == day]
    assert len(twitter_day) == 1 and iso_week(twitter_day[0].date) == iso_week(day.start)

    only = with_schedule(policy, awareness_themes=["idpd"])
    plan = planning.plan(only, dt.date(2026, 11, 16), dt.date(2026, 12, 6), themes=[week, day])
    assert {s.theme.id for s in plan.slots if s.theme} == {"idpd"}


def test_the_repository_awareness_calendar_themes_anti_bullying_week_2026():
    themes = {t.id: t for t in repository_calendar().themes if t.start.year == 2026}
    assert themes["anti-bullying-week"].start == dt.date(2026, 11, 16)
    assert themes["anti-bullying-week"].end == dt.date(2026, 11, 20)
    assert themes["international-day-of-persons-with-disabilities"].start == dt.date(2026, 12, 3)
    plan = seed_plan("bwdpip")
    assert {s.date for s in plan.slots if s.theme and s.theme.id == "anti-bullying-week"} == {
        dt.date(2026, 11, 16) + dt.timedelta(days=n) for n in range(5)
    }


def test_clock_changes_neither_lose_posts_nor_break_the_gap():
    # A window round the clock: the skipped hour (28 Mar 2027) and the repeated hour
    # (31 Oct 2027) must not be used, and real time between posts must stay over the gap.
    for first in (dt.date(2027, 3, 22), dt.date(2027, 10, 25)):
        policy = make_policy(
            "clocks",
            channels={"x": channel("X", "twitter", (20, "day"))},
            schedule={
                "window": {"days": list(WEEK), "start": "00:00", "end": "23:59"},
                "minimum_gap_minutes": 65,
                "skip_bank_holidays": False,
            },
        )
        plan = planning.plan(policy, first, first + dt.timedelta(days=6))
        check_plan(plan, policy)
        sunday = first + dt.timedelta(days=6)
        assert any(s.date == sunday for s in plan.slots)


def test_horizon_is_whole_iso_weeks_two_back_and_thirteen_ahead():
    assert planning.horizon(dt.date(2026, 11, 21)) == (dt.date(2026, 11, 2), dt.date(2027, 2, 21))
    first, last = planning.horizon(dt.date(2027, 3, 1), weeks_back=0, weeks_ahead=0)
    assert (first, last) == (dt.date(2027, 3, 1), dt.date(2027, 3, 7))


# --- properties ---------------------------------------------------------------------------------

times_of_day = st.integers(min_value=6 * 60, max_value=22 * 60)


@st.composite
def daytime_cases(draw):
    """Random targets and windows within 06:00-22:00 (clear of clock changes and midnight)."""
    start, end = sorted(draw(st.lists(times_of_day, min_size=2, max_size=2, unique=True)))
    days = draw(st.lists(st.sampled_from(WEEK), min_size=1, max_size=7, unique=True))
    gap = draw(st.integers(min_value=0, max_value=8 * 60))
    per = draw(st.sampled_from(["day", "week"]))
    posts = draw(st.integers(min_value=0, max_value=40 if per == "week" else 12))
    skip = draw(st.booleans())
    first = dt.date(2026, 1, 5) + dt.timedelta(weeks=draw(st.integers(0, 100)))
    weeks = draw(st.integers(1, 4))
    return start, end, days, gap, per, posts, skip, first, weeks


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(daytime_cases())
def test_property_a_daytime_plan_meets_its_targets_or_is_impossible_by_the_arithmetic(case):
    start, end, days, gap, per, posts, skip, first, weeks = case
    policy = make_policy(
        "prop",
        short_name="Prop",
        channels={"main": channel("Main", "twitter", (posts, per))},
        schedule={
            "window": {"days": days, "start": hhmm(start), "end": hhmm(end)},
            "minimum_gap_minutes": gap,
            "skip_bank_holidays": skip,
        },
    )
    last = first + dt.timedelta(weeks=weeks, days=-1)
    closed = england_closures(range(first.year, last.year + 1)) if skip else set()
    need = posts * (len(days) if per == "day" else 1)
    per_day = (end - start) // max(gap, 1) + 1
    failing = None
    for week in range(weeks):
        monday = first + dt.timedelta(weeks=week)
        open_days = [
            monday + dt.timedelta(days=n)
            for n in range(7)
            if WEEK[n] in days and monday + dt.timedelta(days=n) not in closed
        ]
        if need > len(open_days) * per_day:
            failing = (monday, len(open_days))
            break
    try:
        plan = planning.plan(policy, first, last)
    except ScheduleError as error:
        event("impossible")
        assert failing is not None, f"possible plan refused: {error}"
        monday, open_count = failing
        message = str(error)
        assert "Prop" in message and "'main'" in message
        assert re.search(rf"needs {need} posts? in", message)
        iso = monday.isocalendar()
        assert f"{iso.year}-W{iso.week:02d}" in message
        assert f"{open_count} posting days × {per_day} posts a day = {open_count * per_day}" in (
            message
        )
        assert re.search(rf"{end - start} ÷ {max(gap, 1)} \+ 1 = {per_day}", message)
        return
    event("planned")
    assert failing is None, f"planned an impossible week: {failing}"
    check_plan(plan, policy, closed=closed)


@st.composite
def any_cases(draw):
    """Any window (through the night, over clock changes) and any gap up to a day."""
    start = draw(st.integers(0, 24 * 60 - 2))
    end = draw(st.integers(start + 1, 24 * 60 - 1))
    days = draw(st.lists(st.sampled_from(WEEK), min_size=1, max_size=7, unique=True))
    gap = draw(st.integers(0, 24 * 60))
    per = draw(st.sampled_from(["day", "week"]))
    posts = draw(st.integers(0, 60 if per == "week" else 30))
    first = draw(
        st.sampled_from([dt.date(2027, 3, 22), dt.date(2027, 10, 25), dt.date(2027, 6, 7)])
    )
    return start, end, days, gap, per, posts, first


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(any_cases())
def test_property_any_plan_keeps_every_promise_or_explains_why_not(case):
    start, end, days, gap, per, posts, first = case
    policy = make_policy(
        "night",
        short_name="Night",
        channels={"main": channel("Main", "twitter", (posts, per))},
        schedule={
            "window": {"days": days, "start": hhmm(start), "end": hhmm(end)},
            "minimum_gap_minutes": gap,
            "skip_bank_holidays": False,
        },
    )
    need = posts * (len(days) if per == "day" else 1)
    naive_capacity = len(days) * ((end - start) // max(gap, 1) + 1)
    try:
        plan = planning.plan(policy, first - dt.timedelta(weeks=1), first + dt.timedelta(days=6))
    except ScheduleError as error:
        event("impossible")
        message = str(error)
        assert "Night" in message and "'main'" in message
        assert re.search(rf"needs {need} posts? in", message)
        assert f"= {error.capacity}" in message and error.capacity < need
        # Never stricter than the plain arithmetic allows, except near midnight or the
        # clock change, where the message says so.
        if need <= naive_capacity:
            assert "previous day's last post" in message or "clock-change" in message
        return
    event("planned")
    check_plan(plan, policy)


def test_schedule_error_for_an_unknown_time_zone():
    policy = office(timezone="Europe/Atlantis")
    with pytest.raises(ScheduleError, match="Europe/Atlantis"):
        planning.plan(policy, dt.date(2027, 1, 4), dt.date(2027, 1, 10))


def test_local_times_are_london_times():
    plan = seed_plan("sendiass-wokingham")
    assert all(s.start.tzinfo == LONDON for s in plan.slots)


# --- the command-line preview -------------------------------------------------------------------


def test_the_cli_prints_the_plan_and_weekly_totals(capsys):
    from calendar_support import ROOT
    from policy_handbook.cli import main

    args = ["--policies", str(ROOT / "policies"), "--calendar", str(ROOT / "calendar")]
    code = main(["plan", "sendiass-wokingham", "--weeks", "2", "--from", "2026-12-23", *args])
    out = capsys.readouterr().out
    assert code == 0
    assert "Mon 21 Dec 2026 to Sun 03 Jan 2027" in out
    rows = [
        line for line in out.splitlines() if re.match(r"\w{3} \d\d \w{3} \d{4}  \d\d:\d\d", line)
    ]
    assert len(rows) == 8  # 2 channels × 2 posts × 2 weeks
    assert re.search(r"^2026-W53\s+2 \(2/3\)\s+2 \(2/3\)$", out, re.M)
    assert "Fri 25 Dec 2026  Christmas Day" in out


def test_the_cli_explains_an_unknown_organisation(capsys):
    from calendar_support import ROOT
    from policy_handbook.cli import main

    code = main(["plan", "nobody", "--policies", str(ROOT / "policies")])
    assert code == 2
    assert "nobody" in capsys.readouterr().err


def test_an_unknown_awareness_theme_is_an_error_not_silence():
    theme = Theme("carers-week", "Carers Week", dt.date(2027, 6, 7), dt.date(2027, 6, 13), "x")
    policy = office(awareness_themes=["carers-wek"])
    with pytest.raises(ScheduleError, match=r"carers-wek.*; they have: carers-week"):
        planning.plan(policy, dt.date(2027, 6, 7), dt.date(2027, 6, 13), themes=[theme])


# --- calendar/*.yaml ------------------------------------------------------------------------


def test_calendar_files_report_file_line_and_field(tmp_path, monkeypatch):
    from policy_handbook.planning.special_days import SpecialDaysError, load_special_days

    monkeypatch.chdir(tmp_path)
    (tmp_path / "calendar" / "awareness").mkdir(parents=True)
    (tmp_path / "calendar" / "awareness" / "send.yaml").write_text(
        "name: SEND\n"
        "days:\n"
        "- id: carers-week\n"
        "  name: Carers Week\n"
        "  start: 2026-06-08\n"
        "  end: 2026-06-01\n"
        "  guidance: Recognise carers.\n"
        "  source: https://www.carersweek.org/\n"
        "- id: Bad Id\n"
        "  name: Typo\n"
        "  start: 2026-13-01\n"
        "  colour: red\n"
        "  source: ftp://example.org\n",
        encoding="utf-8",
    )
    (tmp_path / "calendar" / "blackout-dates.yaml").write_text(
        "- start: 2026-12-24\n  reason: [unclosed\n", encoding="utf-8"
    )
    with pytest.raises(SpecialDaysError) as caught:
        load_special_days(tmp_path / "calendar")
    problems = caught.value.problems
    where = "calendar/awareness/send.yaml"
    assert f"{where}:6: days[0].end: must be on or after start (2026-06-08)" in problems
    assert any(p.startswith(f"{where}:9: days[1].id: must be lower-case") for p in problems)
    assert any(p.startswith(f"{where}:11: days[1].start:") and "month" in p for p in problems)
    assert f"{where}:9: days[1].guidance: is required" in problems
    assert f"{where}:12: days[1].colour: is not a known field (check the spelling)" in problems
    assert any(p.startswith(f"{where}:13: days[1].source: must be a web addr") for p in problems)
    assert any(p.startswith("calendar/blackout-dates.yaml:3: not valid YAML") for p in problems)


def test_an_empty_blackout_file_and_a_missing_folder_mean_no_dates(tmp_path):
    from policy_handbook.planning.special_days import load_special_days

    assert load_special_days(tmp_path / "nowhere").awareness == ()
    (tmp_path / "blackout-dates.yaml").write_text("# nothing yet\n[]\n", encoding="utf-8")
    assert load_special_days(tmp_path).blackouts == ()
