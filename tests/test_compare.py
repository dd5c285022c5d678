"""The compare command: JSON contract, terminal output, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sessions.samples import seed_text
from tui.cli import main


@pytest.fixture
def rounds(tmp_path: Path) -> tuple[Path, Path]:
    old = tmp_path / "zero.txt"
    old.write_text(seed_text(), encoding="utf-8")
    text = seed_text().replace("基本要素", "核心要素")
    # OP13 deleted, OP12 renumbered as OP13 behind a new OP12.
    start = text.index("执行段落 13.")
    end = text.index("（商定留待进一步审议）", start) + len("（商定留待进一步审议）")
    text = text[:start] + text[end:]
    text = text.replace("执行段落 12.", "执行段落 13.")
    text = text.replace(
        "执行段落 11.", "执行段落 11.  决定 在理事会下届会议审议本事项。\n\n执行段落 12."
    )
    new = tmp_path / "rev1.txt"
    new.write_text(text, encoding="utf-8")
    return old, new


def test_compare_json_contract(
    rounds: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = rounds
    assert main(["compare", str(old), str(new), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["old"] == {
        "title": "决议草案 GC 24/10：为建设更安全的城市提供支持行动",
        "paragraphs": 22,
    }
    assert data["new"]["paragraphs"] == 22
    assert set(data["stats"]) == {
        "unchanged", "modified", "moved", "merged", "split", "added", "deleted",
    }  # fmt: skip
    links = {(tuple(link["old"]), tuple(link["new"])): link for link in data["links"]}
    pp3 = links[(("PP3",), ("PP3",))]
    assert pp3["kind"] == "modified"
    assert {"op": "replace", "old": "基本", "new": "核心"} in pp3["diff"]
    assert 0.9 < pp3["similarity"] < 1
    assert links[(("OP12",), ("OP13",))]["renumbered"] is True
    assert links[(("OP13",), ())]["kind"] == "deleted"
    assert links[((), ("OP11",))]["kind"] == "added"
    assert links[(("OP11",), ("OP12",))]["renumbered"] is True
    assert data["stats"]["unchanged"] == 20
    for link in data["links"]:
        assert set(link) == {"old", "new", "kind", "renumbered", "similarity", "diff"}


def test_compare_prints_a_concordance(
    rounds: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = rounds
    assert main(["compare", str(old), str(new)]) == 0
    out = capsys.readouterr().out
    assert "Concordance" in out
    assert "OP12 -> OP13" in out or "OP12" in out
    assert "20 unchanged, 1 modified, 1 added, 1 deleted" in out


def test_compare_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.txt"
    good.write_text(seed_text(), encoding="utf-8")
    assert main(["compare", str(good), str(tmp_path / "missing.txt")]) == 2
    assert capsys.readouterr().err.count("\n") == 1
