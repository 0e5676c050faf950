"""Fields that used to accept nonsense quietly: times, time zones, dates, targets, control
characters, file names and addresses. Each is refused with file:line:column, field and what to
write instead."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from policy_handbook.policy.loader import PolicyError, load_policies

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "policies" / "riverside-young-carers.yaml"
BASE = FIXTURE.read_text(encoding="utf-8")
FILE = "riverside-young-carers.yaml"
WINDOW = 'window: {days: [mon, tue, wed, thu, fri, sat], start: "10:00", end: "18:00"}'


@pytest.fixture(autouse=True)
def _in_tmp_path(tmp_path, monkeypatch):
    """Problems name files relative to the working directory: policies/<name>."""
    monkeypatch.chdir(tmp_path)


def folder_with(tmp_path: Path, text: str, name: str = FILE) -> Path:
    folder = tmp_path / "policies"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def refused(tmp_path: Path, text: str, name: str = FILE) -> list[str]:
    """Problems as printed, without "policies/"; any exception but PolicyError fails the test."""
    folder = folder_with(tmp_path, text, name)
    with pytest.raises(PolicyError) as caught:
        load_policies(folder)
    return [str(problem).removeprefix("policies/") for problem in caught.value.problems]


def at(text: str, needle: str, key: str) -> str:
    """`line:column` of `key` on the first line holding `needle`."""
    number, line = next(
        (n, line) for n, line in enumerate(text.splitlines(), start=1) if needle in line
    )
    return f"{number}:{line.index(key) + 1}"


def with_window(window: str) -> str:
    changed = BASE.replace(WINDOW, f"window: {window}")
    assert changed != BASE
    return changed


# --- times ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "start", "end"),
    [
        ('{start: "09:30", end: "17:00"}', dt.time(9, 30), dt.time(17, 0)),
        ("{start: 09:30, end: 17:00}", dt.time(9, 30), dt.time(17, 0)),
        ("{start: 9:30, end: 23:59}", dt.time(9, 30), dt.time(23, 59)),
        ('{start: "00:00", end: "23:59"}', dt.time(0, 0), dt.time(23, 59)),
    ],
)
def test_times_read_as_written_quoted_or_not(written, start, end, tmp_path):
    policy = load_policies(folder_with(tmp_path, with_window(written))).policies[0].policy
    assert (policy.schedule.window.start, policy.schedule.window.end) == (start, end)


@pytest.mark.parametrize(
    ("window", "key", "message"),
    [
        (
            "{start: 9, end: '17:00'}",
            "start",
            "schedule.window.start: is the number 9, not a time; write times in quotes as "
            '"HH:MM", e.g. start: "09:00"',
        ),
        (
            "{start: '09:00', end: 17}",
            "end",
            "schedule.window.end: is the number 17, not a time; write times in quotes as "
            '"HH:MM", e.g. end: "17:00"',
        ),
        (
            "{start: '09:00', end: 24:00}",
            "end",
            "schedule.window.end: there is no 24:00; for a window that runs to the end of the "
            'day write "23:59"',
        ),
        (
            "{start: '09:00', end: '24:00'}",
            "end",
            "schedule.window.end: there is no 24:00; for a window that runs to the end of the "
            'day write "23:59"',
        ),
        (
            "{start: '9.30am', end: '17:00'}",
            "start",
            'schedule.window.start: must be a time of day like "09:30" (in quotes), got "9.30am"',
        ),
        (
            "{start: '22:00', end: '02:00'}",
            "window",
            "schedule.window: end (02:00) is before start (22:00); a posting window cannot "
            'cross midnight, so one that runs late ends at "23:59"',
        ),
    ],
    ids=["bare-start", "bare-end", "24:00", "quoted-24:00", "am", "overnight"],
)
def test_a_time_that_is_not_hh_mm_says_how_to_write_it(window, key, message, tmp_path):
    text = with_window(window)
    assert refused(tmp_path, text) == [f"{FILE}:{at(text, 'window:', key)} {message}"]


def test_a_channels_own_window_is_checked_the_same_way(tmp_path):
    text = BASE.replace(
        "    kind: instagram\n", "    kind: instagram\n    window: {start: 8, end: '12:00'}\n"
    )
    assert refused(tmp_path, text) == [
        f"{FILE}:{at(text, 'start: 8', 'start')} channels.instagram.window.start: is the number "
        '8, not a time; write times in quotes as "HH:MM", e.g. start: "08:00"'
    ]


# --- time zones -------------------------------------------------------------------------------


@pytest.mark.parametrize("zone", ["localtime", "Factory", "posixrules"])
def test_a_time_zone_that_differs_by_machine_is_refused(zone, tmp_path):
    text = BASE.replace("  plan_for: optimum\n", f"  plan_for: optimum\n  timezone: {zone}\n")
    assert refused(tmp_path, text) == [
        f'{FILE}:{at(text, "timezone:", "timezone")} schedule.timezone: "{zone}" is not a time '
        'zone name like "Europe/London" (it names no place, and differs from machine to machine)'
    ]


@pytest.mark.parametrize("zone", ["posix/Europe/London", "../../../etc/passwd", "Europe/Narnia"])
def test_a_time_zone_that_is_not_an_iana_name_is_refused(zone, tmp_path):
    text = BASE.replace("  plan_for: optimum\n", f"  plan_for: optimum\n  timezone: {zone}\n")
    assert refused(tmp_path, text) == [
        f'{FILE}:{at(text, "timezone:", "timezone")} schedule.timezone: "{zone}" is not a time '
        'zone name like "Europe/London"'
    ]


def test_iana_time_zone_names_load(tmp_path):
    text = BASE.replace("  plan_for: optimum\n", "  plan_for: optimum\n  timezone: Europe/Dublin\n")
    assert load_policies(folder_with(tmp_path, text)).policies[0].policy.schedule.timezone == (
        "Europe/Dublin"
    )


# --- dates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "written", "year"),
    [
        ("review_due", "9999-12", 9999),
        ("review_due", "2101-01", 2101),
        ("adopted", "1989-12-31", 1989),
        ("adopted", "0000-01", 0),
    ],
)
def test_a_date_outside_1990_to_2100_is_refused(field, written, year, tmp_path):
    original = {"review_due": "review_due: 2027-09", "adopted": "adopted: 2025-09-01"}[field]
    text = BASE.replace(original, f"{field}: {written}")
    (found,) = [p for p in refused(tmp_path, text) if f"policy.{field}:" in p]
    assert found == (
        f"{FILE}:{at(text, field + ':', field)} policy.{field}: has the year {year}; a policy's "
        "dates must fall between 1990 and 2100 — check the year"
    )


def test_a_review_due_in_2100_still_loads(tmp_path):
    text = BASE.replace("review_due: 2027-09", "review_due: 2100-12")
    policy = load_policies(folder_with(tmp_path, text)).policies[0].policy
    assert policy.facts.review_due.last_day == dt.date(2100, 12, 31)


# --- targets ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("minimum", "message"),
    [
        (
            "{posts: 100000, per: day}",
            "100000 posts a day is more than the calendar plans: at most 50 a day",
        ),
        (
            "{posts: 51, per: day}",
            "51 posts a day is more than the calendar plans: at most 50 a day",
        ),
        (
            "{posts: 351, per: week}",
            "351 posts a week is more than the calendar plans: at most 350 a week",
        ),
    ],
)
def test_an_absurd_target_is_refused_saying_which_bound(minimum, message, tmp_path):
    text = BASE.replace("minimum: {posts: 3, per: week}", f"minimum: {minimum}").replace(
        "      optimum: {posts: 5, per: week}\n", ""
    )
    assert refused(tmp_path, text) == [
        f"{FILE}:{at(text, 'minimum:', 'posts')} channels.instagram.target.minimum.posts: "
        f"{message} (real policies post a few times a day, and every post is an event in each "
        "calendar feed)"
    ]


def test_targets_at_the_bounds_load(tmp_path):
    text = BASE.replace("{posts: 3, per: week}", "{posts: 50, per: day}").replace(
        "{posts: 5, per: week}", "{posts: 350, per: week}"
    )
    target = load_policies(folder_with(tmp_path, text)).policies[0].policy.channels["instagram"]
    assert (target.target.minimum.posts, target.target.optimum.posts) == (50, 350)


# --- control characters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "code", "exact"),
    [
        ('"Time out\\a, together"', "U+0007", False),
        ('"Time out\\e, together"', "U+001B", False),
        ('"Time out\\x7f, together"', "U+007F", False),
        ('"Time out\\N, together"', "U+0085", False),
        ('"Time out\\x9b, together"', "U+009B", False),
        ("Time out\u202e, together", "U+202E", True),
        ("Time out\u202a, together", "U+202A", True),
        ("Time out\u2066, together", "U+2066", True),
        ("Time out\u2069, together", "U+2069", True),
    ],
)
def test_control_and_bidirectional_characters_are_refused_with_their_code_point(
    written, code, exact, tmp_path
):
    text = BASE.replace("tagline: Time out, together", f"tagline: {written}")
    line, column = at(text, "tagline:", "tagline").split(":")
    # Written as themselves, they are found where they are; as escapes, at the value.
    column = int(column) + len("tagline: ") + (len("Time out") if exact else 0)
    if code.startswith("U+20"):
        import unicodedata

        name = unicodedata.name(chr(int(code[2:], 16))).lower()
        message = (
            f"contains the invisible character {code} ({name}), which changes the order text is "
            "shown in; remove it"
        )
    else:
        message = f"contains the control character {code}; remove it"
    assert refused(tmp_path, text) == [f"{FILE}:{line}:{column} organisation.tagline: {message}"]


def test_a_control_character_written_into_the_file_is_found_where_it_is(tmp_path):
    text = BASE.replace("tagline: Time out, together", "tagline: Time out\x07, together")
    line, column = at(text, "tagline:", "Time out\x07").split(":")
    assert refused(tmp_path, text) == [
        f"{FILE}:{line}:{int(column) + len('Time out')} contains the control character U+0007; "
        "remove it"
    ]


def position(text: str, char: str) -> str:
    """`line:column` of the first `char` in `text`."""
    before = text[: text.index(char)]
    return f"{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"


def test_control_characters_anywhere_are_found_with_their_field_and_all_reported(tmp_path):
    text = BASE.replace(
        "Check every face in the picture has consent.",
        "Check every face in\n                the picture\u2067 has consent.",
    ).replace("name: Events and trips", 'name: "Events\\band trips"')
    value = at(text, "Events", '"Events')  # an escape is reported at the start of its value
    assert refused(tmp_path, text) == [
        f"{FILE}:{value} content_types[1].name: contains the control character U+0008; remove it",
        f"{FILE}:{position(text, chr(0x2067))} sections[0].sections[0].blocks[0].list[0]: "
        "contains the invisible character U+2067 (right-to-left isolate), which changes the "
        "order text is shown in; remove it",
    ]


def test_tabs_newlines_and_crlf_files_are_fine(tmp_path):
    text = BASE.replace("tagline: Time out, together", 'tagline: "Time out,\\ttogether\\r\\n"')
    folder = folder_with(tmp_path, text.replace("\n", "\r\n"))
    policy = load_policies(folder).policies[0].policy
    assert policy.organisation.tagline == "Time out,\ttogether\r\n"


# --- file names -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ['x" onmouseover="alert(1).yaml', "my policy.yaml", "café.yaml"])
def test_a_policy_file_name_that_cannot_go_into_an_address_is_refused(name, tmp_path):
    assert refused(tmp_path, BASE, name=name) == [
        f"{name}:1:1 has a name that cannot go into a web address: name policy files with "
        'letters, digits, "-", "_" and "." only, ending .yaml (like riverside-young-carers.yaml)'
    ]


def test_a_badly_named_file_still_has_its_other_problems_listed(tmp_path):
    text = BASE.replace("review_due: 2027-09", "review_due: 9999-12")
    found = refused(tmp_path, text, name="bad name.yaml")
    assert [problem.split(" ", 1)[0] for problem in found] == ["bad", "bad"]
    assert "has the year 9999" in found[1]


def test_letters_digits_dots_and_underscores_are_fine_in_file_names(tmp_path):
    text = BASE.replace("  tagline:", "  slug: riverside\n  tagline:")
    site = load_policies(folder_with(tmp_path, text, name="Riverside_Young.Carers-2.yml"))
    assert site.policies[0].slug == "riverside"


# --- addresses --------------------------------------------------------------------------------


def with_account(url: str) -> str:
    return BASE + (
        "follow:\n  kinds:\n    - id: local\n      name: Local groups\n      accounts:\n"
        f"        - name: Carers Trust\n          url: {url}\n"
    )


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("javascript:alert(1)", "must be a web address starting with https:// (or http://)"),
        ("ftp://carers.example/", "must be a web address starting with https:// (or http://)"),
        ("carers.example", "must be a web address starting with https:// (or http://)"),
        (
            "'https://carers.example/\" onmouseover=\"alert(1)'",
            "must be a web address without spaces, quotes, < or >",
        ),
    ],
)
def test_a_follow_accounts_url_must_be_http(url, message, tmp_path):
    text = with_account(url)
    assert refused(tmp_path, text) == [
        f"{FILE}:{at(text, 'url:', 'url')} follow.kinds[0].accounts[0].url: {message}"
    ]


def test_a_follow_accounts_https_url_loads(tmp_path):
    text = with_account("https://carers.org/")
    kinds = load_policies(folder_with(tmp_path, text)).policies[0].policy.follow.kinds
    assert kinds[0].accounts[0].url == "https://carers.org/"


def with_address(address: str) -> str:
    return BASE.replace("    kind: instagram\n", f"    kind: instagram\n    address: {address}\n")


@pytest.mark.parametrize(
    ("address", "problem"),
    [
        ("javascript:alert(1)", "must be a web address starting with https:// (or http://)"),
        ("'data:text/html,<b>hi</b>'", "must be a web address starting with https:// (or http://)"),
        ("'https://x.example/ <script>'", "must be a web address without spaces, quotes, < or >"),
    ],
)
def test_a_channel_address_that_looks_like_a_link_must_be_http(address, problem, tmp_path):
    text = with_address(address)
    assert refused(tmp_path, text) == [
        f"{FILE}:{at(text, 'address:', 'address')} channels.instagram.address: looks like a "
        f"link, so it {problem}; or write the account's handle, like @name"
    ]


@pytest.mark.parametrize(
    "address", ["'@riverside_carers'", "instagram.com/riverside", "https://instagram.com/x"]
)
def test_a_channel_address_may_be_a_handle_or_an_https_address(address, tmp_path):
    channel = load_policies(folder_with(tmp_path, with_address(address))).policies[0]
    assert channel.policy.channels["instagram"].address == address.strip("'")
