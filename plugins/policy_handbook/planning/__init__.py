"""The posting scheduler: turns a policy's channels and targets into dated, timed slots.

Pure Python (no MkDocs). Everything is derived from the calendar date, the ISO week and the
channel's place among the organisation's channels — never from the build date — so the plan
for a given day is the same whichever day the site was built.

How a week is planned, per channel with a target:

1. The level is `schedule.plan_for`; "optimum" falls back to the minimum when a channel has
   no optimum. A per-day rate becomes a weekly count with `Rate.per_week(len(window.days))`,
   so "3 a day" on a seven-day window is 21 a week.
2. The week's posting days are the window's days minus bank holidays (when skipped) and
   blackout dates. The weekly count is shared as evenly as possible over them: a per-day
   target keeps its weekly total when a day is skipped (the other days take the extra posts).
3. Within a day, posts are spread through the window, at least `minimum_gap_minutes` apart
   (in real elapsed time, also across midnight and clock changes), with each channel
   offset so an organisation's channels do not all post at the same minute.
4. Content types rotate by a slot number counted from a fixed epoch (ISO week 1 of 2000), so
   consecutive weeks continue the rotation and rebuilds agree.
5. Awareness days and weeks theme the first slot of each day they cover (of each week, for
   periods longer than a week); a period with no slot of its own themes the nearest slot
   in the same ISO week.

A target the window cannot hold raises `ScheduleError`, whose message spells out the arithmetic
and, when a clock change is why (a window in the hour the clocks skip or repeat), names the day.
"""

from __future__ import annotations

import datetime as dt

from .days import bank_holidays, horizon, monday_of
from .minutes import ClockChange, clock_change
from .planner import EPOCH, channel_plans, plan
from .structure import SLOT_MINUTES, Blackout, ChannelPlan, Plan, ScheduleError, Slot, Theme

__all__ = [
    "EPOCH",
    "SLOT_MINUTES",
    "Blackout",
    "ChannelPlan",
    "ClockChange",
    "Plan",
    "ScheduleError",
    "Slot",
    "Theme",
    "bank_holidays",
    "channel_plans",
    "clock_change",
    "horizon",
    "monday_of",
    "plan",
    "plan_loaded",
    "HOURS_ARE_OURS",
]

# Posting hours in `schedule.window` are the handbook's planning setting, never the policy's words:
# every page and feed that shows planned times says so in these words.
HOURS_ARE_OURS = "the handbook's planning setting and not a rule from the policy"


# Here rather than in planner.py so that it calls this package's `plan`: wrapping
# `schedule.plan` (as bench/harness.py does to time it) then covers the build's calls too.
def plan_loaded(loaded, first_day: dt.date, last_day: dt.date, **options) -> Plan:
    """`plan()` for a loaded policy file: an impossible target's message starts with where the
    target is written (file:line:column), like every other policy problem; the window's place
    instead when a clock change is what makes the week not fit."""
    try:
        return plan(loaded.policy, first_day, last_day, **options)
    except ScheduleError as error:
        if not error.channel:
            raise
        where = loaded.where(error.field or ("channels", error.channel, "target"))
        raise ScheduleError(
            f"{where}: {error}",
            organisation=error.organisation,
            channel=error.channel,
            needed=error.needed,
            capacity=error.capacity,
            field=error.field,
        ) from None
