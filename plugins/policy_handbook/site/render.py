"""Render the handbook's Markdown pages from the policy model with Jinja2.

Every value from a policy reaches the page through `safe` (the template environment applies
`safe.inline` to any plain string by default). No MkDocs import here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup, escape

from . import block_html as html_blocks
from .. import pages
from ..policy import reply_text as replies, situations
from ..text import safe
from ..policy.fields import BANK_HOLIDAY_REGIONS
from ..policy.model import ContentType, Policy

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class RenderContext:
    """What pages need to know beyond the policy itself: the date and which pages exist."""

    today: dt.date
    registry: pages.Registry = field(default_factory=pages.Registry)


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


def _heading(depth: int, title: object, anchor: str | None = None) -> Markup:
    """A Markdown heading whose text is policy text shown as written, with our own id."""
    hashes = "#" * depth
    attribute = f" {{#{_anchor(anchor)}}}" if anchor else ""
    return Markup(f"{hashes} {safe.inline(title)}{attribute}")


_ANCHOR = re.compile(r"^[a-z0-9]+(?:-{1,2}[a-z0-9]+)*$")


def _anchor(value: str) -> str:
    # Ids come from validated slugs; refuse anything else rather than write it into Markdown.
    if not _ANCHOR.match(value):
        raise ValueError(f"not an anchor id: {value!r}")
    return value


def _uri(value: object) -> Markup:
    """An address we made (a page, a feed, site_url joined to one) for a link or attribute."""
    return Markup(str(escape(str(value))).replace(" ", "%20"))


# Characters YAML reads only as escapes (its "printable" set, YAML 1.1 §5.1, inverted), and
# unpaired surrogates, which no escape can carry.
_NOT_YAML_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
_SURROGATES = re.compile("[\ud800-\udfff]")
# What MkDocs reads front matter with (mkdocs/utils/meta.py).
_FRONT_MATTER_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _front_matter_title(value: str) -> Markup:
    """A page title for front matter: the theme prints it unescaped, so it is escaped here,
    then quoted as a YAML string. It also keeps MkDocs from taking the title from the H1.

    MkDocs fails open: front matter it cannot read becomes page text, which the site's own
    Markdown extensions (attr_list…) then act on. So the title is read back here as MkDocs
    will read it, and a page whose title would not survive is not written at all. (The loader
    refuses the characters that could cause it, so this never fires on a checked policy.)"""
    title = _SURROGATES.sub("\ufffd", safe.nav_title(value))
    # JSON quoting escapes quotes, backslashes and C0 controls; what YAML may not hold as
    # written (DEL, C1 controls, noncharacters) becomes a YAML escape it reads back.
    written = _NOT_YAML_PRINTABLE.sub(
        lambda found: f"\\U{ord(found.group()):08x}", json.dumps(title, ensure_ascii=False)
    )
    try:
        read = yaml.load(f"title: {written}", Loader=_FRONT_MATTER_LOADER)
    except yaml.YAMLError:
        read = None
    if read != {"title": title}:
        raise ValueError(f"a page title that front matter cannot hold: {written[:80]}")
    return Markup(written)


def _finalize(value: object) -> object:
    # Every `{{ }}` without a filter that marks it safe is policy text until proven otherwise.
    if isinstance(value, Markup) or value is None:
        return value
    if isinstance(value, str):
        return safe.inline(value)
    return value


@cache
def environment() -> jinja2.Environment:
    """The one Jinja environment for every page: autoescaped, and `inline` by default."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_finalize,
    )
    env.filters["text"] = safe.text
    env.filters["md"] = safe.markdown_block
    env.filters["md_inline"] = safe.markdown_inline
    env.filters["href"] = safe.href
    env.filters["uri"] = _uri
    env.filters["webcal"] = lambda address: re.sub(r"^https?://", "webcal://", str(address))
    env.filters["day_month"] = lambda d: f"{d.day} {d:%b}"
    env.filters["long_date"] = lambda d: f"{d:%A} {d.day} {d:%B %Y}"
    env.filters["front_matter_title"] = _front_matter_title
    # Plain words for the model's ids: "england-and-wales" is "England and Wales" on a page.
    env.filters["region"] = lambda region: BANK_HOLIDAY_REGIONS.get(region, region)
    env.globals["heading"] = _heading
    env.globals["page_uri"] = lambda key, slug=None: _uri(pages.uri_of(key, slug))
    env.globals["anchor"] = lambda value: Markup(f"{{#{_anchor(value)}}}")
    return env


def render(template: str, **values: object) -> str:
    return environment().get_template(template).render(**values)


def blocks_for(policy: Policy, context: RenderContext, here: str):
    """A function rendering the policy's blocks on the page `here`: replies filled in, and
    quoted replies linked to the Canned replies page when the site has one."""
    registry = context.registry
    filled = {reply.id: replies.fill(reply.text, policy) for reply in policy.replies}
    replies_uri = (
        pages.relative(here, registry.uri(pages.REPLIES, policy.slug))
        if registry.has(pages.REPLIES, policy)
        else None
    )

    def blocks(items):
        return html_blocks.blocks(items, policy, filled, replies_uri)

    return blocks


def policy_page(policy: Policy, context: RenderContext) -> str:
    """The organisation's whole policy: one heading per section so search lands on the rule."""
    registry = context.registry
    here = registry.uri(pages.POLICY, policy.slug)
    overdue = policy.is_overdue(context.today)
    blocks = blocks_for(policy, context, here)

    see_also = [
        pages.PageLink(link.title, pages.relative(here, link.uri))
        for link in registry.organisation_pages(policy)
        if link.uri != here
    ]
    return render(
        "policy.md.j2",
        policy=policy,
        overdue=overdue,
        overdue_by=overdue_text(policy.facts.next_review.last_day, context.today)
        if overdue
        else "",
        glance=html_blocks.at_a_glance(policy, overdue),
        roles=html_blocks.roles(policy),
        profile=html_blocks.profile(policy),
        house_rules=html_blocks.house_rules(policy.house_rules) if policy.house_rules else "",
        channels=html_blocks.channels_table(policy) if policy.channels else "",
        kinds_of_post=html_blocks.kinds_of_post(
            policy, {kind.id: _scheduled(kind, policy) for kind in policy.content_types}
        )
        if policy.content_types
        else "",
        blocks=blocks,
        org_pages=see_also,
    )


def _scheduled(kind: ContentType, policy: Policy) -> bool:
    """Whether posts of this kind go into the posting calendar (on a channel with a target)."""
    channels = kind.channels or list(policy.channels)
    return any(policy.channels[c].target for c in channels if c in policy.channels)


def home_page(policies: Iterable[Policy], context: RenderContext) -> str:
    rows = [
        {
            "policy": policy,
            "uri": context.registry.uri(pages.POLICY, policy.slug),
            "this_week": context.registry.uri(pages.THIS_WEEK, policy.slug)
            if context.registry.has(pages.THIS_WEEK, policy)
            else None,
            "status": review_status(policy, context.today),
            "overdue": policy.is_overdue(context.today),
        }
        for policy in policies
    ]
    return render(
        "home.md.j2",
        rows=rows,
        site_pages=context.registry.site_pages(),
        situations=situations.vocabulary(),
    )
