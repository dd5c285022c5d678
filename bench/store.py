"""Benchmark the store: open time and save latency on a large synthetic session.

    python bench/store.py [--paragraphs 2000] [--rounds 20] [--amendments 10000] [--saves 300]

Builds a session of N paragraphs x R rounds x A amendments and writes it as a session file, as
the app would have left it: Chinese and English paragraphs (preambular and operative, with
statuses and square brackets); each round rewords a tenth of the paragraphs of the round before
and is linked to it; the amendments are spread over the rounds, each a small rewording of its
paragraph with supporters and objectors (decided in past rounds, open in the last); and the
journal holds one event per import and per amendment, as if they had been recorded one by one.
Then opens the session and times saves through the public API. Prints one table.
Target: save p95 <= 20 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rapidfuzz import fuzz

from sessions import (
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    Change,
    Event,
    Link,
    LinkKind,
    OpenSession,
    Paragraph,
    ParagraphKind,
    RoundInfo,
    Session,
    Status,
    Store,
    codec,
)
from sessions.importing import parse_text
from sessions.samples import seed_text
from sessions.storage import JournalStorage
from sessions.store import SUFFIX, _amendments_table, _events_table

ZH = "鼓励各国政府、国家和国际利益攸关方考虑制定旨在加强城市安全和预防犯罪的政策[和方案]，"
ENGLISH = (
    "Calls upon Member States to [strengthen][support] urban crime prevention and safety policies,",
    "Recalling its resolution 23/14 on [urban safety] and the need for cooperation between cities "
    "and local authorities in the prevention of crime and violence,",
    "Encourages Governments and local authorities to [consider][adopt] policies for safe public "
    "spaces for women and girls;",
    "Requests the Executive Director to report on the implementation of the present resolution "
    "to the Governing Council at its twenty-fifth session;",
    "Invites development partners to provide [adequate][predictable] financial resources to the "
    "Safer Cities Programme;",
)
ENGLISH_WORDS = ("municipal", "national", "safer", "[inclusive]", "women and girls", "regional")
CHINESE_WORDS = ("都市", "地方", "国际", "[安全]", "妇女和女童", "区域")
PROPOSERS = ("Norway", "European Union", "G77 and China", "挪威", "Japan", "Mexico", "Kenya")
DECIDED = (
    AmendmentStatus.ACCEPTED,
    AmendmentStatus.REJECTED,
    AmendmentStatus.WITHDRAWN,
    AmendmentStatus.INCORPORATED,
)
STATUSES = (Status.OPEN, Status.PENDING, Status.AGREED_AD_REF, Status.AGREED)
_CJK = re.compile(r"[\u4e00-\u9fff]")


def chinese_pieces() -> list[str]:
    """The paragraphs of the bundled Chinese draft, as the importer reads them."""
    return [p.text for p in parse_text(seed_text()).paragraphs]


def reword(text: str, rng: random.Random) -> str:
    """``text`` with one word changed (two characters, in Chinese)."""
    if _CJK.search(text):
        at = rng.randrange(max(1, len(text) - 2))
        return text[:at] + rng.choice(CHINESE_WORDS) + text[at + 2 :]
    words = text.split(" ")
    words[rng.randrange(len(words))] = rng.choice(ENGLISH_WORDS)
    return " ".join(words)


def first_texts(rng: random.Random, paragraphs: int) -> list[str]:
    """Texts of a zero draft: English and Chinese paragraphs alternately."""
    pieces = chinese_pieces()
    return [
        "".join(rng.sample(pieces, rng.randint(1, 3)))
        if i % 2
        else " ".join(rng.choice(ENGLISH) for _ in range(rng.randint(1, 4)))
        for i in range(paragraphs)
    ]


def revise(texts: list[str], rng: random.Random) -> dict[int, float]:
    """Reword a tenth of ``texts`` in place; return the similarity of each reworded one."""
    reworded = {}
    for i in sorted(rng.sample(range(len(texts)), len(texts) // 10)):
        before, texts[i] = texts[i], reword(texts[i], rng)
        reworded[i] = round(fuzz.ratio(before, texts[i]) / 100, 4)
    return reworded


def link_table(old: str, new: str, sids: list[str], reworded: dict[int, float]) -> dict[str, Any]:
    """The links of round ``new`` to round ``old``: each paragraph continues itself."""
    table = {}
    for i, sid in enumerate(sids):
        kind = LinkKind.MODIFIED if i in reworded else LinkKind.UNCHANGED
        link = Link(old, new, (sid,), (sid,), kind, reworded.get(i, 1.0))
        table[link.key] = codec.link_doc(link)
    return table


def build(root: Path, name: str, paragraphs: int, rounds: int, amendments: int) -> Path:
    """Write a session file of the given size (see the module docstring) and return its path."""
    rng = random.Random(7)
    start = datetime.now(UTC) - timedelta(days=rounds)
    preambular = paragraphs // 4
    sids = [f"p{i:07x}" for i in range(paragraphs)]
    labels = [
        f"PP{i + 1}" if i < preambular else f"OP{i + 1 - preambular}" for i in range(paragraphs)
    ]
    kinds = [
        ParagraphKind.PREAMBULAR if i < preambular else ParagraphKind.OPERATIVE
        for i in range(paragraphs)
    ]
    texts = first_texts(rng, paragraphs)
    session = Session(name, "Synthetic draft", "X/1", languages=("zh", "en"), created=start)
    tables: dict[str, dict[str, Any]] = {"session": {"session": codec.session_doc(session)}}
    tables["rounds"] = {}
    seq = 0

    def event(at: datetime, action: str, summary: str, changes: tuple[Change, ...] = ()) -> None:
        nonlocal seq
        seq += 1
        doc = codec.event_doc(Event(seq, at, action, summary, changes, undoable=seq > 1))
        tables.setdefault(_events_table(seq), {})[str(seq)] = doc

    for r in range(1, rounds + 1):
        rid = f"r{r}"
        at = start + timedelta(days=r - 1)
        label = "Zero draft" if r == 1 else f"Rev.{r - 1}"
        info = RoundInfo(rid, r, label, f"{label}.txt", at, paragraphs)
        tables["rounds"][rid] = codec.round_doc(info)
        if r == 1:
            event(at, "create", f"Session created from {info.source}")
        else:
            tables[f"links:{rid}"] = link_table(f"r{r - 1}", rid, sids, revise(texts, rng))
            change = Change("rounds", rid, None, codec.round_doc(info))
            event(
                at,
                "import",
                f"Imported {info.source} as {label} ({paragraphs} paragraphs)",
                (change,),
            )
        tables[f"round:{rid}"] = {
            sid: codec.paragraph_doc(
                Paragraph(sid, labels[i], kinds[i], texts[i], i + 1, status=rng.choice(STATUSES)),
                i,
            )
            for i, sid in enumerate(sids)
        }
        for n in range(amendments // rounds + (r <= amendments % rounds)):
            i = rng.randrange(paragraphs)
            when = at + timedelta(seconds=n + 1)
            amendment = Amendment(
                id=f"a{seq:010x}",
                round_id=rid,
                kind=AmendmentKind.REPLACE,
                proposer=rng.choice(PROPOSERS),
                target=sids[i],
                text=reword(texts[i], rng),
                supporters=("Iceland", "Mexico")[: rng.randint(0, 2)],
                objectors=("Kenya",)[: rng.randint(0, 1)],
                status=AmendmentStatus.PROPOSED if r == rounds else rng.choice(DECIDED),
                created=when,
                changed=when,
            )
            doc = codec.amendment_doc(amendment)
            table = _amendments_table(amendment.id)
            tables.setdefault(table, {})[amendment.id] = doc
            summary = f"{labels[i]}: {amendment.proposer} proposes to replace"
            event(when, "amend", summary, (Change(table, amendment.id, None, doc),))
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


def time_open(store: Store, name: str, times: int) -> list[float]:
    """Milliseconds to open the session for writing (closing it is not timed)."""
    out = []
    for _ in range(times):
        start = time.perf_counter()
        session = store.open(name)
        out.append((time.perf_counter() - start) * 1000)
        session.close()
        del session  # one session in memory at a time, as in the app
    return out


def time_saves(session: OpenSession, saves: int) -> dict[str, list[float]]:
    """Milliseconds per save, by kind: status, new amendment, support, undo."""
    current = session.current_round()
    rng = random.Random(11)
    sids = [p.sid for p in current.paragraphs]
    statuses = [Status.AGREED, Status.PENDING, Status.AGREED_AD_REF, Status.DELETED]
    times = {
        "set status": timed(
            lambda: session.set_status(current.id, rng.choice(sids), rng.choice(statuses)), saves
        )
    }
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

    times["add amendment"] = timed(add, saves)
    times["support amendment"] = timed(lambda: session.support(rng.choice(added), "Iceland"), saves)
    times["undo"] = timed(session.undo, min(saves, 100))
    return times


def percentile(values: list[float], share: float) -> float:
    """The value below which ``share`` of ``values`` fall (nearest rank, as the tables print)."""
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)]


def row(label: str, values: list[float]) -> str:
    median, p95 = statistics.median(values), percentile(values, 0.95)
    return f"| {label:<28} | {median:8.2f} | {p95:8.2f} | {max(values):8.2f} |"


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
        opens = time_open(store, "bench", 3)
        with store.open("bench") as session:
            saves = time_saves(session, args.saves)
        size = os.path.getsize(path)
    print(
        f"Session: {args.paragraphs} paragraphs x {args.rounds} rounds x "
        f"{args.amendments} amendments; file {size / 1e6:.1f} MB; built in {built:.1f} s"
    )
    print("| operation                    |  p50 ms  |  p95 ms  |  max ms  |")
    print("|------------------------------|----------|----------|----------|")
    print(row("open session", opens))
    for kind, values in saves.items():
        print(row(f"save: {kind}", values))
    print(row("save: all of the above", [v for values in saves.values() for v in values]))
    print("target: save p95 <= 20 ms")


if __name__ == "__main__":
    main()
