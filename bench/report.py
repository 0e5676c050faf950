"""Markdown tables for BENCHMARKS.md from one or more bench/run.py result files.

.venv/bin/python bench/report.py bench/results/n2-50.json bench/results/n200.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def _f(figure: dict | None, digits: int = 2) -> str:
    if not figure:
        return "–"
    return f"{figure['median']:.{digits}f} ({figure['min']:.{digits}f}–{figure['max']:.{digits}f})"


def _stats(values: list) -> dict | None:
    import statistics

    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def _cpu(entry: dict, side: str) -> dict | None:
    """CPU seconds of the build processes (from the raw runs; older runs lack it)."""
    return _stats([run.get("cpu_s") for run in entry.get(f"raw_{side}", [])])


def _load(figure) -> str:
    return "/".join(f"{x:.1f}" for x in figure) if figure else "–"


def tables(files: list[Path]) -> str:
    sizes, serve, calendar, machines = {}, {}, {}, []
    for path in files:
        data = json.loads(path.read_text(encoding="utf-8"))
        sizes.update(data["sizes"])
        serve.update(data.get("serve", {}))
        calendar.update(data.get("calendar", {}))
        machines.append((path.name, data["machine"], data.get("notes", [])))
    order = sorted(sizes, key=int)
    out = ["### Full build (seconds, median (min–max); memory in MB)", ""]
    out.append(
        "| N | pages | runs | load avg | ours wall | baseline wall | **ours / baseline** "
        "| baseline, grouped nav | ours peak RSS | ours feed workers' peak RSS "
        "| baseline peak RSS | ours wall / N |"
    )
    out.append("|" + "---|" * 12)
    for n in order:
        e = sizes[n]
        grouped = e.get("baseline_grouped_nav")
        peak = e["ours"].get("workers_maxrss_mb")
        workers = _f(peak, 0) if peak and peak["median"] else "–"
        out.append(
            f"| {n} | {e['ours']['pages']} | {e['runs']} | {_load(e.get('loadavg_start'))} "
            f"| {_f(e['ours']['wall_s'])} | {_f(e['baseline']['wall_s'])} | **{e['ratio']:.2f}** "
            f"| {_f(grouped['wall_s']) if grouped else '–'} | {_f(e['ours']['maxrss_mb'], 0)} "
            f"| {workers} | {_f(e['baseline']['maxrss_mb'], 0)} | {e['per_org_s']:.3f} |"
        )
    out += ["", "HTML written per page (KB, median; every page embeds the navigation):", ""]
    out.append("| N | ours | baseline | baseline, grouped nav |")
    out.append("|---|---|---|---|")
    for n in order:
        cells = []
        for side in ("ours", "baseline", "grouped"):
            raw = sizes[n].get(f"raw_{side}") or []
            kb = _stats([r["html_mb"] * 1024 / r["pages"] for r in raw if "html_mb" in r])
            cells.append(f"{kb['median']:.0f}" if kb else "–")
        out.append(f"| {n} | " + " | ".join(cells) + " |")
    out += ["", "CPU seconds of the same builds (steadier than wall time on a shared machine):", ""]
    out.append("| N | ours CPU | baseline CPU | **ours / baseline (CPU)** |")
    out.append("|---|---|---|---|")
    for n in order:
        ours, base = _cpu(sizes[n], "ours"), _cpu(sizes[n], "baseline")
        ratio = f"{ours['median'] / base['median']:.2f}" if ours and base else "–"
        out.append(f"| {n} | {_f(ours)} | {_f(base)} | **{ratio}** |")
    out += ["", "### Where our build's time goes (seconds, median (min–max))", ""]
    phases = ["load", "pages", "replies_follow", "calendar", "ours", "mkdocs"]
    out.append("| N | startup | " + " | ".join(phases) + " | mkdocs / N |")
    out.append("|" + "---|" * (len(phases) + 3))
    for n in order:
        e = sizes[n]["ours"]
        cells = " | ".join(_f(e["phases_s"][p]) for p in phases)
        out.append(
            f"| {n} | {_f(e['startup_s'])} | {cells} "
            f"| {e['phases_s']['mkdocs']['median'] / int(n):.3f} |"
        )
    out += ["", "The same phases in CPU seconds (median):", ""]
    out.append("| N | " + " | ".join(phases) + " |")
    out.append("|" + "---|" * (len(phases) + 1))
    for n in order:
        runs = sizes[n].get("raw_ours_timed") or sizes[n].get("raw_ours", [])
        raw = [r.get("phases_cpu_s") for r in runs if "phases_cpu_s" in r]
        cells = [_stats([r[p] for r in raw]) for p in phases]
        out.append(
            f"| {n} | " + " | ".join(f"{c['median']:.2f}" if c else "–" for c in cells) + " |"
        )
    out += ["", "Core functions inside those phases (median seconds):", ""]
    keys = sorted({k for n in order for k in sizes[n]["ours"]["detail_s"]})
    out.append("| function | " + " | ".join(f"N = {n}" for n in order) + " |")
    out.append("|" + "---|" * (len(order) + 1))
    for key in keys:
        cells = []
        for n in order:
            figure = sizes[n]["ours"]["detail_s"].get(key)
            cells.append(f"{figure['median']:.2f}" if figure else "–")
        out.append(f"| `{key}` | " + " | ".join(cells) + " |")
    if serve:
        out += ["", "### `mkdocs serve`: one policy file changed (seconds)", ""]
        out.append(
            "| N | rebuilds | load avg | file written → page shows it | MkDocs' logged build |"
        )
        out.append("|---|---|---|---|---|")
        for n in sorted(serve, key=int):
            s = serve[n]
            out.append(
                f"| {n} | {s['seen_s']['n']} | {_load(s.get('loadavg_start'))} "
                f"| {_f(s['seen_s'])} | {_f(s['build_s'])} |"
            )
    if calendar:
        out += ["", "### A year of every calendar: scheduling + iCal vs icalendar's floor", ""]
        out.append(
            "| N | events | runs | plan | our iCal | **ours (plan + iCal)** | icalendar floor "
            "| ours / floor | iCal / floor | written directly |"
        )
        out.append("|" + "---|" * 10)
        for n in sorted(calendar, key=int):
            c = calendar[n]
            out.append(
                f"| {n} | {c['events']} | {c['ours_s']['n']} | {_f(c['plan_s'])} "
                f"| {_f(c['ical_s'])} | **{_f(c['ours_s'])}** | {_f(c['floor_s'])} "
                f"| {c['ratio']:.2f} | {c['ical_ratio']:.2f} | {_f(c.get('direct_s'))} |"
            )
    out += ["", "### Machine", ""]
    for name, machine, notes in machines:
        keys = ("cpu", "cpus", "memory_gb", "platform", "python", "mkdocs", "mkdocs-material")
        described = ", ".join(f"{k}: {machine.get(k)}" for k in keys)
        out.append(
            f"- `{name}`: {described}; load average at start {_load(machine['loadavg_start'])}, "
            f"at end {_load(machine.get('loadavg_end'))}"
            + (f"; {'; '.join(notes)}" if notes else "")
        )
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    sys.stdout.write(tables([Path(p) for p in sys.argv[1:]]))
