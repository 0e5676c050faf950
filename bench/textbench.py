"""Reply text handling on long and hostile input: X counting and thread splitting at 10 KB and
100 KB, for the working tree's policy/reply_text.py (replies.py before issue 20) and, with
--before REV, for that revision's.

    .venv/bin/python bench/textbench.py                  # this tree only
    .venv/bin/python bench/textbench.py --before 2f2d162 # and the quadratic version before it
    .venv/bin/python bench/textbench.py --cap 30 --runs 5 --out bench/results/textbench.json

Each figure is the best of --runs calls, timed in a fresh subprocess that is stopped after --cap
seconds (shown as "> cap"). Prints a Markdown table; see BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"10 KB": 10_000, "100 KB": 100_000}
# What a reply might hold, and what a hostile one might: each repeated to the size.
INPUTS = {
    "ordinary": (
        "Please email us at hello@example.org or see https://example.org/help for advice. "
        "We look forward to hearing from you soon! "
    ),
    '"a-" run': "a-",
    '"-a." run': "-a.",
    '"www." run': "www.",
    "domain-like": "ab-cd.ef-",
    '"Go. " run': "Go. ",  # the most sentences: the worst case for splitting
}
FUNCTIONS = {
    "x_length": "replies.x_length(text)",
    "split_thread (X, 280)": "replies.split_thread(text, 280, replies.x_length)",
}

# Runs in the child: load replies.py from the tree or from a git revision, time one call.
CHILD = """
import importlib.util, json, subprocess, sys, time
import policy_handbook
from policy_handbook.policy import model
from policy_handbook.text import platform_limits, x_count
revision, unit, size, call, runs = json.loads(sys.argv[1])
if revision:
    # Since issue 20 the module is policy/reply_text.py; before, it was replies.py at the top,
    # importing its neighbours as .model, .platform_limits and .x_count.
    for path, package in (
        ("plugins/policy_handbook/policy/reply_text.py", "policy_handbook.policy"),
        ("plugins/policy_handbook/replies.py", "policy_handbook"),
    ):
        found = subprocess.run(
            ["git", "show", f"{revision}:{path}"], capture_output=True, text=True, cwd=sys.argv[2]
        )
        if found.returncode == 0:
            source = found.stdout
            break
    else:
        sys.exit(f"{revision} has no replies module")
    if package == "policy_handbook":
        for name, module in (("model", model), ("platform_limits", platform_limits),
                             ("x_count", x_count)):
            sys.modules[f"policy_handbook.{name}"] = module
    spec = importlib.util.spec_from_loader(f"{package}._replies_before", loader=None)
    replies = importlib.util.module_from_spec(spec)
    replies.__package__ = package
    sys.modules[spec.name] = replies  # dataclasses look their module up
    exec(compile(source, f"{revision}:{path}", "exec"), replies.__dict__)
else:
    from policy_handbook.policy import reply_text as replies
text = (unit * (size // len(unit) + 1))[:size]
best = None
for _ in range(runs):
    start = time.perf_counter()
    eval(call)
    took = time.perf_counter() - start
    best = took if best is None else min(best, took)
print(best)
"""


def measure(revision: str | None, unit: str, size: int, call: str, runs: int, cap: float):
    """Best time in seconds, or None when the subprocess ran past `cap`."""
    arguments = json.dumps([revision, unit, size, call, runs])
    try:
        result = subprocess.run(
            [sys.executable, "-c", CHILD, arguments, str(ROOT)],
            capture_output=True,
            text=True,
            timeout=cap,
            check=True,
        )
    except subprocess.TimeoutExpired:
        return None
    except subprocess.CalledProcessError as error:
        raise SystemExit(f"timing {call} failed:\n{error.stderr}") from None
    return float(result.stdout)


def show(seconds: float | None, cap: float) -> str:
    if seconds is None:
        return f"> {cap:g} s"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", help="a git revision whose replies.py to time as well")
    parser.add_argument("--runs", type=int, default=3, help="calls per figure (best is kept)")
    parser.add_argument("--cap", type=float, default=60, help="seconds before giving up a figure")
    parser.add_argument("--out", type=Path, help="also write the figures here as JSON")
    args = parser.parse_args()

    versions = {"after": None} if not args.before else {"before": args.before, "after": None}
    figures = []
    header = ["input", "size", "function", *versions]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for name, unit in INPUTS.items():
        for size_name, size in SIZES.items():
            for function, call in FUNCTIONS.items():
                row = {"input": name, "size": size, "function": function}
                for version, revision in versions.items():
                    row[version] = measure(revision, unit, size, call, args.runs, args.cap)
                figures.append(row)
                cells = [name, size_name, f"`{function}`"]
                cells += [show(row[version], args.cap) for version in versions]
                print("| " + " | ".join(cells) + " |", flush=True)
    if args.out:
        machine = {
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "load": os.getloadavg(),
            "before": args.before,
            "runs": args.runs,
            "cap": args.cap,
        }
        args.out.write_text(json.dumps({"machine": machine, "figures": figures}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
