"""One piece of policy text renders in time linear in its length: what would cost more
(deep nesting, long runs of `[`) is refused by the loader, and what is allowed renders.
(Times against length are measured in bench/hostile_text.py, not here.)"""

from __future__ import annotations

import pytest
from policy_handbook.policy.text_limits import BRACKET_WORK, MAX_NESTING, UNWANTED, markup_problem
from policy_handbook.policy.yaml_reader import parse_yaml
from policy_handbook.text import safe


@pytest.mark.parametrize("marker", ["- ", "* ", "+ ", "1. ", "> ", ">"])
def test_nesting_up_to_the_limit_renders_and_one_more_is_refused(marker):
    allowed = marker * MAX_NESTING + "x"
    assert markup_problem(allowed) is None
    assert "x" in safe.markdown_block(allowed)
    offset, message = markup_problem(marker * (MAX_NESTING + 1) + "x")
    assert offset == 0 and f"more than {MAX_NESTING} levels deep" in message


def test_indentation_counts_as_nesting_as_python_markdown_counts_it():
    lines = "".join("    " * level + "- item\n" for level in range(MAX_NESTING))
    assert markup_problem(lines) is None
    deeper = lines + "    " * MAX_NESTING + "- one more\n"
    offset, _ = markup_problem(deeper)
    assert offset == len(lines)


def test_a_kilobyte_of_list_markers_would_overflow_the_renderer():
    # Why the limit exists: without it the renderer recurses until Python gives up.
    with pytest.raises(RecursionError):
        safe._render("- " * 500 + "x")
    assert markup_problem("- " * 500 + "x") is not None


def test_brackets_are_bounded_by_their_number_times_the_length():
    length = 10_000
    most = BRACKET_WORK // length
    allowed = ("[" * most).ljust(length, "a")
    assert markup_problem(allowed) is None
    assert safe.markdown_block(allowed)  # renders (bench/hostile_text.py times it)
    over = ("[" * (most + 1)).ljust(length, "a")
    offset, message = markup_problem(over)
    assert offset == 0 and f"at most {most:,}" in message


def test_ordinary_policy_text_is_never_refused():
    text = (
        "Read the [guidance](https://example.org/a) and [the form](https://example.org/b).\n\n"
        "- First\n  - Second\n    - Third\n\n> A quote\n> > inside a quote\n\n1. One\n2. Two\n"
    )
    assert markup_problem(text * 20) is None


@pytest.mark.parametrize(
    ("escape", "code"),
    [
        ("\\uFFFE", "U+FFFE"),
        ("\\uFFFF", "U+FFFF"),
        ("\\uFDD0", "U+FDD0"),
        ("\\U0001FFFF", "U+1FFFF"),
        ("\\u202E", "U+202E"),
        ("\\x1b", "U+001B"),
        ("\\x85", "U+0085"),
    ],
)
def test_a_character_made_by_a_yaml_escape_is_refused_where_it_is_written(escape, code):
    text = f'title: ok\ntagline: "Time out{escape}, together"\n'
    _, _, problems = parse_yaml(text, "p.yaml")
    assert [(p.line, p.field) for p in problems] == [(2, "tagline")]
    assert code in problems[0].message


def test_every_unwanted_character_is_one_that_yaml_html_or_front_matter_mishandle():
    assert UNWANTED.match("\ufffe") and UNWANTED.match("\U0010ffff") and UNWANTED.match("\ud800")
    for fine in ("é", "中", "😀", "\u00a0", "\t", "\n", "’"):
        assert UNWANTED.match(fine) is None
