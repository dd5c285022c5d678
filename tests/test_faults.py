"""Faults met in the app: a full or read-only disk during a save, a folder that refuses the lock
file, a second window on the same session and taking it over."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Select

from sessions import Status, Store
from sessions.samples import SAMPLE_NAME, create_sample
from tui.app import RapporteurApp
from tui.cli import main
from tui.dialogs import Confirm
from tui.workbench import WorkbenchScreen

WRITER = Path(__file__).with_name("writer.py")

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/fd").is_dir(), reason="needs /proc to tell which file a write goes to"
)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    store = Store(tmp_path / "data")
    create_sample(store)
    return store


class FaultyDisk:
    """Make every write under ``root`` fail with ``code``, while ``failing`` is set."""

    def __init__(self, root: Path, code: int) -> None:
        self.root = str(root.resolve())
        self.code = code
        self.failing = False
        self.refused = 0

    def _ours(self, fd: int) -> bool:
        try:
            return os.readlink(f"/proc/self/fd/{fd}").startswith(self.root)
        except OSError:
            return False

    def _refuse(self) -> None:
        self.refused += 1
        raise OSError(self.code, os.strerror(self.code))

    def install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        real_write, real_fsync, real_open = os.write, os.fsync, os.open

        def write(fd: int, data: Any) -> int:
            if self.failing and self._ours(fd):
                self._refuse()
            return real_write(fd, data)

        def fsync(fd: Any) -> None:
            if self.failing and isinstance(fd, int) and self._ours(fd):
                self._refuse()
            real_fsync(fd)

        def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
            writing = flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT)
            if self.failing and writing and str(Path(path).resolve()).startswith(self.root):
                self._refuse()
            return real_open(path, flags, *args, **kwargs)

        monkeypatch.setattr(os, "write", write)
        monkeypatch.setattr(os, "fsync", fsync)
        monkeypatch.setattr(os, "open", open_)


def workbench(app: RapporteurApp) -> WorkbenchScreen:
    screen = app.screen
    assert isinstance(screen, WorkbenchScreen), type(screen)
    return screen


def notices(app: RapporteurApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EIO])
async def test_a_save_the_disk_refuses_is_reported_and_the_last_good_state_kept(
    store: Store, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    disk = FaultyDisk(store.root, code)
    disk.install(monkeypatch)
    path = store.path(SAMPLE_NAME)
    app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = workbench(app)
        sid = screen.selected().sid  # type: ignore[union-attr]
        before = screen.selected().status  # type: ignore[union-attr]
        assert before is not Status.AGREED
        on_disk = path.read_bytes()

        disk.failing = True
        await pilot.press("4")
        await pilot.pause()
        assert disk.refused
        assert app.is_running
        assert any(
            "Could not save" in n and os.strerror(code) in n and "last saved state is kept" in n
            for n in notices(app)
        ), notices(app)
        # Neither the screen nor the file pretends the change was made.
        assert screen.selected().status == before  # type: ignore[union-attr]
        table = screen.query_one("#paragraphs", DataTable)
        assert "agreed" not in str(table.get_row_at(table.cursor_row)).casefold()
        assert path.read_bytes() == on_disk

        # The disk comes back: the next change is saved as usual.
        disk.failing = False
        await pilot.press("4")
        await pilot.pause()
        assert screen.selected().status is Status.AGREED  # type: ignore[union-attr]
    with store.open(SAMPLE_NAME) as session:
        assert session.recovery is None
        assert (
            next(p for p in session.current_round().paragraphs if p.sid == sid).status
            is Status.AGREED
        )


async def test_a_folder_that_refuses_the_lock_opens_read_only_and_says_why(
    store: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    store.open(SAMPLE_NAME).close()  # no lock file left behind to reuse
    (store.root / f"{SAMPLE_NAME}.session.jsonl.lock").unlink(missing_ok=True)
    disk = FaultyDisk(store.root, errno.EROFS)
    disk.install(monkeypatch)
    disk.failing = True
    on_disk = store.path(SAMPLE_NAME).read_bytes()

    app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = workbench(app)
        assert screen.session.read_only
        assert "folder that refuses writes" in " ".join(notices(app))
        await pilot.press("4")
        await pilot.pause()
        assert app.is_running
        assert screen.selected().status is not Status.AGREED  # type: ignore[union-attr]

    assert main(["--data-dir", str(store.root), "undo", SAMPLE_NAME]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "refuses writes" in err
    assert "Read-only file system" in err
    disk.failing = False
    assert store.path(SAMPLE_NAME).read_bytes() == on_disk


@contextmanager
def holder(store: Store, name: str) -> Iterator[Callable[[], None]]:
    """Another Rapporteur process holding ``name`` open; call the result to close it there."""
    process = subprocess.Popen(
        [sys.executable, str(WRITER), str(store.root), name, "0", "hold"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    assert process.stdin is not None
    assert process.stdout.readline().strip() == "ready"

    def close() -> None:
        if process.poll() is None:
            process.stdin.write("\n")  # type: ignore[union-attr]
            process.stdin.close()  # type: ignore[union-attr]
            process.wait(timeout=30)

    try:
        yield close
    finally:
        close()


async def test_a_second_window_is_read_only_and_takes_over_once_the_first_closes(
    store: Store,
) -> None:
    with holder(store, SAMPLE_NAME) as close_first:
        app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
        async with app.run_test(size=(120, 40)) as pilot:
            screen = workbench(app)
            assert screen.session.read_only
            await pilot.press("j", "j")
            sid = screen.selected().sid  # type: ignore[union-attr]
            await pilot.press("4")
            await pilot.pause()
            assert "open in another Rapporteur" in notices(app)[-1]

            # Taking over while the first window still has it is refused, with the reason.
            await pilot.press("ctrl+r")
            await pilot.pause()
            assert "close it there first" in notices(app)[-1]
            assert workbench(app).session.read_only

            close_first()
            await pilot.press("ctrl+r")
            await pilot.pause()
            screen = workbench(app)
            assert not screen.session.read_only
            # The new window stands where the old one did, and saves.
            assert screen.selected().sid == sid  # type: ignore[union-attr]
            await pilot.press("4")
            await pilot.pause()
            assert screen.selected().status is Status.AGREED  # type: ignore[union-attr]
    with store.open(SAMPLE_NAME) as session:
        paragraph = next(p for p in session.current_round().paragraphs if p.sid == sid)
        assert paragraph.status is Status.AGREED


@pytest.mark.parametrize("edit", ["invalid-json", "wrong-shape"])
async def test_a_session_edited_by_hand_is_kept_aside_and_its_backup_restored(
    store: Store, edit: str
) -> None:
    path = store.path(SAMPLE_NAME)
    store.open(SAMPLE_NAME).close()  # a backup of the good state
    lines = path.read_bytes().splitlines()
    if edit == "invalid-json":
        lines[0] = lines[0][:-40] + b"oops"
    else:
        lines[0] = lines[0].replace(b'"kind":"operative"', b'"kind":7', 1)
    damaged = b"\n".join(lines) + b"\n"
    path.write_bytes(damaged)

    app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
    async with app.run_test(size=(120, 40)):
        screen = workbench(app)
        assert not screen.session.read_only
        assert screen.current.label == "Rev.1"
        said = [n for n in notices(app) if "restored from its backup" in n]
        assert len(said) == 1, notices(app)
        assert ("not valid JSON" if edit == "invalid-json" else "wrong shape") in said[0]
        assert "\n" not in said[0]
    kept = list(store.root.glob(f"{path.name}.corrupt-*"))
    assert len(kept) == 1
    assert kept[0].read_bytes() == damaged


async def test_an_export_that_fails_unexpectedly_is_reported_and_the_app_goes_on(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.workbench as workbench_module

    def broken(*args: object, **kwargs: object) -> bytes:
        raise ValueError("All strings must be XML compatible")

    monkeypatch.setattr(workbench_module, "export_bytes", broken)
    target = tmp_path / "summary.md"
    app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        path = app.screen.query_one("#path", Input)
        path.value = str(target)
        path.focus()
        await pilot.press("enter")
        for _ in range(200):  # the export runs in a worker
            await pilot.pause(0.05)
            if any("export failed" in n for n in notices(app)):
                break
        assert any("XML compatible" in n and "nothing was written" in n for n in notices(app))
        assert app.is_running
        assert isinstance(app.screen, WorkbenchScreen)
    assert not target.exists()


async def test_an_import_that_fails_unexpectedly_is_reported_and_the_app_goes_on(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tui.workbench as workbench_module

    def broken(*args: object, **kwargs: object) -> object:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(workbench_module, "read_draft", broken)
    draft = tmp_path / "rev2.txt"
    draft.write_text("PP1 Recalling x,\n", encoding="utf-8")
    app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
    async with app.run_test(size=(120, 40)) as pilot:
        rounds = len(workbench(app).session.rounds())
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(draft)
        await pilot.press("enter", "enter")
        for _ in range(200):  # the import runs in a worker
            await pilot.pause(0.05)
            if any("could not be imported" in n for n in notices(app)):
                break
        assert any("rev2.txt could not be imported" in n for n in notices(app)), notices(app)
        assert app.is_running
        assert len(workbench(app).session.rounds()) == rounds
        assert not workbench(app).query_one("#paragraphs", DataTable).loading


PASSWD = "root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n"


def test_a_file_that_is_no_revision_is_refused_unless_asked(
    store: Store, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = tmp_path / "passwd"
    wrong.write_text(PASSWD, encoding="utf-8")
    data = ["--data-dir", str(store.root)]
    assert main([*data, "import", SAMPLE_NAME, str(wrong)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "shares no paragraph with Rev.1" in err
    assert "--unrelated" in err
    with store.open(SAMPLE_NAME) as session:
        assert [r.label for r in session.rounds()] == ["Zero draft", "Rev.1"]
    assert main([*data, "import", SAMPLE_NAME, str(wrong), "--unrelated"]) == 0
    with store.open(SAMPLE_NAME) as session:
        assert [r.label for r in session.rounds()] == ["Zero draft", "Rev.1", "Rev.2"]


@pytest.mark.parametrize("answer", ["n", "y"])
async def test_the_app_asks_before_importing_a_file_that_is_no_revision(
    store: Store, tmp_path: Path, answer: str
) -> None:
    wrong = tmp_path / "passwd"
    wrong.write_text(PASSWD, encoding="utf-8")
    app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        app.screen.query_one("#path", Input).value = str(wrong)
        await pilot.press("enter")
        for _ in range(200):  # the import runs in a worker
            await pilot.pause(0.05)
            if isinstance(app.screen, Confirm):
                break
        assert isinstance(app.screen, Confirm), notices(app)
        assert "shares no paragraph with Rev.1" in app.screen.question
        await pilot.press(answer)
        for _ in range(200):
            await pilot.pause(0.05)
            if answer == "n" or len(workbench_rounds(app)) == 3:
                break
        await pilot.pause()
        assert app.is_running
        expected = ["Zero draft", "Rev.1"] + (["Rev.2"] if answer == "y" else [])
        assert workbench_rounds(app) == expected


def workbench_rounds(app: RapporteurApp) -> list[str]:
    screen = next(s for s in app.screen_stack if isinstance(s, WorkbenchScreen))
    return [r.label for r in screen.session.rounds()]


async def test_the_export_dialog_never_overwrites_a_file_unasked(
    store: Store, tmp_path: Path
) -> None:
    target = tmp_path / "rev2-draft.docx"
    target.write_bytes(b"the facilitator's draft")
    app = RapporteurApp(store=store, session_name=SAMPLE_NAME)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("e")
        await pilot.pause()
        path = app.screen.query_one("#path", Input)
        for place, said in (
            (tmp_path / "missing" / "x.md", "There is no folder"),
            (tmp_path, "is a folder"),
        ):
            path.value = str(place)
            path.focus()
            await pilot.press("enter")
            await pilot.pause()
            assert any(said in n for n in notices(app)), notices(app)
            assert app.screen.query_one("#path", Input).value == str(place)  # kept to correct
        path.value = str(target)
        path.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert any("ends in .docx but the format is md" in n for n in notices(app))
        app.screen.query_one("#format", Select).value = "docx"
        await pilot.pause()
        path.value = str(target)
        path.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, Confirm)
        assert "rev2-draft.docx exists already" in app.screen.question
        await pilot.press("n")
        await pilot.pause()
        assert app.screen.query_one("#path", Input).value == str(target)
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")
        for _ in range(200):  # the export runs in a worker
            await pilot.pause(0.05)
            if target.read_bytes() != b"the facilitator's draft":
                break
    assert target.read_bytes().startswith(b"PK")
