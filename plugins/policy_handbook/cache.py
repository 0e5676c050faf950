"""Work done once: each organisation's plan, calendar files and pages, kept between builds.

Entries are of a kind (POLICIES, CALENDAR, PAGES below) and keyed by a hash of everything that
shapes them: the policy file, the calendar inputs, the build date, the options, and our own
code and data. An entry is kept in memory
across `mkdocs serve` rebuilds and on disk under `.cache/plugin/handbook/` (mkdocs-material's
convention) across builds. A stale or unreadable entry is a miss, never an error.

Loading a pickle runs code, so each file on disk is signed with a key kept outside the project
and checked before it is unpickled (signing.py): a file in `.cache/` that this user's builds
did not write is a miss and is never loaded. Without a key, entries are kept in memory only.

Why the feed's timestamp is not in the key unless SOURCE_DATE_EPOCH sets it: a hit means the
organisation's inputs are unchanged, so its events are too, and the earlier DTSTAMP and
SEQUENCE stay valid (SEQUENCE need only rise when an event changes). With SOURCE_DATE_EPOCH
set the timestamp is in the key, so the same inputs still give the same bytes.
No MkDocs import here.
"""

from __future__ import annotations

import hashlib
import pickle
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from . import signing

# Bump when the entry's shape changes; old files are then misses.
FORMAT = 3
# Under the project's root, beside mkdocs.yml, as mkdocs-material's plugins keep theirs.
CACHE_DIR = Path(".cache") / "plugin" / "handbook"

# The kinds of entry, each a folder of CACHE_DIR.
POLICIES = "policies"  # a policy file as loaded and validated (loader.py)
CALENDAR = "calendar"  # an organisation's plan and calendar files (handbook.py)
PAGES = "pages"  # an organisation's pages, or the pages across organisations (handbook.py)


@dataclass(frozen=True)
class Entry:
    plan: Any  # schedule.Plan
    files: tuple[Any, ...]  # pages.GeneratedFile: the organisation's feeds and calendar page


CODE_AND_DATA = frozenset({".py", ".j2", ".yaml", ".txt"})


@cache
def code_fingerprint() -> str:
    """A hash of our own code, templates and data (situations, synonyms, platform limits…): a
    change to any makes every entry stale."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in CODE_AND_DATA and "__pycache__" not in path.parts:
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
    """Entries by kind and name (an organisation's slug, or a name of the site's own): the
    latest one for each, in memory and (optionally) on disk. `hits` and `misses` count by kind.
    On disk only if there is a key to sign the files with (signing.secret)."""

    def __init__(self, directory: Path | None = None):
        self.secret = signing.secret() if directory is not None else None
        self.directory = directory if self.secret is not None else None
        self.memory: dict[tuple[str, str], tuple[str, Any]] = {}
        self.hits: Counter[str] = Counter()
        self.misses: Counter[str] = Counter()

    def get(self, kind: str, name: str, entry_key: str, expect: type = object) -> Any | None:
        """The entry stored under `entry_key`, or None: never stored, stale, or unreadable."""
        found = self.memory.get((kind, name))
        if found is None:
            found = self._read(kind, name)
        if found is not None and found[0] == entry_key and isinstance(found[1], expect):
            self.memory[kind, name] = found
            self.hits[kind] += 1
            return found[1]
        self.misses[kind] += 1
        return None

    def put(self, kind: str, name: str, entry_key: str, value: Any) -> None:
        self.memory[kind, name] = (entry_key, value)
        if self.directory is None or self.secret is None:
            return
        try:
            data = pickle.dumps((FORMAT, entry_key, value), protocol=pickle.HIGHEST_PROTOCOL)
            signing.write(self._path(kind, name), self.secret, f"{kind}/{name}", data)
        except OSError:
            pass  # a read-only or full disk only costs the next build some time

    def _path(self, kind: str, name: str) -> Path:
        assert self.directory is not None
        return self.directory / kind / f"{name}.pickle"

    def _read(self, kind: str, name: str) -> tuple[str, Any] | None:
        if self.directory is None or self.secret is None:
            return None
        data = signing.read(self._path(kind, name), self.secret, f"{kind}/{name}")
        if data is None:  # missing, or not written by our builds: never unpickled
            return None
        try:
            form, entry_key, value = pickle.loads(data)  # noqa: S301 - signed by us, see above
        except Exception:  # from other code (a class renamed since): a miss
            return None
        if form != FORMAT:
            return None
        return entry_key, value
