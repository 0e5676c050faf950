"""Welsh and English (issue 23, item 5): a Welsh body posts bilingually, answers in the language
used, and marks Welsh text `lang="cy"` (WCAG 3.1.2). `wales-coop` is shaped like the Wales
Co-operative Centre's Welsh language policy for its social media.
"""

from __future__ import annotations

import re
import shutil

import icalendar
import pytest
from conftest import FIXTURES, Build, copy_project, run_build, run_cli

WALES = FIXTURES / "real-shaped" / "wales-coop.yaml"
WELSH = "Diolch am eich sylw. Byddwn yn ateb cyn gynted ag y gallwn."
ENGLISH = "Thank you for your comment. We will reply as soon as we can."


def _one_post(text: str) -> str:
    return text.replace("bilingual: language-used", "bilingual: one-post")


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = copy_project(tmp_path_factory.mktemp("languages"))
    shutil.copy(WALES, project / "policies")
    text = WALES.read_text(encoding="utf-8").replace(
        "  name: Wales Co-operative Centre", "  name: Both Together", 1
    )
    planned = "    languages: [cy, en]\n    target: {minimum: {posts: 3, per: week}}\n  blog:"
    text = text.replace("    languages: [cy, en]\n  blog:", planned, 1)
    # The Welsh section as a step, to see it marked where a step is named (a test's tag).
    welsh = "\n    language: cy\n    blocks:"
    text = text.replace(welsh, "\n    language: cy\n    situations: [follow-request]\n    blocks:")
    (project / "policies" / "both-together.yaml").write_text(_one_post(text), encoding="utf-8")
    done = run_build(project)
    assert done.result.returncode == 0, done.result.stderr
    return done


def test_a_welsh_section_is_marked_welsh_in_its_heading_text_and_contents_entry(build):
    page = build.page("wales-coop/index.html")
    assert re.search(
        r'<h2 id="egwyddorion-iaith-gymraeg"><span lang="cy">Egwyddorion iaith Gymraeg</span>', page
    )
    assert '<div lang="cy"><div class="handbook-text"><p>Mae croeso i chi' in page
    entry = re.search(r'href="#egwyddorion-iaith-gymraeg"[^>]*>\s*<span[^>]*>', page).group(0)
    assert 'lang="cy"' in entry
    # English sections are not marked: the page is in English.
    assert not re.search(r'<h2 id="comments"><span lang', page)


def test_a_reply_in_two_languages_has_a_copy_button_for_each_and_marks_the_welsh(build):
    page = build.page("wales-coop/replies/index.html")
    assert f'<p class="handbook-reply-text" lang="cy">{WELSH}</p>' in page
    assert f'<p class="handbook-reply-text">{ENGLISH}</p>' in page
    assert 'aria-label="Copy in English: Thank you for your comment"' in page
    assert 'aria-label="Copy in Welsh: Thank you for your comment"' in page
    text = build.text("wales-coop/replies/index.html")
    assert "answer in the language the person wrote in" in text
    assert "In English" in text and "In Welsh" in text
    files = build.site / "replies" / "wales-coop"
    assert (files / "thank-you-for-your-comment--cy.txt").read_text().endswith(WELSH)


def test_one_post_in_both_languages_is_copied_and_counted_whole(build):
    page = build.page("both-together/replies/index.html")
    both = f"{ENGLISH}&#10;&#10;{WELSH}"
    assert f'data-copy="{both}"' in page
    text = build.text("both-together/replies/index.html")
    assert "Both languages in one post" in text
    assert f"{len(ENGLISH) + 2 + len(WELSH)} characters" in text


def test_the_policy_says_what_each_account_posts_in_and_the_card_marks_the_welsh(build):
    text = build.text("wales-coop/index.html")
    assert "Posting target Posts in X X (Twitter) Anyone None set Welsh and English Blog" in text
    card = build.page("wales-coop/card/index.html")
    assert f'<strong>In Welsh:</strong> <span lang="cy">{WELSH}</span>' in card
    assert "answer in the language the person wrote in" in build.text("wales-coop/card/index.html")
    replies = build.text("wales-coop/replies/index.html")
    # How to send the two comes before the two wordings, not between them.
    assert replies.index("answer in the language") < replies.index("In English")


def _refused(tmp_path, old: str, new: str) -> str:
    text = WALES.read_text(encoding="utf-8")
    assert old in text
    folder = tmp_path / "policies"
    folder.mkdir(parents=True)
    (folder / "wales-coop.yaml").write_text(text.replace(old, new, 1), encoding="utf-8")
    done = run_cli("check", "--policies", str(folder))
    assert done.returncode == 1, done.stdout + done.stderr
    return done.stdout + done.stderr


def test_two_languages_said_but_one_given_or_the_same_twice_are_refused(tmp_path):
    said = _refused(
        tmp_path,
        f"    translation:\n      language: cy\n      text: {WELSH}\n",
        "",
    )
    assert "says how to send two languages, but gives one: add translation:" in said
    said = _refused(tmp_path / "b", "      language: cy\n", "      language: en\n")
    assert 'has a translation in the language of its text ("en")' in said


def test_a_language_the_handbook_cannot_mark_is_refused_with_the_choices(tmp_path):
    said = _refused(tmp_path, "    language: cy\n    blocks:", "    language: welsh\n    blocks:")
    assert "sections[1].language: must be one of 'en' or 'cy', got \"welsh\"" in said


def test_one_post_over_the_limit_is_refused_naming_the_one_post(tmp_path):
    long = "Diolch yn fawr iawn am eich sylw caredig. " * 6
    text = _one_post(WALES.read_text(encoding="utf-8")).replace(WELSH, long.strip())
    text = text.replace("    how: public-reply\n", "    how: post\n")  # an X post holds 280
    folder = tmp_path / "policies"
    folder.mkdir()
    (folder / "wales-coop.yaml").write_text(text, encoding="utf-8")
    done = run_cli("check", "--policies", str(folder))
    assert done.returncode == 1
    said = done.stdout + done.stderr
    assert '(reply "thank-you-for-your-comment") with its translation in one post is' in said
    line = text.splitlines().index("    bilingual: one-post") + 1
    assert f"wales-coop.yaml:{line}:" in said


def test_a_planned_post_says_which_languages_to_post_in(build):
    feed = build.site / "both-together" / "calendar" / "both-together-x.ics"
    events = list(icalendar.Calendar.from_ical(feed.read_bytes()).walk("VEVENT"))
    assert events
    for event in events:
        assert "Post in: Welsh and English (as the policy says)" in str(event["description"])


def test_a_welsh_step_is_marked_wherever_it_is_named(build):
    """The Welsh section as a step: its heading, the link to it, the site-wide list and the
    card's first words all carry lang="cy"; the handbook's own words around them do not."""
    welsh = '<span lang="cy">Egwyddorion iaith Gymraeg</span>'
    what = build.page("both-together/what-to-do/index.html")
    assert f"Step 1: {welsh}" in what
    assert f"Read “{welsh}” in the policy" in what
    assert f"Step 1: {welsh}" in build.page("what-to-do/index.html")
    card = build.page("both-together/card/index.html")
    assert '“<span lang="cy">Mae croeso i chi gysylltu â ni yn Gymraeg' in card
