"""`make bench`: the figures the issues set targets for, measured in one run.

Prints one `name: value` line per figure, and each figure as soon as it is measured. Timings
are wall-clock on a shared machine: compare ratios within one run, not seconds across runs.
Every run gets its own empty output cache and claims folder, so nothing here depends on, or
changes, the project's own .cache.

Targets: doc_tests_over_import <= 3, suite_warm_over_import <= 12, page_loop_over_import <= 2
(issue 10); Lighthouse performance >= 95 and the other three scores 100 (issue 8).

Beside the first two, their floors: how fast each could be if nothing ran twice and the
machine's cores shared the work perfectly, measured from the work neither can skip.
- The doc tests must run every page's code once (with a cold cache nothing is recorded):
  `pages_once_s` times exactly that, in one process, no pytest. Floor: one `import keras`
  per core, plus that work split evenly over the cores.
- The suite must run its claim tests: they check live objects (identity, weights, exact
  exceptions), so a recorded result cannot stand in for them. `claims_s` times them alone
  (`pytest -m claim`, one process, with its own import). Floor: the same, split evenly.
A floor above its target means no reorganisation of the suite meets that target on this
machine; only removing or shrinking what the pages run or what the claims check would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docsite import lighthouse, pages

ROOT = pages.ROOT
PYTHON = sys.executable
BACKENDS_PYTHON = ROOT / ".venv-backends" / "bin" / "python"
DOC_TESTS = ["tests/test_snippets.py", "tests/test_pages.py"]
PAGE = "docs/how-to/share-a-layer.md"  # the one-page loop the issue measures
PYTEST = ["-m", "pytest", "-q", "-p", "no:cacheprovider"]


def timed(command: list[str], cwd: Path = ROOT, **env: str) -> float:
    environment = {k: v for k, v in os.environ.items() if k != "DOCSITE_CACHE_DIR"} | env
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=environment)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed:\n{result.stdout[-3000:]}{result.stderr}")
    return elapsed


def copy_project(into: Path) -> Path:
    for item in ("docs", "snippets", "docsite", "overrides", "tests"):
        shutil.copytree(ROOT / item, into / item, ignore=shutil.ignore_patterns("__pycache__"))
    (into / "node_modules").symlink_to(ROOT / "node_modules")
    for item in ("mkdocs.yml", "requirements.txt", "pyproject.toml"):
        shutil.copy(ROOT / item, into / item)
    return into


def page_kb_max(site: Path) -> tuple[float, str]:
    """The largest page counted with the images it has next to it (its own folder)."""
    sizes = {}
    for html in site.rglob("index.html"):
        own = [html] + [p for p in html.parent.iterdir() if p.suffix in {".svg", ".png"}]
        sizes[html.parent.relative_to(site).as_posix() or "/"] = sum(p.stat().st_size for p in own)
    name = max(sizes, key=sizes.get)
    return sizes[name] / 1024, name


def report(figures: dict, name: str, value) -> None:
    figures[name] = value
    print(f"{name}: {value:.2f}" if isinstance(value, float) else f"{name}: {value}", flush=True)


def suite_figures(figures: dict) -> None:
    """The suite and its parts, TensorFlow, each with an empty cache first."""
    report(figures, "import_keras_s", timed([PYTHON, "-c", "import keras"]))
    importing = figures["import_keras_s"]
    with tempfile.TemporaryDirectory(prefix="keras-docs-bench-") as tmp:
        cold = {"DOCSITE_CACHE_DIR": f"{tmp}/doc-tests", "DOCSITE_CLAIMS_DIR": f"{tmp}/claims"}
        report(figures, "doc_tests_s", timed([PYTHON, *PYTEST, *DOC_TESTS], **cold))
        report(figures, "doc_tests_over_import", figures["doc_tests_s"] / importing)
        suite = {"DOCSITE_CACHE_DIR": f"{tmp}/suite", "DOCSITE_CLAIMS_DIR": f"{tmp}/claims"}
        report(figures, "suite_cold_s", timed([PYTHON, *PYTEST], **suite))
        report(figures, "suite_cold_over_import", figures["suite_cold_s"] / importing)
        report(figures, "suite_warm_s", timed([PYTHON, *PYTEST], **suite))  # cache now full
        report(figures, "suite_warm_over_import", figures["suite_warm_s"] / importing)
        report(figures, "page_loop_s", timed([PYTHON, *PYTEST, PAGE], **suite))
        report(figures, "page_loop_over_import", figures["page_loop_s"] / importing)
        floor_figures(figures, suite)


def floor_figures(figures: dict, suite: dict) -> None:
    """The floors of doc_tests_over_import and suite_warm_over_import (see the module's doc)."""
    importing, cores = figures["import_keras_s"], os.cpu_count() or 1
    report(figures, "cores", cores)
    once = subprocess.run(
        [PYTHON, "-m", "docsite.bench", "--pages-once"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if k != "DOCSITE_CACHE_DIR"},
        check=True,
    )
    report(figures, "pages_once_s", float(once.stdout.split()[-1]))
    report(figures, "pages_once_over_import", figures["pages_once_s"] / importing)
    floor = (importing + figures["pages_once_s"] / cores) / importing
    report(figures, "doc_tests_floor_over_import", floor)
    report(figures, "claims_s", timed([PYTHON, *PYTEST, "-m", "claim"], **suite))
    report(figures, "claims_over_import", figures["claims_s"] / importing)
    floor = (importing + (figures["claims_s"] - importing) / cores) / importing
    report(figures, "suite_warm_floor_over_import", floor)


def pages_once() -> float:
    """Seconds to run each page's code once, top to bottom, as the build does (no cache, no
    pytest); Keras already imported."""
    import keras  # noqa: F401  (the import is not part of the figure)
    from mkdocs.utils.meta import get_data

    from docsite import render

    start = time.perf_counter()
    for page in pages.pages():
        raw = page.read_text(encoding="utf-8")
        body, _meta = get_data(raw)
        render.execute(page, ROOT, render.fences(page, ROOT, body))
    return time.perf_counter() - start


def backend_figures(figures: dict) -> None:
    """The doc tests on JAX and PyTorch (make test-backends builds .venv-backends), each with
    its own `import keras` for the ratio."""
    if not BACKENDS_PYTHON.is_file():
        print("doc_tests_jax_s, doc_tests_torch_s: skipped (run make test-backends first)")
        return
    for backend in ("jax", "torch"):
        with tempfile.TemporaryDirectory(prefix="keras-docs-bench-") as tmp:
            env = {"KERAS_BACKEND": backend, "DOCSITE_CACHE_DIR": tmp, "DOCSITE_CLAIMS_DIR": tmp}
            importing = timed([str(BACKENDS_PYTHON), "-c", "import keras"], **env)
            report(figures, f"import_keras_{backend}_s", importing)
            seconds = timed([str(BACKENDS_PYTHON), *PYTEST, *DOC_TESTS], **env)
            report(figures, f"doc_tests_{backend}_s", seconds)
            report(figures, f"doc_tests_{backend}_over_import", seconds / importing)


def site_figures(figures: dict) -> None:
    with tempfile.TemporaryDirectory(prefix="keras-docs-bench-") as tmp:
        project = copy_project(Path(tmp))
        build = [PYTHON, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "site")]
        report(figures, "build_cold_s", timed(build, project))
        page = project / "docs" / "reference" / "answer-corrected.md"
        page.write_text(page.read_text() + "\nOne more sentence of prose.\n")
        report(figures, "build_warm_s", timed(build, project))
        kb, name = page_kb_max(project / "site")
        report(figures, "page_kb_max", kb)
        report(figures, "page_kb_max_page", name)
        for key, value in lighthouse.measure(project / "site").items():
            report(figures, key, value)


def main() -> None:
    if sys.argv[1:] == ["--pages-once"]:
        print(f"pages_once_s: {pages_once():.2f}")
        return
    figures: dict = {}
    suite_figures(figures)
    backend_figures(figures)
    site_figures(figures)


if __name__ == "__main__":
    main()
