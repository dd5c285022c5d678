"""A Rapporteur that changes a session as fast as it can, for the crash and lock tests.

Usage: python writer.py DATA_DIR NAME SEED [hold]

Before each change it prints ``? OP`` and once the change returned ``! OP``, flushing both, so
whoever kills it knows which changes were acknowledged. The changes: amendments, notes, undo,
importing a revision (``I``) and exporting (``E``, written beside the data directory in
``exports/``). With ``hold`` it opens the session, prints ``ready`` and waits for a line on
standard input before closing it.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

from sessions import AmendmentKind, Store, parse_text
from sessions.export import EXTENSIONS, export_bytes
from sessions.samples import seed_text

#: The exports the writer makes, and where.
EXPORTS = ("json", "docx", "html")
#: Beyond this many rounds the writer imports no more revisions.
MAX_ROUNDS = 8


def exports_of(root: Path) -> Path:
    return root.parent / f"{root.name}-exports"


def revision(counter: int) -> str:
    """The seed draft with one paragraph reworded, so each import is a new round."""
    lines = seed_text().splitlines()
    index = max(i for i, line in enumerate(lines) if line.strip())
    lines[index] = f"{lines[index]} 第{counter}次修订。"
    return "\n".join(lines)


def work(root: Path, name: str, seed: int, emit: Callable[[str], None]) -> None:
    """Change the session for ever, announcing each change before and after."""
    store = Store(root, compact_min_bytes=30_000)
    session = store.open(name)
    rng = random.Random(seed)
    counter = seed * 1_000_000
    exports = exports_of(root)
    exports.mkdir(exist_ok=True)
    while True:
        counter += 1
        current = session.current_round()
        sids = [p.sid for p in current.paragraphs]
        # As many undos as amendments: the session stays small enough for hundreds of kills.
        roll = rng.random()
        if 0.8 <= roll < 0.95 and len(session.rounds()) >= MAX_ROUNDS:
            roll = 0.5
        if roll < 0.33:
            op = f"A {counter}"
            emit(f"? {op}")
            session.add_amendment(
                round_id=current.id,
                kind=AmendmentKind.REPLACE,
                proposer="Norway",
                target=rng.choice(sids),
                text=f"{counter} 促进城市可持续发展 " * rng.randint(1, 12),
            )
        elif roll < 0.66:
            op = "U"
            emit(f"? {op}")
            session.undo()
        elif roll < 0.8:
            sid = rng.choice(sids)
            op = f"N {current.id}:{sid} {counter}"
            emit(f"? {op}")
            session.set_note(current.id, sid, str(counter))
        elif roll < 0.95:
            op = f"I R{counter}"
            emit(f"? {op}")
            draft = parse_text(revision(counter), source=f"rev-{counter}.txt")
            session.commit_round(session.prepare_round(draft, label=f"R{counter}"))
        else:
            format = rng.choice(EXPORTS)
            op = f"E {format}"
            emit(f"? {op}")
            data = export_bytes(session, format)
            store.write_file(exports / f"{name}{EXTENSIONS[format]}", data)
        emit(f"! {op}")


def main() -> None:
    root, name, seed = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    if sys.argv[4:] == ["hold"]:
        session = Store(root).open(name)
        print("ready", flush=True)
        sys.stdin.readline()
        session.close()
        return
    work(root, name, seed, lambda line: print(line, flush=True))


if __name__ == "__main__":
    main()
