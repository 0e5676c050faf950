"""Command line for policy authors.

`python -m policy_handbook check` runs every check `mkdocs build` runs, without building;
`import FILE` drafts a policy file from the policy document (importer/);
`plan <slug> --weeks 2` previews a posting plan; `schema` rewrites policies/schema.json;
`new <slug>` starts a policy file and `init DIR` a whole new handbook site.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

from . import dates, planning
from .planning.special_days import SpecialDaysError, load_special_days


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m policy_handbook")
    commands = parser.add_subparsers(dest="command", required=True)
    plan = commands.add_parser("plan", help="print an organisation's posting plan as a table")
    plan.add_argument("slug", help="the organisation, e.g. bwdpip (its YAML file's name)")
    plan.add_argument("--weeks", type=int, default=2, help="how many ISO weeks (default 2)")
    plan.add_argument(
        "--from",
        dest="start",
        type=dt.date.fromisoformat,
        help="a day in the first week, YYYY-MM-DD (default: the build date, or today)",
    )
    plan.add_argument("--policies", type=Path, default=Path("policies"), help="policies folder")
    plan.add_argument("--calendar", type=Path, default=Path("calendar"), help="calendar folder")
    check = commands.add_parser(
        "check", help="check every policy and its posting plan, without building the site"
    )
    check.add_argument(
        "--config", type=Path, default=Path("mkdocs.yml"), help="the site's mkdocs.yml"
    )
    check.add_argument("--policies", type=Path, help="policies folder (default: from mkdocs.yml)")
    check.add_argument("--calendar", type=Path, help="calendar folder (default: from mkdocs.yml)")
    new = commands.add_parser(
        "new", help="write a commented starter policy file for a new organisation"
    )
    new.add_argument("slug", help="the file's name and web address, e.g. riverside-carers")
    new.add_argument("--name", help='the full name, e.g. "Riverside Carers Trust"')
    new.add_argument("--short-name", help='what staff call it, e.g. "Riverside Carers"')
    new.add_argument("--policies", type=Path, default=Path("policies"), help="policies folder")
    init = commands.add_parser(
        "init", help="start a new handbook site in an empty folder (as `mkdocs new` does)"
    )
    init.add_argument("directory", type=Path, help="a new or empty folder")
    init.add_argument("--name", help='the organisation\'s name, e.g. "Riverside Carers Trust"')
    imports = commands.add_parser(
        "import", help="draft a policy file from the policy document (.docx, .odt, .pdf, …)"
    )
    imports.add_argument("file", type=Path, help="the policy document")
    imports.add_argument("--slug", help="the file's name and web address (default: its short name)")
    imports.add_argument("--policies", type=Path, default=Path("policies"), help="policies folder")
    schema_command = commands.add_parser("schema", help="rewrite the policies' JSON Schema")
    schema_command.add_argument("out", nargs="?", default="policies/schema.json")
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args)
    if args.command == "new":
        return _new(args)
    if args.command == "init":
        return _init(args)
    if args.command == "import":
        return _import(args)
    if args.command == "schema":
        from .policy.schema import main as write_schema

        return write_schema([args.out])
    if args.weeks < 1:
        parser.error("--weeks must be 1 or more")
    return _plan(args)


def _check(args: argparse.Namespace) -> int:
    """Exactly what `mkdocs build` checks before it writes anything, without building."""
    from .cache import CACHE_DIR, Cache
    from .handbook import Handbook, HandbookError, Options

    config = args.config
    if config.exists():
        options = Options.from_mkdocs_yml(config)
    else:
        options = Options(policies_dir=Path("policies"), calendar_dir=Path("calendar"))
    overrides = {"policies_dir": args.policies, "calendar_dir": args.calendar}
    options = replace(options, **{k: v for k, v in overrides.items() if v is not None})
    try:
        handbook = Handbook.load(options, Cache(config.parent / CACHE_DIR))
    except HandbookError as error:
        print(str(error), file=sys.stderr)
        return 1
    names = ", ".join(loaded.display_path for loaded in handbook.site.policies)
    count = len(handbook.site.policies)
    print(f"{count} polic{'y is' if count == 1 else 'ies are'} fine: {names}")
    untagged = [line for loaded in handbook.site.policies for line in untagged_mentions(loaded)]
    if untagged:
        print(
            f"\n{len(untagged)} untagged "
            f"{'parts mention' if len(untagged) != 1 else 'part mentions'} a situation "
            '(not errors: "What to do when…" shows them as mentioned, not marked):'
        )
        print("\n".join(untagged))
    return 0


def untagged_mentions(loaded) -> list[str]:
    """One line per untagged part that mentions situations, with its file and line."""
    from .policy.mentions import mentions
    from .policy.untrusted import visible as printable

    by_part: dict[tuple, list] = {}
    for mention in mentions(loaded.policy):
        by_part.setdefault(mention.path, []).append(mention)
    lines = []
    for path, found in sorted(by_part.items(), key=lambda item: loaded.marks.at(item[0])):
        first = found[0]
        words = ", ".join(f'"{m.word}" ({m.situation})' for m in found)
        ids = ", ".join(m.situation for m in found)
        title = first.title if len(first.title) <= 60 else first.title[:57] + "…"
        lines.append(
            printable(
                f'{loaded.where(path)}: {first.kind} "{title}" mentions {words}: tag it with '
                f"`situations: [{ids}]`, or `situations: []` to say it does not apply"
            )
        )
    return lines


def _new(args: argparse.Namespace) -> int:
    """Write `<policies>/<slug>.yaml` from the commented starter, and check it loads."""
    from .new_site import Refused, new_policy

    try:
        target = new_policy(args.policies, args.slug, args.name, args.short_name)
    except Refused as refused:
        print(str(refused), file=sys.stderr)
        return refused.code
    print(f"wrote {target}: fill it in, then run `python -m policy_handbook check`")
    return 0


def _import(args: argparse.Namespace) -> int:
    """Draft `<policies>/<slug>.yaml` from a document; the report says what was guessed."""
    from .importer.document import ImportRefused
    from .importer.run import import_document, report
    from .policy.untrusted import visible

    try:
        result = import_document(args.file, args.policies, args.slug)
    except ImportRefused as error:
        print(visible(str(error)), file=sys.stderr)
        return 1
    # Document text reaches the terminal: control characters are shown, never sent.
    print("\n".join(visible(line) for line in report(result, args.file).splitlines()))
    return 0


def _init(args: argparse.Namespace) -> int:
    """Write a new handbook site into an empty folder, as `mkdocs new` does."""
    from .new_site import Refused, new_site

    try:
        written = new_site(args.directory, args.name)
    except Refused as refused:
        print(str(refused), file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    print(
        f"Next: fill in {written[0]}, then in {args.directory} run `mkdocs serve` to read the "
        "handbook, and see requirements.txt before publishing."
    )
    return 0


def _plan(args: argparse.Namespace) -> int:
    from .policy.loader import PolicyError, load_policies

    try:
        site = load_policies(args.policies)
        loaded = site.by_slug(args.slug)
        extra = load_special_days(args.calendar)
        wrong = extra.choice_problems(loaded)  # the sets' files named, as the build names them
        if wrong:
            raise SpecialDaysError(wrong)
        first = planning.monday_of(args.start or dates.build_date())
        last = first + dt.timedelta(weeks=args.weeks, days=-1)
        result = planning.plan_loaded(
            loaded,
            first,
            last,
            themes=extra.themes_for(loaded.policy),
            blackouts=extra.blackout_periods,
        )
    except (PolicyError, SpecialDaysError, planning.ScheduleError) as error:
        print(str(error), file=sys.stderr)
        return 1
    except KeyError as error:
        print(error.args[0], file=sys.stderr)
        return 2
    print(format_plan(result))
    return 0


def _table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    return [
        "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        for row in [header, [("-" * w) for w in widths], *rows]
    ]


def format_plan(plan: planning.Plan) -> str:
    """The plan as plain-text tables: every slot, then the weekly totals against targets."""
    org = plan.policy.organisation
    lines = [
        f"{org.short_name} posting plan, {plan.first_day:%a %d %b %Y} to "
        f"{plan.last_day:%a %d %b %Y} ({plan.policy.schedule.plan_for} targets, "
        f"times {plan.timezone})",
        "",
    ]
    rows = [
        (
            f"{slot.start:%a %d %b %Y}",
            f"{slot.start:%H:%M}",
            slot.channel_id,
            slot.content_type.name if slot.content_type else "",
            slot.theme.name if slot.theme else "",
        )
        for slot in plan.slots
    ]
    lines += _table(("Date", "Time", "Channel", "Content", "Awareness"), rows)
    if plan.skipped:
        lines += ["", "No posts on:"]
        lines += [f"  {day:%a %d %b %Y}  {why}" for day, why in plan.skipped.items()]
    lines += [""]
    header = ["Week", *(f"{c.id} (min/opt)" for c in plan.channels)]
    weekly = []
    for monday in plan.mondays:
        iso = monday.isocalendar()
        cells = [f"{iso.year}-W{iso.week:02d}"]
        for channel in plan.channels:
            optimum = channel.optimum_per_week if channel.optimum_per_week is not None else "-"
            cells.append(f"{plan.count(channel.id, monday)} ({channel.minimum_per_week}/{optimum})")
        weekly.append(cells)
    lines += _table(header, weekly)
    return "\n".join(lines)
