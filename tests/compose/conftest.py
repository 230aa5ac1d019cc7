"""Fixtures of the compose tests: a complete small shop built from the contract dataclasses, and
the drafts of the bundled sample inbox (drafted and reviewed once per test session)."""

from datetime import datetime, timezone
from pathlib import Path

import pytest

from .helpers import build_shop

# The clock of `tactful demo` (tactful.cli.draft.DEMO_NOW): the sample inbox is answered as of then.
DEMO_NOW = datetime(2026, 11, 21, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def shop():
    return build_shop()


@pytest.fixture(scope="session")
def sample_shop():
    from tactful.samples import SHOP_DIR
    from tactful.shop import load_shop

    return load_shop(SHOP_DIR)


@pytest.fixture(scope="session")
def inbox_results(sample_shop):
    """file name -> PipelineResult for every sample email, through parse, analyse, compose, review."""
    from tactful.compose.pipeline import run_pipeline
    from tactful.samples import INBOX_DIR

    paths = sorted(Path(INBOX_DIR).glob("*.eml"))
    return {Path(r.source).name: r for r in run_pipeline(paths, sample_shop, now=DEMO_NOW)}
