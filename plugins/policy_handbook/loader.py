"""Load and validate `policies/*.yaml`, reporting every problem in every file at once.

Each problem names the file, line and column, the field's dotted path and what was expected,
in words a policy author can act on. Nothing here imports MkDocs.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from . import checks
from .model import Policy

PathKey = tuple[str | int, ...]


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one policy file."""

    file: str
    line: int
    column: int
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        return f"{where} {self.field}: {self.message}" if self.field else f"{where} {self.message}"


class PolicyError(Exception):
    """Raised when any policy file has problems; `str()` is the whole report."""

    def __init__(self, problems: Sequence[Problem]):
        self.problems = sorted(problems)
        super().__init__(self.report())

    def report(self) -> str:
        files = len({problem.file for problem in self.problems})
        count = len(self.problems)
        heading = (
            f"{count} problem{'s' if count != 1 else ''} in "
            f"{files} policy file{'s' if files != 1 else ''}:"
        )
        return "\n".join([heading, *(f"  {problem}" for problem in self.problems)])


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


@dataclass
class LoadedPolicy:
    path: Path
    policy: Policy
    marks: Marks
    source: str

    @property
    def slug(self) -> str:
        return self.policy.slug

    @property
    def display_path(self) -> str:
        return display_path(self.path)

    def where(self, path: PathKey) -> str:
        """`file:line:column field.path` for a field of this policy, to start a message."""
        line, column = self.marks.at(path)
        return f"{self.display_path}:{line}:{column} {format_path(path)}"


@dataclass
class LoadedSite:
    directory: Path
    policies: list[LoadedPolicy]

    def by_slug(self, slug: str) -> LoadedPolicy:
        for loaded in self.policies:
            if loaded.slug == slug:
                return loaded
        known = ", ".join(loaded.slug for loaded in self.policies) or "none"
        raise KeyError(f"no organisation with slug {slug!r} (known: {known})")


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


# --- YAML with positions ------------------------------------------------------------------------


# libyaml's parser is about ten times faster than PyYAML's own and gives the same marks.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _PolicyYamlLoader(_BaseLoader):
    """SafeLoader that leaves dates as text, so the model checks them and names the field."""


_PolicyYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _read_yaml(text: str, file: str) -> tuple[Any, Marks, list[Problem]]:
    loader = _PolicyYamlLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, Marks(), []
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(part for part in (exc.context, exc.problem) if part)
        return None, Marks(), [Problem(file, line, column, "", f"is not valid YAML: {what}")]
    except yaml.YAMLError as exc:
        return None, Marks(), [Problem(file, 1, 1, "", f"is not valid YAML: {exc}")]
    finally:
        loader.dispose()
    marks = Marks()
    problems: list[Problem] = []
    _collect_marks(node, (), marks, problems, file)
    return data, marks, problems


def _position(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _collect_marks(
    node: yaml.Node, path: PathKey, marks: Marks, problems: list[Problem], file: str
) -> None:
    marks.values[path] = _position(node)
    if isinstance(node, yaml.MappingNode):
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
            _collect_marks(value_node, child, marks, problems, file)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _collect_marks(item, (*path, index), marks, problems, file)


# --- pydantic errors in the author's words ---------------------------------------------------


def _resolve_loc(data: Any, loc: Sequence[str | int]) -> PathKey:
    """Map pydantic's error location onto the YAML data, dropping validator and union tags."""
    resolved: list[str | int] = []
    current = data
    for part in loc:
        if isinstance(current, dict) and part in current:
            current = current[part]
            resolved.append(part)
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
            resolved.append(part)
        elif isinstance(part, str) and not isinstance(current, dict | list):
            continue  # a tag such as "function-after[...]" under a scalar
        elif (
            isinstance(current, dict)
            and isinstance(part, str)
            and not part.startswith(("function-", "union[", "tagged-union["))
        ):
            resolved.append(part)  # a missing or unknown key: name it
            current = None
    return tuple(resolved)


def _got(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping (key: value pairs)"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = repr(value) if not isinstance(value, str) else f'"{value}"'
    return text if len(text) <= 60 else text[:57] + "…"


def _model_at(model: type[BaseModel], path: PathKey) -> type[BaseModel] | None:
    """The pydantic model whose field the last part of `path` names (for suggestions)."""
    current: Any = model
    for part in path[:-1]:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        info = current.model_fields.get(part) or next(
            (f for f in current.model_fields.values() if f.alias == part), None
        )
        if info is None:
            continue  # a mapping key such as channels.<slug>: the model stays the value's
        current = _inner_model(info.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    from typing import get_args

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _field_names(model: type[BaseModel]) -> list[str]:
    return [info.alias or name for name, info in model.model_fields.items()]


def _explain(error: dict[str, Any], path: PathKey) -> str:
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return "is required but missing"
    if kind == "extra_forbidden":
        name = str(path[-1]) if path else "?"
        model = _model_at(Policy, path)
        hint = ""
        if model is not None:
            close = difflib.get_close_matches(name, _field_names(model), n=1)
            if close:
                hint = f" — did you mean '{close[0]}'?"
            else:
                hint = " — expected one of: " + ", ".join(_field_names(model))
        return f"is not a known field{hint}"
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return f"must be a whole number, got {_got(value)}"
    if kind in ("greater_than_equal",):
        return f"must be a whole number ≥ {ctx.get('ge')}, got {_got(value)}"
    if kind in ("less_than_equal",):
        return f"must be at most {ctx.get('le')}, got {_got(value)}"
    if kind in ("string_type",):
        return f"must be text, got {_got(value)}"
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_pattern_mismatch":
        return (
            f"must be a short id of lower-case letters, digits and hyphens "
            f"(like 'safeguarding' or 'case-advice'), got {_got(value)}"
        )
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"must be a mapping (key: value pairs), got {_got(value)}"
    if kind == "list_type":
        return f"must be a list (lines starting with '- '), got {_got(value)}"
    if kind == "too_short":
        return f"must have at least {ctx.get('min_length')} item(s)"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected')}, got {_got(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"must be true or false, got {_got(value)}"
    if kind in ("time_parsing", "time_type"):
        return f'must be a time of day like "09:30" (in quotes), got {_got(value)}'
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "assertion_error":
        return str(ctx.get("error", error["msg"]))
    return f"{error['msg'][0].lower()}{error['msg'][1:]}, got {_got(value)}"


# --- loading ------------------------------------------------------------------------------------


def _load_one(path: Path) -> tuple[LoadedPolicy | None, list[Problem]]:
    file = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        return None, [Problem(file, 1, 1, "", f"is not UTF-8 text ({exc.reason})")]
    data, marks, problems = _read_yaml(text, file)
    if problems and data is None:
        return None, problems
    if data is None:
        return None, [
            Problem(
                file,
                1,
                1,
                "",
                "is empty; a policy file needs at least organisation:, policy: and sections: "
                "(see README, 'How a policy file is structured')",
            )
        ]
    if not isinstance(data, dict):
        line, column = marks.at(())
        return None, problems + [
            Problem(
                file,
                line,
                column,
                "",
                f"must be a mapping of keys such as organisation:, policy: and sections:, "
                f"got {_got(data)}",
            )
        ]
    organisation = data.get("organisation")
    if isinstance(organisation, dict) and organisation.get("slug") is None:
        organisation["slug"] = path.stem
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            where = _resolve_loc(data, error["loc"])
            line, column = marks.at(where)
            problems.append(Problem(file, line, column, format_path(where), _explain(error, where)))
        return None, problems
    for where, message in checks.check_policy(policy):
        line, column = marks.at(where)
        problems.append(Problem(file, line, column, format_path(where), message))
    if problems:
        return None, problems
    return LoadedPolicy(path=path, policy=policy, marks=marks, source=text), []


def policy_files(directory: Path) -> list[Path]:
    return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_policies(directory: Path) -> LoadedSite:
    """Load every policy in `directory`; raise PolicyError listing every problem in every file."""
    directory = Path(directory)
    if not directory.is_dir():
        raise PolicyError(
            [Problem(display_path(directory), 1, 1, "", "is not a folder of policy files")]
        )
    problems: list[Problem] = []
    loaded: list[LoadedPolicy] = []
    for path in policy_files(directory):
        one, found = _load_one(path)
        problems.extend(found)
        if one is not None:
            loaded.append(one)
    first_with_slug: dict[str, LoadedPolicy] = {}
    for one in loaded:
        other = first_with_slug.get(one.slug)
        if other is not None:
            line, column = one.marks.at(("organisation", "slug"))
            problems.append(
                Problem(
                    one.display_path,
                    line,
                    column,
                    "organisation.slug",
                    f'"{one.slug}" is already used by {other.display_path}; '
                    "each organisation needs its own slug",
                )
            )
        else:
            first_with_slug[one.slug] = one
    if not loaded and not problems:
        problems.append(
            Problem(
                display_path(directory),
                1,
                1,
                "",
                "holds no policy files (*.yaml); add one per organisation",
            )
        )
    if problems:
        raise PolicyError(problems)
    return LoadedSite(directory=directory, policies=loaded)
