"""Clock changes and the posting window: a window in the hour the clocks skip (last Sunday of
March) or repeat (last Sunday of October) plans round it, keeping the week's target when the
other days hold it, and otherwise says which day, channel and window, and why, at file:line."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from calendar_support import WEEK, channel, make_policy
from conftest import FIXTURES, ROOT
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from policy_handbook import planning
from policy_handbook.planning import ScheduleError
from policy_handbook.policy.loader import load_policies

LONDON = ZoneInfo("Europe/London")
SPRING = dt.date(2027, 3, 28)  # 01:00 GMT becomes 02:00 BST
AUTUMN = dt.date(2027, 10, 31)  # 02:00 BST becomes 01:00 GMT
FIXTURE = FIXTURES / "policies" / "riverside-young-carers.yaml"
FIXTURE_WINDOW = 'window: {days: [mon, tue, wed, thu, fri, sat], start: "10:00", end: "18:00"}'


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def night_policy(start: str, end: str, target, gap: int = 60, days=WEEK):
    return make_policy(
        "night",
        short_name="Night",
        channels={"x": channel("X", "twitter", target)},
        schedule={
            "window": {"days": list(days), "start": start, "end": end},
            "minimum_gap_minutes": gap,
            "skip_bank_holidays": False,
        },
    )


def plan_week(policy, day: dt.date) -> planning.Plan:
    first = monday(day)
    return planning.plan(policy, first, first + dt.timedelta(days=6))


def check_instants(plan: planning.Plan, gap: int) -> None:
    """Every post is at a local time that exists exactly once, at its own instant, the gap apart."""
    instants = []
    for slot in plan.slots:
        local = slot.start.astimezone(LONDON)
        wall = local.replace(tzinfo=None)
        early, late = wall.replace(tzinfo=LONDON, fold=0), wall.replace(tzinfo=LONDON, fold=1)
        assert early.utcoffset() == late.utcoffset(), f"{slot.uid}: {wall} is skipped or repeated"
        # The wall time read back (as a calendar would) is the same instant.
        assert early.astimezone(dt.UTC) == slot.start.astimezone(dt.UTC), slot.uid
        instants.append(slot.start.astimezone(dt.UTC))
    assert len(set(instants)) == len(instants), "two posts at one instant"
    assert len({slot.uid for slot in plan.slots}) == len(plan.slots), "UIDs repeat"
    for before, after in zip(instants, instants[1:], strict=False):
        assert after - before >= dt.timedelta(minutes=max(gap, 1))


# --- spring: the skipped hour -------------------------------------------------------------------


def test_a_window_reaching_into_the_skipped_hour_plans_after_it_and_keeps_every_day():
    plan = plan_week(night_policy("01:00", "02:30", (1, "day")), SPRING)
    assert len(plan.slots) == 7
    sunday = [slot for slot in plan.slots if slot.date == SPRING]
    assert len(sunday) == 1
    assert dt.time(2, 0) <= sunday[0].start.astimezone(LONDON).time() <= dt.time(2, 30)
    check_instants(plan, 60)


def test_a_window_inside_the_skipped_hour_moves_sundays_post_to_another_day():
    # 1 a day over 7 days is 7 a week; Sunday holds none, the other days hold 2 each.
    plan = plan_week(night_policy("01:10", "01:50", (1, "day"), gap=30), SPRING)
    assert len(plan.slots) == 7
    assert not [slot for slot in plan.slots if slot.date == SPRING]
    check_instants(plan, 30)


def test_the_week_before_and_after_the_clock_change_plan_as_usual():
    policy = night_policy("01:00", "01:59", (1, "day"))
    for day in (SPRING - dt.timedelta(weeks=1), SPRING + dt.timedelta(weeks=1)):
        plan = plan_week(policy, day)
        assert len(plan.slots) == 7
        assert {slot.start.astimezone(LONDON).time() for slot in plan.slots} <= {
            dt.time(1, minute) for minute in range(60)
        }


@pytest.mark.parametrize(
    ("start", "end", "target", "gap", "holds", "instead"),
    [
        ("01:00", "01:59", (1, "day"), 60, "0 posts", 1),
        ("01:00", "02:30", (2, "day"), 60, "1 post", 2),
        ("00:30", "02:30", (3, "day"), 60, "2 posts", 3),
    ],
)
def test_a_week_the_skipped_hour_leaves_short_names_the_date_channel_window_and_why(
    start, end, target, gap, holds, instead
):
    with pytest.raises(ScheduleError) as caught:
        plan_week(night_policy(start, end, target, gap), SPRING)
    message = str(caught.value)
    assert message.startswith(
        "Night (night), channel 'x' (X): On Sun 28 Mar 2027 the clocks go forward an hour at "
        f"01:00 (01:00–01:59 does not exist), so the {start}–{end} window holds {holds} that "
        f"day, not {instead}. "
    )
    assert "ISO week 2027-W12 (from 22 Mar 2027)" in message
    assert message.endswith(
        "Move the window's hours clear of 01:00–01:59, lower the target, or set a shorter "
        "schedule.minimum_gap_minutes."
    )
    assert caught.value.field == ("schedule", "window")
    assert caught.value.capacity < caught.value.needed


def test_a_sunday_only_window_in_the_skipped_hour_cannot_hold_its_post():
    with pytest.raises(ScheduleError, match=r"On Sun 28 Mar 2027 the clocks go forward") as caught:
        plan_week(night_policy("01:15", "01:45", (1, "week"), days=["sun"]), SPRING)
    assert "1 posting days × 0 posts a day = 0" in str(caught.value)


def test_a_week_too_full_anyway_still_mentions_the_clock_change_but_points_at_the_target():
    # 3 a day cannot fit a 59-minute window on any day: the clock change is not the cause.
    with pytest.raises(ScheduleError) as caught:
        plan_week(night_policy("01:00", "01:59", (3, "day")), SPRING)
    message = str(caught.value)
    assert message.startswith("Night (night), channel 'x' (X): the minimum target needs 21 posts")
    assert "On Sun 28 Mar 2027 the clocks go forward an hour at 01:00" in message
    assert message.endswith("or widen the window's hours or days.")
    assert caught.value.field == ()


# --- autumn: the repeated hour ------------------------------------------------------------------


def test_the_repeated_hour_gets_no_post_so_no_calendar_can_show_one_at_the_wrong_time():
    # A busy window over the night: posts either side of 01:00–01:59, none in it, none twice.
    plan = plan_week(night_policy("00:00", "03:00", (6, "day"), gap=20), AUTUMN)
    assert len(plan.slots) == 42
    sunday = [slot.start.astimezone(LONDON) for slot in plan.slots if slot.date == AUTUMN]
    assert sunday and not [t for t in sunday if t.hour == 1]
    check_instants(plan, 20)


def test_a_window_inside_the_repeated_hour_names_the_date_and_why():
    with pytest.raises(ScheduleError) as caught:
        plan_week(night_policy("01:00", "01:59", (1, "day")), AUTUMN)
    message = str(caught.value)
    assert message.startswith(
        "Night (night), channel 'x' (X): On Sun 31 Oct 2027 the clocks go back an hour at 02:00 "
        "(01:00–01:59 happens twice, so no post is planned then: a calendar could show it at "
        "either time), so the 01:00–01:59 window holds 0 posts that day, not 1. "
    )
    assert "ISO week 2027-W43 (from 25 Oct 2027)" in message


def test_clock_change_describes_both_changes_and_ordinary_days_have_none():
    spring, autumn = planning.clock_change(SPRING, LONDON), planning.clock_change(AUTUMN, LONDON)
    assert (spring.forward, spring.first, spring.last) == (True, 60, 119)
    assert (autumn.forward, autumn.first, autumn.last) == (False, 60, 119)
    assert planning.clock_change(SPRING - dt.timedelta(days=1), LONDON) is None
    # Lord Howe Island moves its clocks by half an hour.
    howe = planning.clock_change(dt.date(2027, 4, 4), ZoneInfo("Australia/Lord_Howe"))
    assert "back 30 minutes at 02:00 (01:30–01:59 happens twice" in howe.describe()


# --- through the loader and the command line: file:line of the window -------------------------


def policy_folder(tmp_path: Path, window: str, *, channel_window: str | None = None) -> Path:
    text = FIXTURE.read_text(encoding="utf-8")
    assert FIXTURE_WINDOW in text
    text = text.replace(FIXTURE_WINDOW, f"window: {window}")
    text = text.replace(
        "  plan_for: optimum\n", "  plan_for: optimum\n  skip_bank_holidays: false\n"
    )
    text = text.replace("{posts: 3, per: week}", "{posts: 1, per: day}")
    text = text.replace("{posts: 5, per: week}", "{posts: 1, per: day}")
    if channel_window:
        text = text.replace(
            "    kind: instagram\n", f"    kind: instagram\n    window: {channel_window}\n"
        )
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "carers.yaml").write_text(text, encoding="utf-8")
    return folder


def position(folder: Path, needle: str) -> str:
    lines = (folder / "carers.yaml").read_text(encoding="utf-8").splitlines()
    number = next(n for n, line in enumerate(lines, 1) if needle in line)
    return f"{number}:{lines[number - 1].index(needle.strip()) + 1}"


NIGHT = '{days: [mon, tue, wed, thu, fri, sat, sun], start: "01:00", end: "01:59"}'


def test_plan_loaded_points_at_the_schedule_window(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = policy_folder(tmp_path, NIGHT)
    loaded = load_policies(folder).policies[0]
    first = monday(SPRING)
    planning.plan_loaded(loaded, first - dt.timedelta(weeks=1), first - dt.timedelta(days=1))
    with pytest.raises(ScheduleError) as caught:
        planning.plan_loaded(loaded, first, first + dt.timedelta(days=6))
    assert str(caught.value).startswith(
        f"policies/carers.yaml:{position(folder, '  window:')} schedule.window: Riverside Young "
        "Carers (carers), channel 'instagram' (Instagram): On Sun 28 Mar 2027 the clocks go "
        "forward an hour at 01:00"
    )


def test_a_channels_own_window_is_the_one_named(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    daytime = '{days: [mon, tue, wed, thu, fri, sat, sun], start: "10:00", end: "18:00"}'
    folder = policy_folder(tmp_path, daytime, channel_window=NIGHT)
    loaded = load_policies(folder).policies[0]
    with pytest.raises(ScheduleError) as caught:
        planning.plan_loaded(loaded, monday(SPRING), SPRING)
    assert str(caught.value).startswith(
        f"policies/carers.yaml:{position(folder, '    window:')} channels.instagram.window: "
    )


def test_the_plan_command_reports_the_date_and_exits_1(tmp_path):
    folder = policy_folder(tmp_path, NIGHT)
    result = subprocess.run(
        [sys.executable, "-m", "policy_handbook", "plan", "carers", "--from", "2027-03-22"]
        + ["--policies", str(folder), "--calendar", str(ROOT / "calendar")],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 1
    assert re.match(r"policies/carers\.yaml:\d+:3 schedule\.window: ", result.stderr)
    assert "On Sun 28 Mar 2027 the clocks go forward an hour at 01:00" in result.stderr
    assert "Traceback" not in result.stderr


# --- any window on either Sunday: a plan that keeps its promises, or a message naming the day --


@st.composite
def night_cases(draw):
    start = draw(st.integers(0, 3 * 60))
    end = draw(st.integers(start + 1, min(start + 3 * 60, 4 * 60)))
    # Always Sunday, the day the clocks change; the days before it share the week's posts.
    chosen = draw(st.sets(st.sampled_from(WEEK))) | {"sun"}
    days = [d for d in WEEK if d in chosen]
    gap = draw(st.integers(10, 90))
    per = draw(st.sampled_from(["day", "week"]))
    posts = draw(st.integers(0, 4 if per == "day" else 20))
    if per == "day" and draw(st.booleans()):  # as many as a whole day holds: tight on Sunday
        posts = (end - start) // max(gap, 1) + 1
    day = draw(st.sampled_from([SPRING, AUTUMN]))
    return start, end, days, gap, per, posts, day


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(night_cases())
def test_property_night_windows_over_a_clock_change(case):
    start, end, days, gap, per, posts, day = case
    policy = night_policy(hhmm(start), hhmm(end), (posts, per), gap=gap, days=days)
    need = posts * (len(days) if per == "day" else 1)
    per_day = (end - start) // max(gap, 1) + 1
    try:
        plan = plan_week(policy, day)
    except ScheduleError as error:
        message = str(error)
        assert error.capacity < need
        if need <= len(days) * per_day:  # only the clock change can be why
            event("refused because of the clock change")
            assert f"On {day:%a %d %b %Y} the clocks go" in message
            assert error.field == ("schedule", "window")
        return
    event("planned")
    assert len(plan.slots) == need
    check_instants(plan, gap)
