"""The command line: verbs, JSON, and one clear sentence with exit code 2 on bad input."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sessions import Store
from sessions.samples import seed_text
from tui.cli import main


@pytest.fixture
def seed_file(tmp_path: Path) -> Path:
    path = tmp_path / "gc24-10-zh.txt"
    path.write_text(seed_text(), encoding="utf-8")
    return path


@pytest.fixture
def revision_file(tmp_path: Path) -> Path:
    path = tmp_path / "gc24-10-zh-rev1.txt"
    path.write_text(seed_text().replace("基本要素", "核心要素"), encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_version_and_where(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.startswith("rapporteur 0.")
    code, out, _ = run(capsys, "--data-dir", str(tmp_path / "d"), "where")
    assert (code, out.strip()) == (0, str(tmp_path / "d"))


def test_data_dir_from_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RAPPORTEUR_DATA_DIR", str(tmp_path / "env"))
    code, out, _ = run(capsys, "where")
    assert (code, out.strip()) == (0, str(tmp_path / "env"))


def test_new_import_sessions_undo(
    tmp_path: Path, seed_file: Path, revision_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(tmp_path / "d")]
    code, out, _ = run(capsys, *data, "new", "gc24", str(seed_file))
    assert code == 0
    assert "22 paragraphs" in out
    code, _, err = run(capsys, *data, "import", "gc24", str(seed_file))
    assert code == 2
    assert "identical to Zero draft" in err
    code, out, _ = run(capsys, *data, "import", "gc24", str(revision_file), "--round", "Rev.1")
    assert code == 0
    code, out, _ = run(capsys, *data, "sessions", "--json")
    assert code == 0
    (listed,) = json.loads(out)
    assert listed["name"] == "gc24"
    assert listed["title"] == "决议草案 GC 24/10：为建设更安全的城市提供支持行动"
    assert listed["symbol"] == "GC 24/10"
    assert (listed["rounds"], listed["paragraphs"], listed["amendments"]) == (2, 22, 0)
    assert listed["statuses"] == {"pending": 20, "open": 2}
    assert listed["changed"]
    assert set(listed) == {
        "name", "title", "symbol", "rounds", "paragraphs", "amendments", "statuses", "changed",
    }  # fmt: skip
    code, out, _ = run(capsys, *data, "sessions")
    assert code == 0
    assert "gc24" in out
    code, out, _ = run(capsys, *data, "undo", "gc24", "--json")
    assert code == 0
    assert json.loads(out)["summary"].startswith("Undo: Imported")
    code, _, err = run(capsys, *data, "undo", "gc24")
    assert code == 2
    assert err == "rapporteur: Nothing to undo in session 'gc24'.\n"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["undo", "nobody"], "No session named 'nobody'"),
        (["import", "nobody", "x.txt"], "No session named 'nobody'"),
        (["new", "a/b", "x.txt"], "cannot name a session"),
        (["new", "fresh", "missing.txt"], "No such file"),
        (["open", "nobody"], "No session named 'nobody'"),
        (["frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_is_one_sentence_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    try:
        code = main(["--data-dir", str(tmp_path), *argv])
    except SystemExit as exc:
        code = int(exc.code or 0)
    err = capsys.readouterr().err
    assert code == 2
    assert message in err
    assert err.count("\n") == 1
    assert "Traceback" not in err


def test_new_refuses_an_existing_session_and_empty_files(
    tmp_path: Path, seed_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(tmp_path / "d")]
    assert run(capsys, *data, "new", "gc24", str(seed_file))[0] == 0
    code, _, err = run(capsys, *data, "new", "gc24", str(seed_file))
    assert code == 2
    assert "exists already" in err
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    code, _, err = run(capsys, *data, "new", "other", str(empty))
    assert code == 2
    assert "is empty" in err
    assert Store(tmp_path / "d").names() == ["gc24"]


def test_corrupt_session_is_reported_and_restored(
    tmp_path: Path, seed_file: Path, revision_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(tmp_path / "d")]
    run(capsys, *data, "new", "gc24", str(seed_file))
    run(capsys, *data, "import", "gc24", str(revision_file), "--round", "Rev.1")
    Store(tmp_path / "d").path("gc24").write_text("{ not json", encoding="utf-8")
    code, out, _ = run(capsys, *data, "sessions", "--json")
    assert code == 0
    assert json.loads(out)[0]["title"].startswith("(cannot be read")
    code, _out, err = run(capsys, *data, "undo", "gc24")
    assert code == 0
    assert "restored from its backup" in err
    assert err.count("\n") == 1


def test_names_labels_and_data_folder(
    tmp_path: Path, seed_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = ["--data-dir", str(tmp_path / "d")]
    assert run(capsys, *data, "new", "FR", str(seed_file))[0] == 0
    code, _, err = run(capsys, *data, "new", "fr", str(seed_file))
    assert (code, "exists already" in err) == (2, True)
    code, _, err = run(capsys, *data, "new", "CON", str(seed_file))
    assert (code, "cannot name a session" in err) == (2, True)
    code, _, err = run(capsys, *data, "new", "long", str(seed_file), "--round", "x" * 80)
    assert (code, "short line" in err) == (2, True)
    code, out, _ = run(capsys, *data, "new", "blank", str(seed_file), "--round", " ")
    assert (code, "in Zero draft" in out) == (0, True)
    afile = tmp_path / "afile"
    afile.write_text("x")
    code, _, err = run(capsys, "--data-dir", str(afile), "sessions")
    assert code == 2
    assert err == f"rapporteur: The data folder {afile} is a file, not a folder.\n"


def test_the_console_script_is_installed(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "--data-dir", str(tmp_path), "sessions", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == []
