"""What `mkdocs serve` shows while a policy is broken: the last good handbook, with the problem
at the top of every page and in the terminal, until the next good save.

No MkDocs import here.
"""

from __future__ import annotations

from markupsafe import escape

from ..handbook import HandbookError

_HEADLINE = "The handbook could not be rebuilt: a policy or calendar file has a problem"
_ADVICE = (
    "You are looking at the last version that built. Fix what is listed below and save the "
    "file: this page reloads by itself when the handbook builds again."
)


def terminal_message(error: HandbookError) -> str:
    """The same words as the page banner, for the terminal running `serve`."""
    return f"\n{_HEADLINE}.\n{error}\nStill serving the last good handbook.\n"


def banner(error: HandbookError) -> str:
    lines = "\n".join(str(escape(line)) for line in error.lines)
    return (
        '<div class="admonition danger handbook-build-error" role="alert">'
        f'<p class="admonition-title">{escape(_HEADLINE)}</p>'
        f"<p>{escape(_ADVICE)}</p>"
        f"<p>{escape(error.heading)}</p>"
        f'<pre class="handbook-build-error-list"><code>{lines}</code></pre></div>'
    )


def with_banner(page: str, error: HandbookError) -> str:
    """`page` with the banner first in its main content (or first in the body)."""
    for marker in ('<article class="md-content__inner md-typeset">', "<body"):
        start = page.find(marker)
        if start != -1:
            end = page.index(">", start) + 1
            return page[:end] + banner(error) + page[end:]
    return banner(error) + page
