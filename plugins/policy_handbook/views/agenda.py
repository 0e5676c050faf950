"""Day-by-day views of a plan for the "This week" and posting calendar pages, and the plan's
data as JSON for the script that marks today from the reader's own clock.

The site is rebuilt now and then, so "today" on a page cannot come from the build: the pages
carry the dates and the script (site/assets/this-week.js) finds today in them. The JSON
is compact (a busy plan holds over a thousand posts); its shape:

    {"zone": "Europe/London", "first": "2026-11-09", "last": "2027-02-21", "built": "2026-11-22",
     "channels": ["Facebook", "Twitter"],                   # short names, by index
     "kinds": [{"name": ..., "guidance": ..., "links": [[href, label], ...]}, ...],
     "themes": [{"name": ..., "guidance": ..., "links": [[href, label]]}, ...],
     "days": {"2026-11-16": {"off": "Christmas Day", "posts": [["08:00", 0, 1, -1], ...]}}}

A post is [time, channel index, kind index, theme index]; -1 for no kind or no theme. A day
with no post and no reason is left out. No MkDocs import here.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from .. import pages
from ..planning import Plan, Slot, Theme, monday_of
from ..policy.model import ContentType, Policy

# A day with more posts than this is summed up ("7 × Twitter, 3 × Facebook") and its posts
# folded away until asked for.
BUSY_FROM = 4


def day_name(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def long_date(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B %Y}"


def week_title(monday: dt.date) -> str:
    return f"Week of {monday.day} {monday:%B}"


# --- links ------------------------------------------------------------------------------------


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """Where MkDocs publishes a Markdown page, relative to the site root."""
    path = src_uri.removesuffix(".md")
    if not use_directory_urls:
        return f"{path}.html"
    if path == "index" or path.endswith("/index"):
        return path.removesuffix("index")
    return f"{path}/"


def page_href(from_uri: str, to_uri: str, use_directory_urls: bool = True) -> str:
    """A link between generated pages written into raw HTML, which MkDocs does not rewrite."""
    target, _, anchor = to_uri.partition("#")
    here, there = page_url(from_uri, use_directory_urls), page_url(target, use_directory_urls)
    folder = here.rstrip("/") if here.endswith("/") else posixpath.dirname(here)
    path = posixpath.relpath(there or ".", folder or ".")
    if there.endswith("/") or not there:
        path = "./" if path == "." else f"{path}/"
    return f"{path}#{anchor}" if anchor else path


@dataclass(frozen=True)
class Link:
    href: str
    label: str


class Links:
    """Where a post's reply or theme is explained, as seen from one page."""

    def __init__(
        self,
        policy: Policy,
        here: str,
        registry: pages.Registry | None = None,
        use_directory_urls: bool = True,
    ):
        registry = registry or pages.Registry()
        self._replies = {}
        if registry.has(pages.REPLIES, policy):
            replies_uri = registry.uri(pages.REPLIES, policy.slug)
            for reply in policy.replies:
                uri = f"{replies_uri}#{reply.id}"
                self._replies[reply.id] = (reply, page_href(here, uri, use_directory_urls))

    def for_kind(self, kind: ContentType | None, channel_id: str) -> tuple[Link, ...]:
        """The canned reply written for this kind of post (a reply with the kind's id) when it
        suits the channel."""
        found = self._replies.get(kind.id) if kind else None
        if found is None:
            return ()
        reply, href = found
        if reply.channels and channel_id not in reply.channels:
            return ()
        return (Link(href, f"Reply to copy: {reply.title}"),)

    @staticmethod
    def for_theme(theme: Theme | None) -> tuple[Link, ...]:
        # Sources are checked to be http(s) addresses when calendar/ is loaded; checked again
        # here because the script sets them as hrefs.
        source = theme.source if theme else None
        if not source or not source.startswith(("https://", "http://")):
            return ()
        return (Link(theme.source, f"About {theme.name}"),)


# --- views ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PostView:
    start: dt.datetime
    channel: str  # short name: "Facebook"
    kind: str  # the kind of content, or "Post"
    guidance: str | None
    theme: Theme | None
    links: tuple[Link, ...]

    @property
    def time(self) -> str:
        return f"{self.start:%H:%M}"

    @property
    def datetime(self) -> str:
        return f"{self.start:%Y-%m-%dT%H:%M}"


@dataclass(frozen=True)
class DayView:
    day: dt.date
    posts: tuple[PostView, ...]
    off: str | None = None  # why nothing is planned: a bank holiday, a blackout

    @property
    def name(self) -> str:
        return day_name(self.day)

    @property
    def weekend(self) -> bool:
        return self.day.weekday() >= 5

    @property
    def busy(self) -> bool:
        return len(self.posts) > BUSY_FROM

    @property
    def summary(self) -> str:
        """A line for the day: "10 posts: 7 × Twitter, 3 × Facebook", or why there are none."""
        if not self.posts:
            return f"No posts: {self.off}" if self.off else "No posts"
        counts = Counter(post.channel for post in self.posts)
        order = list(dict.fromkeys(post.channel for post in self.posts))
        ranked = sorted(order, key=lambda name: (-counts[name], order.index(name)))
        if len(self.posts) == 1:
            return f"1 post: {self.posts[0].channel}"
        parts = ", ".join(f"{counts[name]} × {name}" for name in ranked)
        return f"{len(self.posts)} posts: {parts}"


@dataclass(frozen=True)
class WeekView:
    monday: dt.date
    days: tuple[DayView, ...]

    @property
    def title(self) -> str:
        return week_title(self.monday)


def post_view(slot: Slot, links: Links) -> PostView:
    return PostView(
        start=slot.start,
        channel=slot.channel_short,
        kind=slot.kind,
        guidance=slot.guidance,  # the guidance for this slot's channel, never another's
        theme=slot.theme,
        links=links.for_kind(slot.content_type, slot.channel_id) + links.for_theme(slot.theme),
    )


def week_views(plan: Plan, mondays: Sequence[dt.date], links: Links) -> list[WeekView]:
    """The given weeks of the plan, day by day (weeks outside the plan are left out)."""
    by_day: dict[dt.date, list[Slot]] = {}
    for slot in plan.slots:
        by_day.setdefault(slot.date, []).append(slot)
    weeks = []
    for monday in mondays:
        if not plan.first_day <= monday <= plan.last_day:
            continue
        days = []
        for offset in range(7):
            day = monday + dt.timedelta(days=offset)
            slots = sorted(by_day.get(day, ()), key=lambda s: (s.start, s.channel_id))
            posts = tuple(post_view(slot, links) for slot in slots)
            days.append(DayView(day, posts, plan.skipped.get(day)))
        weeks.append(WeekView(monday, tuple(days)))
    return weeks


def weeks_from(today: dt.date, count: int) -> list[dt.date]:
    """The Mondays of `count` weeks from the one holding `today`."""
    first = monday_of(today)
    return [first + dt.timedelta(weeks=n) for n in range(count)]


def channel_names(plan: Plan) -> dict[str, str]:
    """Each planned channel's short name ("Facebook" for "Facebook page/group"), by id."""
    names = {channel.id: channel.name for channel in plan.channels}
    names.update({slot.channel_id: slot.channel_short for slot in plan.slots})
    return names


# --- the plan as JSON for the page's script ----------------------------------------------------


def _link_list(links: Sequence[Link]) -> list[list[str]]:
    return [[link.href, link.label] for link in links]


def plan_data(plan: Plan, today: dt.date, links: Links) -> dict:
    names = channel_names(plan)
    channel_ids = [channel.id for channel in plan.channels]
    kinds: dict[tuple[str | None, str], int] = {}
    themes: dict[str, int] = {}
    kind_rows: list[dict] = []
    theme_rows: list[dict] = []
    days: dict[str, dict] = {}
    for slot in sorted(plan.slots, key=lambda s: (s.start, s.channel_id)):
        post = post_view(slot, links)
        kind_index = -1
        if slot.content_type is not None:
            key = (slot.content_type.id, slot.channel_id)
            if key not in kinds:
                kinds[key] = len(kind_rows)
                kind_rows.append(
                    {
                        "name": post.kind,
                        "guidance": post.guidance or "",
                        "links": _link_list(links.for_kind(slot.content_type, slot.channel_id)),
                    }
                )
            kind_index = kinds[key]
        theme_index = -1
        if slot.theme is not None:
            if slot.theme.id not in themes:
                themes[slot.theme.id] = len(theme_rows)
                theme_rows.append(
                    {
                        "name": slot.theme.name,
                        "guidance": slot.theme.guidance,
                        "links": _link_list(links.for_theme(slot.theme)),
                    }
                )
            theme_index = themes[slot.theme.id]
        entry = days.setdefault(slot.date.isoformat(), {"posts": []})
        channel = channel_ids.index(slot.channel_id)
        entry["posts"].append([post.time, channel, kind_index, theme_index])
    for day, why in plan.skipped.items():
        if plan.first_day <= day <= plan.last_day:
            days.setdefault(day.isoformat(), {"posts": []})["off"] = why
    return {
        "zone": plan.timezone,
        "first": plan.first_day.isoformat(),
        "last": plan.last_day.isoformat(),
        "built": today.isoformat(),
        "channels": [names[channel_id] for channel_id in channel_ids],
        "kinds": kind_rows,
        "themes": theme_rows,
        "days": dict(sorted(days.items())),
    }


def script_json(data: object) -> Markup:
    """JSON that is safe inside a <script> element: nothing in it can end the element or be
    read as markup (`<`, `>` and `&` are written as \\u escapes, which JSON.parse reads back)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False)
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026")):
        text = text.replace(char, escape)
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


# --- targets in words -------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetCount:
    channel: str
    planned: int
    minimum: int
    optimum: int | None

    @property
    def met(self) -> bool:
        return self.planned >= self.minimum

    @property
    def words(self) -> str:
        """In words: "Facebook 21 of at least 21", "Twitter 3 of at least 2 (aim: 3)"."""
        text = f"{self.channel} {self.planned} of at least {self.minimum}"
        if self.optimum is not None and self.optimum != self.minimum:
            text += f" (aim: {self.optimum})"
        return text


@dataclass(frozen=True)
class TargetWeek:
    monday: dt.date
    counts: tuple[TargetCount, ...]

    @property
    def title(self) -> str:
        return week_title(self.monday)

    @property
    def starts(self) -> str:
        return f"{self.monday.day} {self.monday:%B}"

    @property
    def ends(self) -> str:
        sunday = self.monday + dt.timedelta(days=6)
        return f"{sunday.day} {sunday:%B}"

    @property
    def iso(self) -> str:
        iso = self.monday.isocalendar()
        return f"{iso.year}-W{iso.week:02d}"

    @property
    def met(self) -> bool:
        return all(count.met for count in self.counts)


def target_weeks(plan: Plan) -> list[TargetWeek]:
    """Every week of the plan, each channel's planned posts against its target."""
    names = channel_names(plan)
    return [
        TargetWeek(
            monday,
            tuple(
                TargetCount(
                    names[channel.id],
                    plan.count(channel.id, monday),
                    channel.minimum_per_week,
                    channel.optimum_per_week,
                )
                for channel in plan.channels
            ),
        )
        for monday in plan.mondays
    ]
