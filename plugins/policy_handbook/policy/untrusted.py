"""What a hostile file in `policies/` or `calendar/` cannot do to the machine that reads it.

- **Leave the project.** A link (`policies/x.yaml -> /etc/passwd`) would put another file's text
  into CI logs and the `serve` banner; a link that resolves outside the project is refused
  before it is opened, as are links to nothing and links that loop.
- **Crash or hang the read.** A folder named like a file (`policies/x.yaml/`) is refused with a
  message rather than skipped or raising IsADirectoryError; a pipe or device, which would block
  the read or never end, is refused too.
- **Flood the log.** A file with thousands of problems (a key pasted over and over) lists the
  first `MAX_PROBLEMS_PER_FILE` and a count (`at_most`).
- **Rewrite the terminal.** `visible` shows control characters in a message as escapes
  (`\\x1b`), so a value quoted in a problem cannot retitle, recolour or erase lines of a
  terminal or CI log. Problems, and every line of the build's report, go through it.

Nothing here imports MkDocs.
"""

from __future__ import annotations

import re
import stat
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

YAML_SUFFIXES = (".yaml", ".yml")
MAX_PROBLEMS_PER_FILE = 100
_Problem = TypeVar("_Problem", bound=Any)


def yaml_entries(directory: Path) -> list[Path]:
    """Everything in `directory` named *.yaml or *.yml, in order: files, and also folders and
    links, so that `refusal` can name one that is not a file instead of it being skipped."""
    return sorted(p for p in directory.iterdir() if p.suffix in YAML_SUFFIXES)


def project_folders(folder: Path, root: Path | None = None) -> tuple[Path, ...]:
    """Where a file found in the input `folder` may lead: the project (`root`, the folder
    holding mkdocs.yml; when not known, the folder holding `folder`) and `folder` itself."""
    project = root if root is not None else Path(folder).absolute().parent
    return (Path(project).resolve(), Path(folder).resolve())


def refusal(path: Path, inside: Sequence[Path], what: str) -> str | None:
    """Why `path` is not read (a message to follow its name), or None when it is a regular
    file within `inside` (see `project_folders`). `what` names what it should be: "a policy"."""
    try:
        target = path.resolve()
    except (OSError, RuntimeError):  # a loop of links (RuntimeError before Python 3.13)
        return f"is a link that leads round in a loop; {what} must be a file"
    if not any(target.is_relative_to(folder) for folder in inside):
        return (
            f"is a link that points outside the project; {what} must be a file inside the "
            "project: copy the file in instead of linking to it"
        )
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return f"is a link to a file that does not exist; {what} must be a file"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or type(exc).__name__})"
    if stat.S_ISDIR(mode):
        return (
            f"is a folder; {what} must be a file: move what the folder holds elsewhere, or "
            f"rename it so its name does not end {path.suffix}"
        )
    if not stat.S_ISREG(mode):
        return f"is not a regular file (a pipe, socket or device); {what} must be a text file"
    return None


def at_most(problems: list[_Problem], limit: int = MAX_PROBLEMS_PER_FILE) -> list[_Problem]:
    """The first `limit` of one file's problems (yaml_reader.Problem), in order, and one more
    saying how many were left out."""
    if len(problems) <= limit:
        return problems
    ordered = sorted(problems)
    return ordered[:limit] + [
        replace(
            ordered[limit],
            field="",
            message=f"… and {len(problems) - limit:,} more problems from here on "
            f"(only the first {limit} in a file are listed)",
        )
    ]


# C0 and C1 controls and DEL (a terminal acts on ESC, CR, backspace…), line and paragraph
# separators, and the bidirectional embeddings, overrides and isolates, which reorder a line as
# a web-based CI log shows it.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` on one line with every control character shown as an escape: ESC as `\\x1b`,
    a line break as `\\n`, a tab as `\\t`, a bidirectional override as `\\u202e`.

    Showing a message twice is harmless: the result holds no control characters."""
    return _INVISIBLE.sub(_escape, text)
