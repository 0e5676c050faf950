"""Render the handbook's Markdown pages from the policy model with Jinja2.

Every value from YAML is HTML-escaped on the way in (autoescape), so a `<script>` in a policy
shows as text while Markdown emphasis and links still work. No MkDocs import here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from . import replies
from .model import Policy

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class PageLink:
    """A page another plugin adds for each organisation (or site-wide)."""

    title: str
    uri: str


@dataclass
class RenderContext:
    """What pages need to know beyond the policy itself."""

    today: dt.date
    org_pages: dict[str, list[PageLink]] = field(default_factory=dict)  # slug -> extra pages
    site_pages: list[PageLink] = field(default_factory=list)
    replies_page: bool = False


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
    due = policy.policy.review_due
    if policy.is_overdue(today):
        return f"Review overdue by {overdue_text(due.last_day, today)} (due {due.display()})"
    return f"Review due {due.display()}"


def _cell(value: object) -> Markup:
    """Escaped text for a Markdown table cell: pipes and line breaks would break the row."""
    text = escape(str(value))
    return Markup(str(text).replace("|", "\\|").replace("\n", " "))


def _indent(value: object, width: int = 4, first: bool = False) -> Markup:
    text = str(escape(value))  # escape() leaves already-safe Markup as it is
    pad = " " * width
    lines = text.split("\n")
    out = [(pad + lines[0]) if first else lines[0]]
    out += [(pad + line) if line else "" for line in lines[1:]]
    return Markup("\n".join(out))


def _quote_lines(value: object) -> Markup:
    lines = str(escape(value)).split("\n")
    return Markup("\n".join(f"> {line}" if line else ">" for line in lines))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cell"] = _cell
    env.filters["indent_md"] = _indent
    env.filters["quote_lines"] = _quote_lines
    return env


def render(template: str, **values: object) -> str:
    return environment().get_template(template).render(**values)


def policy_page(policy: Policy, context: RenderContext) -> str:
    """The organisation's whole policy: one heading per section so search lands on the rule."""
    filled = {reply.id: replies.fill(reply.text, policy) for reply in policy.replies}
    return render(
        "policy.md.j2",
        policy=policy,
        filled=filled,
        today=context.today,
        overdue=policy.is_overdue(context.today),
        overdue_by=overdue_text(policy.policy.review_due.last_day, context.today),
        org_pages=context.org_pages.get(policy.slug, []),
        replies_page=context.replies_page,
    )


def home_page(policies: Iterable[Policy], context: RenderContext) -> str:
    rows = [
        {
            "policy": policy,
            "status": review_status(policy, context.today),
            "overdue": policy.is_overdue(context.today),
        }
        for policy in policies
    ]
    return render(
        "home.md.j2",
        rows=rows,
        site_pages=context.site_pages,
        org_pages=context.org_pages,
    )
