"""Claims of docs/how-to/draw-a-model.md (snippets/drawing/)."""

import ast
import inspect
import os
import re
import shutil
import subprocess
import sys
import textwrap
from importlib import metadata

import keras
import pytest

from conftest import ROOT, section, summary_of
from docsite import render

PAGE = "docs/how-to/draw-a-model.md"
FILE = "drawing/draw.py"
VISUALIZATION = "keras.src.utils.model_visualization"
MAGICS = "IPython.core.magics.namespace"  # what plot_model looks for to detect IPython


def model_of(snippet):
    return snippet(FILE).namespace["model"]


def boxes(svg):
    return svg.count('class="node"')


def error_of(call):
    with pytest.raises(Exception) as caught:
        call()
    return caught.value


def shown(error):
    return f"{type(error).__name__}: {error}"


@pytest.mark.claim(
    PAGE,
    'Short answer: `keras.utils.plot_model(model, "model.png", show_shapes=True, '
    "show_layer_names=True)` draws `model`, with its layers' names and shapes, into the PNG file "
    "`model.png`.",
)
def test_the_short_answer_draws_a_png_file(snippet, tmp_path, monkeypatch):
    model = model_of(snippet)
    monkeypatch.chdir(tmp_path)
    keras.utils.plot_model(model, "model.png", show_shapes=True, show_layer_names=True)
    assert os.listdir(tmp_path) == ["model.png"]
    assert (tmp_path / "model.png").read_bytes().startswith(b"\x89PNG")
    # The drawing of that model, with its names and shapes: the same file as the options
    # spelled out.
    keras.utils.plot_model(model, to_file="spelled.png", show_shapes=True, show_layer_names=True)
    assert (tmp_path / "spelled.png").read_bytes() == (tmp_path / "model.png").read_bytes()
    # Negative controls: without show_shapes, or without show_layer_names, another drawing.
    keras.utils.plot_model(model, "plain.png", show_layer_names=True)
    keras.utils.plot_model(model, "nameless.png", show_shapes=True)
    for other in ("plain.png", "nameless.png"):
        assert (tmp_path / other).read_bytes() != (tmp_path / "model.png").read_bytes()


@pytest.mark.claim(
    PAGE,
    "It needs two things that installing Keras does not bring: the Python package pydot (`pip "
    "install pydot`) and Graphviz's `dot` program, from your system's package manager (on "
    "Debian, `sudo apt-get install graphviz`).",
)
def test_drawing_needs_pydot_and_graphviz_which_keras_does_not_install():
    requires = [re.split(r"[\s;<>=!~\[]", r)[0].lower() for r in metadata.requires("keras")]
    assert "pydot" not in requires and "graphviz" not in requires
    assert metadata.version("pydot")  # installed here, from requirements.txt
    dot = shutil.which("dot")
    assert dot is not None
    if shutil.which("dpkg"):  # Debian's package database, where there is one
        owner = subprocess.run(["dpkg", "-S", dot], capture_output=True)
        assert owner.stdout.decode().startswith("graphviz:")
    # Negative control: a requirement Keras does declare is found by the same parsing.
    assert "numpy" in requires


@pytest.mark.claim(
    PAGE,
    "Without pydot, `keras.utils.plot_model` raises `` {plot_model} ``, and "
    "`keras.utils.model_to_dot` raises the same error, naming itself: `` {model_to_dot} ``",
)
def test_without_pydot_both_raise_import_error(snippet, monkeypatch, tmp_path, stated):
    model = model_of(snippet)
    monkeypatch.setattr(f"{VISUALIZATION}.pydot", None)
    monkeypatch.delitem(sys.modules, MAGICS, raising=False)
    path = tmp_path / "model.png"
    plotting = error_of(lambda: keras.utils.plot_model(model, to_file=path))
    building = error_of(lambda: keras.utils.model_to_dot(model))
    assert type(plotting) is ImportError and type(building) is ImportError
    assert not path.exists()
    stated(plot_model=shown(plotting), model_to_dot=shown(building))
    # Negative control: with pydot back, the same calls work.
    monkeypatch.undo()
    keras.utils.plot_model(model, to_file=path)
    assert path.exists()


@pytest.mark.claim(
    PAGE,
    "With pydot but no `dot` program on the `PATH`, `plot_model` raises `` {message} `` and "
    "writes no file. `model_to_dot` needs `dot` only to draw the graph it builds: its "
    "`create_svg()` then raises `FileNotFoundError`.",
)
def test_without_graphviz_plot_model_raises_and_create_svg_fails(
    snippet, monkeypatch, tmp_path, stated
):
    model = model_of(snippet)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    monkeypatch.delitem(sys.modules, MAGICS, raising=False)
    assert shutil.which("dot") is None
    path = tmp_path / "model.png"
    error = error_of(lambda: keras.utils.plot_model(model, to_file=path))
    assert type(error) is ImportError and not path.exists()
    assert os.listdir(tmp_path) == []
    graph = keras.utils.model_to_dot(model, expand_nested=True)
    assert len(graph.get_subgraphs()) == 1  # built, the encoder's frame included
    assert type(error_of(graph.create_svg)) is FileNotFoundError
    stated(message=shown(error))
    # Negative control: with `dot` back on the PATH, the same graph draws.
    monkeypatch.undo()
    assert graph.create_svg().startswith(b"<?xml")


JUPYTER_CELLS = [
    """import sys
import keras
import keras.src.utils.model_visualization as visualization

visualization.pydot = None  # as without pydot
inputs = keras.Input(shape=(4,))
model = keras.Model(inputs, keras.layers.Dense(1)(inputs))
print("loaded:", "IPython.core.magics.namespace" in sys.modules)
try:
    print("returned:", keras.utils.plot_model(model, to_file="never.png"))
except ImportError as error:
    print(f"{type(error).__name__}: {error}")""",
    """%who_ls
print("loaded:", "IPython.core.magics.namespace" in sys.modules)
print("returned:", keras.utils.plot_model(model, to_file="never.png"))
try:
    keras.utils.model_to_dot(model)
except ImportError as error:
    print(f"model_to_dot: {type(error).__name__}")""",
]


@pytest.mark.claim(
    PAGE,
    "In IPython and Jupyter, `plot_model` is meant to print its {messages:w} messages and return "
    "`None` instead of raising (`model_to_dot` raises everywhere), and it tells them apart by "
    "whether the module `{module}` is loaded. The IPython this site installs loads that module "
    "only once a namespace magic such as `%who_ls` has run, so in a new Jupyter kernel "
    "`plot_model` raises as it does anywhere else; after `%who_ls`, it prints the message and "
    "returns `None`.",
)
def test_in_jupyter_plot_model_raises_until_a_namespace_magic_runs(snippet, tmp_path, stated):
    import inspect

    import nbclient
    import nbformat

    source = inspect.getsource(keras.utils.plot_model)
    messages = source.count(f'if "{MAGICS}" in sys.modules:')
    assert messages == 2  # the pydot and graphviz checks
    # model_to_dot has no such check: it raises everywhere.
    assert MAGICS not in inspect.getsource(keras.utils.model_to_dot)
    # A real Jupyter kernel, as a reader's notebook runs one.
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(cell) for cell in JUPYTER_CELLS]
    client = nbclient.NotebookClient(
        notebook, kernel_name="python3", timeout=120, resources={"metadata": {"path": tmp_path}}
    )
    client.execute(env=os.environ | {"TF_CPP_MIN_LOG_LEVEL": "3"})
    printed = [
        "".join(o.get("text", "") for o in cell.outputs if o.get("name") == "stdout")
        for cell in notebook.cells
    ]
    missing = "You must install pydot (`pip install pydot`) for `plot_model` to work."
    assert printed[0].splitlines()[-2:] == ["loaded: False", f"ImportError: {missing}"]
    assert printed[1].splitlines()[-4:] == [
        "loaded: True",
        missing,
        "returned: None",
        "model_to_dot: ImportError",
    ]
    assert os.listdir(tmp_path) == []  # nothing drawn either way
    stated(messages=messages, module=MAGICS)


@pytest.mark.claim(
    PAGE,
    "This site draws its diagrams, the one above included, with `keras.utils.model_to_dot` and "
    "the options of the `plot_model` call above, plus `dpi={dpi}`, as SVG in memory (in "
    "`docsite/render.py`), and leaves no file behind.",
)
def test_the_site_draws_its_diagrams_with_this_call_in_memory(
    snippet, monkeypatch, tmp_path, stated
):
    ns = snippet(FILE).namespace
    # The page draws `model` below the plot_model block, with render.diagram.
    page = (ROOT / PAGE).read_text(encoding="utf-8")
    block = page.index('--8<-- "snippets/drawing/draw.py:plot_model"')
    assert page[block:].split("```", 1)[1].lstrip().startswith("<!-- diagram: model -->")
    # The plot_model call's options, plus dpi, given to model_to_dot.
    call = [
        node
        for node in ast.walk(ast.parse(section(FILE, "plot_model")))
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "keras.utils.plot_model"
    ]
    (plot,) = call
    options = {k.arg: ast.literal_eval(k.value) for k in plot.keywords if k.arg != "to_file"}
    # The site's own call: the same options, plus dpi.
    (site,) = [
        node
        for node in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(render.diagram))))
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "keras.utils.model_to_dot"
    ]
    given = {k.arg: ast.literal_eval(k.value) for k in site.keywords}
    dpi = given.pop("dpi")
    assert given == options
    drawn = keras.utils.model_to_dot(ns["model"], **options, dpi=dpi).create_svg().decode()
    assert render.diagram(ns["model"]) == drawn
    monkeypatch.chdir(tmp_path)
    render.diagram(ns["model"])
    assert os.listdir(tmp_path) == []
    # Negative control: other options give another drawing.
    other = keras.utils.model_to_dot(ns["model"], show_shapes=True, dpi=72).create_svg()
    assert other.decode("utf-8") != drawn
    stated(dpi=dpi)


@pytest.mark.claim(
    PAGE,
    "With `expand_nested=True`, the encoder's {inner} layers are drawn as boxes inside a dashed "
    "frame labelled `encoder`, as in the drawing above; without it, the encoder is a single "
    "box.",
)
@pytest.mark.claim(
    PAGE,
    "Without `expand_nested`, the drawing has one box for each of the classifier's {flat} "
    "layers, the encoder included; with it, the encoder's box gives way to its own {inner}, "
    "{nested} boxes in all.",
)
def test_expand_nested_draws_the_encoders_layers_in_a_frame(snippet, printed, stated):
    ns = snippet(FILE).namespace
    model, encoder, dot = ns["model"], ns["encoder"], ns["dot"]
    # What the page printed: the number of boxes without and with expand_nested.
    shown = printed(PAGE, f"snippets/{FILE}:in_memory").splitlines()
    counts = [int(re.fullmatch(r"expand_nested=(?:False|True): (\d+) boxes", line)[1])
              for line in shown]  # fmt: skip
    assert shown[0].startswith("expand_nested=False") and shown[1].startswith("expand_nested=True")
    assert counts[1] == ns["boxes"]
    # "As in the drawing above": the page's diagram has the same frame.
    assert 'class="cluster"' in render.diagram(model)
    assert ">encoder</text>" in render.diagram(model)
    (frame,) = dot.get_subgraphs()
    assert frame.get_label() == "encoder" and frame.get("style") == "dashed"
    assert len(frame.get_nodes()) == len(encoder.layers) == 3
    assert boxes(ns["svg"]) == ns["boxes"] == len(model.layers) - 1 + len(encoder.layers)
    flat = keras.utils.model_to_dot(model, show_shapes=True, show_layer_names=True, dpi=72)
    assert flat.get_subgraphs() == []
    flat_boxes = boxes(flat.create_svg().decode("utf-8"))
    assert flat_boxes == len(model.layers) == 3 == counts[0]
    assert ns["boxes"] == flat_boxes - 1 + len(encoder.layers)  # the encoder's box gives way
    stated(inner=len(encoder.layers), nested=ns["boxes"], flat=flat_boxes)


SVG_TAG = re.compile(r'<svg width="(?P<w>[\d.]+)pt" height="[\d.]+pt"\s+viewBox="[\d.]+ [\d.]+ '
                     r'(?P<vw>[\d.]+) [\d.]+"')  # fmt: skip
SCALE = re.compile(r'<g id="graph0" class="graph" transform="scale\((?P<s>[\d.]+) [\d.]+\)')


@pytest.mark.claim(
    PAGE,
    "`dpi={small}` keeps the SVG at the drawing's own scale. At Keras's default, `dpi={default}`, "
    "Graphviz scales the drawing {scale} times inside a frame (the SVG's `viewBox`) of the "
    "unscaled size, so a browser shows only the top-left part of it.",
)
def test_dpi_72_keeps_the_svg_at_the_drawings_scale(snippet, stated):
    import inspect

    ns = snippet(FILE).namespace
    default = inspect.signature(keras.utils.model_to_dot).parameters["dpi"].default
    assert inspect.signature(keras.utils.plot_model).parameters["dpi"].default == default
    big = (
        keras.utils.model_to_dot(
            ns["model"], show_shapes=True, show_layer_names=True, expand_nested=True, dpi=default
        )
        .create_svg()
        .decode("utf-8")
    )
    small_tag, big_tag = SVG_TAG.search(ns["svg"]), SVG_TAG.search(big)
    small_scale, big_scale = SCALE.search(ns["svg"])["s"], SCALE.search(big)["s"]
    assert float(small_scale) == 1.0
    assert float(small_tag["w"]) == float(small_tag["vw"])  # the frame is the drawing
    # At 200: the same frame, a drawing 2.78 times larger inside it.
    assert float(big_tag["vw"]) == float(small_tag["vw"])
    # Graphviz writes the scale with two decimals (2.78 for 200 / 72 = 2.777...): within
    # 0.005 of the ratio, so 0.01 allows for that rounding and nothing more.
    assert float(big_scale) == pytest.approx(default / 72, abs=0.01)
    assert float(big_scale) * float(big_tag["vw"]) > 2 * float(big_tag["vw"])
    stated(small=ns["dot"].get("dpi"), default=default, scale=big_scale)


@pytest.mark.claim(
    PAGE, "`plot_model` leaves the layer names out unless you pass `show_layer_names=True`."
)
def test_plot_model_leaves_layer_names_out_by_default(snippet, tmp_path):
    import inspect

    model = model_of(snippet)

    def default(function):
        return inspect.signature(function).parameters["show_layer_names"].default

    assert default(keras.utils.model_to_dot) is True and default(keras.utils.plot_model) is False
    named, unnamed = tmp_path / "named.dot", tmp_path / "unnamed.dot"
    with pytest.raises(ValueError):  # .dot: written, then the IPython step (see below)
        keras.utils.plot_model(model, to_file=unnamed)
    with pytest.raises(ValueError):
        keras.utils.plot_model(model, to_file=named, show_layer_names=True)
    assert "digit" not in unnamed.read_text() and "digit" in named.read_text()
    # Negative control: model_to_dot, with no option given, names the layers.
    assert "digit" in keras.utils.model_to_dot(model).to_string()
    # The same options: every one of model_to_dot's, except `subgraph` (used by Keras itself
    # to draw a nested model inside its parent).
    to_dot = set(inspect.signature(keras.utils.model_to_dot).parameters)
    assert to_dot - {"subgraph"} <= set(inspect.signature(keras.utils.plot_model).parameters)
    # The page's plot_model call asks for the names.
    assert "show_layer_names=True" in section(FILE, "plot_model")


def without_ipython(monkeypatch):
    """As on a machine without IPython: `from IPython import display` fails."""
    monkeypatch.setitem(sys.modules, "IPython", None)


@pytest.mark.claim(
    PAGE,
    "The file's extension chooses the format, so give one. A name without one gets a PNG image, "
    "but where IPython is installed `plot_model` then raises a `ValueError` (see the pitfall "
    "below). For a PNG file, where IPython is installed, `plot_model` also returns the picture "
    "as an IPython `Image`, which Jupyter shows under the cell; without IPython it returns "
    "`None`.",
)
def test_plot_model_writes_the_format_its_extension_names(snippet, printed, tmp_path, monkeypatch):
    from IPython.display import Image

    model = model_of(snippet)
    starts = {"png": b"\x89PNG", "pdf": b"%PDF", "jpg": b"\xff\xd8", "gif": b"GIF8"}
    for extension, magic in starts.items():
        path = tmp_path / f"model.{extension}"
        keras.utils.plot_model(model, to_file=path)
        assert path.read_bytes().startswith(magic)
    bare = tmp_path / "model"
    with pytest.raises(ValueError):  # written, then not embeddable (the pitfall below)
        keras.utils.plot_model(model, to_file=bare)
    # Negative control: without IPython, the same bare name is written and nothing raises.
    with monkeypatch.context() as patched:
        without_ipython(patched)
        assert keras.utils.plot_model(model, to_file=tmp_path / "bare") is None
        assert (tmp_path / "bare").read_bytes().startswith(starts["png"])
    assert bare.read_bytes().startswith(starts["png"])
    png = tmp_path / "model.png"
    image = keras.utils.plot_model(model, to_file=png)
    # Jupyter shows an Image returned by a cell: it has a PNG representation.
    assert type(image) is Image and image.format == "png" and image.data == png.read_bytes()
    assert printed(PAGE, f"snippets/{FILE}:plot_model") == (
        "classifier.png written, as a PNG image: True\n"
    )
    # Negative control: without IPython, nothing to return.
    without_ipython(monkeypatch)
    assert keras.utils.plot_model(model, to_file=tmp_path / "again.png") is None
    assert (tmp_path / "again.png").read_bytes().startswith(starts["png"])


@pytest.mark.claim(
    PAGE,
    "Where IPython is installed (Jupyter installs it), `plot_model` writes the `.svg` file and "
    "then raises `{message}`.",
)
@pytest.mark.claim(
    PAGE,
    "After writing the file, `plot_model` wraps it in an IPython `Image` for notebooks, and "
    "`Image` embeds only raster formats such as PNG and JPEG. Keras skips that step for `.pdf` "
    "files only, and a name without an extension fails the same way after writing a PNG "
    "image, since `Image` cannot tell its format. Without IPython, none of these calls raises.",
)
def test_plot_model_writes_an_svg_file_then_raises_where_ipython_is_installed(
    snippet, printed, tmp_path, monkeypatch, stated
):
    from IPython.core.display import ImageFormat

    assert any(r.startswith("ipython") for r in metadata.requires("ipykernel"))
    model = model_of(snippet)
    error = error_of(lambda: keras.utils.plot_model(model, to_file=tmp_path / "model.svg"))
    assert type(error) is ValueError and (tmp_path / "model.svg").read_bytes().startswith(b"<?xml")
    # What the page printed: the error, and then that the file was written all the same.
    assert printed(PAGE, f"snippets/{FILE}:svg_file") == (
        f"{shown(error)}\nclassifier.svg written: True\n"
    )
    assert set(ImageFormat.__members__) == {"png", "jpeg", "jpg", "gif", "webp"}
    # Every format Graphviz writes that IPython cannot embed fails the same way, except PDF.
    for extension in ("dot", "ps", "json"):
        path = tmp_path / f"model.{extension}"
        failed = error_of(lambda path=path: keras.utils.plot_model(model, to_file=path))
        assert str(failed) == f"Cannot embed the '{extension}' image format" and path.exists()
    assert keras.utils.plot_model(model, to_file=tmp_path / "model.pdf") is None
    bare = tmp_path / "model"
    failed = error_of(lambda: keras.utils.plot_model(model, to_file=bare))
    assert str(failed) == f"Cannot embed the '{bare}' image format"
    assert bare.read_bytes().startswith(b"\x89PNG")
    # Negative control: without IPython, none of these calls raises.
    without_ipython(monkeypatch)
    for name in ("quiet.svg", "quiet.dot", "quiet.ps", "quiet.json", "quiet"):
        assert keras.utils.plot_model(model, to_file=tmp_path / name) is None
        assert (tmp_path / name).exists()
    stated(message=shown(error))


@pytest.mark.claim(
    PAGE,
    "`write_svg` writes the file and raises nothing, with or without IPython. Given the same "
    "value for every option, it writes the same drawing as `plot_model`; but "
    "`show_layer_names` has another default in each, so the two calls above, which also "
    "differ in `dpi`, draw differently.",
)
def test_write_svg_writes_the_same_drawing_without_the_error(
    snippet, printed, tmp_path, monkeypatch
):
    import inspect

    model = model_of(snippet)
    assert printed(PAGE, f"snippets/{FILE}:write_svg") == "classifier.svg written: True\n"
    # Every option: each parameter the two share (all of model_to_dot's but `subgraph`),
    # with one value given to both.
    to_dot = inspect.signature(keras.utils.model_to_dot).parameters
    plot = inspect.signature(keras.utils.plot_model).parameters
    shared = [
        name
        for name, parameter in to_dot.items()
        if name not in ("model", "subgraph") and parameter.kind is not parameter.VAR_KEYWORD
    ]
    assert set(shared) <= set(plot)
    # Only show_layer_names has another default in each.
    differing = [name for name in shared if to_dot[name].default != plot[name].default]
    assert differing == ["show_layer_names"]
    assert (to_dot["show_layer_names"].default, plot["show_layer_names"].default) == (True, False)
    for names in (True, False):
        options = {name: to_dot[name].default for name in shared}
        options |= {"show_shapes": True, "show_layer_names": names, "dpi": 72}
        plotted, written = tmp_path / f"plotted{names}.svg", tmp_path / f"written{names}.svg"
        with pytest.raises(ValueError):  # the pitfall above: written, then the error
            keras.utils.plot_model(model, to_file=plotted, **options)
        keras.utils.model_to_dot(model, **options).write_svg(written)
        assert written.read_bytes() == plotted.read_bytes()
        # Without IPython too, and no error.
        with monkeypatch.context() as patch:
            without_ipython(patch)
            keras.utils.model_to_dot(model, **options).write_svg(tmp_path / "bare.svg")
        assert (tmp_path / "bare.svg").read_bytes() == plotted.read_bytes()
    # The two calls of the page, as they are: different drawings (names and dpi).
    page_plot = tmp_path / "page_plot.svg"
    with pytest.raises(ValueError):
        keras.utils.plot_model(model, to_file=page_plot, show_shapes=True)
    page_write = tmp_path / "page_write.svg"
    keras.utils.model_to_dot(model, show_shapes=True, dpi=72).write_svg(page_write)
    assert page_write.read_bytes() != page_plot.read_bytes()
    assert "show_shapes=True)" in section(FILE, "svg_file")
    assert "model_to_dot(model, show_shapes=True, dpi=72)" in section(FILE, "write_svg")
    # Negative control: the same options but the defaults of show_layer_names left to each
    # function also draw differently, even at one dpi.
    default_plot = tmp_path / "default_plot.svg"
    with pytest.raises(ValueError):
        keras.utils.plot_model(model, to_file=default_plot, show_shapes=True, dpi=72)
    assert page_write.read_bytes() != default_plot.read_bytes()


def rows(table):
    return [line for line in table.splitlines() if line.startswith("│")]


def cells(row):
    return [cell.strip() for cell in row.strip("│").split("│")]


@pytest.mark.claim(
    PAGE,
    "`model.summary()` lists the nested encoder as one row, `encoder (Functional)`, with its "
    "{encoder:,} parameters. `model.summary(expand_nested=True)` adds a row under it for each "
    "of its {inner} layers, marked `└`, with each one's output shape and parameters ({first}, "
    "{second:,} and {third}, which add up to {encoder:,}); the totals stay the same.",
)
def test_summary_expand_nested_adds_a_row_per_inner_layer(snippet, printed, stated):
    ns = snippet(FILE).namespace
    model, encoder = ns["model"], ns["encoder"]
    plain, nested = summary_of(model), ns_summary(model)
    assert printed(PAGE, f"snippets/{FILE}:summary") == plain + nested  # what the page shows
    plain_rows, nested_rows = rows(plain), rows(nested)
    assert [cells(r)[0] for r in plain_rows].count("encoder (Functional)") == 1
    added = [r for r in nested_rows if r not in plain_rows]
    assert len(nested_rows) == len(plain_rows) + len(added) and len(added) == len(encoder.layers)
    assert nested_rows.index(added[0]) == 2  # right under the encoder's row
    counts = []
    for row, layer in zip(added, encoder.layers, strict=True):
        name, shape, parameters = cells(row)
        assert name == f"└ {layer.name} ({type(layer).__name__})"
        assert shape == str(tuple(layer.output.shape))
        counts.append(int(parameters.replace(",", "")))
        assert counts[-1] == layer.count_params()
    assert sum(counts) == encoder.count_params()
    totals = [line for line in plain.splitlines() if "params:" in line]
    assert totals == [line for line in nested.splitlines() if "params:" in line]
    # Negative control: a layer two levels down is listed too, one level further in.
    outer_input = keras.Input(shape=(64,))
    outer = keras.Model(outer_input, model(outer_input))
    deep = rows(ns_summary(outer))
    assert any(cells(r)[0] == "└ └ hidden (Dense)" or "└ hidden" in r for r in deep)
    assert not any("hidden" in r for r in rows(summary_of(outer)))
    first, second, third = counts
    stated(encoder=encoder.count_params(), inner=len(counts), first=first, second=second,
           third=third)  # fmt: skip


def ns_summary(model):
    import contextlib
    import io

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        model.summary(expand_nested=True)
    return printed.getvalue()
