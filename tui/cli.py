"""The ``rapporteur`` command: the TUI by default, and the same verbs for scripts."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from sessions import (
    InputError,
    OpenSession,
    ParsedDraft,
    SessionsError,
    SessionSummary,
    Store,
    UnrelatedDraftError,
    __version__,
    data_dir,
    read_draft,
)
from sessions.codec import stamp
from sessions.compare import compare
from sessions.diff import DiffOp
from sessions.export import EXTENSIONS, FORMATS, Options, export_bytes
from sessions.export.jsonio import load_session
from sessions.importing import parse_text
from sessions.samples import create_sample

if TYPE_CHECKING:
    from rich.text import Text

__all__ = ["main"]

LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")


class _Parser(argparse.ArgumentParser):
    """argparse that reports a usage error in one sentence and exits with code 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"rapporteur: {message} (see 'rapporteur --help').\n")


def _build_parser() -> argparse.ArgumentParser:  # noqa: PLR0915 - one verb after another
    parser = _Parser(
        prog="rapporteur",
        description="A workbench for the rapporteur of informal consultations on a draft.",
    )
    parser.add_argument("--version", action="version", version=f"rapporteur {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="PATH",
        help="where session files live (default: $RAPPORTEUR_DATA_DIR, else the user data folder)",
    )
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", parser_class=_Parser)

    verb = verbs.add_parser("open", help="open the TUI on a session")
    verb.add_argument("name")
    verbs.add_parser("sample", help="(re)create the bundled sample session and open it")
    verbs.add_parser("where", help="print where session files live")

    verb = verbs.add_parser("parse", help="parse a draft and print its paragraphs; writes nothing")
    verb.add_argument("file", type=Path)
    verb.add_argument("--json", action="store_true", help="print JSON")
    verb.add_argument("--language", choices=LANGUAGES, help="the draft's language, if known")

    verb = verbs.add_parser("compare", help="align two drafts, print concordance and diffs")
    verb.add_argument("old", type=Path)
    verb.add_argument("new", type=Path)
    verb.add_argument("--json", action="store_true", help="print JSON")
    verb.add_argument("--language", choices=LANGUAGES, help="the drafts' language, if known")

    verb = verbs.add_parser("compile", help="compile the next round from accepted amendments")
    verb.add_argument("name")
    verb.add_argument("-o", "--output", type=Path, metavar="PATH", help="write the draft there")
    verb.add_argument("--renumber", action="store_true", help="renumber PP1.. OP1.. (no bis)")
    verb.add_argument("--add", action="store_true", help="add it to the session as a round")
    verb.add_argument("--round", default="", metavar="LABEL", help="the new round's label")

    verb = verbs.add_parser("export", help="export a session summary or the session itself")
    verb.add_argument("name")
    verb.add_argument("--format", required=True, choices=FORMATS, help="what to write")
    verb.add_argument(
        "-o",
        "--output",
        type=Path,
        metavar="PATH",
        help="where (default: beside; - for standard output)",
    )
    verb.add_argument("--round", default="", metavar="R", help="one round (id or label)")
    verb.add_argument("--history", action="store_true", help="every round in the summary")
    verb.add_argument("--open-only", action="store_true", help="only paragraphs still open")
    verb.add_argument("--no-text", action="store_true", help="without paragraph text")

    verb = verbs.add_parser("load", help="recreate a session from its JSON export")
    verb.add_argument("file", type=Path)
    verb.add_argument("--name", default=None, help="the session's name (default: as exported)")

    verb = verbs.add_parser("sessions", help="list sessions")
    verb.add_argument("--json", action="store_true", help="print JSON")

    verb = verbs.add_parser("new", help="start a session from a draft")
    verb.add_argument("name")
    verb.add_argument("file", type=Path)
    verb.add_argument("--round", default="Zero draft", metavar="LABEL", help="the round's label")
    verb.add_argument("--json", action="store_true", help="print JSON")
    verb.add_argument("--language", choices=LANGUAGES, help="the draft's language, if known")

    verb = verbs.add_parser("import", help="add a round to a session")
    verb.add_argument("name")
    verb.add_argument("file", type=Path)
    verb.add_argument("--round", default="", metavar="LABEL", help="the round's label (Rev.N)")
    verb.add_argument("--json", action="store_true", help="print JSON")
    verb.add_argument("--language", choices=LANGUAGES, help="the draft's language, if known")
    verb.add_argument(
        "--unrelated",
        action="store_true",
        help="import even a draft that shares no paragraph with the last round",
    )

    verb = verbs.add_parser("undo", help="revert the last change of a session")
    verb.add_argument("name")
    verb.add_argument("--json", action="store_true", help="print JSON")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (0 success, 2 bad input)."""
    args = _build_parser().parse_args(argv)
    store = Store(data_dir(args.data_dir))
    handlers: dict[str | None, Callable[[Store, argparse.Namespace], int]] = {
        None: _tui,
        "open": _tui,
        "sample": _tui,
        "where": _where,
        "parse": _parse,
        "compare": _compare,
        "compile": _compile,
        "export": _export,
        "load": _load,
        "sessions": _sessions,
        "new": _new,
        "import": _import,
        "undo": _undo,
    }
    try:
        return handlers[args.verb](store, args)
    except SessionsError as exc:
        return _fail(str(exc))
    except OSError as exc:
        where = f" {exc.filename}" if exc.filename else ""
        return _fail(f"Cannot use{where}: {exc.strerror or exc}.")
    except KeyboardInterrupt:
        return 130


def _fail(message: str) -> int:
    print(f"rapporteur: {message}", file=sys.stderr)
    return 2


def _print_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def _summary_json(summary: SessionSummary) -> dict[str, Any]:
    return {
        "name": summary.name,
        "title": summary.title,
        "symbol": summary.symbol,
        "rounds": summary.rounds,
        "paragraphs": summary.paragraphs,
        "amendments": summary.amendments,
        "statuses": summary.statuses,
        "changed": stamp(summary.changed),
    }


def _warn_recovery(session: OpenSession) -> None:
    if session.recovery:
        print(f"rapporteur: {session.recovery}", file=sys.stderr)


def _where(store: Store, args: argparse.Namespace) -> int:
    print(store.root)
    return 0


def draft_json(draft: ParsedDraft) -> dict[str, Any]:
    """The ``parse --json`` contract."""
    return {
        "source": draft.source,
        "format": draft.format,
        "encoding": draft.encoding,
        "language": draft.language,
        "title": draft.title,
        "symbol": draft.symbol,
        "meeting": draft.meeting,
        "formula": draft.formula,
        "paragraphs": [
            {
                "label": p.label,
                "kind": p.kind.value,
                "number": p.number,
                "suffix": p.suffix,
                "lead": p.lead,
                "text": p.text,
                "section": p.section,
                "status": str(p.status),
                "status_note": p.status_note,
                "brackets": p.brackets,
                "notes": list(p.notes),
            }
            for p in draft.paragraphs
        ],
        "warnings": list(draft.warnings),
    }


def _parse(store: Store, args: argparse.Namespace) -> int:
    draft = read_draft(args.file, language=args.language)
    if args.json:
        _print_json(draft_json(draft))
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(markup=False, highlight=False)
    heading = Text()
    heading.append(draft.title or draft.source, style="bold")
    details = [draft.symbol, draft.meeting, draft.language, draft.format, draft.encoding]
    heading.append("  " + "  ".join(d for d in details if d))
    console.print(heading)
    table = Table("label", "kind", "status", "[", "text", show_lines=False, expand=True)
    table.columns[4].ratio = 1
    # Fold long words: a run of Chinese has no space to wrap at.
    table.columns[4].overflow = "fold"
    for p in draft.paragraphs:
        text = Text()
        if p.lead and p.text.startswith(p.lead):
            text.append(p.lead, style="italic")
            text.append(p.text[len(p.lead) :])
        else:
            text.append(p.text)
        table.add_row(Text(p.label), p.kind.value, str(p.status), str(p.brackets), text)
    console.print(table)
    for warning in draft.warnings:
        console.print(Text(f"warning: {warning}", style="yellow"))
    return 0


def _compare(store: Store, args: argparse.Namespace) -> int:
    old = read_draft(args.old, language=args.language)
    new = read_draft(args.new, language=args.language)
    comparison = compare(old.paragraphs, new.paragraphs)
    if args.json:
        _print_json(
            {
                "old": {"title": old.title, "paragraphs": len(old.paragraphs)},
                "new": {"title": new.title, "paragraphs": len(new.paragraphs)},
                "links": [
                    {
                        "old": list(link.old),
                        "new": list(link.new),
                        "kind": link.kind.value,
                        "renumbered": link.renumbered,
                        "similarity": link.similarity,
                        "diff": [
                            {"op": op.op.value, "old": op.old, "new": op.new} for op in link.diff
                        ],
                    }
                    for link in comparison.links
                ],
                "stats": comparison.stats,
            }
        )
        return 0
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    console = Console(markup=False, highlight=False)
    table = Table("old", "new", "kind", "similarity", "renumbered", title="Concordance")
    for link in comparison.links:
        table.add_row(
            Text(" + ".join(link.old) or "-"),
            Text(" + ".join(link.new) or "-"),
            link.kind.value,
            f"{link.similarity:.2f}" if link.old and link.new else "",
            "yes" if link.renumbered else "",
        )
    console.print(table)
    for link in comparison.links:
        if link.kind.value == "unchanged":
            continue
        heading = f"{' + '.join(link.old) or '(new)'} -> {' + '.join(link.new) or '(deleted)'}"
        console.print(Text(f"{heading}  {link.kind.value}", style="bold"))
        console.print(diff_text(link.diff))
        console.print()
    stats = ", ".join(f"{count} {kind}" for kind, count in comparison.stats.items() if count)
    console.print(Text(stats))
    return 0


def diff_text(ops: Sequence[DiffOp]) -> Text:
    """A diff as Rich text: deleted struck through in red, inserted underlined in green."""
    from rich.text import Text

    text = Text()
    for op in ops:
        if op.op.value == "equal":
            text.append(op.new)
            continue
        if op.old:
            text.append(op.old, style="strike red")
        if op.new:
            text.append(op.new, style="underline green")
    return text


def _sessions(store: Store, args: argparse.Namespace) -> int:
    summaries = store.list_sessions()
    if args.json:
        _print_json([_summary_json(s) for s in summaries])
        return 0
    if not summaries:
        print(f"No sessions in {store.root}.")
        return 0
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(
        "name", "title", "symbol", "rounds", "¶", "amend.", "changed", box=box.SIMPLE_HEAD
    )
    for s in summaries:
        changed = s.changed.astimezone().strftime("%m-%d %H:%M") if s.changed else ""
        table.add_row(
            s.name, s.title, s.symbol, str(s.rounds), str(s.paragraphs), str(s.amendments), changed
        )
    # Titles come from documents: markup=False keeps "[brackets]" literal.
    for column in table.columns:
        column.no_wrap = True
        column.min_width = max(len(str(column.header)), 3)
    table.columns[0].overflow = "fold"
    table.columns[1].overflow = "ellipsis"
    table.columns[1].max_width = 20
    table.pad_edge = False
    Console(markup=False, highlight=False).print(table)
    return 0


def _new(store: Store, args: argparse.Namespace) -> int:
    store.check_name(args.name)
    draft = read_draft(args.file, language=args.language)
    with store.create(args.name, draft, round_label=args.round) as session:
        summary = session.summary()
        session_round = session.rounds()[-1].label
    if args.json:
        _print_json(_summary_json(summary))
    else:
        print(
            f"Created session '{summary.name}' from {args.file.name}: "
            f"{summary.paragraphs} paragraphs in {session_round}."
        )
    return 0


def _import(store: Store, args: argparse.Namespace) -> int:
    with store.open(args.name) as session:
        _warn_recovery(session)
        draft = read_draft(args.file, language=args.language)
        try:
            report = session.add_round(draft, label=args.round, unrelated=args.unrelated)
        except UnrelatedDraftError as exc:
            raise InputError(f"{exc}; --unrelated imports it all the same.") from None
        labels = {p.sid: p.label for p in session.round(report.info.id).paragraphs}
    info = report.info
    stats: dict[str, int] = {}
    for link in report.links:
        stats[link.kind.value] = stats.get(link.kind.value, 0) + 1
    outcomes: dict[str, int] = {}
    for item in report.reconciled:
        outcomes[item.outcome.value] = outcomes.get(item.outcome.value, 0) + 1
    flags = [
        {
            "old": flag.old.label,
            "new": labels.get(flag.new.sid) if flag.new else None,
            "reason": flag.reason,
        }
        for flag in report.flags
    ]
    if args.json:
        _print_json(
            {
                "round": info.id,
                "label": info.label,
                "paragraphs": info.paragraph_count,
                "links": stats,
                "amendments": outcomes,
                "flags": flags,
            }
        )
        return 0
    print(
        f"Added {info.label} to '{args.name}' from {args.file.name}: "
        f"{info.paragraph_count} paragraphs."
    )
    if stats:
        print("Links: " + ", ".join(f"{n} {kind}" for kind, n in stats.items()) + ".")
    if outcomes:
        print("Open amendments: " + ", ".join(f"{n} {what}" for what, n in outcomes.items()) + ".")
    for flag in flags:
        print(f"Check: {flag['old']} {flag['reason']}.")
    return 0


def _compile(store: Store, args: argparse.Namespace) -> int:
    with store.open(args.name) as session:
        _warn_recovery(session)
        text, notes = session.compile_next(renumber=args.renumber)
        if args.output is not None:
            try:
                with args.output.open("x", encoding="utf-8") as handle:
                    handle.write(text)
            except FileExistsError:
                raise InputError(f"{args.output} exists already; choose another name.") from None
        else:
            print(text)
        for note in notes:
            print(f"rapporteur: {note}", file=sys.stderr)
        if args.add:
            source = args.output.name if args.output is not None else "compiled"
            # Compiled from this session's own round: a revision of it whatever the wording.
            report = session.add_round(
                parse_text(text, source=source), label=args.round, unrelated=True
            )
            print(
                f"Added {report.info.label}: {report.info.paragraph_count} paragraphs.",
                file=sys.stderr,
            )
    return 0


def _export(store: Store, args: argparse.Namespace) -> int:
    with store.open(args.name, read_only=True) as session:
        round_id = session.find_round(args.round).id if args.round else None
        options = Options(
            round_id=round_id,
            history=args.history,
            open_only=args.open_only,
            with_text=not args.no_text,
        )
        data = export_bytes(session, args.format, options)
    if args.output is not None and str(args.output) == "-":
        try:
            sys.stdout.buffer.write(data)  # "-o -": to standard output, for a pipe
            sys.stdout.flush()
        except BrokenPipeError:
            # The reader stopped early (| head): nothing to say about it.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    output = args.output or Path.cwd() / f"{args.name}{EXTENSIONS[args.format]}"
    if not output.name or output.is_dir():
        raise InputError(f"{str(output) or 'An empty path'} is a folder; give a file name.")
    try:
        store.write_file(output, data)
    except OSError as exc:
        raise InputError(f"Cannot write {output}: {exc.strerror or exc}.") from None
    print(f"Exported '{args.name}' as {args.format} to {output}.")
    return 0


def _load(store: Store, args: argparse.Namespace) -> int:
    name = load_session(store, args.file, args.name)
    print(f"Loaded session '{name}' from {args.file.name}.")
    return 0


def _undo(store: Store, args: argparse.Namespace) -> int:
    with store.open(args.name) as session:
        _warn_recovery(session)
        event = session.undo()
    if event is None:
        raise InputError(f"Nothing to undo in session '{args.name}'.")
    if args.json:
        _print_json({"seq": event.seq, "undoes": event.undoes, "summary": event.summary})
    else:
        print(event.summary)
    return 0


def _tui(store: Store, args: argparse.Namespace) -> int:
    name: str | None = getattr(args, "name", None)
    if args.verb == "sample" or (name is None and not store.names()):
        name = create_sample(store, replace=args.verb == "sample")
    elif name is not None:
        store.check_name(name)
        if not store.exists(name):
            raise InputError(f"No session named '{name}'; `rapporteur sessions` lists them.")
    else:
        name = store.last_used()
    from tui.app import RapporteurApp

    RapporteurApp(store=store, session_name=name).run()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
