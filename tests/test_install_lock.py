"""The Python packages the tests run with are exactly the ones uv.lock pins.

`make` installs from the lock (`uv sync --locked`), so a release of a dependency cannot change
what a fresh clone runs; this test fails if something else installed the environment, or if a
package was upgraded by hand after the lock was written.
"""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def normalised(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_versions() -> dict[str, str]:
    return {
        normalised(package["name"]): package["version"]
        for package in LOCK["package"]
        if "registry" in package["source"]
    }


def installed_versions() -> dict[str, str]:
    return {normalised(dist.metadata["Name"]): dist.version for dist in metadata.distributions()}


def requirement_name(requirement: str) -> str:
    return normalised(re.match(r"[A-Za-z0-9_.-]+", requirement).group())


def test_every_installed_package_the_lock_names_has_the_locked_version():
    locked, installed = locked_versions(), installed_versions()
    differing = {
        name: (installed[name], version)
        for name, version in locked.items()
        if name in installed and installed[name] != version
    }
    assert differing == {}, "installed version differs from uv.lock (installed, locked)"


def test_pyyaml_is_the_locked_release():
    # The package whose new release turned a fresh clone red before anything was locked.
    assert metadata.version("PyYAML") == locked_versions()["pyyaml"]


def test_every_direct_dependency_is_locked_and_installed():
    wanted = PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"]
    locked, installed = locked_versions(), installed_versions()
    names = {requirement_name(requirement) for requirement in wanted}
    assert names - locked.keys() == set(), "in pyproject.toml but not in uv.lock: run make lock"
    assert names - installed.keys() == set(), "locked but not installed: run make python-deps"


def test_every_locked_download_has_a_hash():
    unhashed = [
        package["name"]
        for package in LOCK["package"]
        if "registry" in package["source"]
        for artifact in [package.get("sdist", {}), *package.get("wheels", [])]
        if artifact and not str(artifact.get("hash", "")).startswith("sha256:")
    ]
    assert unhashed == []
