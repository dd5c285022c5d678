"""Kill a writing process at random moments: every kill leaves a readable session with every
acknowledged change (and at most the one in flight)."""

from __future__ import annotations

import itertools
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from sessions import Store, parse_text
from sessions.samples import seed_text

WRITER = Path(__file__).with_name("writer.py")
KILLS = 60


@dataclass
class Model:
    """What the session must hold, replayed from the writer's acknowledgements."""

    amendments: set[str] = field(default_factory=set)
    notes: dict[str, str] = field(default_factory=dict)
    stack: list[tuple[str, str, str | None]] = field(default_factory=list)

    def apply(self, op: str) -> None:
        kind, *args = op.split()
        if kind == "A":
            self.amendments.add(args[0])
            self.stack.append(("A", args[0], None))
        elif kind == "N":
            sid, value = args
            self.stack.append(("N", sid, self.notes.get(sid)))
            self.notes[sid] = value
        elif self.stack:
            what, key, before = self.stack.pop()
            if what == "A":
                self.amendments.discard(key)
            elif before is None:
                self.notes.pop(key, None)
            else:
                self.notes[key] = before

    def copy(self) -> Model:
        return Model(set(self.amendments), dict(self.notes), list(self.stack))

    def state(self) -> tuple[set[str], dict[str, str]]:
        return self.amendments, self.notes


def _actual(store: Store, name: str) -> tuple[set[str], dict[str, str]]:
    with store.open(name) as session:
        assert session.recovery is None, session.recovery
        amendments = {a.text.split()[0] for a in session.amendments()}
        notes = {p.sid: p.note for p in session.current_round().paragraphs if p.note}
    return amendments, notes


@pytest.mark.slow
def test_sigkill_at_random_moments_loses_no_acknowledged_write(tmp_path: Path) -> None:
    store = Store(tmp_path, compact_min_bytes=30_000)
    store.create("crash", parse_text(seed_text(), source="gc24-10-zh.txt")).close()
    model = Model()
    rng = random.Random(20261129)
    sizes = []
    in_flight_landed = 0
    killed_mid_change = 0
    for kill in range(KILLS):
        writer = subprocess.Popen(
            [sys.executable, str(WRITER), str(tmp_path), "crash", str(kill + 1)],
            stdout=subprocess.PIPE,
            text=True,
        )
        # Wait for the first change to begin (a slow machine starts Python slowly), then kill at
        # a random moment of the writing loop.
        assert writer.stdout is not None
        first = writer.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.35))
        writer.send_signal(signal.SIGKILL)
        rest, _ = writer.communicate()
        out = first + rest
        pending: str | None = None
        for line in out.splitlines():
            mark, _, op = line.partition(" ")
            if mark == "?":
                pending = op
            elif mark == "!" and op == pending:
                model.apply(op)
                pending = None
        killed_mid_change += pending is not None
        actual = _actual(store, "crash")
        if actual != model.state():
            assert pending is not None, f"kill {kill}: state differs with nothing in flight"
            landed = model.copy()
            landed.apply(pending)
            assert actual == landed.state(), f"kill {kill}: lost or invented a change"
            model = landed
            in_flight_landed += 1
        assert not list(tmp_path.glob("*.tmp-*")), "a stale temporary file survived the open"
        sizes.append(store.path("crash").stat().st_size)
    # The test exercised what it claims: most kills struck mid-change, writes landed, and the
    # file both grew and shrank (compaction).
    assert killed_mid_change >= KILLS // 2, killed_mid_change
    assert len(model.amendments) + len(model.notes) > 0
    print(f"{killed_mid_change} of {KILLS} kills mid-change, {in_flight_landed} in-flight landed")
    assert any(b < a for a, b in itertools.pairwise(sizes))
    assert any(b > a for a, b in itertools.pairwise(sizes))
