"""Fuzzing in every test run: a few hundred inputs per target, and the corpus of inputs that once
failed. ``python bench/fuzz.py`` gives the same targets as many inputs as asked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fuzzing import TARGETS, corpus_files, replay
from hypothesis import HealthCheck, given, settings

#: Inputs per target in a test run: the slow targets (a whole session) get fewer.
EXAMPLES = {
    "importer": 150,
    "rounds": 40,
    "quickentry": 300,
    "diff": 300,
    "align": 200,
    "session": 60,
}


def _fuzz(name: str) -> Any:
    check, strategy = TARGETS[name]

    @settings(
        max_examples=EXAMPLES[name],
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(strategy)
    def run(value: Any) -> None:
        check(value)

    return run


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_fuzz(name: str) -> None:
    _fuzz(name)()


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_inputs_that_once_failed(path: Path) -> None:
    replay(path)
