"""Every snippet runs as copied: alone, in a fresh interpreter and namespace, warnings as
errors, no network. One interpreter runs them all, so the suite pays one Keras import; it
starts when collection ends (conftest.py) and runs alongside the other tests."""

import json

import pytest

from conftest import SNIPPET_RUN
from docsite import pages

SNIPPETS = [pages.rel(path) for path in pages.snippets()]


@pytest.fixture(scope="session")
def fresh_interpreter_errors(request):
    process = request.config.stash[SNIPPET_RUN]
    stdout, stderr = process.communicate()
    assert process.returncode == 0, stderr
    return json.loads(stdout.splitlines()[-1])


@pytest.mark.parametrize("snippet", SNIPPETS)
def test_snippet_runs_as_copied(snippet, fresh_interpreter_errors):
    error = fresh_interpreter_errors[snippet]
    if error:
        pytest.fail(error, pytrace=False)
