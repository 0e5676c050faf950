"""Our content-line folding gives exactly icalendar's bytes, and so does the spliced feed.

ical.fold replaces icalendar's character-by-character fold for speed (BENCHMARKS.md); these
tests hold it to icalendar's own output, so the feeds are still what icalendar writes.
"""

from __future__ import annotations

import datetime as dt

import pytest
from calendar_support import BUILD_DATE, repository_calendar, seed_policies
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar.parser import Contentline
from policy_handbook import planning
from policy_handbook.feeds import digest, ical

# Characters that matter to folding: ASCII, the escapes icalendar keeps whole (backslash and
# caret), and characters of two, three and four bytes in UTF-8.
ALPHABET = st.sampled_from(list("ab ,;:\\^") + ["é", "–", "€", "😀", "𝄞"])
ANY_LINE = st.text(max_size=300).map(lambda s: s.replace("\n", "").replace("\r", ""))
STAMP = dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)
LINK = "https://example.org/org/calendar/"


@pytest.fixture(scope="module")
def seed_policy_plans() -> list[planning.Plan]:
    first, last = planning.horizon(BUILD_DATE)
    themes = repository_calendar().themes
    return [planning.plan(p, first, last, themes=themes) for p in seed_policies().values()]


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=400) | ANY_LINE)
def test_fold_is_icalendars_fold(text):
    assert ical.fold(text) == Contentline(text).to_ical()


def test_fold_at_the_edges():
    for length in range(70, 160):
        for tail in ("", "\\", "^", "é", "😀", "\\n"):
            line = "x" * length + tail + "y" * 20
            assert ical.fold(line) == Contentline(line).to_ical(), (length, tail)
    # A piece never ends on the first character of an escape.
    folded = ical.fold("D" * 73 + "\\,tail" + "z" * 80)
    assert b"\\\r\n ," not in folded


def test_spliced_feeds_and_digest_equal_icalendars_own_serialising(seed_policy_plans, monkeypatch):
    """build_feeds writes each event once and splices it into every feed that holds it; it and
    the digest fold with ical.fold and share typed values between events. With icalendar's own
    `to_ical`, plain values, and every event added to one Calendar, the bytes are the same."""
    ours = {}
    for plan in seed_policy_plans:
        ids = [None, *(c.id for c in plan.channels)]
        options = dict(stamp=STAMP, today=BUILD_DATE, page_link=LINK, absolute=True)
        ours[plan.slug] = (
            ical.build_feeds(plan, ids, **options),
            digest.build_digest(plan, **options),
        )
    # The reference: icalendar's own to_ical, and the shared values as plain Python values,
    # made into icalendar's types by `add` as usual.
    monkeypatch.setattr(ical, "serialise", lambda component: component.to_ical())
    plain = classmethod(
        lambda cls, stamp, sequence, link, absolute: cls(
            stamp, sequence, link if absolute else None, "TRANSPARENT", "PUBLIC"
        )
    )
    monkeypatch.setattr(ical.Shared, "make", plain)
    for plan in seed_policy_plans:
        feeds, daily = ours[plan.slug]
        sequence = ical.sequence_number(STAMP)
        london = plan.timezone == ical.LONDON
        short_name = plan.policy.organisation.short_name
        for channel_id, content in feeds.items():
            cal = ical.calendar_head(plan, ical.feed_name(plan, channel_id), BUILD_DATE, london)
            for slot in plan.slots_for(channel_id):
                shared = ical.Shared.make(STAMP, sequence, LINK, True)
                event = ical._slot_event(slot, short_name, shared, LINK, london)
                cal.add_component(event)
            if channel_id is None and plan.policy.facts.next_review is not None:
                review = ical._review_event(plan, STAMP, sequence, BUILD_DATE, LINK, True)
                cal.add_component(review)
            assert content == cal.to_ical(), (plan.slug, channel_id)
        options = dict(stamp=STAMP, today=BUILD_DATE, page_link=LINK, absolute=True)
        assert daily == digest.build_digest(plan, **options), plan.slug
        assert b"\r\n " in daily and all(b"\r\n " in c for c in feeds.values())  # folded
