"""Special days: awareness days and weeks, and blackout dates, from the `calendar/` folder.

Awareness days come in named sets, one file a set: `calendar/awareness/<set-id>.yaml` holds the
set's `name`, whether it is a `default` set, and its `days`. A policy chooses sets with
`schedule.awareness_sets`; a policy without that field gets the sets marked `default: true`,
so which sets are the default is data, not code. Blackout dates are in
`calendar/blackout-dates.yaml`. (The folder keeps its agreed name; the code says what it holds.)

A site from before sets, with one `calendar/awareness-days.yaml`, keeps working: that file is
read as the default set `awareness-days`, a plain list of days as it always was.

Errors name the file, the line and the field, e.g.
`calendar/awareness/send.yaml:40: days[3].end: must be on or after start (2026-11-16)`.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
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

from ..policy.loader import LoadedPolicy, display_path, read_yaml
from ..policy.model import Policy, Schedule, Slug, Text
from ..policy.positions import Marks, format_path
from ..policy.untrusted import project_folders, refusal, visible
from . import Blackout, Theme

AWARENESS_DIR = "awareness"  # calendar/awareness/<set-id>.yaml, one file a set
LEGACY_FILE = "awareness-days.yaml"  # the one file of sites from before sets
LEGACY_SET = "awareness-days"  # the set that file is read as (a default set)
BLACKOUT_FILE = "blackout-dates.yaml"
# A set's id is its file name, which a policy writes in schedule.awareness_sets: a Slug.
SET_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
Inside = tuple[Path, ...]  # where a calendar file may lead (untrusted.project_folders)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


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


class AwarenessSetFile(_Strict):
    """One `calendar/awareness/<set-id>.yaml`."""

    name: Text = Field(description="What the calendar page calls the set.")
    about: Text | None = Field(None, description="Who the set is for.")
    default: bool = Field(False, description="Given to every policy without awareness_sets.")
    days: list[AwarenessEvent] = Field(default_factory=list)


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
    """Problems in calendar/; `str()` is the full report, one problem a line."""

    def __init__(self, problems: list[str]) -> None:
        problems = [visible(problem) for problem in problems]  # each on one line, as shown
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class AwarenessSet:
    """A named set of awareness days, as read from its file."""

    id: str
    name: str
    default: bool
    days: tuple[AwarenessEvent, ...]
    file: str  # as messages name it: calendar/awareness/send.yaml
    raw: bytes = b""  # the file as read: an organisation's cache key holds its own sets' bytes


@dataclass(frozen=True)
class SpecialDays:
    sets: tuple[AwarenessSet, ...] = ()
    blackouts: tuple[BlackoutDate, ...] = ()
    blackout_raw: bytes = b"-"
    folder: str = "calendar/awareness"  # where a new set's file goes, for messages
    # False when calendar/ had problems (reported already): policies' choices are then not
    # judged against the sets that did load, which would only add noise.
    checked: bool = True

    @property
    def awareness(self) -> tuple[AwarenessEvent, ...]:
        """Every set's days."""
        return tuple(day for each in self.sets for day in each.days)

    @property
    def themes(self) -> list[Theme]:
        """The default sets' themes: what a policy that does not choose its sets gets."""
        return _themes(each for each in self.sets if each.default)

    @property
    def blackout_periods(self) -> list[Blackout]:
        return [entry.blackout() for entry in self.blackouts]

    def chosen(self, schedule: Schedule) -> tuple[AwarenessSet, ...]:
        """The sets a policy's calendar uses: those it names (an unknown id is reported by
        `choice_problems`), or the default sets when it has no schedule.awareness_sets."""
        if schedule.awareness_sets is None:
            return tuple(each for each in self.sets if each.default)
        by_id = {each.id: each for each in self.sets}
        wanted = dict.fromkeys(schedule.awareness_sets)  # in order, each once
        return tuple(by_id[set_id] for set_id in wanted if set_id in by_id)

    def themes_for(self, policy: Policy) -> list[Theme]:
        """The themes of the policy's chosen sets (awareness_themes filters them in `plan`)."""
        return _themes(self.chosen(policy.schedule))

    def inputs(self, policy: Policy) -> bytes:
        """The calendar files that shape this policy's plan, for its cache key: its own sets
        (so editing a set plans again only the organisations that use it) and the blackouts."""
        found = b"".join(
            each.id.encode() + b"\0" + each.raw + b"\0" for each in self.chosen(policy.schedule)
        )
        return found + b"blackouts\0" + self.blackout_raw

    def choice_problems(self, loaded: LoadedPolicy) -> list[str]:
        """schedule.awareness_sets and schedule.awareness_themes, against the sets there are."""
        if not self.checked:
            return []
        schedule = loaded.policy.schedule
        known = sorted(each.id for each in self.sets)
        problems = [
            f"{loaded.where(('schedule', 'awareness_sets', index))}: there is no awareness set "
            f'"{set_id}" (it would be the file {self.folder}/{set_id}.yaml); the sets are: '
            f"{', '.join(known) or 'none'}"
            for index, set_id in enumerate(schedule.awareness_sets or ())
            if set_id not in known
        ]
        chosen = self.chosen(schedule)
        have = sorted({day.id for each in chosen for day in each.days})
        unknown = [theme for theme in schedule.awareness_themes if theme not in have]
        # As before sets: a site with no awareness days at all does not judge the filter.
        if unknown and self.sets and not problems:
            index = schedule.awareness_themes.index(unknown[0])
            where = loaded.where(("schedule", "awareness_themes", index))
            if chosen:
                files = ", ".join(each.file for each in chosen)
                said = f"which the chosen sets ({files}) do not have; they have: {', '.join(have)}"
            else:
                said = "but schedule.awareness_sets is [], so the calendar has no awareness days"
            problems.append(f"{where}: lists {', '.join(unknown)}, {said}")
        return problems


def _themes(sets: Iterable[AwarenessSet]) -> list[Theme]:
    """The sets' days as the scheduler's themes; a day two chosen sets share is themed once."""
    found: dict[tuple[str, dt.date], Theme] = {}
    for each in sets:
        for day in each.days:
            found.setdefault((day.id, day.start), day.theme())
    return list(found.values())


def load_special_days(directory: Path, root: Path | None = None) -> SpecialDays:
    """Read every awareness set and the blackout dates (each may be missing: none of them).

    A folder, pipe or link leaving the project `root` (mkdocs.yml's folder) in place of one of
    the files is refused unread (untrusted.py)."""
    problems: list[str] = []
    inside = project_folders(directory, root)
    sets = _load_sets(directory, problems, inside)
    blackouts = _load_list(directory / BLACKOUT_FILE, BlackoutDate, problems, inside)
    if problems:
        raise SpecialDaysError(problems)
    return SpecialDays(
        tuple(sets),
        tuple(blackouts),
        _raw(directory / BLACKOUT_FILE),
        display_path(directory / AWARENESS_DIR),
    )


def _raw(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b"-"


def _load_sets(directory: Path, problems: list[str], inside: Inside) -> list[AwarenessSet]:
    sets: list[AwarenessSet] = []
    legacy = directory / LEGACY_FILE
    if legacy.exists() or legacy.is_symlink():
        before = len(problems)
        days = _load_list(legacy, AwarenessEvent, problems, inside)
        file = display_path(legacy)
        raw = _raw(legacy) if len(problems) == before else b""  # a refused file stays unread
        sets.append(AwarenessSet(LEGACY_SET, "Awareness days", True, tuple(days), file, raw))
    folder = directory / AWARENESS_DIR
    problems += _not_read(directory, folder)
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        found = _load_set(path, problems, inside)
        if found is not None and found.id == LEGACY_SET and sets and sets[0].id == LEGACY_SET:
            problems.append(
                f"{found.file}:1: is the set {LEGACY_SET}, which {sets[0].file} already is; "
                f"finish moving to sets: git rm {sets[0].file}"
            )
        elif found is not None:
            sets.append(found)
    return sets


def _not_read(directory: Path, folder: Path) -> list[str]:
    """Files an author meant as calendar input that would otherwise be skipped without a word:
    an awareness "folder" that is a file, and YAML under another ending (`send.yml`)."""
    found = []
    if folder.exists() and not folder.is_dir():
        found.append(
            f"{display_path(folder)}:1: must be a folder of awareness sets, one .yaml file a "
            "set (like calendar/awareness/send.yaml); it is a file"
        )
    candidates = sorted(folder.iterdir()) if folder.is_dir() else []
    candidates.append(directory / f"{Path(BLACKOUT_FILE).stem}.yml")
    for path in candidates:
        if path.suffix.lower() in (".yml", ".yaml") and path.suffix != ".yaml" and path.exists():
            found.append(
                f"{display_path(path)}:1: is not read: the handbook reads files ending .yaml; "
                f"rename it {path.stem}.yaml"
            )
    return found


def _load_set(path: Path, problems: list[str], inside: Inside) -> AwarenessSet | None:
    file = display_path(path)
    if not SET_ID.fullmatch(path.stem):
        problems.append(
            f"{file}:1: a set's file name is its id in schedule.awareness_sets, so it must be "
            "lower-case words joined by hyphens, like local-government.yaml"
        )
        return None
    before = len(problems)
    data, marks = _read(path, problems, inside)
    if data is None:
        if len(problems) == before:
            problems.append(f"{file}:1: is empty; a set needs name: and days:")
        return None
    if isinstance(data, list):
        problems.append(
            f"{file}:1: must be a mapping with name: and days: (a plain list is the form of the "
            "old calendar/awareness-days.yaml; put the entries under days:)"
        )
        return None
    parsed = _validate(AwarenessSetFile, data, marks, file, problems)
    if parsed is None:
        return None
    return AwarenessSet(
        path.stem, parsed.name, parsed.default, tuple(parsed.days), file, _raw(path)
    )


def _load_list(
    path: Path, model: type[BaseModel], problems: list[str], inside: Inside
) -> list[Any]:
    if not path.exists() and not path.is_symlink():
        return []
    data, marks = _read(path, problems, inside)
    if data is None:
        return []
    name = display_path(path)
    if not isinstance(data, list):
        problems.append(f"{name}:1: must be a list of entries (each starting with '- ')")
        return []
    return _validate(list[model], data, marks, name, problems) or []


def _read(path: Path, problems: list[str], inside: Inside) -> tuple[Any, Marks]:
    # The policies' reader: the same limits (size, nesting, aliases), dates left as text for
    # pydantic to report with their line, and control characters refused; and, before it, the
    # same refusal of a folder or a link out of the project.
    what = "the blackout dates" if path.name == BLACKOUT_FILE else "an awareness set"
    refused = refusal(path, inside, what)
    if refused is not None:
        problems.append(f"{display_path(path)}:1: {refused}")
        return None, Marks()
    data, marks, found = read_yaml(path)
    for problem in found:
        field = f"{problem.field}: " if problem.field else ""
        message = problem.message
        if message.startswith("is not valid YAML"):
            message = message.removeprefix("is ")  # as these files' messages have always read
        problems.append(f"{problem.file}:{problem.line}: {field}{message}")
    return data, marks


def _validate(kind: Any, data: Any, marks: Marks, name: str, problems: list[str]) -> Any:
    """`data` as `kind`, or None with each problem reported against its line."""
    try:
        return TypeAdapter(kind).validate_python(data)
    except ValidationError as error:
        for item in error.errors():
            loc = tuple(item["loc"])
            line, _column = marks.at(loc)
            problems.append(f"{name}:{line}: {format_path(loc)}: {_words(item)}")
        return None


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
    if item["type"] in ("bool_type", "bool_parsing"):
        return "must be true or false"
    return item["msg"].removeprefix("Value error, ")
