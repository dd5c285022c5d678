"""The Textual app: the sessions list and a session's paragraphs."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from sessions import OpenSession, SessionsError, SessionSummary, Status, Store

__all__ = ["RapporteurApp", "SessionScreen", "SessionsScreen"]

STATUS_STYLES = {
    Status.OPEN: "dim",
    Status.PENDING: "bold yellow",
    Status.AGREED_AD_REF: "bold cyan",
    Status.AGREED: "bold green",
    Status.DELETED: "strike red",
}


def status_badge(status: str) -> Text:
    """A status as a coloured badge; a custom status shows as typed, in magenta."""
    try:
        known = Status(status)
    except ValueError:
        return Text(status, style="magenta")
    return Text(known.words, style=STATUS_STYLES[known])


class SessionsScreen(Screen[None]):
    """Every session in the data directory; Enter opens one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_session", "Open", id="open"),
        Binding("r", "refresh", "Refresh", id="refresh"),
        Binding("q", "app.quit", "Quit", id="quit"),
    ]

    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.summaries: list[SessionSummary] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(f"Sessions in {self.store.root}"), id="where")
        yield DataTable(id="sessions", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#sessions", DataTable)
        table.add_columns(
            "Name", "Title", "Symbol", "Rounds", "Paragraphs", "Amendments", "Changed"
        )
        self.action_refresh()

    def action_refresh(self) -> None:
        """Read the data directory again."""
        table = self.query_one("#sessions", DataTable)
        table.clear()
        self.summaries = self.store.list_sessions()
        for s in self.summaries:
            changed = s.changed.astimezone().strftime("%Y-%m-%d %H:%M") if s.changed else ""
            table.add_row(
                Text(s.name),
                Text(s.title),
                Text(s.symbol),
                str(s.rounds),
                str(s.paragraphs),
                str(s.amendments),
                changed,
                key=s.name,
            )

    @on(DataTable.RowSelected, "#sessions")
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.app.call_later(self._open, event.row_key.value)

    def action_open_session(self) -> None:
        """Open the session under the cursor."""
        table = self.query_one("#sessions", DataTable)
        if self.summaries and 0 <= table.cursor_row < len(self.summaries):
            self._open(self.summaries[table.cursor_row].name)

    def _open(self, name: str) -> None:
        try:
            session = self.store.open(name, fallback=True)
        except SessionsError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.app.push_screen(SessionScreen(session))


class SessionScreen(Screen[None]):
    """A session's current round: its paragraphs with label, status and brackets."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Sessions", id="close"),
        Binding("q", "app.quit", "Quit", id="quit"),
    ]

    def __init__(self, session: OpenSession) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="summary")
        yield DataTable(id="paragraphs", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        current = self.session.current_round()
        meta = self.session.session
        line = Text()
        line.append(meta.title, style="bold")
        line.append(f"  {meta.symbol}  {current.label}  {len(current.paragraphs)} paragraphs")
        if self.session.read_only:
            line.append("  read-only: open in another Rapporteur", style="bold red")
        self.query_one("#summary", Static).update(line)
        if self.session.recovery:
            self.notify(self.session.recovery, severity="warning", markup=False, timeout=20)
        table = self.query_one("#paragraphs", DataTable)
        table.add_columns("Label", "Status", "[ ]", "Text")
        for p in current.paragraphs:
            table.add_row(
                Text(p.label),
                status_badge(str(p.status)),
                str(p.brackets),
                Text(p.text, no_wrap=True, overflow="ellipsis"),
                key=p.sid,
            )

    def action_close(self) -> None:
        """Close the session and go back to the list."""
        self.dismiss(None)

    def on_unmount(self) -> None:
        self.session.close()


class RapporteurApp(App[None]):
    """Rapporteur. The store is built by the caller, so tests run on a temporary directory."""

    TITLE = "Rapporteur"
    CSS_PATH = "app.tcss"

    def __init__(self, store: Store, session_name: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.session_name = session_name

    def on_mount(self) -> None:
        self.push_screen(SessionsScreen(self.store))
        if self.session_name is not None:
            screen = self.screen
            if isinstance(screen, SessionsScreen):
                screen._open(self.session_name)
