"""The built site reads like guidance, not data (issue 13): no link or edit button leads to a
404, no list is run together into a paragraph, no id from the policy model shows as a word,
each page's title says whose it is, and a missing page says so and offers the ways on."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from conftest import page_text, run_build

LOCAL = re.compile(r"^(?![a-z][a-z0-9+.-]*:|//|#)", re.IGNORECASE)


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value and LOCAL.match(value):
                self.found.append(value)


def local_links(document: str) -> list[str]:
    parser = Links()
    parser.feed(document)
    return parser.found


def resolves(site: Path, page_url: str, link: str) -> bool:
    path = unquote(urlsplit(urljoin(page_url, link)).path)
    target = site / path.lstrip("/")
    return target.is_file() or (target / "index.html").is_file()


def test_no_internal_link_or_edit_button_leads_to_a_404(seed_build):
    site = seed_build.site
    broken = []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for built in pages:
        uri = built.relative_to(site).as_posix()
        # 404.html is served at any address, so its links start from the root (site_url's path).
        page_url = "/" if uri == "404.html" else "/" + uri
        for link in local_links(built.read_text(encoding="utf-8")):
            if not resolves(site, page_url, link):
                broken.append(f"{uri}: {link}")
    assert broken == []


def test_the_404_page_says_the_page_is_not_here_and_offers_home_search_and_each_organisation(
    seed_build,
):
    page = seed_build.page("404.html")
    text = page_text(page)
    assert "This page isn’t here" in text
    assert '<a href="/">Go to the home page</a>' in page
    assert re.search(r'<form [^>]*role="search"[^>]*action="/search/"', page)
    for slug, name in (("bwdpip", "BwDPiP"), ("sendiass-wokingham", "SENDIASS")):
        assert f'<a href="/{slug}/">{name}</a>' in page


def article(document: str) -> str:
    match = re.search(r"<article[^>]*>(.*?)</article>", document, re.S)
    return match.group(1) if match else document


def test_no_paragraph_holds_a_list_run_together(seed_build):
    collapsed = []
    for built in seed_build.site.rglob("*.html"):
        for paragraph in re.findall(
            r"<p\b[^>]*>(.*?)</p>", article(built.read_text("utf-8")), re.S
        ):
            words = html.unescape(re.sub(r"<[^>]+>", "", paragraph))
            # Two or more list-like items inside one paragraph: "Administrators - Remove … - Where"
            if re.search(r"(^|\s)[-*•]\s+\S.*\s[-*•]\s+\S", words):
                collapsed.append(f"{built.relative_to(seed_build.site)}: {words[:120]}")
    assert collapsed == []


@pytest.mark.parametrize("slug", ["bwdpip", "sendiass-wokingham"])
def test_roles_are_lists_of_responsibilities(seed_build, slug):
    roles = re.search(
        r'<div class="handbook-block handbook-roles">(.*?)</div>',
        seed_build.page(f"{slug}/index.html"),
    )
    assert roles, "no roles block"
    assert roles.group(1).count("<ul>") >= 2 and "<li>" in roles.group(1)


# Ids from the policy model that must never show as words on a page.
MODEL_IDS = re.compile(
    r"\b(facebook-page|facebook-group|direct-message|public-reply|pinned-post|"
    r"england-and-wales|england and wales|northern-ireland|"
    r"(mon|tue|wed|thu|fri|sat|sun)(, (mon|tue|wed|thu|fri|sat|sun))+)\b"
    r"|Kind: |Plain text \(\.txt\)"
)


def test_no_id_from_the_policy_model_shows_on_a_page(seed_build):
    shown = []
    for built in sorted(seed_build.site.rglob("*.html")):
        text = page_text(built.read_text(encoding="utf-8"))
        shown += [
            f"{built.relative_to(seed_build.site)}: {m.group(0)!r}"
            for m in MODEL_IDS.finditer(text)
        ]
    assert shown == []
    calendar = seed_build.text("sendiass-wokingham/calendar/index.html")
    assert "No posts are planned on bank holidays in England and Wales." in calendar


def test_every_organisation_page_is_titled_with_the_organisation_first(seed_build):
    site = seed_build.site
    for slug, name in (("bwdpip", "BwDPiP"), ("sendiass-wokingham", "SENDIASS")):
        for built in (site / slug).rglob("index.html"):
            document = built.read_text(encoding="utf-8")
            title = re.search(r"<title>(.*?)</title>", document).group(1)
            heading = html.unescape(
                re.sub(r"<[^>]+>", "", re.search(r"<h1[^>]*>(.*?)</h1>", document, re.S).group(1))
            )
            where = built.relative_to(site)
            assert title.startswith(f"{name}: "), (where, title)
            assert heading.startswith(f"{name}: "), (where, heading)


def test_the_home_page_lists_organisations_in_sentences(seed_build):
    text = seed_build.text("index.html")
    assert "BwDPiP : Blackburn with Darwen Parents In Partnership. A parent carer forum" in text
    assert "Review overdue by 2 years and 6 months (due April 2024)." in text
    assert "<table" not in article(seed_build.page("index.html"))


def test_no_accounts_named_is_said_once_per_page(seed_build):
    for built in seed_build.site.rglob("*.html"):
        text = page_text(built.read_text(encoding="utf-8"))
        assert text.count("named yet") <= 1, built


def test_with_a_repository_the_pencil_opens_the_organisations_yaml_there(project):
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8")
        + "\nrepo_url: https://github.com/example/handbook\nedit_uri: edit/main/docs/\n",
        encoding="utf-8",
    )
    build = run_build(project)
    assert build.result.returncode == 0, build.result.stderr

    def pencil(uri: str) -> str | None:
        found = re.search(
            r'<a href="([^"]+)" title="Edit this page" class="md-content__button', build.page(uri)
        )
        return found.group(1) if found else None

    yaml = "https://github.com/example/handbook/edit/main/policies/sendiass-wokingham.yaml"
    for uri in ("", "replies/", "follow/", "calendar/"):
        assert pencil(f"sendiass-wokingham/{uri}index.html") == yaml, uri
    # Pages made from no one file have none; a page in docs/ keeps MkDocs' own.
    assert pencil("index.html") is None and pencil("replies/index.html") is None
    assert pencil("accessibility/index.html") == (
        "https://github.com/example/handbook/edit/main/docs/accessibility.md"
    )
