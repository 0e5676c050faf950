"""The per-organisation cache: work is reused only when nothing that shapes it has changed.

Each test loads the real seed policies through `Handbook.load`, as the plugin and `check` do.
"""

from __future__ import annotations

import marshal
import pickle
import shutil
import stat
from pathlib import Path

import jinja2
import pytest
from conftest import EPOCH, copy_project, handbook_options, run_build
from jinja2.bccache import bc_magic
from policy_handbook import cache as cache_module
from policy_handbook import signing
from policy_handbook.cache import CACHE_DIR, CALENDAR, PAGES, POLICIES, Cache
from policy_handbook.handbook import Handbook
from policy_handbook.site import template_cache

ORGANISATIONS = 2  # both seed policies have posting targets


@pytest.fixture
def project(project, monkeypatch) -> Path:
    """conftest's copy of the project, built on the tests' fixed date."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    return project


options = handbook_options


def files(handbook: Handbook) -> dict[str, bytes | str]:
    return {generated.src_uri: generated.content for generated in handbook.calendar_files}


def test_an_unchanged_handbook_is_reused_and_identical(project):
    uncached = files(Handbook.load(options(project)))
    store = Cache(project / CACHE_DIR)
    first = Handbook.load(options(project), store)
    assert (store.hits[CALENDAR], store.misses[CALENDAR]) == (0, ORGANISATIONS)
    second = Handbook.load(options(project), store)
    assert (store.hits[CALENDAR], store.misses[CALENDAR]) == (ORGANISATIONS, ORGANISATIONS)
    assert files(first) == files(second) == uncached


def test_the_disk_cache_serves_a_new_process(project):
    Handbook.load(options(project), Cache(project / CACHE_DIR))
    fresh = Cache(project / CACHE_DIR)  # nothing in memory: what a new `mkdocs build` has
    Handbook.load(options(project), fresh)
    assert (fresh.hits[CALENDAR], fresh.misses[CALENDAR]) == (ORGANISATIONS, 0)


def edit_policy(project: Path) -> None:
    policy = project / "policies" / "bwdpip.yaml"
    policy.write_text(policy.read_text("utf-8") + "\n# a comment changes the file\n", "utf-8")


def edit_calendar(project: Path) -> None:
    blackouts = project / "calendar" / "blackout-dates.yaml"
    blackouts.write_text(blackouts.read_text("utf-8") + "\n# changed\n", "utf-8")


@pytest.mark.parametrize(
    "change, missed",
    [
        (edit_policy, 1),  # only that organisation is planned again
        (edit_calendar, ORGANISATIONS),
        ("weeks_ahead", ORGANISATIONS),
        ("site_url", ORGANISATIONS),
        ("build date", ORGANISATIONS),
        ("our code", ORGANISATIONS),
    ],
    ids=["policy", "calendar inputs", "horizon", "site url", "build date", "our code"],
)
def test_each_input_that_shapes_an_organisation_makes_a_miss(project, monkeypatch, change, missed):
    store = Cache(project / CACHE_DIR)
    Handbook.load(options(project), store)
    changes = {}
    if callable(change):
        change(project)
    elif change == "weeks_ahead":
        changes["weeks_ahead"] = 14
    elif change == "site_url":
        changes["site_url"] = "https://handbook.example.org/"
    elif change == "build date":
        monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH + 86_400))
    else:
        monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "another version")
    before = store.misses[CALENDAR]
    Handbook.load(options(project, **changes), store)
    assert store.misses[CALENDAR] - before == missed
    assert store.hits[CALENDAR] == ORGANISATIONS - missed


@pytest.mark.parametrize("damage", [b"", b"not a pickle", b"\x80\x05garbage"])
def test_a_corrupt_cache_file_is_ignored(project, damage):
    store = Cache(project / CACHE_DIR)
    expected = files(Handbook.load(options(project), store))
    (project / CACHE_DIR / CALENDAR / "bwdpip.pickle").write_bytes(damage)
    fresh = Cache(project / CACHE_DIR)
    assert files(Handbook.load(options(project), fresh)) == expected
    assert (fresh.hits[CALENDAR], fresh.misses[CALENDAR]) == (1, 1)


def test_builds_with_and_without_a_cache_are_byte_identical(tmp_path):
    project = copy_project(tmp_path / "project")
    cold = run_build(project, site=tmp_path / "cold")
    assert (project / CACHE_DIR / CALENDAR / "bwdpip.pickle").exists()
    warm = run_build(project, site=tmp_path / "warm")
    assert "2 reused from the cache" in warm.result.stderr
    for path in sorted(cold.site.rglob("*")):
        if path.is_file():
            assert (warm.site / path.relative_to(cold.site)).read_bytes() == path.read_bytes()


# --- pages ----------------------------------------------------------------------------------------


def pages_of(handbook: Handbook) -> dict[str, bytes | str]:
    from policy_handbook.site import files as site_files

    return {generated.src_uri: generated.content for generated in site_files.generate(handbook)}


def test_pages_are_reused_only_for_organisations_whose_inputs_are_unchanged(project):
    uncached = pages_of(Handbook.load(options(project)))
    store = Cache(project / CACHE_DIR)
    assert pages_of(Handbook.load(options(project), store)) == uncached
    # Each organisation's pages, the pages across organisations, the calendar index.
    assert (store.hits[PAGES], store.misses[PAGES]) == (0, ORGANISATIONS + 2)
    fresh = Cache(project / CACHE_DIR)
    assert pages_of(Handbook.load(options(project), fresh)) == uncached
    assert (fresh.hits[PAGES], fresh.misses[PAGES]) == (ORGANISATIONS + 2, 0)

    edit_policy(project)  # bwdpip: its pages and the pages across organisations are made again
    policy = project / "policies" / "bwdpip.yaml"
    policy.write_text(
        policy.read_text("utf-8").replace("BwDPiP", "BwDPiP (edited)", 1), encoding="utf-8"
    )
    again = Cache(project / CACHE_DIR)
    edited = pages_of(Handbook.load(options(project), again))
    assert (again.hits[PAGES], again.misses[PAGES]) == (ORGANISATIONS - 1, 3)
    assert edited == pages_of(Handbook.load(options(project)))
    assert edited != uncached


def test_a_change_to_our_data_files_makes_every_entry_stale(tmp_path, monkeypatch):
    """The situations, synonyms and platform limits shape pages as much as the code does."""
    package = tmp_path / "package"
    (package / "data").mkdir(parents=True)
    (package / "data" / "situations.yaml").write_text("a: 1\n", encoding="utf-8")
    (package / "cache.py").write_text("# code\n", encoding="utf-8")
    monkeypatch.setattr(cache_module, "__file__", str(package / "cache.py"))
    cache_module.code_fingerprint.cache_clear()
    try:
        before = cache_module.code_fingerprint()
        (package / "data" / "situations.yaml").write_text("a: 2\n", encoding="utf-8")
        cache_module.code_fingerprint.cache_clear()
        assert cache_module.code_fingerprint() != before
    finally:
        cache_module.code_fingerprint.cache_clear()


def test_compiled_templates_are_kept_and_a_damaged_one_is_compiled_again(tmp_path):
    """Our templates and the theme's are compiled once and kept under .cache/ (see
    template_cache.py); a damaged compiled template costs a compile, never the build."""
    project = copy_project(tmp_path / "project")
    first = run_build(project, site=tmp_path / "first")
    kept = sorted((project / CACHE_DIR / "templates").rglob("*.cache"))
    folders = {path.parent.parent.name for path in kept}
    assert folders == {"handbook", "theme"}, folders
    for path in kept:
        path.write_bytes(path.read_bytes()[:40] + b"\x00 damaged")
    again = run_build(project, site=tmp_path / "again")
    for path in sorted(first.site.rglob("*")):
        if path.is_file():
            assert (again.site / path.relative_to(first.site)).read_bytes() == path.read_bytes()


def test_an_unchanged_policy_file_is_not_validated_again(project, monkeypatch):
    from policy_handbook.policy.model import Policy

    store = Cache(project / CACHE_DIR)
    first = Handbook.load(options(project), store)
    validated = []
    real = Policy.model_validate.__func__
    monkeypatch.setattr(
        Policy,
        "model_validate",
        classmethod(lambda cls, data, **kw: validated.append(1) or real(cls, data, **kw)),
    )
    moved = project.parent / "moved"
    shutil.copytree(project, moved)  # the cache and policies, elsewhere: as a fresh checkout
    again = Handbook.load(options(moved), Cache(moved / CACHE_DIR))
    assert validated == []
    assert [p.path for p in again.site.policies] == [
        moved / "policies" / p.path.name for p in first.site.policies
    ]
    assert [p.policy for p in again.site.policies] == [p.policy for p in first.site.policies]
    edit_policy(moved)
    Handbook.load(options(moved), Cache(moved / CACHE_DIR))
    assert validated == [1]  # only the edited file
    assert Cache(moved / CACHE_DIR).get(POLICIES, "bwdpip.yaml", "stale key") is None


# --- integrity: .cache/ is read back only if this user's builds wrote it (see signing.py) ------


class Touch:
    """Unpickled, it creates `marker`: what a file committed to `.cache/` could do if loaded."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


@pytest.mark.parametrize("signature", [b"", bytes(32)], ids=["bare pickle", "forged signature"])
def test_a_pickle_the_build_did_not_write_is_never_loaded(project, tmp_path, signature):
    expected = files(Handbook.load(options(project), Cache(project / CACHE_DIR)))
    marker = tmp_path / "ran"
    written = sorted((project / CACHE_DIR).rglob("*.pickle"))
    assert written
    for path in written:
        path.write_bytes(signature + pickle.dumps((cache_module.FORMAT, "key", Touch(marker))))
    fresh = Cache(project / CACHE_DIR)
    assert files(Handbook.load(options(project), fresh)) == expected
    assert (fresh.hits[CALENDAR], fresh.misses[CALENDAR]) == (0, ORGANISATIONS)
    assert not marker.exists()


def test_an_entry_the_cache_wrote_is_read_back(project):
    Cache(project / CACHE_DIR).put(CALENDAR, "org", "k", {"plan": [1, 2]})
    fresh = Cache(project / CACHE_DIR)
    assert fresh.get(CALENDAR, "org", "k") == {"plan": [1, 2]}
    assert (fresh.hits[CALENDAR], fresh.misses[CALENDAR]) == (1, 0)


def test_an_entry_signed_with_another_key_is_a_miss(project, tmp_path, monkeypatch):
    Cache(project / CACHE_DIR).put(CALENDAR, "org", "k", {"plan": [1, 2]})
    monkeypatch.setenv(signing.KEY_VARIABLE, str(tmp_path / "another" / "cache-key"))
    fresh = Cache(project / CACHE_DIR)
    assert fresh.get(CALENDAR, "org", "k") is None
    assert fresh.misses[CALENDAR] == 1


def test_the_key_is_made_once_outside_the_project_and_private(tmp_path, monkeypatch):
    path = tmp_path / "home-cache" / "policy-handbook" / "cache-key"
    monkeypatch.setenv(signing.KEY_VARIABLE, str(path))
    first = signing.secret()
    assert first is not None and len(first) == 32
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert signing.secret() == first
    monkeypatch.delenv(signing.KEY_VARIABLE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert signing.key_file() == tmp_path / "xdg" / "policy-handbook" / "cache-key"


def test_without_a_key_the_cache_is_kept_in_memory_only(project, tmp_path, monkeypatch):
    (tmp_path / "a file").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(signing.KEY_VARIABLE, str(tmp_path / "a file" / "cache-key"))
    store = Cache(project / CACHE_DIR)
    store.put(CALENDAR, "org", "k", "value")
    assert store.get(CALENDAR, "org", "k") == "value"
    assert not (project / CACHE_DIR).exists()
    assert template_cache.for_environment(project / CACHE_DIR / "templates", "handbook") is None


# Compiled templates: a Jinja bytecode file is Python code, run when the template is loaded.

TEMPLATE = "page.j2"


def template_environment(root: Path) -> jinja2.Environment:
    """A fresh environment (nothing compiled in memory) over one template, cached under root."""
    (root / "templates").mkdir(parents=True, exist_ok=True)
    (root / "templates" / TEMPLATE).write_text("Hello {{ name }}!", encoding="utf-8")
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(root / "templates"),
        bytecode_cache=template_cache.for_environment(root / CACHE_DIR / "templates", "handbook"),
    )


def kept_templates(root: Path) -> list[Path]:
    return sorted((root / CACHE_DIR / "templates").rglob("*.cache"))


def bucket(environment: jinja2.Environment) -> jinja2.bccache.Bucket:
    source, filename, _ = environment.loader.get_source(environment, TEMPLATE)
    return environment.bytecode_cache.get_bucket(environment, TEMPLATE, filename, source)


def crafted_bytecode(environment: jinja2.Environment, marker: Path, part: str) -> bytes:
    """Jinja's own file layout (magic, pickled checksum, marshalled code) for our template, with
    code that creates `marker` when the template is loaded, or a pickle that does when read."""
    source, filename, _ = environment.loader.get_source(environment, TEMPLATE)
    checksum = environment.bytecode_cache.get_source_checksum(source)
    if part == "checksum":
        return bc_magic + pickle.dumps(Touch(marker), 2)
    python = environment.compile(source, TEMPLATE, filename, raw=True)
    touch = f"__import__('pathlib').Path({str(marker)!r}).touch()\n"
    code = compile(touch + python, filename, "exec")
    return bc_magic + pickle.dumps(checksum, 2) + marshal.dumps(code)


@pytest.mark.parametrize("part", ["code", "checksum"])
def test_a_compiled_template_the_build_did_not_write_is_never_loaded(tmp_path, part):
    first = template_environment(tmp_path)
    assert first.get_template(TEMPLATE).render(name="you") == "Hello you!"
    [path] = kept_templates(tmp_path)  # where Jinja looks for this template's bytecode
    marker = tmp_path / "ran"
    path.write_bytes(crafted_bytecode(first, marker, part))
    again = template_environment(tmp_path)
    assert again.get_template(TEMPLATE).render(name="you") == "Hello you!"
    assert not marker.exists()


def test_a_compiled_template_is_read_back_only_with_the_key_that_signed_it(tmp_path, monkeypatch):
    template_environment(tmp_path).get_template(TEMPLATE)
    assert bucket(template_environment(tmp_path)).code is not None  # a hit: not compiled again
    monkeypatch.setenv(signing.KEY_VARIABLE, str(tmp_path / "another" / "cache-key"))
    assert bucket(template_environment(tmp_path)).code is None


def test_an_old_cache_folder_is_emptied_of_our_files_only(tmp_path):
    """A folder in .cache/ may be a link to anywhere (a pull request can commit one): pruning an
    old version's folder removes only the compiled templates we write, never what else is there."""
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "documents").mkdir(parents=True)
    (elsewhere / "documents" / "letter.txt").write_text("keep me", encoding="utf-8")
    (elsewhere / "0123456789abcdef").mkdir()  # an old version's folder, as for_environment names it
    (elsewhere / "0123456789abcdef" / "__jinja2_0123.cache").write_bytes(b"old")
    (elsewhere / "empty").mkdir()
    templates = tmp_path / "project" / CACHE_DIR / "templates"
    templates.mkdir(parents=True)
    (templates / "theme").symlink_to(elsewhere)
    template_cache.for_environment(templates, "theme")
    assert (elsewhere / "documents" / "letter.txt").read_text(encoding="utf-8") == "keep me"
    assert (elsewhere / "empty").is_dir()
    assert not (elsewhere / "0123456789abcdef").exists()
