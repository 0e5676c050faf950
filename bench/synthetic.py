"""Generate N synthetic but valid organisations' policies, deterministically from a seed.

Organisation `i` depends only on (seed, i), so the 50-organisation set is the first 50 of the
200-organisation set and a figure for N can be compared with one for 2N.

Each policy varies its shape: nested sections of every block kind (paragraphs with Markdown,
nested lists, quotes, tables, definitions, notes, reply blocks), replies with placeholders that
fit their channels' character limits (some long enough to be threaded on X), follow lists with
concrete accounts, channels whose targets fit their posting windows (bank holidays included),
and content types. `python bench/synthetic.py DEST --orgs N` writes a project to DEST.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("docs", "calendar")

PLACES = (
    "Ashford Barrowdale Calder Dunmore Eastwick Fairhaven Glenmoor Hartley Ivybridge Kingsmead "
    "Larkhill Marston Northgate Oakham Penrith Queensbury Redcliffe Stanmore Thornbury Upton "
    "Westerleigh Yarrow Zennor Alderley Bramley Cresswell Dalton Elmstead"
).split()
KINDS_OF_ORG = (
    ("SENDIASS", "SEND Information, Advice and Support Service"),
    ("PCF", "Parent Carer Forum"),
    ("Young Carers", "Young Carers Project"),
    ("Family Hub", "Family Hub"),
    ("Autism Support", "Autism Support Group"),
)
WORDS = (
    "parents carers children young people school support information advice service staff "
    "volunteers policy social media post comment message account page group share respond "
    "privacy consent safeguarding concern report complaint meeting event local authority "
    "education health care plan review appeal tribunal signpost resources website newsletter "
    "families community forum guidance respectful impartial confidential personal professional "
    "timely accurate appropriate moderate remove escalate record decision manager trustee"
).split()
QUOTE_SOURCES = (
    "Minimum Standards, article 3.1",
    "SEND Code of Practice, paragraph 2.8",
    "Data Protection Act 2018",
    None,
)
SECTION_KINDS = (
    "introduction purpose scope profile impartiality safeguarding posting content conduct "
    "personal-information negative-comments unacceptable-behaviour escalation channel following "
    "roles agreement other"
).split()
# (id, name, kind, character limit for a post there; None: no limit)
CHANNELS = (
    ("facebook", "Facebook page", "facebook-page", 63206),
    ("facebook-group", "Closed Facebook group", "facebook-group", 63206),
    ("twitter", "Twitter account", "twitter", 280),
    ("instagram", "Instagram", "instagram", 2200),
    ("linkedin", "LinkedIn page", "linkedin", 3000),
    ("youtube", "YouTube channel", "youtube", 5000),
    ("website", "Website news", "website", None),
    ("email", "Information email", "email", None),
)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
# Theme ids in calendar/awareness/send.yaml, the default set the generated policies get.
THEMES = (
    "adhd-awareness-month anti-bullying-week carers-week childrens-mental-health-week "
    "learning-disability-week mental-health-awareness-week neurodiversity-celebration-week "
    "world-autism-acceptance-week young-carers-action-day"
).split()
# At most two weekday bank holidays fall in one ISO week in any UK region.
MAX_HOLIDAYS_A_WEEK = 2


def _sentence(rng: random.Random, low: int = 8, high: int = 22, markdown: bool = True) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    if markdown and rng.random() < 0.15:
        i = rng.randrange(len(words))
        words[i] = f"**{words[i]}**"
    if markdown and rng.random() < 0.08:
        i = rng.randrange(len(words))
        words[i] = f"[{words[i]}](https://example.org/{words[i].strip('*')})"
    text = " ".join(words)
    return text[0].upper() + text[1:] + "."


def _paragraph(rng: random.Random, sentences: tuple[int, int] = (1, 4)) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(*sentences)))


def _list_items(rng: random.Random, depth: int = 0) -> list:
    items: list = []
    for _ in range(rng.randint(2, 6)):
        if depth == 0 and rng.random() < 0.25:
            items.append({"text": _sentence(rng, 4, 12), "items": _list_items(rng, depth + 1)})
        else:
            items.append(_sentence(rng, 4, 14))
    return items


def _block(rng: random.Random, reply_ids: list[str]) -> object:
    roll = rng.random()
    if roll < 0.55:
        return _paragraph(rng)
    if roll < 0.70:
        return {"list": _list_items(rng)}
    if roll < 0.77:
        quote: dict = {"text": _sentence(rng, 10, 30)}
        source = rng.choice(QUOTE_SOURCES)
        if source:
            quote["source"] = source
        return {"quote": quote}
    if roll < 0.84:
        columns = rng.randint(2, 4)
        table: dict = {
            "header": [_sentence(rng, 1, 2, markdown=False)[:-1] for _ in range(columns)],
            "rows": [
                [_sentence(rng, 1, 5, markdown=False)[:-1] for _ in range(columns)]
                for _ in range(rng.randint(2, 6))
            ],
        }
        if rng.random() < 0.5:
            table = {"caption": _sentence(rng, 3, 6, markdown=False), **table}
        return {"table": table}
    if roll < 0.91:
        return {
            "definitions": [
                {"term": rng.choice(WORDS).title(), "definition": _sentence(rng, 6, 16)}
                for _ in range(rng.randint(1, 4))
            ]
        }
    if roll < 0.96 or not reply_ids:
        return {"note": _sentence(rng, 6, 14)}
    return {"reply": rng.choice(reply_ids)}


def _sections(rng: random.Random, reply_ids: list[str], used: set[str], depth: int = 0) -> list:
    sections = []
    count = rng.randint(4, 8) if depth == 0 else rng.randint(1, 3)
    for _ in range(count):
        title = _sentence(rng, 2, 5, markdown=False)[:-1]
        base = "-".join(title.lower().split()[:3])
        slug, n = base, 2
        while slug in used:
            slug, n = f"{base}-{n}", n + 1
        used.add(slug)
        section: dict = {
            "id": slug,
            "title": title,
            "kind": rng.choice(SECTION_KINDS),
            "blocks": [_block(rng, reply_ids) for _ in range(rng.randint(1, 4))],
        }
        if depth < 2 and rng.random() < 0.25:
            section["sections"] = _sections(rng, reply_ids, used, depth + 1)
        sections.append(section)
    return sections


def _window(rng: random.Random) -> dict:
    days = list(WEEKDAYS[: rng.choice((5, 5, 6, 7))])
    start = rng.choice((7, 8, 9, 10))
    end = start + rng.choice((6, 8, 10, 12))
    return {"days": days, "start": f"{start:02d}:00", "end": f"{end:02d}:{rng.choice((0, 30)):02d}"}


def _capacity_a_day(window: dict, gap: int) -> int:
    """Posts a day the window holds at the gap (as planning._capacity for one run)."""
    start = int(window["start"][:2]) * 60 + int(window["start"][3:])
    end = int(window["end"][:2]) * 60 + int(window["end"][3:])
    return (end - start) // max(gap, 1) + 1


def _target(rng: random.Random, window: dict, gap: int) -> dict:
    """A target every week can hold, even one with two bank holidays in it."""
    days = len(window["days"])
    open_days = days - MAX_HOLIDAYS_A_WEEK
    weekly_cap = open_days * _capacity_a_day(window, gap)
    # Densities like the seeds': from 2-3 a week (SENDIASS) up to 3 and 7 a day (BwDPiP).
    if rng.random() < 0.2:
        # Per day: the weekly total (posts × days) is kept when a day is skipped.
        most = max(1, min(7, weekly_cap // days))
        low = rng.randint(1, min(2, most))
        minimum = {"posts": low, "per": "day"}
        optimum = {"posts": rng.randint(low, min(most, low + 2)), "per": "day"}
    else:
        most = max(1, min(weekly_cap, 21))
        low = rng.randint(1, min(7, most))
        minimum = {"posts": low, "per": "week"}
        optimum = {"posts": rng.randint(low, min(most, low + 7)), "per": "week"}
    target = {"minimum": minimum, "optimum": optimum}
    target["as_written"] = (
        f"Recommended minimum {minimum['posts']} x per {minimum['per']}; "
        f"optimal {optimum['posts']} x per {optimum['per']}"
    )
    return target


def _reply_text(rng: random.Random, limit: int | None, thread: bool, contacts: dict) -> str:
    placeholders = [f"{{{key}}}" for key in ("phone", "email", "web") if contacts.get(key)]
    placeholders += ["{short_name}"]
    if thread:
        # Short sentences, so a split at sentence ends always fits (limit is X's 280).
        sentences = [_sentence(rng, 6, 12, markdown=False) for _ in range(rng.randint(6, 10))]
    elif limit is not None and limit <= 280:
        sentences = [_sentence(rng, 5, 9, markdown=False) for _ in range(2)]
    else:
        sentences = [_sentence(rng, 6, 16, markdown=False) for _ in range(rng.randint(2, 5))]
    sentences.append(f"Contact {rng.choice(placeholders)} for help.")
    return " ".join(sentences)


def organisation(seed: int, index: int) -> tuple[str, dict]:
    """The file name and YAML data of synthetic organisation `index`."""
    rng = random.Random(f"{seed}:{index}")
    place = PLACES[index % len(PLACES)]
    short_kind, long_kind = KINDS_OF_ORG[(index // len(PLACES) + index) % len(KINDS_OF_ORG)]
    slug = f"{place}-{short_kind}-{index:03d}".lower().replace(" ", "-")
    domain = f"{slug}.example"
    contacts: dict = {"phone": f"01632 {960000 + index:06d}"[:12], "email": f"info@{domain}"}
    if rng.random() < 0.7:
        contacts["web"] = f"https://{domain}/"
    if rng.random() < 0.5:
        contacts["notes"] = [_sentence(rng, 6, 12) for _ in range(rng.randint(1, 2))]

    schedule: dict = {
        "plan_for": rng.choice(("minimum", "optimum")),
        "window": _window(rng),
        "minimum_gap_minutes": rng.choice((30, 45, 60, 90, 120)),
        "skip_bank_holidays": rng.random() < 0.8,
        "bank_holidays": rng.choice(("england-and-wales", "scotland", "northern-ireland")),
    }
    if rng.random() < 0.5:
        schedule["awareness_themes"] = sorted(rng.sample(THEMES, rng.randint(1, 4)))
    gap = schedule["minimum_gap_minutes"]

    picked = sorted(rng.sample(range(len(CHANNELS)), rng.randint(2, 5)))
    channels: dict = {}
    for i in picked:
        channel_id, name, kind, _ = CHANNELS[i]
        channel: dict = {"name": name, "kind": kind}
        if kind == "facebook-group" or kind == "email":
            channel["audience"] = "members" if kind == "facebook-group" else "public"
        if rng.random() < 0.6:
            channel["description"] = [_paragraph(rng, (1, 2)) for _ in range(rng.randint(1, 2))]
        if kind not in ("website", "email") and rng.random() < 0.85:
            window = schedule["window"]
            if rng.random() < 0.25:
                window = channel["window"] = _window(rng)
            channel["target"] = _target(rng, window, gap)
        channels[channel_id] = channel
    if not any("target" in c for c in channels.values()):
        first = next(iter(channels))
        channels[first]["target"] = _target(rng, schedule["window"], gap)

    content_types = []
    for n in range(rng.randint(2, 5)):
        kind: dict = {
            "id": f"type-{n + 1}",
            "name": _sentence(rng, 1, 3, markdown=False)[:-1],
            "guidance": _sentence(rng, 8, 16),
        }
        if rng.random() < 0.3:
            kind["channels"] = sorted(rng.sample(sorted(channels), 1))
        content_types.append(kind)

    replies = []
    for n in range(rng.randint(2, 8)):
        chosen = sorted(rng.sample(sorted(channels), rng.randint(1, min(3, len(channels)))))
        how = rng.choice(("post", "public-reply", "direct-message", "pinned-post", "email"))
        limits = []
        for channel_id in chosen:
            kind = channels[channel_id]["kind"]
            limit = dict((c[0], c[3]) for c in CHANNELS)[channel_id]
            if how == "direct-message" and kind == "twitter":
                limit = 10000
            limits.append(limit)
        tight = min((limit for limit in limits if limit is not None), default=None)
        thread = tight == 280 and rng.random() < 0.4
        reply: dict = {
            "id": f"reply-{n + 1}",
            "title": _sentence(rng, 2, 5, markdown=False)[:-1],
            "situation": rng.choice(
                (
                    "Someone asks for advice",
                    "A complaint",
                    "A request for a meeting",
                    "A negative comment",
                    "A question out of hours",
                    "A safeguarding concern",
                )
            ),
            "when": _sentence(rng, 5, 12),
            "how": how,
            "channels": chosen,
            "text": _reply_text(rng, tight, thread, contacts),
        }
        if thread:
            reply["thread"] = True
        if rng.random() < 0.4:
            reply["first"] = _sentence(rng, 5, 12)
        if rng.random() < 0.2:
            reply["notes"] = [_sentence(rng, 5, 10)]
        replies.append(reply)
    reply_ids = [r["id"] for r in replies]

    kinds = []
    for n in range(rng.randint(2, 5)):
        accounts = []
        for a in range(rng.randint(0, 6)):
            handle = f"{rng.choice(WORDS)}{rng.choice(WORDS)}{a}"
            account: dict = {"name": _sentence(rng, 2, 4, markdown=False)[:-1]}
            if rng.random() < 0.8:
                account["platform"] = rng.choice(("twitter", "facebook", "instagram"))
                account["handle"] = f"@{handle}"
                account["url"] = f"https://social.example/{handle}"
            if rng.random() < 0.5:
                account["why"] = _sentence(rng, 5, 10)
            accounts.append(account)
        kinds.append(
            {
                "id": f"kind-{n + 1}",
                "name": _sentence(rng, 2, 4, markdown=False)[:-1],
                "accounts": accounts,
            }
        )
    follow: dict = {
        "platforms": sorted(rng.sample(sorted(channels), rng.randint(1, len(channels)))),
        "kinds": kinds,
    }
    if rng.random() < 0.5:
        follow["intro"] = _sentence(rng, 8, 16)
    if rng.random() < 0.6:
        follow["cautions"] = [_sentence(rng, 6, 14) for _ in range(rng.randint(1, 3))]

    adopted_year = rng.randint(2016, 2025)
    adopted = f"{adopted_year}-{rng.randint(1, 12):02d}"
    if rng.random() < 0.5:
        adopted += f"-{rng.randint(1, 28):02d}"
    review_year = adopted_year + rng.randint(1, 3)
    data: dict = {
        "organisation": {
            "name": f"{place} {long_kind}",
            "short_name": f"{place} {short_kind}",
            "what_it_is": _paragraph(rng, (1, 2)),
        },
        "contacts": contacts,
        "policy": {
            "title": "Social Media Policy",
            "adopted": adopted,
            "adopted_by": rng.choice(
                ("the Steering Group", "the Board of Trustees", "the Manager")
            ),
            "review_due": f"{review_year}-{rng.randint(1, 12):02d}",
        },
        "channels": channels,
        "roles": [
            {
                "name": rng.choice(WORDS).title() + " officer",
                "minimum_people": rng.randint(1, 3),
                "responsibilities": [_sentence(rng, 4, 10) for _ in range(rng.randint(1, 4))],
            }
            for _ in range(rng.randint(1, 4))
        ],
        "content_types": content_types,
        "schedule": schedule,
        "sections": _sections(rng, reply_ids, set()),
        "replies": replies,
        "follow": follow,
    }
    if rng.random() < 0.5:
        data["organisation"]["tagline"] = _sentence(rng, 3, 6, markdown=False)
    return f"{slug}.yaml", data


def policy_texts(count: int, seed: int = 0) -> dict[str, str]:
    """File name -> YAML text for `count` organisations."""
    texts = {}
    for index in range(count):
        name, data = organisation(seed, index)
        header = f"# Synthetic organisation {index} (seed {seed}) for bench/; not a real policy.\n"
        texts[name] = header + yaml.safe_dump(
            data, sort_keys=False, allow_unicode=True, width=100, default_flow_style=False
        )
    return texts


def write_project(dest: Path, count: int, seed: int = 0, config: str | None = None) -> Path:
    """A project folder like the repository's (mkdocs.yml, docs, calendar) with
    `count` synthetic policies in policies/. `config` replaces mkdocs.yml's text."""
    dest.mkdir(parents=True, exist_ok=True)
    text = config if config is not None else (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    (dest / "mkdocs.yml").write_text(text, encoding="utf-8")
    for part in PROJECT_PARTS:
        if (ROOT / part).exists():
            shutil.copytree(ROOT / part, dest / part, dirs_exist_ok=True)
    policies = dest / "policies"
    policies.mkdir(exist_ok=True)
    for name, body in policy_texts(count, seed).items():
        (policies / name).write_text(body, encoding="utf-8")
    return dest


def check(project: Path, weeks: int = 52) -> dict:
    """Load every policy in `project` and plan a year of posts from the build date: raises
    (PolicyError, ScheduleError) if the generator ever makes an invalid organisation."""
    import datetime as dt

    from policy_handbook import dates, planning
    from policy_handbook.planning.special_days import load_special_days
    from policy_handbook.policy.loader import load_policies

    site = load_policies(project / "policies")
    extra = load_special_days(project / "calendar")
    first = planning.monday_of(dates.build_date()) - dt.timedelta(weeks=2)
    last = first + dt.timedelta(weeks=weeks, days=-1)
    slots = 0
    for loaded in site.policies:
        themes = extra.themes_for(loaded.policy)
        plan = planning.plan(
            loaded.policy, first, last, themes=themes, blackouts=extra.blackout_periods
        )
        slots += len(plan.slots)
    return {"organisations": len(site.policies), "slots": slots}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path)
    parser.add_argument("--orgs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--check", action="store_true", help="load and plan a year of each")
    args = parser.parse_args(argv)
    write_project(args.dest, args.orgs, args.seed)
    print(f"wrote {args.orgs} organisations to {args.dest / 'policies'}")
    if args.check:
        print(check(args.dest))


if __name__ == "__main__":
    main()
