"""`python -m policy_handbook check`: a policy author checks policies without building the site.

(`plan` is tested with the scheduler, in test_schedule.py.)
"""

from __future__ import annotations

import re
import shutil

from conftest import ROOT, run_cli


def test_check_passes_the_seed_policies():
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        "2 policies are fine: policies/bwdpip.yaml, policies/sendiass-wokingham.yaml"
    )


def test_check_reports_a_bad_policy_and_an_impossible_target_with_their_lines(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "policies", project / "policies")
    shutil.copytree(ROOT / "calendar", project / "calendar")
    policy = project / "policies" / "bwdpip.yaml"
    lines = policy.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if "posts: 49" in line)
    lines[number] = lines[number].replace("posts: 49", "posts: 300")
    policy.write_text("".join(lines), encoding="utf-8")

    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    target_line = max(i for i, line in enumerate(lines[:number]) if "target:" in line) + 1
    assert result.stderr.startswith("1 problem:\n")
    assert f"\n  policies/bwdpip.yaml:{target_line}:5 channels.twitter.target: " in result.stderr
    assert (
        "needs 300 posts" in result.stderr
        and "7 posting days × 13 posts a day = 91" in result.stderr
    )

    lines[number] = lines[number].replace("posts: 300", "posts: many")
    policy.write_text("".join(lines), encoding="utf-8")
    result = run_cli("check", cwd=project)
    assert result.returncode == 1
    assert (
        'channels.twitter.target.minimum.posts: must be a whole number, got "many"' in result.stderr
    )


# --- `new`: a starter file for a volunteer ------------------------------------------------------


def test_new_writes_a_commented_starter_that_passes_check_and_builds(tmp_path):
    from conftest import copy_project, run_build

    project = copy_project(tmp_path / "project")
    made = run_cli("new", "riverside-carers", "--name", 'Riverside "Carers": Trust', cwd=project)
    assert made.returncode == 0, made.stderr
    written = (project / "policies" / "riverside-carers.yaml").read_text(encoding="utf-8")
    assert '  name: "Riverside \\"Carers\\": Trust"' in written
    assert "# Three things about YAML" in written and "review_every" in written
    checked = run_cli("check", cwd=project)
    assert checked.returncode == 0, checked.stderr
    assert "policies/riverside-carers.yaml" in checked.stdout
    built = run_build(project)
    assert built.result.returncode == 0, built.result.stderr
    text = built.text("riverside-carers/index.html")
    assert 'Riverside "Carers": Trust' in text
    assert "Adopted Not stated in the policy" in text


_EXAMPLE = re.compile(r"^( *)# ?( *)((- |[a-z_]+:( |$)|# ).*)$")


def _uncommented(starter: str) -> str:
    """The starter with every commented example turned on, as a volunteer would do it."""
    body = starter.split("\n\n", 1)[1]  # after the header of notes
    lines = []
    for line in body.splitlines():
        match = _EXAMPLE.match(line)
        lines.append(match.group(1) + match.group(2) + match.group(3) if match else line)
    out = []
    for index, line in enumerate(lines):
        following = next((x for x in lines[index + 1 :] if x.strip()), "")
        indent = len(line) - len(line.lstrip())
        deeper = len(following) - len(following.lstrip()) > indent or (
            following.lstrip().startswith("- ")
            and len(following) - len(following.lstrip()) >= indent
        )
        if re.search(r": (\[\]|\{\})$", line) and deeper:
            line = line.rsplit(" ", 1)[0]
        out.append(line)
    return "\n".join(out) + "\n"


def test_every_example_in_the_starter_passes_check_when_turned_on(tmp_path):
    """A volunteer removes the # before an example and fills it in: the examples as written
    must pass `check` (a note after a text value would be read as cut-off text)."""
    policies = tmp_path / "policies"
    made = run_cli("new", "riverside-carers", "--policies", str(policies))
    assert made.returncode == 0, made.stderr
    path = policies / "riverside-carers.yaml"
    turned_on = _uncommented(path.read_text(encoding="utf-8"))
    assert "- id: pals" in turned_on and "\nhouse_rules:\n" in turned_on
    path.write_text(turned_on, encoding="utf-8")
    checked = run_cli("check", "--policies", str(policies))
    assert checked.returncode == 0, checked.stdout + checked.stderr + turned_on


def test_new_refuses_an_address_the_site_itself_uses(tmp_path):
    for reserved in ("search", "what-to-do", "calendar"):
        made = run_cli("new", reserved, "--policies", str(tmp_path / "policies"))
        assert made.returncode == 2, made.stderr
        assert f'"{reserved}" is an address the site itself uses' in made.stderr
        assert f"like {reserved}-org" in made.stderr
    assert not (tmp_path / "policies").exists()


def test_new_refuses_a_name_that_cannot_be_an_address_and_keeps_an_existing_file(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "policies", project / "policies")
    before = (project / "policies" / "bwdpip.yaml").read_bytes()
    taken = run_cli("new", "bwdpip", cwd=project)
    assert taken.returncode == 1 and "already exists" in taken.stderr
    assert (project / "policies" / "bwdpip.yaml").read_bytes() == before
    bad = run_cli("new", "Riverside Carers", cwd=project)
    assert bad.returncode == 2 and "lower-case letters, digits and hyphens" in bad.stderr
    assert sorted(p.name for p in (project / "policies").iterdir()) == sorted(
        p.name for p in (ROOT / "policies").iterdir()
    )


def test_check_lists_untagged_parts_that_mention_a_situation_with_their_lines(tmp_path):
    """An author who never tags has not said the policy is silent: `check` names each untagged
    part whose words match a situation, with how to tag it or say it does not apply."""
    policies = tmp_path / "policies"
    policies.mkdir()
    source = ROOT / "tests" / "fixtures" / "real-shaped" / "millbrook-council.yaml"
    text = source.read_text(encoding="utf-8")
    (policies / "millbrook-council.yaml").write_text(text, encoding="utf-8")
    result = run_cli(
        "check", "--policies", str(policies), "--calendar", str(ROOT / "calendar"), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    line = (
        text.splitlines().index(
            "    - Be polite. Swearing, personal attacks and offensive language are not allowed."
        )
        + 1
    )
    expected = (
        f'millbrook-council.yaml:{line}:7 house_rules.we_ask[1]: house rule "Be polite. '
        'Swearing, personal attacks and offensive langu…" mentions "offensive" '
        "(unacceptable-behaviour): tag it with `situations: [unacceptable-behaviour]`, or "
        "`situations: []` to say it does not apply"
    )
    assert expected in result.stdout, result.stdout
    # Saying it does not apply silences it.
    quiet = text.replace(
        "    - Be polite. Swearing, personal attacks and offensive language are not allowed.\n",
        "    - text: Be polite. Swearing, personal attacks and offensive language are not "
        "allowed.\n"
        "      situations: []\n",
    )
    (policies / "millbrook-council.yaml").write_text(quiet, encoding="utf-8")
    result = run_cli(
        "check", "--policies", str(policies), "--calendar", str(ROOT / "calendar"), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "we_ask[1]" not in result.stdout


def test_check_on_the_seeds_lists_no_untagged_mentions():
    """Every part of both seed policies that mentions a situation has been reviewed."""
    result = run_cli("check")
    assert result.returncode == 0, result.stderr
    assert "untagged part" not in result.stdout, result.stdout
