"""Dates as policies write them: "23rd April 2018", "22 April 2019", "November 2022",
"01/05/2024" (day first, as in the UK), "2024-05-01"."""

from __future__ import annotations

import re

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
DATE = re.compile(
    rf"(?i)\b(?:(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>{_MONTH})\s+(?P<year>\d{{4}})"
    rf"|(?P<month_only>{_MONTH})\s+(?P<year_only>\d{{4}})"
    r"|(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4})"
    r"|(?P<iy>\d{4})-(?P<im>\d{2})(?:-(?P<id>\d{2}))?)\b"
)
# A line that is a date and little else: "November 2022", "Review Date April 2024".
DATE_ONLY = re.compile(rf"(?i)(?:[a-z ]{{0,30}}[: ]\s*)?{DATE.pattern[4:]}\.?")


def find(text: str) -> str | None:
    """The first date in `text` as the policy file writes it: 2018-04-23, or 2022-11."""
    for match in DATE.finditer(text):
        value = _value(match)
        if value is not None:
            return value
    return None


def _value(match: re.Match[str]) -> str | None:
    groups = match.groupdict()
    if groups["month"]:
        day, month, year = int(groups["day"]), MONTHS[_name(groups["month"])], groups["year"]
    elif groups["month_only"]:
        return f"{groups['year_only']}-{MONTHS[_name(groups['month_only'])]:02d}"
    elif groups["d"]:
        day, month, year = int(groups["d"]), int(groups["m"]), groups["y"]
    else:
        if groups["id"] is None:
            return f"{groups['iy']}-{groups['im']}" if 1 <= int(groups["im"]) <= 12 else None
        day, month, year = int(groups["id"]), int(groups["im"]), groups["iy"]
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{year}-{month:02d}-{day:02d}"


def _name(text: str) -> str:
    return text.casefold().rstrip(".")
