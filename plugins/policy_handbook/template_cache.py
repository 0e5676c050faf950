"""Compiled Jinja templates kept on disk, so a template is compiled once, not once per build.

Compiling is most of the fixed cost of a small build: our page templates and the theme's
(mkdocs-material's main.html, base.html and their partials) are compiled again by every new
`mkdocs build` process. Jinja's own bytecode cache keeps the compiled code, keyed by the
template's name and a checksum of its source. What Jinja does not key on is the environment's
options (trim_blocks, autoescape…), so each environment gets its own folder, named by a hash
of the code and versions that set those options. A missing, corrupt or unwritable cache only
costs the compile, never a build. No MkDocs import here.
"""

from __future__ import annotations

import shutil
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import jinja2

from .cache import key as cache_key

# Packages whose code makes the theme's environment.
THEME_PACKAGES = ("mkdocs", "mkdocs-material", "jinja2")


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file-system bytecode cache that never fails a build."""

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # truncated or corrupt: compile again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:
            pass  # a read-only or full disk only costs the next build the compile


def for_environment(root: Path, name: str) -> TemplateCache | None:
    """The cache folder for one environment (`name`: "handbook" or "theme") under `root`,
    emptied of folders made by other versions; None if it cannot be made."""
    versions = []
    for package in THEME_PACKAGES:
        try:
            versions.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            versions.append(f"{package} ?")
    folder = root / name
    current = folder / cache_key(name, *versions)[:16]
    try:
        current.mkdir(parents=True, exist_ok=True)
        for other in folder.iterdir():
            if other != current:
                shutil.rmtree(other, ignore_errors=True)
    except OSError:
        return None
    return TemplateCache(str(current))
