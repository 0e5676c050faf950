"""A Word document's headers and footers, which pandoc does not read: the letterhead and the
footer contacts many policies carry only there."""

from __future__ import annotations

from pathlib import Path

from .document import clean


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
                    if text and text not in seen:
                        seen.append(text)
    return seen
