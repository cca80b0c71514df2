"""Lets pytest take a page: `pytest docs/how-to/share-a-layer.md` runs exactly what that page
depends on (docsite/page_tests.py). The suite's own glue is in tests/conftest.py."""

from docsite import page_tests


def pytest_configure(config):
    page_tests.refuse_codeblocks(config)


def pytest_collect_file(file_path, parent):
    if page_tests.is_page(file_path):
        return page_tests.PageFile.from_parent(parent, path=file_path)
    return None


def pytest_collection_modifyitems(config, items):
    page_tests.select(config, items)


def pytest_terminal_summary(terminalreporter):
    page_tests.summary(terminalreporter)
