"""Screens across rounds: compare two rounds, a paragraph's history, progress; their dialogs."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import (
    Button,
    Checkbox,
    DataTable,
    Footer,
    Input,
    Label,
    Select,
    Sparkline,
    Static,
)

from sessions import Link, LinkKind, OpenSession, Paragraph, Round, SessionsError, Status
from sessions.diff import Op, diff
from sessions.export import EXTENSIONS, FORMATS
from sessions.rounds import Flag, progress
from tui.dialogs import Confirm, PathSuggester, TextPrompt
from tui.render import amendment_card, diff_text, safe, status_badge

__all__ = [
    "CompareScreen",
    "CompileDialog",
    "CompileRequest",
    "ExportDialog",
    "ExportRequest",
    "HistoryScreen",
    "ImportDialog",
    "ImportRequest",
    "ProgressScreen",
]

_FILTERS = ("all", "changed", "moved", "added", "deleted")
_KIND_STYLES = {
    LinkKind.UNCHANGED: "dim",
    LinkKind.MODIFIED: "yellow",
    LinkKind.MOVED: "cyan",
    LinkKind.MERGED: "magenta",
    LinkKind.SPLIT: "magenta",
    LinkKind.ADDED: "green",
    LinkKind.DELETED: "red",
}


def _similarity(link: Link) -> str:
    """Two decimals, never 1.00 for a text that changed (a comma is a change)."""
    if link.kind is LinkKind.UNCHANGED:
        return "1.00"
    return f"{min(int(link.similarity * 100), 99) / 100:.2f}"


class CompareScreen(Screen[None]):
    """Two rounds side by side: the concordance, and each link's diff inline or in two columns."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "step(1)", "Next change", id="next"),
        Binding("p", "step(-1)", "Previous change", id="previous"),
        Binding("f", "cycle_filter", "Filter", id="filter"),
        Binding("t", "toggle_columns", "Inline/columns", id="columns"),
        Binding("l", "relink", "Relink", id="relink"),
        Binding("r", "choose_rounds", "Rounds", id="rounds"),
        Binding("escape,q", "close", "Back", id="close"),
    ]

    def __init__(self, session: OpenSession, old_round: str, new_round: str) -> None:
        super().__init__()
        self.session = session
        self.old: Round = session.round(old_round)
        self.new: Round = session.round(new_round)
        self.filter = "all"
        self.columns = False
        self.links: list[Link] = []
        self.rows: list[Link] = []

    def compose(self) -> ComposeResult:
        yield Static(id="compare-summary")
        with Horizontal(id="compare"):
            yield DataTable(id="concordance", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="compare-detail"):
                yield Static(id="compare-heading")
                yield Static(id="compare-inline")
                with Horizontal(id="compare-columns"):
                    yield Static(id="compare-old")
                    yield Static(id="compare-new")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#concordance", DataTable)
        table.add_column("Old", key="old", width=12)
        table.add_column("New", key="new", width=12)
        table.add_column("Kind", key="kind", width=9)
        table.add_column("Sim.", key="similarity", width=4)
        table.add_column("", key="flags", width=3)
        self._load()
        table.focus()

    def _load(self, keep: int | None = None) -> None:
        self.links = self.session.links_between(self.old.id, self.new.id)
        self.flags = self._flags()
        self._fill(keep)

    def _flags(self) -> dict[str, Flag]:
        previous = self.session.previous_round(self.new.id)
        if previous is None or previous.id != self.old.id:
            return {}
        return {flag.old.sid: flag for flag in self.session.decision_flags(self.new.id)}

    def _passes(self, link: Link) -> bool:
        if self.filter == "all":
            return True
        if self.filter == "changed":
            return link.kind is not LinkKind.UNCHANGED
        return link.kind.value == self.filter

    def _labels(self, round_: Round, sids: tuple[str, ...]) -> str:
        found = [round_.by_sid(s) for s in sids]
        return " + ".join(p.label for p in found if p is not None) or "—"

    def _fill(self, keep: int | None = None) -> None:
        table = self.query_one("#concordance", DataTable)
        table.clear()
        self.rows = [link for link in self.links if self._passes(link)]
        for link in self.rows:
            kind = Text(link.kind.value, style=_KIND_STYLES[link.kind])
            marks = Text()
            if link.renumbered:
                marks.append("#", style="cyan")
            if link.fixed:
                marks.append("✎", style="bold")
            if any(s in self.flags for s in link.old):
                marks.append("!", style="bold red")
            table.add_row(
                Text(safe(self._labels(self.old, link.old))),
                Text(safe(self._labels(self.new, link.new))),
                kind,
                _similarity(link) if link.old and link.new else "",
                marks,
            )
        if keep is not None and self.rows:
            table.move_cursor(row=min(keep, len(self.rows) - 1))
        self._summary()
        self._show()

    def _summary(self) -> None:
        counts: dict[str, int] = {}
        for link in self.links:
            counts[link.kind.value] = counts.get(link.kind.value, 0) + 1
        line = Text()
        line.append(f"{safe(self.old.label)} → {safe(self.new.label)}", style="bold cyan")
        line.append("   " + ", ".join(f"{n} {k}" for k, n in counts.items()))
        carried = self.session.reconciliation(self.new.id)
        if carried:
            line.append(f"   {len(carried)} amendments carried forward", style="yellow")
        if self.flags:
            line.append(f"   {len(self.flags)} decisions to check (!)", style="bold red")
        line.append(f"   filter: {self.filter}", style="italic")
        self.query_one("#compare-summary", Static).update(line)

    def _selected(self) -> Link | None:
        table = self.query_one("#concordance", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    @on(DataTable.RowHighlighted, "#concordance")
    def _highlighted(self) -> None:
        self._show()

    def _texts(self, link: Link) -> tuple[str, str]:
        old = [p for p in (self.old.by_sid(s) for s in link.old) if p is not None]
        new = [p for p in (self.new.by_sid(s) for s in link.new) if p is not None]
        return "\n".join(p.text for p in old), "\n".join(p.text for p in new)

    def _show(self) -> None:
        link = self._selected()
        inline = self.query_one("#compare-inline", Static)
        columns = self.query_one("#compare-columns", Horizontal)
        inline.display = not self.columns
        columns.display = self.columns
        if link is None:
            self.query_one("#compare-heading", Static).update("")
            inline.update(Text("No link matches the filter (f changes it).", style="dim"))
            return
        old_text, new_text = self._texts(link)
        heading = Text()
        heading.append(
            f"{self._labels(self.old, link.old)} → {self._labels(self.new, link.new)}", style="bold"
        )
        heading.append(f"  {link.kind.value}", style=_KIND_STYLES[link.kind])
        if link.old and link.new:
            heading.append(f"  similarity {_similarity(link)}")
        for sid in link.old:
            flag = self.flags.get(sid)
            if flag is not None:
                heading.append(f"\nCheck: {flag.old.label} {flag.reason}.", style="bold red")
        ops = diff(old_text, new_text)
        self.query_one("#compare-heading", Static).update(heading)
        if not self.columns:
            inline.update(diff_text(ops))
            return
        left, right = Text(), Text()
        for op in ops:
            if op.op is Op.EQUAL:
                left.append(safe(op.old))
                right.append(safe(op.new))
            else:
                left.append(safe(op.old), style="strike red")
                right.append(safe(op.new), style="underline green")
        old_title = Text(safe(self.old.label), style="bold cyan")
        new_title = Text(safe(self.new.label), style="bold cyan")
        self.query_one("#compare-old", Static).update(Group(old_title, left))
        self.query_one("#compare-new", Static).update(Group(new_title, right))

    def action_step(self, direction: int) -> None:
        """Jump to the next (or previous) link that is not unchanged."""
        table = self.query_one("#concordance", DataTable)
        row = table.cursor_row
        for _ in range(len(self.rows)):
            row += direction
            if not 0 <= row < len(self.rows):
                return
            if self.rows[row].kind is not LinkKind.UNCHANGED:
                table.move_cursor(row=row)
                return

    def action_cycle_filter(self) -> None:
        """All links, changed only, moved, added, deleted."""
        self.filter = _FILTERS[(_FILTERS.index(self.filter) + 1) % len(_FILTERS)]
        self._fill(0)

    def action_toggle_columns(self) -> None:
        """Show the diff inline or in two columns."""
        self.columns = not self.columns
        self._show()

    def action_relink(self) -> None:
        """Say by hand which old paragraphs the selected new one continues."""
        link = self._selected()
        if link is None:
            return
        previous = self.session.previous_round(self.new.id)
        if previous is None or previous.id != self.old.id:
            self.notify("Links are set between a round and the one before it.", severity="warning")
            return
        if link.new:
            target = self._labels(self.new, link.new)
            title = f"{target} in {self.new.label} continues which paragraphs of {self.old.label}?"
            help_text = "Labels joined by +, e.g. OP12 or OP3+OP4; '-' if it is new."
        else:
            target = self._labels(self.old, link.old)
            title = f"{target} of {self.old.label} became which paragraphs of {self.new.label}?"
            help_text = "Labels joined by +, e.g. OP12; '-' if it was deleted."

        def save(answer: str | None) -> None:
            if answer is None:
                return
            labels = [] if answer.strip() in ("-", "") else [x.strip() for x in answer.split("+")]
            other = self.old if link.new else self.new
            found = [other.by_label(x) for x in labels]
            if any(p is None for p in found):
                self.notify(
                    f"No such paragraph in {other.label}: {answer}", severity="error", markup=False
                )
                return
            sids = [p.sid for p in found if p is not None]
            try:
                if link.new:
                    self.session.relink(self.new.id, sids, link.new)
                else:
                    self.session.relink(self.new.id, link.old, sids)
            except SessionsError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.notify("Link saved; the others were recomputed around it.", timeout=3)
            self._load(self.query_one("#concordance", DataTable).cursor_row)

        self.app.push_screen(TextPrompt(title, help=help_text), save)

    def action_choose_rounds(self) -> None:
        """Compare any two rounds."""
        rounds = self.session.rounds()
        names = ", ".join(r.label for r in rounds)

        def chosen(answer: str | None) -> None:
            if not answer:
                return
            parts = [x.strip() for x in answer.replace("→", ">").split(">")]
            try:
                old, new = (
                    (self.session.find_round(x) for x in parts) if len(parts) == 2 else (None, None)
                )
            except SessionsError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            if old is None or new is None:
                self.notify("Write two rounds: Zero draft > Rev.1", severity="error")
                return
            self.old, self.new = self.session.round(old.id), self.session.round(new.id)
            self._load(0)

        self.app.push_screen(
            TextPrompt(
                "Compare rounds (old > new)",
                value=f"{self.old.label} > {self.new.label}",
                help=f"Rounds: {names}",
            ),
            chosen,
        )

    def action_close(self) -> None:
        """Back to the workbench."""
        self.dismiss(None)


class HistoryScreen(Screen[None]):
    """One paragraph through every round: text (changes marked), status, and its amendments."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "close", "Back", id="close")]

    def __init__(self, session: OpenSession, round_id: str, sid: str) -> None:
        super().__init__()
        self.session = session
        self.round_id = round_id
        self.sid = sid
        self.chain: list[tuple[Round, Paragraph]] = []

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="history-scroll"):
            yield Static(id="history-text")
        yield Footer()

    def on_mount(self) -> None:
        chain = self.chain = self.session.history(self.round_id, self.sid)
        parts: list[RenderableType] = []
        previous: Paragraph | None = None
        for round_, paragraph in chain:
            heading = Text()
            heading.append(f"{safe(round_.label)}  ", style="bold cyan")
            heading.append(f"{safe(paragraph.label)}  ", style="bold")
            heading.append_text(status_badge(paragraph.status))
            if paragraph.status_note:
                heading.append(f"  {safe(paragraph.status_note)}", style="dim")
            parts.append(heading)
            if previous is None:
                parts.append(Text(safe(paragraph.text)))
            else:
                parts.append(diff_text(diff(previous.text, paragraph.text)))
            for amendment in self.session.amendments(round_id=round_.id, target=paragraph.sid):
                parts.append(amendment_card(amendment, paragraph))
            parts.append(Text(""))
            previous = paragraph
        self.query_one("#history-text", Static).update(Group(*parts))

    def action_close(self) -> None:
        """Back to the workbench."""
        self.dismiss(None)


class ProgressScreen(Screen[None]):
    """Round after round: counts by status and brackets left, as numbers and as a chart."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "close", "Back", id="close")]

    def __init__(self, session: OpenSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        rounds = [self.session.round(r.id) for r in self.session.rounds()]
        rows = progress(rounds)
        table = Table("Round", "¶", *(s.words for s in Status), "[ left", expand=False)
        for row in rows:
            table.add_row(
                Text(safe(row.label)),
                str(row.paragraphs),
                *(str(row.statuses.get(s.value, 0)) for s in Status),
                str(row.brackets),
            )
        with Vertical(id="progress"):
            yield Label("Progress by round", classes="dialog-title")
            yield Static(table)
            yield Label("Brackets left")
            yield Sparkline([r.brackets for r in rows], id="brackets-chart")
            yield Label("Agreed and agreed ad ref")
            yield Sparkline(
                [r.statuses.get("agreed", 0) + r.statuses.get("agreed_ad_ref", 0) for r in rows],
                id="agreed-chart",
            )
        yield Footer()

    def action_close(self) -> None:
        """Back to the workbench."""
        self.dismiss(None)


@dataclass(frozen=True, slots=True)
class ExportRequest:
    """What to export, how, and where."""

    format: str
    path: Path
    history: bool
    open_only: bool
    with_text: bool


class ExportDialog(ModalScreen[ExportRequest | None]):
    """Export the summary (Markdown, HTML, Word), tracked changes, JSON, CSV or Akoma Ntoso."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, folder: Path, name: str) -> None:
        super().__init__()
        self.folder = folder
        self.name_ = name

    def compose(self) -> ComposeResult:
        labels = {
            "md": "Summary, Markdown",
            "html": "Summary, HTML (printable)",
            "docx": "Summary, Word",
            "docx-changes": "This round against the last, Word tracked changes",
            "json": "The whole session, JSON (rapporteur load)",
            "csv": "Amendments, CSV",
            "akn": "This round, Akoma Ntoso XML",
        }
        with Vertical(classes="dialog wide"):
            yield Label("Export", classes="dialog-title")
            yield Select(
                [(labels[f], f) for f in FORMATS], value="md", allow_blank=False, id="format"
            )
            yield Checkbox("Every round (else this one)", id="every-round")
            yield Checkbox("Only paragraphs still open", id="open-only")
            yield Checkbox("Without paragraph text", id="no-text")
            yield Label("Save to")
            yield Input(value=str(self._path("md")), id="path", suggester=PathSuggester())
            with Horizontal(classes="buttons"):
                yield Button("Export", id="export", variant="primary")
                yield Button("Cancel", id="cancel")

    def _path(self, format: str) -> Path:
        return self.folder / f"{self.name_}{EXTENSIONS[format]}"

    @on(Select.Changed, "#format")
    def _format(self, event: Select.Changed) -> None:
        self.query_one("#path", Input).value = str(self._path(str(event.value)))

    @on(Button.Pressed, "#export")
    @on(Input.Submitted, "#path")
    def _export(self) -> None:
        typed = self.query_one("#path", Input).value.strip()
        if not typed:
            self.notify("Where to? Type a file path.", severity="warning")
            return
        path = Path(os.path.expanduser(typed))
        # Problems with the place are said here, with the path still in the box to correct.
        if path.is_dir():
            self.notify(f"{path} is a folder: add a file name.", severity="warning", markup=False)
            return
        if not path.parent.is_dir():
            self.notify(
                f"There is no folder {path.parent}.", severity="warning", markup=False, timeout=6
            )
            return
        format = str(self.query_one("#format", Select).value)
        suffix = path.suffix.casefold()
        known = {extension.rpartition(".")[2] for extension in EXTENSIONS.values()}
        if suffix[1:] in known and not EXTENSIONS[format].endswith(suffix):
            self.notify(
                f"{path.name} ends in {suffix} but the format is {format}: change one of them.",
                severity="warning",
                markup=False,
                timeout=6,
            )
            return
        request = ExportRequest(
            format,
            path,
            self.query_one("#every-round", Checkbox).value,
            self.query_one("#open-only", Checkbox).value,
            not self.query_one("#no-text", Checkbox).value,
        )
        if not path.exists():
            self.dismiss(request)
            return

        def answered(replace: bool | None) -> None:
            if replace:
                self.dismiss(request)

        # A draft or an earlier summary lives there: never overwrite it unasked.
        self.app.push_screen(Confirm(f"{path.name} exists already. Replace it?"), answered)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without exporting."""
        self.dismiss(None)


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """A revision to import: its file and its round label."""

    path: Path
    label: str
    #: Import even a draft that shares no paragraph with the last round.
    unrelated: bool = False


class ImportDialog(ModalScreen[ImportRequest | None]):
    """Import the facilitator's next revision."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, suggested_label: str) -> None:
        super().__init__()
        self.suggested_label = suggested_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label("Import the next revision", classes="dialog-title")
            yield Label("Draft file (.txt, .md, .docx, .pdf); → completes the path")
            yield Input(placeholder="~/drafts/rev1.docx", id="path", suggester=PathSuggester())
            yield Label("Round label")
            yield Input(value=self.suggested_label, id="label")
            with Horizontal(classes="buttons"):
                yield Button("Import", id="import", variant="primary")
                yield Button("Cancel", id="cancel")

    @on(Input.Submitted, "#path")
    @on(Input.Submitted, "#label")
    @on(Button.Pressed, "#import")
    def _import(self) -> None:
        path = self.query_one("#path", Input).value.strip()
        if not path:
            self.notify("Which file? Type its path first.", severity="warning")
            return
        label = self.query_one("#label", Input).value.strip()
        self.dismiss(ImportRequest(Path(os.path.expanduser(path)), label))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without importing."""
        self.dismiss(None)


@dataclass(frozen=True, slots=True)
class CompileRequest:
    """Where to write the compiled next round, and how."""

    path: Path | None
    renumber: bool
    add: bool
    label: str


class CompileDialog(ModalScreen[CompileRequest | None]):
    """Compile the next round from the accepted amendments."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="cancel")]

    def __init__(self, suggested_path: str, suggested_label: str) -> None:
        super().__init__()
        self.suggested_path = suggested_path
        self.suggested_label = suggested_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Label(
                "Compile the next round from the accepted amendments", classes="dialog-title"
            )
            yield Label("Write the draft to (empty: do not write a file)")
            yield Input(value=self.suggested_path, id="path", suggester=PathSuggester())
            yield Checkbox(
                "Renumber paragraphs (else new ones keep their bis labels)", id="renumber"
            )
            yield Checkbox("Add it to the session as the next round", value=True, id="add")
            yield Label("Round label")
            yield Input(value=self.suggested_label, id="label")
            with Horizontal(classes="buttons"):
                yield Button("Compile", id="compile", variant="primary")
                yield Button("Cancel", id="cancel")

    @on(Button.Pressed, "#compile")
    @on(Input.Submitted)
    def _compile(self) -> None:
        path = self.query_one("#path", Input).value.strip()
        self.dismiss(
            CompileRequest(
                Path(os.path.expanduser(path)) if path else None,
                self.query_one("#renumber", Checkbox).value,
                self.query_one("#add", Checkbox).value,
                self.query_one("#label", Input).value.strip(),
            )
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without compiling."""
        self.dismiss(None)
