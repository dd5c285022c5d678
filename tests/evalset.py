"""An evaluation set for the aligner: real rounds with known edits, and how to score links.

A case takes the paragraphs of a real draft and applies edits whose outcome is known: renumbering,
inserted ``bis`` paragraphs, deletions, moves with edits, merges, splits, light and heavy rewording
(up to 45% of the words, or characters in Chinese), and alternative variants inserted beside a
paragraph. The truth is the set of (old label, new label) pairs, with ``None`` for an added or a
deleted paragraph. Used by the tests (with a fixed seed) and by ``bench/align.py``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from sessions.align import Alignment, Item
from sessions.diff import tokens

Pair = tuple[str | None, str | None]
EDITS = ("delete", "insert", "move", "merge", "split", "light", "heavy", "variant")


@dataclass
class _New:
    text: str
    kind: str
    origins: set[str] = field(default_factory=set)
    touched: bool = False


@dataclass
class Case:
    """Two rounds and the links a person would draw between them."""

    old: list[Item]
    new: list[Item]
    truth: set[Pair]
    edits: list[str]


def _words(text: str) -> list[int]:
    return [
        i for i, t in enumerate(tokens(text)) if not t.isspace() and (t.isalnum() or len(t) > 1)
    ]


def reword(text: str, share: float, vocabulary: list[str], rng: random.Random) -> str:
    """Replace ``share`` of the words (or CJK characters) of ``text`` with others."""
    parts = tokens(text)
    positions = _words(text)
    for position in rng.sample(positions, int(len(positions) * share)):
        choice = rng.choice(vocabulary)
        while choice == parts[position] and len(vocabulary) > 1:
            choice = rng.choice(vocabulary)
        parts[position] = choice
    return "".join(parts)


def make_case(labels: list[str], texts: list[str], rng: random.Random, edits: int = 8) -> Case:
    """Apply ``edits`` random known edits to a round and return the case."""
    vocabulary = sorted({t for text in texts for t in tokens(text) if t.isalnum()})
    new = [
        _New(text, label[:2] if label[:2] in ("PP", "OP") else "OP", {label})
        for label, text in zip(labels, texts, strict=True)
    ]
    done: list[str] = []

    def untouched() -> list[int]:
        return [i for i, p in enumerate(new) if not p.touched and len(_words(p.text)) >= 6]

    for _ in range(edits):
        edit = rng.choice(EDITS)
        pool = untouched()
        if len(pool) < 3:
            break
        i = rng.choice(pool)
        target = new[i]
        if edit == "delete":
            new.pop(i)
        elif edit == "insert":
            length = len(_words(target.text))
            text = " ".join(rng.choice(vocabulary) for _ in range(length))
            new.insert(i + 1, _New(text, target.kind, set(), True))
        elif edit == "move":
            moved = new.pop(i)
            moved.text = reword(moved.text, 0.15, vocabulary, rng)
            moved.touched = True
            places = [k for k in range(len(new) + 1) if abs(k - i) >= 3]
            new.insert(rng.choice(places) if places else 0, moved)
        elif edit == "merge":
            if i + 1 >= len(new) or new[i + 1].touched:
                continue
            second = new.pop(i + 1)
            target.text = target.text.rstrip(",;.，；。") + ", " + second.text
            target.origins |= second.origins
            target.touched = True
        elif edit == "split":
            parts = tokens(target.text)
            cut = len(parts) // 2
            first, second = "".join(parts[:cut]).rstrip(), "".join(parts[cut:]).lstrip()
            if not first or not second:
                continue
            target.text, target.touched = first, True
            new.insert(i + 1, _New(second, target.kind, set(target.origins), True))
        elif edit in ("light", "heavy"):
            target.text = reword(target.text, 0.1 if edit == "light" else 0.45, vocabulary, rng)
            target.touched = True
        elif edit == "variant":
            variant = reword(target.text, 0.1, vocabulary, rng)
            target.touched = True
            new.insert(i + 1, _New(variant, target.kind, set(), True))
        done.append(edit)
    counters = {"PP": 0, "OP": 0}
    new_items = []
    truth: set[Pair] = set()
    for paragraph in new:
        counters[paragraph.kind] = counters.get(paragraph.kind, 0) + 1
        label = f"{paragraph.kind}{counters[paragraph.kind]}"
        new_items.append(Item(label, paragraph.text))
        truth.update((origin, label) for origin in paragraph.origins)
        if not paragraph.origins:
            truth.add((None, label))
    kept = {origin for p in new for origin in p.origins}
    truth.update((label, None) for label in labels if label not in kept)
    old_items = [Item(label, text) for label, text in zip(labels, texts, strict=True)]
    return Case(old_items, new_items, truth, done)


def pairs_of(links: list[Alignment], old: list[Item], new: list[Item]) -> set[Pair]:
    """The (old label, new label) pairs that links draw."""
    pairs: set[Pair] = set()
    for link in links:
        olds = [old[i].label for i in link.old] or [None]
        news = [new[j].label for j in link.new] or [None]
        pairs.update((o, n) for o in olds for n in news)
    return pairs


def score(predicted: set[Pair], truth: set[Pair]) -> tuple[int, int, int]:
    """True positives, predicted, expected."""
    return len(predicted & truth), len(predicted), len(truth)
