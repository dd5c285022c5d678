"""Rounds: lineage, reconciliation, decision check, fixed links, compiling the next round."""

from __future__ import annotations

from pathlib import Path

import pytest

from sessions import (
    AmendmentKind,
    AmendmentStatus,
    InputError,
    LinkKind,
    OpenSession,
    Status,
    Store,
    parse_text,
    read_draft,
)
from sessions.rounds import Outcome, apply_change, compile_next, draft_text, progress
from sessions.samples import seed_text

SEED = seed_text()


def _revision() -> str:
    text = SEED.replace("基本要素", "核心要素")  # PP3, as the EU proposed
    text = text.replace("女童行为", "女童和青年行为")  # half of Norway's OP5 amendment
    return text.replace("回顾 理事会", "又回顾 理事会")  # PP1 changed without a decision


@pytest.fixture
def session(store: Store) -> OpenSession:
    opened = store.create("gc24", parse_text(SEED, source="gc24-10-zh.txt"))
    yield opened  # type: ignore[misc]
    opened.close()


def _label(session: OpenSession, round_id: str, label: str) -> str:
    paragraph = session.round(round_id).by_label(label)
    assert paragraph is not None
    return paragraph.sid


def _amend(session: OpenSession, label: str, proposer: str, old: str, new: str) -> str:
    current = session.current_round()
    paragraph = current.by_label(label)
    assert paragraph is not None
    assert old in paragraph.text
    return session.add_amendment(
        round_id=current.id,
        kind=AmendmentKind.REPLACE,
        proposer=proposer,
        target=paragraph.sid,
        text=paragraph.text.replace(old, new, 1),
        anchor=old,
    ).id


def test_apply_change_carries_an_edit_to_a_reworded_paragraph() -> None:
    base = "Calls upon Member States to strengthen prevention of crime;"
    proposed = "Calls upon Member States to strengthen prevention of urban crime;"
    target = "Strongly calls upon Member States to strengthen prevention of crime;"
    assert apply_change(base, proposed, target) == (
        "Strongly calls upon Member States to strengthen prevention of urban crime;"
    )
    assert apply_change(base, proposed, "Something else entirely.") is None
    assert apply_change(base, proposed, base) == proposed


def test_reconciliation_incorporated_partly_not_reflected(session: OpenSession) -> None:
    eu = _amend(session, "PP3", "European Union", "基本要素", "核心要素")
    norway = session.add_amendment(
        round_id="r1",
        kind=AmendmentKind.REPLACE,
        proposer="Norway",
        target=_label(session, "r1", "OP5"),
        text=session.round("r1")
        .by_label("OP5")
        .text.replace("女童行为", "女童和青年行为")  # type: ignore[union-attr]
        .replace("目标和指标", "具体目标和指标"),
    ).id
    usa = _amend(session, "OP8", "United States", "，以衡量地方一级的预防工作成果", "")
    report = session.add_round(parse_text(_revision(), source="rev1.txt"), label="Rev.1")
    outcomes = {item.amendment.id: item.outcome for item in report.reconciled}
    assert outcomes == {
        eu: Outcome.INCORPORATED,
        norway: Outcome.PARTLY,
        usa: Outcome.NOT_REFLECTED,
    }
    assert session.amendment(eu).status is AmendmentStatus.INCORPORATED
    carried = {a.origin: a for a in session.reconciliation("r2")}
    assert set(carried) == {norway, usa}
    # Carried forward to the successor, with the part still missing.
    op5 = session.round("r2").by_label("OP5")
    assert op5 is not None
    assert carried[norway].target == op5.sid
    assert "具体目标和指标" in carried[norway].text
    assert "女童和青年行为" in carried[norway].text
    assert carried[norway].carried == "partly incorporated in Rev.1"
    assert carried[norway].created == session.amendment(norway).created
    assert "，以衡量地方一级的预防工作成果" not in carried[usa].text
    # One event, undone as one.
    session.undo()
    assert [r.label for r in session.rounds()] == ["Zero draft"]
    assert session.amendment(eu).status is AmendmentStatus.PROPOSED
    assert session.reconciliation("r1") == []


def test_decision_check(session: OpenSession) -> None:
    session.set_status("r1", _label(session, "r1", "PP1"), Status.AGREED)
    session.set_status("r1", _label(session, "r1", "PP2"), Status.DELETED)
    pp3 = _label(session, "r1", "PP3")
    session.set_status("r1", pp3, Status.AGREED_AD_REF)
    explained = _amend(session, "PP3", "European Union", "基本要素", "核心要素")
    session.set_amendment_status(explained, AmendmentStatus.ACCEPTED)
    report = session.add_round(parse_text(_revision(), source="rev1.txt"), label="Rev.1")
    reasons = {(flag.old.label, flag.reason) for flag in report.flags}
    assert reasons == {
        ("PP1", "was agreed but its text changed"),
        ("PP2", "was deleted and came back"),
    }
    assert {(f.old.label, f.reason) for f in session.decision_flags("r2")} == reasons


def test_lineage_survives_renumbering_and_a_fixed_link_survives_recomputation(
    session: OpenSession,
) -> None:
    text = _revision()
    # Rev.1 drops OP13 and inserts a new OP11: the old OP11 and OP12 become OP12 and OP13.
    start = text.index("执行段落 13.")
    end = text.index("（商定留待进一步审议）", start) + len("（商定留待进一步审议）")
    text = text[:start] + text[end:]
    text = text.replace("执行段落 12.", "执行段落 13.")
    text = text.replace(
        "执行段落 11.", "执行段落 11.  决定 在理事会下届会议审议本事项。\n\n执行段落 12.", 1
    )
    report = session.add_round(parse_text(text, source="rev1.txt"), label="Rev.1")
    kinds = {
        (tuple(session.round("r1").by_sid(s).label for s in link.old),  # type: ignore[union-attr]
         tuple(session.round("r2").by_sid(s).label for s in link.new)): link  # type: ignore[union-attr]
        for link in report.links
    }  # fmt: skip
    assert kinds[(("OP12",), ("OP13",))].renumbered
    assert kinds[(("OP13",), ())].kind is LinkKind.DELETED
    assert kinds[((), ("OP11",))].kind is LinkKind.ADDED
    assert kinds[(("OP11",), ("OP12",))].renumbered
    # Stable identity: the old OP12 is the new OP13.
    assert _label(session, "r1", "OP12") == _label(session, "r2", "OP13")
    # The rapporteur knows better: the new OP11 replaces the old OP13.
    session.relink("r2", [_label(session, "r1", "OP13")], [_label(session, "r2", "OP11")])
    fixed = [link for link in session.links("r2") if link.fixed]
    assert len(fixed) == 1
    # Another manual link elsewhere recomputes the rest and keeps the first.
    session.relink("r2", [_label(session, "r1", "PP1")], [_label(session, "r2", "PP1")])
    links = session.links("r2")
    assert sum(link.fixed for link in links) == 2
    assert any(link.fixed and link.old == (_label(session, "r1", "OP13"),) for link in links)
    # Every paragraph of both rounds is in exactly one link.
    assert sorted(s for link in links for s in link.old) == sorted(
        p.sid for p in session.round("r1").paragraphs
    )
    assert sorted(s for link in links for s in link.new) == sorted(
        p.sid for p in session.round("r2").paragraphs
    )
    history = session.history("r2", _label(session, "r2", "OP11"))
    assert [(r.label, p.label) for r, p in history] == [("Zero draft", "OP13"), ("Rev.1", "OP11")]
    with pytest.raises(InputError):
        session.relink("r1", [], [])


def test_compile_next_round_applies_accepted_amendments(session: OpenSession) -> None:
    eu = _amend(session, "PP3", "European Union", "基本要素之一", "核心要素")
    second = _amend(session, "PP3", "Japan", "直接相关", "密切相关")
    session.set_amendment_status(eu, AmendmentStatus.ACCEPTED)
    session.set_amendment_status(second, AmendmentStatus.ACCEPTED)
    _amend(session, "OP2", "G77 and China", "中低收入国家", "发展中国家")  # not accepted
    new = session.add_amendment(
        round_id="r1",
        kind=AmendmentKind.NEW_PARAGRAPH,
        proposer="Colombia",
        new_label="OP4 bis",
        text="鼓励会员国在城市安全政策中纳入性别平等视角；",
    )
    session.set_amendment_status(new.id, AmendmentStatus.ACCEPTED)
    session.set_status("r1", _label(session, "r1", "PP9"), Status.DELETED)
    draft, notes = compile_next(session.current_round(), session.amendments())
    assert notes == []
    labels = [p.label for p in draft.paragraphs]
    assert "PP9" not in labels
    assert labels[labels.index("OP4") + 1] == "OP4 bis"
    by_label = {p.label: p for p in draft.paragraphs}
    assert "核心要素，" in by_label["PP3"].text
    assert "密切相关" in by_label["PP3"].text
    assert "中低收入国家" in by_label["OP2"].text
    renumbered, _ = compile_next(session.current_round(), session.amendments(), renumber=True)
    assert [p.label for p in renumbered.paragraphs][-14:] == [f"OP{n}" for n in range(1, 15)]
    assert [p.label for p in renumbered.paragraphs][:8] == [f"PP{n}" for n in range(1, 9)]
    # The compiled draft circulates as a text file that reads back the same.
    again = parse_text(draft_text(draft), source="rev1.txt")
    assert [(p.label, p.text, p.status) for p in again.paragraphs] == [
        (p.label, p.text, p.status) for p in draft.paragraphs
    ]
    report = session.add_round(again, label="Rev.1")
    assert session.amendment(eu).status is AmendmentStatus.INCORPORATED
    assert session.amendment(new.id).status is AmendmentStatus.INCORPORATED
    assert any(item.outcome is Outcome.NOT_REFLECTED for item in report.reconciled)


def test_paris_rounds_as_one_session(store: Store, shared_samples: Path) -> None:
    names = [
        "paris-1-2015-10-23-draft-agreement.md",
        "paris-2-2015-12-04-draft-agreement.md",
        "paris-3-2015-12-09-draft-agreement.md",
        "paris-4-2015-12-12-agreement-L9-Rev1.md",
    ]
    with store.create("paris", read_draft(shared_samples / names[0])) as session:
        for number, name in enumerate(names[1:], start=1):
            session.add_round(read_draft(shared_samples / name), label=f"Rev.{number}")
        rounds = [session.round(r.id) for r in session.rounds()]
        brackets = [p.brackets for p in progress(rounds)]
        assert brackets[0] > brackets[1] > brackets[2] > brackets[3] == 0
        final = rounds[-1]
        traced = 0
        articles = [p for p in final.paragraphs if p.section.startswith("Article")]
        for paragraph in articles:
            chain = session.history(final.id, paragraph.sid)
            assert chain[-1][1].sid == paragraph.sid
            traced += any(r.id == rounds[0].id for r, _ in chain)
        # Most of the final articles go back to the October draft; the rest were written later.
        assert traced >= 0.6 * len(articles)
        mitigation = final.by_label("Art.4.1")
        assert mitigation is not None
        labels = [(r.label, p.label) for r, p in session.history(final.id, mitigation.sid)]
        assert ("Rev.2", "Art.3.1") in labels


def test_cli_import_reports_and_compile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    from tui.cli import main

    data = ["--data-dir", str(tmp_path / "d")]
    zero = tmp_path / "zero.txt"
    zero.write_text(SEED, encoding="utf-8")
    rev = tmp_path / "rev1.txt"
    rev.write_text(_revision(), encoding="utf-8")
    assert main([*data, "new", "gc24", str(zero)]) == 0
    capsys.readouterr()
    assert main([*data, "import", "gc24", str(rev), "--round", "Rev.1", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["links"] == {"unchanged": 19, "modified": 3}
    assert main([*data, "compile", "gc24", "-o", str(tmp_path / "rev2.txt"), "--renumber"]) == 0
    assert (tmp_path / "rev2.txt").read_text(encoding="utf-8").count("（商定") >= 18
    assert main([*data, "compile", "gc24", "-o", str(tmp_path / "rev2.txt")]) == 2
    assert "exists already" in capsys.readouterr().err


def test_a_silent_revision_keeps_the_status_of_unchanged_paragraphs(session: OpenSession) -> None:
    pp8 = _label(session, "r1", "PP8")
    session.set_status("r1", pp8, Status.AGREED_AD_REF)
    session.set_status("r1", _label(session, "r1", "PP3"), Status.AGREED)
    # The revision carries no status notes at all, and rewords PP3.
    text = "\n".join(line for line in _revision().split("\n") if "（商定" not in line)
    report = session.add_round(parse_text(text, source="rev1.txt"), label="Rev.1")
    new = session.round(report.info.id)
    assert new.by_label("PP8").status is Status.AGREED_AD_REF  # type: ignore[union-attr]
    # Reworded: the revision's silence stands, and the decision check says so.
    assert new.by_label("PP3").status is Status.OPEN  # type: ignore[union-attr]
    assert ("PP3", "was agreed but its text changed") in {
        (f.old.label, f.reason) for f in report.flags
    }


def test_a_rejected_amendment_that_comes_back_is_flagged(session: OpenSession) -> None:
    rejected = _amend(session, "PP3", "European Union", "基本要素", "核心要素")
    session.set_amendment_status(rejected, AmendmentStatus.REJECTED)
    report = session.add_round(parse_text(_revision(), source="rev1.txt"), label="Rev.1")
    assert ("PP3", "has European Union's rejected amendment in it") in {
        (f.old.label, f.reason) for f in report.flags
    }


def test_close_rewording_is_not_taken_for_incorporation(session: OpenSession) -> None:
    op5 = session.round("r1").by_label("OP5")
    assert op5 is not None
    norway = session.add_amendment(
        round_id="r1",
        kind=AmendmentKind.INSERT,
        proposer="Norway",
        target=op5.sid,
        text=op5.text.replace("妇女和女童", "妇女和女童、青年"),
    )
    text = SEED.replace("妇女和女童", "妇女、女童和青年")
    report = session.add_round(parse_text(text, source="rev1.txt"), label="Rev.1")
    (item,) = [i for i in report.reconciled if i.amendment.id == norway.id]
    assert item.outcome is not Outcome.INCORPORATED


def test_a_change_made_while_a_round_was_prepared_is_kept(session: OpenSession) -> None:
    norway = _amend(session, "OP8", "Norway", "城市", "都市")
    prepared = session.prepare_round(parse_text(_revision(), source="rev1.txt"), label="Rev.1")
    session.support(norway, "Iceland")  # while the import was being prepared
    # PP8 has no status note: a revision silent about it keeps the status set meanwhile.
    session.set_status("r1", _label(session, "r1", "PP8"), Status.AGREED)
    session.commit_round(prepared)
    assert session.amendment(norway).supporters == ("Iceland",)
    carried = next(a for a in session.reconciliation("r2") if a.origin == norway)
    assert carried.supporters == ("Iceland",)
    assert session.round("r2").by_label("PP8").status is Status.AGREED  # type: ignore[union-attr]


def test_a_failed_import_leaves_memory_as_the_disk(
    session: OpenSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from sessions import StorageError
    from sessions import storage as storage_module

    _amend(session, "PP3", "European Union", "基本要素", "核心要素")

    def full(fd: int, data: bytes | memoryview) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(storage_module.os, "write", full)
    with pytest.raises(StorageError):
        session.add_round(parse_text(_revision(), source="rev1.txt"), label="Rev.1")
    monkeypatch.undo()
    assert [r.label for r in session.rounds()] == ["Zero draft"]
    assert all(a.status is AmendmentStatus.PROPOSED for a in session.amendments())
    report = session.add_round(parse_text(_revision(), source="rev1.txt"), label="Rev.1")
    assert report.info.id == "r2"


def test_accepted_amendments_left_out_are_flagged_anywhere(session: OpenSession) -> None:
    accepted = _amend(session, "OP1", "Norway", "能力建设", "能力建设和培训")
    session.set_amendment_status(accepted, AmendmentStatus.ACCEPTED)
    report = session.add_round(parse_text(_revision(), source="rev1.txt"), label="Rev.1")
    assert ("OP1", "has Norway's accepted amendment, not reflected") in {
        (f.old.label, f.reason) for f in report.flags
    }
    assert ("OP1", "has Norway's accepted amendment, not reflected") in {
        (f.old.label, f.reason) for f in session.decision_flags("r2")
    }


def test_compile_places_every_new_paragraph_or_says_why(session: OpenSession) -> None:
    for label, text in (("OP1 bis", "决定甲；"), ("OP1 ter", "决定乙；"), ("OP99 bis", "决定丙；")):
        amendment = session.add_amendment(
            round_id="r1",
            kind=AmendmentKind.NEW_PARAGRAPH,
            proposer="Chile",
            new_label=label,
            text=text,
        )
        session.set_amendment_status(amendment.id, AmendmentStatus.ACCEPTED)
    draft, notes = compile_next(session.current_round(), session.amendments())
    labels = [p.label for p in draft.paragraphs]
    assert labels[labels.index("OP1") + 1 : labels.index("OP1") + 3] == ["OP1 bis", "OP1 ter"]
    assert notes == ["OP99 bis by Chile follows no paragraph of the next round; not placed."]


def test_carried_amendments_follow_a_link_set_by_hand(session: OpenSession) -> None:
    kenya = _amend(session, "OP12", "Kenya", "技术、人力和财政资源", "可预测的资源")
    session.add_round(parse_text(_revision(), source="rev1.txt"), label="Rev.1")
    (carried,) = [a for a in session.reconciliation("r2") if a.origin == kenya]
    assert carried.target == _label(session, "r2", "OP12")
    # Say by hand that the old OP12 continues as the new OP13 (a wrong link, on purpose).
    session.relink("r2", [_label(session, "r1", "OP12")], [_label(session, "r2", "OP13")])
    assert session.amendment(carried.id).target == _label(session, "r2", "OP13")
    session.undo()
    assert session.amendment(carried.id).target == _label(session, "r2", "OP12")
