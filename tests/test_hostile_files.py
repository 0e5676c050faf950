"""Hostile files, round 2 (issue 19): a folder, pipe or link where a policy or calendar file is
expected, a file that is not YAML at all, escapes in values, and `new` writing through a link.

Each is refused with a message naming the file, a non-zero `check` and a failed `mkdocs build`:
nothing is followed out of the project, read forever, quoted at length or printed raw.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, run_build, run_cli
from policy_handbook.handbook import HandbookError
from policy_handbook.mkdocs_plugin.serve_error import banner, terminal_message
from policy_handbook.planning.special_days import SpecialDaysError, load_special_days
from policy_handbook.policy.loader import PolicyError, load_policies
from policy_handbook.policy.untrusted import visible
from policy_handbook.policy.yaml_reader import Problem

SECRET = "root:x:0:0:SECRET-MARKER:/root:/bin/bash"
FOLDER = (
    "policies/x.yaml:1:1 is a folder; a policy must be a file: move what the folder holds "
    "elsewhere, or rename it so its name does not end .yaml"
)
OUTSIDE = (
    "policies/evil.yaml:1:1 is a link that points outside the project; a policy must be a file "
    "inside the project: copy the file in instead of linking to it"
)


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """The seed policies and calendar, as the working directory, beside a file outside it."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "policies", project / "policies")
    shutil.copytree(ROOT / "calendar", project / "calendar")
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "passwd").write_text(SECRET + "\n" * 3, encoding="utf-8")
    monkeypatch.chdir(project)
    return project


def policy_problems(project: Path) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        load_policies(project / "policies", root=project)
    return [str(problem) for problem in caught.value.problems]


def calendar_problems(project: Path) -> list[str]:
    with pytest.raises(SpecialDaysError) as caught:
        load_special_days(project / "calendar", root=project)
    return caught.value.problems


# --- 7. a folder where a file is expected ------------------------------------------------------


def test_a_folder_named_like_a_policy_is_refused_not_skipped(project):
    (project / "policies" / "x.yaml").mkdir()
    assert policy_problems(project) == [FOLDER]


def test_folders_named_like_calendar_files_are_refused_not_a_traceback(project):
    (project / "calendar" / "awareness" / "x.yaml").mkdir()
    (project / "calendar" / "blackout-dates.yaml").unlink()
    (project / "calendar" / "blackout-dates.yaml").mkdir()
    (project / "calendar" / "awareness-days.yaml").mkdir()
    what = "must be a file: move what the folder holds elsewhere, or rename it so its name does "
    assert calendar_problems(project) == [
        f"calendar/awareness-days.yaml:1: is a folder; an awareness set {what}not end .yaml",
        f"calendar/awareness/x.yaml:1: is a folder; an awareness set {what}not end .yaml",
        f"calendar/blackout-dates.yaml:1: is a folder; the blackout dates {what}not end .yaml",
    ]


@pytest.mark.parametrize(
    "make, message",
    [
        (
            lambda path: path.symlink_to("nowhere.yaml"),
            "is a link to a file that does not exist; a policy must be a file",
        ),
        (lambda path: path.symlink_to(path.name), "is a link that leads round in a loop"),
        (
            lambda path: os.mkfifo(path),  # reading it would wait for a writer for ever
            "is not a regular file (a pipe, socket or device); a policy must be a text file",
        ),
    ],
    ids=["dangling link", "loop", "pipe"],
)
def test_a_link_to_nothing_a_loop_or_a_pipe_is_refused_unread(project, make, message):
    make(project / "policies" / "odd.yaml")
    (found,) = policy_problems(project)
    assert found.startswith(f"policies/odd.yaml:1:1 {message}")


# --- 10. links out of the project; files that are not YAML -------------------------------------


def test_a_link_out_of_the_project_is_refused_without_reading_it(project, tmp_path):
    (project / "policies" / "evil.yaml").symlink_to(tmp_path / "outside" / "passwd")
    assert policy_problems(project) == [OUTSIDE]
    # The folder holding policies/ is the project when mkdocs.yml's folder is not given.
    with pytest.raises(PolicyError) as caught:
        load_policies(project / "policies")
    assert [str(problem) for problem in caught.value.problems] == [OUTSIDE]


def test_a_link_within_the_project_is_followed(project):
    shared = project / "shared"
    shared.mkdir()
    (project / "policies" / "bwdpip.yaml").rename(shared / "bwdpip.yaml")
    (project / "policies" / "bwdpip.yaml").symlink_to(Path("..") / "shared" / "bwdpip.yaml")
    site = load_policies(project / "policies", root=project)
    assert sorted(loaded.slug for loaded in site.policies) == ["bwdpip", "sendiass-wokingham"]


def test_check_refuses_links_out_of_the_project_and_never_shows_what_they_point_at(
    project, tmp_path
):
    outside = tmp_path / "outside" / "passwd"
    (project / "policies" / "evil.yaml").symlink_to(outside)
    (project / "policies" / "x.yaml").mkdir()
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "2 problems in 2 policy files:",
        f"  {OUTSIDE}",
        f"  {FOLDER}",
    ]
    assert "SECRET" not in result.stdout + result.stderr

    (project / "policies" / "evil.yaml").unlink()
    (project / "policies" / "x.yaml").rmdir()
    (project / "calendar" / "awareness" / "evil.yaml").symlink_to(outside)
    (project / "calendar" / "blackout-dates.yaml").unlink()
    (project / "calendar" / "blackout-dates.yaml").mkdir()
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "SECRET" not in result.stderr
    assert result.stderr.splitlines()[1:] == [
        "  calendar/awareness/evil.yaml:1: is a link that points outside the project; an "
        "awareness set must be a file inside the project: copy the file in instead of linking "
        "to it",
        "  calendar/blackout-dates.yaml:1: is a folder; the blackout dates must be a file: move "
        "what the folder holds elsewhere, or rename it so its name does not end .yaml",
    ]


def test_mkdocs_build_fails_on_a_folder_or_a_link_out_and_keeps_the_secret(tmp_path):
    project = copy_project(tmp_path / "project")
    (tmp_path / "passwd").write_text(SECRET + "\n", encoding="utf-8")
    (project / "policies" / "evil.yaml").symlink_to(tmp_path / "passwd")
    (project / "policies" / "x.yaml").mkdir()
    build = run_build(project)
    report = build.result.stdout + build.result.stderr
    assert build.result.returncode == 1, report
    assert "Traceback" not in report and "SECRET" not in report
    assert OUTSIDE in report and FOLDER in report
    assert not (project / "site").exists()


def test_a_file_that_is_not_yaml_at_all_is_not_quoted(project):
    (project / "policies" / "notes.yaml").write_text(SECRET + "\n" + SECRET + "\n", "utf-8")
    assert policy_problems(project) == [
        "policies/notes.yaml:1:1 must be a mapping of keys such as organisation:, policy: and "
        "sections:, got text (this file does not look like a policy)"
    ]


def test_a_syntax_hint_quotes_no_more_than_a_short_excerpt_of_a_line(project):
    long_key = "k" * 200
    (project / "policies" / "notes.yaml").write_text(f"{long_key}: a: b\n", "utf-8")
    (found,) = policy_problems(project)
    assert found.startswith("policies/notes.yaml:1:204 is not valid YAML: mapping values are")
    assert long_key not in found and "in quotes" not in found  # not a policy's key: no example
    (project / "policies" / "notes.yaml").write_text(f"title: {long_key}: b\n", "utf-8")
    (found,) = policy_problems(project)
    assert long_key not in found and f'after "{"k" * 30}…"' in found


def test_a_long_key_is_cut_where_a_problem_names_it(project):
    (project / "policies" / "notes.yaml").write_text(
        "organisation:\n  " + "z" * 1000 + ": 1\n", "utf-8"
    )
    found = [line for line in policy_problems(project) if "is not a known field" in line]
    assert len(found) == 1 and len(found[0]) < 400, found
    field = "organisation." + "z" * (120 - len("organisation."))
    assert found[0].startswith(f"policies/notes.yaml:2:3 {field}…: is not a known field")


# --- 11. control characters from values are shown, not acted on --------------------------------

RAW = "\x1b]0;pwned\x07\x1b[2J\r\nnext\tline\x9b\x7f\u202e"
SHOWN = "\\x1b]0;pwned\\x07\\x1b[2J\\r\\nnext\\tline\\x9b\\x7f\\u202e"


def test_visible_shows_every_control_character_as_an_escape_once():
    assert visible(RAW) == SHOWN
    assert visible(visible(RAW)) == SHOWN
    assert visible("Café — ok") == "Café — ok"


def test_a_problem_banner_and_terminal_message_never_carry_a_raw_escape():
    problem = Problem("policies/a\x1bb.yaml", 3, 4, "x\ny", f'got "{RAW}"')
    assert str(problem) == f'policies/a\\x1bb.yaml:3:4 x\\ny: got "{SHOWN}"'
    error = HandbookError([str(problem), f"calendar/x.yaml:1: {RAW}"])
    assert error.lines[1] == f"calendar/x.yaml:1: {SHOWN}"
    for text in (str(error), banner(error), terminal_message(error)):
        assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    assert str(error).count("\n") == 2  # the heading and one line a problem
    assert str(SpecialDaysError([f"calendar/x.yaml:1: {RAW}"])) == f"calendar/x.yaml:1: {SHOWN}"


def test_a_calendar_file_name_with_an_escape_is_named_visibly(project):
    (project / "calendar" / "awareness" / "a\x1b[2Jb.yaml").write_text("name: x\n", "utf-8")
    (found,) = calendar_problems(project)
    assert found.startswith("calendar/awareness/a\\x1b[2Jb.yaml:1: a set's file name is its id")


def test_check_prints_an_escape_in_a_value_as_text(project):
    policy = project / "policies" / "bwdpip.yaml"
    text = policy.read_text("utf-8")
    policy.write_text(
        text.replace("organisation:\n", 'organisation:\n  slug: "\\e]0;pwned\\a\\e[2J\\n"\n', 1),
        encoding="utf-8",
    )
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert 'got "\\x1b]0;pwned\\x07\\x1b[2J\\n"' in result.stderr
    assert all(
        line.startswith(("1 ", "2 ", "  policies/bwdpip.yaml:"))
        for line in result.stderr.splitlines()
    )


# --- 12. `new` never writes through a link -----------------------------------------------------


def test_new_refuses_a_link_to_nothing_and_writes_nothing_outside(project, tmp_path):
    elsewhere = tmp_path / "outside" / "planted.yaml"
    (project / "policies" / "riverside-carers.yaml").symlink_to(elsewhere)
    result = run_cli("new", "riverside-carers", cwd=project)
    assert result.returncode == 1
    assert result.stderr == (
        "policies/riverside-carers.yaml is a link; remove it, or choose another name\n"
    )
    assert not elsewhere.exists()


def test_new_refuses_a_link_to_a_file_and_leaves_it_as_it_was(project, tmp_path):
    target = tmp_path / "outside" / "passwd"
    (project / "policies" / "riverside-carers.yaml").symlink_to(target)
    result = run_cli("new", "riverside-carers", cwd=project)
    assert result.returncode == 1 and "is a link" in result.stderr
    assert target.read_text("utf-8") == SECRET + "\n" * 3


def test_new_does_not_replace_a_file_made_after_its_check(project, monkeypatch, capsys):
    from policy_handbook import cli

    # Between the check and the write another process makes the file (or plants a link).
    real_mkdir = Path.mkdir

    def mkdir_then_plant(self, *args, **kwargs):
        real_mkdir(self, *args, **kwargs)
        (self / "riverside-carers.yaml").symlink_to(project.parent / "outside" / "late.yaml")

    monkeypatch.setattr(Path, "mkdir", mkdir_then_plant)
    assert cli.main(["new", "riverside-carers"]) == 1
    assert "appeared meanwhile" in capsys.readouterr().err
    assert not (project.parent / "outside" / "late.yaml").exists()
