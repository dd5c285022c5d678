"""Conversion between model values and the plain JSON documents the store keeps."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson

from sessions.model import (
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    Change,
    Event,
    Link,
    LinkKind,
    Paragraph,
    ParagraphKind,
    RoundInfo,
    Session,
    parse_status,
)

__all__ = [
    "amendment_doc",
    "amendment_of",
    "event_doc",
    "event_of",
    "link_doc",
    "link_of",
    "paragraph_doc",
    "paragraph_of",
    "round_doc",
    "round_of",
    "session_doc",
    "session_of",
    "stamp",
    "time_of",
]

Doc = dict[str, Any]


def stamp(moment: datetime | None) -> str | None:
    """An ISO 8601 string for a time, to the millisecond."""
    return moment.isoformat(timespec="milliseconds") if moment else None


def time_of(value: Any) -> datetime | None:
    """The time an ISO 8601 string holds, or None."""
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"expected text, found {type(value).__name__}")
    return value


def _texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, found {type(value).__name__}")
    return tuple(_text(v) for v in value)


def session_doc(session: Session) -> Doc:
    """The stored form of a session's metadata."""
    return {
        "name": session.name,
        "title": session.title,
        "symbol": session.symbol,
        "body": session.body,
        "languages": list(session.languages),
        "created": stamp(session.created),
    }


def session_of(doc: Doc) -> Session:
    """A session's metadata from its stored form."""
    return Session(
        name=_text(doc["name"]),
        title=_text(doc["title"]),
        symbol=_text(doc.get("symbol", "")),
        body=_text(doc.get("body", "")),
        languages=_texts(doc.get("languages", [])),
        created=time_of(doc.get("created")),
    )


def round_doc(info: RoundInfo) -> Doc:
    """The stored form of a round's metadata."""
    return {
        "id": info.id,
        "index": info.index,
        "label": info.label,
        "source": info.source,
        "imported_at": stamp(info.imported_at),
        "paragraph_count": info.paragraph_count,
        "formula": info.formula,
    }


def round_of(doc: Doc) -> RoundInfo:
    """A round's metadata from its stored form."""
    return RoundInfo(
        id=_text(doc["id"]),
        index=int(doc["index"]),
        label=_text(doc["label"]),
        source=_text(doc.get("source", "")),
        imported_at=time_of(doc.get("imported_at")),
        paragraph_count=int(doc.get("paragraph_count", 0)),
        formula=_text(doc.get("formula", "")),
    )


def paragraph_doc(paragraph: Paragraph, position: int) -> Doc:
    """The stored form of a paragraph as imported, with its place in the round."""
    return {
        "pos": position,
        "sid": paragraph.sid,
        "label": paragraph.label,
        "kind": paragraph.kind.value,
        "number": paragraph.number,
        "suffix": paragraph.suffix,
        "lead": paragraph.lead,
        "text": paragraph.text,
        "section": paragraph.section,
        "status": str(paragraph.status),
        "status_note": paragraph.status_note,
    }


def paragraph_of(doc: Doc, state: Doc | None = None) -> Paragraph:
    """A paragraph from its stored form, with the rapporteur's changes in ``state`` applied."""
    status = (state or {}).get("status", doc["status"])
    number = doc.get("number")
    return Paragraph(
        sid=_text(doc["sid"]),
        label=_text(doc["label"]),
        kind=ParagraphKind(doc["kind"]),
        text=_text(doc["text"]),
        number=int(number) if number is not None else None,
        suffix=_text(doc.get("suffix", "")),
        lead=_text(doc.get("lead", "")),
        section=_text(doc.get("section", "")),
        status=parse_status(_text(status)),
        status_note=_text(doc.get("status_note", "")),
        note=_text((state or {}).get("note", "")),
    )


def amendment_doc(amendment: Amendment) -> Doc:
    """The stored form of an amendment."""
    return {
        "id": amendment.id,
        "round_id": amendment.round_id,
        "kind": amendment.kind.value,
        "proposer": amendment.proposer,
        "target": amendment.target,
        "new_label": amendment.new_label,
        "text": amendment.text,
        "anchor": amendment.anchor,
        "supporters": list(amendment.supporters),
        "objectors": list(amendment.objectors),
        "justification": amendment.justification,
        "status": amendment.status.value,
        "created": stamp(amendment.created),
        "changed": stamp(amendment.changed),
        "illustrative": amendment.illustrative,
        "origin": amendment.origin,
        "carried": amendment.carried,
    }


def amendment_of(doc: Doc) -> Amendment:
    """An amendment from its stored form."""
    target = doc.get("target")
    return Amendment(
        id=_text(doc["id"]),
        round_id=_text(doc["round_id"]),
        kind=AmendmentKind(doc["kind"]),
        proposer=_text(doc["proposer"]),
        target=_text(target) if target is not None else None,
        new_label=_text(doc.get("new_label", "")),
        text=_text(doc.get("text", "")),
        anchor=_text(doc.get("anchor", "")),
        supporters=_texts(doc.get("supporters", [])),
        objectors=_texts(doc.get("objectors", [])),
        justification=_text(doc.get("justification", "")),
        status=AmendmentStatus(doc.get("status", "proposed")),
        created=time_of(doc.get("created")),
        changed=time_of(doc.get("changed")),
        illustrative=bool(doc.get("illustrative", False)),
        origin=_text(doc.get("origin", "")),
        carried=_text(doc.get("carried", "")),
    )


def link_doc(link: Link) -> Doc:
    """The stored form of a lineage link."""
    return {
        "old_round": link.old_round,
        "new_round": link.new_round,
        "old": list(link.old),
        "new": list(link.new),
        "kind": link.kind.value,
        "similarity": link.similarity,
        "renumbered": link.renumbered,
        "fixed": link.fixed,
    }


def link_of(doc: Doc) -> Link:
    """A lineage link from its stored form."""
    return Link(
        old_round=_text(doc["old_round"]),
        new_round=_text(doc["new_round"]),
        old=_texts(doc["old"]),
        new=_texts(doc["new"]),
        kind=LinkKind(doc["kind"]),
        similarity=float(doc.get("similarity", 1.0)),
        renumbered=bool(doc.get("renumbered", False)),
        fixed=bool(doc.get("fixed", False)),
    )


def _copy(doc: Doc | None) -> Doc | None:
    """A deep copy, so a stored document and a returned value never share a dict."""
    return orjson.loads(orjson.dumps(doc)) if doc is not None else None


def event_doc(event: Event) -> Doc:
    """The stored form of a journal event."""
    return {
        "seq": event.seq,
        "at": stamp(event.at),
        "action": event.action,
        "summary": event.summary,
        "changes": [
            {"table": c.table, "key": c.key, "before": _copy(c.before), "after": _copy(c.after)}
            for c in event.changes
        ],
        "undoes": event.undoes,
        "undoable": event.undoable,
    }


def event_of(doc: Doc) -> Event:
    """A journal event from its stored form."""
    at = time_of(doc["at"])
    if at is None:
        raise ValueError("event without a time")
    undoes = doc.get("undoes")
    return Event(
        seq=int(doc["seq"]),
        at=at,
        action=_text(doc["action"]),
        summary=_text(doc.get("summary", "")),
        changes=tuple(
            Change(
                table=_text(c["table"]),
                key=_text(c["key"]),
                before=_copy(c.get("before")),
                after=_copy(c.get("after")),
            )
            for c in doc.get("changes", [])
        ),
        undoes=int(undoes) if undoes is not None else None,
        undoable=bool(doc.get("undoable", True)),
    )
