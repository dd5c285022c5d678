"""The seed draft and the Paris rounds through the parser the session verbs use."""

from __future__ import annotations

from pathlib import Path

from sessions import ParagraphKind, Status, parse_text, read_draft
from sessions.samples import seed_text


def test_seed_parses_to_its_22_paragraphs() -> None:
    draft = parse_text(seed_text(), source="gc24-10-zh.txt")
    assert [p.label for p in draft.paragraphs] == [f"PP{n}" for n in range(1, 10)] + [
        f"OP{n}" for n in range(1, 14)
    ]
    assert draft.title == "决议草案 GC 24/10：为建设更安全的城市提供支持行动"
    assert draft.symbol == "GC 24/10"
    assert draft.language == "zh"
    by_label = {p.label: p for p in draft.paragraphs}
    assert {label for label, p in by_label.items() if p.status is Status.OPEN} == {"PP3", "PP8"}
    assert all(
        p.status is Status.PENDING for label, p in by_label.items() if label not in ("PP3", "PP8")
    )
    assert by_label["PP1"].status_note == "（商定留待进一步审议）"
    assert by_label["PP1"].kind is ParagraphKind.PREAMBULAR
    assert by_label["OP13"].kind is ParagraphKind.OPERATIVE
    assert "促进城市可持续发展" in by_label["PP1"].text
    assert by_label["PP1"].lead == "回顾"
    for paragraph in draft.paragraphs:
        assert "\n" not in paragraph.text
        assert "  " not in paragraph.text
        assert not paragraph.text.startswith(" ")
        assert "（商定" not in paragraph.text


def test_the_bundled_seed_is_the_shared_sample(shared_samples: Path) -> None:
    assert (shared_samples / "gc24-10-zh.txt").read_text(encoding="utf-8") == seed_text()
    draft = read_draft(shared_samples / "gc24-10-zh.txt")
    assert len(draft.paragraphs) == 22
