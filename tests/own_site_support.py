"""Someone else's MkDocs site with the handbook in it: the bare site the README promises works,
built with a given Python (this checkout's, or a fresh environment holding the wheel), and
what to read back from it.
"""

from __future__ import annotations

import html.parser
import os
import subprocess
from collections import Counter
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
# The SENDIASS policy, as this repository writes it from ../shared/seeds/000_bca711c34124c954.txt.
SEED_POLICY = ROOT / "policies" / "sendiass-wokingham.yaml"
# Served from a folder, as a council's site often is; the browser tests serve it at this path.
SITE_URL = "https://council.example.org/handbook/"
SITE_PATH = "handbook"
# Only what MkDocs requires (a name), the theme, the address and the plugin.
BARE_CONFIG = f"""site_name: Council social media handbook
site_url: {SITE_URL}
theme:
  name: material
plugins:
  - handbook
"""
ASSETS = (
    "stylesheets/handbook.css",
    "stylesheets/print.css",
    "javascripts/copy-reply.js",
    "javascripts/this-week.js",
)
PACKAGE = ROOT / "plugins" / "policy_handbook"
ASSET_SOURCES = {
    "stylesheets/handbook.css": PACKAGE / "site" / "assets" / "handbook.css",
    "stylesheets/print.css": PACKAGE / "site" / "assets" / "print.css",
    "javascripts/copy-reply.js": PACKAGE / "site" / "assets" / "copy-reply.js",
    "javascripts/this-week.js": PACKAGE / "site" / "assets" / "this-week.js",
}
# 2026-11-22 00:00 UTC, as the other tests.
EPOCH = "1795305600"


def write_site(dest: Path, config: str = BARE_CONFIG) -> Path:
    """A site folder: mkdocs.yml, policies/ with the SENDIASS policy, an empty docs/."""
    (dest / "policies").mkdir(parents=True)
    (dest / "docs").mkdir()
    (dest / "policies" / SEED_POLICY.name).write_bytes(SEED_POLICY.read_bytes())
    (dest / "mkdocs.yml").write_text(config, encoding="utf-8")
    return dest


def clean_env() -> dict[str, str]:
    """The environment of someone who installed the plugin: nothing points at this checkout."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "SITE_URL")}
    env.update(SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1")
    return env


def build(project: Path, python: str, site: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of `project` into `site` (project/site unless given)."""
    site = site or project / "site"
    return subprocess.run(
        [python, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=project,
        env=clean_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


class _Reader(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []
        self.forms: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        if "id" in found:
            self.ids.add(found["id"])
        if tag == "a" and "href" in found:
            self.links.append(found["href"])
        if tag == "link" and found.get("rel") == "stylesheet":
            self.stylesheets.append(found["href"])
        if tag == "script" and "src" in found:
            self.scripts.append(found["src"])
        if tag == "form":
            self.forms.append(found)


def within(uri: str, href: str) -> str | None:
    """The link's address in the site (as "page/#id"), or None for a link elsewhere.

    Relative to the site's address, as 404.html's links are (it is served at any address).
    """
    url = urljoin(SITE_URL + uri, href)
    return url.removeprefix(SITE_URL) if url.startswith(SITE_URL) else None


def read(site: Path, uri: str) -> _Reader:
    reader = _Reader()
    reader.feed((site / uri).read_text(encoding="utf-8"))
    return reader


def asset_counts(site: Path, uri: str) -> Counter[str]:
    """How many times the page links each of the handbook's styles and scripts."""
    page = read(site, uri)
    found = Counter()
    for href in page.stylesheets + page.scripts:
        path = urlsplit(within(uri, href) or "").path
        if path in ASSETS:
            found[path] += 1
    return found


def broken_anchors(site: Path) -> list[str]:
    """Every link within the site to `page#id` where the page has no element with that id."""
    pages = {uri: read(site, uri) for uri in html_pages(site)}
    broken = []
    for uri, page in pages.items():
        for href in page.links:
            url = urlsplit(within(uri, href) or "")
            if not url.fragment:
                continue
            path = url.path
            target = path + "index.html" if path == "" or path.endswith("/") else path
            if target not in pages or unquote(url.fragment) not in pages[target].ids:
                broken.append(f"{uri}: {href}")
    return broken


def internal_fragment_links(site: Path) -> int:
    """How many links within the site name an id (so a check over them is not empty)."""
    count = 0
    for uri in html_pages(site):
        for href in read(site, uri).links:
            count += bool(urlsplit(within(uri, href) or "").fragment)
    return count


def check_whole_handbook(site: Path) -> None:
    """What a bare site must get, whichever way the plugin was installed."""
    pages = html_pages(site)
    assert "sendiass-wokingham/index.html" in pages and "search/index.html" in pages
    for uri, source in ASSET_SOURCES.items():
        assert (site / uri).read_bytes() == source.read_bytes(), uri
    for uri in pages:
        assert asset_counts(site, uri) == dict.fromkeys(ASSETS, 1), uri
        forms = [f for f in read(site, uri).forms if f.get("role") == "search"]
        if uri != "search/index.html":  # the search page has its own box
            assert forms, f"{uri}: no search form"
    # The 39 links that once pointed at ids a bare site's pages lacked, and every other.
    assert internal_fragment_links(site) > 39
    assert broken_anchors(site) == []
