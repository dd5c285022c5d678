"""Word output: the summary with UN formatting, and a round against the one before as native
tracked changes a delegate can accept or reject in Word."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sessions.diff import Op, diff
from sessions.export.summary import Summary
from sessions.model import Status
from sessions.text import has_cjk, xml_safe

if TYPE_CHECKING:
    from sessions.store import OpenSession

__all__ = ["EAST_ASIAN_FONT", "write_docx", "write_tracked_changes"]


#: The font Word uses for Chinese runs (``w:eastAsia``); Latin text keeps Times New Roman.
EAST_ASIAN_FONT = "SimSun"


def _east_asian(run: Any) -> None:
    from docx.oxml.ns import qn

    fonts = run._r.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)


def _document() -> Any:
    import docx
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(11)
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), EAST_ASIAN_FONT)
    return document


def _add(paragraph: Any, text: str, **style: bool) -> Any:
    text = xml_safe(text)
    run = paragraph.add_run(text)
    for name, value in style.items():
        setattr(run.font if name == "strike" else run, name, value)
    if has_cjk(text):
        # The Normal style names the East Asian font already; runs of CJK text say it again so
        # a paragraph style without it (a heading, a list) cannot fall back to a Latin font.
        _east_asian(run)
    return run


def _add_changes(paragraph: Any, ops: Any) -> None:
    """Runs for a text with its changes marked: deleted struck through, new bold underlined."""
    for op in ops:
        if op.op is Op.EQUAL:
            _add(paragraph, op.new)
            continue
        if op.old:
            _add(paragraph, op.old, strike=True)
        if op.new:
            _add(paragraph, op.new, bold=True, underline=True)


def _heading(document: Any, text: str, level: int) -> Any:
    """A heading whose Chinese, if any, gets the East Asian font like every other run."""
    heading = document.add_heading("", level=level)
    _add(heading, text)
    return heading


def _bullet(document: Any) -> Any:
    """A list paragraph; the style id is set directly (looking it up by name is slow)."""
    paragraph = document.add_paragraph()
    paragraph._p.style = "ListBullet"
    return paragraph


def _status(status: object) -> str:
    return status.words if isinstance(status, Status) else str(status)


def write_docx(summary: Summary) -> bytes:  # noqa: PLR0915 - the summary, section by section
    """The summary as a Word document."""
    document = _document()
    _heading(document, summary.title or summary.name, level=1)
    meta = document.add_paragraph()
    _add(
        meta,
        f"{summary.symbol}  Exported {summary.exported_at.strftime('%Y-%m-%d %H:%M UTC')}",
        italic=True,
    )
    for round_ in summary.rounds:
        _heading(document, round_.label, level=2)
        counts = document.add_paragraph()
        for key, count in round_.counts.items():
            change = round_.counts_change.get(key, 0)
            if count or change:
                name = Status(key).words if key in Status._value2member_map_ else key
                _add(counts, f"{name}: {count}" + (f" ({change:+d})" if change else "") + "   ")
        _add(counts, f"Brackets left: {round_.brackets} ({round_.brackets_change:+d})")
        for entry in round_.paragraphs:
            head = document.add_paragraph()
            _add(head, entry.label, bold=True)
            _add(head, f"  {_status(entry.status)} {entry.status_note}".rstrip())
            if entry.new:
                _add(head, "  (new)", italic=True)
            elif entry.previous_label and entry.previous_label != entry.label:
                _add(head, f"  (was {entry.previous_label})", italic=True)
            if entry.text:
                body = document.add_paragraph()
                if entry.changes:
                    _add_changes(body, entry.changes)
                else:
                    text = entry.text
                    if entry.lead and text.startswith(entry.lead):
                        _add(body, entry.lead, italic=True)
                        text = text[len(entry.lead) :]
                    _add(body, text)
            for index, amendment in enumerate(entry.amendments):
                line = _bullet(document)
                _add(line, amendment.proposer, bold=True)
                _add(line, f" proposes to {amendment.kind.value.replace('_', ' ')}")
                ops = entry.proposals[index] if index < len(entry.proposals) else ()
                if ops:
                    _add(line, ": ")
                    _add_changes(line, ops)
                elif amendment.text:
                    _add(line, f": {amendment.text}")
                if amendment.supporters:
                    _add(line, f" — supported by {', '.join(amendment.supporters)}")
                if amendment.objectors:
                    _add(line, f" — opposed by {', '.join(amendment.objectors)}")
        if round_.deleted:
            _heading(document, f"Deleted since {round_.previous_label}", level=3)
            for label, text in round_.deleted:
                _add(document.add_paragraph(), f"{label}: {text}", strike=True)
        if round_.renumbered:
            _heading(document, "Renumbered paragraphs", level=3)
            table = document.add_table(rows=1, cols=2)
            table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Before", "Now"
            for before, now in round_.renumbered:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = xml_safe(before), xml_safe(now)
        if round_.by_delegation:
            _heading(document, "Outstanding by delegation", level=3)
            for name, items in round_.by_delegation.items():
                line = _bullet(document)
                _add(line, name, bold=True)
                _add(line, ": " + "; ".join(items))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def write_tracked_changes(  # noqa: PLR0915 - one document, built in order
    session: OpenSession, round_id: str | None = None
) -> bytes:
    """A round as the round before it with native tracked changes (``w:ins``, ``w:del``).

    Each change carries an author (the session's body, else "Rapporteur") and the round's date,
    so Word lists them and a delegate can accept or reject each one.
    """
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    rounds = session.rounds()
    round_id = round_id or rounds[-1].id
    current = session.round(round_id)
    previous = session.previous_round(round_id)
    author = "Rapporteur"
    when = (current.info.imported_at or datetime.now(UTC)).strftime("%Y-%m-%dT%H:%M:%SZ")
    counter = iter(range(1, 1_000_000))
    document = _document()
    _heading(document, session.session.title or session.name, level=1)
    note = document.add_paragraph()
    _add(
        note,
        f"{current.label}"
        + (f" against {previous.label}" if previous else "")
        + ": tracked changes.",
        italic=True,
    )

    def run(text: str, deleted: bool = False) -> Any:
        element = OxmlElement("w:r")
        properties = OxmlElement("w:rPr")
        fonts = OxmlElement("w:rFonts")
        fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)
        properties.append(fonts)
        element.append(properties)
        node = OxmlElement("w:delText" if deleted else "w:t")
        node.set(qn("xml:space"), "preserve")
        node.text = xml_safe(text)
        element.append(node)
        return element

    def change(tag: str, text: str) -> Any:
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(next(counter)))
        element.set(qn("w:author"), author)
        element.set(qn("w:date"), when)
        element.append(run(text, deleted=tag == "w:del"))
        return element

    old_by_sid = {p.sid: p for p in previous.paragraphs} if previous else {}
    links = session.links(round_id) if previous else []
    before: dict[str, list[str]] = {}
    for link in links:
        for sid in link.new:
            before[sid] = list(link.old)
    placed_deleted: set[str] = set()
    deleted_after: dict[str, list[str]] = {}
    last_new = ""
    for link in links:
        if link.new:
            last_new = link.new[-1]
        else:
            deleted_after.setdefault(last_new, []).extend(link.old)
    for sid in deleted_after.get("", []):
        paragraph = document.add_paragraph()
        paragraph._p.append(change("w:del", f"{old_by_sid[sid].label} {old_by_sid[sid].text}"))
        placed_deleted.add(sid)
    for paragraph in current.paragraphs:
        element = document.add_paragraph()
        olds = [old_by_sid[s] for s in before.get(paragraph.sid, []) if s in old_by_sid]
        old_label = " + ".join(p.label for p in olds)
        if previous is not None and not olds:
            element._p.append(change("w:ins", f"{paragraph.label} {paragraph.text}"))
        else:
            for op in diff(old_label or paragraph.label, paragraph.label, readable=False):
                _apply(element, op, change, run)
            element._p.append(run(" "))
            old_text = "\n".join(p.text for p in olds) if olds else paragraph.text
            for op in diff(old_text, paragraph.text):
                _apply(element, op, change, run)
        for sid in deleted_after.get(paragraph.sid, []):
            if sid in placed_deleted:
                continue
            removed = document.add_paragraph()
            removed._p.append(change("w:del", f"{old_by_sid[sid].label} {old_by_sid[sid].text}"))
            placed_deleted.add(sid)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _apply(paragraph: Any, op: Any, change: Any, run: Any) -> None:
    if op.op is Op.EQUAL:
        paragraph._p.append(run(op.new))
        return
    if op.old:
        paragraph._p.append(change("w:del", op.old))
    if op.new:
        paragraph._p.append(change("w:ins", op.new))
