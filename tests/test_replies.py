"""Canned replies, through real MkDocs builds: what staff copy is exactly what the policy says."""

from __future__ import annotations

import html
import re
import subprocess
import textwrap
from pathlib import Path

import pytest
from conftest import copy_project, run_build

ROOT = Path(__file__).resolve().parents[1]
SENDIASS = "sendiass-wokingham"

# Typed out from ../shared/seeds/000_bca711c34124c954.txt, the message the policy says to send
# by direct message when someone asks for case advice in public (address in lower case).
SEED_DM = (
    "As our service is a confidential service we cannot offer advice over social media. "
    "Please email us at sendiass@wokingham.gov.uk or call our helpline on 0118 9088233 and we "
    "will be happy to support you in the best way we can. We look forward to hearing from you "
    "soon."
)


def mkdocs_build(project: Path) -> subprocess.CompletedProcess[str]:
    return run_build(project).result


def built(project: Path) -> Path:
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def policy_yaml(replies: str, channels: str = "") -> str:
    """A small valid policy with the given replies: (YAML, indented as under `replies:`)."""
    head = textwrap.dedent(
        """\
        organisation:
          name: Test Organisation
          short_name: TestOrg
          what_it_is: An organisation for tests.
        contacts:
          phone: "01234 567890"
          email: hello@example.org
          web: https://example.org/a/very/long/address/that/x/counts/as/twenty-three
        policy:
          adopted: "2024-01"
          review_due: "2030-01"
        channels:
          x:
            name: X
            kind: twitter
          email:
            name: Email
            kind: email
        """
    )
    return head + channels + "sections:\n  - id: about\n    title: About\nreplies:\n" + replies


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def reply_texts(page: str) -> list[str]:
    found = re.findall(r'<p class="handbook-reply-text">(.*?)</p>', page, re.DOTALL)
    return [html.unescape(text) for text in found]


def copy_attributes(page: str) -> list[tuple[str, str]]:
    """(data-copy, data-snippet) of every copy button, as the browser would read them."""
    buttons = re.findall(r'<button [^>]*class="handbook-copy[^"]*"[^>]*>', page)
    pairs = []
    for button in buttons:
        copy = re.search(r'data-copy="([^"]*)"', button).group(1)
        snippet = re.search(r'data-snippet="([^"]*)"', button).group(1)
        pairs.append((html.unescape(copy), snippet))
    return pairs


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    return built(copy_project(tmp_path_factory.mktemp("handbook")))


# A policy with awkward replies, and a hand-written page that includes a reply as a snippet.
AWKWARD = """\
  - id: awkward
    title: "<script>alert('title')</script> & friends"
    situation: Testing awkward text
    when: "<script>alert('when')</script>"
    how: email
    channels: [email]
    text: "Line one with *stars* and <b>tags</b> & {short_name}\\n\\nAfter a blank line: {email}"
  - id: link-post
    title: Link post
    situation: Testing awkward text
    when: Always.
    channels: [x]
    text: "Read more at {web}"
"""


@pytest.fixture(scope="module")
def awkward_site(tmp_path_factory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("awkward"))
    (project / "policies" / "testorg.yaml").write_text(policy_yaml(AWKWARD), encoding="utf-8")
    (project / "docs" / "included.md").write_text(
        '# Included reply\n\n--8<-- "replies/sendiass-wokingham/case-advice-dm.txt"\n',
        encoding="utf-8",
    )
    return built(project)


def page(site: Path, uri: str) -> str:
    return (site / uri / "index.html").read_text(encoding="utf-8")


def test_the_case_advice_message_reads_as_in_the_policy_with_phone_and_email_filled(site):
    texts = reply_texts(page(site, f"{SENDIASS}/replies"))
    assert SEED_DM in texts
    assert (SEED_DM, f"replies/{SENDIASS}/case-advice-dm.txt") in copy_attributes(
        page(site, f"{SENDIASS}/replies")
    )


def test_each_reply_is_anchored_by_its_id_for_links_from_the_policy(site):
    replies_page = page(site, f"{SENDIASS}/replies")
    for reply_id in ("case-advice-dm", "disclaimer", "profile-text"):
        assert f'<h2 id="{reply_id}">' in replies_page
    assert 'href="replies/#case-advice-dm"' in page(site, SENDIASS)


def test_every_snippet_holds_exactly_the_bytes_its_copy_button_copies(site):
    pairs = copy_attributes(page(site, f"{SENDIASS}/replies"))
    pairs += copy_attributes(page(site, SENDIASS))  # the policy page quotes three replies
    assert len(pairs) >= 8  # the replies page and the policy page that quotes them
    for copied, snippet in pairs:
        data = (site / snippet).read_bytes()
        assert data == copied.encode("utf-8")
        assert not data.endswith((b"\n", b" ")) and b"\r" not in data


def test_line_breaks_survive_in_the_copied_text_and_the_snippet(awkward_site):
    text = (
        "Line one with *stars* and <b>tags</b> & TestOrg\n\nAfter a blank line: hello@example.org"
    )
    assert (text, "replies/testorg/awkward.txt") in copy_attributes(
        page(awkward_site, "testorg/replies")
    )
    assert (awkward_site / "replies/testorg/awkward.txt").read_bytes() == text.encode()


def test_an_organisation_whose_policy_prescribes_no_wording_has_no_replies_page(site):
    """BwDPiP's letterhead ("Follow us on Facebook and Twitter") is page furniture, not a reply."""
    assert not (site / "bwdpip" / "replies").exists()
    assert not (site / "replies" / "bwdpip").exists()
    everywhere = " ".join(p.read_text("utf-8") for p in site.rglob("*.html"))
    assert "Follow us on Facebook and Twitter" not in everywhere


def test_the_page_shows_each_channels_count_against_its_limit(site):
    replies_page = page(site, f"{SENDIASS}/replies")
    assert "266 / 10,000 characters (Twitter direct message)" in replies_page
    # No direct-message limit is published for Facebook: none is borrowed from posts.
    assert (
        "266 characters (Facebook direct message: the platform publishes no limit)" in replies_page
    )
    assert "168 / 255 characters (Facebook profile)" in replies_page  # a Page's description


def test_the_policy_page_offers_a_copy_button_wherever_it_quotes_a_reply(site):
    snippets = {snippet for _, snippet in copy_attributes(page(site, SENDIASS))}
    assert snippets == {
        f"replies/{SENDIASS}/profile-text.txt",
        f"replies/{SENDIASS}/disclaimer.twitter.1.txt",
        f"replies/{SENDIASS}/disclaimer.twitter.2.txt",
        f"replies/{SENDIASS}/case-advice-dm.txt",
    }


def test_a_long_x_post_with_thread_true_gets_a_copy_button_per_numbered_part(site):
    pairs = {
        snippet: copied for copied, snippet in copy_attributes(page(site, f"{SENDIASS}/replies"))
    }
    parts = [pairs.get(f"replies/{SENDIASS}/disclaimer.twitter.{n}.txt") or "" for n in (1, 2)]
    assert parts[0].endswith(" (1/2)") and parts[1].endswith(" (2/2)")
    assert len(parts[0]) <= 280 and len(parts[1]) <= 280
    # X would refuse the whole 341 characters: no button offers it, only the parts.
    assert f"replies/{SENDIASS}/disclaimer.txt" not in pairs
    assert (site / f"replies/{SENDIASS}/disclaimer.txt").is_file()  # still includable
    replies_page = page(site, f"{SENDIASS}/replies")
    assert "200 / 280 characters (Twitter pinned post, part 1 of 2)" in replies_page
    assert "152 / 280 characters (Twitter pinned post, part 2 of 2)" in replies_page


def warnings_for(replies_page: str, reply_id: str) -> str:
    part = replies_page.split(f'id="{reply_id}"', 1)[1].split("<h2", 1)[0]
    found = re.search(r'<div class="admonition warning handbook-cannot">(.*?)</div>', part, re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", found.group(1))) if found else ""


def test_a_wording_to_pin_that_goes_out_as_a_thread_says_it_cannot_be_pinned_whole(site):
    """SENDIASS's disclaimer must be 'a pinned Tweet', but at 341 characters it is two posts:
    pinned, part 1 would show alone, without the phone or email. The page says so, with the
    options and where the platform facts come from, instead of suggesting half of it."""
    replies_page = page(site, f"{SENDIASS}/replies")
    said = " ".join(warnings_for(replies_page, "disclaimer").split())
    assert "Twitter pins one post at a time, so this wording cannot be pinned whole" in said
    assert "without the phone number or email, which are in a later part" in said
    assert "a wording of at most 280 characters" in said
    assert "up to 25,000 characters only with an X Premium subscription" in said
    # "Add the following to our profile": 341 characters in a 160-character bio.
    assert "a Twitter profile holds 160 characters and they are 341" in said
    assert "checked 2026-12" in said and "developer.x.com, user profile description" in said
    assert "Add it to the profile too" not in replies_page
    # A wording that does its job carries no such warning.
    assert warnings_for(replies_page, "case-advice-dm") == ""


def test_a_short_wording_to_pin_and_put_in_the_profile_gets_no_warning(tmp_path):
    fits = """\
  - id: pinned
    title: Pinned
    situation: Always on show
    when: Pinned.
    how: pinned-post
    also: [profile]
    channels: [x]
    thread: true
    text: "Not monitored all the time: call {phone}."
"""
    long = fits.replace("id: pinned", "id: long").replace(
        '"Not monitored all the time: call {phone}."',
        '"' + "This account is not monitored all the time. " * 8 + 'Call {phone}."',
    )
    project = copy_project(tmp_path)
    (project / "policies" / "testorg.yaml").write_text(policy_yaml(fits + long), encoding="utf-8")
    site = built(project)
    replies_page = page(site, "testorg/replies")
    assert warnings_for(replies_page, "pinned") == ""
    said = " ".join(warnings_for(replies_page, "long").split())
    assert "cannot be pinned whole" in said and "X profile holds 160 characters" in said
    # The phone number is in the last part only, and the page says so.
    assert "without the phone number or email" in said


def test_copy_buttons_are_real_buttons_named_for_their_reply_with_a_live_status(site):
    replies_page = page(site, f"{SENDIASS}/replies")
    button = re.search(
        r"<button [^>]*data-snippet=\"replies/[^\"]*/case-advice-dm.txt\"[^>]*>"
        r"([^<]*)</button>(.*?)</p>",
        replies_page,
        re.DOTALL,
    )
    assert button, "no copy button for case-advice-dm"
    tag = button.group(0)
    assert 'type="button"' in tag and " hidden" in tag  # shown by the script, so never dead
    assert 'aria-label="Copy reply: Case advice asked for in public"' in tag
    assert button.group(1) == "Copy"
    assert 'role="status" aria-live="polite"' in button.group(2)
    assert "javascripts/copy-reply.js" in replies_page
    assert (site / "javascripts/copy-reply.js").is_file()


def test_the_site_wide_page_groups_replies_by_situation(site):
    replies_page = page(site, "replies")
    situation = replies_page.index("Someone asks for advice about their own case in public")
    reply = replies_page.index('id="sendiass-wokingham--case-advice-dm"')
    assert situation < reply
    assert SEED_DM in reply_texts(replies_page)
    assert "bwdpip" not in replies_page.split("<article", 1)[1].split("</article>", 1)[0]


def test_yaml_html_shows_as_text_and_the_copy_is_still_exact(awkward_site):
    replies_page = page(awkward_site, "testorg/replies")
    for built_page in awkward_site.rglob("*.html"):
        assert "<script>alert(" not in built_page.read_text(encoding="utf-8"), built_page
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in replies_page
    expected = (
        "Line one with *stars* and <b>tags</b> & TestOrg\n\nAfter a blank line: hello@example.org"
    )
    assert expected in reply_texts(replies_page)
    assert (expected, "replies/testorg/awkward.txt") in copy_attributes(replies_page)
    assert (awkward_site / "replies/testorg/awkward.txt").read_bytes() == expected.encode()


def test_x_counts_a_link_as_23_characters(awkward_site):
    # "Read more at " is 13 characters; the 71-character address counts as 23.
    assert "36 / 280 characters (X post)" in page(awkward_site, "testorg/replies")


def test_a_hand_written_page_can_include_a_reply_with_pymdownx_snippets(awkward_site):
    # Its punctuation arrives as character references (so nothing in it is markup): the
    # reader sees the reply as written.
    document = page(awkward_site, "included")
    included = re.search(r'<span class="handbook-snippet">(.*?)</span>', document)
    assert html.unescape(included.group(1)) == SEED_DM


def test_an_x_reply_over_280_characters_fails_the_build_naming_file_line_and_reply(tmp_path):
    project = copy_project(tmp_path)
    long_reply = textwrap.dedent(
        f"""\
          - id: too-long
            title: Too long
            situation: Testing limits
            when: Never.
            channels: [x]
            text: "{"Far too many words. " * 15}"
        """
    )
    policy = policy_yaml(textwrap.indent(long_reply, "  "))
    (project / "policies" / "testorg.yaml").write_text(policy, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0
    line = line_of(policy, 'text: "Far')
    assert f"testorg.yaml:{line}:" in result.stderr
    assert '(reply "too-long") is 299 characters' in result.stderr
    assert "over the 280-character limit of X" in result.stderr
    assert "thread: true" in result.stderr  # tells the author what to do
    assert not (project / "site").exists()


def test_an_unknown_placeholder_fails_the_build_naming_file_line_and_reply(tmp_path):
    project = copy_project(tmp_path)
    reply = textwrap.dedent(
        """\
          - id: fax-us
            title: Fax us
            situation: Testing placeholders
            when: Never.
            channels: [email]
            text: "Fax us on {fax}."
        """
    )
    policy = policy_yaml(textwrap.indent(reply, "  "))
    (project / "policies" / "testorg.yaml").write_text(policy, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode != 0
    line = line_of(policy, 'text: "Fax')
    assert f"testorg.yaml:{line}:" in result.stderr
    assert '(reply "fax-us") uses the unknown placeholder {fax}' in result.stderr
    assert "{phone}" in result.stderr  # lists the placeholders there are
