"""Compiled Jinja templates kept on disk, so a template is compiled once, not once per build.

Compiling is most of the fixed cost of a small build: our page templates and the theme's
(mkdocs-material's main.html, base.html and their partials) are compiled again by every new
`mkdocs build` process. Jinja's own bytecode cache keeps the compiled code, keyed by the
template's name and a checksum of its source. What Jinja does not key on is the environment's
options (trim_blocks, autoescape…), so each environment gets its own folder, named by a hash
of the code and versions that set those options. A missing, corrupt or unwritable cache only
costs the compile, never a build.

Compiled code is run when it is loaded (and Jinja's file starts with a pickle), so each file
is signed as the other entries are (signing.py) and checked before Jinja reads a byte of it:
a file this user's builds did not write is compiled over, never loaded. Without a key there
is no disk cache (Jinja still keeps templates in memory). And since a folder in `.cache/` may
be a link to anywhere, pruning an old version's folder deletes only the files Jinja names,
never a whole tree. No MkDocs import here.
"""

from __future__ import annotations

import contextlib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import jinja2

from .. import signing
from ..cache import key as cache_key

# Packages whose code makes the theme's environment.
THEME_PACKAGES = ("mkdocs", "mkdocs-material", "jinja2")
# Jinja's default file name, with the bucket's key for %s.
PATTERN = "__jinja2_%s.cache"


class TemplateCache(jinja2.FileSystemBytecodeCache):
    """Jinja's file-system bytecode cache, each file signed with `secret`, that never fails a
    build. The file is the signature then what Jinja would have written (Bucket.write_bytecode)."""

    def __init__(self, directory: str, secret: bytes):
        super().__init__(directory, PATTERN)
        self.secret = secret

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        path = Path(self._get_cache_filename(bucket))
        data = signing.read(path, self.secret, f"template {bucket.key}")
        if data is None:  # missing, or not written by our builds: compile
            return
        try:
            bucket.bytecode_from_string(data)  # resets the bucket itself if the source changed
        except Exception:  # another Python's code, say: compile again
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        path = Path(self._get_cache_filename(bucket))
        try:
            signing.write(path, self.secret, f"template {bucket.key}", bucket.bytecode_to_string())
        except OSError:
            pass  # a read-only or full disk only costs the next build the compile


def for_environment(root: Path, name: str) -> TemplateCache | None:
    """The cache folder for one environment (`name`: "handbook" or "theme") under `root`,
    emptied of folders made by other versions; None if it cannot be made or there is no key."""
    secret = signing.secret()
    if secret is None:
        return None
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
                _prune(other)
    except OSError:
        return None
    return TemplateCache(str(current), secret)


def _prune(folder: Path) -> None:
    """Delete an old version's compiled templates (and leftover temporary files), then the
    folder if that empties it: only what we write, whatever the folder turns out to be."""
    with contextlib.suppress(OSError):
        ours = len(folder.name) == 16 and all(c in "0123456789abcdef" for c in folder.name)
        if not ours or folder.is_symlink() or not folder.is_dir():
            return
        for path in folder.glob(PATTERN.partition("%s")[0] + "*"):
            with contextlib.suppress(OSError):
                path.unlink()
        folder.rmdir()
