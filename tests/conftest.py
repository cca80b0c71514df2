"""Test glue: a private $HOME for Keras, matplotlib and Jupyter; cached snippet runs; one build."""

import ast
import contextlib
import io
import os
import tempfile
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

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import worker_groups  # noqa: E402
from site_fixtures import (  # noqa: E402, F401  (fixtures and helpers for the tests)
    WANTS_NOTEBOOK_RUNS,
    WANTS_PAGE_CHECKS,
    base_url,
    browser,
    built_site,
    mkdocs_build,
    notebook_run,
    notebook_runs,
    page_check,
    page_checks,
    project,
    site,
    tab,
    warm_cache,
)

from docsite import claims, executor, ledger, pages, prerender, render  # noqa: E402

ROOT = pages.ROOT


CLAIM_OUTCOMES: dict[str, str] = {}  # "tests/test_x.py::test_y" -> passed, failed or error


def run_order(item) -> int:
    """The tests of the built site first (its build, and the background work its groups start,
    come first), then the others, then the tests that collect the background work's results."""
    if "notebook_run" in item.fixturenames or "page_check" in item.fixturenames:
        return 2
    return 0 if "built_site" in item.fixturenames else 1


def worker_group(item) -> str | None:
    return worker_groups.group_of(item.nodeid)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """`--dist loadgroup` with the groups of tests/worker_groups.py (pytest-xdist's own
    loadgroup no longer groups under pytest 9.2)."""
    if config.getvalue("dist") == "loadgroup":
        return worker_groups.GroupScheduling(config, log)
    return None


@pytest.fixture(autouse=True)
def background_work(request):
    """Start a group's slow background work when its first test runs on a worker, so that it
    overlaps the group's other tests: the browser's visits of every page for the browser group,
    the notebooks' kernels for the site group; only if a test of this run reads them, and only
    from a build that passed (a failed build fails the tests that read the site, not the group's
    other tests, such as the guards on planted copies)."""
    wanted = {
        "browser": (WANTS_PAGE_CHECKS, "page_checks"),
        "site": (WANTS_NOTEBOOK_RUNS, "notebook_runs"),
    }.get(worker_group(request.node))
    if wanted and request.config.stash.get(wanted[0], False):
        result, _site_dir = request.getfixturevalue("built_site")
        if result.returncode == 0:
            request.getfixturevalue(wanted[1])


@pytest.hookimpl(tryfirst=True)  # before -k deselects by keyword
def pytest_collection_modifyitems(items):
    """Run the tests in `run_order`, grouped for the workers; and let `-k <page>` pick every
    test of a page: its claims and the snippets it includes."""
    items.sort(key=run_order)
    cited_by = claims.pages_citing()
    included_by = pages.usage()
    for item in items:
        if item.path.name in ("test_snippets.py", "test_pages.py"):
            item.add_marker("code")  # runs the docs' code: make test-backends selects it
        if problems := worker_groups.misplaced(item.nodeid, item.fixturenames):
            raise pytest.UsageError("\n".join(problems))
        name = f"{pages.rel(item.path)}::{item.originalname}"
        snippet = getattr(getattr(item, "callspec", None), "params", {}).get("name")
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
    the Keras backend they ran on: once, from the process that saw every test's report (with
    pytest-xdist, the controller; its workers report to it)."""
    if CLAIM_OUTCOMES and not hasattr(session.config, "workerinput"):
        ledger.record(CLAIM_OUTCOMES, os.environ.get("KERAS_BACKEND", "tensorflow"))


def pytest_collection_finish(session):
    """Note whether the notebooks' kernels and the browser's visits will be wanted (see
    `background_work`)."""
    session.config.stash[WANTS_NOTEBOOK_RUNS] = any(
        "notebook_run" in item.fixturenames for item in session.items
    )
    session.config.stash[WANTS_PAGE_CHECKS] = any(
        "page_check" in item.fixturenames for item in session.items
    )


TEST_SEED = 1  # not the snippets' (executor.SEED = 0): see `seeded`


@pytest.fixture(autouse=True)
def seeded():
    """Every test starts from the same seed, so that its random draws (a clone's new weights,
    its own data) do not depend on which tests ran before it in the same process, which
    pytest-xdist's workers and `-k` choose differently from run to run. Not the snippets'
    seed: a clone made first thing in a test would draw the very starting weights of the
    snippet's model it should differ from."""
    import keras

    keras.utils.set_random_seed(TEST_SEED)


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


@pytest.fixture
def printed():
    """`printed("docs/<page>.md", "snippets/<topic>/<idea>.py:<section>")`: what the page's
    block that includes that file or section printed, exactly as its Output box shows it (the
    build's cached run, or the same run made now). A sentence about what a block prints is
    proven by reading this, not only by objects the test makes itself."""

    def get(page: str, source: str) -> str:
        return prerender.printed(ROOT / page, source)

    return get


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


BACKENDS = ("tensorflow", "jax", "torch")  # what `make test-backends` runs the claims on


def a_row_per_backend(page: str, test: str, backends=BACKENDS) -> None:
    """Proof of "the table gives each backend's ...": for each backend, `test` with the
    backend's name filled in ("tests/test_x.py::test_numbers_with_{backend}") is a claim the
    page cites, and it checks that backend alone (its first line is `about_backend(name)`)."""
    cited = claims.pages_citing()
    for backend in backends:
        name = test.format(backend=backend)
        assert page in cited.get(name, set()), f"{page} cites no {name}"
        file, function = name.split("::")
        tree = ast.parse((ROOT / file).read_text(encoding="utf-8"))
        (found,) = [n for n in tree.body if getattr(n, "name", None) == function]
        assert ast.unparse(found.body[0]) == f"about_backend({backend!r})", name


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


# Float32 rounding. The same computation done another way (NumPy's matrix product against the
# backend's, eager calls against predict, one batch size against another) sums in another
# order, and a sum rounded in another order differs by a few units in the last place of the
# values it adds up: the difference grows with the values, and training grows them. So
# "equal" means a difference of at most RTOL = 1e-6 (about 8 float32 epsilons) times the
# largest magnitude compared, never a fixed absolute bound (one held at 1e-6 on PyTorch until
# training pushed an activation's rounding to 1.43e-6). A negative control must miss by far
# more: FAR times that.
RTOL = 1e-6
FAR = 1e3


def largest(*arrays) -> float:
    """The largest magnitude among the values compared."""
    import keras

    return max(float(np.abs(keras.ops.convert_to_numpy(a)).max()) for a in arrays)


def rounding_apart(a, b, rtol: float = RTOL) -> bool:
    """Whether `a` and `b` differ by no more than float32 rounding: see RTOL."""
    return max_difference(a, b) <= rtol * largest(a, b)


def far_apart(a, b, rtol: float = RTOL) -> bool:
    """Whether `a` and `b` differ by far more than float32 rounding (negative controls)."""
    return max_difference(a, b) > FAR * rtol * largest(a, b)


def summary_of(model) -> str:
    """What `model.summary()` prints."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        model.summary()
    return printed.getvalue()
