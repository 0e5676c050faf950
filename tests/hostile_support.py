"""Finding anything executable in built pages: the hostile-input tests' static half.

Each finding names the page and what would run. Chromium then checks the same pages for real.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

from conftest import Build, copy_project, run_build

HOSTILE = Path(__file__).parent / "hostile"

MARKER = "__hostile"
SCHEMES = re.compile(r"^\s*(javascript|data|vbscript)\s*:", re.I)
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "srcdoc", "data"}
# Elements no policy text may create (the theme's own pages carry none of them).
FORBIDDEN = {"iframe", "object", "embed", "frame", "base"}


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") and MARKER in value:
                self.findings.append(f"<{tag} {name}={value!r}>")
            if name in URL_ATTRIBUTES and SCHEMES.match(value):
                self.findings.append(f"<{tag} {name}={value!r}>")
            if name == "srcdoc":
                self.findings.append(f"<{tag} srcdoc>")
        if tag in FORBIDDEN:
            self.findings.append(f"<{tag}>")
        if tag == "script":
            # A JSON data block (the plan on "This week") is never run, and policy text in it
            # is escaped so it cannot end the element: a payload that did would be seen here
            # as the executable <script> after it.
            self._in_script = dict(attrs).get("type") != "application/json"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and MARKER in data:
            self.findings.append(f"<script>{data.strip()[:60]}")


def executable_payloads(document: str) -> list[str]:
    """Anything in an HTML document that would run or load the marker payload."""
    finder = _Finder()
    finder.feed(document)
    finder.close()
    return finder.findings


def site_findings(site: Path) -> dict[str, list[str]]:
    found = {}
    for path in sorted(site.rglob("*.html")):
        findings = executable_payloads(path.read_text(encoding="utf-8"))
        if findings:
            found[path.relative_to(site).as_posix()] = findings
    return found


def build_hostile(folder: Path) -> Build:
    """The seed site plus `hostile/every-field.yaml` and a page including its reply's snippet."""
    project = copy_project(folder / "project")
    shutil.copy(HOSTILE / "every-field.yaml", project / "policies" / "evil.yaml")
    (project / "docs" / "included.md").write_text(
        # At the top level, and where the site's Markdown reads the included line again: in
        # an admonition and in a list item.
        "# Included reply\n\n"
        '--8<-- "replies/evil/evil-reply.txt"\n\n'
        '!!! note "In a note"\n    --8<-- "replies/evil/evil-reply.txt"\n\n'
        '- In a list:\n\n    --8<-- "replies/evil/evil-reply.txt"\n',
        encoding="utf-8",
    )
    build = run_build(project)
    assert build.result.returncode == 0, build.result.stderr
    return build
