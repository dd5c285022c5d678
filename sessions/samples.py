"""The bundled sample session: the seed draft GC 24/10 (Chinese), ready to explore."""

from __future__ import annotations

from importlib import resources

from sessions.importing import parse_text
from sessions.store import Store

__all__ = ["SAMPLE_NAME", "create_sample", "seed_text"]

SAMPLE_NAME = "sample-gc24-10"


def seed_text() -> str:
    """The text of the seed draft bundled with the package."""
    return resources.files("sessions").joinpath("data/gc24-10-zh.txt").read_text("utf-8")


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
    store.create(SAMPLE_NAME, draft, body="UN-Habitat Governing Council, 24th session").close()
    return SAMPLE_NAME
