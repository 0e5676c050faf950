"""Browser fixtures: build the site once, serve it on 127.0.0.1, drive Debian's Chromium.

Playwright's own browser download is never used (`playwright install` fails on this network):
Chromium comes from the system package (`apt-get install chromium`), see
../shared/notes/browser-tests.md. If it is missing the tests fail with a message saying how to
install it; they are never skipped, so CI cannot go green without having run them.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("HANDBOOK_CHROMIUM", "/usr/bin/chromium"))
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# 2026-11-22 00:00 UTC: the same fixed "today" as the other tests, so pages are reproducible.
EPOCH = "1795305600"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Anything not served by our own server: there is no internet, and a page must not need it.
OFFSITE = re.compile(r"^(?!https?://127\.0\.0\.1[:/])(https?|wss?)://")


def load_serve_module():
    spec = importlib.util.spec_from_file_location("handbook_serve", ROOT / "scripts" / "serve.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1")
    env.pop("SITE_URL", None)
    return env


def mkdocs_build(dest: Path, config: Path = ROOT / "mkdocs.yml") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(dest)],
        cwd=config.parent,
        env=build_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once per session (strict) into a temporary folder."""
    dest = tmp_path_factory.mktemp("browser-site") / "site"
    result = mkdocs_build(dest)
    assert result.returncode == 0, f"mkdocs build failed:\n{result.stdout}\n{result.stderr}"
    return dest


@pytest.fixture(scope="session")
def html_pages(built_site) -> list[str]:
    """Every generated HTML page as a URL path relative to the site root."""
    pages = sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html"))
    assert "index.html" in pages and "404.html" in pages
    return pages


@contextlib.contextmanager
def served(folder: Path) -> Iterator[str]:
    """`folder` served by scripts/serve.py's static server (as `make preview` does), on a free
    port of 127.0.0.1, while the block runs: yields its address, ending in "/"."""
    server = load_serve_module().static_server(folder, 0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def base_url(built_site) -> Iterator[str]:
    """The built site, served."""
    with served(built_site) as address:
        yield address


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Install it with `apt-get install -y chromium` "
            "(`make test` does this), or point HANDBOOK_CHROMIUM at a Chromium binary. "
            "Never `playwright install`.",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture()
def context(browser, base_url):
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    context.route(OFFSITE, lambda route: route.abort())
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url.rstrip("/"))
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture()
def page(context):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not errors, f"JavaScript errors on the page: {errors}"
