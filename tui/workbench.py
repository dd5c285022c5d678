"""The workbench: a round's paragraphs beside the selected one in full and its amendments."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import ClassVar, Protocol, TypeVar, cast

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.markup import escape as escape_markup
from textual.screen import Screen
from textual.widgets import DataTable, Footer, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from sessions import (
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    Event,
    InputError,
    OpenSession,
    Paragraph,
    ReadOnlyError,
    Round,
    SessionsError,
    Status,
    StatusValue,
    UnrelatedDraftError,
)
from sessions.delegations import canonical
from sessions.export import Options, export_bytes
from sessions.importing import parse_text, read_draft
from sessions.quickentry import parse as parse_quick
from sessions.quickentry import proposed_text
from sessions.store import ImportReport, PreparedRound, Store
from tui.dialogs import (
    AmendmentDraft,
    AmendmentEditor,
    Confirm,
    DelegationSuggester,
    HelpScreen,
    SearchDialog,
    SearchEntry,
    StatusMenu,
    TextPrompt,
)
from tui.render import STATUS_KEYS, amendment_card, paragraph_text, safe, status_badge
from tui.rounds import (
    CompareScreen,
    CompileDialog,
    CompileRequest,
    ExportDialog,
    ExportRequest,
    HistoryScreen,
    ImportDialog,
    ImportRequest,
    ProgressScreen,
)

__all__ = ["WorkbenchScreen"]

T = TypeVar("T")
QUICK_HELP = (
    'OP5 Norway: insert "and girls" after "women"   PP3 EU: delete "urban"\n'
    'OP2 G77: replace "safety" with "security"   OP4 bis Japan: "new text"\n'
    "+OP5 Iceland (supports)   -OP5 USA (objects)   OP7 Mexico: retain"
)


class WorkbenchCommands(Provider):
    """Palette commands of the workbench: go to a paragraph, set its status."""

    async def search(self, query: str) -> Hits:
        screen = self.screen
        if not isinstance(screen, WorkbenchScreen):
            return
        matcher = self.matcher(query)
        for paragraph in screen.current.paragraphs:
            command = f"Go to {paragraph.label}"
            score = matcher.match(command)
            if score > 0:
                # Textual's highlight reads markup: a label is escaped on its way in.
                command = escape_markup(command)
                # No help line: Textual reads a hit's help as markup, and document text never is.
                yield Hit(score, matcher.highlight(command), _bind(screen.go_to, paragraph.sid))
        for status in Status:
            command = f"Set status: {status.words}"
            score = matcher.match(command)
            if score > 0:
                yield Hit(score, matcher.highlight(command), _bind(screen.set_status, status))
        for command, action in screen.round_commands():
            score = matcher.match(command)
            if score > 0:
                yield Hit(score, matcher.highlight(command), action)

    async def discover(self) -> Hits:
        screen = self.screen
        if not isinstance(screen, WorkbenchScreen):
            return
        for command, action in screen.round_commands():
            yield DiscoveryHit(command, action)
        for status in Status:
            yield DiscoveryHit(f"Set status: {status.words}", _bind(screen.set_status, status))


def _bind(function: Callable[[T], object], value: T) -> Callable[[], None]:
    def call() -> None:
        function(value)

    return call


class SessionHost(Protocol):
    """The app a workbench lives in: its store, and how it shows another open session."""

    store: Store

    def open_session(self, name: str, *, take_over: bool = False) -> None: ...


class WorkbenchScreen(Screen[None]):
    """Run the consultation: find a paragraph, record amendments and positions, set statuses."""

    COMMANDS: ClassVar = Screen.COMMANDS | {WorkbenchCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j", "move(1)", "Down", show=False, id="down"),
        Binding("k", "move(-1)", "Up", show=False, id="up"),
        Binding("slash", "search", "Search", id="search"),
        Binding("a", "amend", "Amend", id="amend"),
        Binding("colon", "quick", "Quick entry", id="quick"),
        Binding("plus", "position('support')", "Support", id="support"),
        Binding("minus", "position('object')", "Object", id="object"),
        Binding("s", "status_menu", "Status", id="status"),
        Binding("1", "status('1')", "Open", show=False, id="status-1"),
        Binding("2", "status('2')", "Pending", show=False, id="status-2"),
        Binding("3", "status('3')", "Agreed ad ref", show=False, id="status-3"),
        Binding("4", "status('4')", "Agreed", show=False, id="status-4"),
        Binding("5", "status('5')", "Deleted", show=False, id="status-5"),
        Binding("A", "decide('accepted')", "Accept", id="accept"),
        Binding("R", "decide('rejected')", "Reject", show=False, id="reject"),
        Binding("W", "decide('withdrawn')", "Withdraw", show=False, id="withdraw"),
        Binding("n", "note", "Note", id="note"),
        Binding("f", "filter_status", "Filter", id="filter"),
        Binding("d", "filter_delegation", "By delegation", show=False, id="filter-delegation"),
        Binding("x", "clear_filters", "Clear filters", show=False, id="clear-filters"),
        Binding("ctrl+z", "undo", "Undo", id="undo"),
        Binding("left_square_bracket", "round(-1)", "Previous round", show=False, id="round-back"),
        Binding("right_square_bracket", "round(1)", "Next round", show=False, id="round-on"),
        Binding("i", "import_round", "Import revision", id="import"),
        Binding("c", "compare", "Compare", id="compare"),
        Binding("h", "history", "History", show=False, id="history"),
        Binding("P", "progress", "Progress", show=False, id="progress"),
        Binding("C", "compile", "Compile next round", show=False, id="compile"),
        Binding("e", "export", "Export", id="export"),
        Binding("ctrl+r", "take_over", "Take over", show=False, id="take-over"),
        Binding("question_mark", "help", "Help", id="help"),
        Binding("escape", "close", "Sessions", id="close"),
        Binding("q", "app.quit", "Quit", id="quit"),
    ]

    def __init__(self, session: OpenSession) -> None:
        super().__init__()
        self.session = session
        self.current: Round = session.current_round()
        self.status_filter: StatusValue | None = None
        self.delegation_filter: str | None = None
        self.changed = session.changed_since_previous(self.current.id)
        self.shown: list[Paragraph] = list(self.current.paragraphs)
        self._new_paragraphs: dict[str, list[Amendment]] = {}
        self._place = ""
        self._noted = ""
        self._shown_sid = ""

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(id="summary")
        with Horizontal(id="workbench"):
            yield DataTable(id="paragraphs", cursor_type="row", zebra_stripes=True)
            with Vertical(id="detail"):
                with VerticalScroll(id="paragraph-scroll", can_focus=False):
                    yield Static(id="paragraph")
                yield OptionList(id="amendments")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#paragraphs", DataTable)
        # Fixed widths: measuring 2,000 rows to size columns would cost half a second at start.
        width = max([5, *(len(p.label) for p in self.current.paragraphs[:5000])])
        table.add_column("Label", key="label", width=min(width, 24))
        table.add_column("Status", key="status", width=7)
        table.add_column("Am.", key="amendments", width=3)
        table.add_column("[", key="brackets", width=3)
        table.add_column("Δ", key="changed", width=1)
        table.add_column("Text", key="text", width=60)
        name, place = self.store_place()
        self._fill(keep=place if name == self.session.name and place else None)
        table.focus()
        if self.session.recovery:
            self.notify(self.session.recovery, severity="warning", markup=False, timeout=20)
        if self.session.read_only:
            self.notify(
                f"This session is {self.session.why_read_only}: read-only here. "
                f"{self._take_over_hint()}.",
                severity="warning",
                markup=False,
                timeout=10,
            )

    def _row(self, paragraph: Paragraph) -> list[object]:
        open_count = sum(a.status.is_open for a in self._amendments_of(paragraph))
        return [
            Text(safe(paragraph.label), style="bold"),
            status_badge(paragraph.status, short=True),
            Text(str(open_count) if open_count else "", style="bold yellow"),
            Text(str(paragraph.brackets) if paragraph.brackets else "", style="magenta"),
            Text("•" if paragraph.sid in self.changed else "", style="cyan"),
            # The column shows one line, 60 cells at most: measuring more is time lost.
            Text(safe(paragraph.text[:64].replace("\n", " ")), no_wrap=True, overflow="ellipsis"),
        ]

    def _fill(self, keep: str | None = None) -> None:
        """Fill the table with the paragraphs that pass the filters."""
        table = self.query_one("#paragraphs", DataTable)
        keep = keep or self.selected_sid()
        self._index_new_paragraphs()
        table.clear()
        self.shown = [p for p in self.current.paragraphs if self._passes(p)]
        for paragraph in self.shown:
            table.add_row(*self._row(paragraph), key=paragraph.sid)
        if keep is not None and any(p.sid == keep for p in self.shown):
            table.move_cursor(row=table.get_row_index(keep))
        self._summary()
        self._show()

    def _passes(self, paragraph: Paragraph) -> bool:
        if self.status_filter is not None and str(paragraph.status) != str(self.status_filter):
            return False
        if self.delegation_filter is not None:
            wanted = self.delegation_filter.casefold()
            return any(
                wanted
                in (a.proposer.casefold(), *(d.casefold() for d in a.supporters + a.objectors))
                for a in self._amendments_of(paragraph)
            )
        return True

    def _summary(self) -> None:
        meta = self.session.session
        counts = self.current.status_counts()
        line = Text()
        line.append(safe(meta.title or meta.name), style="bold")
        if meta.symbol and meta.symbol not in meta.title:
            line.append(f"  {safe(meta.symbol)}")
        line.append(f"  {safe(self.current.label)}", style="bold cyan")
        line.append(f"  {len(self.current.paragraphs)} ¶  ")
        for status in Status:
            if counts.get(status.value):
                line.append_text(status_badge(status))
                line.append(f" {counts[status.value]}  ")
        for key, count in counts.items():
            if key not in {s.value for s in Status}:
                line.append_text(status_badge(key))
                line.append(f" {count}  ")
        brackets = self.current.brackets
        line.append(f"[ {brackets} left", style="magenta")
        if self.status_filter is not None or self.delegation_filter is not None:
            shown = ", ".join(
                x for x in (
                    str(status_badge(self.status_filter)) if self.status_filter else "",
                    self.delegation_filter or "",
                ) if x
            )  # fmt: skip
            line.append(
                f"   filter: {safe(shown)} ({len(self.shown)} shown, x clears)", style="italic"
            )
        if self.session.read_only:
            # Short, so the summary line does not wrap: the notification says why.
            line.append("   READ-ONLY (ctrl+r)", style="bold red")
        self.query_one("#summary", Static).update(line)

    # -- selection ---------------------------------------------------------------------------

    def selected_sid(self) -> str | None:
        """The stable id of the paragraph under the cursor."""
        table = self.query_one("#paragraphs", DataTable)
        if not self.shown or not 0 <= table.cursor_row < len(self.shown):
            return None
        return self.shown[table.cursor_row].sid

    def selected(self) -> Paragraph | None:
        """The paragraph under the cursor, as it stands now."""
        sid = self.selected_sid()
        return self.current.by_sid(sid) if sid else None

    def _amendments_of(self, paragraph: Paragraph) -> list[Amendment]:
        own = self.session.amendments(round_id=self.current.id, target=paragraph.sid)
        # A proposed new paragraph (OP4 bis) shows beside the paragraph it follows (OP4).
        return own + self._new_paragraphs.get(paragraph.label.casefold().replace(" ", ""), [])

    def _index_new_paragraphs(self) -> None:
        self._new_paragraphs = {}
        for amendment in self.session.proposed_paragraphs(self.current.id):
            if amendment.new_label:
                key = _base_label(amendment.new_label)
                self._new_paragraphs.setdefault(key, []).append(amendment)

    @on(DataTable.RowHighlighted, "#paragraphs")
    def _highlighted(self) -> None:
        self._place = self.selected_sid() or self._place
        self._show()

    def _show(self) -> None:
        paragraph = self.selected()
        view = self.query_one("#paragraph", Static)
        amendments = self.query_one("#amendments", OptionList)
        # Redrawing after a change must not move the highlight to another amendment.
        kept = None
        if (
            paragraph is not None
            and paragraph.sid == self._shown_sid
            and amendments.highlighted is not None
        ):
            kept = amendments.get_option_at_index(amendments.highlighted).id
        self._shown_sid = paragraph.sid if paragraph else ""
        amendments.clear_options()
        if paragraph is None:
            view.update(Text("No paragraph matches the filters (x clears them).", style="dim"))
            return
        view.update(paragraph_text(paragraph))
        for amendment in self._amendments_of(paragraph):
            amendments.add_option(Option(amendment_card(amendment, paragraph), id=amendment.id))
        if amendments.option_count:
            ids = [amendments.get_option_at_index(i).id for i in range(amendments.option_count)]
            amendments.highlighted = ids.index(kept) if kept in ids else 0
        amendments.border_title = f"Amendments ({amendments.option_count})"

    @property
    def host(self) -> SessionHost:
        """The app this workbench lives in."""
        return cast("SessionHost", self.app)

    def store_place(self) -> tuple[str | None, str]:
        """Where the rapporteur was when Rapporteur last closed or was killed."""
        return self.host.store.last_place()

    def _note_place(self, sid: str) -> None:
        # One small file write when the place changes, not one per save on the same paragraph.
        if sid != self._noted:
            self.host.store.remember(self.session.name, sid)
            self._noted = sid

    def _refresh_paragraph(self, sid: str) -> None:
        """Redraw one paragraph's row and the detail after a change."""
        self._note_place(sid)
        self.current = self.session.round(self.current.id)
        self._index_new_paragraphs()
        table = self.query_one("#paragraphs", DataTable)
        paragraph = self.current.by_sid(sid)
        if paragraph is not None and any(p.sid == sid for p in self.shown):
            self.shown[table.get_row_index(sid)] = paragraph
            for key, value in zip(
                ("label", "status", "amendments", "brackets", "changed", "text"),
                self._row(paragraph),
                strict=True,
            ):
                table.update_cell(sid, key, value)
        self._summary()
        self._show()

    def go_to(self, sid: str) -> None:
        """Put the cursor on a paragraph, clearing filters that hide it."""
        if not any(p.sid == sid for p in self.shown):
            self.status_filter = self.delegation_filter = None
            self._fill()
        table = self.query_one("#paragraphs", DataTable)
        table.move_cursor(row=table.get_row_index(sid))
        table.focus()

    def _selected_amendment(self) -> Amendment | None:
        amendments = self.query_one("#amendments", OptionList)
        if amendments.highlighted is None or not amendments.option_count:
            return None
        option_id = amendments.get_option_at_index(amendments.highlighted).id
        return self.session.amendment(option_id) if option_id else None

    # -- doing -------------------------------------------------------------------------------

    def _attempt(self, action: Callable[[], T]) -> T | None:
        """Run a change; a refusal or a failed save becomes a notification, never a crash."""
        try:
            return action()
        except ReadOnlyError:
            self._refuse_if_read_only()
            return None
        except SessionsError as error:
            self.notify(str(error), severity="error", markup=False, timeout=8)
            return None

    def action_move(self, step: int) -> None:
        """Move the cursor in the paragraph list."""
        table = self.query_one("#paragraphs", DataTable)
        table.focus()
        table.move_cursor(row=max(0, min(table.row_count - 1, table.cursor_row + step)))

    def set_status(self, status: StatusValue) -> None:
        """Set the selected paragraph's status."""
        paragraph = self.selected()
        if paragraph is None:
            return
        if self._attempt(lambda: self.session.set_status(self.current.id, paragraph.sid, status)):
            self.notify(f"{paragraph.label}: {status_badge(status).plain}", markup=False, timeout=2)
            self._refresh_paragraph(paragraph.sid)

    def action_status(self, key: str) -> None:
        """Set the status by number: 1 open, 2 pending, 3 agreed ad ref, 4 agreed, 5 deleted."""
        self.set_status(STATUS_KEYS[key])

    def action_status_menu(self) -> None:
        """Choose a status from a menu, custom ones included."""
        if self.selected() is not None and not self._refuse_if_read_only():
            self.app.push_screen(StatusMenu(), lambda s: self.set_status(s) if s else None)

    def action_note(self) -> None:
        """Write the rapporteur's note on the paragraph."""
        paragraph = self.selected()
        if paragraph is None or self._refuse_if_read_only():
            return

        def save(note: str | None) -> None:
            if note is None:
                return
            saved = self._attempt(
                lambda: self.session.set_note(self.current.id, paragraph.sid, note.strip())
            )
            if saved is not None:
                self._refresh_paragraph(paragraph.sid)

        self.app.push_screen(TextPrompt(f"Note on {paragraph.label}", value=paragraph.note), save)

    def action_amend(self) -> None:
        """Record an amendment to the paragraph in the editor."""
        paragraph = self.selected()
        if paragraph is None or self._refuse_if_read_only():
            return

        def save(draft: AmendmentDraft | None) -> None:
            if draft is None:
                return
            recorded = self._attempt(
                lambda: self.session.add_amendment(
                    round_id=self.current.id,
                    kind=draft.kind,
                    proposer=canonical(draft.proposer),
                    target=paragraph.sid,
                    text=draft.text,
                    justification=draft.justification,
                )
            )
            if recorded is not None:
                self.notify(
                    f"{paragraph.label}: amendment by {recorded.proposer} recorded.", markup=False
                )
                self._refresh_paragraph(paragraph.sid)

        self.app.push_screen(AmendmentEditor(paragraph.label, paragraph.text), save)

    def action_quick(self) -> None:
        """Type an amendment, a support or an objection on one line."""
        if self._refuse_if_read_only():
            return
        self._quick_again("", "")

    def _quick_again(self, line: str, problem: str) -> None:
        """Open quick entry, with the line that could not be read and why, to correct it."""
        if problem:
            self.notify(problem, severity="error", markup=False, timeout=8)
        self.app.push_screen(
            TextPrompt(
                "Quick entry",
                value=line,
                placeholder='OP5 Norway: insert "and girls" after "women"',
                help=QUICK_HELP,
            ),
            self.quick,
        )

    def _take_over_hint(self) -> str:
        if self.session.locked_elsewhere:
            return "Close it there, then ctrl+r takes it over here"
        if self.session.unwritable:
            return "Once the folder accepts writes, ctrl+r opens it for writing"
        return "ctrl+r opens it for writing"

    def _refuse_if_read_only(self) -> bool:
        """Say so, before any typing, when this window cannot change the session."""
        if self.session.read_only:
            self.notify(
                f"Read-only: this session is {self.session.why_read_only}. "
                f"{self._take_over_hint()}.",
                severity="error",
                markup=False,
            )
            return True
        return False

    def action_take_over(self) -> None:
        """Reopen a read-only session for writing, once the other window has closed it."""
        if not self.session.read_only:
            self.notify("This window can change the session already.", timeout=3)
            return
        # The new workbench replaces this one, on the paragraph noted as the cursor moved.
        self.host.open_session(self.session.name, take_over=True)

    def quick(self, line: str | None) -> None:
        """Record what a quick-entry line says."""
        if not line or not line.strip():
            return
        try:
            entry = parse_quick(line, [p.label for p in self.current.paragraphs])
        except InputError as error:
            self._quick_again(line, str(error))
            return
        paragraph = self.current.by_label(entry.label)
        if entry.action in ("support", "object"):
            if paragraph is None:
                self.notify(
                    f"No paragraph {entry.label} in {self.current.label}.",
                    severity="error",
                    markup=False,
                )
                return
            target = next(
                (a for a in reversed(self._amendments_of(paragraph)) if a.status.is_open), None
            )
            if target is None:
                self.notify(
                    f"{paragraph.label} has no open amendment to support or oppose.",
                    severity="error",
                    markup=False,
                )
                return
            record = self.session.support if entry.action == "support" else self.session.object
            if self._attempt(lambda: record(target.id, entry.delegation)):
                verb = "supports" if entry.action == "support" else "objects to"
                self.notify(
                    f"{entry.delegation} {verb} {target.proposer}'s amendment "
                    f"to {paragraph.label}.",
                    markup=False,
                )
                self.go_to(paragraph.sid)
                self._refresh_paragraph(paragraph.sid)
            return
        if entry.kind is AmendmentKind.NEW_PARAGRAPH or paragraph is None:
            if entry.kind is not AmendmentKind.NEW_PARAGRAPH:
                self.notify(
                    f"No paragraph {entry.label} in {self.current.label}.",
                    severity="error",
                    markup=False,
                )
                return
            recorded = self._attempt(
                lambda: self.session.add_amendment(
                    round_id=self.current.id,
                    kind=AmendmentKind.NEW_PARAGRAPH,
                    proposer=entry.delegation,
                    new_label=entry.label,
                    text=entry.text,
                )
            )
            if recorded is not None:
                self.notify(f"{entry.delegation} proposes a new {entry.label}.", markup=False)
                host = self.current.by_label(_base_label(entry.label))
                if host is not None:
                    self.go_to(host.sid)
                    self._refresh_paragraph(host.sid)
            return
        try:
            text = proposed_text(paragraph.text, entry)
        except InputError as error:
            self._quick_again(line, str(error))
            return
        kind = entry.kind or AmendmentKind.REPLACE
        recorded = self._attempt(
            lambda: self.session.add_amendment(
                round_id=self.current.id,
                kind=kind,
                proposer=entry.delegation,
                target=paragraph.sid,
                text=text,
                anchor=entry.words,
            )
        )
        if recorded is not None:
            self.notify(
                f"{paragraph.label}: {entry.delegation} proposes to "
                f"{kind.value.replace('_', ' ')}.",
                markup=False,
            )
            self.go_to(paragraph.sid)
            self._refresh_paragraph(paragraph.sid)

    def action_position(self, which: str) -> None:
        """Record a delegation's support for, or objection to, the highlighted amendment."""
        if self._refuse_if_read_only():
            return
        paragraph = self.selected()
        amendment = self._selected_amendment()
        if paragraph is None or amendment is None:
            self.notify("This paragraph has no amendment to support or oppose.", severity="warning")
            return

        def save(name: str | None) -> None:
            if not name or not name.strip():
                return
            delegation = canonical(name)
            record = self.session.support if which == "support" else self.session.object
            if self._attempt(lambda: record(amendment.id, delegation)):
                self._refresh_paragraph(paragraph.sid)

        title = "Who supports it?" if which == "support" else "Who objects?"
        self.app.push_screen(TextPrompt(title, suggester=DelegationSuggester()), save)

    def action_decide(self, status: str) -> None:
        """Accept, reject or withdraw the highlighted amendment."""
        if self._refuse_if_read_only():
            return
        paragraph = self.selected()
        amendment = self._selected_amendment()
        if paragraph is None or amendment is None:
            self.notify(
                "Select an amendment first (Tab moves to the amendments).", severity="warning"
            )
            return
        decided = AmendmentStatus(status)
        if self._attempt(lambda: self.session.set_amendment_status(amendment.id, decided)):
            self.notify(
                f"{amendment.proposer}'s amendment {decided.value}.", markup=False, timeout=3
            )
            self._refresh_paragraph(paragraph.sid)

    def action_undo(self) -> None:
        """Revert the last change."""
        event = self._attempt(self.session.undo)
        if event is None:
            if not self.session.read_only:
                self.notify("Nothing to undo.", timeout=3)
            return
        self.notify(event.summary, markup=False, timeout=4)
        if self.current.id not in {r.id for r in self.session.rounds()}:
            # The undo removed the round on screen (an import): show the round before it.
            self.show_round(self.session.rounds()[-1].id)
            return
        self.current = self.session.round(self.current.id)
        self._fill(keep=self._changed_paragraph(event))

    def _changed_paragraph(self, event: Event) -> str | None:
        """The paragraph an event changed, to put the cursor there after an undo."""
        for change in event.changes:
            if change.table.startswith("state:"):
                return change.key
            doc = change.before or change.after or {}
            target = doc.get("target") if change.table.startswith("amendments:") else None
            if isinstance(target, str) and self.current.by_sid(target) is not None:
                return target
        return None

    def action_search(self) -> None:
        """Find a paragraph by its words, its label or its amendments (fuzzy)."""
        entries = [
            SearchEntry(p.sid, p.label, p.text, "paragraph") for p in self.current.paragraphs
        ]
        for paragraph in self.current.paragraphs:
            for amendment in self._amendments_of(paragraph):
                entries.append(
                    SearchEntry(
                        paragraph.sid,
                        paragraph.label,
                        f"{amendment.proposer}: {amendment.text}",
                        "amendment",
                    )
                )
        self.app.push_screen(SearchDialog(entries), lambda sid: self.go_to(sid) if sid else None)

    def action_filter_status(self) -> None:
        """Show only paragraphs of one status."""

        def chosen(status: StatusValue | None) -> None:
            if status is not None:
                self.status_filter = status
                self._fill()

        self.app.push_screen(StatusMenu("Show only the paragraphs that are"), chosen)

    def action_filter_delegation(self) -> None:
        """Show only paragraphs where a delegation proposed, supported or objected."""

        def chosen(name: str | None) -> None:
            if name and name.strip():
                self.delegation_filter = canonical(name)
                self._fill()

        self.app.push_screen(TextPrompt("Delegation", suggester=DelegationSuggester()), chosen)

    def action_clear_filters(self) -> None:
        """Show every paragraph again."""
        self.status_filter = self.delegation_filter = None
        self._fill()

    # -- rounds ------------------------------------------------------------------------------

    def round_commands(self) -> list[tuple[str, Callable[[], None]]]:
        """Palette commands about rounds."""
        return [
            ("Compare rounds", self.action_compare),
            ("Import the next revision", self.action_import_round),
            ("Compile the next round from accepted amendments", self.action_compile),
            ("Progress by round", self.action_progress),
            ("History of this paragraph", self.action_history),
            ("Export the session summary", self.action_export),
        ]

    def show_round(self, round_id: str) -> None:
        """Show another round of the session."""
        self.current = self.session.round(round_id)
        self.changed = self.session.changed_since_previous(round_id)
        self.status_filter = self.delegation_filter = None
        self._fill()

    def action_round(self, step: int) -> None:
        """Go to the previous or the next round."""
        rounds = [r.id for r in self.session.rounds()]
        index = rounds.index(self.current.id) + step
        if 0 <= index < len(rounds):
            self.show_round(rounds[index])
            self.notify(f"Round: {self.current.label}", markup=False, timeout=2)

    def action_compare(self) -> None:
        """Compare this round with the one before (any two rounds from there)."""
        rounds = [r.id for r in self.session.rounds()]
        if len(rounds) < 2:
            self.notify("One round only: import the next revision (i) to compare.", timeout=4)
            return
        index = rounds.index(self.current.id)
        old, new = (rounds[index - 1], rounds[index]) if index > 0 else (rounds[0], rounds[1])
        self.app.push_screen(
            CompareScreen(self.session, old, new), lambda _: self.show_round(self.current.id)
        )

    def action_history(self) -> None:
        """The selected paragraph in every round."""
        sid = self.selected_sid()
        if sid is not None:
            self.app.push_screen(HistoryScreen(self.session, self.current.id, sid))

    def action_progress(self) -> None:
        """Counts by status and brackets left, round by round."""
        self.app.push_screen(ProgressScreen(self.session))

    def action_import_round(self) -> None:
        """Import the facilitator's next revision, parsed and aligned in the background."""
        if self._refuse_if_read_only():
            return
        label = f"Rev.{len(self.session.rounds())}"
        self.app.push_screen(ImportDialog(label), self._start_import)

    def _start_import(self, request: ImportRequest | None) -> None:
        if request is None:
            return
        self.query_one("#paragraphs", DataTable).loading = True
        self.notify(
            f"Importing {request.path.name}: parsing and aligning…", markup=False, timeout=3
        )
        self._import(request)

    @work(thread=True, exclusive=True, group="import")
    def _import(self, request: ImportRequest) -> None:
        try:
            draft = read_draft(request.path)
            prepared = self.session.prepare_round(
                draft, label=request.label, unrelated=request.unrelated
            )
        except UnrelatedDraftError as error:
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._ask_unrelated, request, str(error))
            return
        except SessionsError as error:
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._import_failed, str(error))
            return
        except Exception as error:  # a draft nobody foresaw must not end the session
            if not get_current_worker().is_cancelled:
                message = (
                    f"{request.path.name} could not be imported ({type(error).__name__}: "
                    f"{error}); the session is unchanged."
                )
                self.app.call_from_thread(self._import_failed, message)
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._imported, prepared, draft.warnings)

    def _ask_unrelated(self, request: ImportRequest, message: str) -> None:
        """A draft that continues no paragraph: the wrong file, or a new text altogether?"""
        self.query_one("#paragraphs", DataTable).loading = False

        def answered(anyway: bool | None) -> None:
            if anyway:
                self._start_import(replace(request, unrelated=True))

        self.app.push_screen(Confirm(f"{message}. Import it all the same?"), answered)

    def _import_failed(self, message: str) -> None:
        self.query_one("#paragraphs", DataTable).loading = False
        self.notify(message, severity="error", markup=False, timeout=10)

    def _imported(self, prepared: PreparedRound, warnings: tuple[str, ...]) -> None:
        self.query_one("#paragraphs", DataTable).loading = False
        report = self._attempt(lambda: self.session.commit_round(prepared))
        if report is None:
            return
        self._after_round(report, warnings)

    def _after_round(self, report: ImportReport, warnings: tuple[str, ...] = ()) -> None:
        self.show_round(report.info.id)
        outcomes: dict[str, int] = {}
        for item in report.reconciled:
            outcomes[item.outcome.value] = outcomes.get(item.outcome.value, 0) + 1
        lines = [f"{report.info.label}: {report.info.paragraph_count} paragraphs."]
        if outcomes:
            lines.append("Amendments: " + ", ".join(f"{n} {k}" for k, n in outcomes.items()) + ".")
        if report.flags:
            lines.append(f"{len(report.flags)} decisions to check: see the compare screen (!).")
        lines += list(warnings[:2])
        self.notify("\n".join(lines), markup=False, timeout=12)
        if len(self.session.rounds()) > 1:
            self.action_compare()

    def action_compile(self) -> None:
        """Compile the next round from the accepted amendments, to a file and to the session."""
        if self._refuse_if_read_only():
            return
        label = f"Rev.{len(self.session.rounds())}"
        path = str(Path.cwd() / f"{self.session.name}-{label}.txt")

        def compiled(request: CompileRequest | None) -> None:
            if request is None:
                return
            text, notes = self.session.compile_next(renumber=request.renumber)
            if request.path is not None:
                try:
                    with request.path.open("x", encoding="utf-8") as handle:
                        handle.write(text)
                except FileExistsError:
                    self.notify(
                        f"{request.path} exists already; choose another name.",
                        severity="error",
                        markup=False,
                    )
                    return
                except OSError as error:
                    self.notify(
                        f"Cannot write {request.path}: {error.strerror or error}.",
                        severity="error",
                        markup=False,
                    )
                    return
                self.notify(f"Next round written to {request.path}.", markup=False, timeout=8)
            for note in notes:
                self.notify(note, severity="warning", markup=False, timeout=8)
            if request.add:
                source = request.path.name if request.path else "compiled"
                report = self._attempt(
                    lambda: self.session.add_round(
                        parse_text(text, source=source), label=request.label, unrelated=True
                    )
                )
                if report is not None:
                    self._after_round(report)

        self.app.push_screen(CompileDialog(path, label), compiled)

    def action_export(self) -> None:
        """Export the summary, tracked changes, the session, amendments or Akoma Ntoso."""
        self.app.push_screen(ExportDialog(Path.cwd(), self.session.name), self._start_export)

    def _start_export(self, request: ExportRequest | None) -> None:
        if request is not None:
            self.notify(f"Exporting {request.format}…", markup=False, timeout=2)
            self._export(request, self.current.id)

    @work(thread=True, exclusive=True, group="export")
    def _export(self, request: ExportRequest, round_id: str) -> None:
        options = Options(
            round_id=None if request.history else round_id,
            history=request.history,
            open_only=request.open_only,
            with_text=request.with_text,
        )
        try:
            with self.session.lock:
                data = export_bytes(self.session, request.format, options)
            self.host.store.write_file(request.path, data)
        except SessionsError as error:
            self.app.call_from_thread(self.notify, str(error), severity="error", markup=False)
            return
        except OSError as error:
            message = f"Cannot write {request.path}: {error.strerror or error}."
            self.app.call_from_thread(self.notify, message, severity="error", markup=False)
            return
        except Exception as error:  # a failed export must not end the session
            message = f"The export failed ({type(error).__name__}: {error}); nothing was written."
            self.app.call_from_thread(self.notify, message, severity="error", markup=False)
            return
        self.app.call_from_thread(
            self.notify, f"Exported to {request.path}.", markup=False, timeout=10
        )

    def action_help(self) -> None:
        """List every key."""
        self.app.push_screen(
            HelpScreen.of(
                self.BINDINGS,
                ("tab", "Move between the paragraphs and the amendments"),
                (
                    "ctrl+p",
                    "Command palette: go to a paragraph, set a status, switch session, theme",
                ),
            )
        )

    def action_close(self) -> None:
        """Back to the sessions list (clears filters first)."""
        if self.status_filter is not None or self.delegation_filter is not None:
            self.action_clear_filters()
            return
        self.dismiss(None)

    def on_unmount(self) -> None:
        if self._place:
            self._note_place(self._place)
        self.session.close()


def _base_label(label: str) -> str:
    """``OP4 bis`` -> ``op4``: the paragraph a new one follows."""
    words = label.split()
    return (words[0] if words else label).casefold()
