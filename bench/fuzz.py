"""Fuzz the importer (text in eight encodings, Word, PDF, damaged files), the rounds (two drafts
into one session and every export), the quick-entry parser, the diff, the aligner and hand-edited
session files, with as many inputs as asked.

    python bench/fuzz.py [--inputs 100000] [--targets importer,diff,...] [--seed N]
    python bench/fuzz.py --atheris TARGET [--inputs N]    # coverage-guided, pip install atheris

The targets and their laws live in ``tests/fuzzing.py``; ``pytest`` gives each a few hundred
inputs on every run. Here they get their share of ``--inputs`` (the slow ones less). An input
that breaks a law is shrunk by Hypothesis and kept in ``tests/corpus/<target>/``, which the test
suite replays for ever. Prints one table: inputs tried, failures and time per target.
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from fuzzing import RUNS, TARGETS, keep
from hypothesis import HealthCheck, given, seed, settings

#: How much of the total each target gets: roughly inversely to what one input costs.
SHARES = {
    "diff": 0.28,
    "quickentry": 0.28,
    "align": 0.2,
    "importer": 0.14,
    "rounds": 0.05,
    "session": 0.05,
}


def run(name: str, inputs: int, chosen_seed: int) -> tuple[int, str, float]:
    """Give one target ``inputs`` inputs; return how many it got, the failure if any, seconds."""
    check, strategy = TARGETS[name]
    failing: list[Any] = []

    @seed(chosen_seed)
    @settings(
        max_examples=inputs,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @given(strategy)
    def fuzz(value: Any) -> None:
        try:
            check(value)
        except BaseException:
            failing.append(value)
            raise

    before = RUNS[name]
    start = time.perf_counter()
    problem = ""
    try:
        fuzz()
    except Exception as error:
        # Hypothesis runs the shrunk example last.
        kept = keep(name, failing[-1]) if failing else None
        problem = f"{type(error).__name__}: {str(error).splitlines()[0][:80]}"
        if kept is not None:
            problem += f" -> {kept.relative_to(ROOT)}"
        traceback.print_exc(limit=-3)
    return RUNS[name] - before, problem, time.perf_counter() - start


def from_bytes(name: str, data: bytes) -> Any:
    """Turn libFuzzer's bytes into an input of ``name`` (the atheris mode)."""
    import atheris
    from fuzzing import WORD_LIST, sample_docx, sample_pdf, sample_session

    fdp = atheris.FuzzedDataProvider(data)

    def patched(base: bytes) -> bytes:
        at = fdp.ConsumeIntInRange(0, len(base))
        patch = fdp.ConsumeBytes(fdp.ConsumeIntInRange(0, 64))
        return base[:at] + patch + base[at + fdp.ConsumeIntInRange(0, 64) :]

    if name == "importer":
        suffix = fdp.PickValueInList([".txt", ".md", ".docx", ".pdf"])
        if suffix == ".docx":
            return suffix, patched(sample_docx())
        if suffix == ".pdf":
            return suffix, patched(sample_pdf())
        return suffix, fdp.ConsumeBytes(fdp.remaining_bytes())
    if name == "session":
        return patched(sample_session()[0])
    if name == "align":

        def paragraphs() -> list[tuple[str, str]]:
            return [
                (
                    fdp.PickValueInList(["PP1", "OP1", "OP2", "OP2 bis", ""]),
                    " ".join(
                        fdp.PickValueInList(WORD_LIST) for _ in range(fdp.ConsumeIntInRange(0, 6))
                    ),
                )
                for _ in range(fdp.ConsumeIntInRange(0, 10))
            ]

        old, new = paragraphs(), paragraphs()
        fixed = [
            [fdp.ConsumeIntInRange(0, 9), fdp.ConsumeIntInRange(0, 9)]
            for _ in range(fdp.ConsumeIntInRange(0, 2))
        ]
        fixed = [[i, j] for i, j in fixed if i < len(old) and j < len(new)]
        return {"old": old, "new": new, "fixed": fixed}
    size = fdp.ConsumeIntInRange(0, 400)
    return fdp.ConsumeUnicodeNoSurrogates(size), fdp.ConsumeUnicodeNoSurrogates(size)


def run_atheris(name: str, runs: int) -> None:
    """Fuzz one target with atheris (libFuzzer, coverage-guided); it prints its own report."""
    import atheris

    check = TARGETS[name][0]

    def one(data: bytes) -> None:
        check(from_bytes(name, data))

    atheris.instrument_all()
    atheris.Setup([sys.argv[0], f"-runs={runs}", "-max_len=4096", "-len_control=0"], one)
    atheris.Fuzz()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--inputs", type=int, default=100_000, help="inputs in total")
    parser.add_argument("--targets", default=",".join(SHARES), help="comma-separated targets")
    parser.add_argument("--seed", type=int, default=int(time.time()), help="Hypothesis seed")
    parser.add_argument(
        "--atheris", metavar="TARGET", help="fuzz one target with atheris instead (if installed)"
    )
    args = parser.parse_args()
    if args.atheris:
        if args.atheris not in TARGETS:
            parser.error(f"unknown target {args.atheris!r}; the targets are {', '.join(TARGETS)}")
        run_atheris(args.atheris, args.inputs)
        return
    names = [n.strip() for n in args.targets.split(",") if n.strip()]
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        parser.error(f"unknown target {unknown[0]!r}; the targets are {', '.join(TARGETS)}")
    weight = sum(SHARES[n] for n in names)
    print(f"seed {args.seed}; {args.inputs} inputs over {len(names)} targets", flush=True)
    rows = []
    for name in names:
        inputs = max(1, round(args.inputs * SHARES[name] / weight))
        rows.append((name, *run(name, inputs, args.seed)))
        print(f"  {name}: {rows[-1][1]} inputs in {rows[-1][3]:.0f} s", flush=True)
    print()
    print("| target     |  inputs | seconds | failure")
    print("|------------|---------|---------|--------")
    for name, count, problem, seconds in rows:
        print(f"| {name:<10} | {count:>7} | {seconds:>7.0f} | {problem or 'none'}")
    total = sum(count for _, count, _, _ in rows)
    print(f"| total      | {total:>7} | {sum(r[3] for r in rows):>7.0f} |")
    if any(problem for _, _, problem, _ in rows):
        sys.exit(1)


if __name__ == "__main__":
    main()
