"""Writing many organisations' feeds in parallel gives the same files as writing them in turn."""

from __future__ import annotations

import datetime as dt

from calendar_support import BUILD_DATE, repository_calendar, seed_policies
from policy_handbook import planning
from policy_handbook.site import calendar_pages


def seed_plans() -> list[planning.Plan]:
    first, last = planning.horizon(BUILD_DATE)
    themes = repository_calendar().themes
    return [planning.plan(p, first, last, themes=themes) for p in seed_policies().values()]


def files(plans, **options):
    return calendar_pages.calendar_files(
        plans,
        today=BUILD_DATE,
        stamp=dt.datetime(2026, 11, 21, 12, tzinfo=dt.UTC),
        site_url="https://handbook.example.org/",
        **options,
    )


def test_feeds_written_in_parallel_are_the_same_files_in_the_same_order():
    plans = seed_plans()
    in_turn = files(plans, workers=1)
    parallel = files(plans, workers=2, parallel_from=0)
    assert [f.src_uri for f in parallel] == [f.src_uri for f in in_turn]
    assert parallel == in_turn
    assert sum(f.src_uri.endswith(".ics") for f in parallel) == 8  # 3 + 1 digest each


def test_the_pages_are_made_while_the_workers_write_the_feeds():
    """`meanwhile` (the handbook's pages) runs once in this process, while the forked workers
    are writing: they are already running when it is called."""
    import multiprocessing
    import os

    plans = seed_plans()
    calls = []

    def meanwhile():
        calls.append((os.getpid(), len(multiprocessing.active_children())))

    parallel = files(plans, workers=2, parallel_from=0, meanwhile=meanwhile)
    assert calls == [(os.getpid(), calls[0][1])] and calls[0][1] >= 1
    in_turn = files(plans, workers=1, meanwhile=meanwhile)
    assert len(calls) == 2 and parallel == in_turn
