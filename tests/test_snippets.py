"""Every snippet runs as copied: alone, in a fresh interpreter and namespace, warnings as
errors, no network. One interpreter runs them all, so the suite pays one Keras import."""

import json
import os
import subprocess
import sys

import pytest

from docsite import pages

SNIPPETS = [pages.rel(path) for path in pages.snippets()]


@pytest.fixture(scope="session")
def fresh_interpreter_errors():
    result = subprocess.run(
        [sys.executable, "-m", "docsite.executor", *SNIPPETS],
        cwd=pages.ROOT,
        capture_output=True,
        text=True,
        env=os.environ,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize("snippet", SNIPPETS)
def test_snippet_runs_as_copied(snippet, fresh_interpreter_errors):
    error = fresh_interpreter_errors[snippet]
    if error:
        pytest.fail(error, pytrace=False)
