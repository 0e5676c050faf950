"""What one piece of policy text may hold, so that rendering it takes time in proportion to
its length: checked on every loaded string, before anything is rendered.

Python-Markdown, which renders policy Markdown (safe.py), has two costs that grow faster than
the text. Both are bounded here, far above what any real policy uses:

- **Nesting.** Each list or quote inside another is a level of recursion: about 500 levels
  (`- - - … x`, a kilobyte) overflow Python's stack, and long before that the time grows with
  the square of the depth. A line's depth is its indentation (four spaces a level, as
  Python-Markdown counts) plus the list and quote markers that open it. Real policies nest
  two or three deep.
- **Brackets.** Looking for a link, the renderer scans from each `[` to its closing `]` (or to
  the end of the text), and from a following `(` to its `)`: the work is up to the number of
  `[` times the length. 16 KB of `[` took a minute. The product is bounded so that the worst
  text allowed renders in well under a second (BENCHMARKS.md, "Hostile text"); at the longest
  text allowed (100,000 characters) that is 20 links, at 2,000 characters a thousand.

Characters no text should hold are refused here too, wherever they came from (typed, or a YAML
escape such as "\\uFFFE"): controls, the bidirectional overrides that make text display in another
order than it is read ("Trojan Source"), noncharacters and unpaired surrogates (which YAML, HTML
and the front matter MkDocs reads each treat differently, or refuse).

No MkDocs import here.
"""

from __future__ import annotations

import re
import unicodedata

MAX_NESTING = 8  # lists and quotes inside each other, in one piece of text
BRACKET_WORK = 2_000_000  # `[` in a text times its length

# C0 controls other than tab, newline and carriage return; DEL; C1 controls; the bidirectional
# embeddings, overrides and isolates; unpaired surrogates; and the 66 noncharacters
# (U+FDD0..U+FDEF and the last two code points of every plane).
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17)
)
UNWANTED = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
    + _NONCHARACTERS
    + "]"
)

# One opening marker at the start of a line (after its indentation or an earlier marker): a
# quote's `>`, or a list's bullet or number followed by a space.
_MARKER = re.compile(r"[ \t]{0,3}(?:>[ \t]?|[-*+][ \t]+|\d{1,9}[.)][ \t]+)")
_LINE = re.compile(r"[^\r\n]*")


def unwanted_character(char: str) -> str:
    """The message for a character `UNWANTED` matched."""
    code = f"U+{ord(char):04X}"
    point = ord(char)
    if 0xD800 <= point <= 0xDFFF:
        return f"contains {code}, half of a character without its other half; remove it"
    if 0xFDD0 <= point <= 0xFDEF or point & 0xFFFE == 0xFFFE:
        return f"contains {code}, which is not a character (a Unicode noncharacter); remove it"
    if point >= 0x2000:
        name = unicodedata.name(char, "an invisible character").lower()
        return (
            f"contains the invisible character {code} ({name}), which changes the order text "
            "is shown in; remove it"
        )
    return f"contains the control character {code}; remove it"


def _depth(line: str) -> int:
    expanded = line.expandtabs(4)
    indent = len(expanded) - len(expanded.lstrip(" "))
    depth, position = indent // 4, indent
    while True:
        found = _MARKER.match(expanded, position)
        if found is None or found.end() == position:
            return depth
        depth += 1
        position = found.end()


def markup_problem(value: str) -> tuple[int, str] | None:
    """Where (an offset into `value`) and why the text would cost the renderer more than its
    length allows, or None. Linear in the length of `value`."""
    brackets = value.count("[")
    if brackets * len(value) > BRACKET_WORK:
        most = BRACKET_WORK // len(value)
        return value.find("["), (
            f"holds {brackets:,} [ brackets in {len(value):,} characters; text this long may "
            f"hold at most {most:,} (each link needs one): split it into shorter texts, or "
            "remove brackets that are not links"
        )
    if "\n" not in value and "\r" not in value and len(value) <= MAX_NESTING:
        return None
    for line in _LINE.finditer(value):
        if _depth(line.group()) > MAX_NESTING:
            return line.start(), (
                f"nests lists or quotes more than {MAX_NESTING} levels deep here (by its "
                f"indentation and its -, *, +, 1. or > marks); policy text may nest at most "
                f"{MAX_NESTING}"
            )
    return None
