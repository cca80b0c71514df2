"""Snippets, tests and glue pass ruff's lint and format checks (settings in pyproject.toml)."""

import subprocess
import sys

import pytest

from docsite import pages

FOLDERS = ["snippets", "tests", "docsite"]


@pytest.mark.parametrize("command", [["check"], ["format", "--check"]], ids=" ".join)
def test_ruff(command):
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command, *FOLDERS],
        cwd=pages.ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
