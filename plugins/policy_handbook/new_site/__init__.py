"""Starters: a policy file for a new organisation (`new`), and a whole new site (`init`).

`init DIR` writes what a team needs to publish a handbook of its own, the way `mkdocs new`
starts a site: mkdocs.yml, a starter policy in policies/, an accessibility statement in docs/,
a requirements.txt and a GitHub Pages workflow. Nothing is written over: DIR must be empty.
"""

from __future__ import annotations

import json
import re
import shutil
import string
from importlib.resources import files
from pathlib import Path

from .. import pages
from ..policy.fields import SLUG_PATTERN
from ..policy.loader import PolicyError, load_policies

# What `init` writes, from files/ beside this module, and where.
SITE_FILES = {
    "mkdocs.yml": "mkdocs.yml",
    "accessibility.md": "docs/accessibility.md",
    "requirements.txt": "requirements.txt",
    "publish.yml": ".github/workflows/publish.yml",
    "gitignore": ".gitignore",
}


class Refused(Exception):
    """Why nothing was written, in one line; `code` is the command's exit status."""

    def __init__(self, message: str, code: int = 1):
        super().__init__(message)
        self.code = code


def new_policy(policies: Path, slug: str, name: str | None, short_name: str | None) -> Path:
    """Write `<policies>/<slug>.yaml` from the commented starter, and check it loads."""
    if not re.fullmatch(SLUG_PATTERN, slug):
        raise Refused(
            f'"{slug}" cannot be an organisation\'s id: use lower-case letters, digits and '
            "hyphens, like riverside-carers",
            code=2,
        )
    if slug in pages.site_addresses():
        taken = ", ".join(sorted(pages.site_addresses()))
        raise Refused(
            f'"{slug}" is an address the site itself uses, so it cannot be an organisation\'s '
            f"id; choose another, like {slug}-org (taken: {taken})",
            code=2,
        )
    target = policies / f"{slug}.yaml"
    if target.is_symlink():  # even a link to nothing: writing would follow it out of policies/
        raise Refused(f"{target} is a link; remove it, or choose another name")
    if target.exists():
        raise Refused(f"{target} already exists; choose another name or edit that file")
    name = name or slug.replace("-", " ").title()
    starter = _read("starter.yaml", package=True)
    text = string.Template(starter).substitute(
        slug=slug,
        title=" ".join(name.split()),  # in a comment: on one line, as written
        name=_yaml_text(name),
        short_name=_yaml_text(short_name or name),
    )
    policies.mkdir(parents=True, exist_ok=True)
    try:  # "x": create a new file, never follow a link or replace a file made since the check
        with open(target, "x", encoding="utf-8") as stream:
            stream.write(text)
    except FileExistsError:
        raise Refused(f"{target} appeared meanwhile; choose another name or edit it") from None
    try:
        load_policies(policies, only=slug)
    except PolicyError as error:  # a name YAML cannot hold as written: say so, keep nothing
        target.unlink()
        raise Refused(str(error)) from None
    return target


def new_site(directory: Path, name: str | None) -> list[Path]:
    """Write a new handbook site into `directory` (made if missing, refused unless empty)."""
    if directory.is_symlink() or (directory.exists() and not directory.is_dir()):
        raise Refused(f"{directory} is not a folder; choose a new or empty folder")
    if directory.is_dir() and any(directory.iterdir()):
        raise Refused(f"{directory} is not empty; choose a new or empty folder")
    name = " ".join((name or directory.resolve().name.replace("-", " ").title()).split())
    slug = "-".join(re.findall(r"[a-z0-9]+", name.lower())) or "our-organisation"
    if slug in pages.site_addresses():  # "Search" or "Topics": an address the site uses
        slug = f"{slug}-org"
    made = not directory.exists()
    directory.mkdir(parents=True, exist_ok=True)
    try:
        written = [new_policy(directory / "policies", slug, name, None)]
    except Refused:
        shutil.rmtree(directory / "policies", ignore_errors=True)
        if made:
            directory.rmdir()
        raise
    for source, target in SITE_FILES.items():
        path = directory / target
        path.parent.mkdir(parents=True, exist_ok=True)
        # @…@ marks, not $: the workflow is full of GitHub's own ${{ … }}.
        text = _read(source).replace("@site_name@", _yaml_text(f"{name} social media handbook"))
        path.write_text(text.replace("@name@", name), encoding="utf-8")
        written.append(path)
    return written


def _read(name: str, package: bool = False) -> str:
    folder = files("policy_handbook") if package else files(__name__).joinpath("files")
    return folder.joinpath(name).read_text(encoding="utf-8")


def _yaml_text(value: str) -> str:
    """`value` as a double-quoted YAML string (JSON's quoting is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)
