"""Scheduling plus iCal serialisation for a year of every organisation's calendar, against
icalendar serialising the same events built directly (the library's floor).

ours  = planning.plan() for 52 weeks + ical.build_feed() (the all-channels feed) per organisation
floor = the same events (uid, times, summary, description, categories…), precomputed, added to
        an icalendar Calendar with Event.add() and serialised with to_ical()
direct = the same events' bytes written without icalendar (bench/fastical.py), as a suggestion
"""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

WEEKS = 52


def prepare(project: Path):
    """Load the project's policies and calendar inputs (not timed)."""
    from policy_handbook import dates, planning
    from policy_handbook.feeds import ical
    from policy_handbook.planning.special_days import load_special_days
    from policy_handbook.policy.loader import load_policies

    site = load_policies(project / "policies")
    extra = load_special_days(project / "calendar")
    today, stamp = dates.build_date(), dates.build_instant()
    # Warm up (imports, the holidays package, icalendar's caches) so the first timed run
    # is not charged for them.
    for loaded in site.policies[:3]:
        if planning.channel_plans(loaded.policy):
            themes = extra.themes_for(loaded.policy)
            plan = planning.plan(loaded.policy, today, today, themes=themes)
            ical.build_feed(plan, stamp=stamp, today=today, page_link="/")
    return site, extra, today, stamp


def run_once(site, extra, today: dt.date, stamp: dt.datetime) -> dict:
    from icalendar import Calendar, Event, vDuration, vText
    from policy_handbook import planning
    from policy_handbook.feeds import ical

    first = planning.monday_of(today)
    last = first + dt.timedelta(weeks=WEEKS, days=-1)

    start = time.perf_counter()
    plans = [
        planning.plan(
            loaded.policy,
            first,
            last,
            themes=extra.themes_for(loaded.policy),
            blackouts=extra.blackout_periods,
        )
        for loaded in site.policies
        if planning.channel_plans(loaded.policy)
    ]
    planned = time.perf_counter()
    feeds = [
        ical.build_feed(plan, stamp=stamp, today=today, page_link=f"/{plan.slug}/calendar/")
        for plan in plans
    ]
    serialised = time.perf_counter()

    # The same events as plain values, built outside the timing.
    stamp_utc = stamp.astimezone(dt.UTC).replace(microsecond=0)
    sequence = ical.sequence_number(stamp_utc)
    events = []
    for plan in plans:
        rows = []
        for slot in plan.slots:
            lines = [f"Channel: {slot.channel_name}"]
            categories = [slot.channel_name]
            if slot.content_type:
                lines.append(f"{slot.kind}: {slot.guidance}")
                categories.append(slot.content_type.name)
            if slot.theme:
                lines.append(f"Awareness: {slot.theme.name}. {slot.theme.guidance}")
                categories.append(slot.theme.name)
            lines.append(f"Posting calendar: /{plan.slug}/calendar/")
            rows.append(
                (slot.uid, slot.start, slot.end, slot.summary, "\n".join(lines), categories)
            )
        events.append((plan, rows))

    floor_start = time.perf_counter()
    floor_bytes = 0
    for plan, rows in events:
        cal = Calendar()
        cal.add("prodid", ical.PRODID)
        cal.add("version", "2.0")
        cal.add("calscale", "GREGORIAN")
        cal.add("method", "PUBLISH")
        cal.add("x-wr-calname", vText(plan.slug))
        cal.add("refresh-interval", vDuration(ical.REFRESH), parameters={"VALUE": "DURATION"})
        cal.add_component(ical.london_vtimezone())
        for uid, begin, end, summary, description, categories in rows:
            event = Event()
            event.add("uid", uid)
            event.add("dtstamp", stamp_utc)
            event.add("sequence", sequence)
            event.add("dtstart", begin)
            event.add("dtend", end)
            event.add("summary", summary)
            event.add("description", description)
            event.add("categories", categories)
            event.add("transp", "TRANSPARENT")
            event.add("class", "PUBLIC")
            cal.add_component(event)
        floor_bytes += len(cal.to_ical())
    floor = time.perf_counter() - floor_start

    # The same events written without icalendar (bench/fastical.py, byte-identical to ours).
    import fastical

    direct_start = time.perf_counter()
    direct_bytes = 0
    for plan in plans:
        link = f"/{plan.slug}/calendar/"
        name = plan.policy.organisation.short_name
        for slot in plan.slots:
            written = fastical.event_bytes(slot, name, stamp_utc, sequence, link, False, True)
            direct_bytes += len(written)
    direct = time.perf_counter() - direct_start

    return {
        "organisations": len(plans),
        "events": sum(len(plan.slots) for plan in plans),
        "plan_s": planned - start,
        "ical_s": serialised - planned,
        "ours_s": serialised - start,
        "floor_s": floor,
        "direct_s": direct,
        "ours_bytes": sum(len(feed) for feed in feeds),
        "floor_bytes": floor_bytes,
    }
