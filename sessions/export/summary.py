"""The session summary a rapporteur sends at the end of the day, as plain data for every writer."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from sessions.diff import DiffOp, Op, diff
from sessions.model import Amendment, AmendmentStatus, LinkKind, Round, Status, StatusValue

if TYPE_CHECKING:
    from sessions.store import OpenSession

__all__ = ["Options", "ParagraphEntry", "RoundSummary", "Summary", "build_summary"]


@dataclass(frozen=True, slots=True)
class Options:
    """What the summary holds."""

    round_id: str | None = None
    history: bool = False
    open_only: bool = False
    with_text: bool = True


@dataclass(frozen=True, slots=True)
class ParagraphEntry:
    """A paragraph in the summary: status, changes since the round before, open amendments."""

    sid: str
    label: str
    status: StatusValue
    status_note: str
    note: str
    text: str
    changes: tuple[DiffOp, ...]
    new: bool
    previous_label: str
    amendments: tuple[Amendment, ...]
    lead: str = ""
    kind: str = "other"
    proposals: tuple[tuple[DiffOp, ...], ...] = ()

    @property
    def changed(self) -> bool:
        """Whether the text differs from the round before."""
        return self.new or any(op.op is not Op.EQUAL for op in self.changes)


@dataclass(frozen=True, slots=True)
class RoundSummary:
    """One round in the summary."""

    round_id: str
    label: str
    previous_label: str
    counts: dict[str, int]
    counts_change: dict[str, int]
    brackets: int
    brackets_change: int
    paragraphs: tuple[ParagraphEntry, ...]
    deleted: tuple[tuple[str, str], ...]
    renumbered: tuple[tuple[str, str], ...]
    by_delegation: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Summary:
    """The whole summary: a session's metadata and one or more rounds."""

    name: str
    title: str
    symbol: str
    body: str
    language: str
    exported_at: datetime
    rounds: tuple[RoundSummary, ...]
    options: Options
    formula: str = ""


def _counts(round_: Round) -> dict[str, int]:
    """Every status with its count, zero ones too: the summary shows their change."""
    return {**{status.value: 0 for status in Status}, **round_.status_counts()}


def build_summary(session: OpenSession, options: Options | None = None) -> Summary:
    """Build the summary of a round (the current one by default) or of every round."""
    options = options or Options()
    rounds = session.rounds()
    chosen = [r.id for r in rounds] if options.history else [options.round_id or rounds[-1].id]
    built = tuple(_round_summary(session, round_id, options) for round_id in chosen)
    meta = session.session
    current = session.round(chosen[-1])
    return Summary(
        name=meta.name,
        title=meta.title,
        symbol=meta.symbol,
        body=meta.body,
        language=meta.languages[0] if meta.languages else "en",
        exported_at=datetime.now(UTC),
        rounds=built,
        options=options,
        formula=current.info.formula,
    )


def _round_summary(session: OpenSession, round_id: str, options: Options) -> RoundSummary:
    current = session.round(round_id)
    previous = session.previous_round(round_id)
    links = session.links(round_id) if previous is not None else []
    predecessor: dict[str, list[str]] = {}
    for link in links:
        for sid in link.new:
            predecessor[sid] = list(link.old)
    old_by_sid = {p.sid: p for p in previous.paragraphs} if previous else {}
    entries = []
    by_delegation: dict[str, list[str]] = {}
    for paragraph in current.paragraphs:
        open_amendments = tuple(
            a
            for a in session.amendments(round_id=round_id, target=paragraph.sid)
            if a.status is AmendmentStatus.PROPOSED
        )
        for amendment in open_amendments:
            by_delegation.setdefault(amendment.proposer, []).append(
                f"{paragraph.label}: proposes to {amendment.kind.value.replace('_', ' ')}"
            )
            for name in amendment.supporters:
                by_delegation.setdefault(name, []).append(
                    f"{paragraph.label}: supports {amendment.proposer}"
                )
            for name in amendment.objectors:
                by_delegation.setdefault(name, []).append(
                    f"{paragraph.label}: objects to {amendment.proposer}"
                )
        if (
            options.open_only
            and paragraph.status in (Status.AGREED, Status.DELETED)
            and not open_amendments
        ):
            continue
        before = [old_by_sid[s] for s in predecessor.get(paragraph.sid, []) if s in old_by_sid]
        new = previous is not None and not before
        changes: tuple[DiffOp, ...] = ()
        if before and options.with_text:
            changes = tuple(diff("\n".join(p.text for p in before), paragraph.text))
        entries.append(
            ParagraphEntry(
                sid=paragraph.sid,
                label=paragraph.label,
                status=paragraph.status,
                status_note=paragraph.status_note,
                note=paragraph.note,
                text=paragraph.text if options.with_text else "",
                changes=changes,
                new=new,
                previous_label=" + ".join(p.label for p in before),
                amendments=open_amendments,
                lead=paragraph.lead,
                kind=paragraph.kind.value,
                proposals=tuple(
                    tuple(diff(paragraph.text, a.text)) if a.text else () for a in open_amendments
                ),
            )
        )
    for amendment in session.proposed_paragraphs(round_id):
        if amendment.status is AmendmentStatus.PROPOSED:
            by_delegation.setdefault(amendment.proposer, []).append(
                f"{amendment.new_label or 'new paragraph'}: proposes a new paragraph"
            )
    counts = _counts(current)
    before_counts = _counts(previous) if previous else counts
    brackets = current.brackets
    before_brackets = previous.brackets if previous else brackets
    deleted = tuple(
        (old_by_sid[s].label, old_by_sid[s].text)
        for link in links
        if link.kind is LinkKind.DELETED
        for s in link.old
        if s in old_by_sid
    )
    new_by_sid = {p.sid: p for p in current.paragraphs}
    renumbered = tuple(
        (
            " + ".join(old_by_sid[s].label for s in link.old if s in old_by_sid),
            " + ".join(new_by_sid[s].label for s in link.new if s in new_by_sid),
        )
        for link in links
        if link.renumbered and link.old and link.new
    )
    return RoundSummary(
        round_id=round_id,
        label=current.label,
        previous_label=previous.label if previous else "",
        counts=counts,
        counts_change={k: counts.get(k, 0) - before_counts.get(k, 0) for k in counts},
        brackets=brackets,
        brackets_change=brackets - before_brackets,
        paragraphs=tuple(entries),
        deleted=deleted,
        renumbered=renumbered,
        by_delegation=dict(sorted(by_delegation.items())),
    )
