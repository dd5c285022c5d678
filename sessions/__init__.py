"""Rapporteur's domain: sessions, rounds, paragraphs and amendments, parsed, stored and compared.

Nothing here imports a terminal library; the ``tui`` package is one face of it, scripts another.
"""

from __future__ import annotations

from sessions.errors import (
    CorruptSessionError,
    InputError,
    NotASessionError,
    ReadOnlyError,
    SessionExistsError,
    SessionLockedError,
    SessionsError,
    StorageError,
    UnrelatedDraftError,
)
from sessions.importing import ParsedDraft, ParsedParagraph, parse_text, read_draft
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
    Round,
    RoundInfo,
    Session,
    SessionSummary,
    Status,
    StatusValue,
    parse_status,
)
from sessions.store import ImportReport, OpenSession, PreparedRound, Store, data_dir

__version__ = "0.1.0"

__all__ = [
    "Amendment",
    "AmendmentKind",
    "AmendmentStatus",
    "Change",
    "CorruptSessionError",
    "Event",
    "ImportReport",
    "InputError",
    "Link",
    "LinkKind",
    "NotASessionError",
    "OpenSession",
    "Paragraph",
    "ParagraphKind",
    "ParsedDraft",
    "ParsedParagraph",
    "PreparedRound",
    "ReadOnlyError",
    "Round",
    "RoundInfo",
    "Session",
    "SessionExistsError",
    "SessionLockedError",
    "SessionSummary",
    "SessionsError",
    "Status",
    "StatusValue",
    "StorageError",
    "Store",
    "UnrelatedDraftError",
    "__version__",
    "data_dir",
    "parse_status",
    "parse_text",
    "read_draft",
]
