"""The app: every workbench flow through the keyboard, read-only, hostile text, snapshots."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.text import Text
from textual.widgets import Checkbox, DataTable, Input, OptionList, Select, Static, TextArea

from sessions import (
    AmendmentKind,
    AmendmentStatus,
    LinkKind,
    OpenSession,
    Status,
    Store,
    parse_text,
)
from sessions.samples import SAMPLE_NAME, create_sample
from tui.app import RapporteurApp, SessionsScreen
from tui.dialogs import AmendmentEditor, SearchDialog, StatusMenu, TextPrompt
from tui.rounds import CompareScreen, HistoryScreen, ProgressScreen
from tui.workbench import WorkbenchScreen

HOSTILE = """Draft resolution X/1: [urban safety] and [/] tests

The General Assembly,

PP1 Recalling [urban safety] [/] [link=https://x]y[/link] [@click=app.quit]q[/] $accent \x1b[31m,

PP2 Noting 城市安全 and يدعو الدول [bold]x[/bold],

OP1 Decides [@click=app.bell]ring[/];

OP2 Requests $text-primary [b]bold[/b];
"""


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path)
    create_sample(store)
    return store


def workbench(app: RapporteurApp) -> WorkbenchScreen:
    screen = app.screen
    assert isinstance(screen, WorkbenchScreen), type(screen)
    return screen


def session_of(app: RapporteurApp) -> OpenSession:
    return workbench(app).session


async def test_sessions_list_opens_the_workbench(store: Store) -> None:
    app = RapporteurApp(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        assert isinstance(app.screen, SessionsScreen)
        assert app.screen.query_one("#sessions", DataTable).row_count == 1
        await pilot.press("enter")
        await pilot.pause()
        screen = workbench(app)
        # The sample opens on its Rev.1: the zero draft plus Colombia's OP4 bis, renumbered.
        assert screen.current.label == "Rev.1"
        assert screen.query_one("#paragraphs", DataTable).row_count == 23
        assert store.last_used() == SAMPLE_NAME
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, SessionsScreen)
    # Leaving the workbench released the session's lock.
    store.open(SAMPLE_NAME).close()


async def test_move_and_see_the_paragraph_with_its_amendments(store: Store) -> None:
    app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = workbench(app)
        for _ in range(14):
            await pilot.press("j")
        assert screen.selected().label == "OP6"  # type: ignore[union-attr]
        view = screen.query_one("#paragraph", Static).render()
        assert "鼓励" in str(view)
        amendments = screen.query_one("#amendments", OptionList)
        # Norway's amendment to the old OP5, carried forward to its successor.
        assert amendments.option_count == 1
        await pilot.press("k")
        assert screen.selected().label == "OP5"  # type: ignore[union-attr]
        assert amendments.option_count == 0
        # Back to the zero draft: OP4 bis, proposed as a new paragraph, shows beside OP4.
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.current.label == "Zero draft"
        screen.go_to(screen.current.by_label("OP4").sid)  # type: ignore[union-attr]
        await pilot.pause()
        assert amendments.option_count == 1


async def test_search_jumps_to_a_paragraph(store: Store) -> None:
    app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, SearchDialog)
        await pilot.press(*"监测系统")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert workbench(app).selected().label == "OP9"  # type: ignore[union-attr]


async def test_set_status_by_number_and_menu_then_undo(store: Store) -> None:
    app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = workbench(app)
        await pilot.press("4")
        assert screen.selected().status is Status.AGREED  # type: ignore[union-attr]
        await pilot.press("s")
        assert isinstance(app.screen, StatusMenu)
        await pilot.press("3")
        await pilot.pause()
        assert screen.selected().status is Status.AGREED_AD_REF  # type: ignore[union-attr]
        table = screen.query_one("#paragraphs", DataTable)
        assert table.get_row_at(0)[1].plain == "Ad ref"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert screen.selected().status is Status.AGREED  # type: ignore[union-attr]
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert screen.selected().status is Status.PENDING  # type: ignore[union-attr]
    # Saved at once: a fresh open sees what the app left.
    with store.open(SAMPLE_NAME) as session:
        assert session.current_round().paragraphs[0].status is Status.PENDING


async def test_custom_status(store: Store) -> None:
    app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("s", "c")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"with the chair", "enter")
        await pilot.pause()
        assert workbench(app).selected().status == "with the chair"  # type: ignore[union-attr]


async def test_amendment_editor_records_an_amendment(store: Store) -> None:
    app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = workbench(app)
        sid = screen.selected().sid  # type: ignore[union-attr]
        await pilot.press("a")
        editor = app.screen
        assert isinstance(editor, AmendmentEditor)
        await pilot.press(*"挪威")
        editor.query_one("#text", TextArea).text = editor.original.replace("回顾", "又回顾")
        await pilot.pause()
        assert "又" in str(editor.query_one("#preview", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WorkbenchScreen)
        (amendment,) = screen.session.amendments(target=sid)
        assert amendment.proposer == "Norway"
        assert amendment.text.startswith("又回顾")
        assert screen.query_one("#amendments", OptionList).option_count == 1


async def test_amendment_editor_refuses_an_empty_proposer(store: Store) -> None:
    app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AmendmentEditor)
        await pilot.press("escape")
        assert isinstance(app.screen, WorkbenchScreen)


async def test_quick_entry_amend_support_object(store: Store) -> None:
    app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = workbench(app)
        await pilot.press("colon")
        assert isinstance(app.screen, TextPrompt)
        app.screen.query_one(Input).value = 'PP3 Japan: replace "城市安全" with "城市安全和韧性"'
        await pilot.press("enter")
        await pilot.pause()
        pp3 = screen.current.by_label("PP3")
        assert pp3 is not None
        japan = [a for a in screen.session.amendments(target=pp3.sid) if a.proposer == "Japan"]
        assert len(japan) == 1
        assert "城市安全和韧性" in japan[0].text
        assert japan[0].kind is AmendmentKind.REPLACE
        assert screen.selected().label == "PP3"  # type: ignore[union-attr]
        for line in ("+PP3 Iceland", "-PP3 USA"):
            await pilot.press("colon")
            app.screen.query_one(Input).value = line
            await pilot.press("enter")
            await pilot.pause()
        latest = screen.session.amendment(japan[0].id)
        assert latest.supporters == ("Iceland",)
        assert latest.objectors == ("United States",)
        await pilot.press("colon")
        app.screen.query_one(Input).value = "this is not an entry"
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running


async def test_support_object_and_decide_with_keys(store: Store) -> None:
    app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = workbench(app)
        screen.go_to(screen.current.by_label("OP2").sid)  # type: ignore[union-attr]
        await pilot.pause()
        await pilot.press("plus", *"Peru", "enter")
        await pilot.pause()
        await pilot.press("minus", *"Russia", "enter")
        await pilot.pause()
        (amendment,) = screen.session.amendments(
            round_id=screen.current.id,
            target=screen.selected().sid,  # type: ignore[union-attr]
        )
        assert "Peru" in amendment.supporters
        assert "Russian Federation" in amendment.objectors
        await pilot.press("A")
        await pilot.pause()
        assert screen.session.amendment(amendment.id).status is AmendmentStatus.ACCEPTED
        await pilot.press("W")
        await pilot.pause()
        assert screen.session.amendment(amendment.id).status is AmendmentStatus.WITHDRAWN


async def test_note_and_filters(store: Store) -> None:
    app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = workbench(app)
        await pilot.press("n", *"ask capitals", "enter")
        await pilot.pause()
        assert screen.selected().note == "ask capitals"  # type: ignore[union-attr]
        await pilot.press("f", "1")
        await pilot.pause()
        table = screen.query_one("#paragraphs", DataTable)
        open_ones = [p.label for p in screen.current.paragraphs if p.status is Status.OPEN]
        assert open_ones
        assert [p.label for p in screen.shown] == open_ones
        await pilot.press("x")
        assert table.row_count == 23
        await pilot.press("d", *"Kenya", "enter")
        await pilot.pause()
        # Kenya objected to the United States' amendment, carried forward to OP9.
        assert [p.label for p in screen.shown] == ["OP9"]
        await pilot.press("escape")
        assert table.row_count == 23


async def test_compare_screen_filters_steps_and_relinks(store: Store) -> None:
    app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        assert (screen.old.label, screen.new.label) == ("Zero draft", "Rev.1")
        summary = str(screen.query_one("#compare-summary", Static).render())
        assert "amendments carried forward" in summary
        table = screen.query_one("#concordance", DataTable)
        assert table.row_count == len(screen.links)
        await pilot.press("n")
        first_change = screen._selected()
        assert first_change is not None
        assert first_change.kind is not LinkKind.UNCHANGED
        await pilot.press("f")  # changed only
        await pilot.pause()
        assert all(link.kind is not LinkKind.UNCHANGED for link in screen.rows)
        await pilot.press("f", "f")  # added only: Colombia's paragraph, now OP5
        await pilot.pause()
        assert [link.kind for link in screen.rows] == [LinkKind.ADDED]
        await pilot.press("t")
        assert screen.columns
        # Relink by hand: the new OP5 continues the old OP4 bis... say, OP4.
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, TextPrompt)
        await pilot.press(*"OP4", "enter")
        await pilot.pause()
        fixed = [link for link in screen.session.links("r2") if link.fixed]
        assert len(fixed) == 1
        assert screen.session.round("r1").by_sid(fixed[0].old[0]).label == "OP4"  # type: ignore[union-attr]
        # Recomputed around the fixed link: every paragraph still in exactly one link.
        links = screen.session.links("r2")
        assert sorted(s for link in links for s in link.new) == sorted(
            p.sid for p in screen.session.round("r2").paragraphs
        )
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WorkbenchScreen)


async def test_history_progress_and_import(store: Store, tmp_path: Path) -> None:
    revision = tmp_path / "rev2.txt"
    app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = workbench(app)
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, HistoryScreen)
        assert [(r.label, p.label) for r, p in app.screen.chain] == [
            ("Zero draft", "PP1"),
            ("Rev.1", "PP1"),
        ]
        await pilot.press("escape", "P")
        await pilot.pause()
        assert isinstance(app.screen, ProgressScreen)
        await pilot.press("escape")
        # Compile Rev.2 from the accepted amendments, write it and import it back.
        await pilot.press("C")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(revision)
        app.screen.query_one("#add", Checkbox).value = False
        await pilot.press("enter")
        await pilot.pause()
        assert revision.exists()
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(revision.with_name("missing.txt"))
        await pilot.press("enter", "enter")
        for _ in range(40):  # the failed import reports from its worker
            await pilot.pause(0.05)
        assert screen.current.label == "Rev.1"
        revision.write_text(
            revision.read_text(encoding="utf-8").replace("请执行主任", "请执行主任立即"),
            encoding="utf-8",
        )
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(revision)
        await pilot.press("enter", "enter")
        for _ in range(200):  # the import runs in a worker: give a slow machine time
            await pilot.pause(0.05)
            if isinstance(app.screen, CompareScreen):
                break
        assert isinstance(app.screen, CompareScreen)
        assert screen.current.label == "Rev.2"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+z")  # undo the import: the round on screen goes away
        await pilot.pause()
        assert app.is_running
        assert screen.current.label == "Rev.1"


async def test_help_lists_every_key(store: Store) -> None:
    app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        text = str(app.screen.query(Static).last().render()) + "".join(
            str(s.render()) for s in app.screen.query(Static)
        )
        for key in ("/", ":", "+", "-", "ctrl+z", "Agreed ad ref", "Quick entry"):
            assert key in text


async def test_a_locked_session_opens_read_only_and_says_so(store: Store) -> None:
    with store.open(SAMPLE_NAME):
        app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = workbench(app)
            assert screen.session.read_only
            assert "READ-ONLY" in str(screen.query_one("#summary", Static).render())
            await pilot.press("4")
            await pilot.pause()
            assert screen.selected().status is Status.PENDING  # type: ignore[union-attr]
            assert app.is_running


async def test_new_session_from_a_file_and_delete(tmp_path: Path) -> None:
    store = Store(tmp_path / "data")
    draft = tmp_path / "draft.txt"
    draft.write_text("PP1 Recalling x,\n\nOP1 Decides y.\n", encoding="utf-8")
    app = RapporteurApp(store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(draft)
        await pilot.press("enter")
        # The name is proposed from the file's name; Enter again creates the session.
        assert app.screen.query_one("#name", Input).value == "draft"
        app.screen.query_one("#name", Input).value = "fresh"
        await pilot.press("enter")
        await pilot.pause()
        assert workbench(app).session.name == "fresh"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("D", "y")
        await pilot.pause()
        assert store.names() == []


async def test_document_text_is_never_markup(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.create("hostile", parse_text(HOSTILE, source="hostile.txt")).close()
    app = RapporteurApp(store=store, session_name="hostile")
    async with app.run_test(size=(160, 40)) as pilot:
        screen = workbench(app)
        table = screen.query_one("#paragraphs", DataTable)
        cells = [table.get_row_at(i)[5] for i in range(table.row_count)]
        assert all(isinstance(c, Text) for c in cells)
        first = cells[0].plain
        # The row holds the paragraph's first characters, as they are.
        assert first == screen.current.paragraphs[0].text[:64]
        for literal in ("[urban safety]", "[/]", "[link=https://x]"):
            assert literal in first
        shown = str(screen.query_one("#paragraph", Static).render())
        for literal in ("[@click=app.quit]q[/]", "$accent"):
            assert literal in shown
        assert "\x1b" not in shown
        assert "يدعو الدول" in cells[1].plain
        assert "[bold]x[/bold]" in cells[1].plain
        await pilot.press("j", "j", "a")
        await pilot.press(*"EU", "ctrl+s")
        await pilot.pause()
        assert app.is_running
        await pilot.press("escape", "colon")
        app.screen.query_one(Input).value = 'OP2 EU: insert "[/]" after "$text-primary"'
        await pilot.press("enter")
        await pilot.pause()
        assert app.is_running


def _bench_app(tmp_path: Path) -> RapporteurApp:
    store = Store(tmp_path)
    create_sample(store)
    return RapporteurApp(store=store, session_name=SAMPLE_NAME)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
def test_workbench_snapshot(snap_compare, tmp_path: Path, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def to_op6(pilot) -> None:  # type: ignore[no-untyped-def]
        for _ in range(14):
            await pilot.press("j")
        await pilot.pause()

    assert snap_compare(_bench_app(tmp_path), terminal_size=size, run_before=to_op6)


def test_amendment_editor_snapshot(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def open_editor(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("a", *"Norway")
        await pilot.pause()

    assert snap_compare(_bench_app(tmp_path), terminal_size=(120, 40), run_before=open_editor)


async def test_reopens_where_the_rapporteur_was(store: Store) -> None:
    app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("j", "j", "j", "4")
        await pilot.pause()
    assert store.last_place()[0] == SAMPLE_NAME
    again = RapporteurApp(store=store, session_name=store.last_used())
    async with again.run_test(size=(120, 40)):
        screen = workbench(again)
        assert screen.selected().label == "PP4"  # type: ignore[union-attr]
        assert screen.selected().status is Status.AGREED  # type: ignore[union-attr]


def test_compare_snapshot(snap_compare, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    async def compare(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("n", "n")
        await pilot.pause()

    assert snap_compare(_bench_app(tmp_path), terminal_size=(120, 40), run_before=compare)


async def test_export_dialog_writes_the_file(store: Store, tmp_path: Path) -> None:
    target = tmp_path / "summary.html"
    app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        # Each option is one line high (an id shared with another screen's CSS once made it 14).
        assert app.screen.query_one("#every-round", Checkbox).size.height <= 3
        app.screen.query_one("#format", Select).value = "html"
        await pilot.pause()
        path = app.screen.query_one("#path", Input)
        assert path.value.endswith(".html")  # the file name follows the format
        path.value = str(target)
        path.focus()
        await pilot.press("enter")
        for _ in range(200):  # the export runs in a worker: give a slow machine time
            await pilot.pause(0.05)
            if target.exists():
                break
    assert "<del>基本</del>" in target.read_text(encoding="utf-8")


async def test_quick_entry_knows_the_rounds_own_labels_and_keeps_a_bad_line(tmp_path: Path) -> None:
    store = Store(tmp_path)
    draft = "## Article 4\n\n1. Parties shall act;\n\n2. Parties should report.\n"
    store.create("treaty", parse_text(draft, source="t.md", format="markdown")).close()
    app = RapporteurApp(store=store, session_name="treaty")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = workbench(app)
        labels = [p.label for p in screen.current.paragraphs]
        await pilot.press("colon")
        app.screen.query_one(Input).value = f'{labels[0]} AOSIS: insert "urgently" after "shall"'
        await pilot.press("enter")
        await pilot.pause()
        (amendment,) = screen.session.amendments()
        assert "shall urgently act" in amendment.text
        await pilot.press("colon")
        app.screen.query_one(Input).value = f'{labels[0]} EU: delete "nowhere"'
        await pilot.press("enter")
        await pilot.pause()
        # The line that could not be applied comes back, to be corrected.
        assert isinstance(app.screen, TextPrompt)
        assert app.screen.query_one(Input).value.endswith('delete "nowhere"')
        await pilot.press("escape")
        assert isinstance(app.screen, WorkbenchScreen)


async def test_read_only_refuses_before_any_typing(store: Store) -> None:
    with store.open(SAMPLE_NAME):
        app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
        async with app.run_test(size=(120, 40)) as pilot:
            for key in ("a", "colon", "n", "s", "i", "C"):
                await pilot.press(key)
                await pilot.pause()
                assert isinstance(app.screen, WorkbenchScreen), key


def test_sessions_snapshot(  # type: ignore[no-untyped-def]
    snap_compare, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    import time
    from datetime import UTC, datetime

    import sessions.store

    monkeypatch.setattr(sessions.store, "_now", lambda: datetime(2026, 4, 15, 9, 30, tzinfo=UTC))
    # Times show in local time: pin the zone so the snapshot is the same on every machine.
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    request.addfinalizer(time.tzset)
    monkeypatch.chdir(tmp_path)  # the screen shows the data folder: keep it the same every run
    store = Store(Path("data"))
    create_sample(store)
    store.create("hostile", parse_text(HOSTILE, source="hostile.txt")).close()
    assert snap_compare(RapporteurApp(store=store), terminal_size=(80, 24))


async def test_palette_goes_to_a_paragraph(tmp_path: Path) -> None:
    from textual.command import CommandPalette

    store = Store(tmp_path)
    store.create(
        "brackets", parse_text("PP1 Recalling x,\n\nOP1 Decides y.\n", source="b.txt")
    ).close()
    app = RapporteurApp(store=store, session_name="brackets")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Go to OP1")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert workbench(app).selected().label == "OP1"  # type: ignore[union-attr]
