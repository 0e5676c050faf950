"""Load and validate `policies/*.yaml`, reporting every problem in every file at once.

Each problem names the file, line and column, the field's dotted path and what was expected,
in words a policy author can act on. Nothing here imports MkDocs.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError

from ..cache import POLICIES, Cache
from ..cache import key as cache_key
from . import checks, yaml_hints
from .model import Policy
from .untrusted import at_most, project_folders, refusal
from .untrusted import yaml_entries as policy_files
from .yaml_reader import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_TEXT_LENGTH,
    MAX_VALUES,
    Marks,
    PathKey,
    Problem,
    display_path,
    format_path,
    parse_yaml,
    read_text,
    read_yaml,
)

# The reader's names stay importable from here, where they were before it had its own module:
# the tests read loader.MAX_*, planning/special_days.py imports read_yaml and display_path.
__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_TEXT_LENGTH",
    "MAX_VALUES",
    "LoadedPolicy",
    "LoadedSite",
    "Marks",
    "PathKey",
    "PolicyError",
    "Problem",
    "display_path",
    "format_path",
    "load_policies",
    "policy_files",
    "read_yaml",
]


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


def _model_in_policy(path: PathKey) -> type[BaseModel] | None:
    return _model_at(Policy, path)


def _inner_model(annotation: Any) -> Any:
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
    return f"{error['msg'][0].lower()}{error['msg'][1:]}, got {_got(value)}"


# --- loading ------------------------------------------------------------------------------------


# A policy file's name goes into addresses and the edit link.
_FILE_NAME = re.compile(r"[A-Za-z0-9._-]+\.ya?ml")


def _load_one(path: Path, cache: Cache | None = None) -> tuple[LoadedPolicy | None, list[Problem]]:
    file = display_path(path)
    problems: list[Problem] = []
    named_well = _FILE_NAME.fullmatch(path.name) is not None
    if not named_well:
        problems.append(
            Problem(
                file,
                1,
                1,
                "",
                "has a name that cannot go into a web address: name policy files with "
                'letters, digits, "-", "_" and "." only, ending .yaml '
                "(like riverside-young-carers.yaml)",
            )
        )
    text, found = read_text(path)
    if text is None:
        return None, problems + found
    # The same file, read by the same code and data, loads the same: validation is skipped.
    entry_key = cache_key(POLICIES, path.name, text) if cache is not None and named_well else None
    if entry_key is not None:
        reused = cache.get(POLICIES, path.name, entry_key, LoadedPolicy)
        if reused is not None:
            return replace(reused, path=path), []
    data, marks, found = parse_yaml(text, file)
    problems.extend(found)
    if problems and data is None:
        return None, problems
    if data is None:
        return None, problems + [
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
        # Not the text itself: a file that is not a policy at all may hold anything.
        got = "text (this file does not look like a policy)" if isinstance(data, str) else None
        return None, problems + [
            Problem(
                file,
                line,
                column,
                "",
                f"must be a mapping of keys such as organisation:, policy: and sections:, "
                f"got {got or _got(data)}",
            )
        ]
    organisation = data.get("organisation")
    if isinstance(organisation, dict) and organisation.get("slug") is None and named_well:
        organisation["slug"] = path.stem
    try:
        policy = Policy.model_validate(data)
    except ValidationError as exc:
        errors = [(e, _resolve_loc(data, e["loc"])) for e in exc.errors(include_url=False)]
        # Text YAML read as a mapping, true/false or a number is explained once, at that value,
        # in place of the errors about it (a missing `text`, an unknown field "Note").
        misread: dict[PathKey, str] = {}
        for error, where in errors:
            found = yaml_hints.misread(error, where, data, text, marks, _model_in_policy)
            if found is not None:
                misread.setdefault(*found)
        commented = {p.field for p in problems if p.message.startswith(yaml_hints.LOST_TO_COMMENT)}
        explained = list(misread.items()) + [
            (where, _explain(error, where))
            for error, where in errors
            if not any(where[: len(done)] == done for done in misread)
            and format_path(where) not in commented
        ]
        for where, message in explained:
            # A misread value is placed where it is written: that is what goes in quotes.
            written = marks.values.get(where) if where in misread else None
            line, column = written or marks.at(where)
            problems.append(Problem(file, line, column, format_path(where), message))
        return None, problems
    for where, message in checks.check_policy(policy):
        line, column = marks.at(where)
        problems.append(Problem(file, line, column, format_path(where), message))
    if problems:
        return None, problems
    loaded = LoadedPolicy(path=path, policy=policy, marks=marks, source=text)
    if entry_key is not None:
        cache.put(POLICIES, path.name, entry_key, loaded)
    return loaded, []


def load_policies(
    directory: Path,
    only: str | None = None,
    cache: Cache | None = None,
    root: Path | None = None,
) -> LoadedSite:
    """Load every policy in `directory`; raise PolicyError listing every problem in every file.

    `only` (a slug or file name) loads just that organisation, for a focused preview: its own
    file when one is named so, else every file, keeping the one with that slug. With a `cache`,
    a file loaded before, unchanged, with the same code, is not parsed and validated again.
    A folder, pipe or link leaving the project `root` (mkdocs.yml's folder) is refused unread.
    """
    directory = Path(directory)
    if not directory.is_dir():
        raise PolicyError(
            [Problem(display_path(directory), 1, 1, "", "is not a folder of policy files")]
        )
    problems: list[Problem] = []
    loaded: list[LoadedPolicy] = []
    paths = policy_files(directory)
    if only is not None:
        paths = [path for path in paths if path.stem == only] or paths
    inside = project_folders(directory, root)
    for path in paths:
        refused = refusal(path, inside, "a policy")
        if refused is not None:
            problems.append(Problem(display_path(path), 1, 1, "", refused))
            continue
        one, found = _load_one(path, cache)
        problems.extend(at_most(found))
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
    if only is not None and not problems:
        known = ", ".join(sorted(one.slug for one in loaded))
        loaded = [one for one in loaded if only in (one.slug, one.path.stem)]
        if not loaded:
            message = f'has no organisation "{only}" to preview (known: {known})'
            problems.append(Problem(display_path(directory), 1, 1, "", message))
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
