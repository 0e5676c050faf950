"""What the handbook's pages need from the theme, carried in the package so any site gets it.

The pages' scripts and styles (`assets/`), at the addresses the pages link them from, and the
theme templates (`theme/`: the header's search form, the printed pages' footer, the 404 page,
the navigation's labelled landmarks) that the plugin puts before mkdocs-material's own.

No MkDocs import here: the plugin reads these names and adds them to the site's config.
"""

from __future__ import annotations

from pathlib import Path

from ..pages import GeneratedFile

HERE = Path(__file__).parent
ASSETS = HERE / "assets"
THEME = HERE / "theme"

# File in assets/ -> its address in the site. The addresses are the ones this repository's
# docs/ used to serve them from, so a site built before the move is the same site.
STYLESHEETS = {
    "handbook.css": "stylesheets/handbook.css",
    # Printing (every page) and the one-page quick-reference card.
    "print.css": "stylesheets/print.css",
}
SCRIPTS = {
    # Copy buttons on canned replies; copies the exact text in each button's data-copy.
    "copy-reply.js": "javascripts/copy-reply.js",
    # "This week" and the posting calendar: marks today from the reader's clock.
    "this-week.js": "javascripts/this-week.js",
}

# Markdown extensions the generated pages are written for: `attr_list` gives headings the ids
# that cross-links land on ({#complaint}) and the card its class; `admonition` and
# `pymdownx.details` make the warnings and the calendar's folded "how to subscribe" notes.
# MkDocs itself always loads `toc` (headings' ids) and `tables`.
MARKDOWN_EXTENSIONS = ("admonition", "attr_list", "pymdownx.details")


def files() -> list[GeneratedFile]:
    """The styles and scripts, at their addresses in the site."""
    return [
        GeneratedFile(uri, (ASSETS / name).read_bytes())
        for name, uri in {**STYLESHEETS, **SCRIPTS}.items()
    ]
