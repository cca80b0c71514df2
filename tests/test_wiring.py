"""Pages and snippets are wired together: no code typed into pages, nothing orphaned,
every include resolves, every claim a page names is a real claim test."""

import ast
import os
import re
from pathlib import Path

import pytest
from mkdocs.config import load_config

from docsite import pages

PAGES = [pages.rel(page) for page in pages.pages()]
CLAIM = re.compile(r"<!--\s*claim:\s*(?P<file>tests/[\w/]+\.py)::(?P<test>\w+)\s*-->")


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


def claim_tests(test_file):
    tree = ast.parse((pages.ROOT / test_file).read_text(encoding="utf-8"))
    return {
        node.name
        for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef)
        and any(ast.unparse(d) == "pytest.mark.claim" for d in node.decorator_list)
    }


@pytest.mark.parametrize("page", PAGES)
def test_claims_named_on_a_page_are_claim_tests(page):
    text = (pages.ROOT / page).read_text(encoding="utf-8")
    missing = [
        f"{m['file']}::{m['test']}"
        for m in CLAIM.finditer(text)
        if not (pages.ROOT / m["file"]).is_file() or m["test"] not in claim_tests(m["file"])
    ]
    assert missing == [], f"{page} names claim tests that do not exist or lack @pytest.mark.claim"
