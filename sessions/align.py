"""Paragraph alignment between two rounds: which paragraph became which.

Every paragraph of both rounds ends up in exactly one :class:`Alignment`: unchanged, modified,
moved, merged (several old into one new), split (one old into several new), added or deleted,
with a flag when its label changed. The steps:

1. Links fixed by hand are kept as they are.
2. Identical texts (after normalization) are anchors.
3. Candidates for the rest come from shared rare words (CJK: character pairs) and from the
   same relative position, so 2,000 x 2,000 paragraphs need tens of thousands of comparisons,
   not four million. Candidates are scored with rapidfuzz's normalized Indel similarity.
4. Pairs are taken best first, one to one; a small bonus for the same label and the same place
   decides between near-identical paragraphs.
5. A paragraph left over whose text is contained in a matched one of the other round joins that
   link: a merge or a split.
6. Matched pairs out of order (not on the longest increasing run) are ``moved``.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from sessions.model import LinkKind
from sessions.text import CJK_LETTERS

__all__ = ["Alignment", "Item", "align", "normalize"]

#: Below this similarity two paragraphs are not the same paragraph.
THRESHOLD = 0.5
_CANDIDATES = 8
_RARE_FEATURES = 10
_WINDOW = 2
_WORD = re.compile(r"[^\W\d_]{3,}|\d+(?:[./]\d+)*")
_CJK = re.compile(f"[{CJK_LETTERS}]+")
_IGNORED = str.maketrans("", "", "[]*_{}")


@dataclass(frozen=True, slots=True)
class Item:
    """A paragraph as the aligner sees it."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class Alignment:
    """One link: indices into the old and the new list of paragraphs."""

    old: tuple[int, ...]
    new: tuple[int, ...]
    kind: LinkKind
    similarity: float
    renumbered: bool = False
    fixed: bool = False


def normalize(text: str) -> str:
    """Text as compared: NFKC, case folded, brackets and emphasis dropped, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().translate(_IGNORED).split())


def _features(text: str) -> set[str]:
    found = set(_WORD.findall(text))
    for run in _CJK.findall(text):
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    return found


def align(
    old: Sequence[Item],
    new: Sequence[Item],
    *,
    fixed: Iterable[tuple[Sequence[int], Sequence[int]]] = (),
    threshold: float = THRESHOLD,
) -> list[Alignment]:
    """Align two rounds' paragraphs; see the module docstring.

    Args:
        old: The paragraphs of the earlier round, in order.
        new: The paragraphs of the later round, in order.
        fixed: Links set by hand, as (old indices, new indices); either side may be empty. One
            that shares a paragraph with an earlier one is ignored.
        threshold: The least similarity for two paragraphs to be linked.

    Returns:
        The links, in the order of the new round (deleted paragraphs where they stood).
    """
    return _Aligner(old, new, threshold).run(fixed)


class _Aligner:
    def __init__(self, old: Sequence[Item], new: Sequence[Item], threshold: float) -> None:
        self.old, self.new, self.threshold = old, new, threshold
        self.old_norm = [normalize(item.text) for item in old]
        self.new_norm = [normalize(item.text) for item in new]
        self.old_to: dict[int, int] = {}
        self.new_to: dict[int, int] = {}
        self.scores: dict[tuple[int, int], float] = {}
        self.fixed_links: list[tuple[tuple[int, ...], tuple[int, ...]]] = []
        self.extra_old: dict[int, list[int]] = defaultdict(list)
        self.extra_new: dict[int, list[int]] = defaultdict(list)

    def run(self, fixed: Iterable[tuple[Sequence[int], Sequence[int]]]) -> list[Alignment]:
        taken_old: set[int] = set()
        taken_new: set[int] = set()
        for old_side, new_side in fixed:
            olds = tuple(dict.fromkeys(i for i in old_side if 0 <= i < len(self.old)))
            news = tuple(dict.fromkeys(j for j in new_side if 0 <= j < len(self.new)))
            # A link that overlaps an earlier one contradicts it: the earlier one stands.
            if (olds or news) and taken_old.isdisjoint(olds) and taken_new.isdisjoint(news):
                self.fixed_links.append((olds, news))
                taken_old.update(olds)
                taken_new.update(news)
        self._anchor(taken_old, taken_new)
        self._match(taken_old, taken_new)
        self._cover(taken_old, taken_new)
        self._rescue(taken_old, taken_new)
        return self._links(taken_old, taken_new)

    def _pair(self, i: int, j: int, score: float) -> None:
        self.old_to[i] = j
        self.new_to[j] = i
        self.scores[(i, j)] = score

    def _anchor(self, taken_old: set[int], taken_new: set[int]) -> None:
        """Identical texts, taken in order when a text repeats."""
        by_text: dict[str, list[int]] = defaultdict(list)
        for j, text in enumerate(self.new_norm):
            if j not in taken_new:
                by_text[text].append(j)
        for i, text in enumerate(self.old_norm):
            if i in taken_old or not by_text.get(text):
                continue
            j = by_text[text].pop(0)
            self._pair(i, j, 1.0)

    def _similarity(self, i: int, j: int) -> float:
        return fuzz.ratio(self.old_norm[i], self.new_norm[j]) / 100

    def _candidates(self, taken_old: set[int], taken_new: set[int]) -> set[tuple[int, int]]:
        free_old = [i for i in range(len(self.old)) if i not in taken_old and i not in self.old_to]
        free_new = [j for j in range(len(self.new)) if j not in taken_new and j not in self.new_to]
        if not free_old or not free_new:
            return set()
        old_features = {i: _features(self.old_norm[i]) for i in free_old}
        new_features = {j: _features(self.new_norm[j]) for j in free_new}
        frequency: dict[str, int] = defaultdict(int)
        postings: dict[str, list[int]] = defaultdict(list)
        for features in old_features.values():
            for feature in features:
                frequency[feature] += 1
        for j, features in new_features.items():
            for feature in features:
                frequency[feature] += 1
                postings[feature].append(j)
        old_postings: dict[str, list[int]] = defaultdict(list)
        for i, features in old_features.items():
            for feature in features:
                old_postings[feature].append(i)
        pairs: set[tuple[int, int]] = set()
        for i, features in old_features.items():
            pairs.update((i, j) for j in self._rarest(features, frequency, postings))
        for j, features in new_features.items():
            pairs.update((i, j) for i in self._rarest(features, frequency, old_postings))
        # The same place in the round: catches a paragraph reworded beyond shared rare words.
        matched = sorted(self.old_to.items())
        for i in free_old:
            k = bisect.bisect_left(matched, (i, -1))
            before = matched[k - 1][1] if k > 0 else -1
            after = matched[k][1] if k < len(matched) else len(self.new)
            expected = bisect.bisect_right(free_new, before)
            last = bisect.bisect_left(free_new, after)
            for position in range(
                max(0, expected - _WINDOW), min(last + _WINDOW, expected + _WINDOW + 1)
            ):
                if 0 <= position < len(free_new):
                    pairs.add((i, free_new[position]))
        return pairs

    @staticmethod
    def _rarest(
        features: set[str], frequency: dict[str, int], postings: dict[str, list[int]]
    ) -> list[int]:
        # Only features the other round has: one found on this side alone points nowhere.
        shared = [f for f in features if f in postings]
        rare = sorted(shared, key=lambda f: (frequency[f], f))[:_RARE_FEATURES]
        hits: dict[int, int] = defaultdict(int)
        for feature in rare:
            for other in postings.get(feature, ()):
                hits[other] += 1
        return sorted(hits, key=lambda k: (-hits[k], k))[:_CANDIDATES]

    def _match(self, taken_old: set[int], taken_new: set[int]) -> None:
        """Best pairs first, one to one."""
        scored = []
        n_old, n_new = max(1, len(self.old) - 1), max(1, len(self.new) - 1)
        for i, j in self._candidates(taken_old, taken_new):
            similarity = self._similarity(i, j)
            if similarity < self.threshold:
                continue
            distance = abs(i / n_old - j / n_new)
            if distance > 0.1 and similarity < 0.6:
                # A weak resemblance far away is shared vocabulary, not the same paragraph.
                continue
            bonus = 0.02 if self.old[i].label == self.new[j].label else 0.0
            bonus += 0.05 * max(0.0, 1 - distance * 10)
            scored.append((similarity + bonus, similarity, i, j))
        scored.sort(key=lambda s: (-s[0], s[2], s[3]))
        for _, similarity, i, j in scored:
            if i not in self.old_to and j not in self.new_to:
                self._pair(i, j, similarity)

    def _rescue(self, taken_old: set[int], taken_new: set[int]) -> None:
        """Leftovers in the same gap between matched paragraphs that share most of their words.

        When the room settles an ``Option 1 / Option 2`` paragraph, the new text is one option of
        the old, rewritten: too different overall, yet made of the same words. Word overlap alone
        (``token_set_ratio``) says little, so it counts only within the same gap, best first.
        """
        used_old = taken_old | set(self.old_to) | {i for v in self.extra_old.values() for i in v}
        used_new = taken_new | set(self.new_to) | {j for v in self.extra_new.values() for j in v}
        free_new = [j for j in range(len(self.new)) if j not in used_new]
        matched = sorted(self.old_to.items())
        scored = []
        for i in range(len(self.old)):
            if i in used_old:
                continue
            k = bisect.bisect_left(matched, (i, -1))
            low = matched[k - 1][1] if k > 0 else -1
            high = matched[k][1] if k < len(matched) else len(self.new)
            start, end = bisect.bisect_right(free_new, low), bisect.bisect_left(free_new, high)
            for j in free_new[start:end]:
                a, b = self.old_norm[i], self.new_norm[j]
                overall = fuzz.ratio(a, b) / 100
                shared = fuzz.token_set_ratio(a, b) / 100
                if overall >= 0.3 and shared >= 0.6:
                    scored.append((shared, overall, i, j))
        scored.sort(key=lambda s: (-s[0], s[2], s[3]))
        for _, overall, i, j in scored:
            if i not in self.old_to and j not in self.new_to:
                self._pair(i, j, overall)

    def _cover(self, taken_old: set[int], taken_new: set[int]) -> None:
        """Leftovers contained in a matched paragraph of the other round: merges and splits."""
        for i in range(len(self.old)):
            if i in taken_old or i in self.old_to:
                continue
            j = self._container(self.old_norm[i], self.new_norm, self.new_to, self.old_norm, i)
            if j is not None:
                self.extra_old[j].append(i)
        for j in range(len(self.new)):
            if j in taken_new or j in self.new_to:
                continue
            holder = self._container(self.new_norm[j], self.old_norm, self.old_to, self.new_norm, j)
            if holder is not None:
                self.extra_new[holder].append(j)

    def _container(
        self,
        text: str,
        others: list[str],
        matched: dict[int, int],
        own: list[str],
        index: int,
    ) -> int | None:
        """The matched paragraph of the other round that holds ``text`` beside its partner."""
        if len(text) < 8:
            return None
        best, best_score = None, 0.0
        features = _features(text)
        for other, partner in matched.items():
            whole = others[other]
            pieces = len(own[partner]) + len(text)
            # A merge or split keeps the text: the pieces together are about as long as the whole.
            if not 0.7 * len(whole) <= pieces <= 1.4 * len(whole) or len(text) > 0.85 * len(whole):
                continue
            if features and len(features & _features(whole)) < 0.6 * len(features):
                continue
            score = fuzz.partial_ratio(text, whole) / 100
            if score > best_score:
                best, best_score = other, score
        return best if best_score >= 0.85 else None

    def _links(self, taken_old: set[int], taken_new: set[int]) -> list[Alignment]:
        links: list[Alignment] = []
        for olds, news in self.fixed_links:
            links.append(self._link(olds, news, fixed=True))
        pairs = sorted(self.old_to.items())
        in_order = _increasing(pairs)
        for i, j in pairs:
            olds = (i, *self.extra_old.get(j, ()))
            news = (j, *self.extra_new.get(i, ()))
            link = self._link(tuple(sorted(olds)), tuple(sorted(news)))
            if link.kind in (LinkKind.UNCHANGED, LinkKind.MODIFIED) and (i, j) not in in_order:
                link = Alignment(
                    link.old, link.new, LinkKind.MOVED, link.similarity, link.renumbered
                )
            links.append(link)
        used_old = {i for link in links for i in link.old}
        used_new = {j for link in links for j in link.new}
        links.extend(self._link((i,), ()) for i in range(len(self.old)) if i not in used_old)
        links.extend(self._link((), (j,)) for j in range(len(self.new)) if j not in used_new)
        return sorted(links, key=self._place)

    def _link(self, olds: tuple[int, ...], news: tuple[int, ...], fixed: bool = False) -> Alignment:
        if not olds:
            return Alignment((), news, LinkKind.ADDED, 0.0, fixed=fixed)
        if not news:
            return Alignment(olds, (), LinkKind.DELETED, 0.0, fixed=fixed)
        old_text = " ".join(self.old[i].text for i in olds)
        new_text = " ".join(self.new[j].text for j in news)
        similarity = (
            self.scores.get((olds[0], news[0]))
            if len(olds) == len(news) == 1 and (olds[0], news[0]) in self.scores
            else fuzz.ratio(normalize(old_text), normalize(new_text)) / 100
        )
        if len(olds) > 1:
            kind = LinkKind.MERGED
        elif len(news) > 1:
            kind = LinkKind.SPLIT
        elif old_text == new_text:
            kind = LinkKind.UNCHANGED
        else:
            kind = LinkKind.MODIFIED
        old_labels = [self.old[i].label for i in olds]
        new_labels = [self.new[j].label for j in news]
        renumbered = old_labels[0] != new_labels[0]
        return Alignment(olds, news, kind, round(similarity or 0.0, 4), renumbered, fixed)

    def _place(self, link: Alignment) -> tuple[float, int]:
        if link.new:
            return (min(link.new), 0)
        # A deleted paragraph stands after the new place of the old paragraph before it.
        first = min(link.old)
        for i in range(first - 1, -1, -1):
            if i in self.old_to:
                return (self.old_to[i] + 0.5, first)
        return (-0.5, first)


def _increasing(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The longest run of pairs whose new indices increase with their old ones."""
    tails: list[int] = []
    tail_pairs: list[int] = []
    previous = [-1] * len(pairs)
    for index, (_, j) in enumerate(pairs):
        k = bisect.bisect_left(tails, j)
        if k == len(tails):
            tails.append(j)
            tail_pairs.append(index)
        else:
            tails[k] = j
            tail_pairs[k] = index
        previous[index] = tail_pairs[k - 1] if k > 0 else -1
    run: set[tuple[int, int]] = set()
    index = tail_pairs[-1] if tail_pairs else -1
    while index >= 0:
        run.add(pairs[index])
        index = previous[index]
    return run
