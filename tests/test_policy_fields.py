"""The fields real policies needed: optional dates and a review cycle, hours by day, numbered
lists, replies for any channel, house rules. Each loaded from YAML as an author writes it, with
the message an author gets when it is wrong."""

from __future__ import annotations

import datetime as dt
import textwrap
from collections import Counter
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from calendar_support import channel, make_policy
from policy_handbook import planning
from policy_handbook.planning import ScheduleError
from policy_handbook.policy.loader import PolicyError, load_policies

LONDON = ZoneInfo("Europe/London")

HEAD = """\
organisation:
  name: Test Trust
  short_name: Test
  what_it_is: A test organisation.
"""
SECTIONS = """\
sections:
  - id: purpose
    title: Purpose
    blocks: [Text.]
"""
MINIMAL = HEAD + SECTIONS


def load(tmp_path: Path, extra: str, sections: str = SECTIONS):
    """The minimal policy plus `extra` YAML, loaded as the build loads it."""
    folder = tmp_path / "policies"
    folder.mkdir(exist_ok=True)
    text = HEAD + sections + textwrap.dedent(extra)
    (folder / "test.yaml").write_text(text, encoding="utf-8")
    return load_policies(folder).policies[0].policy


def problems(tmp_path: Path, extra: str) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        load(tmp_path, extra)
    return [str(problem) for problem in caught.value.problems]


# --- dates ---------------------------------------------------------------------------------------


def test_a_policy_needs_no_dates_and_is_never_called_overdue(tmp_path):
    policy = load(tmp_path, "")
    assert policy.facts.adopted is None and policy.facts.next_review is None
    assert not policy.is_overdue(dt.date(2099, 1, 1))
    assert policy.facts.title == "Social Media Policy"


@pytest.mark.parametrize(
    ("written", "months", "due"),
    [
        ('"12 months"', 12, dt.date(2027, 3, 31)),
        ("annually", 12, dt.date(2027, 3, 31)),
        ('"2 years"', 24, dt.date(2028, 3, 31)),
        ('"6 months"', 6, dt.date(2026, 9, 30)),
    ],
)
def test_the_next_review_follows_from_the_cycle_and_the_last_review(tmp_path, written, months, due):
    policy = load(tmp_path, f"policy:\n  last_reviewed: 2026-03\n  review_every: {written}\n")
    assert policy.facts.review_every == months
    assert policy.facts.next_review.last_day == due


def test_a_cycle_counts_from_adoption_keeping_the_day_when_there_is_no_review(tmp_path):
    policy = load(tmp_path, "policy:\n  adopted: 2024-02-29\n  review_every: 1 year\n")
    assert policy.facts.next_review.display() == "28 February 2025"
    assert policy.facts.review_basis == "reviewed every year; adoption 29 February 2024"


def test_an_explicit_review_date_wins_over_the_cycle(tmp_path):
    extra = "policy:\n  last_reviewed: 2026-03\n  review_every: 12 months\n  review_due: 2026-12\n"
    policy = load(tmp_path, extra)
    assert policy.facts.next_review.display() == "December 2026"
    assert policy.facts.review_basis is None


@pytest.mark.parametrize(
    ("extra", "line", "words"),
    [
        ("policy:\n  review_every: 12\n", 10, 'without a unit; write "12 months" or "12 years"'),
        ("policy:\n  review_every: fortnightly\n", 10, 'like "12 months" or "2 years"'),
        ("policy:\n  review_every: 12 months\n", 10, "no date to count from; add last_reviewed"),
        (
            "policy:\n  adopted: 2024-05-01\n  last_reviewed: 2023-01\n",
            9,
            "last_reviewed (January 2023) is before adopted (1 May 2024)",
        ),
    ],
)
def test_wrong_review_facts_say_how_to_write_them(tmp_path, extra, line, words):
    found = problems(tmp_path, extra)
    assert len(found) == 1, found
    assert f"test.yaml:{line}:" in found[0] and words in found[0], found[0]


# --- posting hours by day -----------------------------------------------------------------------

COUNCIL_HOURS = {
    "days": ["mon", "tue", "wed", "thu", "fri"],
    "start": "08:30",
    "end": "16:00",
    "by_day": {"fri": {"start": "08:30", "end": "09:30"}},
}


def test_each_day_is_planned_within_its_own_hours():
    policy = make_policy(
        "council",
        channels={"fb": channel("Facebook", "facebook-page", (20, "week"))},
        schedule={"window": COUNCIL_HOURS, "minimum_gap_minutes": 30},
    )
    words = "Monday to Thursday 08:30–16:00; Friday 08:30–09:30"
    assert policy.schedule.window.describe() == words
    plan = planning.plan(policy, dt.date(2026, 11, 2), dt.date(2026, 11, 29))
    late = Counter()
    for slot in plan.slots:
        local = slot.start.astimezone(LONDON)
        closes = dt.time(9, 30) if local.weekday() == 4 else dt.time(16, 0)
        assert dt.time(8, 30) <= local.time() <= closes, local
        late[local.weekday()] += local.time() > dt.time(9, 30)
    # Monday to Thursday use their longer hours; only Friday stops at half past nine.
    assert all(late[day] for day in range(4)) and late[4] == 0


def test_a_target_that_only_fails_on_the_short_day_explains_each_days_hours():
    policy = make_policy(
        "council",
        channels={"fb": channel("Facebook", "facebook-page", (35, "week"))},
        schedule={"window": COUNCIL_HOURS, "minimum_gap_minutes": 60},
    )
    with pytest.raises(ScheduleError) as caught:
        planning.plan(policy, dt.date(2026, 11, 2), dt.date(2026, 11, 8))
    message = str(caught.value)
    assert "5 posting days holding 8 + 8 + 8 + 8 + 2 = 34 posts" in message
    assert "a 08:30–16:00 window (mon, tue, wed, thu) is 450 minutes" in message
    assert "a 08:30–09:30 window (fri) is 60 minutes" in message and "= 2 a day" in message


def test_hours_for_a_day_that_is_not_a_posting_day_are_refused(tmp_path):
    extra = (
        "schedule:\n  window:\n    days: [mon, tue]\n"
        '    by_day:\n      sat: {start: "10:00", end: "12:00"}\n'
    )
    (found,) = problems(tmp_path, extra)
    assert "test.yaml:10:3 schedule.window:" in found
    assert "by_day gives hours for sat, which is not among the window's days (mon, tue)" in found


def test_a_days_hours_must_run_forwards(tmp_path):
    extra = 'schedule:\n  window:\n    by_day:\n      fri: {start: "15:00", end: "09:00"}\n'
    (found,) = problems(tmp_path, extra)
    assert "schedule.window.by_day.fri: end (09:00) is before start (15:00)" in found


# --- lists, replies, house rules ---------------------------------------------------------------


def test_numbered_lists_nest_under_bullets_and_steps(tmp_path):
    extra = """\
    sections:
      - id: steps
        title: Steps
        blocks:
          - numbered:
              - First
              - text: Second
                numbered: [Second a, Second b]
          - list:
              - text: Bullet
                numbered: [Step]
    """
    policy = load(tmp_path, "", sections=textwrap.dedent(extra))
    blocks = policy.sections[0].blocks
    assert blocks[0].kind == "numbered" and blocks[0].numbered[1].numbered[1].text == "Second b"
    assert blocks[1].bullets[0].numbered[0].text == "Step"


def test_an_item_cannot_hold_both_bullets_and_steps(tmp_path):
    sections = SECTIONS.replace(
        "    blocks: [Text.]",
        "    blocks:\n      - list:\n          - {text: X, items: [a], numbered: [b]}",
    )
    with pytest.raises(PolicyError) as caught:
        load(tmp_path, "", sections=sections)
    assert "an item holds one nested list" in str(caught.value)


def test_a_reply_may_be_for_any_channel(tmp_path):
    extra = """\
    replies:
      - id: private
        title: Contact us privately
        situation: Someone posts their case
        when: Always.
        text: Please contact us privately.
    """
    policy = load(tmp_path, extra)
    assert policy.replies[0].channels == [] and policy.channels == {}


def test_house_rules_take_actions_in_words_or_by_kind(tmp_path):
    extra = """\
    house_rules:
      we_will:
        - action: report-to-police
          text: Threats.
        - We may turn off comments on a post.
    """
    rules = load(tmp_path, extra).house_rules
    assert [a.label for a in rules.we_will] == ["Report to the police", ""]


def test_empty_house_rules_are_refused_with_what_to_give(tmp_path):
    (found,) = problems(tmp_path, "house_rules: {intro: Our rules.}\n")
    assert "house_rules: is empty; give at least one of we_ask, we_will" in found


def test_an_unknown_moderation_action_lists_the_choices(tmp_path):
    extra = "house_rules:\n  we_will:\n    - {action: shout, text: Loudly.}\n"
    (found,) = problems(tmp_path, extra)
    assert "house_rules.we_will[0].action" in found and "'report-to-police'" in found


def test_an_empty_checklist_or_numbered_list_is_refused_with_its_line(tmp_path):
    for kind in ("checklist", "numbered"):
        sections = SECTIONS.replace("    blocks: [Text.]", f"    blocks:\n      - {kind}: []")
        with pytest.raises(PolicyError) as caught:
            load(tmp_path, "", sections=sections)
        (found,) = [str(problem) for problem in caught.value.problems]
        assert f"test.yaml:9:9 sections[0].blocks[0].{kind}: must have at least 1 item" in found


def test_a_checklist_holds_text_and_a_too_long_keyword_is_refused(tmp_path):
    sections = SECTIONS.replace(
        "    blocks: [Text.]",
        "    keywords: [" + "x" * 61 + "]\n    blocks:\n      - checklist: [At least 10 posts]",
    )
    with pytest.raises(PolicyError) as caught:
        load(tmp_path, "", sections=sections)
    (found,) = [str(problem) for problem in caught.value.problems]
    assert "test.yaml:8:16 sections[0].keywords[0]:" in found and "60" in found
