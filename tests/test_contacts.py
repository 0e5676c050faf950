"""Contacts with purposes (issue 23, item 3): an NHS trust names one address for questions about
its social media and another service's number for urgent help. Each contact says what it is
for, a reply names the contact that fills its {phone}, and a situation shows the contacts the
policy names for it, on the page, the card and the replies pages.
"""

from __future__ import annotations

import shutil

import pytest
from conftest import FIXTURES, Build, copy_project, run_build, run_cli

NELFT = FIXTURES / "real-shaped" / "nelft.yaml"
NUMBER = "0800 995 1000"


@pytest.fixture(scope="module")
def build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = copy_project(tmp_path_factory.mktemp("contacts"))
    shutil.copy(NELFT, project / "policies")
    done = run_build(project)
    assert done.result.returncode == 0, done.result.stderr
    return done


def test_each_contact_says_what_it_is_for_on_the_policy_page(build):
    contacts = build.text("nelft/index.html").split("Contacts", 1)[1].split("Posting hours")[0]
    assert "What these are for Questions or comments about our use of social media" in contacts
    assert "Email communications@nelft.nhs.uk" in contacts
    assert (
        "Mental Health Direct Urgent mental health help and advice (to give to the public). "
        f"Phone {NUMBER}" in contacts
    )


def test_a_reply_is_filled_from_the_contact_it_names_and_says_which(build):
    replies = build.text("nelft/replies/index.html")
    assert f"call Mental Health Direct on {NUMBER}." in replies
    assert "Contact it gives Mental Health Direct : Urgent mental health help" in replies
    copied = (build.site / "replies" / "nelft" / "no-medical-advice.txt").read_text()
    assert copied.endswith(f"call Mental Health Direct on {NUMBER}.")
    # The main contact has no phone: had the reply not named its contact, {phone} could not fill.
    assert "communications@" not in copied


def test_a_situation_shows_the_contacts_the_policy_names_for_it_not_silence(build):
    page = build.page("nelft/what-to-do/index.html")
    text = build.text("nelft/what-to-do/index.html")
    assert "You are worried about someone's safety (who to contact only)" in text
    safety = text.split("You are worried about someone's safety ¶", 1)[1].split(" ¶ ", 2)
    safety = " ".join(safety[:2])
    assert "says who to contact" in safety and "Mental Health Direct" in safety, safety
    assert "says nothing" not in safety
    assert 'id="safeguarding--contacts"' in page
    site_wide = build.text("what-to-do/index.html")
    assert "NELFT : no steps in its policy; who to contact" in site_wide


def test_the_card_holds_each_contact_and_the_one_for_each_situation(build):
    card = build.text("nelft/card/index.html")
    assert (
        f"A safeguarding worry No steps in the policy. Contact: Mental Health Direct: {NUMBER}."
        in (card)
    )
    assert "Questions or comments about our use of social media: Email communications@" in card


def _check(tmp_path, old: str, new: str) -> tuple[str, str]:
    text = NELFT.read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    folder = tmp_path / "policies"
    folder.mkdir(parents=True)
    (folder / "nelft.yaml").write_text(changed, encoding="utf-8")
    done = run_cli("check", "--policies", str(folder))
    assert done.returncode == 1, done.stdout + done.stderr
    return changed, done.stdout + done.stderr


def _line(text: str, starts: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(starts))


def test_a_reply_naming_an_unknown_contact_is_refused_with_its_line(tmp_path):
    text, said = _check(tmp_path, "contact: mental-health-direct", "contact: mental-health")
    line = _line(text, "    contact: mental-health")
    assert f"nelft.yaml:{line}:" in said
    assert 'names the contact "mental-health", which is not under contacts: others:' in said
    assert "(known: mental-health-direct)" in said


def test_a_placeholder_the_named_contact_cannot_fill_is_refused(tmp_path):
    _, said = _check(tmp_path, "call Mental Health Direct on {phone}", "email {email}")
    assert 'uses {email} but the contact "mental-health-direct" has no email' in said


def test_two_contacts_with_one_id_and_a_contact_with_no_way_to_reach_it_are_refused(tmp_path):
    second = (
        "    - id: mental-health-direct\n      name: Another\n      phone: 0800 000 0000\n"
        "channels:\n"
    )
    text, said = _check(tmp_path, "channels:\n", second)
    lines = [n for n, line in enumerate(text.splitlines(), 1) if "id: mental-health-direct" in line]
    assert f"nelft.yaml:{lines[1]}:" in said, said
    assert '"mental-health-direct" is used by another contact; ids must be unique' in said
    _, said = _check(tmp_path / "b", f"      phone: {NUMBER}\n", "")
    assert "contact 'mental-health-direct' needs a phone, an email or a web address" in said


def test_a_purpose_with_nothing_beside_it_is_refused(tmp_path):
    _, said = _check(tmp_path, "  email: communications@nelft.nhs.uk\n", "")
    assert "says what the main contact is for, but there is no phone, email or web" in said


def test_a_link_in_a_contacts_purpose_goes_through_the_link_checks(tmp_path):
    text, said = _check(
        tmp_path,
        "      purpose: Urgent mental health help and advice\n",
        "      purpose: Urgent help, [call](javascript:alert(1))\n",
    )
    line = _line(text, "      purpose: Urgent help")
    assert f"nelft.yaml:{line}:" in said and "javascript" in said, said
