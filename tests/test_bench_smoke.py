"""A quick run of the benchmark (N = 2, one run of each) so bench/ cannot rot.

The benchmark itself is not a test: this only checks it runs end to end and reports sane
figures, not how fast anything is.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import synthetic  # noqa: E402


def test_synthetic_organisations_are_valid_and_repeatable(tmp_path):

    assert synthetic.policy_texts(3, seed=7) == synthetic.policy_texts(3, seed=7)
    assert synthetic.policy_texts(3, seed=7) != synthetic.policy_texts(3, seed=8)
    # Organisation i depends only on (seed, i): a smaller set is a prefix of a larger one.
    assert set(synthetic.policy_texts(2)) <= set(synthetic.policy_texts(4))
    project = synthetic.write_project(tmp_path / "project", 4, seed=3)
    checked = synthetic.check(project, weeks=16)
    assert checked["organisations"] == 4
    assert checked["slots"] > 0


def test_the_benchmark_runs_and_reports_every_phase(tmp_path):
    out = tmp_path / "results.json"
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--quick", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(out.read_text(encoding="utf-8"))
    entry = figures["sizes"]["2"]
    for side in ("ours", "baseline"):
        assert entry[side]["wall_s"]["median"] > 0
        assert entry[side]["maxrss_mb"]["median"] > 10
        assert entry[side]["pages"] >= 5
    phases = entry["ours"]["phases_s"]
    for phase in ("load", "pages", "replies_follow", "calendar", "mkdocs"):
        assert phases[phase]["median"] > 0, phase
    # The baseline builds the same pages as ours.
    assert entry["baseline"]["pages"] == entry["ours"]["pages"]
    assert entry["ratio"] > 0
    serve = figures["serve"]["2"]
    assert serve["seen_s"]["median"] > 0
    calendar = figures["calendar"]["2"]
    assert calendar["events"] > 0 and calendar["floor_s"]["median"] > 0
    assert "ratio ours / baseline" in result.stdout


def test_the_suggested_direct_ical_writer_matches_icalendar_byte_for_byte(tmp_path):
    """bench/fastical.py backs a suggestion in BENCHMARKS.md; keep it honest."""
    import datetime as dt
    import random

    import fastical
    from icalendar.parser.string import _foldline
    from policy_handbook import planning

    rng = random.Random(5)
    for _ in range(2000):
        line = "".join(rng.choice("ab\\^ ,;é😀") for _ in range(rng.randint(1, 300)))
        assert fastical._fold(line) == _foldline(line)
    project = synthetic.write_project(tmp_path / "project", 3, seed=1)
    from policy_handbook.policy.loader import load_policies

    site = load_policies(project / "policies")
    first = dt.date(2026, 11, 16)
    plans = [
        planning.plan(loaded.policy, first, first + dt.timedelta(weeks=4))
        for loaded in site.policies
    ]
    stamp = dt.datetime(2026, 11, 22, tzinfo=dt.UTC)
    events, identical, _, _ = fastical.compare(plans, stamp)
    assert events > 0 and identical == events
