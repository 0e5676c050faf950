"""Each length line checks the right limit: the field the reply fills (post, comment, direct
message, bio) on its platform, from one data file with a source and date for every figure; and
a reply X would refuse in one piece is offered only as its thread's parts."""

from __future__ import annotations

import textwrap
import typing

import pytest
import yaml
from policy_handbook.policy.fields import ChannelKind
from policy_handbook.policy.model import Policy
from policy_handbook.site import replies_pages
from policy_handbook.text import platform_limits
from policy_handbook.views.replies import reply_view

# Kinds the data file may list before the policy model has a channel kind for them.
NOT_YET_KINDS = {"bluesky", "threads", "mastodon"}


def policy(replies: str, channels: str = "") -> Policy:
    text = textwrap.dedent(
        """\
        organisation:
          {name: Test Organisation, short_name: TestOrg, slug: testorg, what_it_is: For tests.}
        contacts: {phone: "01234 567890", email: hello@example.org}
        policy: {adopted: "2024-01", review_due: "2030-01"}
        channels:
          facebook: {name: Facebook, kind: facebook-page}
          x: {name: X, kind: twitter}
          linkedin: {name: LinkedIn, kind: linkedin}
          instagram: {name: Instagram, kind: instagram}
          email: {name: Email, kind: email}
        """
    )
    text += textwrap.indent(textwrap.dedent(channels), "  ")
    text += "sections: [{id: about, title: About}]\nreplies:\n" + textwrap.dedent(replies)
    return Policy.model_validate(yaml.safe_load(text))


def reply_yaml(how: str, channels: str, text: str = "Thank you for getting in touch.") -> str:
    fields = f"id: r, title: R, situation: S, when: W, how: {how}, channels: [{channels}]"
    return f"- {{{fields}, text: {text!r}}}\n"


def counts(p: Policy) -> list[str]:
    view = reply_view(p.replies[0], p)
    found = list(view.whole.counts) if view.whole else []
    return found + [thread.intro for thread in view.threads]


def test_every_figure_has_a_source_and_a_date():
    table = platform_limits.table()
    assert table, "no limits read"
    for (kind, field), limit in table.items():
        assert field in platform_limits.FIELDS
        assert limit.limit > 0 and limit.source.strip(), (kind, field)
        assert limit.as_of[:4].isdigit(), (kind, field, limit.as_of)
        assert kind in set(typing.get_args(ChannelKind)) | NOT_YET_KINDS, kind


def test_the_issues_figures_are_the_data_files():
    def limit(kind: str, field: str) -> int:
        return platform_limits.table()[(kind, field)].limit

    assert (limit("twitter", "post"), limit("twitter", "dm"), limit("twitter", "bio")) == (
        280,
        10_000,
        160,
    )
    assert limit("bluesky", "post") == 300 and limit("threads", "post") == 500
    assert (limit("instagram", "post"), limit("instagram", "bio")) == (2200, 150)
    assert (limit("linkedin", "post"), limit("linkedin", "comment")) == (3000, 1250)
    assert limit("linkedin", "bio") == 220
    assert (limit("facebook-page", "post"), limit("facebook-page", "comment")) == (63206, 8000)
    assert platform_limits.table()[("facebook-page", "post")].warn == 10_000
    assert limit("facebook-page", "bio") == 255


@pytest.mark.parametrize(
    ("how", "field"),
    [
        ("post", "post"),
        ("pinned-post", "post"),
        ("public-reply", "comment"),
        ("direct-message", "dm"),
        ("profile", "bio"),
        ("email", None),
    ],
)
def test_each_way_of_sending_fills_one_field(how, field):
    assert platform_limits.field_for(how) == field


def test_a_public_reply_on_facebook_is_checked_against_the_comment_limit():
    (line,) = counts(policy(reply_yaml("public-reply", "facebook")))
    assert line == "31 / 8,000 characters (Facebook public reply, comment limit)"


def test_profile_text_is_checked_against_each_platforms_bio_limit():
    assert counts(policy(reply_yaml("profile", "facebook, x, instagram, linkedin"))) == [
        "31 / 255 characters (Facebook profile)",
        "31 / 160 characters (X profile)",
        "31 / 150 characters (Instagram profile)",
        "31 / 220 characters (LinkedIn profile)",
    ]


def test_a_direct_message_uses_the_dm_limit_and_none_is_made_up_where_there_is_none():
    assert counts(policy(reply_yaml("direct-message", "x, facebook"))) == [
        "31 / 10,000 characters (X direct message)",
        "31 characters (Facebook direct message: the platform publishes no limit)",
    ]


def test_a_channels_own_character_limit_replaces_only_the_post_limit():
    premium = "premium: {name: X Premium, kind: twitter, character_limit: 25000}\n"
    assert counts(policy(reply_yaml("post", "premium"), premium)) == [
        "31 / 25,000 characters (X Premium post)"
    ]
    assert counts(policy(reply_yaml("direct-message", "premium"), premium)) == [
        "31 / 10,000 characters (X Premium direct message)"
    ]


def test_a_facebook_post_over_the_lower_published_figure_says_so():
    text = "Word. " * 1800  # 10,799 characters: under 63,206, over 10,000
    (line,) = counts(policy(reply_yaml("post", "facebook", text.strip())))
    assert line.startswith("10,799 / 63,206 characters (Facebook post; over 10,000")


LONG = " ".join(["This sentence is here to make the reply too long for one post on X."] * 6)


def test_a_threaded_x_reply_offers_only_its_parts_on_x():
    p = policy(reply_yaml("post", "x", LONG).replace("text:", "thread: true, text:"))
    view = reply_view(p.replies[0], p)
    assert view.whole is None  # no button inviting a paste X would refuse
    (thread,) = view.threads
    assert [part.label for part in thread.parts] == ["Copy part 1 of 2", "Copy part 2 of 2"]
    assert "too long for one post, so it goes out as a thread of 2" in thread.intro
    # The whole text still has its file, for hand-written pages that include it.
    assert "replies/testorg/r.txt" in replies_pages.snippets(p)


def test_a_reply_threaded_on_x_only_is_copied_whole_for_the_other_channels():
    p = policy(reply_yaml("post", "facebook, x", LONG).replace("text:", "thread: true, text:"))
    view = reply_view(p.replies[0], p)
    assert view.whole is not None and view.whole.label == "Copy for Facebook"
    assert view.whole.counts == ("407 / 63,206 characters (Facebook post)",)
    assert [thread.channel for thread in view.threads] == ["X"]
