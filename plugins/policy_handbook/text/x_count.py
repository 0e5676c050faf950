"""Characters as X counts them: twitter-text 3 rules, in time proportional to the text.

X weighs a post (developer.x.com, "Counting characters"; the rules are those of its open-source
`twitter-text` library, v3): the text is NFC-normalised; every link counts 23 whatever its
length; an emoji (a whole sequence: skin tone, ZWJ family, flag, keycap) counts 2; other code
points count 1 in a few ranges (most Latin, punctuation) and 2 elsewhere (CJK…).

A link is what twitter-text's `extractUrls` finds: an optional http:// or https://, a domain
whose last label is a top-level domain it knows (`data/x_tlds.txt`), then an optional port,
path and query, each ending where twitter-text's grammar ends them (a path never ends in "."
or ",", a ")" only closes a "(" inside it). tests/test_x_count.py runs the npm package over a
corpus and checks every count agrees.

twitter-text does this with one backtracking regular expression, which takes minutes on
hostile text ("a." repeated 50,000 times). Here each word is read once from the right, so that
where a domain can end is known for every position before links are looked for.

Where this knowingly differs: domains in non-Latin scripts and the non-ASCII top-level domains
(written as punycode, xn--, they count); and emoji ZWJ sequences newer than twitter-text's
2018 emoji data count 2 here, the sum of their parts there.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from pathlib import Path

URL_LENGTH = 23
_MAX_URL_LENGTH = 4096  # twitter-text: longer is not a link at all
_MAX_LABEL_LENGTH = 63
_DEFAULT_PROTOCOL = "https://"

# twitter-text's character classes (regexp/*.js), as Python sets and patterns.
_LATIN_ACCENTS = (
    "\xc0-\xd6\xd8-\xf6\xf8-\xff\u0100-\u024f\u0253\u0254\u0256\u0257\u0259\u025b\u0263"
    "\u0268\u026f\u0272\u0289\u028b\u02bb\u0300-\u036f\u1e00-\u1eff"
)
_CYRILLIC = "\u0400-\u04ff"
_PUNCT = set("!'#%&()*+,\\-./:;<=>?@[]^_{|}~$")
_SPACES = re.compile("[\t-\r \x85\xa0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+")
_INVALID = set("\ufffe\ufeff\uffff")
_DIRECTIONAL = set("\u202a\u202b\u202c\u202d\u202e\u061c\u200e\u200f\u2066\u2067\u2068\u2069")
_NOT_DOMAIN = _PUNCT | _INVALID | _DIRECTIONAL  # spaces never reach here: words are split on them
# A link may not follow these (so no link inside a word, an address, a #tag or a $tag)...
_BAD_BEFORE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789@\uff20$#\uff03")
_BAD_BEFORE |= _INVALID
# ...and one without http(s):// not these either.
_BAD_BEFORE_BARE = set("-_./")
_PATH = re.compile(f"[a-z{_CYRILLIC}0-9!*';:=+,.$/%#\\[\\]\\-\u2013_~@|&{_LATIN_ACCENTS}]", re.I)
_PATH_END = re.compile(f"[+\\-a-z{_CYRILLIC}0-9=_#/{_LATIN_ACCENTS}]", re.IGNORECASE)
_QUERY = set(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!?*'@();:&=+$/%#[]-_.,~|"
)
_QUERY_END = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_&=#/")
_ASCII_LABEL = re.compile(f"[-a-z0-9{_LATIN_ACCENTS}]", re.IGNORECASE)  # "ASCII", as it says
_ALNUM = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")

# twitter-text v3 weights: these code point ranges count 1, everything else 2.
_LIGHT_RANGES = ((0, 4351), (8192, 8205), (8208, 8223), (8242, 8247))
_HEAVY = re.compile(
    "[^" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in _LIGHT_RANGES) + "]"
)
# An emoji as one unit of 2: a keycap, a flag (two regional indicators), or a pictograph with its
# presentation selector, skin tone, tag sequence (the flags of England, Scotland, Wales) and
# ZWJ-joined companions. Each part can be told from the next, so matching never backtracks.
# A presentation selector (U+FE0F) belongs to the emoji only after one shown as text by default:
# those in the Basic Multilingual Plane, and these above it (Emoji_Presentation=No).
_TEXT_STYLE = (
    "\U0001f170\U0001f171\U0001f17e\U0001f17f\U0001f202\U0001f237\U0001f321"
    "\U0001f324-\U0001f32c\U0001f336\U0001f37d\U0001f396\U0001f397\U0001f399-\U0001f39b"
    "\U0001f39e\U0001f39f\U0001f3cb-\U0001f3ce\U0001f3d4-\U0001f3df\U0001f3f3\U0001f3f5"
    "\U0001f3f7\U0001f43f\U0001f441\U0001f4fd\U0001f549\U0001f54a\U0001f56f\U0001f570"
    "\U0001f573-\U0001f579\U0001f587\U0001f58a-\U0001f58d\U0001f590\U0001f5a5\U0001f5a8"
    "\U0001f5b1\U0001f5b2\U0001f5bc\U0001f5c2-\U0001f5c4\U0001f5d1-\U0001f5d3"
    "\U0001f5dc-\U0001f5de\U0001f5e1\U0001f5e3\U0001f5e8\U0001f5ef\U0001f5f3\U0001f5fa"
    "\U0001f6cb\U0001f6cd-\U0001f6cf\U0001f6e0-\U0001f6e5\U0001f6e9\U0001f6f0\U0001f6f3"
)
_BMP_PICTOGRAPH = "\u203c\u2049\u2100-\u2bff\u3030\u303d\u3297\u3299"
_ELEMENT = (
    f"(?:[{_BMP_PICTOGRAPH}{_TEXT_STYLE}]\ufe0f?|[\U0001f000-\U0001f1e5\U0001f200-\U0001faff])"
    "[\U0001f3fb-\U0001f3ff]?(?:[\U000e0020-\U000e007e]+\U000e007f)?"
)
_EMOJI = re.compile(
    "[#*0-9]\ufe0f?\u20e3"
    "|[\U0001f1e6-\U0001f1ff]{2}"
    "|[\xa9\xae]\ufe0f"
    f"|{_ELEMENT}(?:\u200d{_ELEMENT})*"
)


@cache
def top_level_domains() -> frozenset[str]:
    lines = (Path(__file__).parent.parent / "data" / "x_tlds.txt").read_text("utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def x_length(text: str) -> int:
    """Characters as X counts them: NFC-normalised, weighted, each link as 23."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    position = 0
    for start, end in links(text):
        total += weighted(text[position:start]) + URL_LENGTH
        position = end
    return total + weighted(text[position:])


def weighted(text: str) -> int:
    """Text without links, weighed: emoji 2, then each code point 1 or 2 by its range."""
    if text.isascii():  # every ASCII character weighs 1, and no emoji is all ASCII
        return len(text)
    return _with_emoji(text)


def _with_emoji(text: str) -> int:
    total = 0
    position = 0
    for match in _EMOJI.finditer(text):
        before = text[position : match.start()]
        total += len(before) + len(_HEAVY.findall(before))
        emoji = match.group()
        total += 2 if len(emoji) > 1 else 1 + len(_HEAVY.findall(emoji))
        position = match.end()
    rest = text[position:]
    return total + len(rest) + len(_HEAVY.findall(rest))


def links(text: str) -> list[tuple[int, int]]:
    """(start, end) of each link in `text` (already NFC), left to right."""
    if "." not in text:
        return []
    found = []
    position = 0
    for gap in [*_SPACES.finditer(text), None]:
        end = gap.start() if gap else len(text)
        if "." in text[position:end]:
            word = _word_links(text[position:end], at_start=position == 0)
            found += [(position + a, position + b) for a, b in word]
        position = gap.end() if gap else end
    return found


def _word_links(word: str, at_start: bool) -> list[tuple[int, int]]:
    """Links in one word (no spaces), as twitter-text's scan finds them: the leftmost match,
    then on from its end, whether it was kept or not.

    A match takes the character before it (the start of the text only when there is none to
    take), so at the very start of the text one starting after the first character is tried
    before one starting at it: "éx.org" links x.org, " éx.org" links éx.org.
    """
    n = len(word)
    domain_end = _domain_ends(word)
    found = []
    s = 0
    while s < n:
        first = at_start and s == 0 and n > 1 and word[0] <= "\uffff"
        match = _match(word, 1, domain_end) if first and _may_start(word, 1, True) else None
        if match is None and (s == 0 or _may_start(word, s, at_start)):
            match = _match(word, s, domain_end)
        if match is None:
            s += 1
            continue
        start, protocol, end, url_end, path = match
        found += _kept(word, start, start + len(protocol), end, url_end, protocol, path)
        s = url_end + 1  # the next match's preceding character is the one after this match
    return found


def _may_start(word: str, s: int, at_start: bool) -> bool:
    """Whether a link may start at word[s], given the character before it.

    twitter-text reads UTF-16, where a character outside the Basic Multilingual Plane is two
    units and a link may start at its second: the first unit "precedes" it and never blocks
    ("#😀.org.uk" links org.uk).
    """
    return (s == 0 and not at_start) or word[s] > "\uffff" or word[s - 1] not in _BAD_BEFORE


def _match(word: str, s: int, domain_end: list[int]) -> tuple[int, str, int, int, bool] | None:
    """A link's match starting at `s`: (s, protocol, domain end, match end, has a path)."""
    protocol = _protocol(word, s)
    start = s + len(protocol)
    end = domain_end[start] if protocol and start < len(word) else -1
    if end < 0:
        protocol, end = "", domain_end[s]
    if end < 0:
        return None
    url_end, path = _after_domain(word, end)
    return s, protocol, end, url_end, path


def _protocol(word: str, s: int) -> str:
    head = word[s : s + 8].lower()
    for protocol in ("https://", "http://"):
        if head.startswith(protocol):
            return protocol
    return ""


def _kept(
    word: str, s: int, start: int, end: int, url_end: int, protocol: str, path: bool
) -> list[tuple[int, int]]:
    """The links twitter-text keeps from a match: none if too long, with a label over 63
    characters, or (without http/https) after - _ . / or with no ASCII domain in it.
    Without http/https, a port or query with no path is left out of the link."""
    domain = word[start:end]
    labels = [_ascii_form(label) for label in domain.split(".")]
    if any(len(label) > _MAX_LABEL_LENGTH for label in labels):
        return []
    encoded = url_end - s + sum(map(len, labels)) + len(labels) - 1 - len(domain)
    if len(protocol or _DEFAULT_PROTOCOL) + encoded > _MAX_URL_LENGTH:
        return []
    if protocol:
        return [(s, url_end)]
    if s and word[s - 1] in _BAD_BEFORE_BARE:
        return []
    # The links are the ASCII domains inside the domain, the last with the path.
    found = _ascii_domains(word[start:end])
    if not found:
        return []
    links = [(start + a, start + b) for a, b in found]
    if path:
        # twitter-text's link is the last ASCII domain and the path, and its count skips that
        # many characters from where the domain starts (more than the link when the domain
        # ends in more than its ASCII domain: "co.scot….it/io" skips "co.scot/io"'s length).
        first, last = links[-1]
        links[-1] = (first, last + url_end - end)
    return links


def _ascii_form(label: str) -> str:
    """A domain label as DNS holds it: punycode (xn--…) when it is not all ASCII."""
    return label if label.isascii() else "xn--" + label.encode("punycode").decode("ascii")


def _ascii_domains(domain: str) -> list[tuple[int, int]]:
    """Each run of ASCII labels ending in a top-level domain in `domain`, left to right (as
    twitter-text's validAsciiDomain finds them: "a.io\"bc.com" holds a.io and bc.com)."""
    m = len(domain)
    tlds = top_level_domains()
    run_end = [m] * (m + 1)
    alnum_end = [m] * (m + 1)
    best = [-1] * (m + 1)
    for i in range(m - 1, -1, -1):
        ch = domain[i]
        ascii_label = ch in _ALNUM or ch == "-" or (ch > "\x7f" and bool(_ASCII_LABEL.match(ch)))
        run_end[i] = run_end[i + 1] if ascii_label else i
        alnum_end[i] = alnum_end[i + 1] if ch in _ALNUM else i
        dot = run_end[i]
        if not ascii_label or dot + 1 >= m or domain[dot] != ".":
            continue
        label = dot + 1
        if best[label] >= 0:
            best[i] = best[label]
        else:
            tld = _tld_length(domain, label, alnum_end[label], tlds)
            best[i] = label + tld if tld else -1
    found = []
    p = 0
    while p < m:
        if best[p] >= 0:
            found.append((p, best[p]))
            p = best[p]
        else:
            p += 1
    return found


def _domain_ends(word: str) -> list[int]:
    """For each position, where the longest domain starting there ends (-1: none), read from
    the right: labels of domain characters (- inside, and _ in all but the last two) separated
    by dots, the last of them starting with a top-level domain."""
    n = len(word)
    tlds = top_level_domains()
    run_end = [n] * (n + 1)  # where a run of domain characters, - and _ ends
    underscore = [n] * (n + 1)  # the next _ at or after each position
    alnum_end = [n] * (n + 1)  # where a run of ASCII letters and digits ends
    best = [-1] * (n + 1)
    for i in range(n - 1, -1, -1):
        ch = word[i]
        run_end[i] = run_end[i + 1] if ch not in _NOT_DOMAIN or ch in "-_" else i
        underscore[i] = i if ch == "_" else underscore[i + 1]
        alnum_end[i] = alnum_end[i + 1] if ch in _ALNUM else i
        if ch in _NOT_DOMAIN:
            continue
        dot = run_end[i]
        if dot + 1 >= n or word[dot] != "." or word[dot - 1] in "-_":
            continue
        label = dot + 1
        if best[label] >= 0:
            best[i] = best[label]  # more labels: the longest domain is taken first
        elif underscore[i] > dot:
            tld = _tld_length(word, label, alnum_end[label], tlds)
            if tld:
                best[i] = label + tld
    return best


def _tld_length(word: str, start: int, alnum_end: int, tlds: frozenset[str]) -> int:
    name = word[start:alnum_end].lower()
    after = word[alnum_end] if alnum_end < len(word) else ""
    if name in tlds and after not in ("@", "+", "-"):
        return len(name)
    if word[start : start + 4].lower() == "xn--":
        stop = start + 4
        while stop < len(word) and (word[stop] in _ALNUM or word[stop] == "-"):
            stop += 1
        return stop - start if stop > start + 4 else 0
    return 0


def _after_domain(word: str, end: int) -> tuple[int, bool]:
    """Where a link ends after its domain (a port, a path, a query, as twitter-text allows),
    and whether it has a path."""
    n = len(word)
    position = end
    if position + 1 < n and word[position] == ":" and "0" <= word[position + 1] <= "9":
        position += 1
        while position < n and "0" <= word[position] <= "9":
            position += 1
    path = position < n and word[position] == "/"
    if path:
        position = _path_end(word, position + 1)
    if position < n and word[position] == "?":
        last = None
        for q in range(position + 1, n):
            if word[q] not in _QUERY:
                break
            if word[q] in _QUERY_END:
                last = q + 1
        if last:
            position = last
    return position, path


def _path_end(word: str, start: int) -> int:
    """The end of a path after its "/": the longest run of path characters and balanced
    brackets that ends in a letter, digit, one of + - = _ # / or a closing bracket."""
    n = len(word)
    last = start
    q = start
    while q < n:
        if _PATH.match(word[q]):
            q += 1
            if _PATH_END.match(word[q - 1]):
                last = q
        elif word[q] == "(":
            close = _brackets_end(word, q)
            if close < 0:
                break
            q = last = close
        else:
            break
    return last


def _brackets_end(word: str, start: int) -> int:
    """After "(path)" or "(path(path)path)" at `start`, or -1."""
    n = len(word)

    def run(q: int) -> int:
        while q < n and _PATH.match(word[q]):
            q += 1
        return q

    q = run(start + 1)
    if q < n and word[q] == ")" and q > start + 1:
        return q + 1
    if q < n and word[q] == "(":
        inner = run(q + 1)
        if inner > q + 1 and inner < n and word[inner] == ")":
            outer = run(inner + 1)
            if outer < n and word[outer] == ")":
                return outer + 1
    return -1
