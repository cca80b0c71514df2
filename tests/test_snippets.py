"""Every snippet runs as copied: alone, in a fresh namespace with Keras's state reset,
warnings a reader would see as errors, no network. The run is the session's run of that file
(the `snippet` fixture), the very one the claim tests read their objects from: each snippet
runs once per session."""

import pytest

from docsite import executor, pages

SNIPPETS = [pages.rel(path) for path in pages.snippets()]


@pytest.mark.parametrize("name", SNIPPETS)
def test_snippet_runs_as_copied(name, snippet):
    try:
        snippet(name.removeprefix("snippets/"))
    except executor.SnippetError as error:
        pytest.fail(str(error), pytrace=False)
