"""`python -m policy_handbook check`: a policy author checks policies without building the site.

(`plan` is tested with the scheduler, in test_schedule.py.)
"""

from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import ROOT, build_env


def run_cli(*args: str, cwd=ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policy_handbook", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=build_env(),
        timeout=120,
    )


def test_check_passes_the_seed_policies():
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "2 policies are fine: policies/bwdpip.yaml, policies/sendiass-wokingham.yaml"
    )


def test_check_reports_a_bad_policy_and_an_impossible_target_with_their_lines(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "policies", project / "policies")
    shutil.copytree(ROOT / "calendar", project / "calendar")
    policy = project / "policies" / "bwdpip.yaml"
    lines = policy.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if "posts: 49" in line)
    lines[number] = lines[number].replace("posts: 49", "posts: 300")
    policy.write_text("".join(lines), encoding="utf-8")

    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    target_line = max(i for i, line in enumerate(lines[:number]) if "target:" in line) + 1
    assert result.stderr.startswith("1 problem:\n")
    assert f"\n  policies/bwdpip.yaml:{target_line}:5 channels.twitter.target: " in result.stderr
    assert (
        "needs 300 posts" in result.stderr
        and "7 posting days × 13 posts a day = 91" in result.stderr
    )

    lines[number] = lines[number].replace("posts: 300", "posts: many")
    policy.write_text("".join(lines), encoding="utf-8")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert (
        'channels.twitter.target.minimum.posts: must be a whole number, got "many"' in result.stderr
    )
