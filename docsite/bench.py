"""`make bench`: the figures the issues set targets for, measured in one run.

Prints one `name: value` line per figure. Timings are wall-clock on a shared machine: compare
ratios within one run, not seconds across runs.
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


def timed(command: list[str], cwd: Path = ROOT, **env: str) -> float:
    environment = {k: v for k, v in os.environ.items() if k != "DOCSITE_CACHE_DIR"} | env
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=environment)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed:\n{result.stdout}{result.stderr}")
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


def main() -> None:
    figures = {}
    figures["import_keras_s"] = timed([PYTHON, "-c", "import keras"])
    with tempfile.TemporaryDirectory(prefix="keras-docs-bench-cache-") as empty_cache:
        # With an empty output cache, so every page's code really runs.
        figures["doc_tests_s"] = timed(
            [PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_snippets.py",
             "tests/test_pages.py"],
            DOCSITE_CACHE_DIR=empty_cache,
        )  # fmt: skip
    figures["doc_tests_over_import"] = figures["doc_tests_s"] / figures["import_keras_s"]
    with tempfile.TemporaryDirectory(prefix="keras-docs-bench-") as tmp:
        project = copy_project(Path(tmp))
        build = [PYTHON, "-m", "mkdocs", "build", "--strict", "--site-dir", str(project / "site")]
        figures["build_cold_s"] = timed(build, project)
        page = project / "docs" / "reference" / "answer-corrected.md"
        page.write_text(page.read_text() + "\nOne more sentence of prose.\n")
        figures["build_warm_s"] = timed(build, project)
        kb, name = page_kb_max(project / "site")
        figures["page_kb_max"] = kb
        # Targets (issue 8): performance >= 95, accessibility, best practices and SEO 100.
        figures |= lighthouse.measure(project / "site")
    for name_, value in figures.items():
        print(f"{name_}: {value:.2f}" if isinstance(value, float) else f"{name_}: {value}")
    print(f"page_kb_max_page: {name}")


if __name__ == "__main__":
    main()
