"""The search index's size per page as the number of organisations grows, and what one search
costs in the browser.

    .venv/bin/python bench/searchbench.py                   # N = 2, 50, 200
    .venv/bin/python bench/searchbench.py --sizes 2 --no-browser

For each N: build a synthetic project (bench/synthetic.py, seeded) with `mkdocs build`, then
report the bytes Pagefind wrote for the pages (index chunks, fragments, metadata; not its fixed
scripts and WebAssembly) divided by the pages indexed, and how long indexing alone takes. With
the browser (Debian's Chromium), time a few searches on the search page (the first in a fresh
browser, which loads Pagefind, then the same again) and count the bytes under /pagefind/ they
fetch (the first time, Pagefind's script and WebAssembly included). A search fetches only the
index chunks holding its words and one fragment per page it looks at, so that, not the total,
is what a reader's phone downloads.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import synthetic  # noqa: E402
from policy_handbook.site import search as site_search  # noqa: E402

EPOCH = "1795305600"
QUERIES = ("complaint", "trolls", "unhappy parent complains", "DM")


def build(project: Path, site: Path) -> float:
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1")
    env.pop("SITE_URL", None)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml")]
        + ["-d", str(site)],
        cwd=project,
        env=env,
        check=True,
        capture_output=True,
        timeout=3600,
    )
    return time.perf_counter() - start


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir()) if folder.is_dir() else 0


def browse(site: Path, queries=QUERIES) -> list[dict]:
    """Each query on the search page: milliseconds to results, bytes of index fetched."""
    from playwright.sync_api import sync_playwright

    served: list[int] = []  # bytes of each file under /pagefind/ sent

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def copyfile(self, source, outputfile) -> None:
            if self.path.startswith("/pagefind/"):
                served.append(os.fstat(source.fileno()).st_size)
            super().copyfile(source, outputfile)

    handler = functools.partial(Handler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    measured = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"]
            )
            for query in queries:
                # A fresh browser context each time: nothing of the index cached.
                context = browser.new_context()
                page = context.new_page()
                page.goto(base + "search/", wait_until="load")
                page.wait_for_function("window.handbookSearch !== undefined")
                served.clear()
                timing = """async q => {
                  const t = performance.now();
                  const found = await handbookSearch.search(q);
                  return {ms: performance.now() - t, sections: found.total};
                }"""
                first = page.evaluate(timing, query)
                fetched = sum(served)
                again = page.evaluate(timing, query)  # the index and fragments now loaded
                measured.append(
                    {
                        "query": query,
                        "ms": round(first["ms"]),
                        "again_ms": round(again["ms"]),
                        "bytes": fetched,
                        "sections": first["sections"],
                    }
                )
                context.close()
            browser.close()
    finally:
        server.shutdown()
    return measured


def measure(size: int, seed: int = 0, browser: bool = True) -> dict:
    with tempfile.TemporaryDirectory(prefix="searchbench-") as work:
        project = synthetic.write_project(Path(work) / "project", size, seed)
        site = Path(work) / "site"
        build_s = build(project, site)
        bundle = site / site_search.BUNDLE
        stats = site_search.stats(site)
        start = time.perf_counter()
        site_search.index_site(site)
        index_s = time.perf_counter() - start
        entry = {
            "organisations": size,
            "pages": stats.pages,
            "index_bytes": stats.bytes,
            "bytes_per_page": round(stats.bytes / stats.pages),
            "fragment_bytes_per_page": round(folder_bytes(bundle / "fragment") / stats.pages),
            "word_index_bytes": folder_bytes(bundle / "index"),
            "largest_chunk_bytes": max(p.stat().st_size for p in (bundle / "index").iterdir()),
            "fixed_bytes": sum(p.stat().st_size for p in bundle.iterdir() if p.is_file()),
            "build_s": round(build_s, 2),
            "pagefind_s": round(index_s, 2),
        }
        if browser:
            entry["searches"] = browse(site)
        return entry


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="2,50,200")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--out", type=Path, default=HERE / "results" / "search-latest.json")
    args = parser.parse_args(argv)
    results = []
    for size in (int(s) for s in args.sizes.split(",") if s):
        entry = measure(size, args.seed, browser=not args.no_browser)
        results.append(entry)
        searches = ", ".join(
            f"{s['query']!r} {s['ms']} ms ({s['again_ms']} ms again), {s['bytes'] / 1024:.0f} KB"
            for s in entry.get("searches", [])
        )
        print(
            f"N = {size}: {entry['pages']} pages, index {entry['index_bytes'] / 1024:.0f} KB = "
            f"{entry['bytes_per_page'] / 1024:.1f} KB a page (fragments "
            f"{entry['fragment_bytes_per_page'] / 1024:.1f} KB a page; word index "
            f"{entry['word_index_bytes'] / 1024:.0f} KB in chunks of at most "
            f"{entry['largest_chunk_bytes'] / 1024:.0f} KB); Pagefind {entry['pagefind_s']} s "
            f"of a {entry['build_s']} s build. {searches}",
            flush=True,
        )
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(results, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
