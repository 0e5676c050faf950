"""The calendar feeds' size limit, kept while their bytes are made.

Google Calendar stops refreshing a subscribed feed over about 1 MB (see
../shared/notes/icalendar-outlook.md); a feed that big would silently go stale, so the build
refuses it. A policy can ask for feeds far bigger: a long guidance text repeated into each of
thousands of planned posts made gigabytes, built in memory only to be refused. So the feeds are
counted as their events are serialised, and a feed stops being made the moment it crosses the
limit: the refusal comes at once, having made little more than the limit, whatever the feed's
whole size would have been.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass

MAX_FEED_BYTES = 1_000_000


@dataclass(frozen=True)
class Oversized:
    """A feed refused part-made: it held `made` bytes after `done` of its `total` events."""

    made: int
    done: int
    total: int

    @property
    def estimate(self) -> int:
        """Its whole size, at the bytes per event it had made (a feed's events are spread
        through the horizon, so this is close); what was made when no event was."""
        if self.done == 0 or self.done >= self.total:
            return self.made
        return max(self.made, round(self.made / self.done * self.total))


class Budget:
    """The running sizes of feeds made together, each against `limit` (None: no limit).

    A feed whose size crosses the limit is closed: `over` holds what it had made, and its
    maker stops adding to it.
    """

    def __init__(
        self, limit: int | None, sizes: Mapping[Hashable, int], totals: Mapping[Hashable, int]
    ):
        self.limit = limit
        self.sizes = dict(sizes)
        self.totals = dict(totals)
        self.done = dict.fromkeys(self.sizes, 0)
        self.over: dict[Hashable, Oversized] = {}
        for key in self.sizes:
            self._check(key)

    def open(self, key: Hashable) -> bool:
        return key in self.sizes and key not in self.over

    def add(self, key: Hashable, size: int) -> None:
        """One more event of `size` bytes in the feed `key`."""
        self.sizes[key] += size
        self.done[key] += 1
        self._check(key)

    def expect(self, key: Hashable, at_least: int) -> None:
        """Close the feed now if its next event, of at least `at_least` bytes, would cross."""
        if self.limit is not None and self.open(key) and self.sizes[key] + at_least > self.limit:
            made = self.sizes[key] + at_least
            self.over[key] = Oversized(made, self.done[key] + 1, self.totals[key])

    def _check(self, key: Hashable) -> None:
        if self.limit is not None and self.open(key) and self.sizes[key] > self.limit:
            self.over[key] = Oversized(self.sizes[key], self.done[key], self.totals[key])


def feed_size(content: str | bytes | Oversized) -> int:
    return content.estimate if isinstance(content, Oversized) else len(content)


def feed_too_big(
    src_uri: str,
    content: str | bytes | Oversized,
    *,
    weeks_back: int,
    weeks_ahead: int,
    config_file: str,
    option: str,
) -> str:
    """Which feed is over the limit, and the horizon that would fit, in mkdocs.yml's words
    (`option` is where the horizon is set in `config_file`, e.g. "plugins.handbook.calendar").

    A feed's size grows with the weeks it covers (weeks_back + this week + weeks_ahead), so
    the weeks that fit are estimated from its size per week.
    """
    size = feed_size(content)
    estimated = (
        " (estimated from the part made before it crossed the limit)"
        if isinstance(content, Oversized) and content.estimate != content.made
        else ""
    )
    weeks = weeks_back + 1 + weeks_ahead
    fit = int(MAX_FEED_BYTES // (size / weeks)) - weeks_back - 1
    if 0 <= fit < weeks_ahead:
        advice = f"about {fit} would fit"
    else:
        advice = f"even 0 would not fit: shorten {option}.weeks_back too"
    return (
        f"the calendar feed {src_uri} would be {size:,} bytes{estimated}, over the "
        f"{MAX_FEED_BYTES:,} that Google Calendar keeps refreshing. Shorten the calendar's "
        f"horizon in {config_file}: {option}.weeks_ahead is {weeks_ahead} "
        f"({advice}) and {option}.weeks_back is {weeks_back}; or lower the "
        "organisation's targets, or shorten the text repeated in every post (content_types' "
        "names and guidance)"
    )
