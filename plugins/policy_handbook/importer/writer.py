"""The draft as YAML text: every string double-quoted (so no policy text can be read as YAML
syntax, a number or true/false), keys in the order the loader documents, each guess as a
`# guess: …` comment on its line."""

from __future__ import annotations

import json
from typing import Any

from .draft import Draft, Path

ORDER = [
    "organisation",
    "contacts",
    "policy",
    "channels",
    "schedule",
    "sections",
    "replies",
    "follow",
]
# YAML reads these as line breaks or a byte order mark even inside double quotes.
_UNSAFE = {"\u0085": "\\N", "\u2028": "\\L", "\u2029": "\\P", "\ufeff": "\\uFEFF"}


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    text = json.dumps(str(value), ensure_ascii=False)
    for char, escape in _UNSAFE.items():
        text = text.replace(char, escape)
    return text


def write(draft: Draft, header: list[str]) -> str:
    lines = [f"# {line}" if line else "#" for line in header]
    for key in ORDER:
        value = draft.data.get(key)
        if value in (None, {}, []):
            continue
        lines.append("")
        lines += _entry(key, value, 0, (key,), draft)
    return "\n".join(lines) + "\n"


def _comment(draft: Draft, path: Path) -> str:
    why = draft.guesses.get(path)
    return f"  # {' '.join(why.split())}" if why else ""


def _entry(key: str, value: Any, indent: int, path: Path, draft: Draft) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict | list) and value:
        return [f"{pad}{key}:{_comment(draft, path)}", *_nested(value, indent + 2, path, draft)]
    empty = "{}" if isinstance(value, dict) else "[]" if isinstance(value, list) else None
    return [f"{pad}{key}: {empty or scalar(value)}{_comment(draft, path)}"]


def _nested(value: Any, indent: int, path: Path, draft: Draft) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for key, inner in value.items():
            lines += _entry(key, inner, indent, (*path, key), draft)
        return lines
    for index, inner in enumerate(value):
        here = (*path, index)
        if isinstance(inner, dict) and inner:
            body = _nested(inner, indent + 2, here, draft)
            comment = _comment(draft, here)
            if comment:
                lines.append(f"{pad}-{comment}")
                lines += body
            else:
                lines.append(f"{pad}- {body[0].lstrip()}")
                lines += body[1:]
        elif isinstance(inner, list) and inner:
            lines.append(f"{pad}-{_comment(draft, here)}")
            lines += _nested(inner, indent + 2, here, draft)
        else:
            lines.append(f"{pad}- {scalar(inner)}{_comment(draft, here)}")
    return lines
