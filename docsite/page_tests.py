"""`pytest docs/<page>.md`: everything one page depends on, and nothing else.

For each page given, pytest collects, under the page (so every test id starts with the page's
path, and `-k` on the page matches): its blocks run top to bottom (tests/test_pages.py), each
snippet it includes run alone in a fresh interpreter (tests/test_snippets.py), its wiring
(tests/test_wiring.py) and every claim test its sentences name. The root conftest.py plugs
this in; the tests themselves and their fixtures stay in tests/.

`pytest --codeblocks docs/...` would run the raw Markdown, where code is an include line:
it stops at once and says what to run instead.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docsite import claims, pages

PAGE_TESTS = ("test_pages.py", "test_snippets.py", "test_wiring.py")


def is_page(path: Path) -> bool:
    docs = pages.ROOT / "docs"
    return path.suffix == ".md" and docs in path.resolve().parents


def depends_on(page: Path) -> dict:
    """What `page` depends on: its page id, the snippets it includes, the claim tests it names."""
    statements, _problems = claims.statements(page)
    return {
        "page": pages.rel(page),
        "snippets": {include.path for include in pages.includes(page)},
        "claims": {test for statement in statements for test in statement.tests},
    }


class PageFile(pytest.File):
    """A page, as a collection of the tests it depends on."""

    def collect(self):
        self.needs = depends_on(self.path)
        yield PageTests.from_parent(self, path=pages.ROOT / "tests")


class PageTests(pytest.Dir):
    """tests/, seen from one page: only the modules that hold the page's tests. Its conftest
    (fixtures included) belongs to this node, so the page's tests run as they do in the suite."""

    def collect(self):
        self.ihook  # noqa: B018  (loads tests/conftest.py for this folder)
        share_conftest_fixtures(self)
        needs = self.parent.needs
        files = {name.split("::")[0] for name in needs["claims"]} | {
            f"tests/{name}" for name in PAGE_TESTS
        }
        for file in sorted(files):
            path = pages.ROOT / file
            if path.is_file():
                yield pytest.Module.from_parent(
                    self, path=path, nodeid=f"{self.parent.nodeid}::{file}"
                )


def share_conftest_fixtures(folder: PageTests) -> None:
    """pytest gives a conftest's fixtures to the one folder node it was loaded for; when
    several pages are run, each has its own node for tests/. Register them once for the whole
    session instead, so every page sees them and session fixtures (a snippet's run) are
    shared between pages."""
    manager = folder.session._fixturemanager
    conftest = manager._pending_conftests.pop(folder.path, None)  # loaded for the first page
    if conftest is not None:
        manager.parsefactories(holder=conftest, node=folder.session)


def wanted(item: pytest.Item, needs: dict) -> bool:
    module = item.path.name
    parameters = getattr(getattr(item, "callspec", None), "params", {})
    if module == "test_snippets.py":
        return parameters.get("name") in needs["snippets"]
    if module in PAGE_TESTS:
        return parameters.get("page") == needs["page"]
    return f"{pages.rel(item.path)}::{item.originalname}" in needs["claims"]


def page_of(item: pytest.Item) -> PageFile | None:
    return next((node for node in item.iter_parents() if isinstance(node, PageFile)), None)


def select(config, items: list[pytest.Item]) -> None:
    """Keep, under each page, only the tests that page depends on."""
    kept, dropped = [], []
    for item in items:
        page = page_of(item)
        (kept if page is None or wanted(item, page.needs) else dropped).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


CODEBLOCKS = (
    "pytest --codeblocks runs a page's raw Markdown, where each block is an include line "
    "(--8<--), not code. Run `pytest {page}` instead: it expands the includes and runs the "
    "page top to bottom, each snippet it includes, and the claims it makes."
)


def refuse_codeblocks(config) -> None:
    if not config.getoption("codeblocks", default=False):
        return
    folder = pages.ROOT / "docs"
    given = [arg.split("::")[0] for arg in config.args]
    docs = [arg for arg in given if folder in (Path(arg).resolve(), *Path(arg).resolve().parents)]
    if docs:
        pytest.exit(CODEBLOCKS.format(page=docs[0]), returncode=pytest.ExitCode.USAGE_ERROR)


def outcome_by_page(reports) -> dict[str, dict[str, list[str]]]:
    """{page: {"passed": [test, ...], "failed": [...], ...}} for the tests run under pages."""
    found: dict[str, dict[str, list[str]]] = {}
    for report in reports:
        if "::tests/" not in report.nodeid or (report.when != "call" and report.passed):
            continue
        page, _, test = report.nodeid.partition("::")
        found.setdefault(page, {}).setdefault(report.outcome, []).append(test)
    return found


def summary(terminalreporter) -> None:
    """One line per page: how many of its tests passed, and which failed."""
    reports = [
        r
        for kind in ("passed", "failed", "skipped", "error")
        for r in terminalreporter.stats.get(kind, [])
    ]
    by_page = outcome_by_page(reports)
    if not by_page:
        return
    terminalreporter.section("pages")
    for page, outcomes in sorted(by_page.items()):
        counts = ", ".join(f"{len(tests)} {outcome}" for outcome, tests in sorted(outcomes.items()))
        terminalreporter.write_line(f"{page}: {counts}")
        for test in outcomes.get("failed", []):
            terminalreporter.write_line(f"    failed: {test}")
