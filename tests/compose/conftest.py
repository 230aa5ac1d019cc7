"""Fixtures of the compose tests: a complete small shop built from the contract dataclasses."""

import pytest

from .helpers import build_shop


@pytest.fixture
def shop():
    return build_shop()
