"""Turn a draft file into a parsed draft: ordered paragraphs with labels, kinds and statuses.

Reads plain text and Markdown (any of the encodings UN texts come in), Word ``.docx`` (automatic
numbering, comments, tracked changes, tables, footnotes) and PDF. Every reader sanitizes once,
then :mod:`sessions.importing.structure` recognizes the draft's structure.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sessions.errors import InputError
from sessions.importing import lexicon
from sessions.importing.encoding import decode
from sessions.importing.structure import Built, Unit, build, text_units
from sessions.model import ParagraphKind, Status, StatusValue
from sessions.text import guess_language, sanitize

__all__ = [
    "FORMATS",
    "MAX_BYTES",
    "ParsedDraft",
    "ParsedParagraph",
    "parse_text",
    "parse_units",
    "read_draft",
]

#: Files larger than this are refused: no draft is that large, and reading one would stall.
MAX_BYTES = 40 << 20
#: A text file is the draft itself, without images: 16 MB is already thousands of pages.
MAX_TEXT_BYTES = 16 << 20
#: The formats read, by file name ending.
FORMATS = {
    ".txt": "text",
    ".text": "text",
    "": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".docx": "docx",
    ".pdf": "pdf",
}
_CONVERT_FIRST = {".doc", ".rtf", ".odt", ".pages", ".wpd"}


@dataclass(frozen=True, slots=True)
class ParsedParagraph:
    """A paragraph as found in a document, before it belongs to a session."""

    label: str
    kind: ParagraphKind
    text: str
    number: int | None = None
    suffix: str = ""
    lead: str = ""
    section: str = ""
    status: StatusValue = Status.OPEN
    status_note: str = ""
    notes: tuple[str, ...] = ()

    @property
    def brackets(self) -> int:
        """The number of opening square brackets."""
        return self.text.count("[")


@dataclass(frozen=True, slots=True)
class ParsedDraft:
    """A whole draft as parsed from one source."""

    source: str
    title: str
    symbol: str
    language: str
    paragraphs: tuple[ParsedParagraph, ...]
    warnings: tuple[str, ...] = ()
    format: str = "text"
    encoding: str = ""
    meeting: str = ""
    formula: str = ""


def read_draft(path: Path, *, language: str | None = None) -> ParsedDraft:
    """Read and parse a draft file of any supported format.

    Args:
        path: The file.
        language: The document's language when known; narrows encoding detection.

    Raises:
        InputError: The file is missing, unreadable, too large, of an unknown kind, damaged, or
            holds no paragraph. The message is one sentence.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"No such file: {path}.") from None
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a draft file.")
    suffix = path.suffix.lower()
    if suffix in _CONVERT_FIRST:
        raise InputError(
            f"{path.name} is a {suffix} file: save it as .docx or PDF first "
            "(Rapporteur reads .txt, .md, .docx and .pdf)."
        )
    kind = FORMATS.get(suffix)
    if kind is None:
        raise InputError(
            f"{path.name} is not a kind of file Rapporteur reads (.txt, .md, .docx or .pdf)."
        )
    if size == 0:
        raise InputError(f"{path.name} is empty.")
    limit = MAX_BYTES if kind in ("docx", "pdf") else MAX_TEXT_BYTES
    if size > limit:
        raise InputError(
            f"{path.name} is {size / (1 << 20):.0f} MB; Rapporteur reads drafts up to "
            f"{limit >> 20} MB."
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if kind == "docx":
        from sessions.importing.docx import docx_units

        units, warnings = docx_units(raw, name=path.name)
        return parse_units(units, source=path.name, format="docx", warnings=warnings)
    if kind == "pdf":
        from sessions.importing.pdf import pdf_text

        text, warnings = pdf_text(raw, name=path.name)
        return parse_text(text, source=path.name, format="pdf", warnings=warnings)
    if raw.startswith((b"%PDF", b"PK\x03\x04")):
        raise InputError(f"{path.name} is a {'PDF' if raw[:1] == b'%' else 'zip'} file, not text.")
    text, encoding = decode(raw, name=path.name, language=language)
    return parse_text(text, source=path.name, format=kind, encoding=encoding)


def parse_text(
    text: str,
    *,
    source: str = "",
    format: str = "text",
    encoding: str = "",
    warnings: list[str] | None = None,
) -> ParsedDraft:
    """Parse a draft's text (plain, Markdown, or extracted from a PDF).

    Raises:
        InputError: The text holds no paragraph.
    """
    clean, notes = sanitize(text)
    labelled = _labelled(clean.split("\n"))
    units, front_title = text_units(
        clean, markdown=format == "markdown", labelled=labelled, language=guess_language(clean)
    )
    built = build(
        units, front_title=front_title, labelled=labelled, nest=1 if format == "markdown" else 2
    )
    return _draft(built, source, format, encoding, [*(warnings or []), *notes])


def parse_units(
    units: list[Unit], *, source: str, format: str, warnings: list[str] | None = None
) -> ParsedDraft:
    """Parse a draft from units a reader made (Word paragraphs)."""
    notes: list[str] = []
    for unit in units:
        unit.text, found = sanitize(unit.text)
        notes.extend(w for w in found if w not in notes)
    labelled = _labelled([u.text for u in units])
    built = build(units, labelled=labelled)
    return _draft(built, source, format, "", [*(warnings or []), *notes])


def _labelled(lines: list[str]) -> bool:
    """Whether the draft labels its paragraphs (``PP1``, ``序言段落 1.``).

    Two labels at least, and more of them than numbered paragraphs: a numbered draft that quotes
    ``OP1`` and ``OP3`` in a table of amendments is still a numbered draft.
    """
    labels = numbered = 0
    for line in lines:
        stripped = line.strip()
        if lexicon.LABEL.match(stripped):
            labels += 1
        elif lexicon.NUMBERED.match(stripped):
            numbered += 1
    return labels >= 2 and labels > numbered


def _draft(
    built: Built, source: str, format: str, encoding: str, warnings: list[str]
) -> ParsedDraft:
    if not built.paragraphs:
        raise InputError(f"No paragraph found in {source or 'the text'}.")
    paragraphs = tuple(
        ParsedParagraph(
            label=p.label,
            kind=p.kind,
            text=p.text,
            number=p.number,
            suffix=p.suffix,
            lead=p.lead,
            section=p.section,
            status=p.status,
            status_note=p.status_note,
            notes=tuple(p.notes),
        )
        for p in built.paragraphs
    )
    return ParsedDraft(
        source=source,
        title=built.title,
        symbol=built.symbol,
        language=built.language,
        paragraphs=paragraphs,
        warnings=tuple(dict.fromkeys([*warnings, *built.warnings])),
        format=format,
        encoding=encoding,
        meeting=built.meeting,
        formula=built.formula,
    )
