"""`make bench`: the figures the issues set targets for, measured in one run.

Prints one `name: value` line per figure, and each figure as soon as it is measured. Timings
are wall-clock on a shared machine: compare ratios within one run, not seconds across runs.
Every run gets its own empty output cache and claims folder, so nothing here depends on, or
changes, the project's own .cache.

The suite runs as `make test` runs it, on every core (pytest-xdist, `-n auto --dist
loadgroup`), and once more in one process (`-n 0`) pinned to one core with everything it
starts, for the speed-up (unpinned, one process already used a second core: TensorFlow's
threads, Chromium's processes, the background threads). Targets, in units of
`import_keras_s` (issue 16), each printed with whether it is met: the doc tests <= 6, the warm
suite <= 30, the cold suite <= 35, the one-page loop <= 2, the claim tests <= 20, a cold build
<= 10; Lighthouse performance >= 95 and the other three scores 100 (issue 8).
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


def timed(command: list[str], cwd: Path = ROOT, one_core: bool = False, **env: str) -> float:
    """Seconds `command` took; with `one_core`, it and every process it starts (Keras's
    threads, the build's page runners, Chromium) on one core of this machine."""
    environment = {k: v for k, v in os.environ.items() if k != "DOCSITE_CACHE_DIR"} | env
    pin = None
    if one_core:
        core = min(os.sched_getaffinity(0))
        pin = lambda: os.sched_setaffinity(0, {core})  # noqa: E731  (inherited by children)
        environment["DOCSITE_PROCESSES"] = "1"  # the build's page runners: one, as on 1 core
    start = time.perf_counter()
    result = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, env=environment, preexec_fn=pin
    )
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


TARGETS = {  # figure: the most it may be, in units of import_keras_s
    "doc_tests": 6,
    "suite_warm": 30,
    "suite_cold": 35,
    "page_loop": 2,
    "claims": 20,
    "build_cold": 10,
}
EVERY_CORE = ["-n", "auto", "--dist", "loadgroup"]
ZH_COST = 1.15  # the bilingual cold build over the English-only one


def ratio(figures: dict, name: str, seconds: float) -> None:
    """`<name>_s`, and `<name>_over_import`, with its target if it has one."""
    report(figures, f"{name}_s", seconds)
    over = figures[f"{name}_over_import"] = seconds / figures["import_keras_s"]
    target = TARGETS.get(name)
    verdict = "met" if target is None or over <= target else "NOT met"
    note = f"   (target <= {target}: {verdict})" if target is not None else ""
    print(f"{name}_over_import: {over:.2f}{note}", flush=True)


def suite_figures(figures: dict) -> None:
    """The suite and its parts, TensorFlow, each with an empty cache first."""
    report(figures, "import_keras_s", timed([PYTHON, "-c", "import keras"]))
    report(figures, "cores", os.cpu_count() or 1)
    with tempfile.TemporaryDirectory(prefix="keras-docs-bench-") as tmp:
        cold = {"DOCSITE_CACHE_DIR": f"{tmp}/doc-tests", "DOCSITE_CLAIMS_DIR": f"{tmp}/claims"}
        ratio(figures, "doc_tests", timed([PYTHON, *PYTEST, *EVERY_CORE, *DOC_TESTS], **cold))
        suite = {"DOCSITE_CACHE_DIR": f"{tmp}/suite", "DOCSITE_CLAIMS_DIR": f"{tmp}/claims"}
        ratio(figures, "suite_cold", timed([PYTHON, *PYTEST, *EVERY_CORE], **suite))
        ratio(figures, "suite_warm", timed([PYTHON, *PYTEST, *EVERY_CORE], **suite))
        one_core = timed([PYTHON, *PYTEST, "-n", "0"], one_core=True, **suite)
        ratio(figures, "suite_warm_one_core", one_core)
        report(figures, "speed_up", figures["suite_warm_one_core_s"] / figures["suite_warm_s"])
        ratio(figures, "page_loop", timed([PYTHON, *PYTEST, PAGE], **suite))
        ratio(figures, "claims", timed([PYTHON, *PYTEST, *EVERY_CORE, "-m", "claim"], **suite))


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
    build = [PYTHON, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"]
    # The English edition alone, cold, for what the Chinese one adds (no code runs twice).
    with tempfile.TemporaryDirectory(prefix="keras-docs-bench-") as tmp:
        english = timed(build, copy_project(Path(tmp)), DOCSITE_LANGUAGES="en")
        report(figures, "build_cold_english_only_s", english)
    with tempfile.TemporaryDirectory(prefix="keras-docs-bench-") as tmp:
        project = copy_project(Path(tmp))
        ratio(figures, "build_cold", timed(build, project))
        zh_cost = figures["build_cold_s"] / english
        verdict = "met" if zh_cost <= ZH_COST else "NOT met"
        report(figures, "build_cold_both_over_english_only", zh_cost)
        print(f"   (target <= {ZH_COST}: {verdict})", flush=True)
        page = project / "docs" / "reference" / "answer-corrected.md"
        page.write_text(page.read_text() + "\nOne more sentence of prose.\n")
        report(figures, "build_warm_s", timed(build, project))
        kb, name = page_kb_max(project / "site")
        report(figures, "page_kb_max", kb)
        report(figures, "page_kb_max_page", name)
        for key, value in lighthouse.measure(project / "site").items():
            report(figures, key, value)


def main() -> None:
    figures: dict = {}
    suite_figures(figures)
    backend_figures(figures)
    site_figures(figures)


if __name__ == "__main__":
    main()
