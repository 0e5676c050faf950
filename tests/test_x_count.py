"""Our X count (replies.x_length) agrees with X's own open-source counter, twitter-text 3.1.0
from npm, run by Node over a corpus of replies-like text, links, emoji and near-links.

Never skipped: a missing Node.js or npm package would hide exactly the miscounts this is for
(`make test` installs both).
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess

import pytest
from conftest import ROOT
from policy_handbook.policy.reply_text import x_length
from policy_handbook.text import x_count

NODE = shutil.which("node")

# Text staff really post: contact lines, links with and without https://, UK and other
# domains, paths, queries, brackets, punctuation after links, emails, handles, hashtags, emoji
# of every shape (skin tones, families, flags, keycaps, text-style with U+FE0F), CJK, accents.
REALISTIC = [
    "Contact: 07923 252483\nEmail: bwdpip1@gmail.com\nFollow us on Facebook and Twitter",
    "Please email us at sendiass@wokingham.gov.uk or call our helpline on 0118 9088233.",
    "Read more at https://example.org/a/very/long/address/that/x/counts/as/twenty-three",
    "See www.wokingham.gov.uk/send. It has the local offer (and more).",
    "Visit example.co.uk, then EXAMPLE.COM! (or sub.example.org).",
    "Our new site: https://www.bwdpip.org.uk/events?month=11&year=2026#top",
    "Details (see https://en.wikipedia.org/wiki/Special_educational_needs_(UK)) here.",
    "Find us at bwdpip.org.uk/contact, or nhs.uk/conditions/autism/ for advice.",
    "Links end before punctuation: https://x.com/a. https://x.com/b, https://x.com/c; ok?",
    "The Scottish page is at gov.scot and the Welsh one at llyw.cymru; Irish: gov.ie",
    "Sites in France (service-public.fr) and Germany (bund.de) count too.",
    "A link in quotes: 'https://example.org/x' and \"www.example.net\".",
    "Not links: e.g. this, i.e. that, v1.2.3, 3.5 hours, file.txt and Mr.Smith",
    "Not links either: user@example.com, @bwdpip, #SEND2026, $TSLA, a.b",
    "http://localhost/admin and https://192.168.0.1/ are not counted as links",
    "Ports and queries: https://example.org:8443/path?q=1&r=2 and example.org?x=1",
    "We're open 9–5 😀 and we ❤️ hearing from you 👍🏽",
    "Families welcome 👨‍👩‍👧 👩‍👩‍👦 — carers 👩‍⚕️ 👨‍🍳 and teachers 👨🏿‍🏫",
    "Flags: 🇬🇧 🏴󠁧󠁢󠁥󠁮󠁧󠁿 🏴󠁧󠁢󠁷󠁬󠁳󠁿 🏳️‍🌈 and keycaps 1️⃣ 2️⃣ #️⃣",
    "Text-style symbols: ☎️ ✉️ ✔️ ☀️ ⚠️ ♿ ©️ ™️ ‼️ and plain © ® ™ → ←",
    "Accents: café, naïve, Zoë, Ciarán, Dafydd ap Gwilym; combining: cafe\u0301",
    "中文 日本語 한국어 العربية हिन्दी — all counted as X does",
    "Curly quotes ‘like this’ and “this”, an ellipsis… and a dash — done.",
    "Emoji next to links: 👉https://example.org/x 👈 and 📞0118 9088233",
    "Tabs\tand\nnew lines\r\nand non-breaking\u00a0spaces count as characters",
    "A very long word: " + "a" * 300,
    "Many links: " + " ".join(f"https://example.org/{n}" for n in range(20)),
    "",
]

# Pieces that make links, near-links, sentence ends and emoji likely; glued at random.
PIECES = [
    "a", "b", "Z", "7", "-", "_", ".", "..", ":", "/", "@", "(", ")", "'", '"', ",", "!", "?",
    "#", "$", "?q=1", "&", "=", ":8080", " ", "  ", "\n", "\t", "\u00a0", "http", "HTTPS",
    "://", "https://", "www", "WWW.", "com", "org", "uk", "co", "nhs", "info", "io", "edu",
    "Gov", "ac", "net", ".com", ".org.uk", "example", ".fr", ".scot", ".it", "it", "is", "é",
    "e\u0301", "中", "日本", "Ж", "😀", "\u2014", "\u2019", "\u2026", "\u0130", "\u0131",
    "\u017f", "\u212a", "ü", "👍🏽", "👨‍👩‍👧", "❤️", "🇬🇧", "1️⃣", "©️", "©", "™",
    "🏴󠁧󠁢󠁥󠁮󠁧󠁿", "\ufe0f",
]  # fmt: skip


def twitter_text(texts: list[str]) -> list[int]:
    assert NODE is not None, "Node.js is not installed: `make test` installs it with apt-get"
    result = subprocess.run(
        [NODE, str(ROOT / "tests/js/x_count.mjs")],
        input=json.dumps(texts),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=120,
    )
    return json.loads(result.stdout)


def disagreements(texts: list[str]) -> list[tuple[str, int, int]]:
    theirs = twitter_text(texts)
    return [(t, x_length(t), n) for t, n in zip(texts, theirs, strict=True) if x_length(t) != n]


def test_our_top_level_domains_are_twitter_texts():
    assert NODE is not None, "Node.js is not installed: `make test` installs it with apt-get"
    listed = subprocess.run(
        [NODE, str(ROOT / "tests/js/x_count.mjs"), "--tlds"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=60,
    ).stdout.split()
    assert x_count.top_level_domains() == frozenset(listed)


def test_realistic_replies_count_as_x_counts_them():
    assert disagreements(REALISTIC) == []


@pytest.mark.parametrize("seed", [1, 2])
def test_thousands_of_random_mixes_of_links_emoji_and_punctuation_agree(seed):
    rng = random.Random(seed)
    texts = ["".join(rng.choice(PIECES) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    assert disagreements(texts) == []


def test_the_known_difference_is_only_emoji_joined_in_sequences_unicode_does_not_define():
    # twitter-text's emoji data is from 2018: it counts any ZWJ sequence it does not list as
    # the sum of its parts (5 here), where we count one emoji as 2. X's own apps have newer
    # emoji, so no corpus above uses them; this pins down the one place we differ.
    text = "😀\u200d😀"
    assert x_length(text) == 2
    assert twitter_text([text]) == [5]
