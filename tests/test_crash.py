"""Kill a writing process at random moments, 200 times, while it saves, imports revisions and
exports: every kill leaves a readable session with every acknowledged change (and at most the one
in flight), whole export files, and no temporary file once the session is opened again."""

from __future__ import annotations

import io
import itertools
import os
import random
import signal
import time
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import pytest
import writer

from sessions import Store, parse_text
from sessions.samples import seed_text

KILLS = 200


@dataclass
class Model:
    """What the session must hold, replayed from the writer's acknowledgements."""

    amendments: set[str] = field(default_factory=set)
    notes: dict[str, str] = field(default_factory=dict)
    rounds: list[str] = field(default_factory=list)
    stack: list[tuple[str, str, str | None]] = field(default_factory=list)

    def apply(self, op: str) -> None:
        kind, *args = op.split()
        if kind == "A":
            self.amendments.add(args[0])
            self.stack.append(("A", args[0], None))
        elif kind == "N":
            key, value = args
            self.stack.append(("N", key, self.notes.get(key)))
            self.notes[key] = value
        elif kind == "I":
            self.rounds.append(args[0])
            self.stack.append(("I", args[0], None))
        elif kind == "U" and self.stack:
            what, key, before = self.stack.pop()
            if what == "A":
                self.amendments.discard(key)
            elif what == "I":
                self.rounds.remove(key)
            elif before is None:
                self.notes.pop(key, None)
            else:
                self.notes[key] = before

    def copy(self) -> Model:
        return Model(set(self.amendments), dict(self.notes), list(self.rounds), list(self.stack))

    def state(self) -> tuple[set[str], dict[str, str], list[str]]:
        return self.amendments, self.notes, self.rounds


def _actual(store: Store, name: str) -> tuple[set[str], dict[str, str], list[str]]:
    with store.open(name) as session:
        assert session.recovery is None, session.recovery
        amendments = {a.text.split()[0] for a in session.amendments()}
        rounds = session.rounds()
        notes = {
            f"{info.id}:{p.sid}": p.note
            for info in rounds
            for p in session.round(info.id).paragraphs
            if p.note
        }
        return amendments, notes, [info.label for info in rounds[1:]]


def _check_exports(folder: Path) -> int:
    """Every export on disk is whole; return how many there are."""
    files = sorted(folder.iterdir())
    for path in files:
        assert ".tmp-" not in path.name, f"a killed export left {path.name}"
        data = path.read_bytes()
        if path.suffix == ".json":
            orjson.loads(data)
        elif path.suffix == ".docx":
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                assert archive.testzip() is None
        else:
            assert data.rstrip().endswith(b"</html>"), path.name
    return len(files)


def _spawn(root: Path, name: str, seed: int) -> tuple[int, int]:
    """Fork a writer (a process started in milliseconds); return its pid and output pipe."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: write until killed, never return into pytest
        os.close(read)
        try:
            writer.work(root, name, seed, lambda line: os.write(write, f"{line}\n".encode()))
        except BaseException as error:
            os.write(write, f"X {type(error).__name__}: {error}\n".encode())
        finally:
            os._exit(1)
    os.close(write)
    return pid, read


def _read_all(fd: int) -> str:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks).decode()


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(os, "fork"), reason="kills forked writers")
def test_sigkill_during_saves_imports_and_exports_loses_nothing_acknowledged(
    tmp_path: Path,
) -> None:
    root = tmp_path / "data"
    store = Store(root, compact_min_bytes=30_000)
    store.create("crash", parse_text(seed_text(), source="gc24-10-zh.txt")).close()
    exports = writer.exports_of(root)
    model = Model()
    rng = random.Random(20261129)
    sizes = []
    in_flight_landed = 0
    struck: Counter[str] = Counter()
    for kill in range(KILLS):
        pid, pipe = _spawn(root, "crash", kill + 1)
        # Wait for the first change to begin, then kill at a random moment of the writing loop.
        first = b""
        while not first.endswith(b"\n"):
            first += os.read(pipe, 1)
        time.sleep(rng.uniform(0.0, 0.3))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        out = first.decode() + _read_all(pipe)
        pending: str | None = None
        for line in out.splitlines():
            mark, _, op = line.partition(" ")
            assert mark != "X", f"kill {kill}: the writer failed: {op}"
            if mark == "?":
                pending = op
            elif mark == "!" and op == pending:
                model.apply(op)
                pending = None
        if pending is not None:
            struck[pending.split()[0]] += 1
        actual = _actual(store, "crash")
        if actual != model.state():
            assert pending is not None, f"kill {kill}: state differs with nothing in flight"
            landed = model.copy()
            landed.apply(pending)
            assert actual == landed.state(), f"kill {kill}: lost or invented a change"
            model = landed
            in_flight_landed += 1
        # The open above cleaned what the killed writer left: no temporary file anywhere.
        assert not list(root.glob("*.tmp-*")), "a stale temporary file survived the open"
        assert not list((root / ".writing").glob("*")), "a note of a dead write survived"
        if exports.is_dir():
            _check_exports(exports)
        sizes.append(store.path("crash").stat().st_size)
    # The test exercised what it claims: kills struck mid-save, mid-import and mid-export,
    # writes landed, and the file both grew and shrank (compaction).
    print(f"kills mid-change: {dict(struck)}; {in_flight_landed} in-flight changes landed")
    assert sum(struck.values()) >= KILLS // 2, struck
    assert struck["A"] + struck["N"] + struck["U"] >= 20, struck  # saves
    assert struck["I"] >= 2, struck  # imports
    assert struck["E"] >= 2, struck  # exports
    assert model.rounds
    assert _check_exports(exports) == len(writer.EXPORTS)
    assert any(b < a for a, b in itertools.pairwise(sizes))
    assert any(b > a for a, b in itertools.pairwise(sizes))
