"""The app: the sessions list, opening a session, document text rendered literally."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.widgets import DataTable

from sessions import Store, parse_text
from sessions.samples import SAMPLE_NAME, create_sample
from tui.app import RapporteurApp, SessionScreen, SessionsScreen

HOSTILE = """Draft resolution X/1: [urban safety] and [/] tests

OP1 Decides [urban safety] [/] [link=https://x]y[/link] [@click=app.quit]q[/] $accent \x1b[31m;

OP2 呼吁 各国 [加强] 城市安全 and يدعو الدول;
"""


async def test_sessions_list_and_open(tmp_path: Path) -> None:
    store = Store(tmp_path)
    create_sample(store)
    app = RapporteurApp(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, SessionsScreen)
        table = app.screen.query_one("#sessions", DataTable)
        assert table.row_count == 1
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        paragraphs = app.screen.query_one("#paragraphs", DataTable)
        assert paragraphs.row_count == 22
        assert not app.screen.session.read_only
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SessionsScreen)
    # Leaving the session released its lock.
    store.open(SAMPLE_NAME).close()


async def test_a_locked_session_opens_read_only_and_says_so(tmp_path: Path) -> None:
    store = Store(tmp_path)
    create_sample(store)
    with store.open(SAMPLE_NAME):
        app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, SessionScreen)
            assert app.screen.session.read_only
            summary = app.screen.query_one("#summary").render()
            assert "read-only" in str(summary)


async def test_document_text_is_never_markup(tmp_path: Path) -> None:
    store = Store(tmp_path)
    draft = parse_text(HOSTILE, source="hostile.txt")
    store.create("hostile", draft).close()
    app = RapporteurApp(store=store, session_name="hostile")
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        table = app.screen.query_one("#paragraphs", DataTable)
        cells = [table.get_row_at(i)[3] for i in range(table.row_count)]
        assert all(isinstance(c, Text) for c in cells)
        first = cells[0].plain
        for literal in (
            "[urban safety]",
            "[/]",
            "[link=https://x]",
            "[@click=app.quit]",
            "$accent",
        ):
            assert literal in first
        assert "يدعو الدول" in cells[1].plain
        await pilot.press("j", "k")
        assert app.is_running
