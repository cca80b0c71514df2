"""Everything that can be checked without running code (docsite/check.py, which is also
`make check` and the pre-commit hook): per page, its typed code, includes, claims, front
matter, alt text and versions; for the whole project, orphans, navigation and ruff."""

import os
from pathlib import Path

import pytest
from mkdocs.config import load_config

from docsite import check, pages

PAGES = [pages.rel(page) for page in pages.pages()]
PER_PAGE = ["code typed into pages", "includes", "claims", "descriptions", "alt text",
            "typed versions", "main line", "image alt text"]  # fmt: skip
WHOLE = [name for name in check.CHECKS if name not in PER_PAGE]


@pytest.fixture(scope="module")
def found():
    """Each check's problems, computed once for all the pages."""
    return {name: check.CHECKS[name]() for name in PER_PAGE}


@pytest.mark.parametrize("page", PAGES)
def test_page_is_wired(page, found):
    mentions = [problem for name in PER_PAGE for problem in found[name] if page in problem]
    assert mentions == [], "\n".join(mentions)


@pytest.mark.parametrize("name", WHOLE)
def test_project_is_wired(name):
    problems = check.CHECKS[name]()
    assert problems == [], "\n".join(problems)


def test_every_problem_names_a_page_or_is_checked_project_wide(found):
    """No per-page problem slips between the pages (a test file's own claim problems, say)."""
    unplaced = [p for name in PER_PAGE for p in found[name] if not any(page in p for page in PAGES)]
    assert unplaced == [], "\n".join(unplaced)


def test_page_reader_expands_includes_with_mkdocs_own_settings():
    config = load_config(str(pages.ROOT / "mkdocs.yml"))
    settings = config.mdx_configs["pymdownx.snippets"]
    base_path = Path(os.fspath(settings["base_path"]))
    assert [str(base_path.resolve())] == pages.snippet_config()["base_path"]
    assert settings["check_paths"] is True
