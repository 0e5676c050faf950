"""Follow lists: each organisation's "Who we follow" page and CSV, and a site-wide comparison.

The comparison puts kinds of account with the same `id` in different policies on one row.
No MkDocs import here.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..policy.model import Policy
from .templating import render

CSV_COLUMNS = ("organisation", "kind", "name", "platform", "handle", "url", "why")
# A spreadsheet runs a cell starting with one of these as a formula (OWASP, "CSV Injection"),
# full-width forms included: spreadsheets set for Japanese or Chinese input read ＝ as =.
_FORMULA_SIGNS = "=+-@＝＋－＠"
_FORMULA_STARTS = (*_FORMULA_SIGNS, "\t", "\r")
# = + - @ where a spreadsheet may start a cell: at the start, or after a separator it may split
# on (comma; semicolon, most of Europe's; tab) or a line break, spaces and tabs between.
_FORMULA_AFTER_SEPARATOR = re.compile(r"(^|[,;\t\r\n])([ \t]*)(?=[=+\-@＝＋－＠])")


def csv_bytes(policy: Policy) -> bytes:
    """The organisation's concrete accounts as RFC 4180 CSV: UTF-8, CRLF, always a header row,
    every cell in double quotes.

    Every cell comes from the policy, and a spreadsheet may split a line on a comma, a
    semicolon (Excel in most of Europe) or a tab. So every cell is quoted, keeping its commas
    and semicolons inside it, and a ' is written before every =, +, -, or @ that starts the
    cell or a piece of it after a comma, semicolon, tab or line break (spaces between count as
    nothing): "=HYPERLINK(…)", "@SUM(…)", "-1+1" and a handle like "@NHSEngland" become
    "'=HYPERLINK(…)" (and so do their full-width forms, ＝ ＋ － ＠), and "x;=1" becomes
    "x;'=1", which a spreadsheet shows as text however
    it splits the line. A cell starting with a tab or a carriage return (OWASP) gets a '
    in front as well.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_ALL)
    writer.writerow(CSV_COLUMNS)
    for kind in policy.follow.kinds if policy.follow else []:
        for account in kind.accounts:
            cells = [
                policy.organisation.name,
                kind.name,
                account.name,
                account.platform or "",
                account.handle or "",
                account.url or "",
                account.why or "",
            ]
            writer.writerow([_as_text(cell) for cell in cells])
    return out.getvalue().encode("utf-8")


def _as_text(cell: str) -> str:
    cell = _FORMULA_AFTER_SEPARATOR.sub(r"\1\2'", cell)
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def organisation_page(policy: Policy, csv_name: str = "follow.csv") -> str:
    """`<slug>/follow.md`: the kinds of account the policy says to follow, with any named ones."""
    assert policy.follow is not None, "only organisations with a follow list get this page"
    platforms = [
        policy.channels[c].name if c in policy.channels else c for c in policy.follow.platforms
    ]
    accounts = sum(len(kind.accounts) for kind in policy.follow.kinds)
    return render(
        "follow.md.j2",
        policy=policy,
        follow=policy.follow,
        platforms=platforms,
        accounts=accounts,
        csv_name=csv_name,
    )


@dataclass(frozen=True)
class Row:
    id: str
    name: str
    cells: tuple[int | None, ...]  # per organisation: accounts named, or None if not followed


def site_page(policies: Iterable[Policy]) -> str:
    """`follow.md`: a table of kinds (rows) by organisation (columns)."""
    policies = list(policies)
    with_list = [p for p in policies if p.follow]
    without = [p for p in policies if not p.follow]
    names: dict[str, str] = {}
    for policy in with_list:
        for kind in policy.follow.kinds:
            names.setdefault(kind.id, kind.name)
    rows = []
    for kind_id, name in names.items():
        cells = []
        for policy in with_list:
            kind = next((k for k in policy.follow.kinds if k.id == kind_id), None)
            cells.append(None if kind is None else len(kind.accounts))
        rows.append(Row(kind_id, name, tuple(cells)))
    return render("follow_site.md.j2", policies=with_list, without=without, rows=rows)
