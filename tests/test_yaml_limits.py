"""Hostile YAML: alias bombs, deep nesting, huge files and values are refused with file:line and
plain words, in well under a second, never a traceback, a runaway build or a crash."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from policy_handbook.planning.special_days import SpecialDaysError, load_special_days
from policy_handbook.policy import loader
from policy_handbook.policy.loader import PolicyError, load_policies

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "policies" / "riverside-young-carers.yaml"
BASE = FIXTURE.read_text(encoding="utf-8")
NAME = "policies/riverside-young-carers.yaml"


def policy_folder(tmp_path: Path, text: str) -> Path:
    """The fixture policy, changed, alone in tmp_path/policies (display paths: policies/…)."""
    folder = tmp_path / "policies"
    folder.mkdir(exist_ok=True)
    (folder / "riverside-young-carers.yaml").write_text(text, encoding="utf-8")
    return folder


def refused(folder: Path) -> list[str]:
    """The problems load_policies reports: a PolicyError (any other exception fails the test),
    raised in under a second."""
    start = time.perf_counter()
    with pytest.raises(PolicyError) as caught:
        load_policies(folder)
    assert time.perf_counter() - start < 1.0
    return [str(problem) for problem in caught.value.problems]


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def check_command(cwd: Path, calendar: Path = ROOT / "calendar") -> subprocess.CompletedProcess:
    """`python -m policy_handbook check` as an author runs it: exit 1, never a signal."""
    result = subprocess.run(
        [sys.executable, "-m", "policy_handbook", "check"]
        + ["--policies", "policies", "--calendar", str(calendar)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
    )
    # A negative return code is a signal: -11 was the segfault deep nesting used to cause.
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    return result


# Ten "lol"s, then each level ten aliases of the one before: 10**9 values from 400 bytes.
LAUGHS = (
    'extra:\n  lol0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n'
)
LAUGHS += "".join(
    f"  lol{level}: &a{level} [{', '.join([f'*a{level - 1}'] * 10)}]\n" for level in range(1, 9)
)


def test_a_billion_laughs_is_refused_at_the_alias_that_crosses_the_limit(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = BASE + LAUGHS
    (found,) = refused(policy_folder(tmp_path, text))
    # a3 stands for 11,111 values: the second *a3 passes 20,000.
    assert found.startswith(f"{NAME}:{line_of(text, 'lol4:')}:")
    assert found.endswith(
        "repeats the alias *a3 so often that the file would hold more than 20,000 values; a whole "
        "policy holds about 500, so write the repeated part out or repeat it less"
    )


def test_a_long_text_repeated_by_aliases_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    long = "x" * 90_000
    text = BASE.replace("tagline: Time out, together", f'tagline: &t "{long}"')
    text += f"extra: [{', '.join(['*t'] * 30)}]\n"
    (found,) = refused(policy_folder(tmp_path, text))
    assert found.startswith(f"{NAME}:{line_of(text, 'extra:')}:")
    assert (
        "repeats the alias *t so often that the file would hold more than 2,000,000 characters"
        in found
    )


def test_reusing_an_anchor_a_few_times_still_works(tmp_path):
    text = BASE.replace(
        "    guidance: Share achievements, with written consent from the young carer and their "
        "family.\n",
        "    guidance: Share achievements, with written consent from the young carer and their "
        "family.\n    channels: &instagram [instagram]\n",
    ).replace(
        "    guidance: Dates, places and how to book.\n",
        "    guidance: Dates, places and how to book.\n    channels: *instagram\n",
    )
    text = text.replace("    channels: [instagram]\n", "    channels: *instagram\n")
    assert text.count("*instagram") == 2
    site = load_policies(policy_folder(tmp_path, text))
    policy = site.policies[0].policy
    assert [kind.channels for kind in policy.content_types] == [["instagram"], ["instagram"]]
    assert policy.replies[0].channels == ["instagram"]


@pytest.mark.parametrize("alias", ["deep: &s [*s]", "deep: &m {inner: *m}", "deep: &n [[1, [*n]]]"])
def test_an_alias_inside_its_own_anchor_is_refused(alias, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = BASE + alias + "\n"
    (found,) = refused(policy_folder(tmp_path, text))
    line = line_of(text, "deep:")
    column = alias.index("*") + 1
    name = alias[alias.index("*") + 1]
    assert found == (
        f"{NAME}:{line}:{column} uses *{name} inside &{name} itself; an alias cannot contain "
        "the list or mapping it stands for"
    )


@pytest.mark.parametrize(
    ("opening", "closing", "levels"),
    [("[", "]", 1000), ("[", "]", 30_000), ("{a: ", "}", 1000)],
)
def test_deep_nesting_is_refused_where_it_passes_the_limit(
    opening, closing, levels, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    text = BASE + "deep: " + opening * levels + "1" + closing * levels + "\n"
    (found,) = refused(policy_folder(tmp_path, text))
    # The file's own mapping is the first level; the 50th opening here makes 51.
    column = len("deep: ") + len(opening) * (loader.MAX_DEPTH - 1) + 1
    assert found == (
        f"{NAME}:{line_of(text, 'deep:')}:{column} nests lists and mappings more than 50 levels "
        "deep here; a policy needs at most 50 (check for an unclosed [ or {)"
    )


def test_deep_block_nesting_is_refused_too(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = BASE + "deep:\n" + "".join("  " * level + "- \n" for level in range(1, 200))
    (found,) = refused(policy_folder(tmp_path, text))
    assert "nests lists and mappings more than 50 levels deep here" in found


@pytest.mark.parametrize(
    ("hostile", "needle"),
    [
        (BASE + LAUGHS, "lol4:"),
        (BASE + "deep: " + "[" * 30_000 + "]" * 30_000 + "\n", "deep:"),
        (BASE + "deep: &s [*s]\n", "deep:"),
    ],
    ids=["billion-laughs", "30000-brackets", "self-alias"],
)
def test_the_check_command_reports_bombs_and_deep_nesting_without_crashing(
    hostile, needle, tmp_path
):
    policy_folder(tmp_path, hostile)
    result = check_command(tmp_path)
    assert f"{NAME}:{line_of(hostile, needle)}:" in result.stderr


def test_a_file_over_a_megabyte_is_refused_unread(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = BASE + "# " + "padding " * 300_000 + "\n"
    assert refused(policy_folder(tmp_path, text)) == [
        f"{NAME}:1:1 is 2.3 MB; a file here may be at most 1 MB (a whole policy is about 20 KB)"
    ]


def test_a_file_of_very_many_values_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = BASE + "extra: [" + ", ".join(["1"] * 25_000) + "]\n"
    (found,) = refused(policy_folder(tmp_path, text))
    assert found.startswith(f"{NAME}:{line_of(text, 'extra:')}:")
    assert found.endswith("holds more than 20,000 values; a whole policy holds about 500")


def test_one_enormous_text_is_refused_with_its_field(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = BASE.replace("tagline: Time out, together", "tagline: " + "x" * 150_000)
    assert refused(policy_folder(tmp_path, text)) == [
        f"{NAME}:{line_of(text, 'tagline:')}:12 organisation.tagline: is 150,000 characters "
        "long; one piece of text may be at most 100,000"
    ]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("9" * 5000, "a whole number of 5,000 digits is too long"),
    ],
)
def test_a_value_yaml_cannot_build_is_a_problem_not_a_traceback(
    value, reason, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    text = BASE.replace("  review_due: 2027-09\n", f"  review_due: 2027-09\n  extra: {value}\n")
    assert refused(policy_folder(tmp_path, text)) == [
        f"{NAME}:{line_of(text, 'extra:')}:10 holds a value that cannot be read ({reason})"
    ]


def test_thousands_of_problems_in_one_file_are_listed_as_the_first_hundred_and_a_count(
    tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    text = BASE + "follow:\n" + "  cautions: []\n" * 300
    found = refused(policy_folder(tmp_path, text))
    assert len(found) == 101
    assert found[0] == f"{NAME}:71:1 follow.kinds: is required but missing"
    assert found[1] == (
        f"{NAME}:73:3 follow.cautions: is given twice (first on line 72); "
        "YAML would silently keep only the last one"
    )
    assert found[-1].endswith(
        "… and 200 more problems from here on (only the first 100 in a file are listed)"
    )


def test_calendar_files_have_the_same_limits(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    calendar = tmp_path / "calendar"
    (calendar / "awareness").mkdir(parents=True)
    send = calendar / "awareness" / "send.yaml"
    send.write_text(LAUGHS.replace("extra:\n  ", "- ", 1), "utf-8")
    (calendar / "blackout-dates.yaml").write_text("[" * 30_000 + "]" * 30_000, "utf-8")
    with pytest.raises(SpecialDaysError) as caught:
        load_special_days(calendar)
    awareness, blackouts = caught.value.problems
    assert awareness.startswith("calendar/awareness/send.yaml:5: repeats the alias *a3 so often")
    assert blackouts == (
        "calendar/blackout-dates.yaml:1: nests lists and mappings more than 50 levels deep "
        "here; a policy needs at most 50 (check for an unclosed [ or {)"
    )
    policy_folder(tmp_path, BASE)
    result = check_command(tmp_path, calendar=calendar)
    assert "calendar/blackout-dates.yaml:1: nests lists" in result.stderr


def _shape(path: Path) -> tuple[int, int, int]:
    """Deepest nesting, number of values and longest text in a YAML file."""
    depth = deepest = values = longest = 0
    for event in yaml.parse(path.read_text(encoding="utf-8"), Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            deepest = max(deepest, depth)
            values += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.ScalarEvent):
            values += 1
            longest = max(longest, len(event.value))
    return deepest, values, longest


@pytest.mark.parametrize(
    "path",
    [
        *sorted((ROOT / "policies").glob("*.yaml")),
        FIXTURE,
        *sorted((ROOT / "calendar").rglob("*.yaml")),  # and each awareness set's file
    ],
    ids=lambda path: path.name,
)
def test_the_limits_sit_far_above_what_real_files_use(path):
    deepest, values, longest = _shape(path)
    assert deepest * 3 <= loader.MAX_DEPTH
    assert values * 20 <= loader.MAX_VALUES
    assert longest * 100 <= loader.MAX_TEXT_LENGTH
    assert path.stat().st_size * 20 <= loader.MAX_FILE_BYTES


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ('!!binary "PGltZyBzcmM9eCBvbmVycm9yPWFsZXJ0KDEpPg=="', "!!binary"),  # <img onerror>
        ("!!timestamp 2026-13-01", "!!timestamp"),
        ("!!set {a, b}", "!!set"),
        ("!!python/object:os.system x", "!!python/object:os.system"),
        ("!local thing", "!local"),
    ],
)
def test_tags_outside_the_core_schema_are_refused_before_they_are_built(
    value, shown, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    text = BASE.replace("  review_due: 2027-09\n", f"  review_due: 2027-09\n  extra: {value}\n")
    assert refused(policy_folder(tmp_path, text)) == [
        f"{NAME}:{line_of(text, 'extra:')}:10 uses the YAML tag {shown}; a policy holds only "
        "text, numbers, true/false, lists and mappings, so remove the tag (put the value in "
        "quotes to keep it as text)"
    ]
