"""Awareness-day sets: calendar/awareness/<set-id>.yaml, chosen by schedule.awareness_sets.

The seeds choose nothing and get the default set (`send`), exactly as before sets; other
organisations choose other sets, or none. Plans come from `Handbook.load` (what the plugin and
`check` run) and, for the feed test, a real `mkdocs build`.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import icalendar
import pytest
import yaml
from conftest import EPOCH, copy_project, handbook_options, run_build
from policy_handbook.cache import CACHE_DIR, CALENDAR, Cache
from policy_handbook.handbook import Handbook, HandbookError
from policy_handbook.planning.special_days import LEGACY_SET, SpecialDaysError, load_special_days
from policy_handbook.site import calendar_pages

SEND_IDS = {
    "adhd-awareness-month",
    "anti-bullying-week",
    "carers-week",
    "childrens-mental-health-week",
    "international-day-of-persons-with-disabilities",
    "learning-disability-week",
    "mental-health-awareness-week",
    "neurodiversity-celebration-week",
    "world-autism-acceptance-week",
    "young-carers-action-day",
}
SEEDS = ("bwdpip", "sendiass-wokingham")


@pytest.fixture
def project(project, monkeypatch) -> Path:
    """conftest's copy of the project, as the working directory so messages name
    `policies/…`, built on the tests' fixed date."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(EPOCH))
    monkeypatch.chdir(project)
    return project


options = handbook_options


def add_organisation(project: Path, slug: str, **schedule) -> Path:
    """SENDIASS's policy as a new organisation `slug`, with these schedule fields."""
    data = yaml.safe_load((project / "policies/sendiass-wokingham.yaml").read_text("utf-8"))
    data["organisation"].pop("slug", None)
    data["organisation"]["short_name"] = slug.title()
    data["schedule"].update(schedule)
    path = project / "policies" / f"{slug}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def themed(handbook: Handbook, slug: str) -> set[str]:
    plan = next(plan for plan in handbook.plans if plan.slug == slug)
    return {slot.theme.id for slot in plan.slots if slot.theme}


def line_of(path: Path, text: str) -> int:
    lines = path.read_text("utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


# --- the sets in the repository ----------------------------------------------------------------


def test_the_seeds_choose_nothing_and_get_the_send_set_as_before(project):
    days = load_special_days(project / "calendar")
    assert [(s.id, s.default) for s in days.sets] == [
        ("general-charity", False),
        ("local-government", False),
        ("send", True),
    ]
    send = next(s for s in days.sets if s.id == "send")
    assert {day.id for day in send.days} == SEND_IDS
    assert {day.start.year for day in send.days} == {2026, 2027}
    handbook = Handbook.load(options(project))
    for slug in SEEDS:
        loaded = handbook.site.by_slug(slug)
        assert loaded.policy.schedule.awareness_sets is None
        assert days.themes_for(loaded.policy) == days.themes == [d.theme() for d in send.days]
        # 22 Nov 2026: the horizon holds Anti-Bullying Week and the UN day of 3 December.
        assert {"anti-bullying-week", "international-day-of-persons-with-disabilities"} <= (
            themed(handbook, slug)
        )
        assert themed(handbook, slug) <= SEND_IDS


def test_every_set_in_the_repository_has_sources_and_both_years(project):
    for each in load_special_days(project / "calendar").sets:
        assert each.name and each.days, each.id
        assert {day.start.year for day in each.days} == {2026, 2027}, each.id
        assert all(day.source.startswith("https://") for day in each.days), each.id
        ids = [day.id for day in each.days]
        assert all(ids.count(i) == 2 for i in ids), f"{each.id}: one entry a year"


# --- choosing -------------------------------------------------------------------------------------


def test_an_empty_list_means_no_awareness_days(project):
    add_organisation(project, "quiet", awareness_sets=[])
    handbook = Handbook.load(options(project))
    assert themed(handbook, "quiet") == set()
    assert "anti-bullying-week" in themed(handbook, "sendiass-wokingham")
    assert next(p for p in handbook.plans if p.slug == "quiet").awareness_sets == ()


def test_a_council_on_local_government_only_gets_no_send_theme_in_its_feeds(tmp_path):
    project = copy_project(tmp_path / "project")
    add_organisation(project, "council", awareness_sets=["local-government"])
    june = int(dt.datetime(2027, 6, 1, 12, tzinfo=dt.UTC).timestamp())  # Carers Week is 7-13 June
    build = run_build(project, epoch=june)
    assert build.result.returncode == 0, build.result.stderr

    def summaries(slug: str) -> str:
        found = []
        for path in sorted((build.site / slug / "calendar").glob("*.ics")):
            calendar = icalendar.Calendar.from_ical(path.read_bytes())
            found += [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
        return "\n".join(found)

    sets = {s.id: s for s in load_special_days(project / "calendar").sets}
    send_names = {day.name for day in sets["send"].days}
    council, sendiass = summaries("council"), summaries("sendiass-wokingham")
    assert "United Nations Public Service Day" in council  # 23 June 2027
    assert not [name for name in send_names if name in council]
    assert "Carers Week" in sendiass and "Public Service Day" not in sendiass
    page = build.text("council/calendar/index.html")
    assert "come from the set: Local government and democracy" in page
    assert "come from the set: SEND, carers and mental health" in build.text(
        "sendiass-wokingham/calendar/index.html"
    )


def test_awareness_themes_filter_within_the_chosen_sets(project):
    add_organisation(
        project,
        "both",
        awareness_sets=["send", "general-charity"],
        awareness_themes=["giving-tuesday"],
    )
    handbook = Handbook.load(options(project))
    assert themed(handbook, "both") == {"giving-tuesday"}  # 1 December 2026


def test_an_unknown_set_is_an_error_at_its_file_and_line(project):
    path = add_organisation(project, "council", awareness_sets=["send", "local-govt"])
    with pytest.raises(HandbookError) as caught:
        Handbook.load(options(project))
    line = line_of(path, "local-govt")
    assert caught.value.lines == [
        f"policies/council.yaml:{line}:5 schedule.awareness_sets[1]: there is no awareness set "
        '"local-govt" (it would be the file calendar/awareness/local-govt.yaml); the sets are: '
        "general-charity, local-government, send"
    ]


def test_an_unknown_theme_names_the_chosen_sets_files(project):
    path = add_organisation(
        project, "council", awareness_sets=["local-government"], awareness_themes=["carers-week"]
    )
    with pytest.raises(HandbookError) as caught:
        Handbook.load(options(project))
    (message,) = caught.value.lines
    assert message.startswith(
        f"policies/council.yaml:{line_of(path, '- carers-week')}:5 schedule.awareness_themes[0]: "
        "lists carers-week, which the chosen sets (calendar/awareness/local-government.yaml) do "
        "not have; they have: armed-forces-day, european-local-democracy-week,"
    )
    assert "awareness-days.yaml" not in message


def test_a_set_added_as_a_file_can_be_chosen_without_code(project):
    (project / "calendar/awareness/parish-events.yaml").write_text(
        "name: Parish events\n"
        "days:\n"
        "- id: parish-open-day\n"
        "  name: Parish Open Day\n"
        "  start: 2026-11-25\n"
        "  guidance: Invite everyone to the open day.\n"
        "  source: https://parish.example.org/open-day\n",
        encoding="utf-8",
    )
    add_organisation(project, "parish", awareness_sets=["parish-events"])
    handbook = Handbook.load(options(project))
    assert themed(handbook, "parish") == {"parish-open-day"}
    assert "parish-open-day" not in themed(handbook, "sendiass-wokingham")
    uri = calendar_pages.page_uri("parish")
    page = next(f for f in handbook.calendar_files if f.src_uri == uri)
    assert "come from the set: Parish events" in str(page.content)


# --- the cache ------------------------------------------------------------------------------------


def test_the_cache_key_follows_only_the_sets_an_organisation_uses(project):
    add_organisation(project, "council", awareness_sets=["local-government"])
    store = Cache(project / CACHE_DIR)
    Handbook.load(options(project), store)
    assert (store.hits[CALENDAR], store.misses[CALENDAR]) == (0, 3)

    def replanned(change) -> int:
        before = store.misses[CALENDAR]
        change()
        Handbook.load(options(project), store)
        return store.misses[CALENDAR] - before

    def edit(name: str, text: str = "\n# changed\n") -> None:
        path = project / "calendar" / "awareness" / name
        path.write_text(path.read_text("utf-8") + text, encoding="utf-8")

    assert replanned(lambda: edit("general-charity.yaml")) == 0  # nobody uses it
    assert replanned(lambda: edit("local-government.yaml")) == 1  # the council
    assert replanned(lambda: edit("send.yaml")) == 2  # the seeds, by default
    # A set that becomes a default changes what the seeds use, not what the council chose.
    general = project / "calendar/awareness/general-charity.yaml"
    assert (
        replanned(
            lambda: general.write_text(
                general.read_text("utf-8").replace("days:\n", "default: true\ndays:\n", 1), "utf-8"
            )
        )
        == 2
    )


# --- the files ------------------------------------------------------------------------------------


LEGACY = (
    "- id: carers-week\n"
    "  name: Carers Week\n"
    "  start: 2026-06-08\n"
    "  end: 2026-06-14\n"
    "  guidance: Recognise carers.\n"
    "  source: https://www.carersweek.org/\n"
)


def test_a_legacy_awareness_days_file_is_still_the_default_set(tmp_path):
    (tmp_path / "awareness-days.yaml").write_text(LEGACY, encoding="utf-8")
    days = load_special_days(tmp_path)
    assert [(s.id, s.default) for s in days.sets] == [(LEGACY_SET, True)]
    assert [t.id for t in days.themes] == ["carers-week"]


def test_a_legacy_file_beside_its_moved_copy_says_how_to_finish(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "calendar/awareness").mkdir(parents=True)
    (tmp_path / "calendar/awareness-days.yaml").write_text(LEGACY, encoding="utf-8")
    moved = "name: Old\ndefault: true\ndays:\n" + LEGACY
    (tmp_path / "calendar/awareness/awareness-days.yaml").write_text(moved, encoding="utf-8")
    with pytest.raises(SpecialDaysError) as caught:
        load_special_days(tmp_path / "calendar")
    assert caught.value.problems == [
        "calendar/awareness/awareness-days.yaml:1: is the set awareness-days, which "
        "calendar/awareness-days.yaml already is; finish moving to sets: "
        "git rm calendar/awareness-days.yaml"
    ]


def test_set_files_report_file_line_and_field(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "calendar/awareness"
    folder.mkdir(parents=True)
    (folder / "old-form.yaml").write_text(LEGACY, encoding="utf-8")
    (folder / "Bad Name.yaml").write_text("name: x\n", encoding="utf-8")
    (folder / "typo.yaml").write_text(
        "name: Typo\ndefault: sometimes\nday:\n" + LEGACY, encoding="utf-8"
    )
    with pytest.raises(SpecialDaysError) as caught:
        load_special_days(tmp_path / "calendar")
    assert caught.value.problems == [
        "calendar/awareness/Bad Name.yaml:1: a set's file name is its id in "
        "schedule.awareness_sets, so it must be lower-case words joined by hyphens, like "
        "local-government.yaml",
        "calendar/awareness/old-form.yaml:1: must be a mapping with name: and days: (a plain "
        "list is the form of the old calendar/awareness-days.yaml; put the entries under days:)",
        "calendar/awareness/typo.yaml:2: default: must be true or false",
        "calendar/awareness/typo.yaml:3: day: is not a known field (check the spelling)",
    ]


def test_a_broken_set_file_is_not_also_reported_as_an_unknown_choice(project):
    add_organisation(project, "council", awareness_sets=["local-government"])
    path = project / "calendar/awareness/local-government.yaml"
    path.write_text(path.read_text("utf-8").replace("name: Local", "nme: Local"), "utf-8")
    with pytest.raises(HandbookError) as caught:
        Handbook.load(options(project))
    assert caught.value.lines == [
        "calendar/awareness/local-government.yaml:8: name: is required",
        "calendar/awareness/local-government.yaml:8: nme: is not a known field (check the "
        "spelling)",
    ]


def test_the_plan_command_names_an_unknown_set_as_the_build_does(project, capsys):
    from policy_handbook.cli import main

    path = add_organisation(project, "council", awareness_sets=["local-govt"])
    args = ["--policies", "policies", "--calendar", "calendar", "--from", "2026-11-16"]
    assert main(["plan", "council", "--weeks", "1", *args]) == 1
    line = line_of(path, "local-govt")
    assert capsys.readouterr().err.startswith(
        f"policies/council.yaml:{line}:5 schedule.awareness_sets[0]: there is no awareness set "
        '"local-govt"'
    )
    assert main(["plan", "sendiass-wokingham", "--weeks", "1", *args]) == 0
    assert "Anti-Bullying Week" in capsys.readouterr().out


def test_calendar_files_that_would_be_skipped_are_named_not_ignored(tmp_path):
    """A set saved as send.yml, a blackout-dates.yml, or an awareness "folder" that is a file
    would each be skipped without a word: each is a problem naming the file."""
    calendar = tmp_path / "calendar"
    (calendar / "awareness").mkdir(parents=True)
    (calendar / "awareness" / "extra.yml").write_text("name: Extra\ndays: []\n", "utf-8")
    (calendar / "blackout-dates.yml").write_text("[]\n", "utf-8")
    with pytest.raises(SpecialDaysError) as caught:
        load_special_days(calendar, tmp_path)
    said = str(caught.value)
    assert "awareness/extra.yml:1: is not read: the handbook reads files ending .yaml" in said
    assert "blackout-dates.yml:1: is not read" in said and "rename it blackout-dates.yaml" in said
    shutil.rmtree(calendar / "awareness")
    (calendar / "awareness").write_text("name: x\n", "utf-8")
    with pytest.raises(SpecialDaysError) as caught:
        load_special_days(calendar, tmp_path)
    assert "awareness:1: must be a folder of awareness sets" in str(caught.value)


def test_one_report_names_the_policies_and_the_calendars_problems_together(tmp_path):
    from conftest import run_cli

    (tmp_path / "calendar" / "awareness").mkdir(parents=True)
    (tmp_path / "calendar" / "awareness" / "send.yml").write_text("name: SEND\n", "utf-8")
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "x.yaml").write_text("organisation:\n  name: X\n", "utf-8")
    done = run_cli(
        "check", "--policies", str(tmp_path / "policies"), "--calendar", str(tmp_path / "calendar")
    )
    assert done.returncode == 1
    assert done.stderr.startswith("4 problems:"), done.stderr
    assert "x.yaml:1:1 sections: is required but missing" in done.stderr
    assert "awareness/send.yml:1: is not read" in done.stderr
