"""The summary as one self-contained, printable HTML file: escaped text, inline CSS, right to
left for Arabic."""

from __future__ import annotations

from html import escape

from sessions.diff import DiffOp, Op
from sessions.export.summary import ParagraphEntry, Summary
from sessions.model import Status

__all__ = ["write_html"]

_CSS = """
body { font-family: "Times New Roman", "Noto Serif", "SimSun", serif; max-width: 50em;
       margin: 2em auto; line-height: 1.45; color: #111; }
h1 { font-size: 1.4em; } h2 { border-bottom: 1px solid #999; margin-top: 2em; }
h3 { font-size: 1.05em; margin-bottom: .2em; }
.status { font-weight: normal; font-size: .9em; color: #444; }
del { color: #a00; } ins { font-weight: bold; text-decoration: underline; }
.amendments { margin: .3em 0 1em 1.5em; } .meta { color: #555; }
table { border-collapse: collapse; } td, th { border: 1px solid #bbb; padding: .2em .6em; }
@media print { body { margin: 0; max-width: none; } }
"""


def _dir(text: str) -> str:
    arabic = sum("\u0600" <= c <= "\u06ff" for c in text)
    return ' dir="rtl"' if arabic > len(text) / 4 else ""


def _status(status: object) -> str:
    return status.words if isinstance(status, Status) else str(status)


def _marked(ops: tuple[DiffOp, ...]) -> str:
    """A text with its changes marked: deleted struck through, new text bold and underlined."""
    return "".join(
        escape(op.new)
        if op.op is Op.EQUAL
        else (f"<del>{escape(op.old)}</del>" if op.old else "")
        + (f"<ins>{escape(op.new)}</ins>" if op.new else "")
        for op in ops
    )


def _paragraph(entry: ParagraphEntry) -> str:
    head = f"<h3>{escape(entry.label)} <span class='status'>{escape(_status(entry.status))}"
    if entry.status_note:
        head += f" {escape(entry.status_note)}"
    head += "</span></h3>"
    parts = [head]
    if entry.new:
        parts.append("<p class='meta'>New in this round.</p>")
    elif entry.previous_label and entry.previous_label != entry.label:
        parts.append(f"<p class='meta'>Was {escape(entry.previous_label)}.</p>")
    if entry.text:
        body = _marked(entry.changes) if entry.changes else escape(entry.text)
        parts.append(f"<p{_dir(entry.text)}>{body.replace(chr(10), '<br>')}</p>")
    if entry.note:
        parts.append(f"<p class='meta'>Note: {escape(entry.note)}</p>")
    if entry.amendments:
        items = []
        for index, amendment in enumerate(entry.amendments):
            ops = entry.proposals[index] if index < len(entry.proposals) else ()
            proposal = _marked(ops) if ops else escape(amendment.text)
            item = (
                f"<li><strong>{escape(amendment.proposer)}</strong> proposes to "
                f"{escape(amendment.kind.value.replace('_', ' '))}"
            )
            if amendment.text:
                item += f": <span{_dir(amendment.text)}>{proposal}</span>"
            if amendment.supporters:
                item += f"<br>Supported by {escape(', '.join(amendment.supporters))}"
            if amendment.objectors:
                item += f"<br>Opposed by {escape(', '.join(amendment.objectors))}"
            items.append(item + "</li>")
        parts.append(f"<ul class='amendments'>{''.join(items)}</ul>")
    return "\n".join(parts)


def write_html(summary: Summary) -> str:
    """The summary as an HTML document."""
    rtl = ' dir="rtl"' if summary.language == "ar" else ""
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{escape(summary.language)}"{rtl}>',
        "<head><meta charset='utf-8'>",
        f"<title>{escape(summary.title or summary.name)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{escape(summary.title or summary.name)}</h1>",
        f"<p class='meta'>{escape(summary.symbol)} — exported "
        f"{escape(summary.exported_at.strftime('%Y-%m-%d %H:%M UTC'))}</p>",
    ]
    for round_ in summary.rounds:
        out.append(f"<h2>{escape(round_.label)}</h2>")
        rows = "".join(
            f"<tr><td>{escape(_status(Status(k)) if k in Status._value2member_map_ else k)}</td>"
            f"<td>{n}</td><td>{round_.counts_change.get(k, 0):+d}</td></tr>"
            for k, n in round_.counts.items()
            if n or round_.counts_change.get(k)
        )
        out.append(
            f"<table><tr><th>Status</th><th>Paragraphs</th><th>Change</th></tr>{rows}</table>"
        )
        out.append(f"<p>Brackets left: {round_.brackets} ({round_.brackets_change:+d})</p>")
        out += [_paragraph(entry) for entry in round_.paragraphs]
        if round_.deleted:
            out.append(f"<h3>Deleted since {escape(round_.previous_label)}</h3><ul>")
            out += [f"<li><del>{escape(a)}: {escape(b)}</del></li>" for a, b in round_.deleted]
            out.append("</ul>")
        if round_.renumbered:
            out.append("<h3>Renumbered paragraphs</h3><table><tr><th>Before</th><th>Now</th></tr>")
            out += [
                f"<tr><td>{escape(a)}</td><td>{escape(b)}</td></tr>" for a, b in round_.renumbered
            ]
            out.append("</table>")
        if round_.by_delegation:
            out.append("<h3>Outstanding by delegation</h3><ul>")
            out += [
                f"<li><strong>{escape(name)}</strong>: {escape('; '.join(items))}</li>"
                for name, items in round_.by_delegation.items()
            ]
            out.append("</ul>")
    out.append("</body></html>")
    return "\n".join(out)
