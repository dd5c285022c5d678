"""The whole session as JSON, lossless: ``rapporteur load`` recreates an identical session."""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

import orjson

from sessions.codec import check_tables
from sessions.errors import CorruptSessionError, InputError, SessionsError
from sessions.storage import MIGRATIONS, SCHEMA, JournalStorage

if TYPE_CHECKING:
    from pathlib import Path

    from sessions.store import OpenSession, Store

__all__ = ["FORMAT", "load_session", "write_json"]

FORMAT = "rapporteur-export"


_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS


def write_json(session: OpenSession) -> bytes:
    """Every table of the session (rounds, statuses, amendments, links, journal) as one JSON.

    The document is what ``orjson.dumps`` with two-space indentation and sorted keys makes of
    ``{"format", "name", "schema", "tables"}``, written one table at a time so a large session
    is never held twice in memory.
    """
    head = orjson.dumps({"format": FORMAT, "name": session.name, "schema": SCHEMA}, option=_OPTIONS)
    out = bytearray(head[: -len(b"\n}")])
    out += b',\n  "tables": {'
    for number, (name, table) in enumerate(session.iter_tables()):
        out += b"," if number else b""
        # JSON strings hold no raw newline: indenting the lines nests the table two levels.
        out += b"\n    " + orjson.dumps(name) + b": "
        out += orjson.dumps(table, option=_OPTIONS).replace(b"\n", b"\n    ")
    out += b"\n  }\n}"
    return bytes(out)


def load_session(store: Store, path: Path, name: str | None = None) -> str:
    """Recreate a session from its JSON export; return its name.

    Raises:
        InputError: The file is not a Rapporteur export, or the session exists already.
    """
    try:
        document: Any = orjson.loads(path.read_bytes())
    except FileNotFoundError:
        raise InputError(f"No such file: {path}.") from None
    except (OSError, orjson.JSONDecodeError):
        raise InputError(f"{path.name} is not a Rapporteur JSON export.") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InputError(f"{path.name} is not a Rapporteur JSON export.")
    schema = document.get("schema")
    if not isinstance(schema, int) or not 1 <= schema <= SCHEMA:
        raise InputError(f"{path.name} was exported by a newer version of Rapporteur.")
    if not isinstance(document.get("tables"), dict):
        raise InputError(f"{path.name} holds no session.")
    tables = document["tables"]
    for version in range(schema, SCHEMA):
        tables = MIGRATIONS[version](tables)
    session_table = tables.get("session")
    session_doc = session_table.get("session") if isinstance(session_table, dict) else None
    if not isinstance(session_doc, dict):
        raise InputError(f"{path.name} holds no session.")
    target = store.check_name(name or str(document.get("name", "")))
    if store.exists(target):
        raise InputError(f"A session named '{target}' exists already; load it under another name.")
    session_doc["name"] = target
    try:
        # The file about to be written will vouch for its tables: check them first.
        check_tables(tables)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise InputError(f"{path.name} is not a session Rapporteur can read: {exc}.") from None
    store.root.mkdir(parents=True, exist_ok=True)
    JournalStorage.create(store.path(target), tables)
    try:
        with store.open(target):
            pass  # builds the views once, and keeps the first backup
    except CorruptSessionError as exc:
        # What the checks above missed: take the half-made session away again.
        with contextlib.suppress(SessionsError):
            store.delete(target)
        for left in store.root.glob(f"{store.path(target).name}.corrupt-*"):
            left.unlink(missing_ok=True)
        raise InputError(f"{path.name} is not a session Rapporteur can read: {exc}.") from None
    return target
