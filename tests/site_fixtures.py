"""Fixtures for the built site (tests/conftest.py imports them): one strict build per suite,
the tutorials' notebooks run in fresh kernels and the browser's visits of every page, both
started in the background right after the build, and planted copies of the project."""

import asyncio
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
NOTEBOOK_RUNS = pytest.StashKey[dict]()  # tutorial -> Future of its notebook, executed
WANTS_NOTEBOOK_RUNS = pytest.StashKey[bool]()
PAGE_CHECKS = pytest.StashKey[object]()  # Future of {page: problems} (docsite/browser.py)
WANTS_PAGE_CHECKS = pytest.StashKey[bool]()


def mkdocs_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        capture_output=True,
        text=True,
        env=os.environ | {"NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.fixture(scope="session")
def built_site(request, tmp_path_factory):
    """One strict build of the real site, shared by the build tests and their guards. Right
    after it, each tutorial's published notebook starts running in a fresh kernel, in the
    background (see `notebook_run`)."""
    site_dir = tmp_path_factory.mktemp("site")
    result = mkdocs_build(ROOT, site_dir)
    pool = ThreadPoolExecutor(max_workers=4)
    request.addfinalizer(lambda: pool.shutdown(cancel_futures=True))
    if result.returncode == 0 and request.config.stash.get(WANTS_PAGE_CHECKS, False):
        pages_ = site_browser.site_pages()
        request.config.stash[PAGE_CHECKS] = pool.submit(site_browser.check_pages, site_dir, pages_)
    if result.returncode == 0 and request.config.stash.get(WANTS_NOTEBOOK_RUNS, False):
        notebooks = sorted((site_dir / "tutorials").glob("*-notebook/*-notebook.ipynb"))
        request.config.stash[NOTEBOOK_RUNS] = {
            path.stem.removesuffix("-notebook"): pool.submit(
                run_notebook, path, tmp_path_factory.mktemp("kernel")
            )
            for path in notebooks
        }
    return result, site_dir


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
def page_check(request, built_site):
    """`page_check("how-to/residual-block/")`: what Chromium found wrong on that page of the
    built site (docsite/browser.py; the visits start in the background after the build)."""
    result, _site_dir = built_site
    assert result.returncode == 0, result.stdout + result.stderr
    return lambda path: request.config.stash[PAGE_CHECKS].result()[path]


@pytest.fixture
def notebook_run(request, built_site):
    """`notebook_run("autoencoder")`: that tutorial's notebook, executed in a fresh kernel
    (started in the background right after the build)."""
    result, _site_dir = built_site
    assert result.returncode == 0, result.stdout + result.stderr
    return lambda tutorial: request.config.stash[NOTEBOOK_RUNS][tutorial].result()


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
