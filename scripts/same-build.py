"""Build the site from this working tree and from a git revision, and compare them byte by byte.

    .venv/bin/python scripts/same-build.py [REVISION]      (default: HEAD)

For changes that must not change what the handbook publishes (moving code between modules,
renaming, splitting): every page, feed, snippet, CSV and search-index file is compared. The
two builds share SOURCE_DATE_EPOCH and start from empty caches; each runs with its own
`plugins/` first on the import path, so the revision's build runs the revision's code.
It builds twice: without a site address, and with one (feeds and pages write it out).
Prints the files that differ and exits 1 if any do.
"""

from __future__ import annotations

import filecmp
import os
import subprocess
import sys
import tarfile
import tempfile
from io import BytesIO
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EPOCH = "1796083200"  # 2026-12-01 00:00 UTC: any fixed moment will do
SITE_URLS = ("", "https://handbook.example.org/staff/")


def checkout(revision: str, into: Path) -> None:
    """The revision's committed files (no work tree is registered with git)."""
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", "--format=tar", revision],
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")


def working_tree(into: Path) -> None:
    """This working tree's files, committed or not, as git sees them (ignored files left out)."""
    names = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        check=True,
        capture_output=True,
    ).stdout.split(b"\0")
    for name in filter(None, names):
        source = ROOT / os.fsdecode(name)
        if not source.is_file():
            continue  # deleted in the working tree but not yet staged
        target = into / os.fsdecode(name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())


def build(project: Path, output: Path, site_url: str, key_dir: Path) -> None:
    env = {
        **os.environ,
        "SOURCE_DATE_EPOCH": EPOCH,
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": str(project / "plugins"),
        "POLICY_HANDBOOK_CACHE_KEY": str(key_dir / "cache.key"),
        "SITE_URL": site_url,
    }
    if not site_url:
        env.pop("SITE_URL")
    mkdocs = Path(sys.executable).parent / "mkdocs"
    subprocess.run(
        [str(mkdocs), "build", "--strict", "--quiet", "--site-dir", str(output)],
        cwd=project,
        env=env,
        check=True,
    )


def differences(a: Path, b: Path) -> list[str]:
    """Paths (relative to the site) that are only in one build or differ in their bytes."""
    found = []
    compared = filecmp.dircmp(a, b)

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        found.extend(f"only in the revision's build: {prefix}{n}" for n in cmp.left_only)
        found.extend(f"only in this tree's build: {prefix}{n}" for n in cmp.right_only)
        for name in cmp.common_files:
            if (Path(cmp.left) / name).read_bytes() != (Path(cmp.right) / name).read_bytes():
                found.append(f"differs: {prefix}{name}")
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(compared, "")
    return sorted(found)


def main(argv: list[str]) -> int:
    revision = argv[0] if argv else "HEAD"
    with tempfile.TemporaryDirectory(prefix="same-build-") as tmp:
        tmp_path = Path(tmp)
        before, after = tmp_path / "revision", tmp_path / "tree"
        checkout(revision, before)
        working_tree(after)
        problems = []
        files = 0
        for site_url in SITE_URLS:
            name = "with-address" if site_url else "no-address"
            for project in (before, after):
                build(project, tmp_path / f"{project.name}-{name}", site_url, tmp_path)
            found = differences(tmp_path / f"revision-{name}", tmp_path / f"tree-{name}")
            files += sum(1 for p in (tmp_path / f"tree-{name}").rglob("*") if p.is_file())
            problems += [f"{name}: {line}" for line in found]
    if problems:
        print(f"{len(problems)} difference(s) from {revision}:", *problems, sep="\n  ")
        return 1
    print(f"Same bytes as {revision}: {files} files in {len(SITE_URLS)} builds")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
