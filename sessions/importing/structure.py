"""From lines or document paragraphs to a draft's structure: header, sections, paragraphs.

Readers hand over :class:`Unit` values (a text paragraph, a Word paragraph, a PDF line run);
:func:`build` recognizes what each one is (label, number, sub-paragraph, status note, heading,
enacting formula, preambular or operative paragraph) and labels the paragraphs.
"""

from __future__ import annotations

import itertools
import re
import statistics
from dataclasses import dataclass, field

from sessions.importing import lexicon as lx
from sessions.model import ParagraphKind, Status, StatusValue
from sessions.text import bracket_stats, guess_language, is_cjk, join_lines

__all__ = ["Built", "Paragraph", "Unit", "build", "text_units"]


@dataclass(slots=True)
class Unit:
    """One block of a document before its role is known."""

    text: str
    indent: int = 0
    heading: int = 0
    lead: str = ""
    number: str = ""
    level: int = 0
    strong: bool = False
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Paragraph:
    """A paragraph being built."""

    kind: ParagraphKind
    text: str
    number: int | None = None
    suffix: str = ""
    lead: str = ""
    section: str = ""
    section_key: str = ""
    option: str = ""
    label: str = ""
    status: StatusValue = Status.OPEN
    status_note: str = ""
    notes: list[str] = field(default_factory=list)
    indent: int = 0


@dataclass(slots=True)
class Built:
    """What :func:`build` found."""

    title: str
    symbol: str
    meeting: str
    formula: str
    language: str
    paragraphs: list[Paragraph]
    warnings: list[str]


# -- text to units ------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---\n(?P<body>.*?)\n---\n", re.DOTALL)
_LINK_DEF = re.compile(r"^\s{0,3}\[(?!\^)[^\]]+\]:\s+\S+.*$")
_FOOTNOTE_DEF = re.compile(r"^\s{0,3}\[\^(?P<key>[^\]]+)\]:\s*(?P<text>.*)$")
_FOOTNOTE_REF = re.compile(r"\[\^(?P<key>[^\]]+)\]")
_INLINE_LINK = re.compile(r"\[(?P<text>[^\[\]]*)\]\((?:https?://|/|#|mailto:)[^)\s]*\)")
_REF_LINK = re.compile(r"\[(?P<text>[^\[\]]+)\]\[(?P<ref>[^\[\]]*)\]")
_MD_HEADING = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_MD_SKIP = re.compile(r"^\s*(?:\{:.*\}|\*\s+TOC|(?:-{3,}|\*{3,}|_{3,})|<!--.*-->)\s*$")
_MD_ORDERED = re.compile(r"^(?P<indent>\s*)(?P<num>\d+)[.)]\s+")
_MD_BULLET = re.compile(r"^(?P<indent>\s*)[*+\-]\s+")
_MD_EMPHASIS = re.compile(r"(?<!\\)(\*{1,3}|_{2,3})")
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])")
_MD_LEAD = re.compile(r"^\s*\[?\s*(?:\*\*?|_)(?P<lead>[^*_\n]{2,60}?)(?:\*\*?|_)")
_MD_STRONG = re.compile(r"^\s*\*\*[^*]+\*\*\s*$")
_TERMINAL = ".;,:。；，：،؛"


def _markdown_inline(text: str, refs: set[str], footnotes: dict[str, str]) -> tuple[str, list[str]]:
    notes = [
        f"Footnote {m.group('key')}: {footnotes[m.group('key')]}"
        for m in _FOOTNOTE_REF.finditer(text)
        if m.group("key") in footnotes
    ]
    text = _FOOTNOTE_REF.sub("", text)
    text = _INLINE_LINK.sub(lambda m: m.group("text"), text)
    text = _REF_LINK.sub(
        lambda m: (
            m.group("text")
            if (m.group("ref") or m.group("text")).casefold() in refs
            else m.group(0)
        ),
        text,
    )
    text = _MD_EMPHASIS.sub("", text)
    text = _MD_ESCAPE.sub(r"\1", text)
    return text, notes


def text_units(  # noqa: PLR0915 - one pass over the lines, each case a few lines
    text: str, *, markdown: bool, labelled: bool, language: str = "en"
) -> tuple[list[Unit], str]:
    """Split a plain text or Markdown document into units.

    Returns:
        The units, and the title from Markdown front matter (or ``""``).
    """
    front_title = ""
    refs: set[str] = set()
    footnotes: dict[str, str] = {}
    lines = text.split("\n")
    if markdown:
        match = _FRONT_MATTER.match(text + "\n")
        if match:
            for line in match.group("body").split("\n"):
                key, _, value = line.partition(":")
                if key.strip().casefold() == "title":
                    front_title = value.strip().strip("\"'")
            lines = text[match.end() :].split("\n") if match.end() <= len(text) else []
        kept = []
        for line in lines:
            footnote = _FOOTNOTE_DEF.match(line)
            if footnote:
                footnotes[footnote.group("key")] = footnote.group("text").strip()
                continue
            if _LINK_DEF.match(line):
                refs.add(line.split("]", 1)[0].strip(" [").casefold())
                continue
            kept.append("" if _MD_SKIP.match(line) else line)
        lines = kept
    mode = "blocks" if markdown else _layout(lines)
    # In flowing text a line much shorter than most did not fill the width: a paragraph ends.
    widths = sorted(_width(line.strip()) for line in lines if line.strip())
    full = widths[int(len(widths) * 0.75)] if widths else 0
    units: list[Unit] = []
    current: list[str] = []
    indent = 0

    def flush() -> None:
        nonlocal current
        if current:
            joined = join_lines(current)
            if joined:
                unit = Unit(text=joined, indent=indent)
                if markdown:
                    lead = _MD_LEAD.match(joined)
                    unit.strong = bool(_MD_STRONG.match(joined))
                    unit.text, unit.notes = _markdown_inline(joined, refs, footnotes)
                    unit.text = (
                        " ".join(unit.text.split()) if not is_cjk(unit.text[:1]) else unit.text
                    )
                    if lead:
                        unit.lead = _MD_EMPHASIS.sub("", lead.group("lead")).strip(" [")
                units.append(unit)
        current = []

    for raw in lines:
        line = raw.rstrip()
        stripped = line.strip()
        if not stripped:
            if mode != "flow":
                flush()
            continue
        if markdown:
            heading = _MD_HEADING.match(stripped)
            if heading and not line.startswith("    "):
                flush()
                clean, notes = _markdown_inline(heading.group("text"), refs, footnotes)
                units.append(
                    Unit(text=clean.strip(), heading=len(heading.group("hashes")), notes=notes)
                )
                continue
            ordered = _MD_ORDERED.match(line)
            bullet = _MD_BULLET.match(line)
            if ordered or bullet:
                flush()
                indent = len((ordered or bullet).group("indent").expandtabs(4))  # type: ignore[union-attr]
                if bullet:
                    line = "• " + line[bullet.end() :]
                current.append(line.strip())
                continue
            if line.startswith(">"):
                line = line.lstrip("> ")
        if mode == "lines" or _starts_unit(stripped, labelled):
            flush()
            indent = len(line) - len(line.lstrip(" \t"))
            current.append(stripped)
            if lx.note_status(stripped) is not None:
                flush()
            continue
        if mode == "flow" and current and _soft_break(current[-1], stripped, language):
            flush()
            indent = len(line) - len(line.lstrip(" \t"))
        elif not current:
            indent = len(line) - len(line.lstrip(" \t"))
        current.append(stripped)
        if not markdown and mode != "lines" and _width(stripped) < 0.6 * full:
            flush()
    flush()
    return units, front_title


def _width(line: str) -> int:
    """Display width: a CJK character is as wide as two Latin ones."""
    return sum(2 if is_cjk(c) else 1 for c in line)


def _layout(lines: list[str]) -> str:
    """How a plain text marks paragraphs: ``blocks`` (blank lines), ``lines`` (one per line) or
    ``flow`` (lines broken anywhere, blank lines meaningless, as text extracted from a PDF)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    if len(filled) < 2:
        return "blocks"
    pairs = list(itertools.pairwise(filled))
    separated = sum(b - a > 1 for a, b in pairs) / len(pairs)
    broken = sum(lines[a].rstrip()[-1:] not in _TERMINAL + ")）]" for a, _ in pairs)
    if separated > 0.8 and broken > 0.2 * len(pairs):
        return "flow"
    if separated >= 0.15:
        return "blocks"
    lengths = [len(lines[i].strip()) for i in filled]
    return "lines" if statistics.median(lengths) > 100 else "flow"


def _starts_unit(line: str, labelled: bool) -> bool:
    if labelled and lx.LABEL.match(line):
        return True
    if lx.NUMBERED.match(line) or lx.SUB_PARAGRAPH.match(line) or lx.OPTION_LINE.match(line):
        return True
    if lx.note_status(line) is not None:
        return True
    if len(line) < 120 and lx.HEADING.fullmatch(line.strip("*# ")):
        return True
    return lx.enacting_formula(line)


def _soft_break(previous: str, line: str, language: str) -> bool:
    """In flowing text, a paragraph ends with punctuation and the next opens with a lead phrase."""
    if previous[-1:] not in _TERMINAL:
        return False
    for kind in (ParagraphKind.PREAMBULAR, ParagraphKind.OPERATIVE):
        if lx.lead_phrase(line, kind, language):
            return True
    return False


# -- units to paragraphs ------------------------------------------------------------------------

_ZH_LEAD_SPACE = re.compile(r"^(?P<lead>[\u4e00-\u9fff]{1,8}) (?=[\u4e00-\u9fff“「（(])")
_PREAMBLE_END = (",", "，", "،", ";")


def build(  # noqa: PLR0915 - one ordered list of what a unit can be
    units: list[Unit], *, front_title: str = "", labelled: bool, nest: int = 2
) -> Built:
    """Recognize the structure of a document's units; see the module docstring."""
    language = guess_language("\n".join(u.text for u in units[:2000]))
    warnings: list[str] = []
    header: list[str] = []
    header_headings: list[str] = []
    paragraphs: list[Paragraph] = []
    formula = ""
    section = key = option = ""
    in_body = False
    seen_operative = False
    section_start = 0
    for unit in units:
        text = unit.text.strip()
        if not text:
            continue
        note = lx.note_status(text)
        if note is not None:
            if paragraphs and not paragraphs[-1].status_note:
                paragraphs[-1].status = note
                paragraphs[-1].status_note = text
            elif paragraphs:
                warnings.append(f"A second status note {text} after one paragraph was ignored.")
            continue
        heading = lx.HEADING.fullmatch(text.strip("*# ")) if len(text) < 120 else None
        if unit.heading or heading:
            structural = heading is not None or lx.HEADING.match(text) is not None
            if not in_body and not structural:
                header_headings.append(text)
                continue
            in_body = True
            section, key, option = _section_of(text, heading), _key_of(text, heading), ""
            section_start = len(paragraphs)
            continue
        parent = paragraphs[-1] if len(paragraphs) > section_start else None
        label = lx.LABEL.match(text) if labelled else None
        if (
            parent is not None
            and not label
            and parent.kind is not ParagraphKind.PREAMBULAR
            and unit.indent >= parent.indent + nest
        ):
            # Indented under a paragraph: its sub-paragraphs, options, continuation.
            parent.text += "\n" + _sub_text(text, unit, parent)
            parent.notes.extend(unit.notes)
            continue
        option_line = lx.OPTION_LINE.match(text)
        if option_line or (unit.strong and len(text) < 80):
            # "Option 1:" or a bold line of its own: the paragraphs that follow are its variant.
            option = f"Option {option_line.group('num')}" if option_line else text
            in_body = True
            continue
        if lx.enacting_formula(text) and not formula and not seen_operative:
            formula = text.strip("*_ ")
            in_body = True
            continue
        numbered = lx.NUMBERED.match(text) if not labelled else None
        if unit.number and unit.level > 0:
            numbered = None
        sub = lx.SUB_PARAGRAPH.match(text) or (unit.number and unit.level > 0)
        if label:
            kind, number, suffix = lx.label_parts(label)
            paragraphs.append(
                _paragraph(
                    kind,
                    text[label.end() :],
                    unit,
                    section=section,
                    key=key,
                    option=option,
                    number=number,
                    suffix=suffix,
                )
            )
            seen_operative |= kind is ParagraphKind.OPERATIVE
            in_body = True
        elif numbered:
            body = text[numbered.end() :]
            paragraph = _paragraph(
                ParagraphKind.OPERATIVE,
                body,
                unit,
                section=section,
                key=key,
                option=option,
                number=lx.number_of(numbered.group("num")),
                suffix=(numbered.group("suffix") or "").lower(),
            )
            paragraphs.append(paragraph)
            seen_operative = in_body = True
        elif (sub or numbered or (labelled and in_body)) and parent is not None:
            parent.text += "\n" + _sub_text(text, unit, parent)
            parent.notes.extend(unit.notes)
        elif not in_body and not _preambular(text, unit, language):
            header.append(text)
        else:
            in_body = True
            kind = (
                ParagraphKind.PREAMBULAR
                if not seen_operative
                and not key.startswith("Art")
                and _preambular(text, unit, language)
                else ParagraphKind.OTHER
            )
            paragraphs.append(_paragraph(kind, text, unit, section=section, key=key, option=option))
    if not paragraphs and header:
        # Text without the structure of a draft: keep its paragraphs rather than refuse it,
        # all but a first line that reads as a title.
        keep = 1 if len(header) > 1 and lx.looks_like_title(header[0]) else 0
        paragraphs = [
            _paragraph(ParagraphKind.OTHER, line, Unit(line), section="", key="", option="")
            for line in header[keep:]
        ]
        header = header[:keep]
    _finish(paragraphs, language, warnings)
    _label(paragraphs, labelled, warnings)
    title, symbol, meeting = _header(header, header_headings, front_title)
    return Built(title, symbol, meeting, formula, language, paragraphs, warnings)


def _paragraph(
    kind: ParagraphKind,
    text: str,
    unit: Unit,
    *,
    section: str,
    key: str,
    option: str,
    number: int | None = None,
    suffix: str = "",
) -> Paragraph:
    return Paragraph(
        kind=kind,
        text=text.strip(),
        number=number,
        suffix=suffix,
        lead=unit.lead,
        section=section,
        section_key=key,
        option=option,
        notes=list(unit.notes),
        indent=unit.indent,
    )


def _sub_text(text: str, unit: Unit, parent: Paragraph) -> str:
    """A sub-paragraph's text; Markdown turns (a), (b) into nested ``1.``: give back letters."""
    numbered = lx.NUMBERED.match(text)
    if numbered and unit.indent > parent.indent:
        letter = chr(ord("a") + (lx.number_of(numbered.group("num")) - 1) % 26)
        return f"({letter}) {text[numbered.end() :]}"
    return text


def _preambular(text: str, unit: Unit, language: str) -> bool:
    """A preambular paragraph opens with a participle or adjective and ends with a comma."""
    ends = text.rstrip("*_ ]")[-1:] in _PREAMBLE_END
    if unit.lead and len(unit.lead) < len(text.strip("*_ ")) - 2:
        return ends or language not in ("en", "fr", "es")
    if lx.lead_phrase(text, ParagraphKind.PREAMBULAR, language):
        return ends or language not in ("en", "fr", "es")
    return False


def _section_of(text: str, heading: re.Match[str] | None) -> str:
    return " ".join(text.replace("*", "").split())


def _key_of(text: str, heading: re.Match[str] | None) -> str:
    match = heading or lx.HEADING.match(text.strip("*# "))
    if match is None:
        # A label is an identifier, not text to negotiate: no brackets or emphasis in it.
        words = text.translate(str.maketrans("", "", "*[]{}")).split()
        return " ".join(words[:3])
    groups = match.groupdict()
    if groups.get("article"):
        return f"Art.{groups['anum']}{groups.get('asuffix') or ''}".replace(" ", "")
    if groups.get("zharticle"):
        return f"Art.{groups['zharticle']}"
    if groups.get("ararticle"):
        return f"Art.{lx.number_of(groups['ararticle'])}"
    if groups.get("roman"):
        return groups["roman"].upper()
    if groups.get("annex"):
        return "Annex"
    return ""


def _finish(paragraphs: list[Paragraph], language: str, warnings: list[str]) -> None:
    """Split trailing status notes off, find lead phrases."""
    for paragraph in paragraphs:
        if not paragraph.status_note:
            trailing = lx.trailing_note(paragraph.text)
            if trailing:
                paragraph.text, paragraph.status_note, paragraph.status = trailing
        zh = _ZH_LEAD_SPACE.match(paragraph.text)
        if zh:
            # Chinese drafts set the lead phrase apart with a space: "回顾 理事会……".
            paragraph.lead = zh.group("lead")
            paragraph.text = paragraph.lead + paragraph.text[zh.end() :]
        elif not paragraph.lead and paragraph.kind is not ParagraphKind.OTHER:
            paragraph.lead = lx.lead_phrase(paragraph.text, paragraph.kind, language)
        if not paragraph.text:
            warnings.append("An empty paragraph was found (a label with no text).")


def _label(paragraphs: list[Paragraph], labelled: bool, warnings: list[str]) -> None:
    """Give every paragraph a label unique in the draft."""
    operative = [p for p in paragraphs if p.kind is ParagraphKind.OPERATIVE]
    numbers = [(p.option, p.number, p.suffix) for p in operative]
    sectioned = not labelled and len(set(numbers)) < len(numbers)
    if sectioned:
        keys = [(p.section_key, p.option, p.number, p.suffix) for p in operative]
        sectioned = len(set(keys)) == len(keys) or any(p.section_key for p in operative)
    preambular = other = 0
    others: dict[str, int] = {}
    for paragraph in paragraphs:
        suffix = f" {paragraph.suffix}" if paragraph.suffix else ""
        option = f" ({paragraph.option})" if paragraph.option else ""
        if paragraph.kind is ParagraphKind.PREAMBULAR:
            preambular += 1
            number = paragraph.number if labelled and paragraph.number else preambular
            paragraph.number = number
            paragraph.label = f"PP{number}{suffix}{option}"
        elif paragraph.kind is ParagraphKind.OPERATIVE:
            prefix = f"{paragraph.section_key}." if sectioned and paragraph.section_key else "OP"
            paragraph.label = f"{prefix}{paragraph.number}{suffix}{option}"
        else:
            other += 1
            if sectioned and paragraph.section_key:
                others[paragraph.section_key] = others.get(paragraph.section_key, 0) + 1
                paragraph.label = f"{paragraph.section_key}.p{others[paragraph.section_key]}"
            else:
                paragraph.label = f"P{other}"
    seen: dict[str, int] = {}
    for paragraph in paragraphs:
        base = paragraph.label
        if base in seen:
            seen[base] += 1
            paragraph.label = f"{base} ({seen[base]})"
            warnings.append(f"The label {base} appears more than once; later ones are numbered.")
        else:
            seen[base] = 1
    for paragraph in paragraphs:
        stats = bracket_stats(paragraph.text)
        if not stats.balanced:
            warnings.append(
                f"{paragraph.label}: square brackets do not balance "
                f"({stats.opening} opening, {stats.closing} closing)."
            )


def _header(lines: list[str], headings: list[str], front_title: str) -> tuple[str, str, str]:
    candidates = headings + lines
    symbol = next((m.group(0) for line in candidates if (m := lx.SYMBOL.search(line))), "")
    sentences = [line for line in lines if len(line) < 200 and not line.endswith(".")]
    title = next((line for line in headings if lx.looks_like_title(line)), "")
    title = title or next((line for line in sentences if lx.looks_like_title(line)), "")
    if not title:
        title = front_title or (headings[0] if headings else "") or (lines[0] if lines else "")
    meeting = next((line for line in lines if lx.session_line(line) and line != title), "")
    return " ".join(title.split()), symbol, meeting
