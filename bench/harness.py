"""One `mkdocs build`, in this process, with our plugins' work timed by phase.

Run by bench/run.py in a fresh subprocess per build (so imports, memory and caches are those
of a real `mkdocs build`); prints one JSON object on stdout. It does what `mkdocs build` does
(load_config, on_startup, build, on_shutdown) and wraps, without editing them, the event
handlers of our plugins and a few core functions, to split the time into phases:

- load: handbook/policies' on_config (load and validate every policy, build the nav);
  `load_policies` alone is reported as load_policies;
- pages: handbook/policies' other events (home and policy pages, edit links);
- replies_follow: handbook/replies and handbook/follow (snippets, reply and follow pages, CSV);
- calendar: handbook/calendar (scheduling, calendar pages and .ics serialisation);
- mkdocs: everything else in the build (Markdown, theme, nav, search index, writing files).

With --dump DIR it also writes every page and file of the build (generated ones included) to
DIR/docs and the nav MkDocs used to DIR/nav.json, for the plain mkdocs-material baseline.
"""

from __future__ import annotations

import argparse
import functools
import importlib
import inspect
import json
import resource
import shutil
import sys
import time
from collections import defaultdict
from pathlib import Path

T0 = time.perf_counter()

PLUGIN_MODULES = {
    "policy_handbook.mkdocs_policies": "PoliciesPlugin",
    "policy_handbook.mkdocs_replies": "RepliesPlugin",
    "policy_handbook.mkdocs_follow": "FollowPlugin",
    "policy_handbook.mkdocs_calendar": "CalendarPlugin",
}
PHASE_OF_PLUGIN = {
    "PoliciesPlugin": "pages",
    "RepliesPlugin": "replies_follow",
    "FollowPlugin": "replies_follow",
    "CalendarPlugin": "calendar",
}
# Core functions timed on their own (reported as detail; already inside a phase above).
DETAIL = {
    "policy_handbook.mkdocs_policies": ("load_policies",),
    "policy_handbook.render": ("home_page", "policy_page"),
    "policy_handbook.reply_pages": ("write_snippets", "organisation_page", "site_page"),
    "policy_handbook.follow_pages": ("organisation_page", "site_page", "csv_bytes"),
    "policy_handbook.schedule": ("plan",),
    "policy_handbook.calendar_pages": ("calendar_files",),
    "policy_handbook.ical": ("build_feed",),
}

phases: dict[str, float] = defaultdict(float)
phases_cpu: dict[str, float] = defaultdict(float)  # CPU time: steadier on a busy machine
detail: dict[str, float] = defaultdict(float)
calls: dict[str, int] = defaultdict(int)


def _timed(function, bucket: dict[str, float], key: str, cpu_bucket=None):
    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        start, cpu = time.perf_counter(), time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            bucket[key] += time.perf_counter() - start
            if cpu_bucket is not None:
                cpu_bucket[key] += time.process_time() - cpu
            calls[key] += 1

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
                if class_name == "PoliciesPlugin" and name == "on_config":
                    phase = "load"
                setattr(cls, name, _timed(member, phases, phase, phases_cpu))
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
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    done, done_cpu = time.perf_counter(), time.process_time()
    ours_cpu = sum(phases_cpu.values())
    usage = resource.getrusage(resource.RUSAGE_SELF)
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
        "cpu_s": usage.ru_utime + usage.ru_stime,  # the whole process
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
        "pages": sum(1 for _ in args.site.rglob("*.html")),
        # Every page embeds the navigation: its size shows whether that grows with N.
        "html_mb": sum(p.stat().st_size for p in args.site.rglob("*.html")) / 2**20,
    }
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
