"""Every page runs as read: its python blocks, includes expanded exactly as MkDocs expands
them, top to bottom in one namespace. The README's python examples too."""

import pytest

from docsite import executor, pages

PAGES = [pages.rel(page) for page in pages.pages()] + ["README.md"]


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_top_to_bottom(page):
    path = pages.ROOT / page
    blocks = pages.blocks(path)
    namespace = executor.fresh_namespace(page)
    executor.reset()
    for block in blocks:
        try:
            executor.run(block.code, f"{page}:{block.lineno}", namespace)
        except executor.SnippetError as exc:
            pytest.fail(str(exc), pytrace=False)
