"""A process that changes a session as fast as it can, for the crash and lock tests.

Usage: python writer.py DATA_DIR NAME SEED [hold]

Before each change it prints ``? OP`` and after the change returns ``! OP``, flushing both, so the
parent knows which changes were acknowledged when it kills this process. With ``hold`` it opens
the session, prints ``ready`` and waits for a line on standard input before closing it.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

from sessions import AmendmentKind, Store


def main() -> None:
    root, name, seed = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    store = Store(root, compact_min_bytes=30_000)
    session = store.open(name)
    if sys.argv[4:] == ["hold"]:
        print("ready", flush=True)
        sys.stdin.readline()
        session.close()
        return
    rng = random.Random(seed)
    current = session.current_round()
    sids = [p.sid for p in current.paragraphs]
    counter = seed * 1_000_000
    while True:
        counter += 1
        roll = rng.random()
        if roll < 0.55:
            op = f"A {counter}"
            print("?", op, flush=True)
            session.add_amendment(
                round_id=current.id,
                kind=AmendmentKind.REPLACE,
                proposer="Norway",
                target=rng.choice(sids),
                text=f"{counter} 促进城市可持续发展 " * rng.randint(1, 40),
            )
        elif roll < 0.8:
            op = "U"
            print("?", op, flush=True)
            session.undo()
        else:
            sid = rng.choice(sids)
            op = f"N {sid} {counter}"
            print("?", op, flush=True)
            session.set_note(current.id, sid, str(counter))
        print("!", op, flush=True)


if __name__ == "__main__":
    main()
