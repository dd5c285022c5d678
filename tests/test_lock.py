"""One writer per session: a second process gets read-only access or a clear refusal."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sessions import ReadOnlyError, SessionLockedError, Status, Store, parse_text
from sessions.samples import seed_text
from tui.cli import main

WRITER = Path(__file__).with_name("writer.py")


def test_a_second_process_cannot_write(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store(tmp_path)
    store.create("gc24", parse_text(seed_text(), source="gc24-10-zh.txt")).close()
    holder = subprocess.Popen(
        [sys.executable, str(WRITER), str(tmp_path), "gc24", "0", "hold"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "ready"
        before = store.path("gc24").read_bytes()

        with pytest.raises(SessionLockedError, match="open in another Rapporteur"):
            store.open("gc24")
        with store.open("gc24", fallback=True) as session:
            assert session.read_only
            current = session.current_round()
            assert len(current.paragraphs) == 22
            with pytest.raises(ReadOnlyError, match="open in another Rapporteur"):
                session.set_status(current.id, current.paragraphs[0].sid, Status.AGREED)

        assert main(["--data-dir", str(tmp_path), "undo", "gc24"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1
        assert "open in another Rapporteur" in err
        assert store.path("gc24").read_bytes() == before
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=20)
    # Once the first process has closed the session, it can be taken over.
    with store.open("gc24") as session:
        assert not session.read_only
