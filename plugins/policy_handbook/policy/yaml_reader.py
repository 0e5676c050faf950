"""Read a YAML file within limits, keeping where every value sits, and report problems.

One reader for policies (`loader.py`) and calendar files (`planning/special_days.py`): each
problem is a `Problem` with file, line, column and field path. Nothing here knows the policy model.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .positions import Marks, PathKey, format_path  # noqa: F401 - read from here too
from .text_limits import UNWANTED as _UNWANTED
from .text_limits import markup_problem
from .text_limits import unwanted_character as _unwanted_character
from .untrusted import visible
from .yaml_bounds import (  # noqa: F401 - the limits are part of this module's interface
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_TEXT,
    MAX_TEXT_LENGTH,
    MAX_VALUES,
    BaseLoader,
    PolicyYamlLoader,
    Refused,
    check_limits,
    foreign_tag,
)
from .yaml_hints import lost_to_comment, syntax_message


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one YAML file (a policy or a calendar file)."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        """One line for a terminal, a CI log or the serve banner: a long field path (the file's
        own keys) is cut, and control characters from names and values show as escapes."""
        where = f"{self.file}:{self.line}:{self.column}"
        name = self.field if len(self.field) <= 120 else self.field[:120] + "…"
        return visible(f"{where} {name}: {self.message}" if name else f"{where} {self.message}")


def display_path(path: Path) -> str:
    """A path as the author would type it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # a different drive on Windows
        return str(path)


def _reader_problem(exc: yaml.reader.ReaderError, text: str, file: str) -> Problem:
    """A character YAML refuses outright, at its line and column."""
    if BaseLoader is yaml.SafeLoader:
        before = text[: exc.position]
    else:  # libyaml counts bytes of UTF-8
        before = text.encode("utf-8")[: exc.position].decode("utf-8", errors="ignore")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    char = chr(exc.character) if isinstance(exc.character, int) else str(exc.character)
    if _UNWANTED.fullmatch(char):
        return Problem(file, line, column, "", _unwanted_character(char))
    code = f"U+{ord(char):04X}" if len(char) == 1 else repr(char)
    return Problem(file, line, column, "", f"is not valid YAML: it contains {code} ({exc.reason})")


def read_yaml(path: Path) -> tuple[Any, Marks, list[Problem]]:
    """Read a YAML file within the limits above: its data, where each value sits, and problems.

    The data is None when the file is empty or cannot be read at all. Text holding control
    characters is reported but kept, so the rest of the file is still checked.
    """
    text, problems = read_text(path)
    if text is None:
        return None, Marks(), problems
    return parse_yaml(text, display_path(path))


def read_text(path: Path) -> tuple[str | None, list[Problem]]:
    """The file's text, or None and the problem when it is too big or not UTF-8."""
    file = display_path(path)
    try:  # the callers refuse folders, pipes and links first (untrusted.refusal)
        with path.open("rb") as stream:
            size = os.fstat(stream.fileno()).st_size
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        return None, [Problem(file, 1, 1, "", f"cannot be read ({exc.strerror or exc})")]
    if len(raw) > MAX_FILE_BYTES:
        megabytes = max(size, len(raw)) / 1024 / 1024
        return None, [
            Problem(
                file,
                1,
                1,
                "",
                f"is {megabytes:.1f} MB; a file here may be at most "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB (a whole policy is about 20 KB)",
            )
        ]
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        return None, [Problem(file, 1, 1, "", f"is not UTF-8 text ({exc.reason})")]


def parse_yaml(text: str, file: str) -> tuple[Any, Marks, list[Problem]]:
    """`text`, read from `file`, as `read_yaml` returns it."""
    loader = None
    try:
        check_limits(text)
        loader = PolicyYamlLoader(text)
        node = loader.get_single_node()
        if node is None:
            return None, Marks(), []
        foreign = foreign_tag(node)
        if foreign is not None:
            raise Refused(*foreign)
        data = loader.construct_document(node)
    except Refused as exc:
        line, column = exc.mark.line + 1, exc.mark.column + 1
        return None, Marks(), [Problem(file, line, column, "", exc.message)]
    except yaml.reader.ReaderError as exc:
        return None, Marks(), [_reader_problem(exc, text, file)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(part for part in (exc.context, exc.problem) if part)
        line, column, message = syntax_message(text, line, column, what)
        return None, Marks(), [Problem(file, line, column, "", message)]
    except yaml.YAMLError as exc:
        return None, Marks(), [Problem(file, 1, 1, "", f"is not valid YAML: {exc}")]
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        # construct_object names the value; this is only in case a constructor escapes it.
        return (
            None,
            Marks(),
            [Problem(file, 1, 1, "", f"holds a value that cannot be read ({exc})")],
        )
    finally:
        if loader is not None:
            loader.dispose()
    marks = Marks()
    problems: list[Problem] = []
    _collect_marks(node, (), marks, problems, file, text)
    return data, marks, problems


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _text_problem(node: yaml.ScalarNode, path: PathKey, text: str, file: str) -> Problem | None:
    """An unwanted character or an over-long text, at its own line and column when the
    source holds it as written (an escape such as "\\u202E" is reported at the value)."""
    value = node.value
    if len(value) > MAX_TEXT_LENGTH:
        line, column = _position(node)
        return Problem(
            file,
            line,
            column,
            format_path(path),
            f"is {len(value):,} characters long; one piece of text may be at most "
            f"{MAX_TEXT_LENGTH:,}",
        )
    found = _UNWANTED.search(value)
    if found is not None:
        where, message = found.group(), _unwanted_character(found.group())
    else:
        costly = markup_problem(value)
        if costly is None:
            return None
        offset, message = costly
        where = value[offset : offset + 40].split("\n", 1)[0]
    line, column = _position(node)
    source = text[node.start_mark.index : node.end_mark.index]
    offset = source.find(where) if where else -1
    if offset >= 0:
        newlines = source.count("\n", 0, offset)
        line += newlines
        column = offset - source.rfind("\n", 0, offset) if newlines else column + offset
    return Problem(file, line, column, format_path(path), message)


def _collect_marks(
    node: yaml.Node,
    path: PathKey,
    marks: Marks,
    problems: list[Problem],
    file: str,
    text: str,
) -> None:
    """Record where each value sits, and report keys given twice and unwanted text.

    Recursion is safe: check_limits has bounded the depth and the aliases already."""
    marks.values[path] = _position(node)
    if isinstance(node, yaml.ScalarNode):
        found = _text_problem(node, path, text, file)
        if found is not None:
            problems.append(found)
        lost = lost_to_comment(text, node)
        if lost is not None:
            problems.append(Problem(file, lost[0], lost[1], format_path(path), lost[2]))
    elif isinstance(node, yaml.MappingNode):
        seen: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else "?"
            child = (*path, key)
            if key in seen:
                line, column = _position(key_node)
                problems.append(
                    Problem(
                        file,
                        line,
                        column,
                        format_path(child),
                        f"is given twice (first on line {seen[key][0]}); "
                        "YAML would silently keep only the last one",
                    )
                )
            seen[key] = _position(key_node)
            marks.keys[child] = _position(key_node)
            if isinstance(key_node, yaml.ScalarNode):
                found = _text_problem(key_node, child, text, file)
                if found is not None:
                    problems.append(found)
            _collect_marks(value_node, child, marks, problems, file, text)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_marks(item, (*path, index), marks, problems, file, text)
