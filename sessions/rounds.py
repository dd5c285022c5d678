"""From one round to the next: lineage, reconciliation of amendments, decision check, compiling.

Plain functions over model values; :class:`sessions.store.OpenSession` calls them and records
what they decide.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

from rapidfuzz import fuzz

from sessions.align import Alignment, Item, align, normalize
from sessions.diff import Op, diff
from sessions.importing import ParsedDraft, ParsedParagraph
from sessions.importing.lexicon import note_status
from sessions.model import (
    SUFFIXES,
    Amendment,
    AmendmentKind,
    AmendmentStatus,
    Link,
    LinkKind,
    Paragraph,
    ParagraphKind,
    Round,
    Status,
)

__all__ = [
    "Flag",
    "LinkKind",
    "Outcome",
    "Reconciled",
    "RoundProgress",
    "apply_change",
    "check_decisions",
    "compile_next",
    "draft_text",
    "link_of",
    "link_rounds",
    "progress",
    "reconcile",
    "successors",
]


def link_rounds(
    old: Round, new: Sequence[ParsedParagraph] | Sequence[Paragraph], fixed: Iterable[Link] = ()
) -> list[Alignment]:
    """Align a round with the paragraphs of the next, keeping links fixed by hand."""
    old_index = {p.sid: i for i, p in enumerate(old.paragraphs)}
    new_sids = [getattr(p, "sid", None) for p in new]
    fixed_pairs = []
    for link in fixed:
        olds = [old_index[s] for s in link.old if s in old_index]
        news = [new_sids.index(s) for s in link.new if s in new_sids]
        if olds or news:
            fixed_pairs.append((olds, news))
    return align(
        [Item(p.label, p.text) for p in old.paragraphs],
        [Item(p.label, p.text) for p in new],
        fixed=fixed_pairs,
    )


def successors(links: Iterable[Link], sid: str) -> list[str]:
    """The stable ids that paragraph ``sid`` became in the next round."""
    return [n for link in links if sid in link.old for n in link.new]


def apply_change(base: str, proposed: str, target: str) -> str | None:
    """Carry the change that turns ``base`` into ``proposed`` over to ``target``.

    Each change is found in ``target`` by the words around it, so an amendment still applies
    after other edits elsewhere in the paragraph. Returns None when a change's context is gone.
    """
    if target == base:
        return proposed
    ops = diff(base, proposed, readable=False)
    text = target
    cursor = 0
    for index, op in enumerate(ops):
        if op.op is Op.EQUAL:
            continue
        before = ops[index - 1].old[-12:] if index > 0 and ops[index - 1].op is Op.EQUAL else ""
        after = (
            ops[index + 1].old[:12]
            if index + 1 < len(ops) and ops[index + 1].op is Op.EQUAL
            else ""
        )
        needle = before + op.old + after
        at = text.find(needle, cursor) if needle else -1
        if at < 0:
            at = text.find(needle) if needle else -1
        if at < 0:
            return None
        start = at + len(before)
        text = text[:start] + op.new + text[start + len(op.old) :]
        cursor = start + len(op.new)
    return text


class Outcome(StrEnum):
    """What became of an open amendment in the next round."""

    INCORPORATED = "incorporated"
    PARTLY = "partly incorporated"
    NOT_REFLECTED = "not reflected"
    MOOT = "moot"


@dataclass(frozen=True, slots=True)
class Reconciled:
    """An open amendment of the previous round, looked for in the revision."""

    amendment: Amendment
    outcome: Outcome
    share: float
    successor: str | None
    carried_text: str = ""


def _reflected(base: str, proposed: str, revision: str) -> float:
    """The share of an amendment's changes that the revision shows."""
    ops = diff(base, proposed, readable=True, whole=1.0)
    changes = [i for i, op in enumerate(ops) if op.op is not Op.EQUAL]
    if not changes:
        return 1.0
    folded = normalize(revision)
    reflected = 0.0
    for index in changes:
        op = ops[index]
        before = ops[index - 1].old[-10:] if index > 0 else ""
        after = ops[index + 1].old[:10] if index + 1 < len(ops) else ""
        new_variant = normalize(before + op.new + after)
        old_variant = normalize(before + op.old + after)
        has_new = not new_variant or _contains(folded, new_variant)
        has_old = bool(old_variant) and _contains(folded, old_variant)
        if op.new.strip():
            reflected += 1.0 if has_new and not (has_old and old_variant != new_variant) else 0.0
        else:
            reflected += 0.0 if has_old else 1.0
    return reflected / len(changes)


def _contains(text: str, words: str) -> bool:
    """Whether ``words`` stand in ``text``: exactly when short, a few characters off when long.

    Fuzzy matching is lenient on short strings: "妇女和女童、青年" passes for "妇女、女童和青年".
    """
    if words in text:
        return True
    return len(words) > 30 and fuzz.partial_ratio(words, text) >= 95


def reconcile(
    old: Round, new: Round, links: Sequence[Link], amendments: Iterable[Amendment]
) -> list[Reconciled]:
    """Classify each open (or accepted) amendment of ``old`` against the revision ``new``.

    Incorporated: all its changes show in the successor paragraph (the words it inserts are there
    in their place, the words it deletes are gone); partly: some do; not reflected: none. An
    amendment to a paragraph the revision dropped is moot, unless it proposed that deletion.
    """
    by_sid = {p.sid: p for p in new.paragraphs}
    added = [p for p in new.paragraphs if not any(p.sid in link.new and link.old for link in links)]
    results = []
    for amendment in amendments:
        decided = amendment.status is AmendmentStatus.ACCEPTED
        if amendment.round_id != old.id or not (amendment.status.is_open or decided):
            continue
        if amendment.target is None:
            # A proposed new paragraph: look for it among the revision's new paragraphs.
            best = max(
                added or new.paragraphs,
                key=lambda p: fuzz.ratio(normalize(p.text), normalize(amendment.text)),
                default=None,
            )
            score = fuzz.ratio(normalize(best.text), normalize(amendment.text)) / 100 if best else 0
            outcome = (
                Outcome.INCORPORATED
                if score >= 0.85
                else Outcome.PARTLY
                if score >= 0.6
                else Outcome.NOT_REFLECTED
            )
            results.append(Reconciled(amendment, outcome, score, best.sid if best else None))
            continue
        paragraph = old.by_sid(amendment.target)
        following = [by_sid[s] for s in successors(links, amendment.target) if s in by_sid]
        if paragraph is None:
            continue
        if not following:
            done = amendment.kind is AmendmentKind.DELETE_PARAGRAPH
            results.append(
                Reconciled(
                    amendment,
                    Outcome.INCORPORATED if done else Outcome.MOOT,
                    1.0 if done else 0.0,
                    None,
                )
            )
            continue
        successor = following[0]
        revision = " ".join(p.text for p in following)
        if amendment.kind is AmendmentKind.DELETE_PARAGRAPH:
            results.append(Reconciled(amendment, Outcome.NOT_REFLECTED, 0.0, successor.sid))
            continue
        if amendment.kind is AmendmentKind.RETAIN or not amendment.text:
            same = fuzz.ratio(normalize(paragraph.text), normalize(revision)) / 100
            outcome = Outcome.INCORPORATED if same >= 0.98 else Outcome.NOT_REFLECTED
            results.append(Reconciled(amendment, outcome, same, successor.sid))
            continue
        share = _reflected(paragraph.text, amendment.text, revision)
        outcome = (
            Outcome.INCORPORATED
            if share >= 0.999
            else Outcome.PARTLY
            if share > 0
            else Outcome.NOT_REFLECTED
        )
        carried = ""
        if outcome is not Outcome.INCORPORATED:
            carried = apply_change(paragraph.text, amendment.text, successor.text) or amendment.text
        results.append(Reconciled(amendment, outcome, share, successor.sid, carried))
    return results


@dataclass(frozen=True, slots=True)
class Flag:
    """A paragraph whose fate in the revision contradicts what the room decided."""

    old: Paragraph
    new: Paragraph | None
    reason: str


def check_decisions(
    old: Round, new: Round, links: Sequence[Link], amendments: Iterable[Amendment]
) -> list[Flag]:
    """Agreed paragraphs changed with no accepted amendment to explain it, deleted ones back."""
    accepted: dict[str, list[Amendment]] = {}
    rejected: dict[str, list[Amendment]] = {}
    for amendment in amendments:
        if amendment.round_id == old.id and amendment.status is AmendmentStatus.REJECTED:
            rejected.setdefault(amendment.target or "", []).append(amendment)
        # Once the revision is imported, an accepted amendment it reflects reads "incorporated";
        # one the room never accepted explains nothing, even if the facilitator took it in.
        if amendment.round_id == old.id and (
            amendment.status is AmendmentStatus.ACCEPTED
            or (
                amendment.status is AmendmentStatus.INCORPORATED
                and amendment.carried.endswith("(accepted)")
            )
        ):
            accepted.setdefault(amendment.target or "", []).append(amendment)
    by_sid = {p.sid: p for p in new.paragraphs}
    flags = []
    for paragraph in old.paragraphs:
        following = [by_sid[s] for s in successors(links, paragraph.sid) if s in by_sid]
        status = paragraph.status
        if isinstance(status, Status) and status in (Status.AGREED, Status.AGREED_AD_REF):
            if not following:
                flags.append(Flag(paragraph, None, f"was {status.words.lower()} and is gone"))
                continue
            revision = " ".join(p.text for p in following)
            if normalize(revision) == normalize(paragraph.text):
                continue
            explained = any(
                fuzz.ratio(normalize(a.text), normalize(revision)) >= 95
                or _reflected(paragraph.text, a.text, revision) >= 0.999
                for a in accepted.get(paragraph.sid, [])
            )
            if not explained:
                flags.append(
                    Flag(
                        paragraph, following[0], f"was {status.words.lower()} but its text changed"
                    )
                )
        elif status is Status.DELETED and following:
            flags.append(Flag(paragraph, following[0], "was deleted and came back"))
        revision = " ".join(p.text for p in following)
        for amendment in accepted.get(paragraph.sid, []):
            if (
                following
                and amendment.status is AmendmentStatus.ACCEPTED
                and amendment.text
                and amendment.kind not in (AmendmentKind.RETAIN, AmendmentKind.DELETE_PARAGRAPH)
                and _reflected(paragraph.text, amendment.text, revision) < 0.999
            ):
                flags.append(
                    Flag(
                        paragraph,
                        following[0],
                        f"has {amendment.proposer}'s accepted amendment, not reflected",
                    )
                )
        for amendment in rejected.get(paragraph.sid, []):
            if (
                following
                and amendment.text
                and amendment.text != paragraph.text
                and _reflected(paragraph.text, amendment.text, revision) >= 0.999
            ):
                flags.append(
                    Flag(
                        paragraph,
                        following[0],
                        f"has {amendment.proposer}'s rejected amendment in it",
                    )
                )
    return flags


def compile_next(
    current: Round,
    amendments: Iterable[Amendment],
    *,
    title: str = "",
    symbol: str = "",
    renumber: bool = False,
    language: str = "en",
) -> tuple[ParsedDraft, list[str]]:
    """The next round as the accepted amendments make it.

    Deleted paragraphs are dropped, accepted changes applied (several to one paragraph in turn),
    accepted new paragraphs inserted after the paragraph their label follows (``OP4 bis`` after
    ``OP4``). With ``renumber`` labels run PP1, PP2 ... OP1, OP2 ...; without, new paragraphs keep
    their ``bis`` labels. Returns the draft and notes on what could not be applied.
    """
    accepted: dict[str | None, list[Amendment]] = {}
    for amendment in sorted(amendments, key=lambda a: (str(a.changed or a.created or ""), a.id)):
        if amendment.round_id == current.id and amendment.status is AmendmentStatus.ACCEPTED:
            accepted.setdefault(amendment.target, []).append(amendment)
    notes: list[str] = []
    out: list[ParsedParagraph] = []
    new_ones: dict[str, list[Amendment]] = {}
    for amendment in accepted.get(None, []):
        host = amendment.new_label.split()[0].casefold() if amendment.new_label else ""
        new_ones.setdefault(host, []).append(amendment)
    placed: set[str] = set()
    for paragraph in current.paragraphs:
        own = accepted.get(paragraph.sid, [])
        if paragraph.status is Status.DELETED or any(
            a.kind is AmendmentKind.DELETE_PARAGRAPH for a in own
        ):
            continue
        text = paragraph.text
        for amendment in own:
            if amendment.kind in (AmendmentKind.RETAIN, AmendmentKind.DELETE_PARAGRAPH):
                continue
            if amendment.kind in (AmendmentKind.MOVE, AmendmentKind.MERGE, AmendmentKind.SPLIT):
                notes.append(
                    f"{paragraph.label}: {amendment.proposer}'s {amendment.kind.value} "
                    "is left to the facilitator."
                )
                continue
            changed = apply_change(paragraph.text, amendment.text, text)
            if changed is None:
                notes.append(
                    f"{paragraph.label}: {amendment.proposer}'s amendment no longer fits; "
                    "not applied."
                )
                continue
            text = changed
        status = paragraph.status
        kept_note = paragraph.status_note and note_status(paragraph.status_note) == status
        out.append(
            ParsedParagraph(
                label=paragraph.label,
                kind=paragraph.kind,
                text=text,
                number=paragraph.number,
                suffix=paragraph.suffix,
                lead=paragraph.lead,
                section=paragraph.section,
                status=status,
                status_note=paragraph.status_note if kept_note else _note_for(status, language),
            )
        )
        followers = new_ones.get(paragraph.label.replace(" ", "").casefold(), [])
        for follower in sorted(followers, key=_suffix_order):
            placed.add(follower.id)
            suffix = follower.new_label.split()[-1] if " " in follower.new_label else "bis"
            out.append(
                ParsedParagraph(
                    label=follower.new_label,
                    kind=paragraph.kind,
                    text=follower.text,
                    number=paragraph.number,
                    suffix=suffix,
                )
            )
    for followers in new_ones.values():
        for follower in followers:
            if follower.id not in placed:
                notes.append(
                    f"{follower.new_label or 'A new paragraph'} by {follower.proposer} follows no "
                    "paragraph of the next round; not placed."
                )
    if renumber:
        counters = {ParagraphKind.PREAMBULAR: 0, ParagraphKind.OPERATIVE: 0}
        numbered = []
        for p in out:
            if p.kind in counters:
                counters[p.kind] += 1
                prefix = "PP" if p.kind is ParagraphKind.PREAMBULAR else "OP"
                numbered.append(
                    replace(
                        p, label=f"{prefix}{counters[p.kind]}", number=counters[p.kind], suffix=""
                    )
                )
            else:
                numbered.append(p)
        out = numbered
    return ParsedDraft("compiled", title, symbol, language, tuple(out)), notes


_NOTES: dict[str, dict[object, str]] = {
    "en": {
        Status.PENDING: "(Pending)",
        Status.AGREED_AD_REF: "(Agreed ad ref)",
        Status.AGREED: "(Agreed)",
    },
    "zh": {
        Status.PENDING: "（商定留待进一步审议）",
        Status.AGREED_AD_REF: "（已商定待核准）",
        Status.AGREED: "（已商定）",
    },
}


def _suffix_order(amendment: Amendment) -> tuple[int, str]:
    """``OP1 bis`` before ``OP1 ter``, whatever order the room proposed them in."""
    words = amendment.new_label.split()
    suffix = words[-1].casefold() if len(words) > 1 else ""
    return (SUFFIXES.index(suffix) if suffix in SUFFIXES else len(SUFFIXES), amendment.new_label)


def _note_for(status: object, language: str) -> str:
    """A status note as the draft's language writes it (English for the others)."""
    return _NOTES.get(language, _NOTES["en"]).get(status, "")


def draft_text(draft: ParsedDraft) -> str:
    """A draft as a labelled text file: circulated by a facilitator, read back by Rapporteur."""
    lines = [draft.title, ""] if draft.title else []
    for paragraph in draft.paragraphs:
        lines.append(f"{paragraph.label} {paragraph.text}")
        if paragraph.status_note:
            lines.append(paragraph.status_note)
        lines.append("")
    return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class RoundProgress:
    """How far a round is from agreement."""

    round_id: str
    label: str
    paragraphs: int
    statuses: dict[str, int]
    brackets: int


def progress(rounds: Iterable[Round]) -> list[RoundProgress]:
    """Counts by status and brackets left, round by round."""
    return [
        RoundProgress(
            round_.id,
            round_.label,
            len(round_.paragraphs),
            round_.status_counts(),
            round_.brackets,
        )
        for round_ in rounds
    ]


def link_of(
    alignment: Alignment, old: Round, new_sids: Sequence[str], new_labels: Sequence[str]
) -> Link:
    """A stored link from an alignment of ``old`` with the next round's paragraphs."""
    return Link(
        old_round=old.id,
        new_round="",
        old=tuple(old.paragraphs[i].sid for i in alignment.old),
        new=tuple(new_sids[j] for j in alignment.new),
        kind=alignment.kind,
        similarity=alignment.similarity,
        renumbered=alignment.renumbered
        or bool(
            alignment.old
            and alignment.new
            and old.paragraphs[alignment.old[0]].label != new_labels[alignment.new[0]]
        ),
        fixed=alignment.fixed,
    )
