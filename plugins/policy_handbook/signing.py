"""Signatures on what the build keeps in `.cache/`, so that it reads back only what it wrote.

`.cache/` holds pickles (cache.py) and compiled Jinja templates (template_cache.py), and loading
either runs code: a file that someone else put there, committed to a pull request with
`git add -f` say, would run at build time. So each file is written as an HMAC-SHA256 of its
contents, then the contents, with a key kept outside the project (key_file below, made on first
use and readable by this user only), and the signature is checked before anything is loaded. A
file without the right signature is a miss: never loaded, never an error.

Why sign rather than switch the entries to JSON: they are our dataclasses and pydantic models
(plans, pages, validated policies) and compiled templates are code by nature, so the data
cannot be made inert; only where it came from can be checked. Without a key (the user's cache
folder cannot be read or written) the disk cache is not used and work is kept in memory only.

Reads never follow a link as the file itself, and take only regular files, so a link or a pipe
committed in place of an entry is a miss rather than a read of something else or a wait.
No MkDocs import here.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import stat
import tempfile
from pathlib import Path

# Names the key file, for tests and for users who keep it elsewhere.
KEY_VARIABLE = "POLICY_HANDBOOK_CACHE_KEY"
KEY_SIZE = 32
SIGNATURE_SIZE = hashlib.sha256().digest_size


def key_file() -> Path | None:
    """$POLICY_HANDBOOK_CACHE_KEY, else `policy-handbook/cache-key` in the user's cache folder
    ($XDG_CACHE_HOME, else ~/.cache): None if there is no home to find it in."""
    named = os.environ.get(KEY_VARIABLE)
    if named:
        return Path(named)
    base = os.environ.get("XDG_CACHE_HOME", "")
    try:
        # The XDG spec says a relative path is to be ignored.
        folder = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    except RuntimeError:  # no home directory
        return None
    return folder / "policy-handbook" / "cache-key"


def secret() -> bytes | None:
    """The key that signs this user's cache, made if there is none; None if it can be neither
    read nor made, or is shorter than KEY_SIZE (then nothing is written to or read from disk)."""
    path = key_file()
    if path is None:
        return None
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        try:
            key = _make_key(path)
        except OSError:
            return None
    except OSError:
        return None
    return key if len(key) >= KEY_SIZE else None


def _make_key(path: Path) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".cache-key-")  # mode 0600
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(secrets.token_bytes(KEY_SIZE))
            stream.flush()
            os.fsync(stream.fileno())
        # A link, not a rename: it fails if another build made the key meanwhile, and then
        # theirs is kept, so two builds never sign with different keys; nor is a half-written
        # key ever seen.
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
    return path.read_bytes()


def _signature(key: bytes, purpose: str, payload: bytes) -> bytes:
    # The purpose (which entry the file is) is signed too, so a file cannot pass for another.
    mac = hmac.new(key, digestmod=hashlib.sha256)
    label = purpose.encode()
    mac.update(len(label).to_bytes(8, "big") + label)
    mac.update(payload)
    return mac.digest()


def write(path: Path, key: bytes, purpose: str, payload: bytes) -> None:
    """Write the signed payload to `path`, whole then renamed, so a reader never sees half a
    file (and a link at `path` is replaced, not written through). Raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(_signature(key, purpose, payload))
            stream.write(payload)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def read(path: Path, key: bytes, purpose: str) -> bytes | None:
    """The payload written to `path` with this key for this purpose, or None: missing,
    unreadable, not a regular file, or not signed so."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except OSError:
        return None
    try:
        with os.fdopen(handle, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                return None
            data = stream.read()
    except OSError:
        return None
    signature, payload = data[:SIGNATURE_SIZE], data[SIGNATURE_SIZE:]
    if not hmac.compare_digest(signature, _signature(key, purpose, payload)):
        return None
    return payload
