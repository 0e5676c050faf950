"""`python -m policy_handbook init DIR`: a new handbook site that builds at once.

Like `mkdocs new`: a minimal mkdocs.yml, a starter policy, an accessibility statement, what to
install and a publish workflow. It writes into a new or empty folder only, and otherwise
writes nothing and says why in one line.
"""

from __future__ import annotations

import yaml
from conftest import run_build, run_cli

WRITTEN = [
    ".github/workflows/publish.yml",
    ".gitignore",
    "docs/accessibility.md",
    "mkdocs.yml",
    "policies/riverside-carers-trust.yaml",
    "requirements.txt",
]


def files_in(folder) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_init_writes_a_site_that_builds_strictly_at_once(tmp_path):
    made = run_cli("init", "riverside", "--name", "Riverside Carers Trust", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    site = tmp_path / "riverside"
    assert files_in(site) == WRITTEN
    config = (site / "mkdocs.yml").read_text(encoding="utf-8")
    assert 'site_name: "Riverside Carers Trust social media handbook"' in config
    assert "  - handbook" in config and "markdown_extensions" not in config
    checked = run_cli("check", cwd=site)
    assert checked.returncode == 0, checked.stderr
    built = run_build(site)
    assert built.result.returncode == 0, built.result.stdout + built.result.stderr
    assert "Riverside Carers Trust" in built.text("riverside-carers-trust/index.html")
    statement = built.text("accessibility/index.html")
    assert "Riverside Carers Trust social media handbook" in statement and "@" not in statement
    # The styles and scripts come with the plugin: the new site lists none of them.
    assert (built.site / "javascripts" / "copy-reply.js").is_file()


def test_the_publish_workflow_installs_requirements_and_builds_strictly(tmp_path):
    assert run_cli("init", "site", cwd=tmp_path).returncode == 0
    workflow = yaml.safe_load((tmp_path / "site/.github/workflows/publish.yml").read_text())
    steps = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert "pip install -r requirements.txt" in steps
    assert any("mkdocs build --strict" in run for run in steps)
    assert workflow["jobs"]["deploy"]["needs"] == "build"
    # The name comes from the folder when none is given; "site" is an address the site itself
    # uses (its output folder), so the organisation's file is made its own.
    assert (tmp_path / "site/policies/site-org.yaml").is_file()
    checked = run_cli("check", cwd=tmp_path / "site")
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_init_refuses_a_folder_that_is_not_empty_and_writes_nothing(tmp_path):
    site = tmp_path / "ours"
    site.mkdir()
    (site / "mkdocs.yml").write_text("site_name: Ours\n")
    refused = run_cli("init", "ours", cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.strip() == "ours is not empty; choose a new or empty folder"
    assert refused.stdout == ""
    assert files_in(site) == ["mkdocs.yml"]
    assert (site / "mkdocs.yml").read_text() == "site_name: Ours\n"


def test_init_refuses_a_file_in_the_way(tmp_path):
    (tmp_path / "notes.txt").write_text("mine\n")
    refused = run_cli("init", "notes.txt", cwd=tmp_path)
    assert refused.returncode == 1
    assert refused.stderr.strip() == "notes.txt is not a folder; choose a new or empty folder"
    assert files_in(tmp_path) == ["notes.txt"]


def test_init_into_an_empty_folder_works(tmp_path):
    (tmp_path / "empty").mkdir()
    made = run_cli("init", "empty", "--name", "Hilltop Parents' Forum", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert "policies/hilltop-parents-forum.yaml" in files_in(tmp_path / "empty")
