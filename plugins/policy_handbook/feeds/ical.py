"""Subscribable .ics feeds of a plan, built with icalendar and returned as bytes.

Written for Outlook (classic, new, web) first; see ../shared/notes/icalendar-outlook.md:
METHOD:PUBLISH, X-WR-CALNAME/NAME, refresh hints, a Europe/London VTIMEZONE in RRULE form
(never icalendar's RDATE lists), stable UIDs, DTSTAMP from the build instant so the same
inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from icalendar import (
    Calendar,
    Component,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDDDTypes,
    vDuration,
    vInt,
    vText,
    vUri,
)

from ..planning import HOURS_ARE_OURS, Plan, Slot
from ..policy.fields import LANGUAGE_WORDS
from .limit import Budget, Oversized

PRODID = "-//Policy handbook//Posting calendar//EN"
REFRESH = dt.timedelta(hours=4)
UID_DOMAIN = "policy-handbook"
LONDON = "Europe/London"
# SEQUENCE counts minutes from here to the build (see sequence_number).
_SEQUENCE_EPOCH = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


def london_vtimezone() -> Timezone:
    """Europe/London as one yearly summer rule and one winter rule, as Outlook reads zones."""
    tz = Timezone()
    tz.add("tzid", LONDON)
    summer = TimezoneDaylight()
    summer.add("tzname", "BST")
    summer.add("dtstart", dt.datetime(1970, 3, 29, 1, 0))
    summer.add("tzoffsetfrom", dt.timedelta(0))
    summer.add("tzoffsetto", dt.timedelta(hours=1))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    winter = TimezoneStandard()
    winter.add("tzname", "GMT")
    winter.add("dtstart", dt.datetime(1970, 10, 25, 2, 0))
    winter.add("tzoffsetfrom", dt.timedelta(hours=1))
    winter.add("tzoffsetto", dt.timedelta(0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    tz.add_component(summer)
    tz.add_component(winter)
    return tz


def sequence_number(stamp: dt.datetime) -> int:
    """SEQUENCE: whole minutes from 2000 to the build instant.

    A stateless build cannot know whether a slot changed since the last build, and a
    fingerprint of the slot's content cannot only go up. Minutes since a fixed epoch only
    ever go up, so whenever a rebuild changes a slot its SEQUENCE is higher than before (a
    slot that did not change gets a higher number too, which clients treat as a harmless
    update). It comes from SOURCE_DATE_EPOCH when set, so bytes stay reproducible.
    """
    return max(0, int((stamp - _SEQUENCE_EPOCH) // dt.timedelta(minutes=1)))


def feed_name(plan: Plan, channel_id: str | None = None) -> str:
    name = f"{plan.policy.organisation.short_name} posting calendar"
    if channel_id is not None:
        channel = next(c for c in plan.channels if c.id == channel_id)
        name += f": {channel.name}"
    return name


def build_feed(
    plan: Plan,
    *,
    channel_id: str | None = None,
    stamp: dt.datetime,
    today: dt.date,
    page_link: str,
    absolute: bool = False,
) -> bytes:
    """One feed: every channel (`channel_id=None`, with the review date) or one channel.

    `stamp` is the build instant (DTSTAMP, SEQUENCE); `today` decides whether the review is
    overdue; `page_link` is the calendar page's address, absolute when `absolute` (then
    also written as each event's URL) or a site-relative path otherwise.
    """
    feeds = build_feeds(
        plan, [channel_id], stamp=stamp, today=today, page_link=page_link, absolute=absolute
    )
    feed = feeds[channel_id]
    assert isinstance(feed, bytes), "a feed built with no limit is whole"
    return feed


_END = b"END:VCALENDAR\r\n"


def build_feeds(
    plan: Plan,
    channel_ids: Sequence[str | None],
    *,
    stamp: dt.datetime,
    today: dt.date,
    page_link: str,
    absolute: bool = False,
    limit: int | None = None,
) -> dict[str | None, bytes | Oversized]:
    """Several feeds of one plan (see `build_feed`), each slot's event serialised only once.

    The all-channels feed repeats every channel feed's events, and serialising is nearly all
    of the calendar's build time, so each VEVENT is written once by icalendar and its bytes
    are placed in every feed that holds it, before the calendar's END line. The result is
    byte-for-byte what `Calendar.to_ical()` gives for the same components.

    With a `limit`, a feed stops being made as soon as its bytes cross it, and is returned as
    `Oversized` (see limit.py): the refusal costs about the limit, not the whole feed.
    """
    known = {c.id for c in plan.channels}
    for channel_id in channel_ids:
        if channel_id is not None and channel_id not in known:
            raise KeyError(f"{plan.slug} has no scheduled channel {channel_id!r}")
    stamp = stamp.astimezone(dt.UTC).replace(microsecond=0)
    sequence = sequence_number(stamp)
    london = plan.timezone == LONDON
    short_name = plan.policy.organisation.short_name
    shared = Shared.make(stamp, sequence, page_link, absolute)
    heads: dict[str | None, bytes] = {}
    for channel_id in channel_ids:
        head = serialise(calendar_head(plan, feed_name(plan, channel_id), today, london))
        assert head.endswith(_END)
        heads[channel_id] = head[: -len(_END)]
    # A policy that states no review date gets no review event: nothing is made up.
    review = b""
    if None in heads and plan.policy.facts.next_review is not None:
        review = serialise(_review_event(plan, stamp, sequence, today, page_link, absolute))
    budget = Budget(
        limit,
        {c: len(head) + len(_END) + (len(review) if c is None else 0) for c, head in heads.items()},
        {c: len(plan.slots_for(c)) for c in heads},
    )
    events: dict[str, bytes] = {}
    for slot in plan.slots:
        holders = [c for c in (None, slot.channel_id) if budget.open(c)]
        if holders:
            event = serialise(_slot_event(slot, short_name, shared, page_link, london))
            events[slot.uid] = event
            for channel_id in holders:
                budget.add(channel_id, len(event))
    feeds: dict[str | None, bytes | Oversized] = {}
    for channel_id, head in heads.items():
        if channel_id in budget.over:
            feeds[channel_id] = budget.over[channel_id]
            continue
        body = [events[slot.uid] for slot in plan.slots_for(channel_id)]
        tail = review if channel_id is None else b""
        feeds[channel_id] = head + b"".join(body) + tail + _END
    return feeds


# RFC 5545 section 3.1: content lines over 75 octets are folded. icalendar folds each line
# character by character, which was a third of the calendar's build time; `fold` gives the same
# bytes from the encoded line in slices (tests/test_ical_fold.py checks it against icalendar).
_FOLD_AT = 75
_FOLD = b"\r\n "
_KEEP_WITH_NEXT = b"\\^"  # icalendar never ends a folded piece on an escape's first character


def fold(line: str) -> bytes:
    """One content line folded as icalendar's `Contentline.to_ical()` folds it.

    Each piece is the longest run of whole characters under 75 octets, except that a piece
    ending in a backslash or caret leaves it to the next piece (icalendar issue #1501).
    """
    data = line.encode("utf-8")
    if len(data) < _FOLD_AT:
        return data
    pieces = []
    start = 0
    while len(data) - start >= _FOLD_AT:
        cut = start + _FOLD_AT - 1
        while data[cut] & 0xC0 == 0x80:  # inside a UTF-8 character: cut before it
            cut -= 1
        if data[cut - 1] in _KEEP_WITH_NEXT:
            cut -= 1
        pieces.append(data[start:cut])
        start = cut
    pieces.append(data[start:])
    return _FOLD.join(pieces)


def serialise(component: Component) -> bytes:
    """`component.to_ical()`, byte for byte: icalendar makes every content line, `fold`
    folds them."""
    return b"".join(fold(line) + b"\r\n" for line in component.content_lines() if line)


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def freshness(plan: Plan, today: dt.date) -> str:
    """When the feed was built and the plan's last day: a feed nobody rebuilds runs dry."""
    return f"Built on {long_date(today)}. The plan runs until {long_date(plan.last_day)}."


def calendar_head(plan: Plan, name: str, today: dt.date, london: bool) -> Calendar:
    """A feed's calendar with its properties and time zone, before any event."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", vText(name))
    cal.add("name", vText(name))
    short_name = plan.policy.organisation.short_name
    cal.add(
        "x-wr-caldesc",
        # The short name: a full name often has a comma, and some clients show X- text
        # properties without undoing the escaping ("\\,").
        vText(
            f"Planned posts from the {short_name} social media policy. "
            f"Planned times: {HOURS_ARE_OURS}. {freshness(plan, today)}"
        ),
    )
    cal.add("refresh-interval", vDuration(REFRESH), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    if london:
        cal.add_component(london_vtimezone())
    return cal


@dataclass(frozen=True)
class Shared:
    """Property values every event of one feed build has, made into icalendar's types once
    (icalendar's `add` takes a typed value as it is): a third fewer values to make an event."""

    dtstamp: vDDDTypes
    sequence: vInt
    url: vUri | None
    transp: vText = vText("TRANSPARENT")  # a planned post does not make anyone busy
    public: vText = vText("PUBLIC")

    @classmethod
    def make(cls, stamp: dt.datetime, sequence: int, link: str, absolute: bool) -> Shared:
        return cls(vDDDTypes(stamp), vInt(sequence), vUri(link) if absolute else None)


def _slot_event(
    slot: Slot,
    short_name: str,
    shared: Shared,
    link: str,
    london: bool,
) -> Event:
    event = Event()
    event.add("uid", slot.uid)
    event.add("dtstamp", shared.dtstamp)
    event.add("sequence", shared.sequence)
    start, end = slot.start, slot.end
    if not london:  # only Europe/London has a VTIMEZONE we trust; others are written in UTC
        start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", slot.feed_summary(short_name))
    lines = [f"Channel: {slot.channel_name}"]
    if slot.languages:
        words = " and ".join(LANGUAGE_WORDS[code] for code in slot.languages)
        lines.append(f"Post in: {words} (as the policy says)")
    if slot.content_type:
        # Only this channel's guidance (or the kind's general guidance), never another's.
        guidance = slot.guidance
        lines.append(f"{slot.kind}: {guidance}" if guidance else f"Kind of post: {slot.kind}")
    if slot.theme:
        theme = f"Awareness: {slot.theme.name} ({span(slot.theme.start, slot.theme.end)}). "
        theme += slot.theme.guidance
        if slot.theme.source:
            theme += f" {slot.theme.source}"
        lines.append(theme)
    lines.append(f"Posting calendar: {link}")
    event.add("description", "\n".join(lines))
    categories = [slot.channel_name]
    if slot.content_type:
        categories.append(slot.content_type.name)
    if slot.theme:
        categories.append(slot.theme.name)
    event.add("categories", categories)
    if shared.url is not None:
        event.add("url", shared.url)
    event.add("transp", shared.transp)
    event.add("class", shared.public)
    return event


def _review_event(
    plan: Plan, stamp: dt.datetime, sequence: int, today: dt.date, link: str, absolute: bool
) -> Event:
    """The policy's review date as an all-day item.

    Overdue, it is shown on the Monday of the build's week (a date years back would never be
    seen); the UID names the policy, not the date, so the item moves rather than duplicates.
    """
    policy = plan.policy
    due = policy.facts.next_review
    assert due is not None, "only a policy with a review date gets a review event"
    overdue = policy.is_overdue(today)
    title = policy.facts.title
    short_name = policy.organisation.short_name
    if overdue:
        day = today - dt.timedelta(days=today.weekday())
        summary = f"{short_name}: OVERDUE review of the {title} (was due {due.display()})"
    else:
        day = due.last_day
        summary = f"{short_name}: review of the {title} due ({due.display()})"
    event = Event()
    event.add("uid", f"{plan.slug}-policy-review@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("sequence", sequence)
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    event.add(
        "description",
        f"{policy.organisation.name}: the {title} is due for review by {due.display()}.\n"
        f"Posting calendar: {link}",
    )
    event.add("categories", ["Policy review"])
    if absolute:
        event.add("url", link)
    event.add("transp", "TRANSPARENT")
    return event


def span(start: dt.date, end: dt.date) -> str:
    if start == end:
        return f"{start.day} {start:%B %Y}"
    return f"{start.day} {start:%B} – {end.day} {end:%B %Y}"
