"""What the importer refuses before any parser sees the file: too large, or (for the zipped
formats) too large once unpacked, the shape of a zip bomb."""

from __future__ import annotations

import zipfile
from pathlib import Path

from .document import ImportRefused

MAX_FILE_BYTES = 20 * 1024 * 1024  # far above any real policy (the seeds are under 100 kB)
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # what a .docx or .odt may hold once decompressed
MAX_ZIP_ENTRIES = 5_000
PANDOC_SECONDS = 60
PANDOC_HEAP_MB = 1024  # pandoc's own heap limit (its runtime's -M): a document that needs more
# is refused, rather than the machine running out of memory


def check_size(path: Path, size: int) -> None:
    if size > MAX_FILE_BYTES:
        raise ImportRefused(
            f"{path}: is {size / 1024 / 1024:.1f} MB; the importer reads documents up to "
            f"{MAX_FILE_BYTES // 1024 // 1024} MB (is it the policy, or a whole report?)"
        )
    if size == 0:
        raise ImportRefused(f"{path}: is empty")


def check_zip(path: Path) -> None:
    """A .docx or .odt is a zip: read its directory (nothing is decompressed) and refuse one that
    claims more than MAX_UNPACKED_BYTES or MAX_ZIP_ENTRIES."""
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise ImportRefused(
            f"{path}: cannot be read as a {path.suffix} document ({error}); save it again from "
            "the word processor"
        ) from error
    total = sum(entry.file_size for entry in entries)
    if len(entries) > MAX_ZIP_ENTRIES or total > MAX_UNPACKED_BYTES:
        raise ImportRefused(
            f"{path}: would unpack to {total / 1024 / 1024:.0f} MB in {len(entries)} parts; the "
            f"importer refuses more than {MAX_UNPACKED_BYTES // 1024 // 1024} MB (a damaged or "
            "malicious file)"
        )


def read_bounded(path: Path, limit: int) -> bytes:
    """At most `limit` bytes of `path`, refused past that: the file may grow after the check."""
    with open(path, "rb") as stream:
        data = stream.read(limit + 1)
    check_size(path, len(data))
    return data
