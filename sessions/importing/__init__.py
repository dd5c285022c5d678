"""Turn a draft file into a parsed draft: ordered paragraphs with labels, kinds and statuses."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from sessions.errors import InputError
from sessions.model import SUFFIXES, ParagraphKind, Status, StatusValue

__all__ = ["ParsedDraft", "ParsedParagraph", "parse_text", "read_draft"]

MAX_BYTES = 50 << 20


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


@dataclass(frozen=True, slots=True)
class ParsedDraft:
    """A whole draft as parsed from one source."""

    source: str
    title: str
    symbol: str
    language: str
    paragraphs: tuple[ParsedParagraph, ...]
    warnings: tuple[str, ...] = field(default=())


def read_draft(path: Path) -> ParsedDraft:
    """Read and parse a draft from a UTF-8 text or Markdown file.

    Raises:
        InputError: The file is missing, unreadable, too large, not text, or holds no paragraph.
    """
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError(f"No such file: {path}.") from None
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if path.is_dir():
        raise InputError(f"{path} is a folder, not a draft file.")
    if size > MAX_BYTES:
        raise InputError(f"{path.name} is {size >> 20} MB; drafts over 50 MB are not read.")
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"{path.name} is not UTF-8 text.") from None
    if "\x00" in text:
        raise InputError(f"{path.name} is a binary file, not a draft.")
    return parse_text(text, source=path.name)


_SUFFIX = "|".join(SUFFIXES)
_LABELLED = re.compile(
    rf"^\s*(?:(?P<en>PP|OP|Pp|Op)\s*|(?P<zh>序言段落|执行段落)\s*)"
    rf"(?P<num>\d+)\s*(?:\.?\s*(?P<suffix>{_SUFFIX}|alt)\b)?\s*[.:]?\s*",
    re.IGNORECASE,
)
_NUMBERED = re.compile(rf"^\s*(?P<num>\d+)\s*(?P<suffix>{_SUFFIX})?\s*\.\s+")
_NOTE = re.compile(r"^\s*[（(]\s*(?P<note>[^()（）]{1,80})\s*[)）]\s*$")
_SYMBOL = re.compile(r"\b(?:[A-Z]{1,6}/(?:[A-Z0-9.]+/)*[A-Z0-9.]+(?:/Rev\.\d+)?|GC\s?\d+/\d+)")
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef]")

_STATUS_WORDS: tuple[tuple[str, Status], ...] = (
    ("ad ref", Status.AGREED_AD_REF),
    ("ad referendum", Status.AGREED_AD_REF),
    ("留待", Status.PENDING),
    ("further consideration", Status.PENDING),
    ("pending", Status.PENDING),
    ("deleted", Status.DELETED),
    ("删除", Status.DELETED),
    ("已商定", Status.AGREED),
    ("agreed", Status.AGREED),
)


def _status_of(note: str) -> StatusValue | None:
    folded = note.casefold()
    for word, status in _STATUS_WORDS:
        if word in folded:
            return status
    return None


def _join(lines: list[str]) -> str:
    """Join lines broken by PDF extraction: no space between CJK characters, one between words."""
    text = ""
    for line in (ln.strip() for ln in lines):
        if not line:
            continue
        if not text:
            text = line
        elif _CJK.match(line[0]) or _CJK.match(text[-1]):
            text += line
        elif text.endswith("-") and line[:1].islower():
            text = text[:-1] + line
        else:
            text += " " + line
    return text


def _language(text: str) -> str:
    cjk = len(_CJK.findall(text))
    return "zh" if cjk > len(text) // 10 else "en"


def parse_text(text: str, *, source: str = "") -> ParsedDraft:
    """Parse a draft's text into paragraphs.

    Labelled paragraphs (``PP3``, ``OP5 bis``, ``序言段落 1.``) start a paragraph wherever they
    stand; a status note on a line of its own, such as ``（商定留待进一步审议）`` or
    ``(Agreed ad ref)``, closes the paragraph before it. Without labels, paragraphs are separated
    by blank lines and those numbered ``1.`` are operative.

    Raises:
        InputError: The text holds no paragraph.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    lines = text.split("\n")
    labelled = any(_LABELLED.match(line) for line in lines)
    header: list[str] = []
    blocks: list[tuple[re.Match[str] | None, list[str], str]] = []
    current: list[str] | None = None
    match: re.Match[str] | None = None
    for line in lines:
        found = _LABELLED.match(line) if labelled else _NUMBERED.match(line)
        note = _NOTE.match(line)
        if found:
            if current is not None:
                blocks.append((match, current, ""))
            match, current = found, [line[found.end() :]]
        elif note and current is not None:
            blocks.append((match, current, note.group(0).strip()))
            current = None
        elif current is None:
            if labelled or blocks or not line.strip():
                if not blocks:
                    header.append(line)
                continue
            header.append(line)
        elif not labelled and not line.strip():
            blocks.append((match, current, ""))
            current = None
        else:
            current.append(line)
    if current is not None:
        blocks.append((match, current, ""))
    paragraphs = _paragraphs(blocks)
    if not paragraphs:
        raise InputError(f"No paragraph found in {source or 'the text'}.")
    head = [ln.strip() for ln in header if ln.strip()]
    symbol = next((m.group(0) for ln in head if (m := _SYMBOL.search(ln))), "")
    title = next((ln for ln in head if symbol and symbol in ln), head[0] if head else "")
    return ParsedDraft(
        source=source,
        title=title,
        symbol=symbol,
        language=_language(text),
        paragraphs=tuple(paragraphs),
    )


def _paragraphs(
    blocks: list[tuple[re.Match[str] | None, list[str], str]],
) -> list[ParsedParagraph]:
    result: list[ParsedParagraph] = []
    seen: set[str] = set()
    for index, (match, body, note) in enumerate(blocks, start=1):
        body_text = _join(body)
        if not body_text:
            continue
        number = int(match.group("num")) if match else None
        suffix = (match.group("suffix") or "").lower() if match else ""
        prefix = ""
        if match and match.groupdict().get("zh"):
            prefix = "PP" if match.group("zh") == "序言段落" else "OP"
        elif match and match.groupdict().get("en"):
            prefix = match.group("en").upper()
        elif match:
            prefix = "OP"
        kind = {"PP": ParagraphKind.PREAMBULAR, "OP": ParagraphKind.OPERATIVE}.get(
            prefix, ParagraphKind.OTHER
        )
        label = f"{prefix}{number}" + (f" {suffix}" if suffix else "") if match else f"P{index}"
        while label in seen:
            label += "'"
        seen.add(label)
        lead = ""
        if _CJK.match(body_text[0]) and " " in body_text[:12]:
            # Chinese drafts set the lead phrase apart with a space: "回顾 理事会……".
            lead, body_text = body_text.split(" ", 1)
            body_text = f"{lead}{body_text}"
        status = _status_of(note) if note else None
        result.append(
            ParsedParagraph(
                label=label,
                kind=kind,
                text=body_text,
                number=number,
                suffix=suffix,
                lead=lead,
                status=status
                if status is not None
                else (note.strip("()（） ") if note else Status.OPEN),
                status_note=note,
            )
        )
    return result
