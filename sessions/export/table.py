"""The amendment table as CSV: one row an amendment, for a spreadsheet."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sessions.store import OpenSession

__all__ = ["COLUMNS", "write_csv"]

COLUMNS = (
    "round",
    "paragraph",
    "proposer",
    "kind",
    "text",
    "supporters",
    "objectors",
    "status",
    "justification",
    "created",
)


def write_csv(session: OpenSession, round_id: str | None = None) -> bytes:
    """Every amendment (of one round, if given), UTF-8 with a byte-order mark so Excel reads
    Chinese and Arabic right."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for info in session.rounds():
        if round_id is not None and info.id != round_id:
            continue
        current = session.round(info.id)
        for amendment in session.amendments(round_id=info.id):
            paragraph = current.by_sid(amendment.target) if amendment.target else None
            writer.writerow(
                (
                    info.label,
                    paragraph.label if paragraph else amendment.new_label,
                    amendment.proposer,
                    amendment.kind.value,
                    amendment.text,
                    "; ".join(amendment.supporters),
                    "; ".join(amendment.objectors),
                    amendment.status.value,
                    amendment.justification,
                    amendment.created.isoformat(timespec="seconds") if amendment.created else "",
                )
            )
    return buffer.getvalue().encode("utf-8-sig")
