"""Exports of a session: the summary (Markdown, HTML, Word), tracked changes in Word, the whole
session as JSON, the amendments as CSV, a round as Akoma Ntoso."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sessions.errors import InputError
from sessions.export.summary import Options, Summary, build_summary

if TYPE_CHECKING:
    from sessions.store import OpenSession

__all__ = ["EXTENSIONS", "FORMATS", "Options", "Summary", "build_summary", "export_bytes"]

#: Formats, with the file name ending each writes.
EXTENSIONS = {
    "md": ".md",
    "html": ".html",
    "docx": ".docx",
    "docx-changes": ".changes.docx",
    "json": ".json",
    "csv": ".csv",
    "akn": ".akn.xml",
}
FORMATS = tuple(EXTENSIONS)


def export_bytes(session: OpenSession, format: str, options: Options | None = None) -> bytes:
    """The session exported in ``format``, as the bytes of the file to write.

    Raises:
        InputError: An unknown format or round.
    """
    options = options or Options()
    if options.round_id is not None:
        session.round(options.round_id)  # one clear error for an unknown round
    if format == "md":
        from sessions.export.markdown import write_markdown

        return write_markdown(build_summary(session, options)).encode("utf-8")
    if format == "html":
        from sessions.export.html import write_html

        return write_html(build_summary(session, options)).encode("utf-8")
    if format == "docx":
        from sessions.export.word import write_docx

        return write_docx(build_summary(session, options))
    if format == "docx-changes":
        from sessions.export.word import write_tracked_changes

        return write_tracked_changes(session, options.round_id)
    if format == "json":
        from sessions.export.jsonio import write_json

        return write_json(session)
    if format == "csv":
        from sessions.export.table import write_csv

        return write_csv(session, options.round_id)
    if format == "akn":
        from sessions.export.akn import write_akn

        return write_akn(session, options.round_id)
    raise InputError(f"Unknown export format '{format}': use one of {', '.join(FORMATS)}.")
