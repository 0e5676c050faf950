""" "What do I do when…": each situation as steps from the organisation's own policy, with the
reply to copy and who to tell; silence said plainly; situations as data, tags in the YAML."""

from __future__ import annotations

import re

import yaml
from conftest import FIXTURES, ROOT, run_build
from policy_handbook.policy import situations

POLICIES = {
    path.stem: yaml.safe_load(path.read_text()) for path in (ROOT / "policies").glob("*.yaml")
}


def tagged(policy: dict, situation: str) -> list[dict]:
    """The policy's sections tagged with `situation`, in the order the policy gives them."""
    found = []

    def walk(sections):
        for section in sections:
            if situation in section.get("situations", []):
                found.append(section)
            walk(section.get("sections", []))

    walk(policy["sections"])
    return found


def test_the_vocabulary_names_the_situations_staff_meet():
    ids = [s.id for s in situations.vocabulary()]
    for wanted in (
        "complaint",
        "troll",
        "own-case",
        "personal-information",
        "safeguarding",
        "escalate",
        "unacceptable-behaviour",
        "follow-request",
    ):
        assert wanted in ids


def test_each_situation_lists_its_tagged_sections_as_steps_in_policy_order(seed_build):
    for slug, policy in POLICIES.items():
        page = seed_build.page(f"{slug}/what-to-do/index.html")
        for situation in situations.vocabulary():
            sections = tagged(policy, situation.id)
            part = page.split(f'id="{situation.id}"', 1)[1].split("<h2", 1)[0]
            steps = re.findall(r"<h3 id=\"[^\"]+\">Step (\d+): ([^<]+)", part)
            titles = [title for _, title in steps]
            expected = [s["title"] for s in sections]
            assert titles[: len(expected)] == expected, (slug, situation.id, titles)
            assert [int(n) for n, _ in steps] == list(range(1, len(steps) + 1))
            for section in sections:
                assert f'href="../#{section["id"]}"' in part  # back to the rule itself


def test_the_reply_to_copy_sits_in_the_step_with_its_button(seed_build):
    page = seed_build.page("sendiass-wokingham/what-to-do/index.html")
    own_case = page.split('id="own-case"', 1)[1].split("<h2", 1)[0]
    buttons = re.findall(r'<button type="button" class="handbook-copy[^>]*>', own_case)
    snippets = {re.search(r'data-snippet="([^"]+)"', b).group(1) for b in buttons}
    assert any(s.endswith("replies/sendiass-wokingham/case-advice-dm.txt") for s in snippets)
    # The step quotes the reply with its button, so it is not repeated as a step of its own.
    assert "copy the reply" not in own_case


def test_a_reply_tagged_but_not_quoted_is_its_own_step(project):
    policy = project / "policies" / "bwdpip.yaml"
    reply = (
        "\nreplies:\n"
        "  - id: post-removed\n"
        "    title: Post removed\n"
        "    situation: A post that broke the rules was removed\n"
        "    when: After removing a post.\n"
        "    channels: [facebook]\n"
        "    situations: [unacceptable-behaviour]\n"
        "    text: We removed a post that broke our rules. Please email {email} with questions.\n"
    )
    policy.write_text(policy.read_text() + reply)
    build = run_build(project)
    assert build.result.returncode == 0, build.result.stderr
    page = build.page("bwdpip/what-to-do/index.html")
    part = page.split('id="unacceptable-behaviour"', 1)[1].split("<h2", 1)[0]
    assert re.search(r"Step 2: copy the reply “Post removed”", part)
    assert "replies/bwdpip/post-removed.txt" in part


def test_who_to_tell_comes_from_the_roles_tagged_or_says_the_policy_is_silent(seed_build):
    page = seed_build.page("bwdpip/what-to-do/index.html")
    escalate = page.split('id="escalate"', 1)[1].split("<h2", 1)[0]
    tell = escalate.split('id="escalate--tell"', 1)[1]
    named = re.findall(r"<li><strong>([^<]+)</strong>", tell)
    assert named == ["Administrators", "Steering Group", "Officers of BwDPiP"]
    # Each role with the duty that is why it is told here, not all of its duties.
    duties = re.findall(r"<li>([^<]+)</li>", tell)
    assert duties == [
        "Raising issues/concerns from the Facebook page with the Steering Group",
        "Agrees a course of action on concerns raised on the Facebook page",
        "Where agreed, raise a concern/issue with the appropriate Head of Service at the "
        "Local Authority and Health",
    ]
    follow = page.split('id="follow-request--tell"', 1)[1].split("<h2", 1)[0]
    assert re.findall(r"<li>([^<]+)</li>", follow) == [
        "As the admin group, adding members to the closed Facebook group"
    ]
    # Raising with the Steering Group is the route for issues many families raise, not for one
    # complaint (issue 21, item 7): the complaint situation does not send staff there.
    complaint = page.split('id="complaint"', 1)[1].split("<h2", 1)[0]
    assert "Steering Group" not in complaint
    sendiass = seed_build.text("sendiass-wokingham/what-to-do/index.html")
    own_case = sendiass.split("Someone asks about their own case in public", 2)[2]
    assert "The policy does not name anyone to tell" in own_case


def test_staff_are_never_sent_to_their_own_public_helpline(seed_build):
    """SENDIASS's phone and email are for the public: staff unsure what to do are not told to
    ring them. The advice to ask the person they report to is marked as the handbook's."""
    phones = ("0118 9088233", "07923 252483")
    for slug in POLICIES:
        page = seed_build.page(f"{slug}/what-to-do/index.html")
        advice = re.findall(r'<p class="handbook-silent">.*?</p>', page, re.S)
        for part in page.split('--tell"')[1:]:
            advice.append(part.split("<h2", 1)[0])
        assert advice, slug
        for text in advice:
            assert "mailto:" not in text and not any(phone in text for phone in phones), text
        for text in advice:
            if "report to" in text:
                assert "the handbook's advice, not the policy's" in text, text


def test_where_a_policy_is_silent_the_page_says_so(seed_build):
    page = seed_build.page("sendiass-wokingham/what-to-do/index.html")
    escalate = page.split('id="escalate"', 1)[1].split("<h2", 1)[0]
    assert "policy says nothing about this. Do not guess: ask the person you report to" in escalate
    assert "mailto:" not in escalate and "0118 9088233" not in escalate
    assert "Step 1" not in escalate


def test_escalation_criteria_are_a_checklist(seed_build):
    page = seed_build.page("bwdpip/what-to-do/index.html")
    escalate = page.split('id="escalate"', 1)[1].split("<h2", 1)[0]
    boxes = re.findall(r'<li><label><input type="checkbox"> ([^<]+)', escalate)
    assert boxes[0].startswith("At Least 10 posts on the topic over two-week period maximum")
    assert len(boxes) == 5
    # The rule that closes the list is kept in place, as a statement with no box to tick.
    statement = re.search(r'<li class="handbook-checklist-statement">([^<]+)</li>', escalate)
    assert statement.group(1).startswith("The identity of the family will always be protected")
    complaint = page.split('id="complaint"', 1)[1].split("<h2", 1)[0]
    assert "At Least 10 posts" not in complaint  # the criteria are not for one complaint


def test_the_site_page_and_home_page_lead_to_each_organisations_answer(seed_build):
    site = seed_build.page("what-to-do/index.html")
    for situation in situations.vocabulary():
        part = site.split(f'id="{situation.id}"', 1)[1].split("<h2", 1)[0]
        for slug in POLICIES:
            assert f'href="../{slug}/what-to-do/#{situation.id}' in part
        # The steps themselves, each a link to its words: not a count to click through.
        assert not re.search(r"\b\d+ steps?\b", part), part
    assert "its policy says nothing about this" in site.split('id="escalate"', 1)[1]
    troll = site.split('id="troll"', 1)[1].split("<h2", 1)[0]
    assert re.search(r'href="../bwdpip/what-to-do/#troll--[^"]+">Step 1: ', troll), troll
    home = seed_build.page("index.html")
    for situation in situations.vocabulary():
        assert f'href="what-to-do/#{situation.id}"' in home


def test_an_unknown_situation_tag_is_refused_with_its_line(project):
    policy = project / "policies" / "bwdpip.yaml"
    text = policy.read_text()
    policy.write_text(text.replace("situations: [escalate]", "situations: [escalation]", 1))
    line = next(
        n for n, row in enumerate(policy.read_text().splitlines(), 1) if "[escalation]" in row
    )
    build = run_build(project)
    assert build.result.returncode == 1
    assert f"bwdpip.yaml:{line}:" in build.result.stderr
    assert '"escalation" is not a known situation (known: complaint, troll' in build.result.stderr


def test_a_new_organisation_tags_its_sections_with_no_code_change(project):
    riverside = (FIXTURES / "policies" / "riverside-young-carers.yaml").read_text()
    riverside = riverside.replace(
        "    kind: safeguarding\n", "    kind: safeguarding\n    situations: [safeguarding]\n"
    )
    (project / "policies" / "riverside.yaml").write_text(riverside)
    build = run_build(project)
    assert build.result.returncode == 0, build.result.stderr
    text = build.text("riverside/what-to-do/index.html")
    safeguarding = text.split("You are worried about someone's safety", 2)[2]
    assert "Step 1: Photographs of young carers" in safeguarding
    assert "Never post a photograph of a young carer without written consent" in safeguarding
    complaint = text.split("Someone complains, or leaves a negative comment", 2)[2]
    assert "policy says nothing about this" in complaint.split("Someone is trolling", 1)[0]


def test_policies_by_topic_lists_every_section_under_its_kind(seed_build):
    page = seed_build.page("topics/index.html")
    for slug, policy in POLICIES.items():

        def walk(sections):
            for section in sections:
                yield section
                yield from walk(section.get("sections", []))

        for section in walk(policy["sections"]):
            kind = section.get("kind", "other")
            part = page.split(f'id="topic-{kind}"', 1)[1].split("<h2", 1)[0]
            assert f'href="../{slug}/#{section["id"]}"' in part, (slug, section["id"], kind)
    assert "personal-information" not in seed_build.text("topics/index.html")  # words, not ids


def test_a_situation_with_no_steps_but_a_role_to_tell_names_the_role(project):
    """Where the policy tags a duty for a situation but no section, the page says who to tell
    instead of calling the policy silent."""
    policy = project / "policies" / "bwdpip.yaml"
    text = policy.read_text()
    marker = "      - text: As the admin group, adding members to the closed Facebook group\n"
    assert marker in text
    text = text.replace(
        "      - Oversight and monitoring of posts on the Facebook page group and Twitter "
        "accounts\n",
        "      - text: Oversight and monitoring of posts on the Facebook page group and Twitter "
        "accounts\n        situations: [personal-information]\n",
    )
    policy.write_text(text)
    build = run_build(project)
    assert build.result.returncode == 0, build.result.stderr
    page = build.page("bwdpip/what-to-do/index.html")
    part = page.split('id="personal-information"', 1)[1].split("<h2", 1)[0]
    assert "gives no steps for this, but it says who to tell" in part
    assert "says nothing" not in part
    assert "Oversight and monitoring of posts on the Facebook page group" in part
