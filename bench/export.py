"""Benchmark exports: every format on a session of 2,000 paragraphs in two rounds.

    python bench/export.py [--paragraphs 2000] [--amendments 2000]

The second round rewords a tenth of the paragraphs and renumbers the rest, so summaries carry
diffs, renumbering and carried-forward amendments. Target: each format <= 3 s.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sessions import AmendmentKind, OpenSession, ParagraphKind, Store
from sessions.export import FORMATS, Options, export_bytes
from sessions.importing import ParsedDraft, ParsedParagraph
from sessions.samples import seed_text


def build(root: Path, paragraphs: int, amendments: int) -> Store:
    rng = random.Random(5)
    pieces = [line.strip() for line in seed_text().splitlines() if len(line.strip()) > 10]
    texts = [
        "".join(rng.choice(pieces) for _ in range(rng.randint(2, 4))) for _ in range(paragraphs)
    ]

    def draft(texts: list[str], source: str, offset: int) -> ParsedDraft:
        parsed = []
        for index, text in enumerate(texts):
            kind = ParagraphKind.PREAMBULAR if index < paragraphs // 5 else ParagraphKind.OPERATIVE
            label = f"PP{index + 1}" if kind is ParagraphKind.PREAMBULAR else f"OP{index + offset}"
            parsed.append(ParsedParagraph(label=label, kind=kind, text=f"[{text}]", number=index))
        return ParsedDraft(source, "Synthetic draft", "X/1", "zh", tuple(parsed))

    store = Store(root)
    with store.create("bench", draft(texts, "zero.txt", 1)) as session:
        current = session.current_round()
        for _ in range(amendments):
            target = rng.choice(current.paragraphs)
            session.add_amendment(
                round_id=current.id,
                kind=AmendmentKind.REPLACE,
                proposer=rng.choice(["Norway", "European Union", "G77 and China", "Japan"]),
                target=target.sid,
                text=target.text.replace("城市", "都市", 1),
                supporters=["Iceland"],
                objectors=["Kenya"],
            )
        revised = [t.replace("城市", "都市", 1) if i % 10 == 0 else t for i, t in enumerate(texts)]
        session.add_round(draft(revised, "rev1.txt", 2), label="Rev.1")
    return store


def time_export(
    session: OpenSession, format: str, options: Options | None = None
) -> tuple[float, int]:
    """Seconds to export ``session`` in ``format``, and the size of the file in bytes."""
    start = time.perf_counter()
    data = export_bytes(session, format, options or Options())
    return time.perf_counter() - start, len(data)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, default=2000)
    parser.add_argument("--amendments", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        store = build(Path(tmp), args.paragraphs, args.amendments)
        print(f"Session: {args.paragraphs} paragraphs x 2 rounds, {args.amendments} amendments")
        print("| format        |   time   |   size   |")
        print("|---------------|----------|----------|")
        with store.open("bench", read_only=True) as session:
            for format in FORMATS:
                seconds, size = time_export(session, format)
                print(f"| {format:<13} | {seconds:6.2f} s | {size / 1e6:5.1f} MB |")
            seconds, _ = time_export(session, "md", Options(history=True))
            print(f"| md, history   | {seconds:6.2f} s |          |")
    print("target: each format <= 3 s")


if __name__ == "__main__":
    main()
