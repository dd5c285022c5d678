"""Read a Word ``.docx`` draft: numbering computed from ``numbering.xml``, comments with their
anchored words, tracked changes, tables and footnotes, read from the XML itself.

python-docx's ``paragraph.text`` drops the text of tracked insertions and deletions alike, and
Word's automatic paragraph numbers are not in the text at all, so this module walks the XML.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from sessions.errors import InputError
from sessions.importing.lexicon import note_status
from sessions.importing.structure import Unit

__all__ = ["docx_units"]

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
_FOOTNOTES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
          (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))  # fmt: skip


def docx_units(raw: bytes, *, name: str) -> tuple[list[Unit], list[str]]:
    """The units of a Word document, in reading order, and warnings about what was found.

    Raises:
        InputError: The bytes are not a readable Word document.
    """
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise InputError(f"Reading {name} needs python-docx, which is not installed.") from exc
    try:
        document = docx.Document(io.BytesIO(raw))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError):
        raise InputError(f"{name} is not a Word document, or it is damaged.") from None
    except Exception:  # lxml raises its own parse errors for damaged XML
        raise InputError(f"{name} is a damaged Word document.") from None
    try:
        reader = _Reader(document)
    except (ValueError, KeyError, TypeError, AttributeError, IndexError):
        # Malformed XML attributes (a level "x", a missing id) in a file Word would repair.
        raise InputError(f"{name} is a damaged Word document.") from None
    return reader.units, reader.warnings


@dataclass
class _Level:
    start: int = 1
    fmt: str = "decimal"
    text: str = "%1."


@dataclass
class _Numbering:
    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    counters: dict[str, list[int]] = field(default_factory=dict)

    def next(self, num_id: str, level: int) -> str:
        """Advance the list ``num_id`` at ``level`` and return the number as Word shows it."""
        if num_id not in self.nums:
            return ""
        abstract_id, overrides = self.nums[num_id]
        levels = self.abstract.get(abstract_id, {})
        counters = self.counters.setdefault(num_id, [0] * 9)
        level = max(0, min(level, 8))
        for deeper in range(level + 1, 9):
            counters[deeper] = 0
        if counters[level] == 0:
            start = overrides.get(level, levels.get(level, _Level()).start)
            counters[level] = start
        else:
            counters[level] += 1
        spec = levels.get(level, _Level())
        if spec.fmt == "bullet":
            return "•"
        if spec.fmt == "none":
            return ""
        shown = spec.text
        for index in range(9):
            token = f"%{index + 1}"
            if token in shown:
                value = counters[index] or levels.get(index, _Level()).start
                fmt = levels.get(index, _Level()).fmt
                shown = shown.replace(token, _format(value, fmt))
        return shown.strip()


def _format(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letters = ""
        while value > 0:
            value, rest = divmod(value - 1, 26)
            letters = chr(ord("a") + rest) + letters
        return letters.upper() if fmt == "upperLetter" else letters
    if fmt in ("lowerRoman", "upperRoman"):
        roman = ""
        for amount, digits in _ROMAN:
            while value >= amount:
                roman += digits
                value -= amount
        return roman.upper() if fmt == "upperRoman" else roman
    return str(value)


def _val(element: Any, tag: str) -> str | None:
    child = element.find(f"{W}{tag}") if element is not None else None
    return child.get(f"{W}val") if child is not None else None


def _int(value: str | None, default: int = 0) -> int:
    """An integer attribute, or ``default`` when it is missing or malformed."""
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


class _Reader:
    def __init__(self, document: Any) -> None:
        self.units: list[Unit] = []
        self.warnings: list[str] = []
        self.numbering = self._numbering(document)
        self.style_numbers, self.headings = self._styles(document)
        self.comments = self._part_texts(document, _COMMENTS, "comment")
        self.footnotes = self._part_texts(document, _FOOTNOTES, "footnote")
        self.changes = 0
        for element in document.element.body.iterchildren():
            if element.tag == f"{W}p":
                self._paragraph(element)
            elif element.tag == f"{W}tbl":
                self._table(element)
            elif element.tag == f"{W}sdt":
                for inner in element.iter(f"{W}p"):
                    self._paragraph(inner)
        if self.changes:
            self.warnings.append(
                f"The document holds {self.changes} tracked changes: paragraphs read as if they "
                "were accepted, and each change is kept as a note on its paragraph."
            )

    # -- parts -------------------------------------------------------------------------------

    @staticmethod
    def _numbering(document: Any) -> _Numbering:
        numbering = _Numbering()
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return numbering
        for abstract in root.iterfind(f"{W}abstractNum"):
            levels = {}
            for lvl in abstract.iterfind(f"{W}lvl"):
                start = _val(lvl, "start")
                levels[_int(lvl.get(f"{W}ilvl"))] = _Level(
                    start=int(start) if start and start.isdigit() else 1,
                    fmt=_val(lvl, "numFmt") or "decimal",
                    text=_val(lvl, "lvlText") or "",
                )
            numbering.abstract[abstract.get(f"{W}abstractNumId", "")] = levels
        for num in root.iterfind(f"{W}num"):
            overrides = {}
            for override in num.iterfind(f"{W}lvlOverride"):
                start = _val(override, "startOverride")
                if start and start.isdigit():
                    overrides[_int(override.get(f"{W}ilvl"))] = int(start)
            numbering.nums[num.get(f"{W}numId", "")] = (_val(num, "abstractNumId") or "", overrides)
        return numbering

    @staticmethod
    def _styles(document: Any) -> tuple[dict[str, tuple[str, int]], dict[str, int]]:
        """Numbering and heading level that paragraph styles carry (following ``basedOn``)."""
        styles = {}
        try:
            root = document.styles.element
        except AttributeError:
            return {}, {}
        for style in root.iterfind(f"{W}style"):
            styles[style.get(f"{W}styleId", "")] = style
        numbers: dict[str, tuple[str, int]] = {}
        headings: dict[str, int] = {}
        for style_id, style in styles.items():
            current, seen = style, set()
            while current is not None and style_id not in numbers:
                num_pr = current.find(f"{W}pPr/{W}numPr")
                if num_pr is not None and _val(num_pr, "numId"):
                    numbers[style_id] = (
                        _val(num_pr, "numId") or "",
                        _int(_val(num_pr, "ilvl")),
                    )
                base = _val(current, "basedOn")
                if not base or base in seen:
                    break
                seen.add(base)
                current = styles.get(base)
            name = (_val(style, "name") or "").casefold()
            if name == "title":
                headings[style_id] = 1
            elif name.startswith("heading ") and name[8:].isdigit():
                headings[style_id] = int(name[8:])
        return numbers, headings

    @staticmethod
    def _part_texts(document: Any, reltype: str, tag: str) -> dict[str, tuple[str, str]]:
        """Comments or footnotes by id: (author, text)."""
        found: dict[str, tuple[str, str]] = {}
        for rel in document.part.rels.values():
            if rel.reltype != reltype or rel.is_external:
                continue
            try:
                from lxml import etree

                root = etree.fromstring(rel.target_part.blob)
            except Exception:
                continue
            for item in root.iterfind(f"{W}{tag}"):
                text = " ".join(
                    "".join(t.text or "" for t in p.iter(f"{W}t")) for p in item.iter(f"{W}p")
                ).strip()
                if text:
                    found[item.get(f"{W}id", "")] = (item.get(f"{W}author", ""), text)
        return found

    # -- body --------------------------------------------------------------------------------

    def _paragraph(self, p: Any, *, prefix: str = "") -> None:
        text, lead, notes = self._text(p)
        style = _val(p.find(f"{W}pPr"), "pStyle") or ""
        num_pr = p.find(f"{W}pPr/{W}numPr")
        number = ""
        level = 0
        num = self.style_numbers.get(style)
        if num_pr is not None:
            # A paragraph's own numbering overrides its style's, field by field.
            style_id, style_level = num or ("", 0)
            num = (
                _val(num_pr, "numId") or style_id,
                _int(_val(num_pr, "ilvl"), style_level),
            )
        if num is not None and num[0] != "0":
            number = self.numbering.next(num[0], num[1])
            level = num[1]
        if not text.strip():
            return
        unit = Unit(
            text=(prefix + text).strip(),
            heading=self.headings.get(style, 0),
            lead=lead,
            number=number if number != "•" else "",
            level=level,
            notes=notes,
        )
        if number and number != "•" and level == 0:
            # The number is Word's, not the text's: put it in front, where a reader sees it.
            unit.text = f"{number} {unit.text}"
        elif number and level > 0:
            unit.text = f"{number} {unit.text}"
        self.units.append(unit)

    def _text(self, p: Any) -> tuple[str, str, list[str]]:
        """A paragraph's text with tracked changes accepted, its italic lead, and its notes."""
        parts: list[str] = []
        lead: list[str] = []
        lead_open = True
        notes: list[str] = []
        open_comments: dict[str, int] = {}
        anchored: dict[str, tuple[int, int]] = {}

        def walk(element: Any, mode: str) -> None:
            nonlocal lead_open
            for child in element.iterchildren():
                tag = child.tag
                if tag == f"{W}r":
                    text = self._run_text(child, deleted=mode == "del", notes=notes)
                    if mode == "del":
                        continue
                    parts.append(text)
                    italic = child.find(f"{W}rPr/{W}i")
                    is_italic = italic is not None and italic.get(f"{W}val", "true") not in (
                        "0",
                        "false",
                    )
                    if lead_open and text.strip():
                        if is_italic:
                            lead.append(text)
                        else:
                            lead_open = False
                    elif lead_open and is_italic:
                        lead.append(text)
                elif tag in (f"{W}ins", f"{W}moveTo"):
                    self._change(child, "Inserted" if tag == f"{W}ins" else "Moved here", notes)
                    walk(child, "ins")
                elif tag in (f"{W}del", f"{W}moveFrom"):
                    self._change(child, "Deleted" if tag == f"{W}del" else "Moved away", notes)
                    walk(child, "del")
                elif tag == f"{W}commentRangeStart":
                    open_comments[child.get(f"{W}id", "")] = len("".join(parts))
                elif tag == f"{W}commentRangeEnd":
                    cid = child.get(f"{W}id", "")
                    if cid in open_comments:
                        anchored[cid] = (open_comments.pop(cid), len("".join(parts)))
                elif tag in (f"{W}hyperlink", f"{W}smartTag", f"{W}fldSimple", f"{W}sdt",
                             f"{W}sdtContent", f"{W}customXml"):  # fmt: skip
                    walk(child, mode)

        walk(p, "")
        text = "".join(parts)
        for cid, (start, end) in anchored.items():
            author, comment = self.comments.get(cid, ("", ""))
            if comment:
                words = text[start:end].strip()
                who = f" by {author}" if author else ""
                on = f" on «{words}»" if words else ""
                notes.append(f"Comment{who}{on}: {comment}")
        return text, "".join(lead).strip(), notes

    def _run_text(self, run: Any, *, deleted: bool, notes: list[str]) -> str:
        out: list[str] = []
        for child in run.iterchildren():
            tag = child.tag
            if tag in (f"{W}t", f"{W}delText"):
                out.append(child.text or "")
            elif tag == f"{W}tab":
                out.append(" ")
            elif tag in (f"{W}br", f"{W}cr"):
                out.append("\n")
            elif tag == f"{W}noBreakHyphen":
                out.append("-")
            elif tag == f"{W}footnoteReference" and not deleted:
                fid = child.get(f"{W}id", "")
                if fid in self.footnotes:
                    notes.append(f"Footnote: {self.footnotes[fid][1]}")
        return "".join(out)

    def _change(self, element: Any, what: str, notes: list[str]) -> None:
        self.changes += 1
        text = "".join(t.text or "" for t in element.iter(f"{W}t", f"{W}delText")).strip()
        author = element.get(f"{W}author", "")
        date = (element.get(f"{W}date", "") or "")[:10]
        who = " by " + author if author else ""
        when = f" ({date})" if date else ""
        notes.append(f"{what}{who}{when}: «{text}»")

    def _table(self, table: Any) -> None:
        """Rows of a table: a row that starts with a label or number is one paragraph."""
        for row in table.iterfind(f"{W}tr"):
            cells = [list(cell.iter(f"{W}p")) for cell in row.iterfind(f"{W}tc")]
            texts = [" ".join(self._text(p)[0].strip() for p in cell).strip() for cell in cells]
            first = texts[0] if texts else ""
            if len(texts) > 1 and first and len(first) <= 16:
                # A row of a draft in a table: label, text, and maybe a status or remarks.
                rest = [t for t in texts[1:] if t]
                if not rest:
                    continue
                body = max(rest, key=len)
                notes: list[str] = []
                for cell in cells[1:]:
                    for p in cell:
                        notes.extend(self._text(p)[2])
                status = [t for t in rest if t is not body and note_status(t) is not None]
                notes += [t for t in rest if t is not body and t not in status]
                text = f"{first} {body}" + (f" {status[0]}" if status else "")
                self.units.append(Unit(text=text, notes=notes))
                continue
            for cell in cells:
                for p in cell:
                    self._paragraph(p)
