"""Shared fixtures: build the real site with MkDocs into a temporary folder and read it back."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import search_support

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# 2026-11-22 00:00 UTC: a fixed "today" so overdue wording and calendar horizons are reproducible.
EPOCH = 1795305600
MKDOCS = [sys.executable, "-m", "mkdocs"]


def build_env(epoch: int = EPOCH) -> dict[str, str]:
    env = dict(os.environ)
    env.update(SOURCE_DATE_EPOCH=str(epoch), NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    env.pop("SITE_URL", None)
    return env


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`python -m policy_handbook …` in `cwd`, as a policy author runs it."""
    return subprocess.run(
        [sys.executable, "-m", "policy_handbook", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=build_env(),
        timeout=120,
    )


def copy_project(dest: Path) -> Path:
    """A copy of everything a build reads, so tests can change policies without touching ours."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    for folder in ("docs", "policies", "calendar"):
        if (ROOT / folder).exists():
            shutil.copytree(ROOT / folder, dest / folder)
    return dest


@dataclass
class Build:
    project: Path
    site: Path
    result: subprocess.CompletedProcess[str]

    def page(self, uri: str) -> str:
        return (self.site / uri).read_text(encoding="utf-8")

    def text(self, uri: str) -> str:
        """The visible text of a page's article, whitespace collapsed."""
        return page_text(self.page(uri))

    def search_docs(self) -> list[dict]:
        """The search index's text by page and heading (see search_support.sections)."""
        return search_support.sections(self.site)


def page_text(document: str) -> str:
    match = re.search(r"<article[^>]*>(.*?)</article>", document, re.S)
    body = match.group(1) if match else document
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"<[^>]+>", " ", body)
    return re.sub(r"\s+", " ", html.unescape(body)).strip()


def run_build(project: Path, *args: str, epoch: int = EPOCH, site: Path | None = None) -> Build:
    site = site or project / "site"
    result = subprocess.run(
        [*MKDOCS, "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site), *args],
        capture_output=True,
        text=True,
        env=build_env(epoch),
        cwd=project,
        timeout=300,
    )
    return Build(project, site, result)


@pytest.fixture(scope="session", autouse=True)
def cache_key(tmp_path_factory: pytest.TempPathFactory):
    """The key that signs `.cache/` (see signing.py), the session's own rather than the one in
    the user's home; builds inherit it through build_env."""
    with pytest.MonkeyPatch.context() as patch:
        path = tmp_path_factory.mktemp("cache-key") / "cache-key"
        patch.setenv("POLICY_HANDBOOK_CACHE_KEY", str(path))
        yield path


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The handbook as the repository builds it, once per test session."""
    project = copy_project(tmp_path_factory.mktemp("seed-project"))
    build = run_build(project)
    assert build.result.returncode == 0, build.result.stderr
    return build


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the project that a test may change before building."""
    return copy_project(tmp_path / "project")


def handbook_options(project: Path, **changes):
    """Options for `Handbook.load` on a copied project, as its mkdocs.yml would give them."""
    from dataclasses import replace

    from policy_handbook.options import Options

    base = Options(
        policies_dir=project / "policies",
        calendar_dir=project / "calendar",
        docs_dir=project / "docs",
        site_url="http://127.0.0.1:8000/",
    )
    return replace(base, **changes)


@pytest.fixture(scope="session")
def installed_wheel(tmp_path_factory: pytest.TempPathFactory):
    """The wheel built from this checkout, installed (not editable) in a fresh environment."""
    import wheel_support

    work = tmp_path_factory.mktemp("wheel")
    return wheel_support.install(wheel_support.build_wheel(work), work / "venv")


@pytest.fixture(scope="session")
def wheel_site(tmp_path_factory: pytest.TempPathFactory, installed_wheel) -> Path:
    """A bare site (only the theme, its address and `plugins: [handbook]`, with the SENDIASS
    policy) built strictly by the installed wheel."""
    import own_site_support

    project = own_site_support.write_site(tmp_path_factory.mktemp("wheel-site") / "council")
    # In www/handbook/: served from www/, its pages are at the path site_url names.
    site = project / "www" / own_site_support.SITE_PATH
    result = own_site_support.build(project, str(installed_wheel.python), site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site
