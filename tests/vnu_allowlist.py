"""Nu HTML checker errors that come from mkdocs-material's own templates, and only those.

Every other error fails tests/test_html_valid.py. Each entry matches one exact message *and*
the markup it is reported on (the checker's `extract`), so the same kind of error in our own
templates or plugin output is still caught. An entry that no longer matches anything fails the
test too, so the list shrinks when Material (or an override) fixes one.

The README lists these entries; keep the two in step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Allowed:
    name: str
    message: re.Pattern[str]
    extract: re.Pattern[str]
    why: str
    # The Material feature the error comes with; the entry applies only while it is on.
    feature: str | None = None


ALLOWED: list[Allowed] = [
    Allowed(
        name="material-toggle-autocomplete",
        # base.html: <input class="md-toggle" data-md-toggle="drawer|search" type="checkbox"
        # autocomplete="off">. Material sets autocomplete="off" so Firefox does not restore the
        # drawer/search toggles' state on back navigation; HTML allows autocomplete only on
        # text-like inputs. Harmless: browsers ignore it, assistive technology never sees it.
        message=re.compile(
            r"^Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
            r"“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, "
            r"“search”, “tel”, “text”, “time”, “url”, or “week”\.$"
        ),
        extract=re.compile(r'<input class="md-toggle" data-md-toggle="(drawer|search)"'),
        why="mkdocs-material base.html: autocomplete=off on the drawer and search checkboxes",
    ),
    Allowed(
        name="material-toc-label-without-toggle",
        # partials/toc.html writes <label class="md-nav__title" for="__toc"> on every page with
        # a table of contents, but with `navigation.indexes` a section's index page gets no
        # __toc checkbox in the navigation (nav-item.html renders it only for ordinary pages),
        # so the label points at nothing. The label is only the mobile "Table of contents" title.
        message=re.compile(
            r"^The value of the “for” attribute of the “label” element must be the ID of a "
            r"non-hidden form control\.$"
        ),
        extract=re.compile(r'<label class="md-nav__title" for="__toc">'),
        why="mkdocs-material toc.html: label for=__toc on section index pages (navigation.indexes)",
        feature="navigation.indexes",
    ),
]


def active(features: set[str]) -> list[Allowed]:
    """The entries that apply to a site built with these Material `theme.features`."""
    return [entry for entry in ALLOWED if entry.feature is None or entry.feature in features]


def allowed_by(message: dict, features: set[str]) -> Allowed | None:
    """The entry that allows a checker message (from --format json), or None."""
    for entry in active(features):
        if entry.message.search(message.get("message", "")) and entry.extract.search(
            message.get("extract", "")
        ):
            return entry
    return None
