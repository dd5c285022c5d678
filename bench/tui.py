"""Benchmark the workbench on a session of 2,000 paragraphs, measured inside the app.

    python bench/tui.py [--paragraphs 2000] [--amendments 2000]

Pilot's own wall time has a floor of about 80 ms per key, so the cursor move and the save are
timed inside the app: the work a key does (move the cursor, redraw the row and the detail pane,
save through the store) between the key and the next frame. First paint is the time from
building the app to the workbench standing with its table filled, in a headless terminal.
Targets: first paint <= 0.8 s, cursor move <= 20 ms, saved amendment <= 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from textual.widgets import DataTable

from sessions import AmendmentKind, ParagraphKind, Store
from sessions.importing import ParsedDraft, ParsedParagraph
from sessions.samples import seed_text
from tui.app import RapporteurApp
from tui.workbench import WorkbenchScreen


def build(root: Path, paragraphs: int, amendments: int) -> Store:
    rng = random.Random(3)
    pieces = [line.strip() for line in seed_text().splitlines() if len(line.strip()) > 10]
    parsed = []
    for index in range(paragraphs):
        kind = ParagraphKind.PREAMBULAR if index < paragraphs // 5 else ParagraphKind.OPERATIVE
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(2, 5)))
        label = f"PP{index + 1}" if kind is ParagraphKind.PREAMBULAR else f"OP{index + 1}"
        parsed.append(ParsedParagraph(label=label, kind=kind, text=f"[{text}]", number=index + 1))
    draft = ParsedDraft("bench.txt", "Synthetic draft", "X/1", "zh", tuple(parsed))
    store = Store(root)
    with store.create("bench", draft) as session:
        current = session.current_round()
        for _ in range(amendments):
            target = rng.choice(current.paragraphs)
            session.add_amendment(
                round_id=current.id,
                kind=AmendmentKind.REPLACE,
                proposer=rng.choice(["Norway", "European Union", "G77 and China", "Japan"]),
                target=target.sid,
                text=target.text.replace("城市", "都市", 1),
            )
    return store


def summary(label: str, values: list[float]) -> str:
    values = sorted(values)
    p95 = values[max(0, int(len(values) * 0.95) - 1)]
    return f"| {label:<26} | {statistics.median(values):8.1f} | {p95:8.1f} | {values[-1]:8.1f} |"


async def measure(
    store: Store, moves: int, saves: int, name: str = "bench"
) -> tuple[float, list[float], list[float]]:
    """Open the app on session ``name`` and time it from inside.

    Returns seconds to first paint, then milliseconds per cursor move and per saved amendment.
    """
    start = time.perf_counter()
    app = RapporteurApp(store=store, session_name=name)
    async with app.run_test(size=(140, 45)) as pilot:
        while not isinstance(app.screen, WorkbenchScreen):
            await pilot.pause(0.001)
        screen = app.screen
        table = screen.query_one("#paragraphs", DataTable)
        while table.row_count < len(screen.current.paragraphs):
            await pilot.pause(0.001)
        await pilot.pause()
        first_paint = time.perf_counter() - start
        cursor = []
        for _ in range(moves):
            begin = time.perf_counter()
            screen.action_move(1)
            screen._show()
            cursor.append((time.perf_counter() - begin) * 1000)
        saved = []
        for _ in range(saves):
            paragraph = screen.selected()
            assert paragraph is not None
            begin = time.perf_counter()
            screen.session.add_amendment(
                round_id=screen.current.id,
                kind=AmendmentKind.INSERT,
                proposer="Norway",
                target=paragraph.sid,
                text=paragraph.text + "和女童",
            )
            screen._refresh_paragraph(paragraph.sid)
            saved.append((time.perf_counter() - begin) * 1000)
            screen.action_move(1)
    return first_paint, cursor, saved


def report(first_paint: float, cursor: list[float], saved: list[float]) -> None:
    print("| measure                    |  p50 ms  |  p95 ms  |  max ms  |")
    print("|----------------------------|----------|----------|----------|")
    print(f"| first paint                | {first_paint * 1000:8.0f} |          |          |")
    print(summary("cursor move (j)", cursor))
    print(summary("saved amendment", saved))
    print("targets: first paint <= 800 ms, cursor move <= 20 ms, saved amendment <= 50 ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, default=2000)
    parser.add_argument("--amendments", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = build(Path(tmp), args.paragraphs, args.amendments)
        print(f"Session: {args.paragraphs} paragraphs, {args.amendments} amendments")
        report(*asyncio.run(measure(store, moves=200, saves=50)))


if __name__ == "__main__":
    main()
