"""Shared fixtures: a store on a temporary directory, the seed draft, the shared samples."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from sessions import OpenSession, Store, parse_text
from sessions.samples import seed_text

SHARED_SAMPLES = Path(__file__).resolve().parents[1].parent / "shared" / "samples"


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(tmp_path / "data")


@pytest.fixture
def seed_session(store: Store) -> Iterator[OpenSession]:
    session = store.create("gc24", parse_text(seed_text(), source="gc24-10-zh.txt"))
    yield session
    session.close()


@pytest.fixture
def shared_samples() -> Path:
    if not SHARED_SAMPLES.is_dir():
        pytest.skip("../shared/samples is not present")
    return SHARED_SAMPLES
