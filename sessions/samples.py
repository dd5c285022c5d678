"""The bundled sample session: the seed draft GC 24/10 (Chinese), illustrative amendments, Rev.1.

The zero draft is the real seed; the amendments, statuses and the Rev.1 compiled from them are
examples, marked as such, so that every screen shows something on first launch.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING

from sessions.importing import parse_text
from sessions.model import AmendmentKind, AmendmentStatus, Status
from sessions.rounds import compile_next, draft_text

if TYPE_CHECKING:
    from sessions.store import OpenSession, Store

__all__ = ["SAMPLE_NAME", "create_sample", "seed_text"]

SAMPLE_NAME = "sample-gc24-10"
ILLUSTRATIVE = "Illustrative example for the sample session; not from the negotiation."


def seed_text() -> str:
    """The text of the seed draft bundled with the package."""
    return resources.files("sessions").joinpath("data/gc24-10-zh.txt").read_text("utf-8")


@dataclass(frozen=True, slots=True)
class _Example:
    label: str
    kind: AmendmentKind
    proposer: str
    old: str = ""
    new: str = ""
    supporters: tuple[str, ...] = ()
    objectors: tuple[str, ...] = ()
    status: AmendmentStatus = AmendmentStatus.PROPOSED
    new_label: str = ""


# Amendments a room could plausibly make to GC 24/10; they are examples, marked as such.
_EXAMPLES = (
    _Example("OP5", AmendmentKind.REPLACE, "Norway", "妇女和女童", "妇女、女童和青年",
             ("Iceland", "Mexico"), ("Saudi Arabia",)),
    _Example("PP3", AmendmentKind.REPLACE, "European Union", "基本要素之一", "核心要素",
             ("Switzerland",), ()),
    _Example("OP2", AmendmentKind.REPLACE, "G77 and China", "尤其是在中低收入国家",
             "尤其是在发展中国家", ("South Africa", "Brazil"), ("United States",)),
    _Example("OP8", AmendmentKind.DELETE, "United States", "，以衡量地方一级的预防工作成果", "",
             (), ("Kenya",)),
    _Example("OP12", AmendmentKind.INSERT, "Kenya", "提供技术、人力和财政资源",
             "提供可预测的技术、人力和财政资源", ("African Group",), (),
             AmendmentStatus.ACCEPTED),
    _Example("OP3", AmendmentKind.RETAIN, "Japan", status=AmendmentStatus.WITHDRAWN),
    _Example("OP4 bis", AmendmentKind.NEW_PARAGRAPH, "Colombia",
             new="鼓励会员国在城市安全政策中纳入性别平等视角；", supporters=("Chile",),
             new_label="OP4 bis"),
)  # fmt: skip


def create_sample(store: Store, *, replace: bool = False) -> str:
    """Create the sample session unless it exists (or recreate it with ``replace``).

    Returns:
        The sample session's name.

    Raises:
        SessionLockedError: ``replace`` was asked while the sample is open elsewhere.
    """
    if store.exists(SAMPLE_NAME):
        if not replace:
            return SAMPLE_NAME
        store.delete(SAMPLE_NAME)
    draft = parse_text(seed_text(), source="gc24-10-zh.txt")
    with store.create(
        SAMPLE_NAME, draft, body="UN-Habitat Governing Council, 24th session, Nairobi, 2013"
    ) as session:
        _illustrate(session)
        _revise(session)
    return SAMPLE_NAME


def _illustrate(session: OpenSession) -> None:
    current = session.current_round()
    for example in _EXAMPLES:
        paragraph = current.by_label(example.label)
        text = paragraph.text if paragraph else ""
        if example.kind in (AmendmentKind.INSERT, AmendmentKind.REPLACE, AmendmentKind.DELETE):
            text = text.replace(example.old, example.new, 1)
        elif example.kind is AmendmentKind.NEW_PARAGRAPH:
            text = example.new
        amendment = session.add_amendment(
            round_id=current.id,
            kind=example.kind,
            proposer=example.proposer,
            target=paragraph.sid if paragraph else None,
            new_label=example.new_label,
            text=text,
            anchor=example.old,
            supporters=example.supporters,
            objectors=example.objectors,
            justification=ILLUSTRATIVE,
            illustrative=True,
        )
        if example.status is not AmendmentStatus.PROPOSED:
            session.set_amendment_status(amendment.id, example.status)
    for label, status in (
        ("PP8", Status.AGREED_AD_REF),
        ("PP3", Status.AGREED_AD_REF),
        ("OP3", Status.AGREED),
        ("OP12", Status.AGREED),
    ):
        paragraph = current.by_label(label)
        if paragraph is not None:
            session.set_status(current.id, paragraph.sid, status, note="Illustrative status.")


def _revise(session: OpenSession) -> None:
    """Rev.1 as a facilitator would issue it: accepted amendments in, paragraphs renumbered."""
    current = session.current_round()
    for amendment in session.amendments(round_id=current.id):
        if amendment.proposer in ("European Union", "Colombia"):
            session.set_amendment_status(amendment.id, AmendmentStatus.ACCEPTED)
    draft, _ = compile_next(
        current,
        session.amendments(round_id=current.id),
        title=session.session.title,
        symbol=session.session.symbol,
        renumber=True,
        language="zh",
    )
    session.add_round(parse_text(draft_text(draft), source="gc24-10-zh-rev1.txt"), label="Rev.1")
