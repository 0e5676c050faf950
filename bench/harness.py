"""One `mkdocs build`, in this process, with our plugins' work timed by phase.

Run by bench/run.py in a fresh subprocess per build (so imports, memory and caches are those
of a real `mkdocs build`); prints one JSON object on stdout. It does what `mkdocs build` does
(load_config, on_startup, build, on_shutdown) and wraps, without editing them, the event
handlers of our plugins and a few core functions, to split the time into phases:

- load: the handbook plugin's on_config (load and validate every policy, build the nav), less
  the calendar and snippet work inside it; `load_policies` alone is reported as detail;
- pages: the plugin's other events (edit links, handing files over, the search index);
- replies_follow: reply and follow pages, snippets and CSV files (reply_pages, follow_pages);
- calendar: planning, calendar pages and .ics serialisation (Handbook._plan, _write_calendar),
  and the home, policy and other pages, made inside _write_calendar while the feed workers
  write (`site_files.page_files` is reported as detail);
- mkdocs: everything else in the build (Markdown, theme, nav, search index, writing files).

With --dump DIR it also writes every page and file of the build (generated ones included) to
DIR/docs and the nav MkDocs used to DIR/nav.json, for the plain mkdocs-material baseline.

Large sites write their feeds in forked worker processes (calendar_pages, since eb845d7). Their
CPU time is counted in the phase and in the build's CPU (RUSAGE_CHILDREN, once the pool has
reaped them), their peak memory is reported as workers_maxrss_kb, and the core functions timed
inside them are sent back through files and added to the detail (summed over workers: CPU-like
seconds, not wall time).
"""

from __future__ import annotations

import argparse
import functools
import importlib
import inspect
import json
import os
import resource
import shutil
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

T0 = time.perf_counter()

PLUGIN_MODULES = {"policy_handbook.mkdocs_plugin.plugin": "HandbookPlugin"}
PHASE_OF_PLUGIN = {"HandbookPlugin": "pages"}
# Core work that runs inside the plugin's events, reported as its own phase (and taken out of
# the phase of the event it ran in).
SUB_PHASES = {
    ("policy_handbook.handbook", "Handbook"): (
        ("_plan", "calendar"),
        ("_write_calendar", "calendar"),
    ),
    ("policy_handbook.site.replies_pages", None): (
        ("organisation_page", "replies_follow"),
        ("site_page", "replies_follow"),
        ("snippets", "replies_follow"),
        ("write_snippets", "replies_follow"),
    ),
    ("policy_handbook.site.follow_pages", None): (
        ("organisation_page", "replies_follow"),
        ("site_page", "replies_follow"),
        ("csv_bytes", "replies_follow"),
    ),
}
# Core functions timed on their own (reported as detail; already inside a phase above).
DETAIL = {
    "policy_handbook.handbook": ("load_policies",),
    "policy_handbook.site.files": ("generate", "page_files"),
    "policy_handbook.site.home_page": ("home_page",),
    "policy_handbook.site.policy_page": ("policy_page",),
    "policy_handbook.site.replies_pages": ("write_snippets", "organisation_page", "site_page"),
    "policy_handbook.site.follow_pages": ("organisation_page", "site_page", "csv_bytes"),
    "policy_handbook.planning": ("plan",),
    "policy_handbook.site.calendar_pages": ("calendar_files", "organisation_files"),
    "policy_handbook.feeds.ical": ("build_feed", "build_feeds"),
}
# icalendar's own calls are not timed: at 200 organisations there are about a million, and a
# timer around each cost the timed builds seconds that the baseline's builds do not pay.

phases: dict[str, float] = defaultdict(float)
phases_cpu: dict[str, float] = defaultdict(float)  # CPU time: steadier on a busy machine
detail: dict[str, float] = defaultdict(float)
PARENT = os.getpid()
WORKER_DIR = Path(tempfile.mkdtemp(prefix="bench-workers-"))
_before_fork: dict[str, float] = {}  # in a worker: the detail inherited from the parent


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _flush_worker_detail() -> None:
    """In a forked worker: write what it timed itself (its detail less what it inherited)."""
    own = {k: v - _before_fork.get(k, 0.0) for k, v in detail.items()}
    path = WORKER_DIR / f"{os.getpid()}.json"
    path.write_text(json.dumps({k: v for k, v in own.items() if v}), encoding="utf-8")


def _worker_detail() -> dict[str, float]:
    total: dict[str, float] = defaultdict(float)
    for path in WORKER_DIR.glob("*.json"):
        for key, value in json.loads(path.read_text(encoding="utf-8")).items():
            total[key] += value
    shutil.rmtree(WORKER_DIR, ignore_errors=True)
    return dict(total)


calls: dict[str, int] = defaultdict(int)
_current_phase: list[str] = []  # the plugin event running now, for sub-phases to subtract from


def _timed(function, bucket: dict[str, float], key: str, cpu_bucket=None):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        worker = os.getpid() != PARENT
        if worker and not _before_fork:
            _before_fork.update(detail, _=0.0)
        start, cpu = time.perf_counter(), time.process_time() + _children_cpu()
        if cpu_bucket is not None:
            _current_phase.append(key)
        try:
            return function(*args, **kwargs)
        finally:
            bucket[key] += time.perf_counter() - start
            if cpu_bucket is not None:
                cpu_bucket[key] += time.process_time() + _children_cpu() - cpu
                _current_phase.pop()
            calls[key] += 1
            if worker:
                _flush_worker_detail()

    return wrapper


def _timed_sub(function, phase: str):
    """Time `function` as `phase`, taking its time out of the plugin event it runs inside."""
    depth = [0]

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if depth[0] or not _current_phase or os.getpid() != PARENT:
            return function(*args, **kwargs)
        depth[0] += 1
        parent = _current_phase[-1]
        start, cpu = time.perf_counter(), time.process_time() + _children_cpu()
        try:
            return function(*args, **kwargs)
        finally:
            depth[0] -= 1
            wall = time.perf_counter() - start
            used = time.process_time() + _children_cpu() - cpu
            phases[phase] += wall
            phases[parent] -= wall
            phases_cpu[phase] += used
            phases_cpu[parent] -= used

    return wrapper


def install_timers() -> list[str]:
    """Wrap our plugins' event handlers and the core functions in DETAIL; returns what was found."""
    found = []
    for module_name, class_name in PLUGIN_MODULES.items():
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue  # a plugin that has not landed yet
        cls = getattr(module, class_name, None)
        if cls is None:
            continue
        found.append(class_name)
        for name, member in list(vars(cls).items()):
            if name.startswith("on_") and inspect.isfunction(member):
                phase = PHASE_OF_PLUGIN[class_name]
                if name == "on_config":
                    phase = "load"
                setattr(cls, name, _timed(member, phases, phase, phases_cpu))
    for (module_name, class_name), members in SUB_PHASES.items():
        module = importlib.import_module(module_name)
        owner = getattr(module, class_name) if class_name else module
        for name, phase in members:
            setattr(owner, name, _timed_sub(getattr(owner, name), phase))
    for module_name, names in DETAIL.items():
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        short = module_name.rsplit(".", 1)[-1]
        for name in names:
            if callable(getattr(module, name, None)):
                setattr(module, name, _timed(getattr(module, name), detail, f"{short}.{name}"))
    return found


def dump_plugin(dest: Path):
    """A plugin, added after ours, that writes out every file of the build and the nav."""
    from mkdocs.plugins import BasePlugin, event_priority

    class Dump(BasePlugin):
        @event_priority(-100)  # after every other plugin's on_files
        def on_files(self, files, /, *, config):
            docs_dir = Path(config.docs_dir).resolve()
            target = dest / "docs"
            if target.exists():
                shutil.rmtree(target)
            shutil.copytree(docs_dir, target)
            for file in files:
                is_docs = file.abs_src_path and Path(file.abs_src_path).resolve().is_relative_to(
                    docs_dir
                )
                if file.generated_by is None and not is_docs:
                    continue  # a theme file: the baseline's theme brings its own
                path = target / file.src_uri
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(file.content_bytes)
            (dest / "nav.json").write_text(json.dumps(config.nav, indent=1), encoding="utf-8")
            return files

    plugin = Dump()
    plugin.load_config({})
    return plugin


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("config", type=Path)
    parser.add_argument("--site", type=Path, required=True)
    parser.add_argument("--dump", type=Path)
    parser.add_argument("--no-timers", action="store_true")
    args = parser.parse_args()

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    plugins = [] if args.no_timers else install_timers()
    imported = time.perf_counter()
    config = load_config(config_file=str(args.config), site_dir=str(args.site))
    if args.dump:
        config.plugins["bench/dump"] = dump_plugin(args.dump)
    config.plugins.on_startup(command="build", dirty=False)
    loaded, loaded_cpu = time.perf_counter(), time.process_time()
    children_before = _children_cpu()
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    done, done_cpu = time.perf_counter(), time.process_time()
    done_cpu += _children_cpu()
    loaded_cpu += children_before
    ours_cpu = sum(phases_cpu.values())
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    for key, value in _worker_detail().items():
        detail[key] += value
    ours = sum(phases.values())
    result = {
        "plugins_timed": plugins,
        "startup_s": loaded - T0,  # interpreter, imports, load_config
        "imports_s": imported - T0,
        "build_s": done - loaded,  # mkdocs.commands.build.build()
        "phases_s": {
            "load": phases["load"],
            "pages": phases["pages"],
            "replies_follow": phases["replies_follow"],
            "calendar": phases["calendar"],
            "ours": ours,
            "mkdocs": done - loaded - ours,
        },
        # the whole process and its feed workers
        "cpu_s": usage.ru_utime + usage.ru_stime + children.ru_utime + children.ru_stime,
        "workers_cpu_s": children.ru_utime + children.ru_stime,
        "build_cpu_s": done_cpu - loaded_cpu,
        "phases_cpu_s": {
            "load": phases_cpu["load"],
            "pages": phases_cpu["pages"],
            "replies_follow": phases_cpu["replies_follow"],
            "calendar": phases_cpu["calendar"],
            "ours": ours_cpu,
            "mkdocs": done_cpu - loaded_cpu - ours_cpu,
        },
        "detail_s": dict(detail),
        "calls": dict(calls),
        "maxrss_kb_self": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        "workers_maxrss_kb": children.ru_maxrss,  # the largest worker's peak (0: none ran)
        "pages": sum(1 for _ in args.site.rglob("*.html")),
        # Every page embeds the navigation: its size shows whether that grows with N.
        "html_mb": sum(p.stat().st_size for p in args.site.rglob("*.html")) / 2**20,
    }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
