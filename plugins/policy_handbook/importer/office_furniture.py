"""A Word or OpenDocument file's headers and footers, which pandoc does not read: the
letterhead and the footer contacts many policies carry only there."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.etree import ElementTree

from .document import clean
from .furniture import is_page_number

_STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
_PARTS = {
    f"{_STYLE}{name}"
    for name in ("header", "footer", "header-left", "footer-left", "header-first", "footer-first")
}


def odt_header_and_footer_lines(path: Path) -> list[str]:
    """Each distinct line of the master pages' headers and footers (styles.xml), page numbers
    left out. The archive's size was checked before (limits.check_zip); ElementTree resolves
    no external entities, and expat refuses an entity expanded past its own bound."""
    with zipfile.ZipFile(path) as archive:
        if "styles.xml" not in archive.namelist():
            return []
        root = ElementTree.fromstring(archive.read("styles.xml"))
    seen: list[str] = []
    for part in root.iter():
        if part.tag not in _PARTS:
            continue
        for paragraph in part.iter():
            if paragraph.tag in (f"{_TEXT}p", f"{_TEXT}h"):
                text = clean("".join(paragraph.itertext()))[0]
                if text and not is_page_number(text) and text not in seen:
                    seen.append(text)
    return seen


def header_and_footer_lines(path: Path) -> list[str]:
    """Each distinct line of every header and footer, in the order Word shows them."""
    import docx

    document = docx.Document(str(path))
    seen: list[str] = []
    for section in document.sections:
        for part in (
            section.first_page_header,
            section.header,
            section.even_page_header,
            section.first_page_footer,
            section.footer,
            section.even_page_footer,
        ):
            if part.is_linked_to_previous and part is not section.header:
                continue
            paragraphs = list(part.paragraphs)
            for table in part.tables:
                for row in table.rows:
                    for cell in row.cells:
                        paragraphs += cell.paragraphs
            for paragraph in paragraphs:
                for line in paragraph.text.splitlines():
                    text = clean(line)[0]
                    if text and not is_page_number(text) and text not in seen:
                        seen.append(text)
    return seen
