"""Every page runs as read: its python blocks, includes expanded exactly as MkDocs expands
them, top to bottom in one namespace. The README's python examples too.

The run goes through the build's own path (docsite/render.py), so a page that passes here
renders, and each page's code runs once per suite: whichever of this test and the build
comes first runs it, the other reads the result from the cache (keyed by the code itself).
"""

import pytest
from mkdocs.utils.meta import get_data

from docsite import pages, render

PAGES = [pages.rel(page) for page in pages.pages()] + ["README.md"]


def read(page):
    path = pages.ROOT / page
    raw = path.read_text(encoding="utf-8")
    body, _meta = get_data(raw)
    return path, body, raw.count("\n") - body.count("\n")


@pytest.mark.parametrize("page", PAGES)
def test_the_build_runs_exactly_the_blocks_pytest_codeblocks_extracts(page):
    path, body, _offset = read(page)
    built = [fence.code.rstrip() for fence in render.fences(path, pages.ROOT, body)]
    extracted = [block.code.rstrip() for block in pages.blocks(path)]
    assert built == extracted


@pytest.mark.parametrize("page", PAGES)
def test_page_runs_top_to_bottom(page):
    path, body, offset = read(page)
    try:
        render.outputs(path, pages.ROOT, render.fences(path, pages.ROOT, body), offset)
    except render.RenderError as exc:
        pytest.fail(str(exc), pytrace=False)
