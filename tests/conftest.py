"""Shared fixtures: where the shared corpora live, and the project's test data."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CORPORA = SHARED / "corpora"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def corpora() -> Path:
    """The real-world corpora beside the project (never copied into it)."""
    if not CORPORA.is_dir():
        pytest.fail(f"shared corpora not found at {CORPORA}; clone the project beside ../shared")
    return CORPORA
