"""Read a YAML file within limits, keeping where every value sits, and report problems.

One reader for policies (`loader.py`) and calendar files (`awareness.py`): each problem is a
`Problem` with file, line, column and field path. Nothing here knows the policy model.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .untrusted import visible
from .yaml_hints import syntax_message

PathKey = tuple[str | int, ...]


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


@dataclass
class Marks:
    """Where each value (and each mapping key) sits in the YAML source, by field path."""

    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def at(self, path: PathKey) -> tuple[int, int]:
        """Line and column for a field path: its key if it has one, else the nearest parent."""
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefix in self.keys:
                return self.keys[prefix]
            if prefix in self.values:
                return self.values[prefix]
        return (1, 1)


def display_path(path: Path) -> str:
    """A path as the author would type it: relative to the working directory when inside it."""
    try:
        return os.path.relpath(path)
    except ValueError:  # a different drive on Windows
        return str(path)


def format_path(path: Iterable[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


# --- YAML with positions, within limits ------------------------------------------------------

# Limits no real policy comes near: the seeds are 15-17 KB, nest lists and mappings 8 deep (the
# fixture 10), hold about 500 values and no text over 500 characters. They are checked on
# libyaml's event stream, which does not recurse, before any document is built: building one
# recurses in C, so deep nesting overflows the stack (a segfault, no message), and aliases can
# multiply a 500-byte file into billions of values ("billion laughs"). At these limits the
# largest file still loads in about a third of a second.
MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 50
MAX_VALUES = 20_000  # counting an alias as every value it repeats
MAX_TEXT = 2_000_000  # characters, likewise; a file within MAX_FILE_BYTES holds at most 1 MiB
MAX_TEXT_LENGTH = 100_000  # characters in one piece of text

# libyaml's parser is about ten times faster than PyYAML's own and gives the same marks.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# YAML 1.1 reads unquoted 17:00 as the sexagesimal (base 60) number 1020, and 2024-04-30 as a
# date; both stay text here, so times read as written and the model checks dates and names the
# field. These are SafeLoader's int and float patterns without their base-60 forms.
_INT = re.compile(
    r"^(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+)$"
)
_FLOAT = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_REPLACED = {"tag:yaml.org,2002:int": _INT, "tag:yaml.org,2002:float": _FLOAT}


class _Refused(Exception):
    """Something in the YAML source refused before (or while) building the data."""

    def __init__(self, mark: Any, message: str):
        super().__init__(message)
        self.mark = mark
        self.message = message


class _PolicyYamlLoader(_BaseLoader):
    """SafeLoader that leaves dates and HH:MM times as text, and says where a value it cannot
    construct (a 5,000-digit number, `!!timestamp 2026-13-01`) sits instead of raising."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except (yaml.YAMLError, _Refused):
            raise
        except (ValueError, TypeError, OverflowError, RecursionError) as exc:
            reason = str(exc)
            if node.tag.endswith(":int") and "digits" in reason:
                reason = f"a whole number of {len(node.value):,} digits is too long"
            raise _Refused(
                node.start_mark, f"holds a value that cannot be read ({reason})"
            ) from None


_PolicyYamlLoader.yaml_implicit_resolvers = {
    first: [
        (tag, _REPLACED.get(tag, regexp))
        for tag, regexp in resolvers
        if tag != "tag:yaml.org,2002:timestamp"
    ]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

# C0 controls other than tab, newline and carriage return; DEL; C1 controls; and the
# bidirectional embeddings, overrides and isolates, which make text display in an order
# other than the one it is read in ("Trojan Source").
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _unwanted_character(char: str) -> str:
    code = f"U+{ord(char):04X}"
    if ord(char) >= 0x2000:
        name = unicodedata.name(char).lower()
        return (
            f"contains the invisible character {code} ({name}), which changes the order text "
            "is shown in; remove it"
        )
    return f"contains the control character {code}; remove it"


def _check_limits(text: str) -> None:
    """Raise _Refused at the first event that crosses a limit (and YAMLError if the text
    is not YAML), without building the document."""
    try:
        _check_events(yaml.parse(text, Loader=_PolicyYamlLoader))
    except yaml.YAMLError:
        if _BaseLoader is yaml.SafeLoader:
            raise
        # libyaml has a nesting limit of its own (1,000 in the copy PyYAML 6.0.4 ships), and its
        # scanner reads far ahead of the events, so it can refuse, in its words, a file that
        # passes our limit several hundred levels before it sees the end. PyYAML's own parser
        # has no such limit and does not recurse either: it finds where ours is crossed. Only a
        # file that is refused anyway pays for the second, slower reading.
        try:
            _check_events(yaml.parse(text, Loader=yaml.SafeLoader))
        except yaml.YAMLError:
            pass
        raise


def _check_events(events: Iterable[yaml.Event]) -> None:
    depth = values = characters = 0
    opened: list[tuple[str | None, int, int]] = []  # anchor, values and characters before it
    anchors: dict[str, tuple[int, int] | None] = {}  # None: the collection is still open
    for event in events:
        alias = None
        if isinstance(event, yaml.ScalarEvent):
            values += 1
            characters += len(event.value)
            if event.anchor is not None:
                anchors[event.anchor] = (1, len(event.value))
        elif isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(
                    event.start_mark,
                    f"nests lists and mappings more than {MAX_DEPTH} levels deep here; a "
                    f"policy needs at most {MAX_DEPTH} (check for an unclosed [ or {{)",
                )
            opened.append((event.anchor, values, characters))
            values += 1
            if event.anchor is not None:
                anchors[event.anchor] = None
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            anchor, values_before, characters_before = opened.pop()
            if anchor is not None:
                anchors[anchor] = (values - values_before, characters - characters_before)
        elif isinstance(event, yaml.AliasEvent):
            alias = event.anchor
            if alias in anchors:  # an unknown alias: composing the document reports it
                size = anchors[alias]
                if size is None:
                    raise _Refused(
                        event.start_mark,
                        f"uses *{alias} inside &{alias} itself; an alias cannot contain "
                        "the list or mapping it stands for",
                    )
                values += size[0]
                characters += size[1]
        elif isinstance(event, yaml.DocumentStartEvent):
            anchors.clear()
        if values > MAX_VALUES:
            raise _Refused(
                event.start_mark,
                f"repeats the alias *{alias} so often that the file would hold more than "
                f"{MAX_VALUES:,} values; a whole policy holds about 500, so write the "
                "repeated part out or repeat it less"
                if alias
                else f"holds more than {MAX_VALUES:,} values; a whole policy holds about 500",
            )
        if characters > MAX_TEXT:
            raise _Refused(
                event.start_mark,
                f"repeats the alias *{alias} so often that the file would hold more than "
                f"{MAX_TEXT:,} characters of text; a whole policy holds about 15,000",
            )


def _reader_problem(exc: yaml.reader.ReaderError, text: str, file: str) -> Problem:
    """A character YAML refuses outright, at its line and column."""
    if _BaseLoader is yaml.SafeLoader:
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
        _check_limits(text)
        loader = _PolicyYamlLoader(text)
        node = loader.get_single_node()
        if node is None:
            return None, Marks(), []
        data = loader.construct_document(node)
    except _Refused as exc:
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
    if found is None:
        return None
    line, column = _position(node)
    source = text[node.start_mark.index : node.end_mark.index]
    offset = source.find(found.group())
    if offset >= 0:
        newlines = source.count("\n", 0, offset)
        line += newlines
        column = offset - source.rfind("\n", 0, offset) if newlines else column + offset
    return Problem(file, line, column, format_path(path), _unwanted_character(found.group()))


def _collect_marks(
    node: yaml.Node,
    path: PathKey,
    marks: Marks,
    problems: list[Problem],
    file: str,
    text: str,
) -> None:
    """Record where each value sits, and report keys given twice and unwanted text.

    Recursion is safe: _check_limits has bounded the depth and the aliases already."""
    marks.values[path] = _position(node)
    if isinstance(node, yaml.ScalarNode):
        found = _text_problem(node, path, text, file)
        if found is not None:
            problems.append(found)
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
