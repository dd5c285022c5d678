"""Compare two drafts: the concordance of their paragraphs and what changed in each."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from sessions.align import Item, align
from sessions.diff import DiffOp, Op, diff
from sessions.importing import ParsedParagraph
from sessions.model import LinkKind

__all__ = ["Comparison", "LinkDiff", "compare"]


@dataclass(frozen=True, slots=True)
class LinkDiff:
    """One line of the concordance, with the diff of its texts."""

    old: tuple[str, ...]
    new: tuple[str, ...]
    kind: LinkKind
    similarity: float
    renumbered: bool
    diff: tuple[DiffOp, ...]


@dataclass(frozen=True, slots=True)
class Comparison:
    """The concordance of two rounds."""

    links: tuple[LinkDiff, ...]

    @property
    def stats(self) -> dict[str, int]:
        """How many links of each kind, every kind named."""
        counts = Counter(link.kind.value for link in self.links)
        return {kind.value: counts.get(kind.value, 0) for kind in LinkKind}


def compare(old: Sequence[ParsedParagraph], new: Sequence[ParsedParagraph]) -> Comparison:
    """Align two rounds' paragraphs and diff every link."""
    alignments = align([Item(p.label, p.text) for p in old], [Item(p.label, p.text) for p in new])
    links = []
    for alignment in alignments:
        old_text = "\n".join(old[i].text for i in alignment.old)
        new_text = "\n".join(new[j].text for j in alignment.new)
        if not alignment.old:
            ops: list[DiffOp] = [DiffOp(Op.INSERT, "", new_text)]
        elif not alignment.new:
            ops = [DiffOp(Op.DELETE, old_text, "")]
        else:
            ops = diff(old_text, new_text)
        links.append(
            LinkDiff(
                old=tuple(old[i].label for i in alignment.old),
                new=tuple(new[j].label for j in alignment.new),
                kind=alignment.kind,
                similarity=alignment.similarity,
                renumbered=alignment.renumbered,
                diff=tuple(ops),
            )
        )
    return Comparison(tuple(links))
