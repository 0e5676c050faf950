"""Hostile reply text cannot stall the build: X counting and thread splitting take time in
proportion to the text, and threads split exactly as the quadratic code they replaced did.
(That X counts agree with X's own counter is tests/test_x_count.py.)"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap

import pytest
from conftest import ROOT
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from policy_handbook.policy.loader import load_policies
from policy_handbook.policy.reply_text import fill, measure, split_thread, x_length

# --- the reference: how replies.py split threads before (quadratic on hostile input) ---------


def old_split_thread(text: str, limit: int, count) -> list[str]:
    sentences = re.split(r"(?<=[.!?])\s+", text)
    for total in range(2, len(sentences) + 1):
        parts: list[str] = []
        current = ""
        for sentence in sentences:
            candidate = f"{current} {sentence}" if current else sentence
            suffix = f" ({len(parts) + 1}/{total})"
            if current and count(candidate + suffix) > limit:
                parts.append(current)
                current = sentence
            else:
                current = candidate
        parts.append(current)
        if len(parts) == total:
            numbered = [f"{part} ({n}/{total})" for n, part in enumerate(parts, start=1)]
            if all(count(part) <= limit for part in numbered):
                return numbered
    return [text]


# --- the same threads on ordinary text ----------------------------------------------------------

sentence_words = st.lists(st.sampled_from(["Hi", "ok", "www.a.com", "x", "中", "long" * 5]))
sentences = st.lists(
    st.tuples(sentence_words, st.sampled_from([".", "!", "?", ""]), st.sampled_from([" ", "\n "])),
    max_size=25,
).map(lambda items: "".join(" ".join(words) + end + gap for words, end, gap in items).rstrip(" "))


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(sentences, st.integers(min_value=1, max_value=90), st.sampled_from([len, x_length]))
@example("One. Two. Three.", 12, len)
@example("A. B. C. D. E. F. G. H. I. J. K. L.", 10, len)  # twelve posts: N has two digits
@example("A. B. C. D. E. F. G. H. I. J. K. L.", 9, len)  # "J. (10/12)" is one too long
@example("A. ", 8, len)
def test_threads_split_exactly_as_before(text, limit, count):
    assert split_thread(text, limit, count) == old_split_thread(text, limit, count)


def test_the_sendiass_disclaimer_still_splits_into_posts_of_200_and_152():
    loaded = load_policies(ROOT / "policies").by_slug("sendiass-wokingham")
    reply = next(reply for reply in loaded.policy.replies if reply.id == "disclaimer")
    text = fill(reply.text, loaded.policy)
    (twitter,) = [m for m in measure(reply, loaded.policy) if m.channel.kind == "twitter"]
    assert twitter.lengths == (200, 152)
    assert list(twitter.parts) == old_split_thread(text, 280, x_length)


# --- hostile text: a hang guard, and how many counts a thread costs -------------------------------

HOSTILE = {
    "dashes": "a-" * 50_000,
    "dots": "a." * 50_000,
    "dashed dots": "-a." * 33_000,
    "www runs": "www." * 25_000,
    "domain-like": "ab-cd.ef-" * 11_000,
    "near-tld": "a.co" * 25_000,
    "hyphen run": "-" * 100_000,
    "links": "https://x.com/" * 7_000,
    "sentences": "Go. " * 25_000,
    "no spaces": "Go." * 33_000,
    "one long sentence": "word " * 20_000,
    "wide": "中" * 100_000,
}


def test_100_kb_of_hostile_text_is_counted_and_split_without_hanging():
    # A generous guard, not a speed test (bench/textbench.py measures speed): before, the
    # first of these inputs alone took over a minute.
    script = textwrap.dedent(
        """
        import json, sys
        from policy_handbook.policy.reply_text import split_thread, x_length
        for text in json.load(sys.stdin):
            x_length(text)
            split_thread(text, 280, x_length)
            split_thread(text, 10_000, len)
        print("done")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps(list(HOSTILE.values())),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "done"


@pytest.mark.parametrize("limit", [280, 10_000])
@pytest.mark.parametrize(
    "text",
    [
        "Short sentence here. " * 3_000,
        "A much longer sentence that carries on for a while, with a link www.example.org. " * 1_000,
        "Tiny. " * 1_200 + "One sentence far too long for any post " * 300 + ".",
        " ".join(f"Sentence {n}!" for n in range(2_000)),
    ],
    ids=["short", "long-with-links", "one-too-long", "numbered"],
)
def test_a_thread_counts_each_sentence_a_bounded_number_of_times(text, limit):
    calls = 0

    def count(value: str) -> int:
        nonlocal calls
        calls += 1
        return x_length(value)

    split_thread(text, limit, count)
    sentence_count = len(re.split(r"(?<=[.!?])\s+", text))
    assert calls <= 4 * sentence_count + 10, (calls, sentence_count)
