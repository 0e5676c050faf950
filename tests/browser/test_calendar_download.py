"""Each organisation's calendar page offers its .ics, served as text/calendar.

Checked through both ways the Makefile serves the site, with a real click in Chromium:
`make serve` (scripts/serve.py running `mkdocs serve`, what the README tells people to run) and
`make preview` (scripts/serve.py --static over a built site/). The click must download a
calendar (BEGIN:VCALENDAR) whose response says `Content-Type: text/calendar`.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, build_env

SEEDS = ["sendiass-wokingham", "bwdpip"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def make_serve_url(tmp_path_factory) -> str:
    """`make serve`'s server: scripts/serve.py running `mkdocs serve` on a free port."""
    port = free_port()
    log = tmp_path_factory.mktemp("mkdocs-serve") / "serve.log"
    with log.open("w") as out:
        server = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "scripts" / "serve.py"),
                "-a",
                f"127.0.0.1:{port}",
                "--no-livereload",
            ],
            cwd=ROOT,
            env=build_env(),
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, f"mkdocs serve exited:\n{log.read_text()}"
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, f"mkdocs serve did not start:\n{log.read_text()}"
            time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def ics_links(page, base: str) -> dict[str, int]:
    """Our own .ics links on the page (not webcal: subscribe links): href -> index among a[href]."""
    hrefs = page.locator("a[href]").evaluate_all("ls => ls.map(l => l.href)")
    found: dict[str, int] = {}
    for index, href in enumerate(hrefs):
        if href.startswith(base) and href.split("#")[0].endswith(".ics"):
            found.setdefault(href, index)
    return found


def test_every_seed_has_a_calendar_page_with_an_ics_link(built_site: Path):
    for slug in SEEDS:
        page = built_site / slug / "calendar" / "index.html"
        assert page.exists(), f"no calendar page at /{slug}/calendar/"
        assert ".ics" in page.read_text(encoding="utf-8"), f"/{slug}/calendar/ links no .ics"


@pytest.mark.parametrize("way", ["make serve", "make preview"])
@pytest.mark.parametrize("slug", SEEDS)
def test_download_link_returns_text_calendar(request, browser, base_url, way, slug):
    base = request.getfixturevalue("make_serve_url") if way == "make serve" else base_url
    context = browser.new_context(base_url=base, accept_downloads=True)
    try:
        page = context.new_page()
        page.goto(f"{slug}/calendar/", wait_until="load")
        links = ics_links(page, base)
        assert links, f"{way}: /{slug}/calendar/ has no .ics link on this site"
        for href, index in links.items():
            link = page.locator("a[href]").nth(index)
            with page.expect_response(lambda r, h=href: r.url == h) as response_info:
                with page.expect_download() as download_info:
                    link.click()
            response = response_info.value
            assert response.status == 200, f"{way}: {href}: HTTP {response.status}"
            content_type = response.headers.get("content-type", "")
            assert content_type.split(";")[0].strip() == "text/calendar", (
                f"{way}: {href} served as {content_type!r}"
            )
            body = Path(download_info.value.path()).read_bytes()
            assert body.startswith(b"BEGIN:VCALENDAR\r\n"), f"{way}: {href}: {body[:40]!r}"
    finally:
        context.close()


def test_serve_script_types_ics_without_the_systems_mime_types():
    """scripts/serve.py must not depend on /etc/mime.types listing .ics (slim images do not)."""
    code = (
        "import mimetypes, runpy\n"
        # Only Python's built-in table, as on a machine without /etc/mime.types.
        "mimetypes.knownfiles = []\n"
        "mimetypes.init()\n"
        "before = mimetypes.guess_type('feed.ics')[0]\n"
        "serve = runpy.run_path('scripts/serve.py')\n"
        "serve['register_types']()\n"
        "print(before, mimetypes.guess_type('feed.ics')[0])\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    # Python alone does not know .ics; the script does.
    assert result.stdout.split() == ["None", "text/calendar"]
