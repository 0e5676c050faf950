"""Messages that teach YAML: what YAML did with a line, and how to write what was meant.

The three mistakes volunteers make most: `Word: text` read as a key and value, yes/no (and
numbers) read as something other than text, and tabs in the indentation.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from policy_handbook.policy.loader import PolicyError, load_policies
from policy_handbook.policy.yaml_hints import syntax_message
from policy_handbook.policy.yaml_reader import parse_yaml

# The smallest policy that loads (as in test_loader.py); the cases below change or extend it.
# The loader tests' minimal valid policy: each test here breaks one line of it.
from test_loader import MINIMAL  # noqa: E402

TITLE_LINE = 16  # "    title: Purpose"
END = MINIMAL.count("\n")  # the last line; text appended to MINIMAL starts on END + 1

TAB_MESSAGE = (
    "a tab character is used for indentation here; YAML allows only spaces — "
    "replace the tab with spaces"
)


@pytest.fixture
def problems(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Problems, as printed, for `text` written to forum.yaml in an empty folder."""
    monkeypatch.chdir(tmp_path)

    def load(text: str) -> list[str]:
        (tmp_path / "forum.yaml").write_text(text, encoding="utf-8")
        with pytest.raises(PolicyError) as caught:
            load_policies(Path("."))
        return [str(problem) for problem in caught.value.problems]

    return load


# --- `Word: text` read as a key and a value -----------------------------------------------


def test_a_paragraph_starting_with_a_word_and_colon_is_not_taken_for_a_note(problems):
    text = MINIMAL + "      - Note: We do not monitor our pages 24 hours a day.\n"
    assert problems(text) == [
        f"forum.yaml:{END + 1}:9 sections[0].blocks[1]: YAML read this line as "
        '"key: value" because of the ": " after "Note"; to keep it as text, put the whole '
        'text in quotes: - "Note: We do not monitor our…"'
    ]
    assert "did you mean 'note'" not in problems(text)[0]


def test_a_list_item_read_as_a_mapping_is_one_problem_not_two(problems):
    text = MINIMAL + "      - list:\n          - Contact us: by email or phone\n"
    assert problems(text) == [
        f"forum.yaml:{END + 2}:13 sections[0].blocks[1].list[0]: YAML read this line as "
        '"key: value" because of the ": " after "Contact us"; to keep it as text, put the '
        'whole text in quotes: - "Contact us: by email or phone"'
    ]


def test_a_lower_case_word_that_is_no_field_is_text_too(problems):
    (found,) = problems(MINIMAL + "      - remember: be kind\n")
    assert found.startswith(f"forum.yaml:{END + 1}:9 sections[0].blocks[1]: YAML read this line")
    assert found.endswith('put the whole text in quotes: - "remember: be kind"')


def test_text_holding_double_quotes_gets_single_quotes_in_the_example(problems):
    text = MINIMAL + 'contacts:\n  notes:\n    - Email: answered by "Sam"\n'
    assert problems(text) == [
        f'forum.yaml:{END + 3}:7 contacts.notes[0]: YAML read this line as "key: value" '
        'because of the ": " after "Email"; to keep it as text, put the whole text in quotes: '
        "- 'Email: answered by \"Sam\"'"
    ]


def test_text_on_the_line_under_its_key_is_placed_on_that_line(problems):
    (found,) = problems(MINIMAL + "      - paragraph:\n          Note: read this.\n")
    assert found == (
        f"forum.yaml:{END + 2}:11 sections[0].blocks[1].paragraph: YAML read this line as "
        '"key: value" because of the ": " after "Note"; to keep it as text, put the whole '
        'text in quotes: "Note: read this."'
    )


def test_a_list_item_with_two_colons_is_quoted_whole_not_from_its_first_colon(problems):
    """`- Note: we close at 5: sorry` is words, not a key "Note": the hint quotes the whole
    item, every word of it, so the author can copy the line back (issue 23, item 6)."""
    words = "Note: we close at 5pm on Fridays: please call before then if you need us today"
    (found,) = problems(MINIMAL + f"      - {words}\n")
    assert found.endswith(f'put the whole text in quotes: - "{words}"'), found


def test_a_second_colon_after_a_key_says_to_quote_the_value(problems):
    text = MINIMAL + "      - paragraph: Note: we close at 5. # says who\n"
    (found,) = problems(text)
    # The parser's own sentence sits between our place and our advice; only ours is asserted.
    assert found.startswith(f"forum.yaml:{END + 1}:24 is not valid YAML: ")
    assert found.endswith(
        ' — the ": " after "Note" starts another key: value, which YAML does not '
        "allow here; to keep it as text, put the whole text in quotes: "
        '- paragraph: "Note: we close at 5."'
    )


def test_a_misspelt_field_name_still_gets_did_you_mean(problems):
    text = MINIMAL.replace("title: Purpose", "titel: Purpose")
    # A title is optional now (a numbered clause may have none): the misspelling is the one
    # problem, named with its fix.
    assert problems(text) == [
        f"forum.yaml:{TITLE_LINE}:5 sections[0].titel: is not a known field — "
        "did you mean 'title'?",
    ]


def test_a_misspelt_block_kind_still_gets_did_you_mean(problems):
    assert problems(MINIMAL + "      - paragraf: We post.\n") == [
        f"forum.yaml:{END + 1}:9 sections[0].blocks[1].paragraf: is not a known field — "
        "did you mean 'paragraph'?"
    ]


# --- yes/no and numbers where text belongs ------------------------------------------------


@pytest.mark.parametrize(
    ("written", "read"), [("no", "false"), ("NO", "false"), ("Yes", "true"), ("off", "false")]
)
def test_yes_and_no_where_text_belongs_say_what_yaml_made_of_them(written, read, problems):
    text = MINIMAL.replace("title: Purpose", f"title: {written}")
    assert problems(text) == [
        f"forum.yaml:{TITLE_LINE}:12 sections[0].title: YAML read {written} as {read} "
        "(YAML treats yes/no/on/off/true/false as true or false); to mean the word, put it "
        f'in quotes: "{written}"'
    ]


def test_yes_and_no_in_a_list_are_found_at_their_own_place(problems):
    found = problems(MINIMAL + "      - list: [Maybe, No]\n")
    assert found == [
        f"forum.yaml:{END + 1}:23 sections[0].blocks[1].list[1]: YAML read No as false "
        "(YAML treats yes/no/on/off/true/false as true or false); to mean the word, put it "
        'in quotes: "No"'
    ]


def test_a_bare_yes_or_number_as_a_paragraph_says_what_yaml_made_of_it(problems):
    assert problems(MINIMAL + "      - yes\n      - 2024\n") == [
        f"forum.yaml:{END + 1}:9 sections[0].blocks[1]: YAML read yes as true (YAML treats "
        'yes/no/on/off/true/false as true or false); to mean the word, put it in quotes: "yes"',
        f"forum.yaml:{END + 2}:9 sections[0].blocks[2]: YAML read 2024 as a number; to keep it "
        'as text, put it in quotes: "2024"',
    ]


def test_true_or_false_not_written_as_a_word_says_yes_or_no(problems):
    (found,) = problems(MINIMAL.replace("title: Purpose", 'title: !!bool "false"'))
    assert found.endswith(
        "sections[0].title: YAML read yes or no as false (YAML treats yes/no/on/off/true/false "
        'as true or false); to mean the word, put it in quotes: "no"'
    )


@pytest.mark.parametrize("written", ["1.0", "2024", "0123"])
def test_a_number_where_text_belongs_says_to_quote_it(written, problems):
    text = MINIMAL.replace("title: Purpose", f"title: {written}")
    assert problems(text) == [
        f"forum.yaml:{TITLE_LINE}:12 sections[0].title: YAML read {written} as a number; "
        f'to keep it as text, put it in quotes: "{written}"'
    ]


def test_a_phone_number_with_a_space_is_text_already(tmp_path):
    (tmp_path / "forum.yaml").write_text(
        MINIMAL + "contacts:\n  phone: 01234 567890\n", encoding="utf-8"
    )
    policy = load_policies(tmp_path).policies[0].policy
    assert policy.contacts.phone == "01234 567890"


# --- tabs ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spaces", "replacement", "line", "column"),
    [
        ("    title: Purpose", "\ttitle: Purpose", TITLE_LINE, 1),
        ("    title: Purpose", "  \ttitle: Purpose", TITLE_LINE, 3),
        ("  short_name: TF", "\tshort_name: TF", 3, 1),
        ("  name: Test Forum", "\tname: Test Forum", 2, 1),
        ("      - We post", "\t- We post", END, 1),
        ("      - We post", "      -\tWe post", END, 8),
    ],
)
def test_a_tab_in_the_indentation_says_to_use_spaces(spaces, replacement, line, column, problems):
    assert problems(MINIMAL.replace(spaces, replacement)) == [
        f"forum.yaml:{line}:{column} {TAB_MESSAGE}"
    ]


def test_a_tab_in_a_block_of_text_says_to_use_spaces(problems):
    text = MINIMAL + "      - |\n        First line.\n\tSecond line.\n"
    assert problems(text) == [f"forum.yaml:{END + 3}:1 {TAB_MESSAGE}"]


def test_pyyamls_own_words_for_a_tab_are_explained_too():
    # PyYAML's pure-Python scanner (used where libyaml is missing) words the error its own way.
    source = "a: 1\n  \tb: 2\n"
    what = "while scanning for the next token found character '\\t' that cannot start any token"
    assert syntax_message(source, 2, 3, what) == (2, 3, TAB_MESSAGE)


def test_a_tab_between_a_key_and_its_value_is_fine(tmp_path):
    (tmp_path / "forum.yaml").write_text(
        MINIMAL.replace("short_name: TF", "short_name:\tTF"), encoding="utf-8"
    )
    assert load_policies(tmp_path).policies[0].policy.organisation.short_name == "TF"


def test_other_yaml_mistakes_keep_their_words_and_place(problems):
    text = MINIMAL.replace("title: Purpose", "title: [Purpose")
    (found,) = problems(text)
    # The place is ours; the words after "is not valid YAML:" are the parser's, passed on.
    assert found.startswith(f"forum.yaml:{TITLE_LINE + 1}:11 is not valid YAML: ")
    assert len(found) > len(f"forum.yaml:{TITLE_LINE + 1}:11 is not valid YAML: ") + 10


# --- `#` and `@`: words YAML would drop or cannot start --------------------------------------


def test_words_after_a_hash_inside_text_are_refused_not_dropped(problems):
    """`- We use a number of #hashtags` would be read as "We use a number of": the words
    after " #" vanish silently. The loader compares the line with the value and refuses it."""
    text = MINIMAL + "      - We use a number of #hashtags in our posts.\n"
    assert problems(text) == [
        f"forum.yaml:{END + 1}:28 sections[0].blocks[1]: the text stops before "
        '"#hashtags in our posts.": YAML reads a space followed by # as the start of a '
        "comment and drops the rest of the line; to keep it, put the whole text in quotes: "
        '- "We use a number of #hashtags in our posts." (or, if it is a comment, put it on a '
        "line of its own)"
    ]


def test_a_comment_after_a_single_word_value_is_a_comment():
    text = MINIMAL.replace("    title: Purpose\n", "    title: Purpose  # the first heading\n")
    assert "title: Purpose  # the first heading" in text
    assert parse_yaml(text, "forum.yaml")[2] == []


def test_text_that_starts_with_a_hash_is_not_read_as_nothing(problems):
    text = MINIMAL + "      - #SEND2026 is our hashtag\n"
    found = problems(text)
    assert found[0] == (
        f'forum.yaml:{END + 1}:9 sections[0].blocks[1]: YAML read "#SEND2026 is our hashtag" '
        "as a comment, so this value is empty; social media text often starts with # or @: "
        'put the whole text in quotes: - "#SEND2026 is our hashtag"'
    )


def test_text_that_starts_with_an_at_sign_says_to_quote_it(problems):
    text = MINIMAL + "      - @bwdpip is our handle\n"
    assert problems(text) == [
        f'forum.yaml:{END + 1}:9 YAML cannot read a value that starts with "@" unless it is in '
        "quotes; social media text often does (a handle, a mention): put the whole text in "
        'quotes: - "@bwdpip is our handle"'
    ]
