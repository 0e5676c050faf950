"""Special days: awareness days and weeks, and blackout dates, from the `calendar/` folder.

Reads `calendar/awareness-days.yaml` and `calendar/blackout-dates.yaml` into typed models for
the scheduler (the folder keeps its agreed name; the code says what it holds, apart from the
posting-calendar feature and icalendar's Calendar).

Errors name the file, the line and the field, e.g.
`calendar/awareness-days.yaml:12: [3].end: must be on or after start (2026-11-16)`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from .loader import display_path, read_yaml
from .model import Slug, Text
from .schedule import Blackout, Theme

AWARENESS_FILE = "awareness-days.yaml"
BLACKOUT_FILE = "blackout-dates.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _end_after_start(cls, end: dt.date | None, info: ValidationInfo) -> dt.date | None:
    start = info.data.get("start")
    if end is not None and start is not None and end < start:
        raise ValueError(f"must be on or after start ({start})")
    return end


class AwarenessEvent(_Strict):
    """An awareness day, week or month. One entry per year; `id` is the same every year."""

    id: Slug = Field(description="The theme's name in schedule.awareness_themes: 'carers-week'.")
    name: Text
    start: dt.date
    end: dt.date | None = Field(None, description="Last day; omit for a single day.")
    guidance: Text = Field(description="One line on what to post.")
    source: str = Field(pattern=r"^https?://", description="Where the dates were checked.")

    _end_after_start = field_validator("end")(_end_after_start)

    def theme(self) -> Theme:
        return Theme(
            id=self.id,
            name=self.name,
            start=self.start,
            end=self.end or self.start,
            guidance=self.guidance,
            source=self.source,
        )


class BlackoutDate(_Strict):
    """Days on which no posts are planned."""

    start: dt.date
    end: dt.date | None = Field(None, description="Last day; omit for a single day.")
    reason: Text
    organisations: list[Slug] = Field(default_factory=list, description="Slugs; empty means all.")
    channels: list[Slug] = Field(default_factory=list, description="Channel ids; empty means all.")

    _end_after_start = field_validator("end")(_end_after_start)

    def blackout(self) -> Blackout:
        return Blackout(
            start=self.start,
            end=self.end or self.start,
            reason=self.reason,
            organisations=tuple(self.organisations),
            channels=tuple(self.channels),
        )


class SpecialDaysError(ValueError):
    """Problems in calendar/*.yaml; `str()` is the full report, one problem a line."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class SpecialDays:
    awareness: tuple[AwarenessEvent, ...] = ()
    blackouts: tuple[BlackoutDate, ...] = ()

    @property
    def themes(self) -> list[Theme]:
        return [event.theme() for event in self.awareness]

    @property
    def blackout_periods(self) -> list[Blackout]:
        return [entry.blackout() for entry in self.blackouts]


def load_special_days(directory: Path) -> SpecialDays:
    """Read both files (each may be missing: no awareness days, no blackout dates)."""
    problems: list[str] = []
    awareness = _load_list(directory / AWARENESS_FILE, AwarenessEvent, problems)
    blackouts = _load_list(directory / BLACKOUT_FILE, BlackoutDate, problems)
    if problems:
        raise SpecialDaysError(problems)
    return SpecialDays(tuple(awareness), tuple(blackouts))


def _load_list(path: Path, model: type[BaseModel], problems: list[str]) -> list[Any]:
    if not path.exists():
        return []
    # The policies' reader: the same limits (size, nesting, aliases), dates left as text for
    # pydantic to report with their line, and control characters refused.
    data, marks, found = read_yaml(path)
    for problem in found:
        field = f"{problem.field}: " if problem.field else ""
        message = problem.message
        if message.startswith("is not valid YAML"):
            message = message.removeprefix("is ")  # as this file's messages have always read
        problems.append(f"{problem.file}:{problem.line}: {field}{message}")
    if data is None:
        return []
    name = display_path(path)
    if not isinstance(data, list):
        problems.append(f"{name}:1: must be a list of entries (each starting with '- ')")
        return []
    try:
        return TypeAdapter(list[model]).validate_python(data)
    except ValidationError as error:
        for item in error.errors():
            loc = item["loc"]
            field = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)
            line, _column = marks.at(tuple(loc))
            problems.append(f"{name}:{line}: {field.lstrip('.')}: {_words(item)}")
        return []


def _words(item: dict) -> str:
    """pydantic's message in the author's terms."""
    if item["type"] == "extra_forbidden":
        return "is not a known field (check the spelling)"
    if item["type"] == "missing":
        return "is required"
    if item["type"] == "string_pattern_mismatch" and item["loc"][-1] == "source":
        return "must be a web address starting with https://"
    if item["type"] == "string_pattern_mismatch":
        return "must be lower-case words joined by hyphens, like carers-week"
    return item["msg"].removeprefix("Value error, ")
