"""`make serve` while a policy is broken: every request is answered, with the last good handbook
and the problem (file, line, fix) at the top of the page, until the next good save."""

from __future__ import annotations

import html
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, build_env, copy_project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 5.0) -> str:
    """The page at `url`; fails the test if the server does not answer within `timeout`."""
    with urllib.request.urlopen(url, timeout=timeout) as response:
        return response.read().decode("utf-8")


def wait_for(url: str, condition, seconds: float = 60.0) -> str:
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        try:
            last = fetch(url)
        except (urllib.error.URLError, OSError):  # not up yet, or mid-rebuild
            time.sleep(0.3)
            continue
        if condition(last):
            return last
        time.sleep(0.3)
    raise AssertionError(f"{url} never matched within {seconds} s; last answer:\n{last[:2000]}")


class Server:
    def __init__(self, project: Path, log: Path):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.log = log
        self.process = subprocess.Popen(
            [
                sys.executable,
                str(ROOT / "scripts" / "serve.py"),
                "--dev-addr",
                f"127.0.0.1:{self.port}",
                "--livereload",
            ],
            cwd=project,
            env=build_env(),
            stdout=subprocess.DEVNULL,
            stderr=open(log, "w", encoding="utf-8"),  # noqa: SIM115 - closed with the process
        )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def serving(tmp_path) -> Iterator[tuple[Server, Path]]:
    project = copy_project(tmp_path / "project")
    server = Server(project, tmp_path / "serve.log")
    try:
        yield server, project
    finally:
        server.stop()


def break_policy(policy: Path) -> tuple[str, int]:
    """Make one target's post count unreadable; return the good text and the line broken."""
    good = policy.read_text(encoding="utf-8")
    lines = good.splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if "posts: 49" in line)
    lines[number] = lines[number].replace("posts: 49", "posts: lots")
    policy.write_text("".join(lines), encoding="utf-8")
    return good, number + 1


def test_serve_keeps_answering_while_a_policy_is_broken_and_recovers(serving):
    server, project = serving
    page = server.url + "bwdpip/"
    wait_for(page, lambda text: "BwDPiP" in text, seconds=120)

    policy = project / "policies" / "bwdpip.yaml"
    good, line = break_policy(policy)
    where = f"policies/bwdpip.yaml:{line}:"
    shown = wait_for(page, lambda text: "handbook-build-error" in text)
    assert where in shown and "must be a whole number" in shown
    assert "could not be rebuilt" in shown
    assert "BwDPiP" in shown  # the last good handbook, still there underneath
    # Every page carries the banner, and each answers promptly (no request waits for a fix).
    for uri in ("", "sendiass-wokingham/", "accessibility/", "bwdpip/what-to-do/"):
        started = time.monotonic()
        assert "handbook-build-error" in fetch(server.url + uri)
        assert time.monotonic() - started < 5
    assert where in server.output() and "Traceback" not in server.output()

    policy.write_text(
        good.replace("  short_name: BwDPiP\n", "  short_name: BwDPiP-fixed\n"), "utf-8"
    )
    fixed = wait_for(page, lambda text: "BwDPiP-fixed" in text)
    assert "handbook-build-error" not in fixed


def test_serve_starts_with_a_broken_policy_and_shows_the_problem(tmp_path):
    project = copy_project(tmp_path / "project")
    _, line = break_policy(project / "policies" / "bwdpip.yaml")
    server = Server(project, tmp_path / "serve.log")
    try:
        home = wait_for(server.url, lambda text: "handbook-build-error" in text, seconds=120)
        assert f"policies/bwdpip.yaml:{line}:" in home
    finally:
        server.stop()


def test_serve_answers_with_the_banner_for_every_hostile_file_the_build_refuses(serving):
    """Each refused case of test_hostile.py, saved in turn while `serve` runs: every one is
    shown in the banner (file and line) and the server keeps answering, never hanging on a file
    that took the build down before (deep nesting, long runs of `[`, a feed too big)."""
    from test_hostile import REFUSED

    server, project = serving
    wait_for(server.url, lambda text: "BwDPiP" in text, seconds=120)
    written: Path | None = None
    for case in (case for case in REFUSED if case.config is None):
        if written is not None:
            written.unlink()
        written = project / "policies" / case.file
        written.write_bytes(case.make().encode("utf-8"))
        shown = wait_for(
            server.url,
            lambda text, case=case: re.search(case.where, html.unescape(text)) is not None,
            seconds=90,
        )
        assert "handbook-build-error" in shown, case.name
    assert "Traceback" not in server.output()
