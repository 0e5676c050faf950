"""The build's notion of "today": the date of SOURCE_DATE_EPOCH when set, so builds reproduce."""

from __future__ import annotations

import datetime as dt
import os


def build_instant() -> dt.datetime:
    """The build's moment in UTC: SOURCE_DATE_EPOCH when set, else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
        except ValueError:
            raise ValueError(
                f"SOURCE_DATE_EPOCH must be a whole number of seconds since 1970, got {epoch!r}"
            ) from None
    return dt.datetime.now(tz=dt.UTC)


def build_date() -> dt.date:
    """The build's date in UK local time (the handbook's users are in the UK)."""
    from zoneinfo import ZoneInfo

    return build_instant().astimezone(ZoneInfo("Europe/London")).date()
