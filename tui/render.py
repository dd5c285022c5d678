"""Rich text for document content: paragraphs, statuses, diffs, amendments. Never markup."""

from __future__ import annotations

import re

from rich.console import Group, RenderableType
from rich.text import Text

from sessions import Amendment, AmendmentStatus, Paragraph, Status, StatusValue
from sessions.diff import DiffOp, Op, diff

__all__ = [
    "STATUS_KEYS",
    "amendment_card",
    "diff_text",
    "paragraph_text",
    "safe",
    "status_badge",
]

#: Number keys that set a paragraph's status.
STATUS_KEYS: dict[str, Status] = {
    "1": Status.OPEN,
    "2": Status.PENDING,
    "3": Status.AGREED_AD_REF,
    "4": Status.AGREED,
    "5": Status.DELETED,
}
STATUS_STYLES = {
    Status.OPEN: "dim",
    Status.PENDING: "bold yellow",
    Status.AGREED_AD_REF: "bold cyan",
    Status.AGREED: "bold green",
    Status.DELETED: "bold red",
}
AMENDMENT_STYLES = {
    AmendmentStatus.PROPOSED: "bold",
    AmendmentStatus.ACCEPTED: "bold green",
    AmendmentStatus.REJECTED: "bold red",
    AmendmentStatus.WITHDRAWN: "dim",
    AmendmentStatus.SUPERSEDED: "dim",
    AmendmentStatus.INCORPORATED: "green",
}
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: str) -> str:
    """Text made safe to draw: no control characters, no direction overrides."""
    return _CONTROL.sub("\ufffd", text.translate(_BIDI))


_SHORT = {Status.AGREED_AD_REF: "Ad ref"}


def status_badge(status: StatusValue, *, short: bool = False) -> Text:
    """A status as a coloured word; a custom status shows as typed, in magenta."""
    if not isinstance(status, Status):
        try:
            status = Status(status)
        except ValueError:
            return Text(safe(str(status)), style="magenta")
    words = _SHORT.get(status, status.words) if short else status.words
    return Text(words, style=STATUS_STYLES[status])


def _with_brackets(text: str, base: str = "") -> Text:
    """Text with square brackets, the negotiation's open questions, highlighted."""
    out = Text(style=base)
    depth = 0
    for char in safe(text):
        if char == "[":
            depth += 1
            out.append(char, style="bold magenta")
        elif char == "]":
            out.append(char, style="bold magenta")
            depth = max(0, depth - 1)
        else:
            out.append(char, style="on grey23" if depth else "")
    return out


def paragraph_text(paragraph: Paragraph) -> Text:
    """A paragraph in full: lead phrase in italics, brackets highlighted, status and notes."""
    text = Text()
    text.append(paragraph.label, style="bold")
    text.append("  ")
    text.append_text(status_badge(paragraph.status))
    if paragraph.status_note:
        text.append(f"  {safe(paragraph.status_note)}", style="dim")
    if paragraph.section:
        text.append(f"  {safe(paragraph.section)}", style="dim italic")
    text.append("\n\n")
    body = paragraph.text
    if paragraph.lead and body.startswith(paragraph.lead):
        text.append(safe(paragraph.lead), style="italic")
        body = body[len(paragraph.lead) :]
    text.append_text(_with_brackets(body))
    if paragraph.note:
        text.append("\n\nNote: ", style="bold")
        text.append(safe(paragraph.note))
    return text


def diff_text(ops: list[DiffOp]) -> Text:
    """A diff inline: deleted text struck through in red, inserted text underlined in green."""
    text = Text()
    for op in ops:
        if op.op is Op.EQUAL:
            text.append(safe(op.new))
            continue
        if op.old:
            text.append(safe(op.old), style="strike red")
        if op.new:
            text.append(safe(op.new), style="underline green")
    return text


def amendment_card(amendment: Amendment, paragraph: Paragraph | None) -> RenderableType:
    """An amendment: who, what, its inline diff against the paragraph, support and objection."""
    head = Text()
    head.append(safe(amendment.proposer), style="bold")
    head.append(f"  {amendment.kind.value.replace('_', ' ')}")
    if amendment.new_label:
        head.append(f" {safe(amendment.new_label)}")
    head.append("  ")
    head.append(amendment.status.value, style=AMENDMENT_STYLES[amendment.status])
    if amendment.illustrative:
        head.append("  (illustrative)", style="dim italic")
    if amendment.carried:
        head.append(f"  carried forward: {safe(amendment.carried)}", style="yellow")
    parts: list[RenderableType] = [head]
    if amendment.text and paragraph is not None and amendment.target is not None:
        parts.append(diff_text(diff(paragraph.text, amendment.text)))
    elif amendment.text:
        parts.append(Text(safe(amendment.text), style="underline green"))
    people = Text()
    if amendment.supporters:
        people.append("+ ", style="green")
        people.append(safe(", ".join(amendment.supporters)))
    if amendment.objectors:
        if amendment.supporters:
            people.append("   ")
        people.append("- ", style="red")
        people.append(safe(", ".join(amendment.objectors)))
    if people:
        parts.append(people)
    if amendment.justification:
        parts.append(Text(safe(amendment.justification), style="dim italic"))
    parts.append(Text(""))
    return Group(*parts)
