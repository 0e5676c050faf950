"""Shared helpers for the posting-calendar tests: the repository's policies, or small ones."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from policy_handbook.planning.special_days import load_special_days
from policy_handbook.policy.loader import load_policies
from policy_handbook.policy.model import Policy

ROOT = Path(__file__).resolve().parent.parent
LONDON = ZoneInfo("Europe/London")
# The build date the issue names: 21 Nov 2026, so the horizon holds Christmas and ISO week 53.
BUILD_DATE = dt.date(2026, 11, 21)

# What the issue says the seed organisations must post each ISO week, by channel id.
SEED_TARGETS = {
    "bwdpip": {"facebook": (21, 21), "twitter": (49, 49)},  # (minimum, optimum) a week
    "sendiass-wokingham": {"facebook": (2, 3), "twitter": (2, 3)},
}


def epoch_of(day: dt.date, hour: int = 12) -> int:
    """SOURCE_DATE_EPOCH for noon UTC on `day`."""
    return int(dt.datetime(day.year, day.month, day.day, hour, tzinfo=dt.UTC).timestamp())


def seed_policies() -> dict[str, Policy]:
    """The real policies/*.yaml, as the handbook loads them."""
    site = load_policies(ROOT / "policies")
    return {loaded.slug: loaded.policy for loaded in site.policies}


WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def channel(name, kind, minimum, optimum=None, window=None) -> dict:
    target = {"minimum": {"posts": minimum[0], "per": minimum[1]}}
    if optimum:
        target["optimum"] = {"posts": optimum[0], "per": optimum[1]}
    data = {"name": name, "kind": kind, "target": target}
    if window:
        data["window"] = window
    return data


def make_policy(
    slug: str,
    *,
    short_name: str = "Org",
    channels: dict | None = None,
    schedule: dict | None = None,
    content_types: list | None = None,
    review_due: str = "2030-01",
) -> Policy:
    data = {
        "organisation": {
            "name": f"{short_name} organisation",
            "short_name": short_name,
            "slug": slug,
            "what_it_is": "A test organisation.",
        },
        "policy": {"adopted": "2020-01-01", "review_due": review_due},
        "channels": channels or {},
        "content_types": content_types
        if content_types is not None
        else [
            {"id": "news", "name": "News", "guidance": "Share news."},
            {"id": "events", "name": "Events", "guidance": "Share events."},
            {"id": "signposting", "name": "Signposting", "guidance": "Signpost, with care."},
        ],
        "schedule": schedule or {},
        "sections": [{"id": "purpose", "title": "Purpose", "blocks": ["Text."]}],
    }
    return Policy.model_validate(data)


def with_schedule(policy: Policy, **changes) -> Policy:
    """A copy of `policy` with schedule fields replaced (the model is frozen)."""
    data = copy.deepcopy(policy.model_dump(by_alias=True, mode="json", exclude_none=True))
    data["schedule"].update(changes)
    return Policy.model_validate(data)


def repository_calendar():
    return load_special_days(ROOT / "calendar")


def iso_week(day: dt.date) -> tuple[int, int]:
    iso = day.isocalendar()
    return iso.year, iso.week
