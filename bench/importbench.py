"""The importer on both seeds in every format: words carried, facts found of the facts the
document states, seconds taken, and how many lines of the draft differ from the hand-written
seed file.

    .venv/bin/python bench/importbench.py                 # prints a Markdown table
    .venv/bin/python bench/importbench.py --out bench/results/importbench.json

The documents are made by tests/seed_documents.py (as the import tests make them). Words are
the seed's words (its letterhead and footer once) found in the draft's text. A fact is found
when the draft holds the hand-written file's value for it (policies/*.yaml). Lines differ as
`diff` counts them, after removing comments and blank lines from both files: the hand-written
files reword and regroup (roles, content types, house rules), so this is how much a volunteer
still edits, not an error count. Seconds are the whole command, Python's start included.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import seed_documents  # noqa: E402
from policy_handbook.importer.run import strings_in  # noqa: E402

HAND_WRITTEN = {"sendiass": "sendiass-wokingham.yaml", "bwdpip": "bwdpip.yaml"}
FACTS = {
    "sendiass": [
        "contacts.phone",
        "contacts.email",
        "policy.title",
        "policy.adopted",
        "policy.review_due",
        "channels.facebook.target.minimum",
        "channels.facebook.target.optimum",
        "channels.twitter.target.minimum",
        "channels.twitter.target.optimum",
        "organisation.profile_text",
        "organisation.profile_picture",
        "replies",
        "follow.kinds",
        "follow.platforms",
    ],
    "bwdpip": [
        "organisation.name",
        "organisation.short_name",
        "organisation.tagline",
        "contacts.phone",
        "contacts.email",
        "policy.title",
        "policy.adopted",
        "policy.adopted_by",
        "policy.review_due",
        "channels.facebook.target.minimum",
        "channels.facebook.target.optimum",
        "channels.twitter.target.minimum",
        "channels.twitter.target.optimum",
    ],
}
SUFFIXES = (".docx", ".odt", ".pdf", ".html", ".md", ".txt")
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def _at(data, path: str):
    for key in path.split("."):
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _same(path: str, ours, theirs) -> bool:
    if path == "replies":
        return _reply_texts(ours) == _reply_texts(theirs)
    if path == "follow.kinds":
        return [k["name"] for k in ours or []] == [k["name"] for k in theirs or []]
    if path == "contacts.email":
        return str(ours).casefold() == str(theirs).casefold()
    return str(ours) == str(theirs)


def _reply_texts(replies) -> set[str]:
    return {" ".join(reply["text"].split()) for reply in replies or []}


def _words(text: str) -> Counter:
    """Words case-folded, with a typographic apostrophe read as a plain one (pandoc's
    Markdown reader makes "It's" into "It’s": the same word)."""
    text = re.sub(r"\]\([^)]*\)", "]", text).replace("’", "'")
    return Counter(w.casefold() for w in _WORD.findall(text))


def _scalars_as_text(value):
    if isinstance(value, dict):
        return {key: _scalars_as_text(inner) for key, inner in value.items()}
    if isinstance(value, list):
        return [_scalars_as_text(inner) for inner in value]
    return str(value)


def _content_lines(text: str) -> list[str]:
    """The file's data, one value a line, in one layout: how a value is written (quoted,
    folded, in flow style) and comments do not count, only what the file says."""
    data = _scalars_as_text(yaml.safe_load(text))
    dumped = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=10**6)
    return dumped.splitlines()


def measure(seed, suffix: str, folder: Path) -> dict:
    document = seed_documents.make(seed, suffix, folder / "documents")
    policies = folder / "policies"
    slug = f"{seed.slug}-{suffix[1:]}"
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "policy_handbook",
            "import",
            str(document),
            "--slug",
            slug,
            "--policies",
            str(policies),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    seconds = time.perf_counter() - started
    text = (policies / f"{slug}.yaml").read_text(encoding="utf-8")
    draft = yaml.safe_load(text)
    hand_text = (ROOT / "policies" / HAND_WRITTEN[seed.slug]).read_text(encoding="utf-8")
    hand = yaml.safe_load(hand_text)
    furniture = set(seed.letterhead) | set(seed.footer)
    lines = [line for line in seed.text.splitlines() if line.strip() not in furniture]
    wanted = _words("\n".join(lines + sorted(furniture)))
    have = _words(" ".join(strings_in(draft)))
    facts = FACTS[seed.slug]
    found = [path for path in facts if _same(path, _at(draft, path), _at(hand, path))]
    diff = difflib.unified_diff(_content_lines(hand_text), _content_lines(text), lineterm="", n=0)
    differing = sum(1 for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---")))
    return {
        "document": document.name,
        "words": sum((wanted & have).values()) / sum(wanted.values()),
        "facts_found": len(found),
        "facts_stated": len(facts),
        "missed": sorted(set(facts) - set(found)),
        "seconds": seconds,
        "lines_differing": differing,
        "draft_lines": len(_content_lines(text)),
        "hand_lines": len(_content_lines(hand_text)),
        "reported": done.stdout.splitlines()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="also write the results as JSON here")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for seed in (seed_documents.SENDIASS, seed_documents.BWDPIP):
            for suffix in SUFFIXES:
                results.append(measure(seed, suffix, Path(folder)))
    print(
        "| document | words carried | facts found | seconds | lines differing (draft / seed file) |"
    )
    print("|---|---|---|---|---|")
    for r in results:
        print(
            f"| {r['document']} | {r['words']:.1%} | {r['facts_found']} of {r['facts_stated']} "
            f"| {r['seconds']:.1f} | {r['lines_differing']} "
            f"({r['draft_lines']} / {r['hand_lines']}) |"
        )
    missed = {r["document"]: r["missed"] for r in results if r["missed"]}
    if missed:
        print("\nmissed:", json.dumps(missed))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
