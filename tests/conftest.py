"""Test glue: a private $HOME for Keras, matplotlib and Jupyter; cached snippet runs; one build."""

import asyncio
import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

_HOME = Path(tempfile.mkdtemp(prefix="keras-docs-tests-"))
for variable, folder in {
    "KERAS_HOME": "keras",
    "MPLCONFIGDIR": "matplotlib",
    "IPYTHONDIR": "ipython",
    "JUPYTER_DATA_DIR": "jupyter-data",
    "JUPYTER_CONFIG_DIR": "jupyter-config",
    "JUPYTER_RUNTIME_DIR": "jupyter-runtime",
}.items():
    os.environ[variable] = str(_HOME / folder)

import nbformat  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

from docsite import browser, claims, executor, ledger, pages, render  # noqa: E402

ROOT = pages.ROOT


SNIPPET_RUN = pytest.StashKey[subprocess.Popen]()
CLAIM_OUTCOMES: dict[str, str] = {}  # "tests/test_x.py::test_y" -> passed, failed or error
NOTEBOOK_RUNS = pytest.StashKey[dict]()  # tutorial -> Future of its notebook, executed
WANTS_NOTEBOOK_RUNS = pytest.StashKey[bool]()
PAGE_CHECKS = pytest.StashKey[object]()  # Future of {page: problems} (docsite/browser.py)
WANTS_PAGE_CHECKS = pytest.StashKey[bool]()


def run_order(item) -> int:
    """Long runs in other processes start early and are collected last: first the tests that
    need the build (the notebooks' fresh kernels start right after it), then the in-process
    tests, then the notebooks' results, then the fresh-interpreter snippets' results."""
    if item.path.name == "test_snippets.py":
        return 3
    if "notebook_run" in item.fixturenames or "page_check" in item.fixturenames:
        return 2
    return 0 if "built_site" in item.fixturenames else 1


@pytest.hookimpl(tryfirst=True)  # before -k deselects by keyword
def pytest_collection_modifyitems(items):
    """Run the tests in `run_order`, so that runs in other processes overlap with the rest;
    and let `-k <page>` pick every test of a page: its claims and the snippets it includes."""
    items.sort(key=run_order)
    cited_by = claims.pages_citing()
    included_by = pages.usage()
    for item in items:
        if item.path.name in ("test_snippets.py", "test_pages.py"):
            item.add_marker("code")  # runs the docs' code: make test-backends selects it
        name = f"{pages.rel(item.path)}::{item.originalname}"
        snippet = getattr(getattr(item, "callspec", None), "params", {}).get("snippet")
        for page in cited_by.get(name, set()) | included_by.get(snippet, set()):
            item.extra_keyword_matches.add(page)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing claim test names the sentences that stopped holding, page by page."""
    report = yield
    if report.failed and item.get_closest_marker("claim"):
        quoted = [f"{mark.args[0]}: {mark.args[1]}" for mark in item.iter_markers("claim")]
        report.sections.append(("the claim that stopped holding", "\n".join(quoted)))
    return report


def pytest_runtest_logreport(report):
    """Record each claim test's outcome (any failing phase fails it) for the claims ledger."""
    if "claim" not in report.keywords or (report.when != "call" and not report.failed):
        return
    test = "tests/" + report.nodeid.split("tests/", 1)[1].split("[")[0]
    outcome = report.outcome if report.when == "call" or report.skipped else "error"
    if report.skipped and ABOUT_BACKEND in str(report.longrepr):
        outcome = "about " + str(report.longrepr).split(ABOUT_BACKEND)[1].split("'")[0]
    if CLAIM_OUTCOMES.get(test) not in ("failed", "error"):
        CLAIM_OUTCOMES[test] = outcome


def pytest_sessionfinish(session):
    """Write this run's claim outcomes where the build reads them (docsite/ledger.py), under
    the Keras backend they ran on."""
    if CLAIM_OUTCOMES:
        import keras

        ledger.record(CLAIM_OUTCOMES, keras.backend.backend())


def start_snippet_run(config, snippets) -> None:
    """Start the fresh-interpreter run of `snippets` (tests/test_snippets.py collects its
    results), once: as its own process it overlaps with everything else, collection too."""
    if SNIPPET_RUN not in config.stash and snippets:
        config.stash[SNIPPET_RUN] = subprocess.Popen(
            [sys.executable, "-m", "docsite.executor", "--json", *sorted(snippets)],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        config.stash[SNIPPETS_STARTED] = set(snippets)


SNIPPETS_STARTED = pytest.StashKey[set]()


def pytest_sessionstart(session):
    """The whole suite, unfiltered, needs every snippet: start them before collection (which
    imports Keras in this process), instead of after it."""
    config = session.config
    given = {Path(arg).resolve() for arg in config.args}
    if config.args_source != pytest.Config.ArgsSource.ARGS or given == {ROOT / "tests"}:
        if not config.getoption("keyword") and not config.getoption("markexpr"):
            start_snippet_run(config, [pages.rel(path) for path in pages.snippets()])


def pytest_collection_finish(session):
    """Start the fresh-interpreter run of the selected snippets, if no earlier start did;
    and note whether the notebooks' kernels will be wanted (see built_site)."""
    snippets = {
        item.callspec.params["snippet"]
        for item in session.items
        if item.path.name == "test_snippets.py"
    }
    session.config.stash[WANTS_NOTEBOOK_RUNS] = any(
        "notebook_run" in item.fixturenames for item in session.items
    )
    session.config.stash[WANTS_PAGE_CHECKS] = any(
        "page_check" in item.fixturenames for item in session.items
    )
    started = session.config.stash.get(SNIPPETS_STARTED, set())
    assert snippets <= started or not started, f"snippets not started: {snippets - started}"
    start_snippet_run(session.config, snippets)


@pytest.fixture(scope="session")
def snippet():
    """`snippet("answer/autoencoder.py")`: the Run of that file, executed once per session.
    Treat its objects as read-only; use `executor.run_file` for a copy you may change."""
    cache = {}

    def get(name: str) -> executor.Run:
        if name not in cache:
            cache[name] = executor.run_file(ROOT / "snippets" / name)
        return cache[name]

    return get


@pytest.fixture
def stated(request):
    """`stated(name=value, ...)`: fill the fields of this claim test's quoted sentences
    (`@pytest.mark.claim(page, sentence)`) with what the test computed, and fail unless each
    filled sentence is, word for word, what its page says where it names this test."""
    test = f"{pages.rel(request.node.path)}::{request.node.originalname}"
    quotes = [tuple(mark.args) for mark in request.node.iter_markers("claim")]

    def check(**values) -> None:
        __tracebackhide__ = True
        try:
            claims.check_stated(test, quotes, values)
        except claims.ClaimMismatch as mismatch:
            failure = str(mismatch)
        else:
            return
        pytest.fail(failure, pytrace=False)

    return check


def outputs_are_tensorflows() -> None:
    """Proof of "The output above is TensorFlow's": the build refuses another backend (the
    hook raises before any page is rendered), and accepts TensorFlow or no choice at all."""
    from mkdocs.exceptions import PluginError

    from docsite import hooks

    assert render.BUILD_BACKEND == "tensorflow"
    for environ in ({}, {"KERAS_BACKEND": "tensorflow"}):
        render.check_build_backend(environ)
    # Negative control: JAX and PyTorch are refused, by the function and by the build's hook.
    for backend in ("jax", "torch"):
        with pytest.raises(render.RenderError, match=f"^KERAS_BACKEND={backend}: the pages"):
            render.check_build_backend({"KERAS_BACKEND": backend})
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("KERAS_BACKEND", "jax")
        with pytest.raises(PluginError, match="^KERAS_BACKEND=jax: the pages show TensorFlow's"):
            hooks.on_config(None)


def about_backend(name: str) -> None:
    """For a claim whose sentence is about one backend ("With TensorFlow as the backend,
    ..."): on another backend the claim does not apply, and the ledger says so. Any other
    claim must hold on every backend: no skips."""
    import keras

    if keras.backend.backend() != name:
        pytest.skip(f"{ABOUT_BACKEND}{name}")


ABOUT_BACKEND = "the sentence is about the backend "


def section(name: str, section_name: str) -> str:
    """The code of one named section of `snippets/<name>`."""
    return pages.section_code(ROOT / "snippets" / name, section_name)


def fresh(name: str) -> dict:
    """A new run of `snippets/<name>`, whose objects a test may change; its namespace.
    (The `snippet` fixture's cached runs are shared, so read-only.)"""
    return executor.run_file(ROOT / "snippets" / name).namespace


def run_sections(name: str, *parts: str) -> dict:
    """Run the named sections of `snippets/<name>`, in order, in one namespace, as a new
    program (Keras layer names and seeds reset); return the namespace, so a test can go on
    running further sections in it."""
    executor.reset()
    namespace = executor.fresh_namespace(name)
    for part in parts:
        executor.run(section(name, part), f"snippets/{name}:{part}", namespace)
    return namespace


def run_page(page: str) -> tuple[dict, str]:
    """Run the blocks of `docs/<page>` top to bottom in one namespace, as a new program, the
    way the build does; return the namespace and everything the blocks printed, so tests check
    what readers see."""
    executor.reset()
    namespace = executor.fresh_namespace(page)
    printed = [
        executor.run(block.code, f"{page}:{block.lineno}", namespace).stdout
        for block in pages.blocks(ROOT / "docs" / page)
    ]
    return namespace, "".join(printed)


def max_difference(a, b) -> float:
    """The largest absolute elementwise difference between two array-likes, tensors of any
    Keras backend included (a PyTorch tensor that requires grad has no plain __array__)."""
    import keras

    a, b = (keras.ops.convert_to_numpy(x) for x in (a, b))
    return float(np.abs(np.asarray(a) - np.asarray(b)).max())


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
        pages_ = browser.site_pages()
        request.config.stash[PAGE_CHECKS] = pool.submit(browser.check_pages, site_dir, pages_)
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


def summary_of(model) -> str:
    """What `model.summary()` prints."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        model.summary()
    return printed.getvalue()
