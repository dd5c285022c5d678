"""The summary as Markdown: readable as plain text, document text escaped so it never turns into
links or emphasis (``[alt 1][alt 2]`` stays two bracketed alternatives)."""

from __future__ import annotations

import re

from sessions.diff import DiffOp, Op
from sessions.export.summary import ParagraphEntry, Summary
from sessions.model import Status

__all__ = ["escape", "write_markdown"]

_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~!])")
# At the start of a line, "1." opens a list, "-" and "+" a bullet, ">" a quote.
_LINE_START = re.compile(r"^(\s*)(\d+)([.)])|^(\s*)([-+])(?=\s)")


def _escape_line(line: str) -> str:
    line = _SPECIAL.sub(r"\\\1", line)
    return _LINE_START.sub(
        lambda m: (
            f"{m.group(1)}{m.group(2)}\\{m.group(3)}"
            if m.group(2)
            else f"{m.group(4)}\\{m.group(5)}"
        ),
        line,
    )


def escape(text: str) -> str:
    """Markdown-escape document text; line breaks stay line breaks."""
    return "  \n".join(_escape_line(line) for line in text.split("\n"))


def _status(status: object) -> str:
    return status.words if isinstance(status, Status) else str(status)


def _change(n: int) -> str:
    return f" ({n:+d})" if n else ""


def _marked(ops: tuple[DiffOp, ...]) -> str:
    """A text with its changes marked the UN way: deleted struck through, new in bold."""
    marked = []
    for op in ops:
        if op.op is Op.EQUAL:
            marked.append(escape(op.new))
            continue
        if op.old.strip():
            marked.append(f"~~{escape(op.old)}~~")
        if op.new.strip():
            marked.append(f"**{escape(op.new)}**")
    return "".join(marked)


def _paragraph(entry: ParagraphEntry) -> list[str]:
    head = f"### {escape(entry.label)} — {escape(_status(entry.status))}"
    if entry.status_note:
        head += f" {escape(entry.status_note)}"
    lines = [head, ""]
    if entry.new:
        lines.append("*New in this round.*")
    elif entry.previous_label and entry.previous_label != entry.label:
        lines.append(f"*Was {escape(entry.previous_label)}.*")
    if entry.text:
        if entry.changes:
            lines.append(_marked(entry.changes))
        else:
            lines.append(escape(entry.text))
        lines.append("")
    if entry.note:
        lines += [f"Note: {escape(entry.note)}", ""]
    for index, amendment in enumerate(entry.amendments):
        ops = entry.proposals[index] if index < len(entry.proposals) else ()
        shown = _marked(ops) if ops else escape(amendment.text)
        lines.append(
            f"- **{escape(amendment.proposer)}** proposes to "
            f"{amendment.kind.value.replace('_', ' ')}" + (f": {shown}" if amendment.text else "")
        )
        if amendment.supporters:
            lines.append(f"  - supported by {escape(', '.join(amendment.supporters))}")
        if amendment.objectors:
            lines.append(f"  - opposed by {escape(', '.join(amendment.objectors))}")
    if entry.amendments:
        lines.append("")
    return lines


def write_markdown(summary: Summary) -> str:
    """The summary as a Markdown document."""
    lines = [f"# {escape(summary.title or summary.name)}", ""]
    if summary.symbol:
        lines.append(f"Symbol: {escape(summary.symbol)}  ")
    lines += [f"Exported {summary.exported_at.strftime('%Y-%m-%d %H:%M UTC')}", ""]
    for round_ in summary.rounds:
        lines += [f"## {escape(round_.label)}", ""]
        if round_.previous_label:
            lines += [
                f"Changes since {escape(round_.previous_label)} are marked: ~~deleted~~, **new**.",
                "",
            ]
        lines += ["| Status | Paragraphs |", "|---|---|"]
        for key, count in round_.counts.items():
            if count or round_.counts_change.get(key):
                name = _status(Status(key)) if key in Status._value2member_map_ else key
                change = _change(round_.counts_change.get(key, 0))
                lines.append(f"| {escape(name)} | {count}{change} |")
        lines += ["", f"Brackets left: {round_.brackets}{_change(round_.brackets_change)}", ""]
        for entry in round_.paragraphs:
            lines += _paragraph(entry)
        if round_.deleted:
            lines += [f"### Deleted since {escape(round_.previous_label)}", ""]
            lines += [f"- ~~{escape(label)}: {escape(text)}~~" for label, text in round_.deleted]
            lines.append("")
        if round_.renumbered:
            lines += ["### Renumbered paragraphs", "", "| Before | Now |", "|---|---|"]
            lines += [f"| {escape(a)} | {escape(b)} |" for a, b in round_.renumbered]
            lines.append("")
        if round_.by_delegation:
            lines += ["### Outstanding by delegation", ""]
            for name, items in round_.by_delegation.items():
                lines.append(f"- **{escape(name)}**: " + "; ".join(escape(i) for i in items))
            lines.append("")
    return "\n".join(lines)
