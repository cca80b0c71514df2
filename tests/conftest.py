"""Test glue: a private $HOME for Keras, matplotlib and Jupyter; cached snippet runs; one build."""

import os
import shutil
import subprocess
import sys
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

import pytest  # noqa: E402

from docsite import executor, pages, render  # noqa: E402

ROOT = pages.ROOT


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


def section(name: str, section_name: str) -> str:
    """The code of one named section of `snippets/<name>`."""
    return pages.section_code(ROOT / "snippets" / name, section_name)


def mkdocs_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=project,
        capture_output=True,
        text=True,
        env=os.environ | {"NO_MKDOCS_2_WARNING": "1"},
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    """One strict build of the real site, shared by the build tests and their guards."""
    site_dir = tmp_path_factory.mktemp("site")
    return mkdocs_build(ROOT, site_dir), site_dir


@pytest.fixture
def project(tmp_path):
    """A copy of the project to plant defects in; its output cache starts empty."""
    for item in ("docs", "snippets", "docsite"):
        shutil.copytree(ROOT / item, tmp_path / item, ignore=shutil.ignore_patterns("__pycache__"))
    for item in ("mkdocs.yml", "requirements.txt"):
        shutil.copy(ROOT / item, tmp_path / item)
    return tmp_path


def warm_cache(project: Path) -> None:
    """Give a project copy the real build's outputs, so a build of it runs only what changed.
    Call after the `built_site` fixture, which fills the cache."""
    shutil.copytree(render.cache_dir(ROOT), project / ".cache" / "outputs")
