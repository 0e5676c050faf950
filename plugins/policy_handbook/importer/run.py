"""`import`: read a document, recognise its structure and facts, write the draft, report.

The draft is loaded by the same loader as every policy file before it is written, and written
by creating a new file (never replacing one), so a failed import leaves nothing behind."""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .. import pages
from ..policy.fields import SLUG_PATTERN
from ..policy.loader import PolicyError, load_policies
from ..policy.untrusted import visible
from . import facts, furniture, limits, structure, wordings, writer
from .document import Document, ImportRefused, clean, words
from .draft import Draft, slug

TEXT_SUFFIXES = {".txt", ".text"}
SUFFIXES = sorted({".docx", ".odt", ".html", ".htm", ".md", ".pdf"} | TEXT_SUFFIXES)
# The posting window a draft plans in, until someone writes the organisation's own.
PLANNING_WINDOW = {
    "days": ["mon", "tue", "wed", "thu", "fri", "sat", "sun"],
    "start": "08:00",
    "end": "20:00",
}


@dataclass
class Imported:
    target: Path
    draft: Draft
    share: float  # of the document's words, how many the draft carries
    sections: int
    removed: int = 0  # control, bidirectional-override and noncharacters taken out of the text


def read(path: Path) -> Document:
    """The document at `path`, by its suffix; ImportRefused with one line if it cannot be."""
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise ImportRefused(
            f"{path}: the importer reads {', '.join(SUFFIXES)} files; save the policy as one"
        )
    if not path.is_file():
        raise ImportRefused(f"{path}: {'is a folder' if path.is_dir() else 'does not exist'}")
    limits.check_size(path, path.stat().st_size)
    if suffix in (".docx", ".odt"):
        limits.check_zip(path)
    if suffix == ".pdf":
        from .pdf_reader import read_pdf

        return read_pdf(path)
    if suffix in TEXT_SUFFIXES:
        from .text_reader import read_text

        data = limits.read_bounded(path, limits.MAX_FILE_BYTES)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = data.decode("cp1252", "replace")
        return read_text(text)
    from .pandoc_reader import read_pandoc

    document = read_pandoc(path)
    furniture.lift(document)
    if suffix in (".docx", ".odt"):
        from . import office_furniture

        read_parts = (
            office_furniture.header_and_footer_lines
            if suffix == ".docx"
            else office_furniture.odt_header_and_footer_lines
        )
        try:
            lines = read_parts(path)
        except Exception as error:  # a damaged part: the body was read, say which part failed
            raise ImportRefused(
                f"{path}: its headers and footers cannot be read ({type(error).__name__})"
            ) from error
        known = {text for text, _ in document.furniture}
        document.furniture += [(line, 0) for line in lines if line not in known]
    return document


def build(document: Document, source: Path) -> Draft:
    draft = Draft(unit=document.unit)
    facts.recognise(document, draft)
    replaced = wordings.recognise(document, draft)
    structure.sections(document, draft, replaced)
    facts_found = draft.data["policy"]
    draft.data["policy"] = {"title": facts_found.pop("title", "Social Media Policy"), **facts_found}
    if not draft.data["sections"]:
        raise ImportRefused(f"{source}: holds no headings or paragraphs the importer recognises")
    org = draft.data["organisation"]
    if "what_it_is" not in org:
        first = org.get("profile_text") or next(
            (p.text for p in document.pieces if p.kind == "paragraph" and len(p.text.split()) > 6),
            None,
        )
        org["what_it_is"] = first or f"{org['name']}."
        draft.guess(
            ("organisation", "what_it_is"),
            "guess: the document's own words; write one or two sentences on what it is",
            None,
        )
    if any("target" in channel for channel in draft.data["channels"].values()):
        draft.data["schedule"] = {"window": dict(PLANNING_WINDOW)}
        draft.guess(
            ("schedule", "window"),
            "not from the document: the handbook's planning setting (every day 08:00-20:00) "
            "until you write the hours the policy's posts go out",
            None,
        )
    return draft


def strings_in(value: object) -> list[str]:
    """Every string in a draft's (or a policy file's) data, in order: its text, however nested."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for inner in value.values() for s in strings_in(inner)]
    if isinstance(value, list):
        return [s for inner in value for s in strings_in(inner)]
    return []


def share_carried(document: Document, draft: Draft) -> float:
    """Of the document's words (furniture once), the share found in the draft's text."""
    wanted = Counter(document.words())
    if not wanted:
        return 0.0
    have = Counter(w for text in strings_in(draft.data) for w in words(text))
    return sum((wanted & have).values()) / sum(wanted.values())


def import_document(source: Path, policies: Path, slug_wanted: str | None) -> Imported:
    if slug_wanted is not None and not re.fullmatch(SLUG_PATTERN, slug_wanted):
        raise ImportRefused(
            f'"{slug_wanted}" cannot be an organisation\'s id: use lower-case letters, digits '
            "and hyphens, like riverside-carers"
        )
    if slug_wanted is not None and slug_wanted in pages.site_addresses():
        raise ImportRefused(
            f'"{slug_wanted}" is an address the site itself uses, so it cannot be an '
            f"organisation's id; choose another --slug, like {slug_wanted}-org"
        )
    document = read(source)
    if not document.words():
        raise ImportRefused(f"{source}: holds no text the importer recognises")
    draft = build(document, source)
    short_name = draft.data["organisation"]["short_name"]
    found = short_name != facts.NO_NAME and slug(short_name)
    name = slug_wanted or found or slug(source.stem) or "imported-policy"
    if name in pages.site_addresses():  # a guessed name the site uses: made the draft's own
        name = f"{name}-org"
    target = policies / f"{name}.yaml"
    if target.is_symlink() or target.exists():
        raise ImportRefused(
            f"{target}: already exists; the importer never overwrites a policy "
            "(choose another --slug, or move that file away)"
        )
    unit = "line" if document.unit == "line" else "block (heading, paragraph, list or table)"
    header = [
        "yaml-language-server: $schema=schema.json",
        # A file's name may hold a line break: on one line, it cannot start a YAML key.
        f"A draft made by `python -m policy_handbook import` from {clean(source.name)[0]}.",
        "Lines marked `guess:` are the importer's reading of the document: check each",
        f'against the document. "{document.unit} N" is the document\'s Nth {unit}.',
        "Then run `python -m policy_handbook check` and `make serve`.",
    ]
    text = writer.write(draft, header)
    refused = _problems(text, name)
    if refused is not None and _unfit_channels(draft, refused):
        text = writer.write(draft, header)
        refused = _problems(text, name)
    if refused is not None:
        raise ImportRefused(
            f"{source}: its draft does not pass the policy checks, so nothing was written; "
            "please report this with the document: "
            + " | ".join(str(problem) for problem in refused.problems[:3])
        )
    policies.mkdir(parents=True, exist_ok=True)
    try:  # "x": a new file only, never through a link or over a file made since the check
        with open(target, "x", encoding="utf-8") as stream:
            stream.write(text)
    except FileExistsError as error:
        raise ImportRefused(f"{target}: appeared meanwhile; nothing was written") from error
    sections = _count(draft.data["sections"])
    share = share_carried(document, draft)
    return Imported(target, draft, share, sections, document.removed_characters)


def _count(sections: list[dict]) -> int:
    return sum(1 + _count(s.get("sections", [])) for s in sections)


def _problems(text: str, name: str) -> PolicyError | None:
    """The draft through the loader, from a folder of its own: what `check` will read."""
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / f"{name}.yaml").write_text(text, encoding="utf-8")
        try:
            load_policies(Path(folder), root=Path(folder))
        except PolicyError as error:
            return error
    return None


def _unfit_channels(draft: Draft, refused: PolicyError) -> bool:
    """A reply whose channels the loader refused (its words are over a platform's limit as
    written) is left for any channel, and its comment says why; True if one was."""
    changed = False
    for index, reply in enumerate(draft.data.get("replies", [])):
        here = [p for p in refused.problems if p.field.startswith(f"replies[{index}]")]
        if here and "channels" in reply:
            named = ", ".join(reply.pop("channels"))
            draft.guesses.pop(("replies", index, "channels"), None)
            draft.guesses[("replies", index, "text")] = (
                f"note: names {named}, so it was drafted with channels: [{named}], but "
                f"{here[0].message}; left for any channel until it fits"
            )
            changed = True
    return changed


def report(result: Imported, source: Path) -> str:
    draft = result.draft
    lines = [
        f"wrote {visible(str(result.target))} from {visible(source.name)}: "
        f"{result.sections} sections, "
        f"{result.share:.1%} of the document's words carried",
        f"{len(draft.guesses)} guesses to check (each is a `# guess:` comment in the file):",
    ]
    for path, why in draft.guesses.items():
        lines.append(f"  {'.'.join(str(p) for p in path)}: {why}")
    if draft.unplaced:
        count = len(draft.unplaced)
        lines.append(
            f"{count} thing{'s' * (count != 1)} not placed (each is still in the draft where it "
            "stood, as a `note:` block or in its section's text):"
        )
        lines += [f"  {draft.where(line)}: {text[:70]}" for text, line in draft.unplaced]
    else:
        lines.append("nothing left unplaced")
    if result.removed:
        lines.append(
            f"{result.removed} control or invisible character{'s' * (result.removed != 1)} "
            "removed (a policy file may not hold them)"
        )
    lines.append("next: read the draft's comments, then `python -m policy_handbook check`")
    return "\n".join(lines)
