"""The whole session as JSON, lossless: ``rapporteur load`` recreates an identical session."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

from sessions.errors import InputError
from sessions.storage import SCHEMA, JournalStorage

if TYPE_CHECKING:
    from pathlib import Path

    from sessions.store import OpenSession, Store

__all__ = ["FORMAT", "load_session", "write_json"]

FORMAT = "rapporteur-export"


def write_json(session: OpenSession) -> bytes:
    """Every table of the session (rounds, statuses, amendments, links, journal) as one JSON."""
    document = {
        "format": FORMAT,
        "schema": SCHEMA,
        "name": session.name,
        "tables": session.tables(),
    }
    return orjson.dumps(document, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)


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
    if document.get("schema") != SCHEMA or not isinstance(document.get("tables"), dict):
        raise InputError(f"{path.name} was exported by another version of Rapporteur.")
    tables = document["tables"]
    session_doc = tables.get("session", {}).get("session")
    if not isinstance(session_doc, dict):
        raise InputError(f"{path.name} holds no session.")
    target = store.check_name(name or str(document.get("name", "")))
    if store.exists(target):
        raise InputError(f"A session named '{target}' exists already; load it under another name.")
    session_doc["name"] = target
    store.root.mkdir(parents=True, exist_ok=True)
    JournalStorage.create(store.path(target), tables)
    with store.open(target):
        pass  # opening validates every table and keeps the first backup
    return target
