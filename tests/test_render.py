"""Build-time outputs, figures, diagrams and notebooks (docsite/render.py, docsite/notebooks.py)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, warm_cache
from docsite import executor, notebooks, pages, prerender, render

TUTORIALS = sorted(p.stem for p in pages.pages(ROOT) if p.parent.name == "tutorials")
# Pages and the models each must show a diagram of (issue: every model family the site builds).
DIAGRAMS = {
    "tutorials/first-sequential-model": 1,
    "tutorials/first-functional-model": 1,
    "tutorials/autoencoder": 3,  # autoencoder, encoder, decoder
    "explanation/same-network-two-apis": 2,  # the Sequential chain and its Functional twin
    "how-to/multiple-inputs-outputs": 1,
    "how-to/residual-block": 1,
    "how-to/share-a-layer": 1,
}
NOISE = ["oneDNN", "absl::", "I0000 ", "cuda", "TF_ENABLE_ONEDNN_OPTS"]


def html(site_dir, page):
    return (site_dir / page / "index.html").read_text(encoding="utf-8")


def test_printed_output_is_shown_under_its_code(built_site):
    result, site_dir = built_site
    assert result.returncode == 0, result.stderr
    page = html(site_dir, "reference/answer-corrected")
    outputs = re.findall(r'<span class="filename">Output</span><pre>.*?</pre>', page, re.S)
    assert any("largest difference between the two reconstructions: 0.0" in o for o in outputs)
    assert sum("25,120 parameters" in o for o in outputs) == 2


def test_no_tensorflow_log_noise_reaches_a_page(built_site):
    _, site_dir = built_site
    noisy = [
        f"{path.relative_to(site_dir)}: {word}"
        for path in site_dir.rglob("*.html")
        for word in NOISE
        if word in path.read_text(encoding="utf-8")
    ]
    assert noisy == []


@pytest.mark.parametrize("page, count", DIAGRAMS.items())
def test_model_diagrams_are_generated(built_site, page, count):
    _, site_dir = built_site
    images = re.findall(
        r'<figure class="doc-diagram"><a href="([^"]+)"><img src="([^"]+)" alt="([^"]+)"',
        html(site_dir, page),
    )
    assert len(images) >= count
    for link, src, alt in images:
        assert link == src  # selecting the diagram opens it on its own, to zoom on a phone
        assert (site_dir / page / src).read_text().lstrip().startswith("<?xml"), src
        assert alt.startswith("Diagram of the Keras model ")


def test_autoencoder_tutorial_has_its_three_figures_with_alt_text(built_site):
    _, site_dir = built_site
    figures = re.findall(
        r'<figure class="doc-figure"><a href="[^"]+"><img src="([^"]+)" alt="([^"]*)"',
        html(site_dir, "tutorials/autoencoder"),
    )
    assert len(figures) == 3
    for src, alt in figures:
        assert len(alt.split()) >= 5, f"alt text too thin: {alt!r}"
        assert (site_dir / "tutorials/autoencoder" / src).stat().st_size > 1000


@pytest.mark.parametrize("tutorial", TUTORIALS)
def test_each_tutorial_is_a_notebook_page_with_download_and_colab_links(built_site, tutorial):
    _, site_dir = built_site
    folder = site_dir / "tutorials" / f"{tutorial}-notebook"
    page = (folder / "index.html").read_text(encoding="utf-8")
    name = f"{tutorial}-notebook.ipynb"
    assert f'href="{name}"' in page
    assert (
        'href="https://colab.research.google.com/github/keras-two-apis/keras-two-apis/blob/'
        f'gh-pages/tutorials/{tutorial}-notebook/{name}"' in page
    )
    notebook = json.loads((folder / name).read_text(encoding="utf-8"))
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    assert code and all(cell["outputs"] is not None for cell in code)


@pytest.mark.parametrize("tutorial", TUTORIALS)
def test_a_downloaded_notebook_runs_top_to_bottom_in_a_fresh_kernel(notebook_run, tutorial):
    notebook = notebook_run(tutorial)  # raises CellExecutionError naming the cell on any error
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    printed = "".join(output.get("text", "") for cell in code for output in cell.outputs)
    assert "Traceback" not in printed
    # Every cell ran: the setup cell (which installs only on Colab) and the tutorial's code.
    assert all(cell.execution_count for cell in code)


def rendered(project):
    page = project / "docs" / "reference" / "answer-corrected.md"
    return render.render(page, project, page.read_text(encoding="utf-8"), {}, "reference")


def test_an_edited_snippet_is_run_again_and_a_prose_edit_is_not(project, site):
    warm_cache(project)  # the real (passing) build's outputs: the page as it is runs nothing
    cache = project / ".cache" / "outputs"  # a page's outputs: <key>.json (and <key>.lock)
    cached = set(cache.glob("*.json"))
    before = rendered(project)
    assert set(cache.glob("*.json")) == cached  # served from the cache
    page = project / "docs" / "reference" / "answer-corrected.md"
    page.write_text(page.read_text() + "\nA new sentence of prose.\n")
    assert "25,120 parameters" in rendered(project)
    assert set(cache.glob("*.json")) == cached  # prose only: same key, output from the cache
    snippet = project / "snippets" / "answer" / "functional_definition.py"
    snippet.write_text(
        snippet.read_text().replace('f"{model.count_params():,} parameters"', '"edited"')
    )
    after = rendered(project)
    assert len(set(cache.glob("*.json")) - cached) == 1  # new code, new key: run again
    # The Functional tab's output (indented in its tab) changed; the Sequential tab's did not.
    assert before.count("\n    25,120 parameters\n") == 2
    assert after.count("\n    25,120 parameters\n") == 1
    assert "\n    edited\n" in after


def test_a_figure_without_alt_text_fails_naming_the_page(project):
    (project / "snippets" / "answer" / "plot.py").write_text(
        "import matplotlib.pyplot as plt\n\nplt.plot([0, 1])\nplt.show()\n"
    )
    page = project / "docs" / "planted.md"
    page.write_text('# Planted\n\n```python\n--8<-- "snippets/answer/plot.py"\n```\n')
    with pytest.raises(
        render.RenderError, match=r"^docs/planted.md:3: the code draws 1 figure\(s\) but 0"
    ):
        render.render(page, project, page.read_text(), {}, "planted")


def test_a_raising_cell_fails_the_build_naming_the_notebook_and_cell(project):
    # The notebook is made as the build's on_files hook makes it; the hook turns this error
    # into a failed strict build, through the same except clause as a missing include
    # (tests/test_guards.py builds one). No build here: it would cost a whole mkdocs run.
    (project / "snippets" / "answer" / "raises.py").write_text(
        "raise ValueError('planted failure')\n"
    )
    page = project / "docs" / "tutorials" / "planted.md"
    page.write_text(
        "# Planted\n\nFirst.\n\n"
        '```python\n--8<-- "snippets/answer/sequential_definition.py"\n```\n\n'
        'Then.\n\n```python\n--8<-- "snippets/answer/raises.py"\n```\n'
    )
    with pytest.raises(render.RenderError) as raised:
        notebooks.build(page, project, "", "")
    assert str(raised.value) == (
        "notebook tutorials/planted-notebook.ipynb, cell 7 (code cell 3): "
        "snippets/answer/raises.py, line 1 raised ValueError: planted failure\n"
        "  seen by readers on: docs/tutorials/planted.md:11"
    )


def test_notebook_markdown_is_plain_jupyter_markdown():
    cell = notebooks.markdown_cell(
        [
            "Intro <!-- claim: tests/x.py::y -->",
            '!!! note "Why"',
            "    Because.",
            '=== "Sequential"',
            "    In a tab.",
            '??? note "On JAX and PyTorch"',
            "    | backend | accuracy |",
            "    | --- | --- |",
            "See [the page](../how-to/residual-block.md#steps).",
        ],
        "https://example.org/",
        pages.ROOT / "docs/tutorials/x.md",
    )
    assert cell["source"].split("\n") == [
        "Intro ",
        "> **Why**",
        "> Because.",
        "**Sequential**",
        "In a tab.",
        # A collapsed box stays collapsed: Jupyter and Colab render <details>, with the
        # Markdown inside it (blank lines around it).
        "<details><summary>On JAX and PyTorch</summary>",
        "",
        "| backend | accuracy |",
        "| --- | --- |",
        "",
        "</details>",
        "",
        "See [the page](https://example.org/how-to/residual-block/#steps).",
    ]


COUNTING = """import time
from pathlib import Path

with open(Path("{counter}"), "a") as runs:
    runs.write("{name}\\n")
time.sleep(1)  # long enough for the other process to want the page too
print("ran")
"""


def plant_counting_pages(project, names) -> Path:
    """Pages each of whose one block records its run in a file: how often did each run?"""
    counter = project / "runs.txt"
    for name in names:
        snippet = project / "snippets" / "planted" / f"{name}.py"
        snippet.parent.mkdir(exist_ok=True)
        snippet.write_text(COUNTING.format(counter=counter, name=name), encoding="utf-8")
        fence = f'```python\n--8<-- "snippets/planted/{name}.py"\n```\n'
        page = project / "docs" / "how-to" / f"{name}.md"
        page.write_text(f"---\ndescription: planted\n---\n\n# {name}\n\n{fence}", encoding="utf-8")
    return counter


def test_a_page_two_processes_want_at_once_runs_once(project):
    """render.outputs locks a page while it runs: the build's page runners and the test workers
    reading what a block printed never run the same page twice."""
    counter = plant_counting_pages(project, ["counted"])
    code = (
        "from pathlib import Path; from docsite import render; "
        f"page = Path({str(project / 'docs/how-to/counted.md')!r}); root = Path({str(project)!r}); "
        "print(render.outputs(page, root, render.fences(page, root, page.read_text()))[0].stdout)"
    )
    env = os.environ | {"DOCSITE_CACHE_DIR": str(project / ".cache" / "outputs")}
    both = [
        subprocess.Popen(
            [sys.executable, "-c", code],
            cwd=project,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )  # fmt: skip
        for _ in range(2)
    ]
    outputs = [process.communicate() for process in both]
    assert [process.returncode for process in both] == [0, 0], outputs
    assert [stdout for stdout, _ in outputs] == ["ran\n\n", "ran\n\n"]  # both got the output
    assert counter.read_text().split() == ["counted"]  # run once


def test_the_build_runs_the_uncached_pages_on_every_core_once_each(project, monkeypatch):
    monkeypatch.setenv("DOCSITE_CACHE_DIR", str(project / ".cache" / "outputs"))
    counter = plant_counting_pages(project, ["first", "second", "third"])
    for page in project.glob("docs/**/*.md"):  # only the planted pages wait
        if page.stem not in ("first", "second", "third"):
            page.unlink()
    assert [page.stem for page in prerender.uncached(project)] == ["first", "second", "third"]
    ran = prerender.prerender(project, workers=2)
    assert sorted(ran) == [f"docs/how-to/{name}.md" for name in ("first", "second", "third")]
    assert sorted(counter.read_text().split()) == ["first", "second", "third"]  # once each
    assert prerender.uncached(project) == []
    # Negative control: nothing waits, nothing runs.
    assert prerender.prerender(project, workers=2) == []
    assert len(counter.read_text().split()) == 3


def test_a_program_naming_no_framework_draws_what_keras_seeds_without_importing_it(tmp_path):
    """executor.reset(code): the planted pages above run in fresh processes without importing
    Keras, and draw exactly what they would after `keras.utils.set_random_seed`."""
    draw = "import random\n\nimport numpy as np\n\nprint(random.random(), np.random.rand())\n"
    probe = (
        "import sys\nfrom docsite import executor\n"
        "print(executor.run(sys.argv[1], 'planted.py').stdout, end='')\n"
        "print(sys.modules.get('keras'))\n"
    )

    def fresh(code, **env):
        command = [sys.executable, "-c", probe, code]
        run = subprocess.run(
            command, capture_output=True, text=True, cwd=ROOT, env=os.environ | env
        )
        assert run.returncode == 0, run.stderr
        return run.stdout.splitlines()

    draws, keras_module = fresh(draw)
    assert keras_module == "None"
    executor.reset()  # Keras's own seeding, in this process (which has imported Keras)
    ours = executor.run(draw, "planted.py", executor.fresh_namespace("planted.py")).stdout
    assert draws == ours.strip()
    # Negative control: a program that names Keras gets Keras (a stand-in here, which says
    # when it seeds, so that no Keras import is paid for the control).
    stand_in = tmp_path / "keras"
    stand_in.mkdir()
    (stand_in / "__init__.py").write_text(
        "from types import SimpleNamespace\n"
        "backend = SimpleNamespace(clear_session=lambda **_: None)\n"
        "utils = SimpleNamespace(set_random_seed=lambda seed: print('keras seeded', seed))\n"
    )
    named = fresh("# with keras\n" + draw, PYTHONPATH=str(tmp_path))
    assert named[0] == "keras seeded 0" and named[-1].startswith("<module 'keras' from")
