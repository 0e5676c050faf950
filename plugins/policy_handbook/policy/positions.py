"""Where a value sits in a YAML file: its field path, and the line and column of each path.

The reader fills `Marks` as it reads; the loader, the hints and the calendar files turn a field
path back into a line to point at. Nothing here reads YAML or knows the policy model.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

PathKey = tuple[str | int, ...]


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


def format_path(path: Iterable[str | int]) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text
