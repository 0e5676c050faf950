"""Work done once: each organisation's plan and calendar files, kept between builds.

An entry is keyed by a hash of everything that shapes that organisation's output: its policy
file, the calendar inputs, the build date, the options, and our own code. It is kept in memory
across `mkdocs serve` rebuilds and on disk under `.cache/plugin/handbook/` (mkdocs-material's
convention) across builds. A stale or unreadable entry is a miss, never an error.

Why the feed's timestamp is not in the key unless SOURCE_DATE_EPOCH sets it: a hit means the
organisation's inputs are unchanged, so its events are too, and the earlier DTSTAMP and
SEQUENCE stay valid (SEQUENCE need only rise when an event changes). With SOURCE_DATE_EPOCH
set the timestamp is in the key, so the same inputs still give the same bytes.
No MkDocs import here.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

# Bump when the entry's shape changes; old files are then misses.
FORMAT = 1
# Under the project's root, beside mkdocs.yml, as mkdocs-material's plugins keep theirs.
CACHE_DIR = Path(".cache") / "plugin" / "handbook"


@dataclass(frozen=True)
class Entry:
    plan: Any  # schedule.Plan
    files: tuple[Any, ...]  # pages.GeneratedFile: the organisation's feeds and calendar page


@cache
def code_fingerprint() -> str:
    """A hash of our own code and templates: a change to either makes every entry stale."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".j2"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def key(*parts: object) -> str:
    digest = hashlib.sha256(f"{FORMAT}\0{code_fingerprint()}".encode())
    for part in parts:
        data = part if isinstance(part, bytes) else repr(part).encode()
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class Cache:
    """Entries by organisation slug: the latest one for each, in memory and (optionally) on disk."""

    def __init__(self, directory: Path | None = None):
        self.directory = directory
        self.memory: dict[str, tuple[str, Entry]] = {}
        self.hits = 0
        self.misses = 0

    def get(self, slug: str, entry_key: str) -> Entry | None:
        found = self.memory.get(slug)
        if found is None:
            found = self._read(slug)
        if found is not None and found[0] == entry_key:
            self.memory[slug] = found
            self.hits += 1
            return found[1]
        self.misses += 1
        return None

    def put(self, slug: str, entry_key: str, entry: Entry) -> None:
        self.memory[slug] = (entry_key, entry)
        if self.directory is None:
            return
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            # Written whole then renamed, so a reader never sees half a file.
            handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
            with os.fdopen(handle, "wb") as stream:
                pickle.dump((FORMAT, entry_key, entry), stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self._path(slug))
        except OSError:
            pass  # a read-only or full disk only costs the next build some time

    def _path(self, slug: str) -> Path:
        assert self.directory is not None
        return self.directory / f"{slug}.pickle"

    def _read(self, slug: str) -> tuple[str, Entry] | None:
        if self.directory is None:
            return None
        try:
            with open(self._path(slug), "rb") as stream:
                form, entry_key, entry = pickle.load(stream)  # noqa: S301 - our own cache folder
        except Exception:  # missing, truncated, corrupt or from other code: a miss
            return None
        if form != FORMAT or not isinstance(entry, Entry):
            return None
        return entry_key, entry
