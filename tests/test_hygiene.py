"""The domain package never imports the terminal: checked in a fresh interpreter."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import sessions


def test_sessions_imports_no_terminal_library() -> None:
    modules = [m.name for m in pkgutil.walk_packages(sessions.__path__, "sessions.")]
    assert "sessions.store" in modules
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich', 'tui'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""
