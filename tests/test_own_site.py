"""The plugin in someone else's MkDocs site: `plugins: [handbook]` and policies/ are enough.

A site whose mkdocs.yml names only the theme, its address and the plugin gets the handbook's
styles and scripts (once, whatever the site lists), the header's search, and headings with the
ids every cross-link needs; the site's own theme overrides still win. Built with this
checkout's code; tests/test_wheel.py does the same with the wheel in a fresh environment.
"""

from __future__ import annotations

import sys
from pathlib import Path

import own_site_support as own

PACKAGE = Path(__file__).resolve().parent.parent / "plugins" / "policy_handbook"
ASSET_SOURCES = {
    "stylesheets/handbook.css": PACKAGE / "site" / "assets" / "handbook.css",
    "stylesheets/print.css": PACKAGE / "site" / "assets" / "print.css",
    "javascripts/copy-reply.js": PACKAGE / "site" / "assets" / "copy-reply.js",
    "javascripts/this-week.js": PACKAGE / "site" / "assets" / "this-week.js",
}


def built(project: Path) -> Path:
    result = own.build(project, sys.executable)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def check_whole_handbook(site: Path) -> None:
    """What a bare site must get; shared with tests/test_wheel.py."""
    pages = own.html_pages(site)
    assert "sendiass-wokingham/index.html" in pages and "search/index.html" in pages
    for uri, source in ASSET_SOURCES.items():
        assert (site / uri).read_bytes() == source.read_bytes(), uri
    for uri in pages:
        assert own.asset_counts(site, uri) == dict.fromkeys(own.ASSETS, 1), uri
        forms = [f for f in own.read(site, uri).forms if f.get("role") == "search"]
        if uri != "search/index.html":  # the search page has its own box
            assert forms, f"{uri}: no search form"
    # The 39 links that once pointed at ids a bare site's pages lacked, and every other.
    assert own.internal_fragment_links(site) > 39
    assert own.broken_anchors(site) == []


def test_a_bare_site_gets_the_whole_handbook(tmp_path):
    site = built(own.write_site(tmp_path / "council"))
    check_whole_handbook(site)
    card = (site / "sendiass-wokingham" / "card" / "index.html").read_text(encoding="utf-8")
    assert 'class="handbook-card-intro"' in card  # attr_list, turned on by the plugin
    calendar = (site / "sendiass-wokingham" / "calendar" / "index.html").read_text("utf-8")
    assert '<details class="info">' in calendar  # pymdownx.details, turned on by the plugin


def test_assets_are_added_once_when_the_site_lists_them_too(tmp_path):
    """A site that followed the old README (listing our files, copying them into docs/, and
    turning on the extensions itself) gets each file once, ours, and builds strictly."""
    config = own.BARE_CONFIG + (
        "extra_css:\n  - stylesheets/handbook.css\n  - stylesheets/site.css\n"
        "extra_javascript:\n  - path: javascripts/this-week.js\n    defer: true\n"
        "  - javascripts/copy-reply.js\n"
        "markdown_extensions:\n  - attr_list\n  - admonition\n  - pymdownx.details\n"
        "  - toc:\n      permalink: true\n"
    )
    project = own.write_site(tmp_path / "council", config)
    (project / "docs" / "stylesheets").mkdir()
    (project / "docs" / "stylesheets" / "handbook.css").write_text("/* an old copy */\n")
    (project / "docs" / "stylesheets" / "site.css").write_text("/* the site's own */\n")
    site = built(project)
    check_whole_handbook(site)
    page = own.read(site, "index.html")
    assert any(href.endswith("stylesheets/site.css") for href in page.stylesheets)


def test_the_sites_own_theme_overrides_still_win(tmp_path):
    config = own.BARE_CONFIG.replace("  name: material\n", "  name: material\n  custom_dir: ours\n")
    project = own.write_site(tmp_path / "council", config)
    (project / "ours" / "partials").mkdir(parents=True)
    (project / "ours" / "partials" / "footer.html").write_text(
        '<footer class="council-footer">Council footer</footer>\n'
    )
    (project / "ours" / "partials" / "header.html").write_text(
        '<header class="council-header">Council header</header>\n'
    )
    site = built(project)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "Council footer" in home and "Council header" in home
    assert "handbook-header-search" not in home  # the site replaced the header on purpose
    # The plugin's other templates still apply: the printed pages' source line.
    assert 'class="handbook-print-source"' in home
