"""The domain model of a negotiation session: frozen values and the enums that classify them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, TypeAlias

__all__ = [
    "SUFFIXES",
    "Amendment",
    "AmendmentKind",
    "AmendmentStatus",
    "Change",
    "Event",
    "Link",
    "LinkKind",
    "Paragraph",
    "ParagraphKind",
    "Round",
    "RoundInfo",
    "Session",
    "SessionSummary",
    "Status",
    "StatusValue",
    "parse_status",
]

#: Latin ordinal suffixes of paragraphs inserted during talks, in order (``OP5 bis``, ``OP5 ter``).
SUFFIXES: tuple[str, ...] = (
    "bis",
    "ter",
    "quater",
    "quinquies",
    "sexies",
    "septies",
    "octies",
    "novies",
    "decies",
)


class Status(StrEnum):
    """The normalized status of a paragraph in one round (DESIGN.md, section 1)."""

    OPEN = "open"
    PENDING = "pending"
    AGREED_AD_REF = "agreed_ad_ref"
    AGREED = "agreed"
    DELETED = "deleted"

    @property
    def words(self) -> str:
        """The status as a rapporteur writes it: ``Agreed ad ref``."""
        return _STATUS_WORDS[self]


_STATUS_WORDS = {
    Status.OPEN: "Open",
    Status.PENDING: "Pending",
    Status.AGREED_AD_REF: "Agreed ad ref",
    Status.AGREED: "Agreed",
    Status.DELETED: "Deleted",
}

#: A paragraph's status: one of :class:`Status`, or a custom string the rapporteur typed.
StatusValue: TypeAlias = Status | str


def parse_status(value: str) -> StatusValue:
    """Return the :class:`Status` named by ``value``, or ``value`` itself as a custom status.

    Args:
        value: A stored or typed status such as ``"agreed_ad_ref"``, ``"Agreed ad ref"`` or
            ``"parked"``.

    Returns:
        The matching :class:`Status` member, else the stripped string.
    """
    key = " ".join(value.split()).casefold().replace(" ", "_").replace("-", "_")
    for status in Status:
        if key in (status.value, status.words.casefold().replace(" ", "_")):
            return status
    return value.strip()


class ParagraphKind(StrEnum):
    """Where a paragraph stands in a resolution."""

    PREAMBULAR = "preambular"
    OPERATIVE = "operative"
    OTHER = "other"


class AmendmentKind(StrEnum):
    """What an amendment proposes to do."""

    INSERT = "insert"
    DELETE = "delete"
    REPLACE = "replace"
    NEW_PARAGRAPH = "new_paragraph"
    DELETE_PARAGRAPH = "delete_paragraph"
    MOVE = "move"
    MERGE = "merge"
    SPLIT = "split"
    RETAIN = "retain"


class AmendmentStatus(StrEnum):
    """Where an amendment stands."""

    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    SUPERSEDED = "superseded"
    INCORPORATED = "incorporated"

    @property
    def is_open(self) -> bool:
        """Whether the amendment is still on the table."""
        return self is AmendmentStatus.PROPOSED


class LinkKind(StrEnum):
    """What became of a paragraph between two rounds."""

    UNCHANGED = "unchanged"
    MODIFIED = "modified"
    MOVED = "moved"
    MERGED = "merged"
    SPLIT = "split"
    ADDED = "added"
    DELETED = "deleted"


@dataclass(frozen=True, slots=True)
class Session:
    """A negotiation session: one draft followed through its rounds."""

    name: str
    title: str
    symbol: str = ""
    body: str = ""
    languages: tuple[str, ...] = ()
    created: datetime | None = None


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of a round, with its stable identity and its display label.

    ``sid`` never changes: a paragraph renumbered from ``OP5`` to ``OP6`` in the next round keeps
    its ``sid`` and changes its ``label``.
    """

    sid: str
    label: str
    kind: ParagraphKind
    text: str
    number: int | None = None
    suffix: str = ""
    lead: str = ""
    section: str = ""
    status: StatusValue = Status.OPEN
    status_note: str = ""
    note: str = ""

    @property
    def brackets(self) -> int:
        """The number of opening square brackets: what the room counts as 'left to agree'."""
        return self.text.count("[")


@dataclass(frozen=True, slots=True)
class RoundInfo:
    """A round's metadata, without its paragraphs."""

    id: str
    index: int
    label: str
    source: str = ""
    imported_at: datetime | None = None
    paragraph_count: int = 0
    formula: str = ""


@dataclass(frozen=True, slots=True)
class Round:
    """A round of the draft (zero draft, Rev.1 ...) with its ordered paragraphs."""

    info: RoundInfo
    paragraphs: tuple[Paragraph, ...] = ()

    @property
    def id(self) -> str:
        """The round's stable id."""
        return self.info.id

    @property
    def label(self) -> str:
        """The round's display label, such as ``Rev.1``."""
        return self.info.label

    @property
    def brackets(self) -> int:
        """Opening brackets left in the whole round: what the room watches fall."""
        return sum(p.brackets for p in self.paragraphs)

    def status_counts(self) -> dict[str, int]:
        """How many paragraphs have each status (custom statuses by their text)."""
        counts: dict[str, int] = {}
        for paragraph in self.paragraphs:
            key = str(paragraph.status)
            counts[key] = counts.get(key, 0) + 1
        return counts

    def by_label(self, label: str) -> Paragraph | None:
        """Return the paragraph with that display label, compared without case or spaces."""
        key = _label_key(label)
        return next((p for p in self.paragraphs if _label_key(p.label) == key), None)

    def by_sid(self, sid: str) -> Paragraph | None:
        """Return the paragraph with that stable id."""
        return next((p for p in self.paragraphs if p.sid == sid), None)


def _label_key(label: str) -> str:
    return "".join(label.split()).casefold()


@dataclass(frozen=True, slots=True)
class Amendment:
    """A proposal by a delegation to change a paragraph, or to add a new one.

    ``target`` is the stable id of the paragraph; a new paragraph has no target and carries
    ``new_label`` (``OP5 bis``). ``anchor`` holds the quoted words it acts on, so the
    amendment survives the renumbering and reflowing of its paragraph. ``origin`` is the id of
    the amendment of the previous round it was carried forward from.
    """

    id: str
    round_id: str
    kind: AmendmentKind
    proposer: str
    target: str | None = None
    new_label: str = ""
    text: str = ""
    anchor: str = ""
    supporters: tuple[str, ...] = ()
    objectors: tuple[str, ...] = ()
    justification: str = ""
    status: AmendmentStatus = AmendmentStatus.PROPOSED
    created: datetime | None = None
    changed: datetime | None = None
    illustrative: bool = False
    origin: str = ""
    carried: str = ""


@dataclass(frozen=True, slots=True)
class Link:
    """Lineage between paragraphs of two rounds: ``old`` became ``new``.

    An added paragraph has no ``old``; a deleted one has no ``new``; a merge has several ``old``
    and a split several ``new``. ``fixed`` marks a link the rapporteur set by hand, which every
    later computation keeps.
    """

    old_round: str
    new_round: str
    old: tuple[str, ...]
    new: tuple[str, ...]
    kind: LinkKind
    similarity: float = 1.0
    renumbered: bool = False
    fixed: bool = False

    @property
    def key(self) -> str:
        """A key unique within the pair of rounds."""
        return "+".join(self.old) + ">" + "+".join(self.new)


@dataclass(frozen=True, slots=True)
class Change:
    """One document changed by an event.

    ``before`` is None for an insertion, ``after`` for a removal.
    """

    table: str
    key: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class Event:
    """An entry of the append-only journal of a session: what changed, when, before and after."""

    seq: int
    at: datetime
    action: str
    summary: str
    changes: tuple[Change, ...] = ()
    undoes: int | None = None
    undoable: bool = True


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """What the sessions list shows of a session without opening it for writing."""

    name: str
    title: str
    symbol: str
    rounds: int
    paragraphs: int
    amendments: int
    statuses: dict[str, int] = field(default_factory=dict)
    changed: datetime | None = None
