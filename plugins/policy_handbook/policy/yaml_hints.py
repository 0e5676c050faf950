"""Say what YAML did with a line, and how to write it so YAML reads what the author meant.

Policy authors are volunteers, not programmers: when `- Note: We do not monitor…` becomes a
mapping, `no` becomes false or a tab breaks the indentation, the message names what YAML did
and shows the line written so it reads as meant (usually: in quotes). Nothing here knows the
policy model; the loader passes in where the model's fields are.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from .positions import Marks, PathKey

# The line breaks YAML counts lines by (so line numbers match its marks).
_LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# A plain (unquoted) value as written: up to a space, a comment or the end of a flow item.
_PLAIN_TOKEN = re.compile(r"[^\s,\[\]{}#]+")
# What PyYAML (YAML 1.1) reads as true or false when it is not in quotes.
_TRUE_FALSE = {"yes", "no", "on", "off", "true", "false"}
# libyaml's and PyYAML's ways of saying a tab broke the indentation.
_TAB_ERROR = re.compile(r"\btab\b|'\\t'")

TAB_MESSAGE = (
    "a tab character is used for indentation here; YAML allows only spaces — "
    "replace the tab with spaces"
)
SHORTEN_AT = 30  # characters of the author's text an example shows before "…"
# A text to quote is shown whole up to this length, so the author can copy the line back; a
# longer one is cut, so a hint never prints a long stretch of a file that may not be a policy.
SHOWN_WHOLE = 120
# A key that names a field (`title:`, `text:`), rather than words that end in ": " ("Note:").
_FIELD_NAME = re.compile(r"^[a-z_]+:$")
# The most of a line before its value that a syntax hint repeats: a file that is not a policy
# at all (a key, a config file) is not copied into the log more than a short excerpt at a time.
MAX_KEY_SHOWN = 60


# --- the source as written ----------------------------------------------------------------


def line_at(source: str, line: int) -> str:
    """Line `line` (counting from 1) of `source`, or "" past its end."""
    lines = _LINE_BREAK.split(source)
    return lines[line - 1] if 0 < line <= len(lines) else ""


def spelling_at(source: str, position: tuple[int, int] | None) -> str | None:
    """The plain value written at `position` (line, column), as the author typed it."""
    if position is None:
        return None
    found = _PLAIN_TOKEN.match(line_at(source, position[0]), position[1] - 1)
    return found.group() if found else None


def quoted(text: str) -> str:
    """`text` in YAML quotes: double, or single when it holds a double quote or a backslash
    (which double quotes would read as the start of an escape)."""
    if '"' in text or "\\" in text:
        return "'" + text.replace("'", "''") + "'"
    return f'"{text}"'


def shorten(text: str, limit: int = SHORTEN_AT) -> str:
    """`text` cut at a word near `limit` characters, ending "…" when cut."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip() + "…"


# --- syntax errors ------------------------------------------------------------------------


def syntax_message(source: str, line: int, column: int, what: str) -> tuple[int, int, str]:
    """Line, column and message for a YAML syntax error `what` found at line:column."""
    text = line_at(source, line)
    indentation = text[: len(text) - len(text.lstrip(" \t"))]
    at_mark = text[column - 1 : column]
    if at_mark == "\t":
        return line, column, TAB_MESSAGE
    at_start = column - 1 <= len(indentation)
    if ("\t" in indentation and at_start) or (_TAB_ERROR.search(what) and "\t" in text):
        # libyaml marks where the indentation broke, which may be before or after the tab.
        tab = indentation.find("\t") if "\t" in indentation else text.find("\t")
        return line, tab + 1, TAB_MESSAGE
    message = f"is not valid YAML: {what}"
    if at_mark == ":":  # read from the source, not from the parser's words, which change
        message += _colon_in_text(text, column)
    elif at_mark in ("@", "`"):
        message = (
            f'YAML cannot read a value that starts with "{at_mark}" unless it is in quotes; '
            "social media text often does (a handle, a mention): put the whole text in quotes: "
            + _quoted_from(text, column)
        )
    return line, column, message


def _quoted_from(text: str, column: int) -> str:
    """The line with its value from `column` on in quotes (a trailing comment left out)."""
    before = text[: column - 1]
    value = re.sub(r"[ \t]+#.*$", "", text[column - 1 :]).strip()
    if len(before) > MAX_KEY_SHOWN:
        return quoted(value)
    return before.strip() + " " + quoted(value) if before.strip() else quoted(value)


def _colon_in_text(text: str, column: int) -> str:
    """The hint for a second ": " on a `key: value` line (`title: Note: x`), or "" when the
    line has no key before that colon (then the indentation is the likelier mistake)."""
    separator = re.search(r":[ \t]", text[: column - 1])
    if separator is None:
        return ""
    before = text[: column - 1].split()
    word = shorten(before[-1] if before else "")
    key = text[: separator.end()].strip()
    if len(key) > MAX_KEY_SHOWN:
        return ""
    value = re.sub(r"[ \t]+#.*$", "", text[separator.end() :]).strip()
    item = re.match(r"([ \t]*-[ \t]+)(.*)$", text)
    if item and not _FIELD_NAME.match(key.removeprefix("-").strip()):
        # `- Note: we close at 5: sorry` is a list item whose words hold ": ", not a key
        # called "Note": the whole item goes in quotes.
        whole = re.sub(r"[ \t]+#.*$", "", item.group(2)).strip()
        example = "- " + quoted(shorten(whole, SHOWN_WHOLE))
    else:
        example = key + " " + quoted(shorten(value, SHOWN_WHOLE))
    return (
        f' — the ": " after "{word}" starts another key: value, which YAML does not allow '
        f"here; to keep it as text, put the whole text in quotes: {example}"
    )


# --- words YAML took for a comment --------------------------------------------------------

# How lost_to_comment's messages start: the loader drops the model's errors about a value
# these already explained ("must be a mapping, got nothing" for text read as a comment).
LOST_TO_COMMENT = ("the text stops before ", 'YAML read "')
# A space (or the start of a value) then "#": where YAML starts a comment.
_COMMENT_AFTER = re.compile(r"[ \t]+#")


def lost_to_comment(source: str, node: Any) -> tuple[int, int, str] | None:
    """Line, column and message where a plain (unquoted) text value stops at " #" and the
    words after it on that line are read as a comment and silently dropped ("- We use a
    number of #hashtags"), or where a value that starts with "#" is read as nothing at all.
    A single word before the comment (`kind: channel  # why`) is taken as a real comment."""
    if node.style not in (None, "") or (node.tag != "tag:yaml.org,2002:str" and node.value):
        return None
    end = node.end_mark
    line_text = line_at(source, end.line + 1)
    rest = line_text[end.column :]
    if node.value == "":
        # An empty value whose line goes on with "#": `- #SEND2026 is our hashtag`.
        if not rest.lstrip().startswith("#"):
            return None
        before = line_text[: end.column].rstrip()
        if not before.endswith(("-", ":")):
            return None
        words = rest.strip()
        return (
            end.line + 1,
            len(line_text) - len(rest.lstrip()) + 1,
            f'YAML read "{shorten(words)}" as a comment, so this value is empty; social media '
            f"text often starts with # or @: put the whole text in quotes: "
            f"{before.strip()} {quoted(words)}",
        )
    found = _COMMENT_AFTER.match(rest)
    if found is None or " " not in node.value.strip():
        return None
    dropped = rest[found.end() - 1 :].strip()
    start = line_at(source, node.start_mark.line + 1)[: node.start_mark.column].rstrip()
    whole = node.value + " " + dropped if end.line == node.start_mark.line else dropped
    example = f"{start.strip()} {quoted(whole)}".strip() if end.line == node.start_mark.line else ""
    how = f"put the whole text in quotes: {example}" if example else "put the whole text in quotes"
    return (
        end.line + 1,
        end.column + found.end(),
        f'the text stops before "{shorten(dropped)}": YAML reads a space followed by # as the '
        f"start of a comment and drops the rest of the line; to keep it, {how} (or, if it is "
        "a comment, put it on a line of its own)",
    )


# --- values YAML read as something other than text ----------------------------------------


def true_false_message(value: bool, spelling: str | None) -> str:
    word = spelling if spelling and spelling.lower() in _TRUE_FALSE else "yes or no"
    example = spelling if word == spelling else ("yes" if value else "no")
    return (
        f"YAML read {word} as {str(value).lower()} (YAML treats yes/no/on/off/true/false as "
        f"true or false); to mean the word, put it in quotes: {quoted(example)}"
    )


def number_message(value: float, spelling: str | None) -> str:
    written = spelling if spelling and spelling[0] in "+-.0123456789" else str(value)
    return f"YAML read {written} as a number; to keep it as text, put it in quotes: " + quoted(
        written
    )


def key_value_message(mapping: dict[Any, Any], path: PathKey, source: str, marks: Marks) -> str:
    """For text YAML read as a one-pair mapping at `path`: why, and the line in quotes."""
    ((key, value),) = mapping.items()
    key_position = marks.keys.get((*path, str(key)))
    key_text = key if isinstance(key, str) else spelling_at(source, key_position) or str(key)
    if isinstance(value, str):
        value_text = value
    elif value is None:
        value_text = ""
    else:
        value_text = spelling_at(source, marks.values.get((*path, str(key)))) or str(value)
    written = f"{key_text}: {value_text}" if value_text else f"{key_text}:"
    example = quoted(shorten(written))
    if key_position is not None:
        before = line_at(source, key_position[0])[: key_position[1] - 1]
        if before.rstrip().endswith("-"):  # a block list item: keep its "- "
            example = "- " + example
    colon = ": " if value_text else ":"
    return (
        f'YAML read this line as "key: value" because of the "{colon}" after "{key_text}"; '
        f"to keep it as text, put the whole text in quotes: {example}"
    )


# --- where the model wanted text ----------------------------------------------------------

ModelAt = Callable[["PathKey"], "type[BaseModel] | None"]


@functools.cache
def takes_bare_text(model: type[BaseModel]) -> bool:
    """Whether `model` accepts a bare string as its text (a block, a list item). Asked of the
    model rather than listed here, so a new such model is covered too."""
    try:
        model.model_validate("text")
    except ValidationError:
        return False
    return True


def _value_at(data: Any, path: PathKey) -> Any:
    for part in path:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def _one_scalar_pair(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and len(value) == 1
        and not isinstance(next(iter(value.values())), dict | list)
    )


def _looks_like_words(key: Any, fields: list[str]) -> bool:
    """A key that is the start of a sentence ("Note", "Contact us"), not a misspelt field
    (`titel`, which keeps its did-you-mean)."""
    if not isinstance(key, str) or key != key.lower() or " " in key:
        return True
    return not difflib.get_close_matches(key, fields, n=1)


def misread(
    error: dict[str, Any],
    where: PathKey,
    data: Any,
    source: str,
    marks: Marks,
    model_at: ModelAt,
) -> tuple[PathKey, str] | None:
    """Where the model wanted text and YAML read the line as something else: the path of
    that value (errors under it say the same thing less well) and what YAML did.

    `model_at(path)` is the model whose field the last part of `path` names."""
    kind, value = error["type"], error.get("input")
    if kind == "extra_forbidden" and where:
        path, model = where[:-1], model_at(where)
        mapping = _value_at(data, path)
        if model is None or not takes_bare_text(model) or not _one_scalar_pair(mapping):
            return None
        fields = [info.alias or name for name, info in model.model_fields.items()]
        if not _looks_like_words(where[-1], fields):
            return None
        return path, key_value_message(mapping, path, source, marks)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        model = model_at((*where, ""))  # the model at `where` itself
        if model is None or not takes_bare_text(model):
            return None
    elif kind != "string_type":
        return None
    if _one_scalar_pair(value):
        return where, key_value_message(value, where, source, marks)
    spelling = spelling_at(source, marks.values.get(where))
    if isinstance(value, bool):
        return where, true_false_message(value, spelling)
    if isinstance(value, int | float):
        return where, number_message(value, spelling)
    return None
