"""The benchmark: Rapporteur on a session of 2,000 paragraphs x 20 rounds x 10,000 amendments.

    python bench/scale.py [--paragraphs 2000] [--rounds 20] [--amendments 10000] [--quick]

Builds one synthetic session with the builder of bench/store.py (Chinese and English paragraphs
with statuses and brackets, each round reworded from the one before and linked to it, amendments
spread over the rounds, the journal of events) and measures every part on it or beside it,
reusing the per-part benchmarks, in this order:

    parse        English and Chinese drafts of 1 MB (bench/parse.py) through the importer,
                 ``sessions.importing.read_draft``, in process: MB/s, best of three
    compare      ``sessions.align`` at 300 and at N paragraphs, and the difflib peer at 300
                 (bench/align.py's synthetic rounds)
    app          first paint and cursor move on the big session, headless, timed inside the app
                 as bench/tui.py does
    export       every format on the big session (bench/export.py)
    store        opening the session, then saves through the public store API: statuses,
                 new amendments, supports, undos (bench/store.py); last, as it changes the file

Each step runs in a child process of its own (``python bench/scale.py --child STEP ...``, which
prints one JSON line) whose peak resident memory (``ru_maxrss``) the table shows beside its
figures; the peak that matters most is the app's, open on the big session. Building the session
is set-up: its time and memory are shown, not judged. Everything is written to a temporary
directory removed at the end. Prints one table: measure, value, target, ok or MISSED, peak MB.

Targets:
    parse          >= 1 MB/s (bench/parse.py's 1 MB draft in <= 1 s)
    compare        2,000 x 2,000 <= 1 s, and >= 100x faster than the difflib peer at 300 x 300
    save           p95 <= 20 ms
    first paint    <= 0.8 s;  cursor move p95 <= 20 ms
    export         <= 3 s for each format
    peak memory    <= 500 MB for the app on the big session, and for every step

``--quick`` runs small sizes as a smoke test; its figures say nothing about the targets.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

NAME = "scale"
FORMATS = ("md", "html", "docx", "docx-changes", "json", "csv", "akn")
FULL = {"paragraphs": 2000, "rounds": 20, "amendments": 10_000}
QUICK = {"paragraphs": 200, "rounds": 4, "amendments": 400}
MB = 1e6


def bench(name: str) -> ModuleType:
    """One of the per-part benchmarks of this folder, imported as ``bench_<name>``.

    Imported by path: on ``sys.path`` as ``tui``, bench/tui.py would hide the app's package.
    """
    spec = importlib.util.spec_from_file_location(f"bench_{name}", HERE / f"{name}.py")
    if spec is None or spec.loader is None:
        raise ImportError(name)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# -- the steps, each run in a child process -------------------------------------------------------


def step_build(args: argparse.Namespace) -> dict[str, Any]:
    store = bench("store")
    start = time.perf_counter()
    path = store.build(args.root, NAME, args.paragraphs, args.rounds, args.amendments)
    return {"seconds": time.perf_counter() - start, "bytes": path.stat().st_size}


def step_parse(args: argparse.Namespace) -> dict[str, Any]:
    parse = bench("parse")
    out = {}
    for language, make in (("English", parse.english), ("Chinese", parse.chinese)):
        path = args.root / f"draft-{language}.txt"
        path.write_text(make(args.draft_bytes), encoding="utf-8")
        out[language] = {
            "bytes": path.stat().st_size,
            "seconds": parse.import_seconds(path, args.runs),
        }
        path.unlink()
    return out


def step_align(args: argparse.Namespace) -> dict[str, Any]:
    align = bench("align")
    from sessions.align import align as ours

    rng = random.Random(2026)
    words = align.vocabulary()
    small = align.synthetic(args.small, rng, words)
    large = align.synthetic(args.paragraphs, rng, words)
    _, small_seconds = align.timed(ours, small.old, small.new)
    _, large_seconds = align.timed(ours, large.old, large.new)
    _, peer_seconds = align.timed(align.difflib_peer, small.old, small.new)
    return {"small": small_seconds, "large": large_seconds, "peer": peer_seconds}


def step_store(args: argparse.Namespace) -> dict[str, Any]:
    store_bench = bench("store")
    from sessions import Store

    store = Store(args.root)
    opens = store_bench.time_open(store, NAME, 3)
    with store.open(NAME) as session:
        saves = store_bench.time_saves(session, args.saves)
    return {"open": opens, "saves": [v for values in saves.values() for v in values]}


def step_app(args: argparse.Namespace) -> dict[str, Any]:
    tui = bench("tui")
    from sessions import Store

    first_paint, cursor, _ = asyncio.run(tui.measure(Store(args.root), args.moves, 0, NAME))
    return {"first_paint": first_paint, "cursor": cursor}


def step_export(args: argparse.Namespace) -> dict[str, Any]:
    export = bench("export")
    from sessions import Store

    with Store(args.root).open(NAME, read_only=True) as session:
        seconds, size = export.time_export(session, args.format)
    return {"seconds": seconds, "bytes": size}


STEPS: dict[str, Callable[[argparse.Namespace], dict[str, Any]]] = {
    "build": step_build,
    "parse": step_parse,
    "align": step_align,
    "store": step_store,
    "app": step_app,
    "export": step_export,
}


def peak_mb() -> float:
    """This process's peak resident memory in MB (``ru_maxrss`` is in KB, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / MB if sys.platform == "darwin" else peak * 1024 / MB


def child(args: argparse.Namespace) -> None:
    """Run one step and print its figures and peak memory as one JSON line."""
    result = STEPS[args.child](args)
    result["peak_mb"] = peak_mb()
    print(json.dumps(result))


def run_step(args: argparse.Namespace, step: str, *extra: str) -> dict[str, Any]:
    """Run a step in a fresh interpreter and return what it printed."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", step, *extra]
    for option in ("root", "paragraphs", "rounds", "amendments", "small", "saves", "moves"):
        command += [f"--{option}", str(getattr(args, option))]
    command += ["--draft-bytes", str(args.draft_bytes), "--runs", str(args.runs)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False)
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines:
        sys.exit(f"step {step} {' '.join(extra)} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(lines[-1])
    return result


# -- the table ------------------------------------------------------------------------------------


@dataclass
class Row:
    measure: str
    value: str
    target: str = "-"
    ok: bool | None = None
    peak: float | None = None

    @property
    def result(self) -> str:
        return "-" if self.ok is None else "ok" if self.ok else "MISSED"


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile, as the per-part benchmarks print it."""
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * share) - 1)]


def p50_p95(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), percentile(values, 0.95)


def table(rows: list[Row]) -> str:
    cells = [
        [r.measure, r.value, r.target, r.result, f"{r.peak:.0f}" if r.peak else "-"] for r in rows
    ]
    head = ["measure", "value", "target", "result", "peak MB"]
    widths = [max(len(c[k]) for c in [head, *cells]) for k in range(len(head))]
    right = {1, 4}

    def line(values: list[str]) -> str:
        padded = [
            v.rjust(w) if k in right else v.ljust(w)
            for k, (v, w) in enumerate(zip(values, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = "".join(
        f"|{'-' * (w + 1)}:" if k in right else f"|{'-' * (w + 2)}" for k, w in enumerate(widths)
    )
    rule += "|"
    return "\n".join([line(head), rule, *(line(c) for c in cells)])


def measure(args: argparse.Namespace) -> tuple[str, list[Row]]:
    """Run every step; return the heading and the rows of the table."""
    rows: list[Row] = []
    peaks: dict[str, float] = {}
    n, small = args.paragraphs, args.small

    built = run_step(args, "build")
    heading = (
        f"Session: {n:,} paragraphs x {args.rounds} rounds x {args.amendments:,} amendments, "
        f"{built['bytes'] / MB:.0f} MB file; {os.cpu_count()} cores, "
        f"Python {platform.python_version()}"
    )
    rows.append(
        Row("build the session (set-up)", f"{built['seconds']:.1f} s", peak=built["peak_mb"])
    )

    parsed = run_step(args, "parse")
    peaks["parse"] = parsed["peak_mb"]
    for language in ("English", "Chinese"):
        figures = parsed[language]
        rate = figures["bytes"] / MB / figures["seconds"]
        rows.append(
            Row(
                f"parse {language} draft, {figures['bytes'] / MB:.1f} MB (importer)",
                f"{rate:.2f} MB/s",
                ">= 1 MB/s",
                rate >= 1,
                parsed["peak_mb"],
            )
        )

    aligned = run_step(args, "align")
    peaks["compare"] = peak = aligned["peak_mb"]
    ratio = aligned["peer"] / aligned["small"]
    rows += [
        Row(
            f"compare {small:,} x {small:,} (sessions.align)",
            f"{aligned['small']:.3f} s",
            peak=peak,
        ),
        Row(
            f"compare {n:,} x {n:,}",
            f"{aligned['large']:.3f} s",
            "<= 1 s",
            aligned["large"] <= 1,
            peak,
        ),
        Row(f"difflib peer {small:,} x {small:,}", f"{aligned['peer']:.2f} s", peak=peak),
        Row(
            f"compare vs the peer at {small:,}",
            f"{ratio:.0f}x faster",
            ">= 100x",
            ratio >= 100,
            peak,
        ),
    ]

    app = run_step(args, "app")
    peaks["app on the big session"] = peak = app["peak_mb"]
    p50, p95 = p50_p95(app["cursor"])
    rows += [
        Row(
            "app first paint (headless)",
            f"{app['first_paint']:.2f} s",
            "<= 0.8 s",
            app["first_paint"] <= 0.8,
            peak,
        ),
        Row(
            "app cursor move p50 / p95",
            f"{p50:.1f} / {p95:.1f} ms",
            "p95 <= 20 ms",
            p95 <= 20,
            peak,
        ),
    ]

    for format in FORMATS:
        exported = run_step(args, "export", "--format", format)
        peaks[f"export {format}"] = exported["peak_mb"]
        rows.append(
            Row(
                f"export {format} ({exported['bytes'] / MB:.1f} MB)",
                f"{exported['seconds']:.2f} s",
                "<= 3 s",
                exported["seconds"] <= 3,
                exported["peak_mb"],
            )
        )

    stored = run_step(args, "store")
    peaks["store"] = peak = stored["peak_mb"]
    p50, p95 = p50_p95(stored["saves"])
    rows += [
        Row(
            "open the session (store API, p50 of 3)",
            f"{statistics.median(stored['open']) / 1000:.2f} s",
            peak=peak,
        ),
        Row(
            f"save p50 / p95 (store API, {len(stored['saves'])} saves)",
            f"{p50:.2f} / {p95:.2f} ms",
            "p95 <= 20 ms",
            p95 <= 20,
            peak,
        ),
    ]

    user = peaks["app on the big session"]
    largest = max(peaks, key=lambda k: peaks[k])
    rows += [
        Row("peak memory: the app on the big session", f"{user:.0f} MB", "<= 500 MB", user <= 500),
        Row(
            f"peak memory: largest step ({largest})",
            f"{peaks[largest]:.0f} MB",
            "<= 500 MB",
            peaks[largest] <= 500,
        ),
    ]
    return heading, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--paragraphs", type=int, help="paragraphs per round (2,000)")
    parser.add_argument("--rounds", type=int, help="rounds (20)")
    parser.add_argument("--amendments", type=int, help="amendments over all rounds (10,000)")
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--child", choices=sorted(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--root", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--format", choices=FORMATS, help=argparse.SUPPRESS)
    parser.add_argument("--small", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--saves", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--moves", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--draft-bytes", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = QUICK if args.quick else FULL
    for option, value in sizes.items():
        if getattr(args, option) is None:
            setattr(args, option, value)
    defaults = {
        "small": min(100 if args.quick else 300, args.paragraphs),
        "saves": 30 if args.quick else 300,
        "moves": 50 if args.quick else 200,
        "draft_bytes": (128 if args.quick else 1024) << 10,
        "runs": 3,
    }
    for option, value in defaults.items():
        if getattr(args, option) is None:
            setattr(args, option, value)
    if args.child:
        child(args)
        return
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="rapporteur-scale-") as tmp:
        args.root = Path(tmp)
        heading, rows = measure(args)
    if args.quick:
        # The targets are for the full size: a smoke run shows figures, not verdicts.
        for row in rows:
            row.ok = None
        heading += "\n(quick run: the targets apply to the full size; no verdicts)"
    print(heading)
    print(table(rows))
    missed = [r.measure for r in rows if r.ok is False]
    print(
        f"{len(missed)} target{'s' if len(missed) != 1 else ''} missed"
        f"{': ' + '; '.join(missed) if missed else ''} ({time.perf_counter() - start:.0f} s in all)"
    )


if __name__ == "__main__":
    main()
