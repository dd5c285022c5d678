"""Benchmark the aligner: speed at 300 and 2,000 paragraphs against a difflib peer, and accuracy.

    python bench/align.py

Speed: synthetic rounds (paragraphs of words drawn from the Paris texts, or from the seed when the
shared samples are absent) with one known edit per ten paragraphs. The peer is what one writes
without rapidfuzz: difflib's SequenceMatcher ratio of every old paragraph against every new one,
then the best pairs taken greedily. Targets: 2,000 x 2,000 <= 1 s, >= 100x the peer at 300.

Accuracy: the evaluation set of ``tests/evalset.py`` (the seed in Chinese, the Paris rounds in
English, with renumbering, bis paragraphs, deletions, moves with edits, merges, splits, light and
heavy rewording, variants), as precision, recall and F1 of (old label, new label) links.
"""

from __future__ import annotations

import difflib
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from evalset import Case, make_case, pairs_of, score

from sessions.align import Item, align, normalize
from sessions.importing import parse_text, read_draft
from sessions.samples import seed_text

SHARED = ROOT.parent / "shared" / "samples"


def difflib_peer(old: list[Item], new: list[Item]) -> list[tuple[int, int]]:
    """Every pair scored with difflib, then the best taken one to one."""
    a = [normalize(item.text) for item in old]
    b = [normalize(item.text) for item in new]
    scored = []
    for i, x in enumerate(a):
        matcher = difflib.SequenceMatcher(None, x, autojunk=False)
        for j, y in enumerate(b):
            matcher.set_seq1(y)
            scored.append((matcher.ratio(), i, j))
    scored.sort(reverse=True)
    used_old, used_new, pairs = set(), set(), []
    for ratio, i, j in scored:
        if ratio >= 0.5 and i not in used_old and j not in used_new:
            used_old.add(i)
            used_new.add(j)
            pairs.append((i, j))
    return pairs


def synthetic(n: int, rng: random.Random, words: list[str]) -> Case:
    texts = [
        " ".join(rng.choice(words) for _ in range(rng.randint(25, 70))) + ";" for _ in range(n)
    ]
    return make_case([f"OP{i + 1}" for i in range(n)], texts, rng, edits=n // 10)


def timed(function, *args):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = function(*args)
    return result, time.perf_counter() - start


def vocabulary() -> list[str]:
    """Words of the Paris texts, or of the seed when the shared samples are absent."""
    source = SHARED / "paris-1-2015-10-23-draft-agreement.md"
    text = source.read_text(encoding="utf-8") if source.exists() else seed_text()
    return [w for w in text.split() if w.isalpha()] or list(seed_text())


def main() -> None:
    rng = random.Random(2026)
    words = vocabulary()
    print("| case                          |   time   |")
    print("|-------------------------------|----------|")
    small = synthetic(300, rng, words)
    _, ours_300 = timed(align, small.old, small.new)
    print(f"| align 300 x 300               | {ours_300:6.3f} s |")
    large = synthetic(2000, rng, words)
    _, ours_2000 = timed(align, large.old, large.new)
    print(f"| align 2,000 x 2,000           | {ours_2000:6.3f} s |")
    _, peer = timed(difflib_peer, small.old, small.new)
    print(f"| difflib greedy 300 x 300      | {peer:6.3f} s |")
    print(f"ratio at 300: {peer / ours_300:.0f}x (target >= 100x); 2,000: target <= 1 s")
    print()
    sources = {"zh: seed GC 24/10": parse_text(seed_text())}
    for name in ("paris-1-2015-10-23", "paris-3-2015-12-09", "paris-4-2015-12-12"):
        matches = sorted(SHARED.glob(f"{name}*.md"))
        if matches:
            sources[f"en: {name}"] = read_draft(matches[0])
    print("| evaluation set               | cases | precision | recall |   F1   |")
    print("|------------------------------|-------|-----------|--------|--------|")
    for name, draft in sources.items():
        labels = [p.label for p in draft.paragraphs]
        texts = [p.text for p in draft.paragraphs]
        cases = 100 if name.startswith("zh") else 30
        tp = predicted = expected = 0
        for _ in range(cases):
            case = make_case(labels, texts, rng, edits=4 if name.startswith("zh") else 15)
            found = pairs_of(align(case.old, case.new), case.old, case.new)
            a, b, c = score(found, case.truth)
            tp, predicted, expected = tp + a, predicted + b, expected + c
        precision, recall = tp / predicted, tp / expected
        f1 = 2 * precision * recall / (precision + recall)
        print(f"| {name:<28} | {cases:5} | {precision:9.4f} | {recall:6.4f} | {f1:6.4f} |")
    print("target: F1 >= 0.99")


if __name__ == "__main__":
    main()
