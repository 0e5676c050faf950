"""The Nu HTML checker (npm vnu-jar, pinned) finds no errors in the built site.

Except the mkdocs-material errors listed, each by exact message and markup, in
tests/vnu_allowlist.py. Every HTML file the build writes is checked, so pages from any plugin
are covered without listing them.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from vnu_allowlist import active, allowed_by

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


@pytest.fixture(scope="module")
def vnu_site(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("vnu-site") / "site"
    env = dict(os.environ, SOURCE_DATE_EPOCH="1795305600", NO_MKDOCS_2_WARNING="1")
    env.pop("SITE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return dest


@pytest.fixture(scope="module")
def vnu_messages(vnu_site) -> list[dict]:
    assert VNU.exists(), f"{VNU} missing: run `npm ci` (make test does)"
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            "--skip-non-html",
            str(vnu_site),
        ],
        capture_output=True,
        text=True,
        timeout=600,
    )
    # vnu exits 1 when it reports errors; the JSON on stderr says what they are.
    report = json.loads(result.stderr)
    pages = list(vnu_site.rglob("*.html"))
    assert pages
    return report["messages"]


@pytest.fixture(scope="module")
def features(vnu_site) -> set[str]:
    """Material's `theme.features` as built (the page's __config), for feature-bound entries."""
    page = (vnu_site / "index.html").read_text(encoding="utf-8")
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', page)
    assert config, "no Material __config in index.html"
    return set(json.loads(config.group(1))["features"])


def describe(message: dict) -> str:
    where = message.get("url", "").rsplit("/site/", 1)[-1]
    return (
        f"{where}:{message.get('lastLine', '?')}: {message.get('type')}: {message.get('message')}"
        f"\n    {message.get('extract', '').strip()[:160]!r}"
    )


def test_no_html_errors_except_materials_own(vnu_messages, features):
    errors = [m for m in vnu_messages if m.get("type") in ("error", "non-document-error")]
    unexplained = [m for m in errors if allowed_by(m, features) is None]
    assert not unexplained, "\n".join(describe(m) for m in unexplained)


def test_every_allowlist_entry_is_still_needed(vnu_messages, features):
    used = {entry.name for m in vnu_messages if (entry := allowed_by(m, features))}
    stale = [entry.name for entry in active(features) if entry.name not in used]
    assert not stale, f"these tests/vnu_allowlist.py entries match nothing now: {stale}"


def test_vnu_is_the_pinned_version():
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    installed = json.loads(
        (ROOT / "node_modules" / "vnu-jar" / "package.json").read_text(encoding="utf-8")
    )
    assert installed["version"] == lock["packages"]["node_modules/vnu-jar"]["version"]
