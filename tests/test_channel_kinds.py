"""Channel kinds organisations use now (issue 23, item 7): each builds, with its limits from
data/platform_limits.yaml counted the platform's way, and none made up where none is published."""

from __future__ import annotations

import json

import pytest
from conftest import copy_project, run_build
from policy_handbook.policy.model import Channel
from policy_handbook.policy.reply_text import length_for

KINDS = {
    "bluesky": "Bluesky",
    "threads": "Threads",
    "mastodon": "Mastodon",
    "tiktok": "TikTok",
    "whatsapp-channel": "WhatsApp channel",
    "whatsapp-community": "WhatsApp community",
    "nextdoor": "Nextdoor",
    "blog": "Blog",
}


def policy(reply_text: str, channels: list[str]) -> str:
    listed = "".join(
        f"  {kind}:\n    name: {name}\n    kind: {kind}\n" for kind, name in KINDS.items()
    )
    return (
        "organisation:\n  name: Newer Platforms Trust\n  short_name: NPT\n"
        "  what_it_is: A trust on the platforms people use now.\n"
        'contacts:\n  phone: "01234 567890"\n  email: hello@example.org\n'
        'policy:\n  adopted: "2025-01"\n  review_due: "2030-01"\n'
        f"channels:\n{listed}"
        "sections:\n  - id: about\n    title: About\n"
        "replies:\n  - id: hello\n    title: Hello\n    situation: Saying hello\n"
        f"    when: Always.\n    channels: [{', '.join(channels)}]\n"
        f"    text: {json.dumps(reply_text, ensure_ascii=False)}\n"
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("kinds"))
    text = "Hello from us 🇬🇧 👨‍👩‍👧 — call {phone}."
    (project / "policies" / "npt.yaml").write_text(policy(text, list(KINDS)), encoding="utf-8")
    build = run_build(project)
    assert build.result.returncode == 0, build.result.stderr
    return build


def test_every_new_kind_is_named_on_the_policy_page(site):
    page = site.text("npt/index.html")
    for name in KINDS.values():
        assert name in page


def test_bluesky_counts_graphemes_and_the_others_their_own_way(site):
    replies = site.text("npt/replies/index.html")
    # 43 code points; the flag (2) and the family (5, joined by ZWJs) are one grapheme each.
    assert "38 / 300 characters (Bluesky post)" in replies
    assert "43 / 500 characters (Threads post)" in replies
    assert "43 / 4,000 characters (TikTok post)" in replies
    # No limit published for these: the page says so rather than borrow one.
    for name in ("WhatsApp channel", "WhatsApp community", "Nextdoor", "Blog"):
        assert f"43 characters ({name} post: the platform publishes no limit)" in replies


def test_a_bluesky_reply_over_300_graphemes_fails_the_build_with_its_count(tmp_path):
    project = copy_project(tmp_path / "project")
    text = "A long message for Bluesky. " * 11  # 308 graphemes
    (project / "policies" / "npt.yaml").write_text(policy(text, ["bluesky"]), encoding="utf-8")
    build = run_build(project)
    assert build.result.returncode == 1
    assert "npt.yaml" in build.result.stderr and "300" in build.result.stderr


def test_a_flag_is_one_grapheme_on_bluesky_and_two_code_points_elsewhere():
    bluesky = Channel(name="Bluesky", kind="bluesky")
    threads = Channel(name="Threads", kind="threads")
    assert length_for("🇬🇧", bluesky) == 1 and length_for("🇬🇧", threads) == 2
