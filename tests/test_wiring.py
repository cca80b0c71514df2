"""Pages and snippets are wired together: no code typed into pages, nothing orphaned,
every include resolves, every claim a page names is a real claim test."""

import os
from pathlib import Path

import pytest
from mkdocs.config import load_config

from docsite import claims, pages, versions

PAGES = [pages.rel(page) for page in pages.pages()]


def test_no_code_is_typed_into_pages():
    problems = [problem for page in pages.pages() for problem in pages.typed_code(page)]
    assert problems == []


def test_every_snippet_and_section_is_included_by_a_page():
    assert pages.unused() == []


@pytest.mark.parametrize("page", PAGES)
def test_every_include_resolves(page):
    pages.check_includes(pages.ROOT / page)
    pages.expand(pages.ROOT / page)


def test_page_reader_expands_includes_with_mkdocs_own_settings():
    config = load_config(str(pages.ROOT / "mkdocs.yml"))
    settings = config.mdx_configs["pymdownx.snippets"]
    base_path = Path(os.fspath(settings["base_path"]))
    assert [str(base_path.resolve())] == pages.snippet_config()["base_path"]
    assert settings["check_paths"] is True


def test_every_claim_statement_is_quoted_word_for_word_by_its_tests():
    """Page side: each `<!-- claim: ... -->` follows a statement whose every sentence some
    named test quotes. Test side: each claim test quotes sentences of a page that names it,
    with every number a field the test fills (docsite/claims.py)."""
    problems = claims.problems()
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("page", PAGES)
def test_pages_name_installed_versions_through_the_macro(page):
    text = (pages.ROOT / page).read_text(encoding="utf-8")
    assert versions.typed(text) == [], (
        f"{page} types an installed version: write {{{{ versions.keras }}}} (or tensorflow, "
        "numpy, python) so the page names what was installed and tested"
    )
