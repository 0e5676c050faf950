"""The package as `pip install` gives it: the wheel holds everything, says what it is, and a
bare site built by it gets the whole handbook.

The wheel is built from this checkout and installed, not editable, into a fresh environment
with the locked dependencies (see wheel_support.py); everything here runs that environment's
Python, from outside this checkout.
"""

from __future__ import annotations

import json
import zipfile

import own_site_support as own
import wheel_support


def test_the_wheel_holds_every_file_of_the_package(installed_wheel):
    names = set(zipfile.ZipFile(installed_wheel.wheel).namelist())
    in_package = {name for name in names if name.startswith("policy_handbook/")}
    # Every template, script, style, data file and module the source tree has, and no other.
    assert in_package == wheel_support.package_files()
    for kind in ("site/assets/handbook.css", "site/theme/partials/header.html", "data/"):
        assert any(name.startswith(f"policy_handbook/{kind}") for name in in_package), kind


def test_the_package_is_imported_from_the_fresh_environment(installed_wheel):
    where = wheel_support.in_venv(
        installed_wheel, "import policy_handbook; print(policy_handbook.__file__)"
    ).strip()
    site_packages = installed_wheel.venv / "lib"
    assert where.startswith(str(site_packages)) and "site-packages" in where, where
    assert str(wheel_support.ROOT / "plugins") not in where


def test_the_metadata_says_what_it_is(installed_wheel):
    metadata = json.loads(
        wheel_support.in_venv(
            installed_wheel,
            "import json, importlib.metadata as m\n"
            "d = m.distribution('policy-handbook')\n"
            "print(json.dumps({'name': d.metadata['Name'], 'summary': d.metadata['Summary'],"
            " 'keywords': d.metadata['Keywords'],"
            " 'classifiers': d.metadata.get_all('Classifier'),"
            " 'plugins': [e.value for e in d.entry_points if e.group == 'mkdocs.plugins']}))",
        )
    )
    assert metadata["name"] == "policy-handbook"
    assert "social media policies" in metadata["summary"]
    assert "mkdocs-plugin" in metadata["keywords"]
    assert "Framework :: MkDocs" in metadata["classifiers"]
    assert metadata["plugins"] == ["policy_handbook.mkdocs_plugin.plugin:HandbookPlugin"]


def test_a_bare_site_built_by_the_installed_wheel_gets_the_whole_handbook(wheel_site):
    own.check_whole_handbook(wheel_site)


def test_init_from_the_installed_wheel_builds_strictly(installed_wheel, tmp_path):
    made = wheel_support.run(installed_wheel, "-m", "policy_handbook", "init", str(tmp_path / "s"))
    assert made.returncode == 0, made.stderr
    built = own.build(tmp_path / "s", str(installed_wheel.python))
    assert built.returncode == 0, built.stdout + built.stderr
    assert (tmp_path / "s" / "site" / "stylesheets" / "handbook.css").is_file()
