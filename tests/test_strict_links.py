"""`mkdocs build --strict` stops on a broken internal link, a broken anchor or an unlisted page.

mkdocs.yml sets every `validation:` check to `warn` and `strict: true`; these tests prove the
setting bites by adding one mistake to a copy of the project and expecting the build to fail
and name it. The unchanged copy must build cleanly, so a failure is the mistake's alone.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def copy_of_project(dest: Path) -> Path:
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("docs", "policies", "calendar"):
        if (ROOT / folder).exists():
            shutil.copytree(ROOT / folder, dest / folder)
    return dest


def build(project: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SOURCE_DATE_EPOCH="1795305600", NO_MKDOCS_2_WARNING="1")
    env.pop("SITE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "out")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_unchanged_project_builds_strictly(tmp_path):
    result = build(copy_of_project(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("name", "page", "expected"),
    [
        (
            "broken internal link",
            ("broken.md", "# Broken\n\nSee [the missing page](no-such-page.md).\n"),
            "no-such-page.md",
        ),
        (
            "broken anchor on another page",
            ("broken.md", "# Broken\n\nSee [a rule](target.md#no-such-heading).\n"),
            "no-such-heading",
        ),
        (
            "broken anchor on the same page",
            ("broken.md", "# Broken\n\nSee [below](#nowhere-on-this-page).\n"),
            "nowhere-on-this-page",
        ),
        (
            "page left out of the navigation",
            ("unlisted/orphan.md", "# Orphan\n\nNo page links here.\n"),
            "unlisted/orphan.md",
        ),
    ],
)
def test_strict_build_fails_on(tmp_path, name, page, expected):
    project = copy_of_project(tmp_path)
    path, text = page
    # A page that exists, with a heading, for links to point into.
    (project / "docs" / "target.md").write_text("# Target\n\n## A heading\n", encoding="utf-8")
    (project / "docs" / path).parent.mkdir(parents=True, exist_ok=True)
    (project / "docs" / path).write_text(text, encoding="utf-8")
    result = build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{name}: the strict build passed:\n{output}"
    assert "WARNING" in output and expected in output, f"{name}: not reported:\n{output}"
    assert "Traceback" not in output
