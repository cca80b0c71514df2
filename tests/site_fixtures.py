"""Fixtures for the built site (tests/conftest.py imports them): one strict build per test
run, shared by every worker; the tutorials' notebooks run in fresh kernels and the browser's
visits of every page, each in the background of the worker whose tests read them; and planted
copies of the project."""

import asyncio
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from docsite import browser as site_browser
from docsite import pages, render, serve
from docsite.browser import DESKTOP, launch, recording

ROOT = pages.ROOT
WANTS_NOTEBOOK_RUNS = pytest.StashKey[bool]()
WANTS_PAGE_CHECKS = pytest.StashKey[bool]()


def mkdocs_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        capture_output=True,
        text=True,
        env=os.environ | {"NO_MKDOCS_2_WARNING": "1"},
    )


def run_folder(tmp_path_factory) -> Path:
    """The folder of this test run that every pytest-xdist worker shares (each worker's own
    temporary folder is inside it); without workers, this process's temporary folder."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """One strict build of the real site per test run, shared by every worker: the first
    worker that asks builds it, under a lock; the others wait for it and read the result."""
    shared = run_folder(tmp_path_factory)
    site_dir, outcome = shared / "site", shared / "site-build.json"
    with render.locked(shared / "site-build.lock"):
        if not outcome.is_file():
            result = mkdocs_build(ROOT, site_dir)
            fields = {"returncode": result.returncode, "stdout": result.stdout}
            outcome.write_text(json.dumps(fields | {"stderr": result.stderr}), encoding="utf-8")
    fields = json.loads(outcome.read_text(encoding="utf-8"))
    return subprocess.CompletedProcess(args=["mkdocs", "build"], **fields), site_dir


@pytest.fixture(scope="session")
def page_checks(request, site):
    """Future of {page: problems}: Chromium's visits of every page of both editions
    (docsite/browser.py), in a thread of this worker, from the first test of the browser
    group on (tests/conftest.py: `background_work`), overlapping the group's other tests."""
    pool = ThreadPoolExecutor(max_workers=1)
    request.addfinalizer(lambda: pool.shutdown(cancel_futures=True))
    return pool.submit(site_browser.check_pages_side_by_side, site, site_browser.site_pages())


@pytest.fixture(scope="session")
def notebook_runs(request, site, tmp_path_factory):
    """{tutorial: Future of its notebook, executed}: each tutorial's published notebook run in
    a fresh kernel, in threads of this worker, from the first test of the site group on."""
    notebooks = sorted((site / "tutorials").glob("*-notebook/*-notebook.ipynb"))
    pool = ThreadPoolExecutor(max_workers=len(notebooks) or 1)
    request.addfinalizer(lambda: pool.shutdown(cancel_futures=True))
    return {
        path.stem.removesuffix("-notebook"): pool.submit(
            run_notebook, path, tmp_path_factory.mktemp("kernel")
        )
        for path in notebooks
    }


def run_notebook(path: Path, folder: Path):
    """Execute the notebook at `path` top to bottom in a fresh kernel started in `folder`;
    return it with the new outputs. Raises CellExecutionError naming the cell on any error."""
    notebook = nbformat.read(path, as_version=4)
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs = []
    client = NotebookClient(
        notebook, kernel_name="python3", timeout=300, resources={"metadata": {"path": str(folder)}}
    )
    # This runs in a thread: give it its own event loop, and close it (Python 3.13 warns about
    # a loop, and its sockets, left for the garbage collector).
    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(client.async_execute())
    finally:
        loop.close()
    return notebook


@pytest.fixture
def page_check(page_checks):
    """`page_check("how-to/residual-block/")`: what Chromium found wrong on that page of the
    built site (docsite/browser.py)."""
    return lambda path: page_checks.result()[path]


@pytest.fixture
def notebook_run(notebook_runs):
    """`notebook_run("autoencoder")`: that tutorial's notebook, executed in a fresh kernel."""
    return lambda tutorial: notebook_runs[tutorial].result()


@pytest.fixture(scope="session")
def site(built_site):
    result, site_dir = built_site
    assert result.returncode == 0, result.stdout + result.stderr
    return site_dir


@pytest.fixture(scope="session")
def base_url(site):
    with serve.serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def tab(browser, base_url):
    """`tab(scheme="light", **context_options)`: a new page in a fresh browser context."""
    contexts = []

    def open_tab(scheme="light", **options):
        context = browser.new_context(**({"viewport": DESKTOP} | options), color_scheme=scheme)
        contexts.append(context)
        return recording(context.new_page(), base_url)

    yield open_tab
    for context in contexts:
        context.close()


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A copy of the project to plant defects in; its output cache starts empty, in the copy's
    own .cache (not in $DOCSITE_CACHE_DIR, which `make bench` sets for the suite)."""
    monkeypatch.delenv("DOCSITE_CACHE_DIR", raising=False)
    for item in ("docs", "snippets", "docsite", "overrides"):
        shutil.copytree(ROOT / item, tmp_path / item, ignore=shutil.ignore_patterns("__pycache__"))
    for item in ("mkdocs.yml", "requirements.txt"):
        shutil.copy(ROOT / item, tmp_path / item)
    return tmp_path


SUITE_CACHE = render.cache_dir(ROOT)  # read before any test changes the environment


def warm_cache(project: Path) -> None:
    """Give a project copy the real build's outputs, so a build of it runs only what changed.
    Call after the `built_site` fixture, which fills the cache."""
    shutil.copytree(SUITE_CACHE, project / ".cache" / "outputs")
