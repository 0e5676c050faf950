"""The boundary between policy text and HTML (`safe`), under random hostile input.

Random strings built from markup, Markdown-extension syntax and URL schemes go into every text
field of a policy; the pages are rendered by the real page builders and converted by a
Python-Markdown configured with the site's own extensions from mkdocs.yml (attr_list,
md_in_html, snippets…). Nothing executable may come out, and every tag, attribute and URL
must be one the boundary allows.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from html.parser import HTMLParser
from typing import Any

import markdown
import yaml
from conftest import FIXTURES, ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from policy_handbook import pages
from policy_handbook.policy.model import Policy
from policy_handbook.site import (
    card_page,
    follow_pages,
    home_page,
    policy_page,
    replies_pages,
    topics_page,
    what_to_do_pages,
)
from policy_handbook.site.templating import RenderContext
from policy_handbook.text import safe

FRAGMENTS = [
    "<script>window.__hostile=1</script>",
    '<img src=x onerror="window.__hostile=1">',
    "</p>",
    "</div>",
    '<a href="javascript:window.__hostile=1">',
    '<div markdown="1">',
    "javascript:",
    "JaVaScRiPt:",
    "data:text/html,",
    "vbscript:",
    " java\tscript:",
    "[x](",
    "[x](#",
    ")",
    "![i](x.png)",
    '{: onclick="window.__hostile=1"}',
    "{#",
    "{",
    "}",
    "--8<-- ",
    '"replies/x.txt"',
    "```",
    "!!! note",
    "??? note",
    "\n",
    "\n\n",
    "    ",
    "*",
    "_",
    "`",
    "<",
    ">",
    "&",
    "&#",
    "&lt;",
    "&#60;script&#62;",
    '"',
    "'",
    "|",
    "- ",
    "1. ",
    "> ",
    "# ",
    ": ",
    "<https://example.org/a_b>",
    "<mailto:x@example.org>",
    "https://example.org",
    "\\",
]
hostile_text = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=4)), min_size=1, max_size=12
).map("".join)

ALLOWED_TAGS = safe.BLOCK_TAGS | safe.INLINE_TAGS
HREF_OK = re.compile(r"^(https?:|mailto:|tel:|#)", re.I)


def _site_markdown() -> markdown.Markdown:
    """A Python-Markdown with the extensions and options mkdocs.yml gives the site."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_IgnoreTags)  # noqa: S506 - a safe loader
    names, options = [], {}
    for entry in config["markdown_extensions"]:
        if isinstance(entry, dict):
            (name, value), *_ = entry.items()
            names.append(name)
            options[name] = value or {}
        else:
            names.append(entry)
    options.setdefault("pymdownx.snippets", {})["base_path"] = [str(ROOT / "docs")]
    return markdown.Markdown(extensions=names, extension_configs=options)


class _IgnoreTags(yaml.SafeLoader):
    pass


_IgnoreTags.add_multi_constructor("!", lambda *_: None)


class _Audit(HTMLParser):
    """Every tag, attribute and URL in a fragment of page content."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        for name, value in attrs:
            value = value or ""
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}>")
            if name in {"href", "src"} and not HREF_OK.match(value) and "/" in value[:1]:
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in {"href", "src"} and re.match(r"\s*[a-z][a-z0-9+.-]*:", value, re.I):
                if not HREF_OK.match(value.strip()):
                    self.problems.append(f"<{tag} {name}={value!r}>")
        if tag in {"script", "iframe", "object", "embed", "img", "svg", "style", "base"}:
            self.problems.append(f"<{tag}>")


def audit(fragment: str) -> _Audit:
    parser = _Audit()
    parser.feed(fragment)
    parser.close()
    return parser


# --- the boundary's own functions ------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_policy_markdown_comes_out_as_one_line_of_allowed_html(value):
    for rendered in (safe.markdown_block(value), safe.markdown_inline(value)):
        assert "\n" not in rendered and "\r" not in rendered
        found = audit(str(rendered))
        assert found.problems == []
        assert found.tags <= ALLOWED_TAGS | {"div"}


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_inline_text_shows_as_written_and_means_nothing_to_markdown(value):
    out = str(safe.inline(value))
    assert html.unescape(out) == " ".join(re.split(r"\r\n|\r|\n", value))
    bare = re.sub(r"&#\d+;", "", out)
    assert not re.search(r"[&<>\"`*_{}\[\]()#+!|~^\\\n]", bare)


@settings(max_examples=300, deadline=None)
@given(hostile_text)
def test_text_in_our_elements_shows_as_written_on_one_line(value):
    out = str(safe.text(value))
    assert "\n" not in out and "\r" not in out
    assert html.unescape(out) == re.sub(r"\r\n|\r", "\n", value)


# --- every text field of a policy, through the real pages ----------------------------------

# Fields that are ids, choices, dates, numbers or addresses: the model checks their shape.
NOT_FREE_TEXT = {
    "id",
    "slug",
    "kind",
    "how",
    "audience",
    "per",
    "plan_for",
    "adopted",
    "review_due",
    "start",
    "end",
    "timezone",
    "bank_holidays",
    "email",
    "web",
    "url",
    "reply",
    "address",
    "action",
    "last_reviewed",
    "review_every",
}


def policy_data() -> dict[str, Any]:
    data = yaml.safe_load((FIXTURES / "policies" / "riverside-young-carers.yaml").read_text())
    data["organisation"]["slug"] = "riverside"
    data["organisation"]["part_of"] = "x"
    data["policy"]["adopted"] = "2025-09-01"
    data["policy"]["review_due"] = "2027-09"
    data["policy"]["version"] = "x"
    data["organisation"].update(profile_picture="x", profile_text="x")
    data["sections"][0]["blocks"].append({"numbered": ["x", {"text": "y", "numbered": ["z"]}]})
    data["house_rules"] = {
        "intro": "x",
        "we_ask": ["x"],
        "we_will": [{"action": "hide", "text": "x"}, "y"],
        "monitoring": ["x"],
        "response_times": ["x"],
        "we_will_not_remove": ["x"],
    }
    data["content_types"].append(
        {"id": "tip-extra", "name": "x", "guidance": "y", "guidance_by_channel": {"instagram": "z"}}
    )
    data["sections"][0].update(situations=["complaint"], keywords=["x", "y"])
    data["sections"][0]["blocks"].append({"checklist": ["x", "y"]})
    data["replies"][0]["situations"] = ["complaint"]
    data["contacts"]["notes"] = ["x"]
    data["roles"] = [{"name": "x", "responsibilities": ["x", "y"], "situations": ["complaint"]}]
    data["channels"]["instagram"]["description"] = ["x"]
    data["sections"][0]["blocks"] += [{"note": "x"}, {"quote": {"text": "x", "source": "y"}}]
    data["sections"][0]["blocks"].append({"reply": "out-of-hours"})
    data["replies"][0].update(first="x", notes=["x"], title="x")
    data["follow"] = {
        "intro": "x",
        "cautions": ["x"],
        "kinds": [{"id": "k", "name": "x", "accounts": [{"name": "x", "why": "y"}]}],
    }
    return data


def fill(data: Any, strings: list[str], key: str = "") -> Any:
    """`data` with each free-text string replaced by the next of `strings` (cycling)."""
    if isinstance(data, dict):
        return {k: fill(v, strings, k) for k, v in data.items()}
    if isinstance(data, list):
        if key in {"days", "channels", "platforms", "awareness_themes", "situations"}:
            return data
        return [fill(v, strings, key) for v in data]
    if isinstance(data, str) and key not in NOT_FREE_TEXT:
        value = strings.pop(0)
        strings.append(value)
        return value[:60] if key == "keywords" else value  # a keyword is at most 60 characters
    return data


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(hostile_text.filter(lambda s: s.strip()), min_size=5, max_size=20))
def test_no_text_field_can_put_anything_executable_on_a_page(strings):
    policy = Policy.model_validate(fill(policy_data(), list(strings)))
    context = RenderContext(today=dt.date(2026, 11, 22), registry=pages.Registry())
    sources = [
        policy_page.policy_page(policy, context),
        home_page.home_page([policy], context),
        replies_pages.organisation_page(policy),
        replies_pages.site_page([policy]),
        follow_pages.organisation_page(policy),
        follow_pages.site_page([policy]),
        what_to_do_pages.organisation_page(policy, context),
        what_to_do_pages.site_page([policy]),
        card_page.card_page(policy, context),
        topics_page.topics_page([policy]),
    ]
    converter = _site_markdown()
    for source in sources:
        converter.reset()
        body = source.split("\n---\n", 1)[-1] if source.startswith("---\n") else source
        document = converter.convert(body)
        found = audit(document)
        assert found.problems == [], (found.problems, source)
        assert "__hostile" not in " ".join(
            re.findall(r"<script\b[^>]*>(.*?)</script>", document, re.S)
        )
