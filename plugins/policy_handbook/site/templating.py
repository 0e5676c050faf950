"""The one Jinja environment every page is rendered with, and what pages need beyond the policy.

Every value from a policy reaches the page through `text.safe` (the environment applies
`safe.inline` to any plain string by default); page titles reach MkDocs' front matter only
after they are read back as MkDocs will read them. No MkDocs import here.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import jinja2
import yaml
from markupsafe import Markup, escape

from .. import pages
from ..policy.fields import BANK_HOLIDAY_REGIONS
from ..text import safe

TEMPLATES = Path(__file__).parent / "templates"


@dataclass
class RenderContext:
    """What pages need to know beyond the policy itself: the date and which pages exist."""

    today: dt.date
    registry: pages.Registry = field(default_factory=pages.Registry)


def _heading(depth: int, title: object, anchor: str | None = None) -> Markup:
    """A Markdown heading whose text is policy text shown as written, with our own id."""
    hashes = "#" * depth
    attribute = f" {{#{_anchor(anchor)}}}" if anchor else ""
    return Markup(f"{hashes} {safe.inline(title)}{attribute}")


def in_lang(value: object, lang: str | None) -> Markup:
    """Policy text for a heading, marked with its language (WCAG 3.1.2) when not the site's."""
    if not lang or lang == "en":
        return safe.inline(value)
    return Markup(f'<span lang="{_lang(lang)}">') + safe.inline(value) + Markup("</span>")


def _lang(value: str) -> str:
    if not re.fullmatch(r"[a-z]{2,3}", value):
        raise ValueError(f"not a language code: {value!r}")
    return value


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
    env.filters["in_lang"] = in_lang
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
