"""The daily digest feed: one short event a day, at the start of the posting window, listing
that day's planned posts with their times and guidance.

A busy organisation's all-channels feed fills every day with ten fifteen-minute events (BwDPiP
plans 70 posts a week); people unsubscribe from that. One event a day is a feed people keep.
It follows the other feeds' conventions (ical.py): the same calendar head with its refresh
hints and time zone, stable UIDs (organisation and date), DTSTAMP and SEQUENCE from the build.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

from ..planning import HOURS_ARE_OURS, Plan, Slot
from ..policy.model import WEEKDAYS
from .limit import Budget, Oversized

# The digest is offered before the all-channels feed when an organisation plans more than
# this many posts a day on average (over the days it posts at all). Up to three a day an
# all-channels calendar stays readable in a day or week view and each post's own reminder is
# useful; beyond that the day is a wall of fifteen-minute blocks (BwDPiP's 10 a day), and the
# one event a day that lists them is the feed people keep subscribed to. Published norms put
# 2-3 Facebook posts a day at the high end (../shared/notes/scheduling.md).
DIGEST_FIRST_ABOVE = 3
DIGEST_MINUTES = 15
NAME = "daily"  # the feed's file is <slug>-daily.ics (checks.py keeps channels off that id)


def posts_per_day(plan: Plan) -> float:
    days = {slot.date for slot in plan.slots}
    return len(plan.slots) / len(days) if days else 0.0


def digest_first(plan: Plan) -> bool:
    """Whether the calendar page offers the daily digest before the all-channels feed."""
    return posts_per_day(plan) > DIGEST_FIRST_ABOVE


def feed_name(plan: Plan) -> str:
    return f"{plan.policy.organisation.short_name} posting calendar: daily digest"


def by_day(plan: Plan) -> dict[dt.date, list[Slot]]:
    """The plan's slots by local date, each day's in time order, days in order."""
    days: dict[dt.date, list[Slot]] = {}
    for slot in sorted(plan.slots, key=lambda s: (s.start, s.channel_id)):
        days.setdefault(slot.date, []).append(slot)
    return dict(sorted(days.items()))


def build_digest(
    plan: Plan,
    *,
    stamp: dt.datetime,
    today: dt.date,
    page_link: str,
    absolute: bool = False,
    zone_words: str = "UK time",
    limit: int | None = None,
) -> bytes | Oversized:
    """The digest feed's bytes: one event for each day with at least one planned post.

    With a `limit`, making it stops as soon as it would cross the limit (see limit.py).
    """
    from icalendar import Event  # imported only when a feed is made: not on a cached build

    from . import ical

    stamp = stamp.astimezone(dt.UTC).replace(microsecond=0)
    sequence = ical.sequence_number(stamp)
    london = plan.timezone == ical.LONDON
    head = ical.serialise(ical.calendar_head(plan, feed_name(plan), today, london))
    shared = ical.Shared.make(stamp, sequence, page_link, absolute)
    days = by_day(plan)
    budget = Budget(limit, {NAME: len(head)}, {NAME: len(days)})
    events = []
    for day, slots in days.items():
        # One day's event holds every post's guidance: a day of long texts could be far over
        # the limit on its own, so it is not made when that is certain.
        budget.expect(NAME, sum(len(slot.guidance or "") for slot in slots))
        if not budget.open(NAME):
            break
        event = Event()
        event.add("uid", f"{plan.slug}-{NAME}-{day:%Y%m%d}@{ical.UID_DOMAIN}")
        event.add("dtstamp", shared.dtstamp)
        event.add("sequence", shared.sequence)
        start = day_start(plan, day, slots)
        end = start + dt.timedelta(minutes=DIGEST_MINUTES)
        if not london:  # as in ical.py: only Europe/London gets a VTIMEZONE
            start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("summary", summary(plan, slots))
        event.add("description", description(slots, page_link, zone_words))
        event.add("categories", ["Daily digest"])
        if shared.url is not None:
            event.add("url", shared.url)
        event.add("transp", shared.transp)  # a reminder of the day's posts, not a meeting
        event.add("class", shared.public)
        events.append(ical.serialise(event))
        budget.add(NAME, len(events[-1]))
    if NAME in budget.over:
        return budget.over[NAME]
    # The head ends with the calendar's END line; the events go before it, as
    # Calendar.to_ical() writes them (ical.build_feeds splices feeds the same way).
    end_line = b"END:VCALENDAR\r\n"
    assert head.endswith(end_line)
    return head[: -len(end_line)] + b"".join(events) + end_line


def day_start(plan: Plan, day: dt.date, slots: list[Slot]) -> dt.datetime:
    """The start of the day's posting window (the earliest among the channels posting that
    day), never after the day's first post, and never a time the clocks skip."""
    zone = ZoneInfo(plan.timezone)
    first = slots[0].start
    posting = {slot.channel_id for slot in slots}
    weekday = WEEKDAYS[day.weekday()]
    windows = [c.window.hours_on(weekday)[0] for c in plan.channels if c.id in posting]
    if not windows:
        return first
    start = dt.datetime.combine(day, min(windows), zone)
    round_trip = start.astimezone(dt.UTC).astimezone(zone)
    if round_trip.replace(tzinfo=None) != start.replace(tzinfo=None):
        return first  # the window opens in the hour the clocks skip: start at the first post
    return min(start, first)


def summary(plan: Plan, slots: list[Slot]) -> str:
    """'BwDPiP: 10 posts today (7 × Twitter, 3 × Facebook)', channels in the plan's order."""
    counts = Counter(slot.channel_id for slot in slots)
    parts = [f"{counts[c.id]} × {_short(slots, c.id)}" for c in plan.channels if counts[c.id]]
    total = len(slots)
    posts = f"{total} post{'s' if total != 1 else ''} today"
    return f"{plan.policy.organisation.short_name}: {posts} ({', '.join(parts)})"


def _short(slots: list[Slot], channel_id: str) -> str:
    return next(s.channel_short for s in slots if s.channel_id == channel_id)


def description(slots: list[Slot], page_link: str, zone_words: str) -> str:
    """One line per post: time, channel, kind and that channel's guidance; then the day's
    awareness themes, once each; then the link back to the handbook."""
    from . import ical

    lines = [f"Today's planned posts ({zone_words}):"]
    themes = []
    for slot in slots:
        line = f"{slot.start:%H:%M} {slot.channel_short} — {slot.kind}"
        if slot.theme:
            line += f" ({slot.theme.name})"
            if slot.theme not in themes:
                themes.append(slot.theme)
        guidance = slot.guidance
        lines.append(f"{line}: {guidance}" if guidance else line)
    for theme in themes:
        text = f"Awareness: {theme.name} ({ical.span(theme.start, theme.end)}). {theme.guidance}"
        lines.append(f"{text} {theme.source}" if theme.source else text)
    lines.append(f"Planned times: {HOURS_ARE_OURS}.")
    lines.append(f"Posting calendar: {page_link}")
    return "\n".join(lines)
