"""The two seed policies as the documents organisations really hold: Word, OpenDocument, PDF,
web page, Markdown and plain text, made from /work/shared/seeds in the tests.

The seeds' text is split into blocks here by lists written out by hand (which lines are
headings, which the letterhead and footer), not by the importer's own rules, so an import
test checks the importer against the document rather than against itself. BwDPiP's
letterhead and footer are real page furniture in each format: a .docx or .odt header and
footer, a PDF's header and footer on every page, and repeated on every page in the text formats (as
the PDF's text has them)."""

from __future__ import annotations

import html
import re
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"
FONTS = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True)
class Seed:
    slug: str
    file: str
    headings: tuple[str, ...]
    letterhead: tuple[str, ...] = ()
    footer: tuple[str, ...] = ()
    facts: dict = field(default_factory=dict)

    @property
    def text(self) -> str:
        return (SEEDS / self.file).read_text(encoding="utf-8")


SENDIASS = Seed(
    "sendiass",
    "000_bca711c34124c954.txt",
    (
        "Purpose:",
        "Profile picture:",
        "Profile text:",
        "Disclaimer:",
        "Impartiality:",
        "Safeguarding",
        "Posting Guidelines",
        "Content",
        "Personal information posted on twitter and requests for support via social media",
        "Response to negative comments",
        "Following other accounts on Twitter",
    ),
)
BWDPIP = Seed(
    "bwdpip",
    "004_1ea6df9381c893f8.txt",
    ("Policy:", "Minimum Posting Guidelines", "Unacceptable Behaviour", "Facebook", "Agreement"),
    letterhead=(
        "Blackburn with Darwen Parents In Partnership",
        "Empowering Parent Carers through Information Sharing",
    ),
    footer=(
        "Contact: 07923 252483",
        "Email: bwdpip1@gmail.com",
        "Follow us on Facebook and Twitter",
    ),
)
SEEDS_BY_SLUG = {seed.slug: seed for seed in (SENDIASS, BWDPIP)}
TITLE = "Social Media Policy"


def blocks(seed: Seed) -> list[tuple]:
    """("title"|"heading"|"para"|"quote", text), ("list", [(depth, text)]), ("table", rows),
    ("page",) where a new page starts (after the footer)."""
    found: list[tuple] = []
    paragraph: list[str] = []
    furniture = set(seed.letterhead) | set(seed.footer)

    def flush() -> None:
        if paragraph:
            text = " ".join(paragraph)
            if text.startswith("*") and text.endswith("*"):
                found.append(("quote", text.strip("*")))
            elif text[:1].islower() and found and found[-1][0] == "list":
                depth, last = found[-1][1][-1]
                found[-1][1][-1] = (depth, f"{last} {text}")  # an item over a page break
            else:
                found.append(("para", text))
            paragraph.clear()

    for line in seed.text.splitlines():
        text = line.strip()
        if not text or text in furniture:
            flush()
            if text == seed.footer[-1:][0] if seed.footer else False:
                found.append(("page",))
            continue
        if text == TITLE:
            flush()
            found.append(("title", text))
        elif text in seed.headings:
            flush()
            found.append(("heading", text.removesuffix(":")))
        elif re.match(r"^ ?- ", line):
            flush()
            item = (1 if line.startswith(" ") else 0, line.strip()[2:])
            if found and found[-1][0] == "list":
                found[-1][1].append(item)
            else:
                found.append(("list", [item]))
        elif "\t" in line:
            flush()
            if found and found[-1][0] == "table":
                found[-1][1].append(line.split("\t"))
            else:
                found.append(("table", [line.split("\t")]))
        else:
            paragraph.append(text)
    flush()
    while found and found[-1] == ("page",):
        found.pop()
    return found


def markdown(seed: Seed, *, furniture_in_text: bool = True) -> str:
    """Pandoc Markdown; BwDPiP's letterhead and footer on every page unless they go in a
    header and footer of their own."""
    out: list[str] = []
    if furniture_in_text:
        out += list(seed.letterhead)
    for block in blocks(seed):
        kind = block[0]
        if kind == "title":
            out.append(f"# {block[1]}")
        elif kind == "heading":
            out.append(f"## {block[1]}")
        elif kind == "para":
            out.append(_escape(block[1]))
        elif kind == "quote":
            out.append(f"> *{_escape(block[1])}*")
        elif kind == "list":
            out.append("\n".join(f"{'    ' * depth}- {_escape(text)}" for depth, text in block[1]))
        elif kind == "table":
            rows = block[1]
            out.append("| " + " | ".join(rows[0]) + " |")
            out[-1] += "\n|" + "---|" * len(rows[0])
            out[-1] += "".join("\n| " + " | ".join(row) + " |" for row in rows[1:])
        elif kind == "page" and furniture_in_text:
            out += [*seed.footer, *seed.letterhead]
    if furniture_in_text:
        out += list(seed.footer)
    return "\n\n".join(out) + "\n"


def _escape(text: str) -> str:
    return re.sub(r"([*_\\`<>\[\]#])", r"\\\1", text)


def pandoc(source: Path, target: Path, *extra: str) -> Path:
    import pypandoc

    subprocess.run(
        [
            pypandoc.get_pandoc_path(),
            "--from",
            "markdown",
            "--to",
            target.suffix[1:],
            *extra,
            "-o",
            str(target),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return target


def make(seed: Seed, suffix: str, folder: Path) -> Path:
    """The seed as a document of the kind `suffix` names, in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{seed.slug}-policy{suffix}"
    if suffix == ".txt":
        target.write_text(seed.text, encoding="utf-8")
    elif suffix == ".md":
        target.write_text(markdown(seed), encoding="utf-8")
    elif suffix == ".odt":
        _odt(seed, folder, target)
    elif suffix == ".html":
        source = folder / f"{seed.slug}-source.md"
        source.write_text(markdown(seed), encoding="utf-8")
        pandoc(source, target, "--standalone", "--metadata", f"pagetitle={TITLE}")
    elif suffix == ".docx":
        _docx(seed, folder, target)
    elif suffix == ".pdf":
        _pdf(seed, target)
    else:
        raise ValueError(suffix)
    return target


def _odt(seed: Seed, folder: Path, target: Path) -> None:
    """An OpenDocument file whose master page carries the letterhead and footer (with a page
    number), as a word processor saves them: in styles.xml, not in the text."""
    source = folder / f"{seed.slug}-source.md"
    source.write_text(markdown(seed, furniture_in_text=False), encoding="utf-8")
    pandoc(source, target, "--metadata", f"pagetitle={TITLE}")
    if not (seed.letterhead or seed.footer):
        return
    with zipfile.ZipFile(target) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}

    def paragraphs(lines: tuple[str, ...]) -> str:
        return "".join(f"<text:p>{html.escape(line)}</text:p>" for line in lines)

    page_number = (
        '<text:p><text:page-number text:select-page="current">1</text:page-number></text:p>'
    )
    parts["styles.xml"] = re.sub(
        rb"(<style:master-page [^>]*>).*?(</style:master-page>)",
        lambda m: (
            m.group(1)
            + f"<style:header>{paragraphs(seed.letterhead)}</style:header>"
            f"<style:footer>{paragraphs(seed.footer)}{page_number}</style:footer>".encode()
            + m.group(2)
        ),
        parts["styles.xml"],
        count=1,
        flags=re.S,
    )
    with zipfile.ZipFile(target, "w") as archive:
        archive.writestr("mimetype", parts.pop("mimetype"), compress_type=zipfile.ZIP_STORED)
        for name, data in parts.items():
            archive.writestr(name, data, compress_type=zipfile.ZIP_DEFLATED)


def _docx(seed: Seed, folder: Path, target: Path) -> None:
    import docx

    source = folder / f"{seed.slug}-source.md"
    source.write_text(markdown(seed, furniture_in_text=False), encoding="utf-8")
    pandoc(source, target)
    if seed.letterhead or seed.footer:
        document = docx.Document(str(target))
        section = document.sections[0]
        section.header.paragraphs[0].text = seed.letterhead[0]
        for line in seed.letterhead[1:]:
            section.header.add_paragraph(line)
        section.footer.paragraphs[0].text = seed.footer[0]
        for line in seed.footer[1:]:
            section.footer.add_paragraph(line)
        document.save(str(target))


def _pdf(seed: Seed, target: Path) -> None:
    from fpdf import FPDF

    class Pdf(FPDF):
        def header(self) -> None:
            for line in seed.letterhead:
                self.set_font("DejaVu", "B", 12)
                self.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT", align="C")
            if seed.letterhead:
                self.ln(4)

        def footer(self) -> None:
            self.set_y(-12 - 5 * len(seed.footer))
            self.set_font("DejaVu", "", 9)
            for line in seed.footer:
                self.cell(0, 5, line, new_x="LMARGIN", new_y="NEXT", align="C")
            self.cell(0, 5, f"Page {self.page_no()}", align="C")

    pdf = Pdf(format="A4")
    pdf.add_font("DejaVu", "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(FONTS / "DejaVuSans-Oblique.ttf"))
    pdf.set_auto_page_break(True, margin=35)
    pdf.add_page()
    for block in blocks(seed):
        kind = block[0]
        pdf.set_x(pdf.l_margin)
        if kind == "title":
            pdf.set_font("DejaVu", "B", 18)
            pdf.multi_cell(0, 9, block[1], new_x="LMARGIN", new_y="NEXT")
        elif kind == "heading":
            pdf.set_font("DejaVu", "B", 14)
            pdf.multi_cell(0, 7, block[1], new_x="LMARGIN", new_y="NEXT")
        elif kind in ("para", "quote"):
            pdf.set_font("DejaVu", "I" if kind == "quote" else "", 10)
            pdf.multi_cell(0, 5, block[1], new_x="LMARGIN", new_y="NEXT")
        elif kind == "list":
            pdf.set_font("DejaVu", "", 10)
            for depth, text in block[1]:
                left = pdf.l_margin + 5 + 8 * depth
                pdf.set_x(left)
                pdf.cell(5, 5, "•")
                pdf.multi_cell(0, 5, text, new_x="LMARGIN", new_y="NEXT")
        elif kind == "table":
            pdf.set_font("DejaVu", "", 10)
            with pdf.table() as table:
                for row in block[1]:
                    cells = table.row()
                    for cell in row:
                        cells.cell(cell)
        elif kind == "page":
            pdf.add_page()
            continue
        pdf.ln(4)
    pdf.output(str(target))
