"""The model's values and enums."""

from __future__ import annotations

import dataclasses

import pytest

from sessions import (
    AmendmentStatus,
    Paragraph,
    ParagraphKind,
    Round,
    RoundInfo,
    Status,
    parse_status,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("agreed_ad_ref", Status.AGREED_AD_REF),
        ("Agreed ad ref", Status.AGREED_AD_REF),
        ("  AGREED  ", Status.AGREED),
        ("pending", Status.PENDING),
        ("deleted", Status.DELETED),
        ("open", Status.OPEN),
    ],
)
def test_parse_status_knows_the_statuses(typed: str, expected: Status) -> None:
    assert parse_status(typed) is expected


def test_parse_status_keeps_a_custom_status() -> None:
    assert parse_status(" parked with the chair ") == "parked with the chair"
    assert not isinstance(parse_status("parked"), Status)


def test_values_are_frozen() -> None:
    paragraph = Paragraph(sid="p1", label="PP1", kind=ParagraphKind.PREAMBULAR, text="x")
    with pytest.raises(dataclasses.FrozenInstanceError):
        paragraph.text = "y"  # type: ignore[misc]


def test_brackets_count_opening_brackets() -> None:
    paragraph = Paragraph(
        sid="p1", label="OP1", kind=ParagraphKind.OPERATIVE, text="[shall][should] act [[now]]"
    )
    assert paragraph.brackets == 4


def test_round_finds_labels_without_case_or_spaces() -> None:
    paragraphs = (
        Paragraph(sid="a", label="OP5", kind=ParagraphKind.OPERATIVE, text="x"),
        Paragraph(sid="b", label="OP5 bis", kind=ParagraphKind.OPERATIVE, text="y"),
    )
    round_ = Round(info=RoundInfo(id="r1", index=1, label="Zero draft"), paragraphs=paragraphs)
    found = round_.by_label("op5bis")
    assert found is not None
    assert found.sid == "b"
    assert round_.by_label("OP6") is None
    assert round_.by_sid("a") is paragraphs[0]


def test_only_proposed_amendments_are_open() -> None:
    assert [s for s in AmendmentStatus if s.is_open] == [AmendmentStatus.PROPOSED]
