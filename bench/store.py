"""Benchmark the store: open time and save latency on a large synthetic session.

    python bench/store.py [--paragraphs 2000] [--rounds 20] [--amendments 10000] [--saves 300]

Builds a session of N paragraphs x R rounds x A amendments (Chinese and English text, each
amendment with its journal event, as if recorded one by one), writes it as a session file, then
opens it and times saves through the public API. Prints one table. Target: save p95 <= 20 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sessions import (
    Amendment,
    AmendmentKind,
    Change,
    Event,
    Paragraph,
    ParagraphKind,
    RoundInfo,
    Session,
    Status,
    Store,
    codec,
)
from sessions.storage import JournalStorage
from sessions.store import SUFFIX, _amendments_table, _events_table

ZH = "鼓励各国政府、国家和国际利益攸关方考虑制定旨在加强城市安全和预防犯罪的政策[和方案]，"
EN = (
    "Calls upon Member States to [strengthen][support] urban crime prevention and safety policies, "
)


def build(root: Path, name: str, paragraphs: int, rounds: int, amendments: int) -> Path:
    """Write a session file of the given size and return its path."""
    rng = random.Random(7)
    now = datetime.now(UTC)
    tables: dict[str, dict[str, Any]] = {}
    session = Session(name=name, title="Synthetic draft", symbol="X/1", created=now)
    tables["session"] = {"session": codec.session_doc(session)}
    tables["rounds"] = {}
    sids = [f"p{i:07x}" for i in range(paragraphs)]
    seq = 0

    def event(action: str, summary: str, changes: tuple[Any, ...] = ()) -> None:
        nonlocal seq
        seq += 1
        doc = codec.event_doc(Event(seq, now, action, summary, changes))
        tables.setdefault(_events_table(seq), {})[str(seq)] = doc

    for r in range(1, rounds + 1):
        rid = f"r{r}"
        info = RoundInfo(rid, r, f"Rev.{r - 1}", "synthetic.txt", now, paragraphs)
        tables["rounds"][rid] = codec.round_doc(info)
        table = {}
        for i, sid in enumerate(sids):
            text = (ZH if i % 2 else EN) * rng.randint(1, 4)
            kind = ParagraphKind.PREAMBULAR if i < paragraphs // 4 else ParagraphKind.OPERATIVE
            p = Paragraph(sid, f"OP{i + 1}", kind, text, i + 1, status=Status.PENDING)
            table[sid] = codec.paragraph_doc(p, i)
        tables[f"round:{rid}"] = table
        event("import", f"Imported Rev.{r - 1}")
    for n in range(amendments):
        rid = f"r{rng.randint(1, rounds)}"
        amendment = Amendment(
            id=f"a{n:010x}",
            round_id=rid,
            kind=AmendmentKind.REPLACE,
            proposer=rng.choice(["Norway", "European Union", "G77 and China", "挪威", "Japan"]),
            target=rng.choice(sids),
            text=(ZH if n % 2 else EN) * rng.randint(1, 4),
            supporters=("Iceland", "Mexico"),
            created=now,
            changed=now,
        )
        doc = codec.amendment_doc(amendment)
        tables.setdefault(_amendments_table(amendment.id), {})[amendment.id] = doc
        event(
            "amend", "proposes", (Change(_amendments_table(amendment.id), amendment.id, None, doc),)
        )
    root.mkdir(parents=True, exist_ok=True)
    path = root / f"{name}{SUFFIX}"
    JournalStorage.create(path, tables)
    return path


def timed(action: Callable[[], object], times: int) -> list[float]:
    """Wall times of ``times`` calls, in milliseconds."""
    out = []
    for _ in range(times):
        start = time.perf_counter()
        action()
        out.append((time.perf_counter() - start) * 1000)
    return out


def row(label: str, values: list[float]) -> str:
    values = sorted(values)
    p95 = values[max(0, int(len(values) * 0.95) - 1)]
    return f"| {label:<28} | {statistics.median(values):8.2f} | {p95:8.2f} | {values[-1]:8.2f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--amendments", type=int, default=10_000)
    parser.add_argument("--saves", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        path = build(root, "bench", args.paragraphs, args.rounds, args.amendments)
        built = time.perf_counter() - start
        store = Store(root)
        opens = timed(lambda: store.open("bench").close(), 3)
        session = store.open("bench")
        current = session.current_round()
        rng = random.Random(11)
        sids = [p.sid for p in current.paragraphs]
        statuses = [Status.AGREED, Status.PENDING, Status.AGREED_AD_REF, Status.DELETED]
        status_saves = timed(
            lambda: session.set_status(current.id, rng.choice(sids), rng.choice(statuses)),
            args.saves,
        )
        added: list[str] = []

        def add() -> None:
            amendment = session.add_amendment(
                round_id=current.id,
                kind=AmendmentKind.INSERT,
                proposer="Norway",
                target=rng.choice(sids),
                text=ZH * 2,
            )
            added.append(amendment.id)

        add_saves = timed(add, args.saves)
        support_saves = timed(lambda: session.support(rng.choice(added), "Iceland"), args.saves)
        undo_saves = timed(session.undo, min(args.saves, 100))
        every = status_saves + add_saves + support_saves + undo_saves
        size = os.path.getsize(path)
        session.close()
    print(
        f"Session: {args.paragraphs} paragraphs x {args.rounds} rounds x "
        f"{args.amendments} amendments; file {size / 1e6:.1f} MB; built in {built:.1f} s"
    )
    print("| operation                    |  p50 ms  |  p95 ms  |  max ms  |")
    print("|------------------------------|----------|----------|----------|")
    print(row("open session", opens))
    print(row("save: set status", status_saves))
    print(row("save: add amendment", add_saves))
    print(row("save: support amendment", support_saves))
    print(row("save: undo", undo_saves))
    print(row("save: all of the above", every))
    print("target: save p95 <= 20 ms")


if __name__ == "__main__":
    main()
