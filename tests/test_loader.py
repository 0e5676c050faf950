"""The loader: every problem in every file, each with file, line, column, field and plain words."""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from pathlib import Path

import pytest
from policy_handbook.policy.fields import PolicyDate
from policy_handbook.policy.loader import PolicyError, load_policies
from policy_handbook.policy.model import Policy
from policy_handbook.policy.schema import policy_json_schema_text

ROOT = Path(__file__).resolve().parent.parent

MINIMAL = """\
organisation:
  name: Test Forum
  short_name: TF
  what_it_is: A test forum.
policy:
  adopted: 2020-01-15
  review_due: 2021-01
channels:
  twitter:
    name: Twitter
    kind: twitter
    target:
      minimum: {posts: 2, per: week}
sections:
  - id: purpose
    title: Purpose
    blocks:
      - We post about events.
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(folder: Path) -> list[str]:
    with pytest.raises(PolicyError) as caught:
        load_policies(folder)
    return [str(problem) for problem in caught.value.problems]


def test_a_minimal_policy_loads_and_takes_its_slug_from_the_file_name(tmp_path):
    write(tmp_path, "test-forum.yaml", MINIMAL)
    site = load_policies(tmp_path)
    assert [loaded.slug for loaded in site.policies] == ["test-forum"]
    assert site.policies[0].policy.facts.review_due.last_day == dt.date(2021, 1, 31)


def test_a_word_where_a_number_belongs_names_file_line_column_and_field(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path, "forum.yaml", MINIMAL.replace("{posts: 2, per: week}", "{posts: lots, per: week}")
    )
    assert problems(Path(".")) == [
        'forum.yaml:13:17 channels.twitter.target.minimum.posts: must be a whole number, got "lots"'
    ]


def test_a_negative_target_says_what_is_allowed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "forum.yaml", MINIMAL.replace("posts: 2", "posts: -1"))
    assert problems(Path(".")) == [
        "forum.yaml:13:17 channels.twitter.target.minimum.posts: must be a whole number ≥ 0, got -1"
    ]


def test_every_problem_in_every_file_is_reported_at_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "a.yaml", MINIMAL.replace("short_name: TF", "shortname: TF"))
    write(tmp_path, "b.yaml", MINIMAL.replace("adopted: 2020-01-15", "adopted: 2020-02-30"))
    write(tmp_path, "c.yaml", "")
    write(tmp_path, "d.yaml", "organisation: [1, 2\n")
    write(tmp_path, "e.yaml", "- just\n- a list\n")
    found = problems(Path("."))
    # Our part of a syntax error is the file, line and column; the rest is the parser's words.
    syntax = [line for line in found if line.startswith("d.yaml")]
    assert len(syntax) == 1 and syntax[0].startswith("d.yaml:2:1 is not valid YAML: ")
    assert [line for line in found if line not in syntax] == [
        "a.yaml:1:1 organisation.short_name: is required but missing",
        "a.yaml:3:3 organisation.shortname: is not a known field — did you mean 'short_name'?",
        "b.yaml:6:3 policy.adopted: is not a real date (day is out of range for month)",
        "c.yaml:1:1 is empty; a policy file needs at least organisation:, policy: and sections: "
        "(see README, 'How a policy file is structured')",
        "e.yaml:1:1 must be a mapping of keys such as organisation:, policy: and sections:, "
        "got a list",
    ]


def test_a_list_where_a_mapping_belongs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = MINIMAL.replace(
        "  name: Test Forum\n  short_name: TF\n  what_it_is: A test forum.\n", "  - Test Forum\n"
    )
    write(tmp_path, "forum.yaml", text)
    assert problems(Path(".")) == [
        "forum.yaml:1:1 organisation: must be a mapping (key: value pairs), got a list"
    ]


def test_an_unknown_key_with_nothing_close_lists_the_known_ones(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path,
        "forum.yaml",
        MINIMAL.replace("    kind: twitter\n", "    kind: twitter\n    colour: blue\n"),
    )
    (found,) = problems(Path("."))
    assert found.startswith(
        "forum.yaml:12:5 channels.twitter.colour: is not a known field"
        " — expected one of: name, kind,"
    )


def test_a_date_that_does_not_parse(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "forum.yaml", MINIMAL.replace("review_due: 2021-01", "review_due: next spring"))
    assert problems(Path(".")) == [
        "forum.yaml:7:3 policy.review_due: "
        "must be a date like 2024-04-30 (a day) or 2024-04 (a month)"
    ]


def test_a_review_date_before_adoption(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "forum.yaml", MINIMAL.replace("review_due: 2021-01", "review_due: 2019-12-31"))
    assert problems(Path(".")) == [
        "forum.yaml:7:3 policy.review_due: 31 December 2019 is before the adoption date "
        "15 January 2020; a review falls due after adoption"
    ]


def test_duplicate_slugs_across_files(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path,
        "a.yaml",
        MINIMAL.replace("  short_name: TF\n", "  short_name: TF\n  slug: forum\n"),
    )
    write(tmp_path, "forum.yaml", MINIMAL)
    assert problems(Path(".")) == [
        'forum.yaml:1:1 organisation.slug: "forum" is already used by a.yaml; '
        "each organisation needs its own slug"
    ]


def test_a_key_given_twice_is_not_silently_dropped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(
        tmp_path,
        "forum.yaml",
        MINIMAL.replace("  short_name: TF\n", "  short_name: TF\n  name: Other\n"),
    )
    assert problems(Path(".")) == [
        "forum.yaml:4:3 organisation.name: is given twice (first on line 2); "
        "YAML would silently keep only the last one"
    ]


def test_a_block_with_two_kinds_of_content(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, "forum.yaml", MINIMAL + "      - paragraph: One.\n        list: [two]\n")
    (found,) = problems(Path("."))
    assert found.startswith("forum.yaml:19:9 sections[0].blocks[1]: a block holds exactly one of")


def test_a_reply_naming_an_unknown_channel_or_section_reply(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = MINIMAL + textwrap.dedent(
        """\
              - reply: thanks
        replies:
          - id: thank-you
            title: Thank you
            situation: Someone helps
            when: Always
            channels: [mastodon]
            text: Thank you!
        """
    )
    write(tmp_path, "forum.yaml", text)
    assert problems(Path(".")) == [
        'forum.yaml:19:9 sections[0].blocks[1].reply: names the reply "thanks", which is not '
        "under replies: (known: thank-you)",
        'forum.yaml:25:16 replies[0].channels[0]: names the channel "mastodon", which is not '
        "under channels:",
    ]


def test_an_empty_or_missing_folder_is_explained(tmp_path):
    assert problems(tmp_path)[0].endswith(
        "holds no policy files (*.yaml); add one per organisation"
    )
    assert problems(tmp_path / "nope")[0].endswith("is not a folder of policy files")


def test_window_times_may_be_written_without_quotes(tmp_path):
    # YAML 1.1 reads unquoted 16:00 as the base-60 number 960; the loader keeps it as text.
    write(tmp_path, "forum.yaml", MINIMAL + "schedule:\n  window: {start: 9:30, end: 16:00}\n")
    window = load_policies(tmp_path).policies[0].policy.schedule.window
    assert (window.start, window.end) == (dt.time(9, 30), dt.time(16, 0))


@pytest.mark.parametrize(
    ("written", "first", "last", "shown"),
    [
        ("2024-04", dt.date(2024, 4, 1), dt.date(2024, 4, 30), "April 2024"),
        ("2019-04-22", dt.date(2019, 4, 22), dt.date(2019, 4, 22), "22 April 2019"),
        ("2024-02", dt.date(2024, 2, 1), dt.date(2024, 2, 29), "February 2024"),
    ],
)
def test_policy_dates_keep_their_precision(written, first, last, shown):
    date = PolicyDate.model_validate(written)
    assert (date.first_day, date.last_day, date.display()) == (first, last, shown)


def test_a_month_precision_review_is_overdue_only_after_the_month_ends():
    policy = Policy.model_validate(
        {
            "organisation": {"name": "X", "short_name": "X", "what_it_is": "X.", "slug": "x"},
            "policy": {"adopted": "2022-11", "review_due": "2024-04"},
            "sections": [{"id": "a", "title": "A"}],
        }
    )
    assert not policy.is_overdue(dt.date(2024, 4, 30))
    assert policy.is_overdue(dt.date(2024, 5, 1))


def test_the_seed_policies_load():
    site = load_policies(ROOT / "policies")
    assert sorted(loaded.slug for loaded in site.policies) == ["bwdpip", "sendiass-wokingham"]


def test_the_exported_json_schema_is_current():
    committed = (ROOT / "policies" / "schema.json").read_text(encoding="utf-8")
    assert committed == policy_json_schema_text(), (
        "policies/schema.json is out of date: run `python -m policy_handbook.policy.schema`"
    )


def test_every_policy_file_points_editors_at_the_schema():
    for path in (ROOT / "policies").glob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=schema.json", path


def test_the_schema_accepts_the_shorthand_authors_use():
    schema = json.loads(policy_json_schema_text())
    blocks = schema["$defs"]["Section"]["properties"]["blocks"]["items"]
    assert {"type": "string"} in blocks["anyOf"]
    assert schema["$defs"]["Block"]["maxProperties"] == 1


def where(text: str, needle: str, key: str, occurrence: int = 0) -> str:
    """`line:column` of `key` on the `occurrence`-th line holding `needle` (0: the first)."""
    found = [(n, line) for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    number, line = found[occurrence]
    return f"{number}:{line.index(key) + 1}"


REPLY = """\
replies:
  - id: thanks
    title: Thanks
    situation: Someone helps
    when: Always
    channels: [twitter]
    text: Thank you!
"""

# Each bad input: (change to MINIMAL, (text on the offending line, the key there, which such
# line), the message after file:line:column).
BAD_INPUTS = {
    "a table row of the wrong width": (
        lambda t: t + "      - table: {header: [A, B], rows: [[one]]}\n",
        ("- table:", "table", 0),
        "sections[0].blocks[1].table: row 1 has 1 cells but the header has 2",
    ),
    "a window that ends before it starts": (
        lambda t: t + "schedule:\n  window: {start: '17:00', end: '09:00'}\n",
        ("window:", "window", 0),
        "schedule.window: end (09:00) is before start (17:00); a posting window cannot cross "
        'midnight, so one that runs late ends at "23:59"',
    ),
    "a day listed twice": (
        lambda t: t + "schedule:\n  window: {days: [mon, mon]}\n",
        ("days:", "days", 0),
        "schedule.window.days: lists a day twice",
    ),
    "an email address without an @": (
        lambda t: t + "contacts:\n  email: info.example.org\n",
        ("email:", "email", 0),
        "contacts.email: must be an email address like info@example.org",
    ),
    "an unknown time zone": (
        lambda t: t + "schedule:\n  timezone: Europe/Wokingham\n",
        ("timezone:", "timezone", 0),
        'schedule.timezone: "Europe/Wokingham" is not a time zone name like "Europe/London"',
    ),
    "two sections with one id": (
        lambda t: t + "  - id: purpose\n    title: Again\n",
        ("- id: purpose", "id", 1),
        'sections[1].id: "purpose" is used by another section; ids must be unique',
    ),
    "two replies with one id": (
        lambda t: t + REPLY + REPLY.removeprefix("replies:\n"),
        ("- id: thanks", "id", 1),
        'replies[1].id: "thanks" is used by another reply; ids must be unique',
    ),
    "a placeholder whose contact is not set": (
        lambda t: t + REPLY.replace("Thank you!", "See {web}"),
        ("text: See", "text", 0),
        'replies[0].text: (reply "thanks") uses {web} but contacts.web is not set',
    ),
    "an unmatched brace": (
        lambda t: t + REPLY.replace("Thank you!", "Thank you {phone"),
        ("text: Thank", "text", 0),
        'replies[0].text: (reply "thanks") has an unmatched { or }; '
        "placeholders are written like {phone}",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_names_the_line_and_field_and_says_what_to_change(case, tmp_path, monkeypatch):
    change, (needle, key, occurrence), message = BAD_INPUTS[case]
    monkeypatch.chdir(tmp_path)
    text = change(MINIMAL)
    write(tmp_path, "forum.yaml", text)
    position = where(text, needle, key, occurrence)
    assert problems(Path(".")) == [f"forum.yaml:{position} {message}"]


def test_a_file_that_is_not_utf8_says_so(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "forum.yaml").write_bytes(
        MINIMAL.replace("A test forum.", "Caf\xe9.").encode("latin-1")
    )
    (found,) = problems(Path("."))
    assert found.startswith("forum.yaml:1:1 is not UTF-8 text")
