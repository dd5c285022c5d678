"""Read the text of a PDF draft with PDFium, without running headers, footers, page numbers."""

from __future__ import annotations

import re
from collections import Counter

from sessions.errors import InputError

__all__ = ["pdf_text"]

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:/|of|de|из|من)\s*\d{1,4})?(?:\s*[-–—])?\s*$",
    re.IGNORECASE,
)
#: A UN job number with its page at a page's foot: "GE.15-21047 (E)  171215", "24-12345 1/1".
_JOB_NUMBER = re.compile(
    r"^\s*(?:GE\.)?\d{2}-\d{4,6}\s*(?:\([A-Z]\))?"
    r"(?:\s+\*?\d{6,8}\*?)?(?:\s+\d{1,4}(?:/\d{1,4})?)?\s*$"
)
_EDGE = 3


def pdf_text(raw: bytes, *, name: str) -> tuple[str, list[str]]:
    """The text of a PDF, page after page, with running headers and footers removed.

    Raises:
        InputError: Not a PDF, damaged, encrypted, or without a text layer.
    """
    import pypdfium2 as pdfium

    if not raw.startswith(b"%PDF"):
        raise InputError(f"{name} is not a PDF file.")
    try:
        document = pdfium.PdfDocument(raw)
    except pdfium.PdfiumError as exc:
        reason = "encrypted" if "password" in str(exc).casefold() else "damaged"
        raise InputError(f"{name} cannot be read: the PDF is {reason}.") from None
    pages: list[list[str]] = []
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range()
            textpage.close()
            page.close()
            pages.append(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    except pdfium.PdfiumError:
        raise InputError(f"{name} cannot be read: the PDF is damaged.") from None
    finally:
        document.close()
    if not any(line.strip() for lines in pages for line in lines):
        raise InputError(
            f"{name} has no text layer (a scanned image?); Rapporteur cannot read it without OCR."
        )
    kept, removed = _strip_running_lines(pages)
    warnings = []
    if removed:
        warnings.append(f"{removed} running header, footer and page number lines were removed.")
    return "\n".join("\n".join(lines) for lines in kept), warnings


def _key(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.split()).casefold())


def _strip_running_lines(pages: list[list[str]]) -> tuple[list[list[str]], int]:
    """Drop bare page numbers, and short lines that repeat at the same edge of most pages.

    Body lines fill the width; running headers and footers (symbol, job number, date) are short,
    and their digits change from page to page, so lines are compared with digits masked.
    """
    lengths = sorted(len(line.strip()) for lines in pages for line in lines if line.strip())
    short = lengths[len(lengths) // 2] * 0.75 if lengths else 0

    def edges(lines: list[str]) -> list[tuple[int, int]]:
        filled = [i for i, line in enumerate(lines) if line.strip()]
        top = [(i, n) for n, i in enumerate(filled[:_EDGE])]
        bottom = [(i, -1 - n) for n, i in enumerate(reversed(filled[-_EDGE:]))]
        return top + bottom

    counts: Counter[tuple[int, str]] = Counter()
    for lines in pages:
        counts.update({(slot, _key(lines[i])) for i, slot in edges(lines)})
    threshold = max(2, len(pages) // 2)
    removed = 0
    kept = []
    for lines in pages:
        drop = {
            i
            for i, slot in edges(lines)
            if _PAGE_NUMBER.match(lines[i])
            or _JOB_NUMBER.match(lines[i])
            or (
                len(pages) > 2
                and len(lines[i].strip()) < short
                and counts[(slot, _key(lines[i]))] >= threshold
            )
        }
        removed += len(drop)
        kept.append([line for i, line in enumerate(lines) if i not in drop])
    return kept, removed
