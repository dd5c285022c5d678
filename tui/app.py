"""The Textual app: the sessions list, the workbench, the command palette."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from sessions import OpenSession, SessionsError, SessionSummary, Status, Store, read_draft
from tui.dialogs import Confirm, HelpScreen, NewSession, NewSessionDialog
from tui.render import safe, status_badge
from tui.workbench import WorkbenchScreen

__all__ = ["RapporteurApp", "SessionsScreen"]


class SessionCommands(Provider):
    """Palette commands of the app: switch session, light or dark theme."""

    async def search(self, query: str) -> Hits:
        app = self.app
        if not isinstance(app, RapporteurApp):
            return
        matcher = self.matcher(query)
        for name in app.store.names():
            command = f"Switch session: {name}"
            score = matcher.match(command)
            if score > 0:
                yield Hit(score, matcher.highlight(command), partial(app.open_session, name))
        for command, theme in (
            ("Light theme for bright rooms", "textual-light"),
            ("Dark theme", "textual-dark"),
        ):
            score = matcher.match(command)
            if score > 0:
                yield Hit(score, matcher.highlight(command), partial(setattr, app, "theme", theme))

    async def discover(self) -> Hits:
        app = self.app
        if not isinstance(app, RapporteurApp):
            return
        yield DiscoveryHit(
            "Light theme for bright rooms", partial(setattr, app, "theme", "textual-light")
        )
        for name in app.store.names():
            yield DiscoveryHit(f"Switch session: {name}", partial(app.open_session, name))


class SessionsScreen(Screen[None]):
    """Every session in the data directory: open, create from a draft, delete."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_session", "Open", id="open"),
        Binding("n", "new_session", "New from a draft", id="new"),
        Binding("delete,D", "delete_session", "Delete", id="delete"),
        Binding("r", "refresh", "Refresh", id="refresh"),
        Binding("question_mark", "help", "Help", id="help"),
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
        # The columns that tell sessions apart come first and fit 80 columns; statuses follow.
        for column, width in (
            ("Name", 14),
            ("Title", 20),
            ("Symbol", 8),
            ("R.", 2),
            ("¶", 4),
            ("Am.", 4),
            ("Changed", 11),
            ("Statuses", None),
        ):
            table.add_column(column, width=width)

    def on_screen_resume(self) -> None:
        # Read every session only when the list shows, not under a session opened at start.
        if self.app.screen is self:
            self.action_refresh()

    def action_refresh(self) -> None:
        """Read the data directory again."""
        table = self.query_one("#sessions", DataTable)
        table.clear()
        self.summaries = self.store.list_sessions()
        for s in self.summaries:
            statuses = Text()
            for status in Status:
                if s.statuses.get(status.value):
                    statuses.append_text(status_badge(status))
                    statuses.append(f" {s.statuses[status.value]}  ")
            changed = s.changed.astimezone().strftime("%m-%d %H:%M") if s.changed else ""
            table.add_row(
                Text(safe(s.name), no_wrap=True, overflow="ellipsis"),
                Text(safe(s.title), no_wrap=True, overflow="ellipsis"),
                Text(safe(s.symbol), no_wrap=True, overflow="ellipsis"),
                str(s.rounds),
                str(s.paragraphs),
                str(s.amendments),
                changed,
                statuses,
                key=s.name,
            )
        if not self.summaries:
            self.query_one("#where", Static).update(
                Text(f"No sessions in {self.store.root} yet: n starts one from a draft file.")
            )

    def _current(self) -> str | None:
        table = self.query_one("#sessions", DataTable)
        if self.summaries and 0 <= table.cursor_row < len(self.summaries):
            return self.summaries[table.cursor_row].name
        return None

    @on(DataTable.RowSelected, "#sessions")
    def _selected(self) -> None:
        self.action_open_session()

    def action_open_session(self) -> None:
        """Open the session under the cursor."""
        name = self._current()
        if name is not None:
            app = self.app
            if isinstance(app, RapporteurApp):
                app.open_session(name)

    def action_new_session(self) -> None:
        """Start a session from a draft file."""

        def create(request: NewSession | None) -> None:
            if request is None:
                return
            try:
                self.store.check_name(request.name)
                draft = read_draft(request.path)
                session = self.store.create(request.name, draft)
            except SessionsError as error:
                self.notify(str(error), severity="error", markup=False, timeout=8)
                return
            for warning in draft.warnings[:3]:
                self.notify(warning, severity="warning", markup=False, timeout=8)
            app = self.app
            if isinstance(app, RapporteurApp):
                app.show_session(session)

        self.app.push_screen(NewSessionDialog(), create)

    def action_delete_session(self) -> None:
        """Delete the session under the cursor, after asking."""
        name = self._current()
        if name is None:
            return

        def delete(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.store.delete(name)
            except SessionsError as error:
                self.notify(str(error), severity="error", markup=False)
                return
            self.notify(f"Session '{name}' deleted.", markup=False)
            self.action_refresh()

        self.app.push_screen(
            Confirm(f"Delete session '{name}' and its backups? This cannot be undone."), delete
        )

    def action_help(self) -> None:
        """List every key."""
        self.app.push_screen(
            HelpScreen.of(self.BINDINGS, ("ctrl+p", "Command palette: switch session, theme"))
        )


@contextmanager
def bulk_load() -> Iterator[None]:
    """Open a large session without the garbage collector walking it again and again.

    Loading creates hundreds of thousands of objects and no reference cycle; once loaded, they
    are frozen out of the collector's way, so the next screens do not pay for them either.
    """
    gc.unfreeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.freeze()


class RapporteurApp(App[None]):
    """Rapporteur. The store is built by the caller, so tests run on a temporary directory."""

    TITLE = "Rapporteur"
    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar = App.COMMANDS | {SessionCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+t", "toggle_theme", "Light/dark", show=False, id="theme"),
    ]

    def __init__(self, store: Store, session_name: str | None = None) -> None:
        super().__init__()
        self.store = store
        self.session_name = session_name

    def on_mount(self) -> None:
        self.push_screen(SessionsScreen(self.store))
        if self.session_name is not None:
            self.open_session(self.session_name)

    def open_session(self, name: str, *, take_over: bool = False) -> None:
        """Open a session in the workbench (read-only if another window has it).

        With ``take_over``, reopen the session shown read-only for writing, or say why not.
        """
        shown = next((s for s in self.screen_stack if isinstance(s, WorkbenchScreen)), None)
        if shown is not None and shown.session.name == name and not take_over:
            self.notify(f"Session '{name}' is the one open.", markup=False, timeout=3)
            return
        with bulk_load():
            try:
                session = self.store.open(name, fallback=not take_over)
            except SessionsError as error:
                self.notify(str(error), severity="error", markup=False, timeout=10)
                return
            self.show_session(session)
        if take_over:
            self.notify("The session is yours to change now.", timeout=4)

    def show_session(self, session: OpenSession) -> None:
        """Show an open session in the workbench, replacing one already shown."""
        while isinstance(self.screen, WorkbenchScreen) or len(self.screen_stack) > 2:
            self.pop_screen()
        name, place = self.store.last_place()
        self.store.remember(session.name, place if name == session.name else "")
        self.push_screen(WorkbenchScreen(session))

    def action_toggle_theme(self) -> None:
        """Switch between the light theme for bright rooms and the dark one."""
        self.theme = "textual-dark" if self.theme == "textual-light" else "textual-light"
