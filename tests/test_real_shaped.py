"""Policies shaped like real public ones that differ from the seeds, built strictly, with
nothing on any page or feed that the policy does not say.

- `millbrook-council`: a council's house rules, different hours on Friday, no dates at all.
- `eastfield-advice`: an advice charity that names no platform and sets no targets.
- `hillside-forum`: a forum with a version and an annual review cycle, but no review date.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from zoneinfo import ZoneInfo

import icalendar
import pytest
import yaml
from conftest import FIXTURES, Build, copy_project, run_build

REAL_SHAPED = FIXTURES / "real-shaped"
LONDON = ZoneInfo("Europe/London")


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = copy_project(tmp_path_factory.mktemp("real-shaped"))
    for path in REAL_SHAPED.glob("*.yaml"):
        shutil.copy(path, project / "policies")
    done = run_build(project)
    assert done.result.returncode == 0, done.result.stderr
    return done


def events(build: Build, uri: str) -> list[icalendar.Event]:
    calendar = icalendar.Calendar.from_ical((build.site / uri).read_bytes())
    return list(calendar.walk("VEVENT"))


def test_every_page_and_feed_each_organisation_should_have_is_built(build):
    for slug in ("millbrook-council", "eastfield-advice", "hillside-forum"):
        assert (build.site / slug / "index.html").exists()
        assert (build.site / slug / "replies" / "index.html").exists()
    for uri in (
        "millbrook-council/calendar/millbrook-council.ics",
        "millbrook-council/calendar/millbrook-council-facebook.ics",
        "millbrook-council/calendar/millbrook-council-x.ics",
        "hillside-forum/calendar/hillside-forum.ics",
        "hillside-forum/calendar/hillside-forum-facebook.ics",
    ):
        assert events(build, uri), uri
    # No targets, no calendar: nothing is planned for a charity whose policy sets none.
    assert not (build.site / "eastfield-advice" / "calendar").exists()
    unplanned = build.site / "hillside-forum" / "calendar" / "hillside-forum-instagram.ics"
    assert not unplanned.exists()


# --- dates the policy does not state are not made up -----------------------------------------


def test_a_policy_without_dates_says_so_and_invents_no_review(build):
    text = build.text("millbrook-council/index.html")
    glance = text.split("At a glance", 1)[1].split("Channels", 1)[0]
    assert "Adopted Not stated in the policy" in glance
    assert "Review due Not stated in the policy" in glance
    assert "Policy owner: add review_due" in glance
    assert not re.search(r"\b(19|20)\d\d\b", glance), glance  # no year anywhere in the facts
    assert "overdue" not in text.lower()
    home = build.text("index.html")
    assert "Millbrook Council" in home and "Review date not stated" in home
    for uri in (
        "millbrook-council/calendar/millbrook-council.ics",
        "millbrook-council/calendar/index.html",
    ):
        assert "review" not in (build.site / uri).read_text().lower().replace("preview", "")


def test_a_review_cycle_gives_the_next_review_and_its_feed_event(build):
    text = build.text("hillside-forum/index.html")
    assert "Version 1.0" in text
    assert "Adopted 18 August 2020 by the Steering Group" in text
    assert "Last reviewed March 2026" in text
    assert "Review due March 2027 (reviewed every year; last review March 2026)" in text
    assert "overdue" not in text.lower()
    (review,) = [
        e
        for e in events(build, "hillside-forum/calendar/hillside-forum.ics")
        if "Policy review" in str(e.get("categories").to_ical())
    ]
    assert review.decoded("dtstart") == dt.date(2027, 3, 31)
    assert "(March 2027)" in str(review["summary"])


# --- hours by day, house rules, lists, channels, profile ---------------------------------------


def test_posting_hours_by_day_are_shown_and_planned(build):
    hours = "Monday to Thursday 08:30–16:00; Friday 08:30–15:30"
    assert f"Planned posting hours {hours}" in build.text("millbrook-council/index.html")
    assert hours in build.text("millbrook-council/calendar/index.html")
    planned = events(build, "millbrook-council/calendar/millbrook-council.ics")
    for event in planned:
        start = event.decoded("dtstart").astimezone(LONDON)
        latest = dt.time(15, 30) if start.weekday() == 4 else dt.time(16, 0)
        assert dt.time(8, 30) <= start.time() <= latest, start
        assert start.weekday() < 5


def test_house_rules_are_their_own_headed_searchable_section(build):
    page = build.page("millbrook-council/index.html")
    assert 'id="house-rules"' in page
    text = build.text("millbrook-council/index.html")
    rules = text.split("House rules for the public", 1)[1].split("How we moderate comments", 1)[0]
    for words in (
        "What we ask of you Keep to the subject of the post.",
        "What we will do Hide: Comments that break these rules",
        "Report to the police: Threats, harassment",
        "When we are watching We do not monitor our pages 24 hours a day.",
        "When we reply We aim to reply to messages within two working days.",
        "What we will not remove Comments because they are critical of the council",
    ):
        assert words in rules
    found = {d["location"]: d["text"] for d in build.search_docs()}
    assert "within two working days" in found["millbrook-council/#house-rules"]


def test_numbered_lists_keep_their_order_and_nesting(build):
    page = build.page("millbrook-council/index.html")
    found = re.search(r'<div class="handbook-block handbook-numbered"><ol>(.*?)</div>', page)
    steps = found.group(1)
    assert steps.index("Read the whole comment") < steps.index("If it breaks the house rules")
    assert re.search(r"keep a screenshot\.<ol><li>Note the date", steps)
    assert "<p>1." not in page


def test_channel_addresses_are_links(build):
    council = build.page("millbrook-council/index.html")
    assert '<a href="https://x.com/MillbrookDC">@MillbrookDC</a>' in council
    assert '<a href="https://www.facebook.com/MillbrookCouncil">MillbrookCouncil</a>' in council
    forum = build.page("hillside-forum/index.html")
    assert '<a href="https://www.instagram.com/hillsidepcf">@hillsidepcf</a>' in forum
    assert 'href="https://www.facebook.com/groups/hillsidepcf"' in forum


def test_a_policy_naming_no_platform_gets_none_invented(build):
    replies = build.text("eastfield-advice/replies/index.html")
    assert "Channels Any channel" in replies
    assert "for any channel, so no length is checked" in replies
    for page in ("eastfield-advice/index.html", "eastfield-advice/replies/index.html"):
        words = build.text(page)
        for platform in ("Facebook", "Twitter", "Instagram", " X ", "LinkedIn"):
            assert platform not in words, (page, platform)


def test_profile_text_and_picture_are_shown_with_each_bio_limit(build):
    text = build.text("hillside-forum/index.html")
    profile = text.split("Profile text", 1)[1].split("Kinds of post", 1)[0]
    assert "Parent carers of children with SEND in Hillside" in profile
    written = yaml.safe_load((REAL_SHAPED / "hillside-forum.yaml").read_text())
    length = len(written["organisation"]["profile_text"])
    assert f"Instagram: {length} of the 150 characters a profile holds" in profile
    assert "Profile picture: Our logo on a white background" in profile


def test_content_types_show_as_kinds_of_post_with_their_channels(build):
    text = build.text("hillside-forum/index.html")
    kinds = text.split("Kinds of post", 1)[1]
    assert (
        "Events Coffee mornings and workshops, with how to book. "
        "Facebook group (in the posting calendar)"
    ) in kinds
    assert "Parent stories Only with the parent's written permission" in kinds
    assert "never naming a child. Instagram" in kinds


def test_replies_link_each_channel_to_its_address_and_show_the_policys_target_words(build):
    page = build.page("millbrook-council/replies/index.html")
    assert (
        '<dd>Millbrook Council on Facebook (<a href="https://www.facebook.com/MillbrookCouncil">'
        'MillbrookCouncil</a>), @MillbrookDC on X (<a href="https://x.com/MillbrookDC">'
        "@MillbrookDC</a>)</dd>"
    ) in page
    seed = build.text("bwdpip/index.html")
    written = yaml.safe_load((build.project / "policies" / "bwdpip.yaml").read_text())
    words = next(c["target"]["as_written"] for c in written["channels"].values() if "target" in c)
    assert f"The policy says: “{' '.join(words.split())}”" in seed


# --- the home page ----------------------------------------------------------------------------


def test_each_organisation_has_its_own_item_on_the_home_page_targets_or_not(build):
    """A policy with no posting targets has no This week link; its item still ends where the
    next organisation's begins (it once ran into it, with a stray "- ")."""
    home = build.page("index.html")
    listing = home.split('id="organisations"', 1)[1].split("</ul>", 1)[0]
    items = re.findall(r"<li>(.*?)</li>", listing, flags=re.S)
    slugs = ("eastfield-advice", "hillside-forum", "millbrook-council")
    assert len(items) >= len(slugs) + 2  # and the two seeds
    for slug in slugs:
        (item,) = [item for item in items if f'href="{slug}/"' in item]
        assert item.count('href="') == item.count("this-week") + 1, item
        assert "- " not in re.sub(r"<[^>]+>", "", item).split("\n")[-1], item
    eastfield = next(item for item in items if 'href="eastfield-advice/"' in item)
    assert "This week" not in eastfield
    millbrook = next(item for item in items if 'href="millbrook-council/"' in item)
    assert "This week" in millbrook


# --- "the policy says nothing" only when nothing in it speaks -----------------------------------


def situation_part(page: str, situation: str) -> str:
    return page.split(f'id="{situation}"', 1)[1].split("<h2", 1)[0]


def test_untagged_house_rules_that_speak_are_shown_as_mentions_not_silence(build):
    """Millbrook tags nothing, but its house rules forbid offensive language, threats and
    harassment: "someone behaves unacceptably" must not say the policy is silent."""
    page = build.page("millbrook-council/what-to-do/index.html")
    part = situation_part(page, "unacceptable-behaviour")
    assert "says nothing" not in part
    assert "Nothing in Millbrook Council&#x27;s policy is marked for this situation" in part or (
        "Nothing in Millbrook Council's policy is marked for this situation" in part
    )
    assert "Swearing, personal attacks and offensive language are not allowed" in part
    assert "Threats, harassment or anything we believe to be unlawful" in part
    assert 'href="../#house-rules"' in part
    assert "mentions “offensive”" in part
    # Where no part mentions a situation, the page still says the policy is silent.
    assert "says nothing about this" in situation_part(page, "follow-request")
    listing = page.split('class="handbook-situations"', 1)[1].split("</ul>", 1)[0]
    assert (
        "Someone behaves unacceptably (abuse, threats, offensive posts)</a> (not marked; mentioned)"
        in listing
    )


def test_a_house_rule_tagged_for_a_situation_is_a_step_in_its_words(tmp_path):
    project = copy_project(tmp_path / "project")
    text = (REAL_SHAPED / "millbrook-council.yaml").read_text(encoding="utf-8")
    marker = "      text: Threats, harassment or anything we believe to be unlawful.\n"
    assert marker in text
    text = text.replace(marker, marker + "      situations: [unacceptable-behaviour]\n")
    (project / "policies" / "millbrook-council.yaml").write_text(text, encoding="utf-8")
    done = run_build(project)
    assert done.result.returncode == 0, done.result.stderr
    part = situation_part(
        done.page("millbrook-council/what-to-do/index.html"), "unacceptable-behaviour"
    )
    assert "Step 1: what the house rules say" in part
    assert (
        "Report to the police: Threats, harassment or anything we believe to be unlawful." in part
    )
    assert "is marked for this situation" not in part

    bad = text.replace("situations: [unacceptable-behaviour]", "situations: [abuse]")
    (project / "policies" / "millbrook-council.yaml").write_text(bad, encoding="utf-8")
    line = bad.splitlines().index("      situations: [abuse]") + 1
    refused = run_build(project)
    assert refused.result.returncode == 1
    assert f"millbrook-council.yaml:{line}:" in refused.result.stderr
    assert '"abuse" is not a known situation' in refused.result.stderr


def test_hours_and_reply_times_the_policy_states_are_shown_where_staff_look(build):
    """Millbrook's house rules say when its pages are watched and how soon it replies: policy
    facts in its words on the policy page, This week, the card and What to do when…, beside
    (and never confused with) the handbook's planned posting hours."""
    watched = "Our pages are staffed Monday to Thursday 8.30am to 4pm and Friday 8.30am to 3.30pm."
    reply = "We aim to reply to messages within two working days."
    policy = build.text("millbrook-council/index.html")
    assert f"When we are watching We do not monitor our pages 24 hours a day. {watched}" in policy
    assert f"When we reply {reply}" in policy
    assert "(the handbook's planning setting and not a rule from the policy)" in policy
    for uri in ("millbrook-council/this-week/index.html", "millbrook-council/card/index.html"):
        text = build.text(uri)
        assert watched in text and f"“{reply}”" in text, uri
    what = build.text("millbrook-council/what-to-do/index.html")
    assert f"How soon to reply, in the policy's words: “{reply}”" in what
    # A policy that states none shows none.
    assert "in the policy's words" not in build.text("eastfield-advice/what-to-do/index.html")


# --- numbered clauses without headings, and the date a policy went on the web -------------------


def test_numbered_clauses_keep_their_numbers_and_need_no_invented_title(build):
    """A parish council's clauses 1.1–1.6 have no headings: the page shows the policy's own
    numbers, and other pages name a clause as "clause 1.2", never "Step 1: 1.2"."""
    page = build.page("east-farleigh-parish/index.html")
    assert re.search(r'<h3 id="clause-1-2">1\.2<a class="headerlink"', page), page
    what = build.text("east-farleigh-parish/what-to-do/index.html")
    assert "Step 1: clause 1.2" in what and "Read Clause 1.2 in the policy" in what
    assert "Published on the web 3 February 2021" in build.text("east-farleigh-parish/index.html")
    assert "Adopted Not stated in the policy" in build.text("east-farleigh-parish/index.html")


def test_a_section_with_neither_title_nor_number_is_refused_with_its_line(tmp_path):
    project = copy_project(tmp_path / "project")
    text = (REAL_SHAPED / "east-farleigh-parish.yaml").read_text(encoding="utf-8")
    bad = text.replace('        number: "1.1"\n', "", 1)
    (project / "policies" / "east-farleigh-parish.yaml").write_text(bad, encoding="utf-8")
    done = run_build(project)
    assert done.result.returncode == 1
    line = bad.splitlines().index("      - id: clause-1-1") + 1
    assert f"east-farleigh-parish.yaml:{line}:" in done.result.stderr
    assert "needs a title, or a number (a clause such as 1.2 that has no heading)" in (
        done.result.stderr
    )


def test_a_section_says_who_it_is_for_when_the_policy_does(tmp_path):
    project = copy_project(tmp_path / "project")
    text = (REAL_SHAPED / "east-farleigh-parish.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "      - id: clause-1-5\n", "      - id: clause-1-5\n        audience: [staff, public]\n"
    )
    (project / "policies" / "east-farleigh-parish.yaml").write_text(text, encoding="utf-8")
    done = run_build(project)
    assert done.result.returncode == 0, done.result.stderr
    assert "For staff and the public, as the policy says." in done.text(
        "east-farleigh-parish/index.html"
    )


def test_a_university_naming_newer_platforms_lists_them_with_no_limits_or_targets_made_up(build):
    """Aberystwyth University names Bluesky, Threads and TikTok beside the older platforms
    (issue 23, item 7), and no target: each is listed by kind, none is given a calendar."""
    text = build.text("aberystwyth-university/index.html")
    for row in ("Bluesky Bluesky Anyone None set", "Threads Threads Anyone None set"):
        assert row in text, text
    assert "TikTok TikTok Anyone None set" in text
    assert not (build.site / "aberystwyth-university" / "calendar").exists()
