"""What the pages say about an organisation, in words and links, from its policy: when its
review is due, where its accounts are and what its posting targets are.

Shared by the policy page, "What to do when…", the card and the reply views; no page of its
own. No MkDocs import here.
"""

from __future__ import annotations

import datetime as dt
import re

from markupsafe import Markup

from ..planning import HOURS_ARE_OURS
from ..policy.model import Channel, Policy
from ..text import safe


def months_between(start: dt.date, end: dt.date) -> int:
    months = (end.year - start.year) * 12 + end.month - start.month
    return months - (1 if end.day < start.day else 0)


def overdue_text(due: dt.date, today: dt.date) -> str:
    """How long ago `due` was, in years and months (or days when under a month)."""
    months = months_between(due, today)
    if months < 1:
        days = (today - due).days
        return f"{days} day{'s' if days != 1 else ''}"
    years, months = divmod(months, 12)
    parts = []
    if years:
        parts.append(f"{years} year{'s' if years != 1 else ''}")
    if months:
        parts.append(f"{months} month{'s' if months != 1 else ''}")
    return " and ".join(parts)


def review_status(policy: Policy, today: dt.date) -> str:
    due = policy.facts.next_review
    if due is None:
        return "Review date not stated"
    if policy.is_overdue(today):
        return f"Review overdue by {overdue_text(due.last_day, today)} (due {due.display()})"
    return f"Review due {due.display()}"


# Where a handle (@name) lives on each platform, to link it; other kinds show it as text.
_PROFILE_ADDRESS = {
    "twitter": "https://x.com/{}",
    "instagram": "https://www.instagram.com/{}",
    "facebook-page": "https://www.facebook.com/{}",
    "youtube": "https://www.youtube.com/@{}",
    "bluesky": "https://bsky.app/profile/{}",
    "threads": "https://www.threads.net/@{}",
    "tiktok": "https://www.tiktok.com/@{}",
}


_HANDLE = re.compile(r"@?([A-Za-z0-9_.]{1,50})")


def channel_address(channel: Channel) -> Markup:
    """The account's address as a link: a web address as written, a handle on its platform."""
    address = channel.address
    if not address:
        return Markup("")
    if address.lower().startswith(("http://", "https://")):
        return Markup(f'<a href="{safe.href(address)}">{safe.text(address)}</a>')
    match = _HANDLE.fullmatch(address)
    pattern = _PROFILE_ADDRESS.get(channel.kind)
    if match and pattern:
        url = pattern.format(match.group(1))
        return Markup(f'<a href="{safe.href(url)}">{safe.text(address)}</a>')
    return safe.text(address)


def target_words(channel: Channel) -> str:
    """The channel's posting target in words, as the policy page and the card say it."""
    target = channel.target
    if target is None:
        return "None set"
    words = f"At least {target.minimum.posts} a {target.minimum.per}"
    if target.optimum:
        words += f", ideally {target.optimum.posts} a {target.optimum.per}"
    if channel.window:
        words += f" ({channel.window.describe()})"
    return words


def planned_hours(policy: Policy) -> Markup:
    """The hours posts are planned in, marked as the handbook's setting (never the policy's)."""
    hours = safe.text(policy.schedule.window.describe())
    note = safe.text(f"({HOURS_ARE_OURS})")
    return hours + Markup(' <span class="handbook-provenance">') + note + Markup("</span>")


def stated_hours(policy: Policy) -> tuple[list[str], list[str]]:
    """When the accounts are watched and how soon replies come, in the policy's own words
    (house_rules.monitoring, house_rules.response_times): policy facts, unlike planned hours."""
    rules = policy.house_rules
    if rules is None:
        return [], []
    return rules.stated("monitoring"), rules.stated("response_times")
