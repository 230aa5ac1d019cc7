"""The README documents every command a user can run, and its quick start is what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

from tactful.cli.main import cli

ROOT = Path(__file__).resolve().parent.parent


def test_every_command_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    missing = [name for name in cli.commands if f"tactful {name}" not in readme]
    assert not missing, f"commands missing from README.md: {missing}"


def test_quick_start_commands_exist_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Quick start\s+```sh\n(.*?)```", readme, re.S).group(1)
    commands = [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]
    assert commands == ["scripts/demo", "scripts/test"]
    for command in commands:
        assert (ROOT / command).stat().st_mode & 0o111, f"{command} is not executable"
    assert "scripts/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
