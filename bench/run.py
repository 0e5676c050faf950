"""Benchmark the handbook: build time and memory by phase, against plain mkdocs-material,
`mkdocs serve` rebuilds, and scheduling + iCal against icalendar's floor.

    .venv/bin/python bench/run.py                      # N = 2, 50, 200; 5 runs (3 for N >= 200)
    .venv/bin/python bench/run.py --sizes 2,50 --runs 3
    .venv/bin/python bench/run.py --quick              # N = 2, one run of each: a smoke test

Every build runs in a fresh subprocess, in a fresh copy of a generated project (bench/synthetic.py,
seeded), with SOURCE_DATE_EPOCH and NO_MKDOCS_2_WARNING=1 set. Prints a summary and writes
every figure as JSON (--out). See BENCHMARKS.md for what each figure means.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import calbench  # noqa: E402
import synthetic  # noqa: E402

EPOCH = 1795305600  # 2026-11-22 00:00 UTC, as the tests use
PYTHON = sys.executable


def build_env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(SOURCE_DATE_EPOCH=str(EPOCH), NO_MKDOCS_2_WARNING="1", PYTHONHASHSEED="0")
    env.pop("SITE_URL", None)
    return env


# --- configs -------------------------------------------------------------------------------------


def _block_span(lines: list[str], key: str) -> tuple[int, int] | None:
    """Lines [start, end) of the top-level `key:` block of a YAML file."""
    for start, line in enumerate(lines):
        if line.startswith(f"{key}:"):
            end = start + 1
            while end < len(lines) and (not lines[end].strip() or lines[end][0] in " #"):
                end += 1
            return start, end
    return None


def ours_config() -> tuple[str, list[str]]:
    """The repository's mkdocs.yml, as the handbook is built."""
    return (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), []


def baseline_config(ours: str, nav: list) -> str:
    """Our config with only the search plugin, an explicit nav, and no watch list.

    What the handbook plugin adds to a site's config (its theme templates, styles, scripts and
    Markdown extensions) is written in, so the baseline renders the same pages the same way.
    """
    import yaml
    from policy_handbook.site import assets

    lines = ours.splitlines(keepends=True)
    for key in ("plugins", "watch", "nav"):
        span = _block_span(lines, key)
        if span:
            del lines[span[0] : span[1]]
    theme = _block_span(lines, "theme")
    lines.insert(theme[0] + 1, f"  custom_dir: {json.dumps(str(assets.THEME))}\n")
    extensions = _block_span(lines, "markdown_extensions")
    lines[extensions[0] + 1 : extensions[0] + 1] = [
        f"  - {name}\n" for name in assets.MARKDOWN_EXTENSIONS
    ]
    text = "".join(lines).rstrip("\n") + "\n\nplugins:\n  - search\n\n"
    text += yaml.safe_dump(
        {
            "extra_css": list(assets.STYLESHEETS.values()),
            "extra_javascript": list(assets.SCRIPTS.values()),
        }
    )
    # Our search page is out of the navigation, as the handbook plugin makes it (the baseline
    # builds it, but its searches need the Pagefind index our plugin writes).
    text += "not_in_nav: |\n  /search/index.md\n\n"
    return text + yaml.safe_dump({"nav": nav}, sort_keys=False, allow_unicode=True)


def grouped_nav(nav: list) -> list | None:
    """The nav with organisations nested under "Organisations" › first letter › organisation.

    With navigation.sections and navigation.prune, Material renders every top-level section's
    children on every page; nesting keeps each page's navigation about the same size whatever N.
    None when no organisation is at the top level (our nav already nests them since 1a13834):
    the baseline then has the nested nav itself and the what-if is not run.
    """
    is_org = [
        isinstance(item, dict)
        and isinstance(next(iter(item.values())), list)
        and "Policy" in next(iter(item.values()))[0]
        for item in nav
    ]
    groups: dict[str, list] = {}
    for item, org in zip(nav, is_org, strict=True):
        if org:
            groups.setdefault(next(iter(item))[0].upper(), []).append(item)
    if not any(is_org):
        return None
    first = is_org.index(True)
    rest = [item for item, org in zip(nav, is_org, strict=True) if not org]
    grouped = {"Organisations": [{letter: orgs} for letter, orgs in sorted(groups.items())]}
    return rest[:first] + [grouped] + rest[first:]


# --- one build -----------------------------------------------------------------------------------


def build_once(project: Path, *, dump: Path | None = None, timers: bool = True) -> dict:
    """Build `project` in a subprocess (bench/harness.py); wall time, peak RSS, phases."""
    site = Path(tempfile.mkdtemp(prefix="bench-site-"))
    command = [PYTHON, str(HERE / "harness.py"), str(project / "mkdocs.yml"), "--site", str(site)]
    if dump:
        command += ["--dump", str(dump)]
    if not timers:
        command.append("--no-timers")
    start = time.perf_counter()
    child = subprocess.Popen(
        command,
        cwd=project,
        env=build_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    stdout, stderr = child.communicate()
    wall = time.perf_counter() - start
    # communicate() reaped the child; its peak RSS is reported by the child itself as well
    # (RUSAGE_SELF at exit), which equals ru_maxrss from wait4 for a process without children.
    shutil.rmtree(site, ignore_errors=True)
    if child.returncode != 0:
        raise RuntimeError(f"build of {project} failed ({child.returncode}):\n{stderr[-4000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["wall_s"] = wall
    result["maxrss_mb"] = result["maxrss_kb_self"] / 1024
    result["workers_maxrss_mb"] = result.get("workers_maxrss_kb", 0) / 1024
    return result


def fresh_copy(project: Path) -> Path:
    dest = Path(tempfile.mkdtemp(prefix="bench-project-"))
    shutil.copytree(project, dest, dirs_exist_ok=True)
    return dest


def once(project: Path, **options) -> dict:
    copy = fresh_copy(project)
    try:
        return build_once(copy, **options)
    finally:
        shutil.rmtree(copy, ignore_errors=True)


def timed_builds(project: Path, runs: int, *, timers: bool = True) -> list[dict]:
    results = []
    for _ in range(runs):
        copy = fresh_copy(project)
        try:
            results.append(build_once(copy, timers=timers))
        finally:
            shutil.rmtree(copy, ignore_errors=True)
    return results


# --- mkdocs serve --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback
            return response.read().decode("utf-8")
    except OSError:
        return None


def serve_rebuilds(
    project: Path, reps: int, first_build_timeout: float = 900, *, focused: bool = False
) -> list[dict]:
    """Start `mkdocs serve`, change one policy's title `reps` times, time until the page shows it.

    Each figure is from writing the file to the first poll (every 50 ms) that sees the new
    title; `build_s` is what MkDocs logged for that rebuild ("Documentation built in …").
    """
    project = fresh_copy(project)
    policy = sorted((project / "policies").glob("*.yaml"))[0]
    slug = policy.stem
    port = free_port()
    log = project / "serve.log"
    with log.open("w") as log_file:
        server = subprocess.Popen(
            [PYTHON, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", "mkdocs.yml"],
            cwd=project,
            # focused: `make serve ORG=<slug>`, the edited organisation and site-wide pages only
            env={**build_env(), **({"HANDBOOK_ONLY": slug} if focused else {})},
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}/{slug}/"
    results = []
    try:
        deadline = time.monotonic() + first_build_timeout
        while not (fetch(url) or "").count("Social Media Policy"):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"mkdocs serve did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        original = policy.read_text(encoding="utf-8")
        for rep in range(1, reps + 1):
            time.sleep(1.0)  # let the watcher settle after the last build
            marker = f"Social Media Policy rev{rep}"
            built_before = log.read_text().count("Documentation built in")
            start = time.perf_counter()
            policy.write_text(
                original.replace("title: Social Media Policy", f"title: {marker}", 1),
                encoding="utf-8",
            )
            deadline = time.monotonic() + first_build_timeout
            while marker not in (fetch(url) or ""):
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(
                        f"the page never showed {marker}:\n{log.read_text()[-3000:]}"
                    )
                time.sleep(0.05)
            seen = time.perf_counter() - start
            time.sleep(0.2)
            logged = re.findall(r"Documentation built in ([\d.]+) seconds", log.read_text())
            build = float(logged[-1]) if len(logged) > built_before else None
            results.append({"seen_s": seen, "build_s": build})
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        shutil.rmtree(project, ignore_errors=True)
    return results


# --- figures -------------------------------------------------------------------------------------


def stats(values: list[float | None]) -> dict | None:
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "n": len(values),
    }


def summarise_builds(results: list[dict]) -> dict:
    summary = {
        "wall_s": stats([r["wall_s"] for r in results]),
        "startup_s": stats([r["startup_s"] for r in results]),
        "build_s": stats([r["build_s"] for r in results]),
        "maxrss_mb": stats([r["maxrss_mb"] for r in results]),
        "workers_maxrss_mb": stats([r.get("workers_maxrss_mb") for r in results]),
        "cpu_s": stats([r.get("cpu_s") for r in results]),
        "pages": results[0]["pages"],
        "phases_s": {
            key: stats([r["phases_s"][key] for r in results]) for key in results[0]["phases_s"]
        },
        "phases_cpu_s": {
            key: stats([r.get("phases_cpu_s", {}).get(key) for r in results])
            for key in results[0]["phases_s"]
        },
        "detail_s": {
            key: stats([r["detail_s"].get(key, 0.0) for r in results])
            for key in results[0]["detail_s"]
        },
    }
    return summary


def with_phases(summary: dict, timed: list[dict]) -> dict:
    """`summary` of untimed builds, with the phases and detail of `timed` builds."""
    if not timed:
        return summary
    phased = summarise_builds(timed)
    return summary | {key: phased[key] for key in ("phases_s", "phases_cpu_s", "detail_s")}


def size_entry(
    size: int,
    loadavg,
    ours: list,
    base: list,
    group: list,
    warm: list | None = None,
    timed: tuple[list, list] = ([], []),
) -> dict:
    entry = {
        "runs": len(ours),
        "loadavg_start": loadavg,
        # Cold: a fresh copy with no .cache/ (a first build, or CI). Warm: .cache/ filled by
        # an earlier build of the same inputs, as every later build and serve rebuild has.
        # Wall time, memory and sizes from untimed builds, as the baseline's are; the phases
        # from a build with timers (timers cost time and import every module they wrap).
        "ours": with_phases(summarise_builds(ours), timed[0]),
        "ours_warm": with_phases(summarise_builds(warm), timed[1]) if warm else None,
        "baseline": summarise_builds(base),
        "baseline_grouped_nav": summarise_builds(group) if group else None,
        "raw_ours": ours,
        "raw_ours_timed": timed[0],
        "raw_ours_warm_timed": timed[1],
        "raw_baseline": base,
        "raw_grouped": group,
    }
    entry["ratio"] = entry["ours"]["wall_s"]["median"] / entry["baseline"]["wall_s"]["median"]
    entry["build_ratio"] = (
        entry["ours"]["build_s"]["median"] / entry["baseline"]["build_s"]["median"]
    )
    if warm:
        entry["warm_ratio"] = (
            entry["ours_warm"]["wall_s"]["median"] / entry["baseline"]["wall_s"]["median"]
        )
    entry["per_org_s"] = entry["ours"]["wall_s"]["median"] / size
    entry["mkdocs_per_org_s"] = entry["ours"]["phases_s"]["mkdocs"]["median"] / size
    return entry


def machine() -> dict:
    info = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "loadavg_start": os.getloadavg(),
    }
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    from importlib.metadata import version

    for package in ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "icalendar"):
        info[package] = version(package)
    return info


def fmt(figure: dict | None, unit: str = "s") -> str:
    if not figure:
        return "–"
    return f"{figure['median']:.2f} {unit} ({figure['min']:.2f}–{figure['max']:.2f})"


def report(results: dict) -> str:
    out = []
    for size, entry in results["sizes"].items():
        ours, base = entry["ours"], entry["baseline"]
        out.append(f"\nN = {size}: {ours['pages']} pages, {entry['runs']} runs")
        out.append(f"  load average at start {entry['loadavg_start']}")
        out.append(f"  ours      wall {fmt(ours['wall_s'])}, peak {fmt(ours['maxrss_mb'], 'MB')}")
        out.append(f"  baseline  wall {fmt(base['wall_s'])}, peak {fmt(base['maxrss_mb'], 'MB')}")
        grouped = entry["baseline_grouped_nav"]
        if grouped:
            out.append(f"  baseline, nav grouped by letter: wall {fmt(grouped['wall_s'])}")
        out.append(f"  ratio ours / baseline (median wall): {entry['ratio']:.2f}")
        warm = entry.get("ours_warm")
        if warm:
            out.append(
                f"  ours warm (.cache/ filled) wall {fmt(warm['wall_s'])}, "
                f"ratio {entry['warm_ratio']:.2f}; phases: "
                + ", ".join(f"{k} {v['median']:.2f}" for k, v in warm["phases_s"].items())
            )
        phases = ", ".join(f"{k} {v['median']:.2f}" for k, v in ours["phases_s"].items())
        out.append(f"  phases (s, median): startup {ours['startup_s']['median']:.2f}, {phases}")
        out.append(
            f"  per organisation: ours {entry['per_org_s']:.3f} s, "
            f"mkdocs phase {entry['mkdocs_per_org_s']:.3f} s"
        )
    for size, reps in results.get("serve", {}).items():
        out.append(
            f"\nserve N = {size}: change to page {fmt(reps['seen_s'])}, "
            f"logged rebuild {fmt(reps['build_s'])}"
        )
        if reps.get("focused_seen_s"):
            out.append(
                f"  focused (ORG=<slug>): change to page {fmt(reps['focused_seen_s'])}, "
                f"logged rebuild {fmt(reps['focused_build_s'])}"
            )
    for size, cal in results.get("calendar", {}).items():
        out.append(
            f"\ncalendar N = {size} ({cal['events']} events, 52 weeks): plan {fmt(cal['plan_s'])}, "
            f"ical {fmt(cal['ical_s'])}, floor {fmt(cal['floor_s'])}; "
            f"ours/floor {cal['ratio']:.2f}, ical/floor {cal['ical_ratio']:.2f}; "
            f"events written directly {fmt(cal.get('direct_s'))}"
        )
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2,50,200", help="organisation counts, e.g. 2,50,200")
    parser.add_argument("--runs", type=int, default=5, help="timed runs per size")
    parser.add_argument("--big-runs", type=int, default=3, help="timed runs for N >= 200")
    parser.add_argument("--serve-sizes", default="2,200", help="sizes to time serve rebuilds for")
    parser.add_argument("--serve-reps", type=int, default=5)
    parser.add_argument("--big-serve-reps", type=int, default=2, help="serve rebuilds, N >= 200")
    parser.add_argument("--cal-runs", type=int, default=3, help="calendar runs (1 for N >= 200)")
    parser.add_argument(
        "--no-calendar", default="", help="sizes to skip the calendar comparison for, e.g. 200"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="N = 2, one run each (smoke test)")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "latest.json")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.runs, args.serve_sizes, args.serve_reps = "2", 1, "2", 1
        args.cal_runs = 1
    sizes = [int(s) for s in args.sizes.split(",") if s]
    serve_sizes = [int(s) for s in args.serve_sizes.split(",") if s]
    args.no_calendar = [int(s) for s in args.no_calendar.split(",") if s]

    # Python writes our package's bytecode on its first import, as pip does for installed
    # packages; an environment with PYTHONDONTWRITEBYTECODE set (this machine's is) would
    # otherwise compile every module in every build, which no other install of ours pays.
    compileall.compile_dir(ROOT / "plugins", quiet=1)
    config, notes = ours_config()
    results: dict = {"machine": machine(), "notes": notes, "seed": args.seed, "sizes": {}}
    results["serve"], results["calendar"] = {}, {}
    work = Path(tempfile.mkdtemp(prefix="bench-"))

    def save() -> None:  # after every step, so an interrupted run keeps what it measured
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=1, default=str), encoding="utf-8")

    try:
        for size in sizes:
            runs = args.runs if size < 200 else min(args.runs, args.big_runs)
            project = synthetic.write_project(work / f"n{size}", size, args.seed, config)
            # Untimed first build: writes out every page and the nav for the baseline (and
            # warms the disk cache for both).
            dump = work / f"dump{size}"
            once(project, dump=dump)
            baseline = work / f"base{size}"
            baseline.mkdir()
            shutil.copytree(dump / "docs", baseline / "docs")
            nav = json.loads((dump / "nav.json").read_text(encoding="utf-8"))
            (baseline / "mkdocs.yml").write_text(baseline_config(config, nav), encoding="utf-8")
            if not args.quick and size < 200:
                once(baseline, timers=False)  # warm-up, and a check that it builds
            grouped, grouped_items = None, grouped_nav(nav)
            if grouped_items is not None:
                grouped = work / f"grouped{size}"
                shutil.copytree(baseline, grouped)
                (grouped / "mkdocs.yml").write_text(
                    baseline_config(config, grouped_items), encoding="utf-8"
                )
            print(f"N = {size}: {runs} runs each of ours and baseline …", file=sys.stderr)
            # A copy whose .cache/ one build has filled: each warm run copies it, cache and all.
            cached = fresh_copy(project)
            build_once(cached)
            # One build of each with timers, for the phases (the timed runs below have none).
            timed = (timed_builds(project, 1), timed_builds(cached, 1))
            # Interleave ours and baseline so drifting load hits both alike.
            loadavg = os.getloadavg()
            ours, base, group, warm = [], [], [], []
            for run in range(runs):
                ours += timed_builds(project, 1, timers=False)
                warm += timed_builds(cached, 1, timers=False)
                base += timed_builds(baseline, 1, timers=False)
                # The grouped nav is a what-if: one run is enough for N >= 200.
                if grouped and not args.quick and (size < 200 or run == 0):
                    group += timed_builds(grouped, 1, timers=False)
                results["sizes"][str(size)] = size_entry(
                    size, loadavg, ours, base, group, warm, timed
                )
                save()

            if size in serve_sizes:
                count = args.serve_reps if size < 200 else args.big_serve_reps
                print(f"N = {size}: mkdocs serve, {count} rebuilds …", file=sys.stderr)
                reps = serve_rebuilds(project, count)
                focused = serve_rebuilds(project, count, focused=True)
                results["serve"][str(size)] = {
                    "loadavg_start": loadavg,
                    "seen_s": stats([r["seen_s"] for r in reps]),
                    "build_s": stats([r["build_s"] for r in reps]),
                    "raw": reps,
                    "focused_seen_s": stats([r["seen_s"] for r in focused]),
                    "focused_build_s": stats([r["build_s"] for r in focused]),
                    "raw_focused": focused,
                }
                save()

            if size in args.no_calendar:
                continue
            cal_runs = args.cal_runs if size < 200 else 1
            print(f"N = {size}: calendar, {cal_runs} runs …", file=sys.stderr)
            site, extra, today, stamp = calbench.prepare(project)
            cal = [calbench.run_once(site, extra, today, stamp) for _ in range(cal_runs)]
            summary = {key: stats([c[key] for c in cal]) for key in cal[0] if key.endswith("_s")}
            summary["events"] = cal[0]["events"]
            summary["ratio"] = summary["ours_s"]["median"] / summary["floor_s"]["median"]
            summary["ical_ratio"] = summary["ical_s"]["median"] / summary["floor_s"]["median"]
            results["calendar"][str(size)] = summary
            save()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["machine"]["loadavg_end"] = os.getloadavg()
    save()
    print(report(results))
    print(f"\nwrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
