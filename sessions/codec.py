"""Conversion between model values and the plain JSON documents the store keeps."""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
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
    "check_doc",
    "check_tables",
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


_AMENDMENT_KINDS = {kind.value: kind for kind in AmendmentKind}
_AMENDMENT_STATUSES = {status.value: status for status in AmendmentStatus}


def amendment_of(doc: Doc) -> Amendment:
    """An amendment from its stored form.

    A session holds thousands, all read at open, so this trusts the document's shape: the
    store checks the documents of a file it did not write itself (see :func:`check_tables`).
    """
    get = doc.get
    created, changed = get("created"), get("changed")
    return Amendment(
        id=doc["id"],
        round_id=doc["round_id"],
        kind=_AMENDMENT_KINDS[doc["kind"]],
        proposer=doc["proposer"],
        target=get("target"),
        new_label=get("new_label", ""),
        text=get("text", ""),
        anchor=get("anchor", ""),
        supporters=tuple(get("supporters", ())),
        objectors=tuple(get("objectors", ())),
        justification=get("justification", ""),
        status=_AMENDMENT_STATUSES[get("status", "proposed")],
        created=datetime.fromisoformat(created) if created else None,
        changed=datetime.fromisoformat(changed) if changed else None,
        illustrative=bool(get("illustrative", False)),
        origin=get("origin", ""),
        carried=get("carried", ""),
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


#: The fields of each kind of document, in the order the ``*_doc`` functions write them:
#: (name, accepted types, required). Checking them is a
#: fraction of the cost of building the values, which matters on a 40,000-paragraph session.
_Fields = tuple[tuple[str, tuple[type, ...], bool], ...]
_TEXT = (str,)
_MAYBE_TEXT = (str, type(None))
_PARAGRAPH: _Fields = (
    ("pos", (int,), True),
    ("sid", _TEXT, True),
    ("label", _TEXT, True),
    ("kind", _TEXT, True),
    ("number", (int, type(None)), False),
    ("suffix", _TEXT, False),
    ("lead", _TEXT, False),
    ("text", _TEXT, True),
    ("section", _TEXT, False),
    ("status", _TEXT, True),
    ("status_note", _TEXT, False),
)
_STATE: _Fields = (("status", _TEXT, False), ("note", _TEXT, False))
_AMENDMENT: _Fields = (
    ("id", _TEXT, True),
    ("round_id", _TEXT, True),
    ("kind", _TEXT, True),
    ("proposer", _TEXT, True),
    ("target", _MAYBE_TEXT, False),
    ("new_label", _TEXT, False),
    ("text", _TEXT, False),
    ("anchor", _TEXT, False),
    ("supporters", (list,), False),
    ("objectors", (list,), False),
    ("justification", _TEXT, False),
    ("status", _TEXT, False),
    ("created", _MAYBE_TEXT, False),
    ("changed", _MAYBE_TEXT, False),
    ("illustrative", (bool,), False),
    ("origin", _TEXT, False),
    ("carried", _TEXT, False),
)
_ENUMS: dict[str, dict[str, frozenset[str]]] = {
    "round": {"kind": frozenset(ParagraphKind)},
    "amendments": {
        "kind": frozenset(AmendmentKind),
        "status": frozenset(AmendmentStatus),
    },
}


def _shapes(fields: _Fields) -> tuple[tuple[str, ...], frozenset[tuple[type, ...]]]:
    """The keys, in order, of a document this module writes, and every tuple of their types."""
    names = tuple(name for name, _, _ in fields)
    return names, frozenset(itertools.product(*(types for _, types, _ in fields)))


_SHAPES = {id(fields): _shapes(fields) for fields in (_PARAGRAPH, _STATE, _AMENDMENT)}


def _fields(doc: Doc, fields: _Fields, enums: dict[str, frozenset[str]]) -> None:
    names, shapes = _SHAPES[id(fields)]
    if tuple(doc) == names and tuple(map(type, doc.values())) in shapes:
        # The common case, a document as this module wrote it: two comparisons.
        for name, allowed in enums.items():
            if doc[name] not in allowed:
                raise ValueError(f"{name} {doc[name]!r} is unknown")
        return
    for name, types, required in fields:
        if name not in doc:
            if required:
                raise KeyError(name)
            continue
        value = doc[name]
        # ``type(value) in`` rather than isinstance: True must not pass for a position.
        if type(value) not in types:
            raise TypeError(f"{name} is {type(value).__name__}")
    for name, allowed in enums.items():
        if name in doc and doc[name] not in allowed:
            raise ValueError(f"{name} {doc[name]!r} is unknown")


def _amendment_shape(doc: Doc) -> None:
    _fields(doc, _AMENDMENT, _ENUMS["amendments"])
    for name in ("supporters", "objectors"):
        _texts(doc.get(name, []))
    for name in ("created", "changed"):
        time_of(doc.get(name))


def _event_shape(doc: Doc) -> None:
    """Check a journal event without copying the documents it carries (the journal is long)."""
    if type(doc["seq"]) is not int or time_of(doc["at"]) is None:
        raise ValueError("event without a number or a time")
    _text(doc["action"])
    _text(doc.get("summary", ""))
    undoes = doc.get("undoes")
    if undoes is not None and type(undoes) is not int:
        raise TypeError("an undo that names no event")
    changes = doc.get("changes", [])
    if not isinstance(changes, list):
        raise TypeError("event changes are not a list")
    for change in changes:
        table = _text(change["table"])
        _text(change["key"])
        for side in ("before", "after"):
            value = change.get(side)
            if value is not None:
                check_doc(table, value)


#: How each family of tables (the name before ``:``) checks one of its documents.
_CHECKS: dict[str, Any] = {
    "session": session_of,
    "rounds": round_of,
    "round": lambda doc: _fields(doc, _PARAGRAPH, _ENUMS["round"]),
    "state": lambda doc: _fields(doc, _STATE, {}),
    "links": link_of,
    "amendments": _amendment_shape,
    "events": _event_shape,
}


#: The field each family's documents are keyed by.
_KEYS = {"rounds": "id", "round": "sid", "amendments": "id", "events": "seq"}


def check_doc(table: str, doc: Any) -> None:
    """Raise ``ValueError`` unless ``doc`` has the shape documents of ``table`` have."""
    family = table.partition(":")[0]
    check = _CHECKS.get(family)
    if check is None:
        raise ValueError(f"unknown table {table!r}")
    if not isinstance(doc, dict):
        raise ValueError(f"a document of {table!r} is not a record")
    try:
        check(doc)
    except (KeyError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        reason = f"no {exc}" if isinstance(exc, KeyError) else str(exc)
        raise ValueError(f"a document of {table!r} is malformed: {reason}") from None


def check_tables(tables: Mapping[str, dict[str, Any]], names: Iterable[str] | None = None) -> None:
    """Raise ``ValueError`` unless the documents of a session file have the shape this code reads.

    A file edited by hand can be valid JSON and still hold a number where text belongs; checked
    at open, it is restored from a backup instead of failing later, mid-session.

    Args:
        tables: The session's tables.
        names: Check only these tables (besides the metadata and the rounds); all by default.
    """
    if "session" not in tables.get("session", {}):
        raise ValueError("no session metadata")
    if not tables.get("rounds"):
        raise ValueError("no rounds")
    for name in list(tables) if names is None else {"session", "rounds", *names}:
        key_field = _KEYS.get(name.partition(":")[0])
        for key, doc in tables.get(name, {}).items():
            check_doc(name, doc)
            # A document is found by its key: a key that is not its id loses it.
            if key_field is not None and key != str(doc[key_field]):
                raise ValueError(f"a document of {name!r} is filed under {key!r}, not its id")
