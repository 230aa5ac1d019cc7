"""The package's shape: every pipeline stage exists and documents its one job."""

import importlib

import pytest

STAGES = ["mail", "understand", "compose", "review", "shop", "desk", "web", "cli"]


@pytest.mark.parametrize("stage", STAGES)
def test_stage_has_docstring(stage):
    module = importlib.import_module(f"tactful.{stage}")
    assert module.__doc__ and len(module.__doc__.strip().splitlines()[0]) > 10


def test_public_names_exist():
    for stage in ["mail", "understand", "compose", "review", "shop"]:
        module = importlib.import_module(f"tactful.{stage}")
        for name in module.__all__:
            assert hasattr(module, name), f"tactful.{stage}.{name}"
