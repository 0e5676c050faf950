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
import pytest


def built(project: Path) -> Path:
    result = own.build(project, sys.executable)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def test_a_bare_site_gets_the_whole_handbook(tmp_path):
    site = built(own.write_site(tmp_path / "council"))
    own.check_whole_handbook(site)
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
    own.check_whole_handbook(site)
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


@pytest.mark.parametrize("plugin", ["search", "tags", "blog", "offline"])
def test_beside_materials_plugins_the_handbook_is_whole(tmp_path, plugin):
    """The plugins the README says the handbook has been tried beside, each with it."""
    config = own.BARE_CONFIG.replace("  - handbook\n", f"  - {plugin}\n  - handbook\n")
    if plugin == "offline":
        config += "use_directory_urls: false\n"
    project = own.write_site(tmp_path / "council", config)
    if plugin == "blog":
        (project / "docs" / "blog" / "posts").mkdir(parents=True)
        (project / "docs" / "blog" / "index.md").write_text("# Blog\n")
        (project / "docs" / "blog" / "posts" / "hello.md").write_text(
            "---\ndate: 2026-11-20\n---\n\n# New replies for the helpline\n\nThe words.\n"
        )
    if plugin == "tags":
        (project / "docs" / "about.md").write_text("---\ntags: [handbook]\n---\n\n# About\n")
    site = built(project)
    own.check_whole_handbook(site)
    home = "index.html"
    if plugin == "search":
        # Material's index is written, but the header is the handbook's: no second search box.
        assert (site / "search" / "search_index.json").is_file()
        assert 'class="md-search"' not in (site / home).read_text(encoding="utf-8")
    if plugin == "blog":
        assert "New replies for the helpline" in (site / "blog" / "index.html").read_text("utf-8")
    if plugin == "tags":
        assert 'class="md-tag' in (site / "about" / "index.html").read_text(encoding="utf-8")
    if plugin == "offline":  # with the plain .html addresses it asks for
        assert (site / "sendiass-wokingham" / "replies.html").is_file()
