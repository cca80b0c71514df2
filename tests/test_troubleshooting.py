"""Claims of docs/reference/troubleshooting.md (snippets/troubleshooting/).

Each test checks the exact text the page shows (the snippet's own printed output), built from
the snippet's own objects where Keras puts a generated name in the message, and a negative
control: the fix raises (or warns) nothing.
"""

import ast
import importlib.util
import inspect
import logging
import re
import string
import types
import warnings
import zipfile
from pathlib import Path

import keras
import numpy as np
import pytest
import tensorflow as tf
from counterexample_layers import Probe
from keras.src.ops.operation import Operation

from conftest import ROOT, about_backend, fresh, max_difference, run_sections, summary_of
from docsite import executor, render

PAGE = "docs/reference/troubleshooting.md"
MIGRATION = "docs/reference/keras-2-to-3.md"
SNIPPETS = "snippets/troubleshooting/"  # the page's blocks include files from here

# Float32 tolerance: the same numbers computed by NumPy and by Keras, or by one model in different
# batch sizes, differ by a few units in the last place (another reduction order): up to ~8e-7 on
# values of order 1. Rounding error grows with the values compared, so "equal" means within ATOL
# times the size of the values (and at least ATOL): see `close`.
ATOL = 1e-6

# The table at the top: one row per message, "message start | type | entries". In the message,
# "…" stands for any text (across lines: Keras wraps some messages in the call's arguments), a
# standalone N for any whole number, and a {field} for a number the page states; the type is
# the first name in backquotes. A message written as one code span is matched without its
# backquotes.
ROW_INPUT_DIM = (
    "Do not pass an `input_shape`/`input_dim` argument to a layer | `UserWarning` | input_dim"
)
ROW_KEYWORDS = "Unrecognized keyword arguments passed to Model | `ValueError` | input=, output="
ROW_MODEL_POSITIONAL = (
    # (not "were given": with `name=` too, Python's message goes on "positional arguments ...")
    "`Layer.__init__() takes {takes} positional argument but {given}` | `TypeError` "
    "| Model(x, output=y)"
)
ROW_NOT_CONNECTED = (
    "Output with path … is not connected to `inputs` | `ValueError` | not connected; layer of "
    "a nested model"
)
ROW_GRAPH_DISCONNECTED = (
    "Graph disconnected: cannot find parent for tensor … | `ValueError` | Graph disconnected"
)
ROW_TENSORFLOW_FUNCTION = (
    "A KerasTensor cannot be used as input to a TensorFlow function | `ValueError` | "
    "TensorFlow function on an Input"
)
ROW_SYMBOLIC = (
    "A KerasTensor is symbolic: it's a placeholder for a shape an a dtype | `ValueError` | "
    "NumPy on an Input"
)
ROW_SEQUENTIAL_INPUT = (
    "The layer sequential… has never been called | `AttributeError` | Sequential .input"
)
# With PyTorch as the backend, the same entry's snippet prints PyTorch's message instead (every
# Keras layer is then a torch.nn.Module, whose __getattr__ answers for Keras's AttributeError).
ROW_SEQUENTIAL_INPUT_TORCH = (
    "'Sequential' object has no attribute 'input' | `AttributeError` (with PyTorch as the "
    "backend) | Sequential .input"
)
ROW_NO_INPUTS = (
    "Sequential model … has no defined inputs yet | `AttributeError` | Sequential .inputs"
)
ROW_NO_INPUTS_TORCH = (
    "'Sequential' object has no attribute 'inputs' | `AttributeError` (with PyTorch as the "
    "backend) | Sequential .inputs"
)
ROW_SECOND_INPUT = (
    "Sequential model … has already been configured to use input shape | `ValueError` | "
    "second Input"
)
ROW_COUNT_PARAMS = (
    "You tried to call `count_params` on layer … isn't built | `ValueError` | count_params"
)
ROW_GET_OUTPUT_AT = (
    "'Dense' object has no attribute 'get_output_at' | `AttributeError` | get_output_at"
)
ROW_EXPECTED_AXIS = (
    "… expected axis {axis} of input shape to have value N | `ValueError` | expected axis {axis}"
)
ROW_SAVE = "Invalid filepath extension for saving | `ValueError` | save"
ROW_MERGE = (
    "A merge layer should be called on a list of inputs | `ValueError` | merge layer in Sequential"
)
ROW_NAME_ERROR = "name 'encoded_imgs' is not defined | `NameError` | encoded_imgs"

TABLE = [  # each row, and the blocks of its entries (the page's includes) that print the message
    (ROW_INPUT_DIM, {"input_dim_warning.py"}),
    (ROW_KEYWORDS, {"model_singular_keywords.py"}),
    (ROW_MODEL_POSITIONAL, {"model_output_keyword.py"}),
    # The Graph disconnected entry shows the not-connected message too, as the case Keras 2
    # called Graph disconnected.
    (
        ROW_NOT_CONNECTED,
        {"output_not_connected.py", "nested_not_connected.py", "graph_disconnected.py:missing"},
    ),
    (ROW_GRAPH_DISCONNECTED, {"graph_disconnected.py:no_history"}),
    (ROW_TENSORFLOW_FUNCTION, {"tensorflow_function_on_input.py"}),
    (ROW_SYMBOLIC, {"numpy_on_input.py:error"}),
    (ROW_SEQUENTIAL_INPUT, {"sequential_input_output.py"}),
    (ROW_SEQUENTIAL_INPUT_TORCH, {"sequential_input_output.py"}),
    (ROW_NO_INPUTS, {"sequential_no_inputs.py:error"}),
    (ROW_NO_INPUTS_TORCH, {"sequential_no_inputs.py:error"}),
    (ROW_SECOND_INPUT, {"second_input.py:error"}),
    (ROW_COUNT_PARAMS, {"unbuilt_count_params.py"}),
    (ROW_GET_OUTPUT_AT, {"get_output_at.py"}),
    (ROW_EXPECTED_AXIS, {"wrong_number_of_features.py:error", "deep_decoder_last_layer.py"}),
    (ROW_SAVE, {"save_without_extension.py"}),
    (ROW_MERGE, {"sequential_merge_layer.py"}),
    (ROW_NAME_ERROR, {"encoder_imgs_typo.py"}),
]
# Rows whose message is Keras's on TensorFlow and JAX, and PyTorch's with PyTorch as the backend.
TORCH_ROWS = {ROW_SEQUENTIAL_INPUT: ROW_SEQUENTIAL_INPUT_TORCH, ROW_NO_INPUTS: ROW_NO_INPUTS_TORCH}

SAMPLES = np.random.default_rng(0).random((8, 4), dtype=np.float32)


def close(actual, expected) -> bool:
    """Equal up to float32 rounding, scaled with the size of the values compared."""
    scale = max(1.0, float(np.abs(keras.ops.convert_to_numpy(expected)).max()))
    return max_difference(actual, expected) <= ATOL * scale


# Names Keras generates carry a number that depends on what the program created before (the
# page runs all its blocks in one program; a snippet run alone is a new one), and a temporary
# folder's name is new on every run.
GENERATED = re.compile(
    r"\b(sequential|functional|keras_tensor|dense|add|concatenate)_\d+\b|/tmp/[\w./-]*?(?=/my_)"
)


def unnumbered(text: str) -> str:
    return GENERATED.sub(lambda m: m[1] or "/tmp/…", text)


def page_sources() -> list[str]:
    """The includes of the page's python blocks, relative to snippets/troubleshooting/."""
    text = (ROOT / PAGE).read_text(encoding="utf-8")
    return [
        fence.source.removeprefix("snippets/troubleshooting/")
        for fence in render.fences(ROOT / PAGE, ROOT, text)
    ]


def recorded_warnings(build):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = build()
    return result, caught


def number(name: str, prefix: str) -> int:
    """The number Keras appended to an automatic name: "sequential" is 0, "sequential_3" is 3."""
    match = re.fullmatch(rf"{prefix}(?:_(\d+))?", name)
    assert match, name
    return int(match[1] or 0)


def row_pattern(row: str) -> re.Pattern:
    """A table row as a pattern for the line a snippet prints: "Type: message start", with "…"
    matching any text (across lines), a standalone N any whole number, and each {field} a
    (signed) whole number."""
    message, kind, _entry = row.split(" | ")
    if message.startswith("`") and message.endswith("`") and message.count("`") == 2:
        message = message[1:-1]  # a message shown as one code span
    type_name = re.match(r"`(\w+)`", kind)[1]
    parts = [re.escape(f"{type_name}: ")]
    for literal, name, _spec, _conversion in string.Formatter().parse(message):
        pieces = [re.escape(piece) for piece in literal.split("…")]
        parts.append(re.sub(r"\bN\b", r"\\d+", r"[\s\S]*?".join(pieces)))
        if name is not None:
            parts.append(rf"(?P<{name}>-?\d+)")
    return re.compile("^" + "".join(parts), re.MULTILINE)


@pytest.mark.claim(
    PAGE,
    "Names such as `{model_name}` or `{tensor_name}` in a message are generated by Keras, "
    "which numbers the models, layers and tensors of each kind in the order a program creates "
    "them, so your own program may show other numbers.",
)
def test_generated_names_are_numbered_in_creation_order(snippet, stated):
    executor.reset()  # a new program, as for a reader who runs one snippet alone
    first, second = keras.Sequential(), keras.Sequential()
    a, b, c = keras.Input((2,)), keras.Input((2,)), keras.Input((2,))
    assert (first.name, second.name) == ("sequential", "sequential_1")
    assert (a.name, b.name, c.name) == ("keras_tensor", "keras_tensor_1", "keras_tensor_2")
    assert [keras.layers.Dense(1).name for _ in range(2)] == ["dense", "dense_1"]
    stated(model_name=second.name, tensor_name=c.name)
    # So the same snippet shows other names after other code has created models and tensors.
    third = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(32)])
    assert number(third.name, "sequential") == number(second.name, "sequential") + 1 == 2
    alone = snippet("troubleshooting/sequential_input_output.py").namespace["model"]
    assert alone.name == "sequential"  # the snippet run alone, as a new program
    # Negative control: a name given by the caller is kept as is, not numbered.
    assert keras.Sequential(name="my_model").name == "my_model"


@pytest.mark.claim(PAGE, ROW_INPUT_DIM)
@pytest.mark.claim(PAGE, ROW_KEYWORDS)
@pytest.mark.claim(PAGE, ROW_MODEL_POSITIONAL)
@pytest.mark.claim(PAGE, ROW_NOT_CONNECTED)
@pytest.mark.claim(PAGE, ROW_GRAPH_DISCONNECTED)
@pytest.mark.claim(PAGE, ROW_TENSORFLOW_FUNCTION)
@pytest.mark.claim(PAGE, ROW_SYMBOLIC)
@pytest.mark.claim(PAGE, ROW_SEQUENTIAL_INPUT)
@pytest.mark.claim(PAGE, ROW_SEQUENTIAL_INPUT_TORCH)
@pytest.mark.claim(PAGE, ROW_NO_INPUTS)
@pytest.mark.claim(PAGE, ROW_NO_INPUTS_TORCH)
@pytest.mark.claim(PAGE, ROW_SECOND_INPUT)
@pytest.mark.claim(PAGE, ROW_COUNT_PARAMS)
@pytest.mark.claim(PAGE, ROW_GET_OUTPUT_AT)
@pytest.mark.claim(PAGE, ROW_EXPECTED_AXIS)
@pytest.mark.claim(PAGE, ROW_SAVE)
@pytest.mark.claim(PAGE, ROW_MERGE)
@pytest.mark.claim(PAGE, ROW_NAME_ERROR)
def test_the_table_gives_each_entrys_message_and_type(printed, stated):
    # What each block of the page printed, as the page shows it.
    sources = page_sources()
    shown = {source: printed(PAGE, SNIPPETS + source) for source in sources}
    assert shown["version.py"] == (
        f"Keras {keras.__version__}, {keras.backend.backend()} backend\n"
    )
    # The Sequential .input and .inputs entries print Keras's messages, or PyTorch's with
    # PyTorch as the backend; Keras's own properties raise Keras's messages on every backend.
    model = fresh("troubleshooting/sequential_input_output.py")["model"]
    with pytest.raises(AttributeError) as own:
        type(model).input.fget(model)
    assert row_pattern(ROW_SEQUENTIAL_INPUT).search(f"AttributeError: {own.value}")
    unbuilt = keras.Sequential([keras.layers.Dense(2)])
    with pytest.raises(AttributeError) as own:
        type(unbuilt).inputs.fget(unbuilt)
    assert row_pattern(ROW_NO_INPUTS).search(f"AttributeError: {own.value}")
    torch = keras.backend.backend() == "torch"
    elsewhere = set(TORCH_ROWS) if torch else set(TORCH_ROWS.values())
    found = {}
    for row, blocks in TABLE:
        assert blocks <= set(sources), blocks
        pattern = row_pattern(row)
        if row in elsewhere:
            # Negative control: this backend's output does not match the other backends' row.
            assert not any(pattern.search(shown[block]) for block in blocks), row
            continue
        for block in blocks:
            match = pattern.search(shown[block])
            assert match, f"{block} printed no line that starts as the row says: {row}"
            for key, value in match.groupdict().items():
                assert found.setdefault(key, int(value)) == int(value), (row, key)
        # Each row's message is printed by its own entries' blocks only.
        assert {source for source in sources if pattern.search(shown[source])} == blocks, row
    stated(**found)
    # Negative control: the expected-axis row with a word for N does not match its outputs,
    # and N is the size each layer was built for (784, then 128), not one number.
    axis_blocks = dict(TABLE)[ROW_EXPECTED_AXIS]
    wrong = row_pattern(ROW_EXPECTED_AXIS.replace(" N ", " one "))
    assert not any(wrong.search(shown[block]) for block in axis_blocks)
    sizes = {int(re.search(r"to have value (\d+)", shown[block])[1]) for block in axis_blocks}
    assert sizes == {784, 128}
    # Every entry of the page is linked from the table.
    text = (ROOT / PAGE).read_text(encoding="utf-8")
    entries = re.findall(r"^## .*\{ #([\w-]+) \}$", text, re.MULTILINE)
    table = text.split("| Message starts with |", 1)[1].split("\n\n", 1)[0]
    assert sorted(set(re.findall(r"\]\(#([\w-]+)\)", table))) == sorted(entries)


@pytest.mark.claim(
    PAGE,
    "Cause. Keras 3 layers still accept `input_dim` and `input_shape`, but they warn: the input "
    "shape now belongs to a `keras.Input` object. On a Sequential model's first layer they "
    "still build the model, with the same {parameters:,} parameters; on any other layer they "
    "are ignored. Where warnings are errors (a test suite with `-W error`), the warning fails "
    "the run.",
)
@pytest.mark.claim(
    PAGE,
    "Fix. Start the model with `keras.Input(shape=(784,))`, then `Dense(32)`: same parameters, "
    "no warning.",
)
def test_input_dim_prints_a_userwarning(snippet, printed, stated):
    run = snippet("troubleshooting/input_dim_warning.py")
    # The page shows the warning, once, word for word as the snippet alone prints it.
    assert (
        printed(PAGE, SNIPPETS + "input_dim_warning.py")
        == run.stdout
        == (
            "UserWarning: Do not pass an `input_shape`/`input_dim` argument to a layer. "
            "When using Sequential models, prefer using an `Input(shape)` object as the first "
            "layer in the model instead.\n"
        )
    )
    caught = run.namespace["caught"]
    assert len(caught) == 1 and caught[0].category is UserWarning
    model = run.namespace["model"]
    assert model.built is True
    assert model.count_params() == 784 * 32 + 32
    stated(parameters=model.count_params())
    # On any other layer they are ignored: a later layer of a Sequential model, and a layer
    # called on a keras.Input of another width, are built for the input they receive.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        later = keras.Sequential(
            [keras.layers.Dense(4, input_dim=10), keras.layers.Dense(3, input_dim=99)]
        )
        called = [keras.layers.Dense(4, input_dim=784), keras.layers.Dense(4, input_shape=(784,))]
        for layer in called:
            layer(keras.Input((10,)))
    assert later.layers[0].kernel.shape == (10, 4) and later.layers[1].kernel.shape == (4, 3)
    assert all(layer.kernel.shape == (10, 4) for layer in called)
    # Where warnings are errors, the warning is raised and the model is never made.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning) as raised:
            keras.Sequential([keras.layers.Dense(32, input_dim=784)])
    assert type(raised.value) is UserWarning
    assert str(raised.value) == run.stdout.removeprefix("UserWarning: ").rstrip("\n")
    # `input_shape` gives the same warning.
    _, caught = recorded_warnings(
        lambda: keras.Sequential([keras.layers.Dense(32, input_shape=(784,))])
    )
    assert [(w.category, str(w.message)) for w in caught] == [
        (UserWarning, run.stdout.removeprefix("UserWarning: ").rstrip("\n"))
    ]
    # Negative control: the fix, keras.Input first, builds the same model and warns nothing.
    fixed, caught = recorded_warnings(
        lambda: keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(32)])
    )
    assert caught == []
    assert fixed.count_params() == model.count_params()


@pytest.mark.claim(
    PAGE,
    "Cause. `keras.Model` names its two ends `inputs` and `outputs`. Keras 3 builds a "
    "Functional model only when it receives both ends, by those keywords or by position. "
    "Otherwise the arguments go to the generic constructor, which rejects every keyword it does "
    "not know and lists each one with its value, here the two tensors.",
)
@pytest.mark.claim(
    PAGE,
    "Fix. `keras.Model(inputs=inputs, outputs=outputs)`, or pass the two tensors by position: "
    "`keras.Model(inputs, outputs)`.",
)
def test_singular_model_keywords_are_rejected(snippet, printed):
    ns = snippet("troubleshooting/model_singular_keywords.py").namespace
    inputs, outputs = ns["inputs"], ns["outputs"]
    # The message lists each unknown keyword with the repr of its value (generated tensor names).
    expected = (
        "ValueError: Unrecognized keyword arguments passed to Model: "
        f"{{'input': {inputs!r}, 'output': {outputs!r}}}\n"
    )
    assert "model" not in ns  # the call raised before anything was bound
    assert snippet("troubleshooting/model_singular_keywords.py").stdout == expected
    # The page shows the same message, with the page's own tensor names: both keywords, each
    # with its value, the two tensors.
    shown = printed(PAGE, SNIPPETS + "model_singular_keywords.py")
    assert unnumbered(shown) == unnumbered(expected)
    assert re.fullmatch(
        r"ValueError: Unrecognized keyword arguments passed to Model: \{'input': <KerasTensor "
        r"shape=\(None, 784\).*name=keras_tensor(_\d+)?>, 'output': <KerasTensor "
        r"shape=\(None, 32\).*name=keras_tensor(_\d+)?>\}\n",
        shown,
    )
    assert re.fullmatch(
        r"<KerasTensor shape=\(None, 784\), dtype=float32, sparse=False, ragged=False, "
        r"name=keras_tensor(_\d+)?>",
        repr(inputs),
    )
    # Without both ends, the generic constructor gets the keywords and rejects every one it
    # does not know, `inputs` included.
    for kwargs in ({"inputs": inputs, "output": outputs}, {"outputs": outputs}):
        with pytest.raises(ValueError) as refused:
            keras.Model(**kwargs)
        assert type(refused.value) is ValueError
        assert str(refused.value) == f"Unrecognized keyword arguments passed to Model: {kwargs}"
    # Negative control: the plural keywords, the positional form and the mixed form build it.
    by_keyword = keras.Model(inputs=inputs, outputs=outputs)
    by_position = keras.Model(inputs, outputs)
    mixed = keras.Model(inputs, outputs=outputs)
    assert by_keyword.count_params() == by_position.count_params() == mixed.count_params()
    assert by_keyword.count_params() == 784 * 32 + 32


@pytest.mark.claim(
    PAGE,
    "With both ends given, the Functional constructor uses `name` and `trainable` and drops "
    'every other keyword without an error or a warning: a misspelt `nmae="encoder"` leaves the '
    'model named `{default_name}`, and `dtype="float16"` leaves it computing in `{dtype}`. Do '
    "not rely on Keras to catch a wrong keyword there: check the name you asked for, and pass "
    "only `inputs`, `outputs`, `name` and `trainable`.",
)
def test_other_keywords_are_dropped_once_both_ends_are_given(stated):
    executor.reset()  # the default name, as in a new program
    inputs = keras.Input(shape=(4,))
    outputs = keras.layers.Dense(2)(inputs)
    misspelt, caught = recorded_warnings(lambda: keras.Model(inputs, outputs, nmae="encoder"))
    assert caught == [] and misspelt.name == "functional"
    half, caught = recorded_warnings(lambda: keras.Model(inputs, outputs, dtype="float16"))
    assert caught == [] and half.compute_dtype == "float32"
    # The strongest cases: a keyword that means something elsewhere, and an unrelated one.
    for extra in ({"output": inputs}, {"not_a_keyword": 1}, {"autocast": False}):
        model, caught = recorded_warnings(lambda extra=extra: keras.Model(inputs, outputs, **extra))
        assert caught == [] and model.outputs[0] is outputs
    stated(default_name=misspelt.name, dtype=half.compute_dtype)
    # Negative control: the two keywords it does use take effect.
    named = keras.Model(inputs, outputs, name="encoder", trainable=False)
    assert named.name == "encoder" and named.trainable is False
    # The constructor's own parameters, for the record: everything else is **kwargs.
    parameters = inspect.signature(keras.src.models.functional.Functional.__init__).parameters
    assert list(parameters) == ["self", "inputs", "outputs", "name", "kwargs"]


@pytest.mark.claim(
    PAGE,
    "Fix. Name the output with the plural keyword, `keras.Model(inputs, outputs=outputs)`, or "
    "pass both tensors by position: `keras.Model(inputs, outputs)`.",
)
@pytest.mark.claim(
    PAGE,
    "Cause. Keras 3 builds a Functional model when `keras.Model` receives both ends: two "
    "tensors by position, or `outputs=` with the input by position or as `inputs=`. Otherwise "
    "the arguments go to the constructor of subclassed models, `Layer.__init__`, which takes no "
    "positional argument but `self`: the input tensor is the second of the two it counts. "
    "Without a positional argument, the singular keywords give the previous entry's "
    "`ValueError` instead.",
)
def test_a_positional_input_with_the_singular_output_keyword_is_a_typeerror(snippet, printed):
    run = snippet("troubleshooting/model_output_keyword.py")
    message = "TypeError: Layer.__init__() takes 1 positional argument but 2 were given\n"
    assert printed(PAGE, SNIPPETS + "model_output_keyword.py") == run.stdout == message
    assert "model" not in run.namespace  # the call raised before anything was bound
    inputs, outputs = run.namespace["inputs"], run.namespace["outputs"]
    # Both ends, in each of the three forms: a Functional model from those very tensors.
    for args, kwargs in (
        ((inputs, outputs), {}),
        ((inputs,), {"outputs": outputs}),
        ((), {"inputs": inputs, "outputs": outputs}),
    ):
        model = keras.Model(*args, **kwargs)
        assert isinstance(model, keras.src.models.functional.Functional)
        assert model.inputs[0] is inputs and model.outputs[0] is outputs
    # Otherwise: Layer.__init__, whose only positional parameter is self.
    parameters = inspect.signature(keras.layers.Layer.__init__).parameters.values()
    positional = (inspect.Parameter.POSITIONAL_ONLY, inspect.Parameter.POSITIONAL_OR_KEYWORD)
    assert [p.name for p in parameters if p.kind in positional] == ["self"]
    # The input alone, or with any keyword but `outputs`, is one positional argument too many.
    for kwargs in ({"output": outputs}, {}, {"name": "encoder"}):
        with pytest.raises(TypeError) as raised:
            keras.Model(inputs, **kwargs)
        # (Python adds "positional arguments (and 1 keyword-only argument)" for `name`.)
        assert f"TypeError: {raised.value}\n".startswith(message.removesuffix(" were given\n"))
    # Without a positional argument, the singular keywords: the ValueError of #model-keywords.
    for kwargs in ({"input": inputs, "output": outputs}, {"inputs": inputs, "output": outputs}):
        with pytest.raises(ValueError, match=r"^Unrecognized keyword arguments passed to Model"):
            keras.Model(**kwargs)
    # Negative control: the snippet with the plural keyword builds the model.
    fixed = (ROOT / "snippets/troubleshooting/model_output_keyword.py").read_text("utf-8")
    fixed = fixed.replace("output=outputs", "outputs=outputs")
    assert executor.run(fixed, "fixed.py").stdout == ""
    assert keras.Model(inputs, outputs=outputs).count_params() == 784 * 32 + 32


@pytest.mark.claim(
    PAGE,
    "Cause. A Functional model is the graph of layer calls between the tensors it is given. "
    "Keras walks back from each output and must arrive at the given inputs. Here the last layer "
    "was called on `encoded`, which leads back to the autoencoder's `input_img`, not to "
    "`encoded_input`. The path between backquotes says which output is cut off: empty for one "
    "output tensor given alone, the index or the key for a list (even of one) or a dict of "
    "outputs.",
)
@pytest.mark.claim(
    PAGE,
    "Fix. Call the layers on the new model's own input: with "
    "`decoder_layer = autoencoder.layers[-1]`, build "
    "`keras.Model(encoded_input, decoder_layer(encoded_input))`.",
)
def test_an_output_not_reachable_from_the_inputs_is_rejected(snippet, printed):
    run = snippet("troubleshooting/output_not_connected.py")
    message = "ValueError: Output with path `` is not connected to `inputs`\n"
    assert printed(PAGE, SNIPPETS + "output_not_connected.py") == run.stdout == message
    # The path names the cut-off output: its index in a list, its key in a dict.
    a, b = keras.Input((4,)), keras.Input((4,))
    with pytest.raises(ValueError) as in_list:
        keras.Model(a, [keras.layers.Dense(2)(a), keras.layers.Dense(2)(b)])
    with pytest.raises(ValueError) as in_dict:
        keras.Model(a, {"scores": keras.layers.Dense(2)(b)})
    assert type(in_list.value) is ValueError is type(in_dict.value)
    assert str(in_list.value) == "Output with path `1` is not connected to `inputs`"
    assert str(in_dict.value) == "Output with path `scores` is not connected to `inputs`"
    # A list of one output is still a list: its path is the index, 0.
    with pytest.raises(ValueError, match=r"^Output with path `0` is not connected"):
        keras.Model(a, [keras.layers.Dense(2)(b)])
    # Negative control: the fix, the last layer called on the decoder's own input, is accepted.
    ns = fresh("troubleshooting/output_not_connected.py")
    decoder_layer = ns["autoencoder"].layers[-1]
    # The rejected output does lead back to the autoencoder's input_img.
    from_image = keras.Model(ns["input_img"], decoder_layer(ns["encoded"]))
    assert from_image.count_params() == (784 * 32 + 32) + (32 * 784 + 784)
    decoder = keras.Model(ns["encoded_input"], decoder_layer(ns["encoded_input"]))
    assert decoder.layers[-1] is decoder_layer
    assert decoder.count_params() == 32 * 784 + 784


@pytest.mark.claim(
    PAGE,
    "Fix. Stay in the nested model's graph: make a model from its own input to the inner layer, "
    "`keras.Model(base.input, inner.output)`, and call that model on the tensor the outer model "
    "feeds the nested one (here `outer.input`).",
)
@pytest.mark.claim(
    PAGE,
    "Cause. The outer model's graph holds the nested model as one layer: calling `base` on "
    "`inputs` did not call `hidden` again. `inner.output` is the tensor `hidden` made when "
    "`base` was built, in the nested model's own graph: walking back from it, Keras arrives at "
    "`base.input`, not at `outer.input`.",
)
def test_a_layer_inside_a_nested_model_is_not_connected_to_the_outer_input(snippet, printed):
    run = snippet("troubleshooting/nested_not_connected.py")
    message = "ValueError: Output with path `` is not connected to `inputs`\n"
    assert printed(PAGE, SNIPPETS + "nested_not_connected.py") == run.stdout == message
    assert "features" not in run.namespace  # the call raised before anything was bound
    ns = fresh("troubleshooting/nested_not_connected.py")
    outer, base, inner = ns["outer"], ns["base"], ns["inner"]
    assert inner is base.get_layer("hidden")
    # One layer of the outer graph: the base, whose own layers are not the outer model's.
    assert outer.layers[1] is base and len(outer.layers) == 3
    assert inner not in outer.layers
    # Calling the base on `inputs` called `hidden` no more: its one call is the base's build,
    # on the base's own input, and `inner.output` is that call's tensor.
    assert len(inner._inbound_nodes) == 1
    assert inner._inbound_nodes[0].input_tensors[0] is base.input
    assert inner._inbound_nodes[0].output_tensors[0] is inner.output
    assert outer.input is ns["inputs"] is not base.input
    # Walking back from it arrives at base.input: from there the model builds.
    assert keras.Model(base.input, inner.output).count_params() == 8 * 6 + 6
    # Starting from `outer.inputs` instead fails the same way.
    with pytest.raises(ValueError) as plural:
        keras.Model(outer.inputs, inner.output)
    assert f"ValueError: {plural.value}\n" == message
    # The fix: a model on the base's graph, called on the tensor the outer model feeds the base
    # (the outer model's input here: the base's one call in it is on that tensor).
    (base_call,) = base._inbound_nodes
    assert base_call.input_tensors[0] is outer.input
    base_features = keras.Model(base.input, inner.output)
    features = keras.Model(outer.input, base_features(outer.input))
    # Its layers are the base's own: ReLU(x @ kernel + bias) with the base's weights.
    assert features.layers[1].layers[1] is inner
    kernel, bias = inner.get_weights()
    expected = np.maximum(np.c_[SAMPLES, SAMPLES] @ kernel + bias, 0.0)
    values = features.predict(np.c_[SAMPLES, SAMPLES], verbose=0)
    assert close(values, expected)
    # Negative control: a layer of the outer model itself ends a model from `outer.input`.
    head = outer.get_layer("head")
    assert keras.Model(outer.input, head.output).count_params() == outer.count_params()


@pytest.mark.claim(
    PAGE,
    "This is the not connected error. An output computed from another model's tensors, its "
    "input included, is such a case too. Keras 3 tensors belong to no TensorFlow graph or "
    "session: tensors made before `keras.backend.clear_session()` still build a model.",
)
def test_graph_disconnected_cases_of_keras_2_raise_not_connected(snippet, printed):
    run = snippet("troubleshooting/graph_disconnected.py")
    shown = printed(PAGE, SNIPPETS + "graph_disconnected.py:missing")
    first_line = shown.rstrip("\n")
    assert first_line == run.stdout.splitlines()[1]
    assert first_line == "ValueError: Output with path `` is not connected to `inputs`"
    assert shown == printed(PAGE, SNIPPETS + "output_not_connected.py")  # the not connected entry's
    # Another model's output, and a tensor computed from another model's input.
    # (Named layers: the graph Keras walks spans both models, and with pytest-xdist on JAX the
    # automatic names once collided, "dense" twice, which Keras refuses first.)
    other_input = keras.Input((4,))
    other = keras.Model(other_input, keras.layers.Dense(3, name="other_dense")(other_input))
    inputs = keras.Input((4,))
    computed = keras.layers.Dense(3, name="from_other_input")(other_input)
    for number, foreign in enumerate((other.output, computed)):
        with pytest.raises(ValueError) as raised:
            keras.Model(inputs, keras.layers.Dense(2, name=f"head_{number}")(foreign))
        assert str(raised.value) == first_line.removeprefix("ValueError: ")
    # No graph or session: tensors from before clear_session() build a working model.
    before = keras.Input((4,))
    kept = keras.layers.Dense(2)(before)
    keras.backend.clear_session()
    model = keras.Model(before, kept)
    assert model.count_params() == 4 * 2 + 2
    assert model.predict(SAMPLES, verbose=0).shape == (8, 2)
    # Negative control: the same foreign tensor with its own input as `inputs` is accepted.
    assert keras.Model(other_input, keras.layers.Dense(2)(other.output)).count_params() == 15 + 8


@pytest.mark.claim(
    PAGE,
    "The model is built and keeps both inputs, and `predict` ignores the second. Give it data "
    "for both: data for the first alone raises `ValueError` with TensorFlow and PyTorch as the "
    "backend, while JAX only warns that the inputs do not match and predicts.",
)
def test_an_input_no_output_needs_is_kept(snippet, printed):
    # The page's blocks, in order, as a reader runs them.
    ns = run_sections("troubleshooting/graph_disconnected.py", "no_history", "missing", "unused")
    model = ns["model"]
    assert len(model.inputs) == 2
    assert model.inputs[0] is ns["inputs"] and model.inputs[1] is ns["extra"]
    expected = f"inputs: {len(model.inputs)}, parameters: {model.count_params()}\n"
    assert printed(PAGE, SNIPPETS + "graph_disconnected.py:unused") == expected
    assert snippet("troubleshooting/graph_disconnected.py").stdout.splitlines()[2] + "\n" == (
        expected
    )
    features_only = keras.Model(ns["inputs"], ns["features"])
    assert model.count_params() == features_only.count_params()
    # The same layer on the same numbers, in the same batch: bit-identical, whatever the second
    # input holds.
    expected = features_only.predict(SAMPLES, verbose=0)
    other = np.random.default_rng(1).random((8, 3), dtype=np.float32)
    for second in (other, np.zeros((8, 3), dtype=np.float32)):
        assert max_difference(model.predict([SAMPLES, second], verbose=0), expected) == 0.0
    # Data for the first input alone: refused, except by JAX, which warns and predicts.
    if keras.backend.backend() == "jax":
        with pytest.warns(UserWarning, match="doesn't match the expected structure"):
            alone = model.predict(SAMPLES, verbose=0)
        assert max_difference(alone, expected) == 0.0
    else:
        with pytest.raises(ValueError, match=r"expects 2 .*input\(s\).* received 1 input"):
            model.predict(SAMPLES, verbose=0)
    # Negative control: a model whose output does use the second input tells the two apart.
    both = keras.Model(model.inputs, keras.layers.Concatenate()([ns["features"], model.inputs[1]]))
    zeros = np.zeros((8, 3), dtype=np.float32)
    used = both.predict([SAMPLES, other], verbose=0) - both.predict([SAMPLES, zeros], verbose=0)
    assert np.abs(used).max() > 0.1


@pytest.mark.claim(
    PAGE,
    'Cause. Keras 3 raises "Graph disconnected: cannot find parent for tensor" for a tensor that '
    "no `keras.Input`, layer or `keras.ops` function produced, such as a `keras.KerasTensor` "
    "made by hand, the way TensorFlow 1 code made placeholders: it has a shape but no history, "
    "so walking back from the output, Keras finds nothing that produced it. Keras 3 raises "
    '"Graph disconnected" in this one place, keras/src/ops/function.py.',
)
@pytest.mark.claim(
    PAGE,
    "Fix. Start every path of the model at a `keras.Input` and pass each of those inputs to "
    "`keras.Model`. Make a placeholder a `keras.Input`, not a `keras.KerasTensor`, and add it "
    "to the inputs: `keras.Model([inputs, placeholder], outputs)`. If your message is Keras "
    '2\'s "Graph disconnected: cannot obtain value for tensor", Keras 3 says "not connected" '
    "instead: see not connected.",
)
def test_graph_disconnected_is_left_for_a_tensor_without_history(snippet, printed):
    # "In one place": the installed Keras source says it once, in ops/function.py.
    package = Path(keras.src.__file__).parent
    places = [
        (path.relative_to(package.parent.parent).as_posix(), line)
        for path in package.rglob("*.py")
        if not path.name.endswith("_test.py")
        for line in map(str.strip, path.read_text(encoding="utf-8").splitlines())
        if "Graph disconnected" in line
    ]
    assert places == [
        ("keras/src/ops/function.py", '"Graph disconnected: cannot find parent for "')
    ]
    # Keras 2's message is nowhere in Keras 3: its case is the not connected error (below).
    assert not [
        path
        for path in package.rglob("*.py")
        if "cannot obtain value for tensor" in path.read_text(encoding="utf-8")
    ]
    run = snippet("troubleshooting/graph_disconnected.py")
    placeholder = run.namespace["placeholder"]
    # No history: no operation produced it (Keras records an empty one once a layer uses it).
    assert placeholder._keras_history.operation is None
    assert not hasattr(keras.KerasTensor(shape=(None, 3)), "_keras_history")
    assert run.namespace["features"]._keras_history.operation is not None  # a Dense layer's
    assert run.stdout.splitlines()[0].startswith(
        f"ValueError: Graph disconnected: cannot find parent for tensor {placeholder!r} at "
        "operation '<Add name=add"
    )
    # The page shows the same message (with the page's own generated names), once.
    shown = printed(PAGE, SNIPPETS + "graph_disconnected.py:no_history")
    assert unnumbered(shown) == unnumbered(run.stdout.splitlines()[0] + "\n")
    # What code written for Keras 2 meets instead: the not connected error, for an output that
    # needs a tensor the model is not given.
    assert printed(PAGE, SNIPPETS + "graph_disconnected.py:missing") == (
        "ValueError: Output with path `` is not connected to `inputs`\n"
    )
    # Another tensor without history, a layer's output spec, is refused the same way.
    inputs = keras.Input((4,))
    features = keras.layers.Dense(3)(inputs)
    spec = keras.layers.Dense(3).compute_output_spec(inputs)
    with pytest.raises(ValueError, match=r"^Graph disconnected: cannot find parent for tensor"):
        keras.Model(inputs, keras.layers.Add()([features, spec]))
    # Tensors that a layer or a keras.ops function produced have a history, and are accepted.
    squared = keras.ops.square(features)
    assert squared._keras_history.operation is not None
    assert keras.Model(inputs, keras.layers.Add()([features, squared])).count_params() == 15
    # Negative control, the fix: the placeholder as a keras.Input, passed in `inputs`.
    placeholder = keras.Input(shape=(3,))
    outputs = keras.layers.Add()([features, placeholder])
    model = keras.Model([inputs, placeholder], outputs)
    ones = np.ones((8, 3), dtype=np.float32)
    expected = keras.Model(inputs, features).predict(SAMPLES, verbose=0) + 1.0
    assert close(model.predict([SAMPLES, ones], verbose=0), expected)


@pytest.mark.claim(
    PAGE,
    "Cause. A `keras.Input`, and every tensor computed from it while a Functional model is being "
    "built, is a `KerasTensor`: a shape and a dtype with no values. TensorFlow functions such as "
    "`tf.math.log` need values, so they ask the tensor for them, and a `KerasTensor` answers "
    "with this error (source). Python operators between a `KerasTensor` and a TensorFlow tensor "
    "work, in either order, because the `KerasTensor` turns them into `keras.ops` calls: "
    "`inputs + tf.constant(1.0)` and `tf.constant(1.0) + inputs` are both accepted. A NumPy "
    "array on the left is not: see the next entry.",
)
def test_a_tensorflow_function_refuses_a_kerastensor(snippet, printed):
    run = snippet("troubleshooting/tensorflow_function_on_input.py")
    assert printed(PAGE, SNIPPETS + "tensorflow_function_on_input.py") == run.stdout
    inputs = run.namespace["inputs"]
    assert "logs" not in run.namespace  # the call raised before anything was bound
    assert run.stdout.startswith(
        "ValueError: A KerasTensor cannot be used as input to a TensorFlow function. "
    )
    message = run.stdout.removeprefix("ValueError: ").rstrip("\n")
    # Every tensor computed from the Input is a KerasTensor, and holds no values.
    computed = [keras.layers.Dense(3)(inputs), keras.ops.square(inputs), inputs * 2.0]
    for tensor in [inputs, *computed]:
        assert isinstance(tensor, keras.KerasTensor)
        with pytest.raises(ValueError, match="doesn't have any actual numerical value"):
            np.asarray(tensor)
    # Other TensorFlow functions refuse it with the same message.
    for function in (tf.nn.relu, tf.reduce_sum, lambda x: tf.concat([x, x], -1), tf.shape):
        for tensor in [inputs, *computed]:
            with pytest.raises(ValueError) as refused:
                function(tensor)
            assert str(refused.value).rstrip("\n") == message
    # The error is the KerasTensor's answer when TensorFlow asks it for a tensor.
    with pytest.raises(ValueError) as asked:
        inputs.__tf_tensor__()
    assert str(asked.value).rstrip("\n") == message
    # Python operators with a TensorFlow tensor, in either order, go through keras.ops and
    # give a KerasTensor with a history.
    constant = tf.constant(1.0)
    for combine in (
        lambda x, t: x + t,
        lambda x, t: t + x,
        lambda x, t: t - x,
        lambda x, t: t * x,
        lambda x, t: t / x,
        lambda x, t: x * t,
    ):
        for tensor in [inputs, *computed]:
            result = combine(tensor, constant)
            assert isinstance(result, keras.KerasTensor)
            assert type(result._keras_history.operation).__module__ == "keras.src.ops.numpy"
    # A NumPy array on the left is refused (the next entry's message).
    with pytest.raises(ValueError, match="^A KerasTensor is symbolic"):
        np.ones(4, dtype="float32") + inputs
    # Negative control: on real values, the same TensorFlow function works.
    assert float(tf.math.log(tf.constant(np.e, dtype=tf.float32))) == pytest.approx(1.0)


@pytest.mark.claim(
    PAGE,
    "Fix. Use the `keras.ops` function that does the same, here `keras.ops.log`, which accepts a "
    "`KerasTensor` and works on every backend.",
)
@pytest.mark.claim(PAGE, "It gives the natural logarithm of each value, within float32 rounding.")
def test_keras_ops_replaces_the_tensorflow_function(snippet, printed):
    run = snippet("troubleshooting/keras_ops_instead.py")
    # The entry's block after the one that shows the error.
    sources = page_sources()
    assert sources.index("keras_ops_instead.py") == (
        sources.index("tensorflow_function_on_input.py") + 1
    )
    # What the page shows: the four logarithms, as NumPy prints float32 values.
    shown = printed(PAGE, SNIPPETS + "keras_ops_instead.py")
    assert shown == run.stdout
    values = np.array(shown.removeprefix("keras.ops.log: [").rstrip("]\n").split(), dtype=float)
    # Printed to NumPy's 8 significant digits: within 1e-6 of the logs (at most 6.9 here).
    assert close(values, np.log(run.namespace["data"][0]))
    ns = run.namespace
    data, logs = ns["data"], ns["model"].predict(ns["data"], verbose=0)
    # The step keras.ops.log added to the model is a keras.ops operation.
    assert type(ns["logs"]._keras_history.operation).__module__ == "keras.src.ops.numpy"
    # The natural logarithm, up to float32 rounding (one ulp of 6.9 is about 5e-7).
    assert close(logs, np.log(data))
    assert run.stdout == f"keras.ops.log: {logs[0]}\n"
    # Negative control: the check tells the logarithm from a neighbouring function.
    assert max_difference(logs, np.log1p(data)) > 1e-2


def tensorflow_log_layer(received: list):
    """A layer that calls a TensorFlow function, and notes the type of each tensor it gets."""

    class TFLog(keras.layers.Layer):
        def call(self, x):
            received.append(type(x))
            return tf.math.log(x)

    return TFLog()


@pytest.mark.claim(
    PAGE,
    "When `keras.ops` lacks the function, do what the message says: with TensorFlow as the "
    "backend, call the TensorFlow function in the `call` method of a small custom layer (third "
    "block below).",
)
@pytest.mark.claim(
    PAGE,
    "With TensorFlow as the backend, `call` receives TensorFlow tensors, never the "
    "`KerasTensor`, so `tf.math.log` works there, and gives the same numbers as "
    "`keras.ops.log` above.",
)
def test_a_tensorflow_function_works_inside_a_layer(snippet, printed):
    about_backend("tensorflow")
    # What the message says: wrap the TensorFlow function in a layer.
    message = snippet("troubleshooting/tensorflow_function_on_input.py").stdout
    assert "What you should do instead is wrap `tf_fn` in a layer" in message
    # The third block of the entry: the error, the keras.ops fix, then the layer.
    sources = page_sources()
    first = sources.index("tensorflow_function_on_input.py")
    assert sources[first : first + 3] == [
        "tensorflow_function_on_input.py",
        "keras_ops_instead.py",
        "tensorflow_function_in_a_layer.py",
    ]
    # The page shows the same numbers under the layer as under keras.ops.log.
    by_layer = printed(PAGE, SNIPPETS + "tensorflow_function_in_a_layer.py")
    by_ops = printed(PAGE, SNIPPETS + "keras_ops_instead.py")
    assert by_layer.removeprefix("tf.math.log in a layer: ") == by_ops.removeprefix(
        "keras.ops.log: "
    )
    ns = snippet("troubleshooting/tensorflow_function_in_a_layer.py").namespace
    ops = snippet("troubleshooting/keras_ops_instead.py").namespace
    logs = ns["model"].predict(ns["data"], verbose=0)
    # The same TensorFlow kernel: bit-identical, not only within rounding.
    assert max_difference(logs, ops["model"].predict(ops["data"], verbose=0)) == 0.0
    # The layer as the page writes it, on TensorFlow, runs the TensorFlow function: a spy on
    # it sees each call, with TensorFlow tensors.
    received = []
    inputs = keras.Input(shape=(4,))
    model = keras.Model(inputs, tensorflow_log_layer(received)(inputs))
    model.predict(ns["data"], verbose=0)
    model(ns["data"])
    assert received and all(issubclass(kind, tf.Tensor) for kind in received)
    assert not any(issubclass(kind, keras.KerasTensor) for kind in received)
    assert max_difference(model(ns["data"]), logs) == 0.0
    # Negative control: another function in the layer gives different numbers.
    assert max_difference(logs, np.log1p(ns["data"])) > 1e-2


@pytest.mark.claim(
    PAGE,
    "On the other backends `call` receives that backend's tensors instead: a JAX tracer, on "
    "which the TensorFlow function fails as soon as the layer is called on the `keras.Input`, or "
    "a `torch.Tensor`. There, use `keras.ops`, as the layer above does.",
)
def test_a_layer_receives_the_backends_own_tensors(snippet, printed):
    ns = snippet("troubleshooting/keras_ops_instead.py").namespace
    received = []
    inputs = keras.Input(shape=(4,))
    backend = keras.backend.backend()
    # "As the layer above does": on this backend, the page's layer gives keras.ops.log's
    # numbers, and its code calls keras.ops.log on any backend but TensorFlow.
    code = (ROOT / SNIPPETS / "tensorflow_function_in_a_layer.py").read_text(encoding="utf-8")
    assert 'if keras.backend.backend() == "tensorflow":\n' in code
    assert "return keras.ops.log(x)" in code.split('== "tensorflow":', 1)[1]
    shown = printed(PAGE, SNIPPETS + "tensorflow_function_in_a_layer.py")
    assert shown.removeprefix("tf.math.log in a layer: ") == printed(
        PAGE, SNIPPETS + "keras_ops_instead.py"
    ).removeprefix("keras.ops.log: ")
    if backend == "jax":
        import jax

        error = None
        try:
            tensorflow_log_layer(received)(inputs)
        except Exception as exc:  # noqa: BLE001 - the type is checked below
            error = exc
        assert type(error) is AttributeError
        assert "Exception encountered when calling TFLog.call()" in str(error)
        assert received and all(issubclass(kind, jax.core.Tracer) for kind in received)
        return
    model = keras.Model(inputs, tensorflow_log_layer(received)(inputs))
    logs = model.predict(ns["data"], verbose=0)
    expected = tf.Tensor if backend == "tensorflow" else __import__("torch").Tensor
    # Called on the keras.Input, then run on data: every call after the first gets real
    # tensors of the backend's own kind, never a KerasTensor.
    assert received[1:] and all(issubclass(kind, expected) for kind in received[1:])
    assert not any(issubclass(kind, keras.KerasTensor) for kind in received[1:])
    # Negative control: another function in the layer gives different numbers.
    assert max_difference(logs, np.log1p(ns["data"])) > 1e-2


SYMBOLIC = (
    "A KerasTensor is symbolic: it's a placeholder for a shape an a dtype. It doesn't have any "
    "actual numerical value. You cannot convert it to a NumPy array."
)


@pytest.mark.claim(
    PAGE,
    "Fix. Use the `keras.ops` function for the NumPy one: `keras.ops.add(offset, inputs)` for "
    "`offset + inputs`, `keras.ops.log(inputs)` for `np.log(inputs)`. For `+` and `*`, you can "
    "also put the `KerasTensor` first: `inputs + offset`; not for `-` or `/`, where the swap "
    "changes the result (`keras.ops.subtract(offset, inputs)` keeps it).",
)
@pytest.mark.claim(
    PAGE,
    "Cause. A `keras.Input` holds no values (see the previous entry). With a NumPy array or a "
    "NumPy number on the left of an operator, NumPy handles it: it turns the other operand into "
    "a NumPy array, and a `KerasTensor` refuses with this message. NumPy functions such as "
    "`np.log` do the same. With the `KerasTensor` on the left, Python asks it first, and it "
    "records a `keras.ops` step instead.",
)
def test_numpy_refuses_a_kerastensor(snippet, printed):
    run = snippet("troubleshooting/numpy_on_input.py")
    message = f"ValueError: {SYMBOLIC}\n"
    error_line = run.stdout.splitlines(keepends=True)[0]
    assert printed(PAGE, SNIPPETS + "numpy_on_input.py:error") == error_line == message
    inputs, offset = run.namespace["inputs"], run.namespace["offset"]
    computed = [keras.layers.Dense(4)(inputs), keras.ops.square(inputs)]
    # An array or a NumPy number on the left of any operator: NumPy converts the KerasTensor.
    array_first = (
        lambda t: offset + t,
        lambda t: offset - t,
        lambda t: offset * t,
        lambda t: offset / t,
        lambda t: offset > t,
        lambda t: np.eye(4, dtype="float32") @ t,
        lambda t: np.float32(2.0) + t,
        lambda t: np.float64(2.0) * t,
    )
    for tensor in [inputs, *computed]:
        for combine in array_first:
            with pytest.raises(ValueError) as refused:
                combine(tensor)
            assert str(refused.value) == SYMBOLIC
        # The conversion NumPy asks for is what refuses.
        with pytest.raises(ValueError) as converted:
            np.asarray(tensor)
        assert str(converted.value) == SYMBOLIC
        # NumPy functions, whatever the order of their arguments.
        for function in (np.log, np.exp, lambda t: np.add(t, offset), np.sum):
            with pytest.raises(ValueError) as refused:
                function(tensor)
            assert str(refused.value) == SYMBOLIC
        # The KerasTensor on the left: a keras.ops step, for an array or a NumPy number.
        for result in (
            tensor + offset,
            tensor * offset,
            tensor @ np.eye(4),
            tensor + np.float32(2),
        ):
            assert isinstance(result, keras.KerasTensor)
            assert type(result._keras_history.operation).__module__ == "keras.src.ops.numpy"
    # The fixes of the Fix: keras.ops with the array first, keras.ops.log, the Input first.
    data = np.array([[1.0, 2.0, 3.0, 4.0]], dtype="float32")
    for fixed, expected in (
        (keras.ops.add(offset, inputs), offset + data),
        (keras.ops.log(inputs), np.log(data)),
        (inputs + offset, offset + data),
    ):
        assert close(keras.Model(inputs, fixed).predict(data, verbose=0), expected)
    # The swap keeps + and *, which commute; - and / it changes (on values other than the
    # offset's), and keras.ops.subtract keeps the meaning.
    other = np.array([[10.0, 20.0, 30.0, 40.0]], dtype="float32")
    swapped = {
        "+": (inputs + offset, offset + other),
        "*": (inputs * offset, offset * other),
        "-": (inputs - offset, offset - other),
        "/": (inputs / offset, offset / other),
    }
    for operator, (tensor_first, meant) in swapped.items():
        result = keras.Model(inputs, tensor_first).predict(other, verbose=0)
        assert close(result, meant) == (operator in "+*"), operator
    subtracted = keras.Model(inputs, keras.ops.subtract(offset, inputs)).predict(other, verbose=0)
    assert close(subtracted, offset - other)
    # Negative control: on values, the same NumPy operator works.
    assert np.array_equal(offset + data, data + offset)


@pytest.mark.claim(PAGE, "The model adds the offset to each sample.")
def test_keras_ops_add_takes_the_array_first(snippet, printed):
    run = snippet("troubleshooting/numpy_on_input.py")
    shown = printed(PAGE, SNIPPETS + "numpy_on_input.py:fix")
    assert shown == run.stdout.split("\n", 1)[1]
    ns = run.namespace
    values = np.array(shown.removeprefix("offset + data: [").rstrip("]\n").split(), dtype=float)
    # Sums of small whole numbers: exact in float32.
    assert np.array_equal(values, (ns["offset"] + ns["data"])[0])
    assert np.array_equal(ns["model"].predict(ns["data"], verbose=0), ns["offset"] + ns["data"])
    # The offset is added per position, to each sample of a batch.
    batch = np.random.default_rng(3).normal(size=(5, 4)).astype("float32")
    assert close(ns["model"].predict(batch, verbose=0), batch + ns["offset"])
    # Negative control: the data alone is not what the model returns.
    assert not np.array_equal(values, ns["data"][0])


@pytest.mark.claim(
    PAGE,
    "Cause. A Keras 3 Sequential model defines `.input` and `.output` only once it has been "
    "called, as a layer, on a symbolic tensor such as a `keras.Input`; starting it with "
    "`keras.Input` is not enough, and neither is calling it on data. Keras's message names the "
    "model. When the model starts with `keras.Input`, the plural `.inputs` and `.outputs` lists "
    "are set from the start.",
)
@pytest.mark.claim(
    PAGE,
    "The second message is the first one with PyTorch as the backend: there it reads "
    "`'Sequential' object has no attribute 'input'` (or `'output'`) instead.",
)
@pytest.mark.claim(
    PAGE,
    "PyTorch's message names the class, not the model. Every Keras layer is then also a "
    "`torch.nn.Module`: when Keras's property raises `AttributeError`, Python asks the class's "
    "`__getattr__`, and PyTorch's raises its own.",
)
@pytest.mark.claim(
    PAGE,
    "Fix. If the model starts with `keras.Input`, use `model.inputs[0]` and `model.outputs[0]`; "
    "without it, `model.inputs` raises no defined inputs until the model is built. Or define the "
    "model with the Functional API, whose `.input` and `.output` are the tensors it was built "
    "from.",
)
def test_sequential_input_and_output_attributes_raise(snippet, printed):
    run = snippet("troubleshooting/sequential_input_output.py")
    model = run.namespace["model"]
    # The page shows the same two lines, with the page's own model name.
    assert unnumbered(printed(PAGE, SNIPPETS + "sequential_input_output.py")) == run.stdout
    assert re.fullmatch(r"sequential(_\d+)?", model.name)
    keras_says = {  # Keras's own property raises these on every backend
        name: f"The layer {model.name} has never been called and thus has no defined {name}."
        for name in ("input", "output")
    }
    for name, message in keras_says.items():
        with pytest.raises(AttributeError) as own:
            getattr(type(model), name).fget(model)
        assert type(own.value) is AttributeError and str(own.value) == message
    getattr_owners = [c for c in type(model).__mro__ if "__getattr__" in vars(c)]
    if keras.backend.backend() == "torch":
        # Every layer is a torch.nn.Module, whose __getattr__ answers for the AttributeError.
        import torch

        assert isinstance(model, torch.nn.Module) and isinstance(model.layers[0], torch.nn.Module)
        assert getattr_owners == [torch.nn.Module]
        said = {name: f"'Sequential' object has no attribute '{name}'" for name in keras_says}
        for name, message in said.items():
            with pytest.raises(AttributeError) as answered:
                torch.nn.Module.__getattr__(model, name)
            assert str(answered.value) == message
            assert model.name not in message and type(model).__name__ in message
    else:
        # Negative control: no class of the model defines __getattr__, so Keras's message stays.
        assert getattr_owners == []
        said = keras_says
    assert run.stdout == "".join(f"AttributeError: {said[name]}\n" for name in said)
    # Negative control: the plural lists are set, and a Functional model's .input/.output work.
    assert model.inputs[0].shape == (None, 784)
    assert model.outputs[0].shape == (None, 32)
    inputs = keras.Input(shape=(784,))
    outputs = keras.layers.Dense(32)(inputs)
    functional = keras.Model(inputs, outputs)
    assert functional.input is inputs and functional.output is outputs
    # Called on data, it still has no .input; once called on a symbolic tensor, it has both.
    called = fresh("troubleshooting/sequential_input_output.py")["model"]
    called(np.ones((2, 784), dtype="float32"))
    with pytest.raises(AttributeError) as still:
        _ = called.input
    if keras.backend.backend() == "torch":
        assert str(still.value) == said["input"]
    else:
        assert str(still.value) == (
            f"The layer {called.name} has never been called and thus has no defined input."
        )
    tensor = keras.Input(shape=(784,))
    result = called(tensor)
    assert called.input is tensor and called.output is result
    # Without keras.Input, the plural lists are not set either ("from the start" needs it),
    # until the model is built.
    without = keras.Sequential([keras.layers.Dense(2)])
    with pytest.raises(AttributeError) as unset:
        _ = without.inputs
    if keras.backend.backend() == "torch":
        assert str(unset.value) == "'Sequential' object has no attribute 'inputs'"
    else:
        assert str(unset.value) == f"Sequential model '{without.name}' has no defined inputs yet."
    without.build((None, 4))
    assert without.inputs[0].shape == (None, 4) and without.outputs[0].shape == (None, 2)


@pytest.mark.claim(
    PAGE,
    "Code that must run on both catches the two, as the code above does: with the Keras 3.5 "
    "behaviour put back, it prints the same message as a `ValueError` instead of failing. With "
    "PyTorch as the backend, it prints Keras's message there, not PyTorch's: Python asks "
    "`__getattr__` only after an `AttributeError`.",
)
def test_the_input_snippet_also_runs_where_valueerror_is_raised(snippet, monkeypatch):
    path = ROOT / "snippets" / "troubleshooting" / "sequential_input_output.py"
    handlers = [
        ast.unparse(node.type)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.ExceptHandler)
    ]
    assert handlers == ["(AttributeError, ValueError)"] * 2
    # Keras 3.0 to 3.5 raised ValueError where 3.6 raises AttributeError, in this method
    # (keras-team/keras#20156): put that back.
    assert "raise AttributeError(" in inspect.getsource(Operation._get_node_attribute_at_index)
    current = Operation._get_node_attribute_at_index

    def as_in_keras_3_5(self, *args):
        try:
            return current(self, *args)
        except AttributeError as error:
            raise ValueError(str(error)) from None

    # The session's run, as Keras is (run now if no test ran it yet: before the patch).
    now = snippet("troubleshooting/sequential_input_output.py")
    monkeypatch.setattr(Operation, "_get_node_attribute_at_index", as_in_keras_3_5)
    old = executor.run_file(path)
    keras_says = "".join(
        f"ValueError: The layer {old.namespace['model'].name} has never been called and thus "
        f"has no defined {name}.\n"
        for name in ("input", "output")
    )
    assert old.stdout == keras_says
    if keras.backend.backend() == "torch":
        # The AttributeError went to torch.nn.Module.__getattr__; the ValueError does not.
        assert now.stdout == (
            "AttributeError: 'Sequential' object has no attribute 'input'\n"
            "AttributeError: 'Sequential' object has no attribute 'output'\n"
        )
        assert old.stdout != now.stdout.replace("AttributeError: ", "ValueError: ")
    else:
        assert old.stdout == now.stdout.replace("AttributeError: ", "ValueError: ")
    assert old.stdout.count("ValueError: ") == 2
    # Negative control: code that catches only AttributeError fails on that behaviour.
    only_one = path.read_text(encoding="utf-8").replace(
        "(AttributeError, ValueError)", "AttributeError"
    )
    with pytest.raises(executor.SnippetError, match="raised ValueError: The layer sequential"):
        executor.run(only_one, "only_attribute_error.py")


def no_inputs_message(model, name: str = "inputs") -> str:
    """What `model.inputs` (or `.outputs`) of an unbuilt Sequential model says on this backend."""
    if keras.backend.backend() == "torch":
        return f"'Sequential' object has no attribute '{name}'"
    return f"Sequential model '{model.name}' has no defined {name} yet."


@pytest.mark.claim(
    PAGE,
    "Fix. Start the model with `keras.Input(shape=(784,))`, or build it first with "
    "`model.build((None, 784))`: then `model.inputs[0]` is a tensor of shape `(None, 784)`.",
)
@pytest.mark.claim(
    PAGE,
    "Cause. A Sequential model without `keras.Input` does not know the shape of its input until "
    "it is built, by `build`, by a first call on data or by `fit`, so it has no input tensor to "
    'give. `model.outputs` raises the same way, with "outputs".',
)
@pytest.mark.claim(
    PAGE,
    "The built model's input accepts any number of samples of {features} numbers.",
)
def test_a_sequential_model_without_input_has_no_inputs(snippet, printed, stated):
    run = snippet("troubleshooting/sequential_no_inputs.py")
    error, fix = run.stdout.splitlines(keepends=True)
    model = fresh("troubleshooting/sequential_no_inputs.py")["model"]
    # The page shows the message, with its own model name, and the built model's input.
    shown = printed(PAGE, SNIPPETS + "sequential_no_inputs.py:error")
    assert unnumbered(shown) == unnumbered(error)
    assert error == f"AttributeError: {no_inputs_message(model)}\n"
    assert printed(PAGE, SNIPPETS + "sequential_no_inputs.py:fix") == fix
    built = run.namespace["model"]
    assert fix == f"model.inputs[0].shape: {built.inputs[0].shape}\n"
    # Unbuilt: no shape, no weights, and neither list.
    unbuilt = keras.Sequential([keras.layers.Dense(32)])
    assert not unbuilt.built and unbuilt.weights == []
    for name in ("inputs", "outputs"):
        with pytest.raises(AttributeError) as raised:
            getattr(unbuilt, name)
        assert str(raised.value) == no_inputs_message(unbuilt, name)
    # Built by `build`, by a first call on data, or by `fit`: then the lists are set.
    x = np.ones((8, 784), dtype="float32")
    by_call = keras.Sequential([keras.layers.Dense(32)])
    by_call(x)
    # Its own training: the page builds its model with build() only, never by fit.
    by_fit = keras.Sequential([keras.layers.Dense(32)])
    by_fit.compile(optimizer="sgd", loss="mse")
    by_fit.fit(x, np.zeros((8, 32)), epochs=1, verbose=0)
    for model in (built, by_call, by_fit):
        assert model.built and model.inputs[0].shape[-1] == 784
        assert model.outputs[0].shape[-1] == 32
    # The fixes: keras.Input, or build((None, 784)): a (None, 784) input, any number of samples.
    with_input = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(32)])
    for model in (with_input, built):
        assert tuple(model.inputs[0].shape) == (None, 784)
        for samples in (1, 5):
            assert model.predict(x[:samples], verbose=0).shape == (samples, 32)
    stated(features=built.inputs[0].shape[-1])
    # Negative control: built from data instead, the batch size of that call is in the shape.
    assert by_call.inputs[0].shape[0] == 8


@pytest.mark.claim(
    PAGE,
    "With PyTorch as the backend, the message is `'Sequential' object has no attribute "
    "'inputs'`, for the reason given in the previous entry's box.",
)
def test_a_sequential_model_without_input_has_no_inputs_with_torch(printed):
    about_backend("torch")
    import torch

    shown = printed(PAGE, SNIPPETS + "sequential_no_inputs.py:error")
    assert shown == "AttributeError: 'Sequential' object has no attribute 'inputs'\n"
    # The previous entry's reason: Keras's property raises its AttributeError, and Python then
    # asks torch.nn.Module.__getattr__, which raises its own.
    model = keras.Sequential([keras.layers.Dense(32)])
    with pytest.raises(AttributeError) as own:
        type(model).inputs.fget(model)
    assert str(own.value) == f"Sequential model '{model.name}' has no defined inputs yet."
    with pytest.raises(AttributeError) as answered:
        torch.nn.Module.__getattr__(model, "inputs")
    assert f"AttributeError: {answered.value}\n" == shown
    # Negative control: built, the model has its inputs on PyTorch too.
    model.build((None, 784))
    assert tuple(model.inputs[0].shape) == (None, 784)


@pytest.mark.claim(
    PAGE,
    "Fix. Build a model with two inputs with the Functional API: make each input a "
    "`keras.Input`, join the two paths with a merge layer such as `keras.layers.Concatenate()`, "
    "and pass both inputs to `keras.Model([first, second], outputs)`. For a model with one "
    "input, keep only the first `keras.Input`.",
)
@pytest.mark.claim(
    PAGE,
    "Cause. Once the first layer of a Sequential model is a `keras.Input` (or has an "
    "`input_shape`), the model refuses any other `keras.Input`, in the list or through `add()`, "
    'even one of the same shape: the message says "different" all the same.',
)
@pytest.mark.claim(
    PAGE,
    "The model takes both inputs, and `Concatenate` joins the {features} features computed from "
    "the first with the {numbers} numbers of the second.",
)
def test_a_second_input_is_refused_by_a_sequential_model(snippet, printed, stated):
    run = snippet("troubleshooting/second_input.py")
    error, fix = run.stdout.splitlines(keepends=True)
    assert error == (
        "ValueError: Sequential model 'sequential' has already been configured to use input "
        "shape (None, 4). You cannot add a different Input layer to it.\n"
    )
    assert unnumbered(printed(PAGE, SNIPPETS + "second_input.py:error")) == error

    # Refused: in the list, through add(), the same shape, after an input_shape (which warns).
    def refused(build):
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "Do not pass an `input_shape`", UserWarning)
            with pytest.raises(ValueError, match=r"has already been configured to use input"):
                build()

    refused(lambda: keras.Sequential([keras.Input((4,)), keras.Input((4,))]))
    refused(lambda: keras.Sequential([keras.Input((4,)), keras.layers.Dense(2), keras.Input((2,))]))
    refused(lambda: keras.Sequential([keras.layers.Dense(2, input_shape=(4,)), keras.Input((4,))]))
    chain = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    refused(lambda: chain.add(keras.Input((2,))))
    assert len(chain.layers) == 1  # nothing was added
    # The condition: without a first keras.Input, a later one is not refused when the model is
    # made (it fails when the model is called instead).
    odd = keras.Sequential([keras.layers.Dense(2), keras.Input((3,))])
    with pytest.raises(ValueError, match="should have a single positional argument"):
        odd(np.ones((1, 5), dtype="float32"))
    # The fix: a Functional model with both inputs, joined by Concatenate.
    model = run.namespace["model"]
    assert printed(PAGE, SNIPPETS + "second_input.py:fix") == fix
    assert fix == f"inputs: {len(model.inputs)}, parameters: {model.count_params()}\n"
    assert model.inputs == [run.namespace["first"], run.namespace["second"]]
    concatenate = next(
        layer for layer in model.layers if isinstance(layer, keras.layers.Concatenate)
    )
    features, numbers = (tuple(t.shape) for t in concatenate._inbound_nodes[0].input_tensors)
    assert concatenate.output.shape == (None, features[-1] + numbers[-1])
    assert run.namespace["features"].shape == features and numbers == (None, 3)
    a, b = np.ones((2, 4), dtype="float32"), np.ones((2, 3), dtype="float32")
    assert model.predict([a, b], verbose=0).shape == (2, 1)
    stated(features=features[-1], numbers=numbers[-1])
    # Negative control: with one keras.Input only, the Sequential model is accepted.
    single = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8), keras.layers.Dense(1)])
    assert single.count_params() == (4 * 8 + 8) + (8 + 1)


@pytest.mark.claim(
    PAGE,
    "Cause. Without `keras.Input` (or an `input_shape` on its first layer, which warns), a "
    "Sequential model does not know the size of its input, so its layers have not created their "
    "weights yet (`model.weights` is `[]`) and there is nothing to count.",
)
@pytest.mark.claim(
    PAGE,
    "Fix. Start with `keras.Input(shape=(784,))`, or call `model.build((None, 784))` before "
    "counting: both give {parameters:,} parameters.",
)
def test_count_params_on_an_unbuilt_sequential_raises(snippet, printed, stated):
    run = snippet("troubleshooting/unbuilt_count_params.py")
    model = run.namespace["model"]
    assert unnumbered(printed(PAGE, SNIPPETS + "unbuilt_count_params.py")) == run.stdout
    assert run.stdout == (
        f"ValueError: You tried to call `count_params` on layer '{model.name}', but the layer "
        "isn't built. You can build it manually via: `layer.build(input_shape)`.\n"
    )
    assert model.weights == [] and not model.built
    assert [layer.built for layer in model.layers] == [False]
    # The warned-about alternative to keras.Input builds it too (the input_dim entry).
    with_shape, caught = recorded_warnings(
        lambda: keras.Sequential([keras.layers.Dense(32, input_shape=(784,))])
    )
    assert with_shape.built and [w.category for w in caught] == [UserWarning]
    # Negative control: either fix gives a model whose parameters can be counted.
    built_later = fresh("troubleshooting/unbuilt_count_params.py")["model"]
    built_later.build((None, 784))
    with_input = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(32)])
    assert built_later.count_params() == with_input.count_params() == 784 * 32 + 32
    stated(parameters=with_input.count_params())


@pytest.mark.claim(PAGE, "Cause. Keras 3 layers have neither `get_output_at` nor `get_input_at`.")
@pytest.mark.claim(
    PAGE,
    "Fix. `dense.output` is the output of the layer's first call on a symbolic tensor (calls on "
    "arrays do not count). For a later call, keep the tensor that the call returned.",
)
def test_get_output_at_is_gone(snippet, printed):
    run = snippet("troubleshooting/get_output_at.py")
    message = "AttributeError: 'Dense' object has no attribute 'get_output_at'\n"
    assert printed(PAGE, SNIPPETS + "get_output_at.py") == run.stdout == message
    dense = run.namespace["dense"]
    assert not hasattr(dense, "get_input_at")
    # Not on any layer or model class either.
    for kind in (keras.layers.Layer, keras.Model, keras.Sequential, keras.layers.InputLayer):
        assert not hasattr(kind, "get_output_at") and not hasattr(kind, "get_input_at")
    # Negative control: `dense.output` answers, with the first call's output.
    assert dense.output is run.namespace["outputs"]
    # After a second call it is still the first call's output; the second call's is the tensor
    # that call returned.
    ns = fresh("troubleshooting/get_output_at.py")
    later = ns["dense"](keras.Input(shape=(784,)))
    assert ns["dense"].output is ns["outputs"] and later is not ns["outputs"]
    assert tuple(later.shape) == (None, 32)
    # Calls on arrays do not count: a layer called on an array first answers with its first
    # call on a symbolic tensor, and one called only on arrays has no output.
    layer = keras.layers.Dense(32)
    layer(np.ones((1, 784), "float32"))
    with pytest.raises(AttributeError, match="has never been called"):
        _ = layer.output
    assert layer(keras.Input(shape=(784,))) is layer.output


# The part of the message the expected-axis entry is about, with its two numbers.
EXPECTED_AXIS = re.compile(
    r"Input 0 with name 'None' of layer '(?P<layer>\w+)' is incompatible with the layer: "
    r"expected axis -1 of input shape to have value (?P<expected>\d+), but received input with "
    r"shape \((?P<samples>None|\d+), (?P<received>\d+)\)"
)
BATCH_SIZE = 32  # fit's default: what JAX and PyTorch show where TensorFlow shows None


@pytest.mark.claim(
    PAGE,
    "Fix. Give the layer named in the message inputs whose last axis has N values, the size it "
    "was built for. If the data has another number of features than the model was built for, "
    "compare `x.shape[-1]` with `model.inputs[0].shape[-1]`, then build the model for the data, "
    "with `keras.Input(shape=(x.shape[1],))`, or give a trained model the features it was "
    "trained on.",
)
@pytest.mark.claim(
    PAGE,
    "Cause. A `Dense` layer makes its kernel for the size of the last axis of its first input, "
    "here the {units} of the `keras.Input`. From then on, Keras checks the shape of what the "
    "layer receives against that size before computing anything, and refuses any other. "
    '"received input with shape" gives what it got: `None` stands for the number of samples in '
    "a batch.",
)
def test_data_with_another_number_of_features_is_refused(snippet, printed, stated):
    run = snippet("troubleshooting/wrong_number_of_features.py")
    shown = printed(PAGE, SNIPPETS + "wrong_number_of_features.py:error")
    # The page prints the error as the snippet alone does (with the page's own layer name), and
    # as Keras raises it, but for the bold marks meant for a terminal.
    error_lines = run.stdout.split("\nx has ")[0] + "\n"
    assert unnumbered(shown) == unnumbered(error_lines)
    x, y = run.namespace["x"], run.namespace["y"]  # the data only, which nothing changes
    # Its own training: the shared run's fix replaced the refused model, and kept no kernel of it.
    model = keras.Sequential(
        [keras.Input(shape=(784,)), keras.layers.Dense(10, activation="softmax")]
    )
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    kernel = keras.ops.convert_to_numpy(model.layers[0].kernel).copy()
    with pytest.raises(ValueError) as raised:
        model.fit(x, y, epochs=1, verbose=0)
    raw = str(raised.value)
    assert "\x1b[1m" in raw and "\x1b[0m" in raw  # why the snippet removes them
    assert unnumbered(f"ValueError: {raw}".replace("\x1b[1m", "").replace("\x1b[0m", "")) == (
        unnumbered(error_lines.rstrip("\n"))
    )
    match = EXPECTED_AXIS.search(shown)
    dense = model.layers[0]
    # N is the size the named layer's kernel was made for: the last axis of the keras.Input.
    assert int(match["expected"]) == dense.kernel.shape[0] == model.inputs[0].shape[-1] == 784
    assert re.fullmatch(r"dense(_\d+)?", match["layer"])  # the model's one Dense layer
    # What it got: the data's features; None (TensorFlow) or the batch size for the samples.
    assert int(match["received"]) == x.shape[-1] == 64
    expected_samples = "None" if keras.backend.backend() == "tensorflow" else str(BATCH_SIZE)
    assert EXPECTED_AXIS.search(run.stdout)["samples"] == expected_samples
    # Before computing anything: the weights did not move, the optimizer took no step.
    assert int(model.optimizer.iterations) == 0
    assert np.array_equal(keras.ops.convert_to_numpy(model.layers[0].kernel), kernel)
    stated(units=int(match["expected"]))
    # The same for a layer in the middle, named in its message, and for any other size.
    a, b = keras.layers.Dense(8, name="first"), keras.layers.Dense(4, name="second")
    chain = keras.Sequential([keras.Input((5,)), a, b])
    for size in (3, 7, 9):
        with pytest.raises(ValueError) as other:
            b(keras.Input((size,)))
        found = EXPECTED_AXIS.search(str(other.value))
        assert (found["layer"], int(found["expected"]), int(found["received"])) == (
            "second",
            8,
            size,
        )
    # Its first input makes the kernel, whatever size that is.
    fresh_layer = keras.layers.Dense(3)
    fresh_layer(keras.Input((6,)))
    assert fresh_layer.kernel.shape == (6, 3)
    # The fixes: a model built for the data trains on it; a trained model takes data with the
    # features it was trained on, and refuses others with this message.
    fitted = keras.Sequential(
        [keras.Input(shape=(x.shape[-1],)), keras.layers.Dense(10, activation="softmax")]
    )
    fitted.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    fitted.fit(x, y, epochs=1, verbose=0)
    assert fitted.predict(x[:3], verbose=0).shape == (3, 10)
    with pytest.raises(ValueError) as wider:
        fitted(np.zeros((3, 784), dtype="float32"))
    assert EXPECTED_AXIS.search(str(wider.value))["expected"] == "64"
    assert chain.predict(np.zeros((2, 5)), verbose=0).shape == (2, 4)


@pytest.mark.claim(
    PAGE,
    "With TensorFlow as the backend, a model that has already run `predict` on data of the right "
    "width, then gets data of another width in `predict`, fails inside the function TensorFlow "
    'compiled for it instead, with `{error}`, "Graph execution error" and "Matrix '
    'size-incompatible", between the data, {samples} × {wrong}, and the kernel, {right} × '
    "{units}. `fit` after `fit` does the same. It is the same mistake, with the same fix.",
)
def test_after_an_earlier_run_tensorflow_refuses_the_width_itself(stated):
    about_backend("tensorflow")
    right, wrong, units, samples = 64, 784, 10, 3

    def model():
        return keras.Sequential([keras.Input((right,)), keras.layers.Dense(units)])

    # Negative control: a model that has not run yet gets Keras's message.
    with pytest.raises(ValueError) as first:
        model().predict(np.zeros((samples, wrong)), verbose=0)
    assert EXPECTED_AXIS.search(str(first.value))["expected"] == str(right)
    # predict, then predict on another width: TensorFlow's error, from its compiled function.
    predicted = model()
    predicted.predict(np.zeros((samples, right)), verbose=0)
    with pytest.raises(tf.errors.InvalidArgumentError) as raised:
        predicted.predict(np.zeros((samples, wrong)), verbose=0)
    error = raised.value
    assert str(error).startswith("Graph execution error")
    size = f"Matrix size-incompatible: In[0]: [{samples},{wrong}], In[1]: [{right},{units}]"
    assert size in str(error) and not EXPECTED_AXIS.search(str(error))
    # fit, then fit: the same, and the refused run leaves the weights as they were.
    # Its own training, TensorFlow only: the page describes fit after fit but runs none.
    fitted = model()
    fitted.compile(optimizer="adam", loss="mse")
    fitted.fit(np.zeros((40, right)), np.zeros((40, units)), verbose=0)
    kernel = fitted.layers[0].kernel.numpy().copy()
    with pytest.raises(tf.errors.InvalidArgumentError, match="Matrix size-incompatible"):
        fitted.fit(np.zeros((40, wrong)), np.zeros((40, units)), verbose=0)
    assert np.array_equal(fitted.layers[0].kernel.numpy(), kernel)
    # The same fix: data of the right width runs.
    assert predicted.predict(np.zeros((samples, right)), verbose=0).shape == (samples, units)
    stated(
        error=f"{type(error).__name__}",
        samples=samples,
        wrong=wrong,
        right=right,
        units=units,
    )


@pytest.mark.claim(PAGE, "The model built for {features} features trains on the digits.")
def test_a_model_built_for_the_data_trains(snippet, printed, stated):
    run = snippet("troubleshooting/wrong_number_of_features.py")
    shown = printed(PAGE, SNIPPETS + "wrong_number_of_features.py:fix")
    assert shown == "x has " + run.stdout.split("\nx has ", 1)[1]
    ns = run.namespace
    x, model = ns["x"], ns["model"]
    assert shown == (
        f"x has {x.shape[1]} features; the model expects 784\n"
        f"trained on {x.shape[0]:,} samples of {model.inputs[0].shape[-1]} features\n"
    )
    # Trained: one epoch, one optimizer step per batch of 32, on the 1,797 digits.
    assert int(model.optimizer.iterations) == -(-x.shape[0] // BATCH_SIZE)
    assert model.inputs[0].shape[-1] == x.shape[1]
    loss = model.evaluate(x, ns["y"], verbose=0)
    assert np.isfinite(loss)
    # Negative control: the same model untrained (a fresh clone) has a higher loss.
    untrained = keras.models.clone_model(model)
    untrained.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    assert untrained.evaluate(x, ns["y"], verbose=0) > loss
    stated(features=model.inputs[0].shape[-1])


@pytest.mark.claim(
    PAGE,
    "Calling a layer of a model on a tensor of another size gives the same message. In a "
    "{sizes} autoencoder, `autoencoder.layers[-1]` is only the last of the two decoding layers. "
    "Its weights were built for the {hidden} numbers the layer before it produces, so a "
    "{code}-number input does not fit. The message names that layer.",
)
@pytest.mark.claim(
    PAGE,
    "There, call the last two layers in turn: with `second_last, last = autoencoder.layers[-2:]`, "
    "build `keras.Model(encoded_input, last(second_last(encoded_input)))`. The decoder then has "
    "{parameters:,} parameters, all of them the autoencoder's own.",
)
def test_last_layer_of_a_deep_autoencoder_expects_128(snippet, printed, stated):
    run = snippet("troubleshooting/deep_decoder_last_layer.py")
    # The page shows the same message, naming the page's own layer.
    shown = printed(PAGE, SNIPPETS + "deep_decoder_last_layer.py")
    assert unnumbered(shown) == unnumbered(run.stdout)
    autoencoder = run.namespace["autoencoder"]
    last = autoencoder.layers[-1]
    sizes = [autoencoder.inputs[0].shape[-1], *(layer.units for layer in autoencoder.layers[1:])]
    assert sizes == [784, 128, 32, 128, 784]
    hidden, code = last.kernel.shape[0], run.namespace["encoded_input"].shape[-1]
    assert run.stdout == (
        f"ValueError: Input 0 with name 'None' of layer '{last.name}' is incompatible with the "
        f"layer: expected axis -1 of input shape to have value {hidden}, but received input "
        f"with shape (None, {code})\n"
    )
    # The same message as the data case: only the layer and the two sizes differ.
    assert EXPECTED_AXIS.search(run.stdout).groupdict() == {
        "layer": last.name,
        "expected": str(hidden),
        "samples": "None",
        "received": str(code),
    }
    # Negative control: the last two layers chained accept the 32-number input.
    ns = fresh("troubleshooting/deep_decoder_last_layer.py")
    autoencoder, encoded_input = ns["autoencoder"], ns["encoded_input"]
    second_last, last = autoencoder.layers[-2:]
    decoder = keras.Model(encoded_input, last(second_last(encoded_input)))
    assert decoder.output.shape == (None, 784)
    assert decoder.count_params() == (32 * 128 + 128) + (128 * 784 + 784)
    assert decoder.layers[1] is autoencoder.layers[-2]
    assert decoder.layers[2] is autoencoder.layers[-1]
    own = {id(v) for v in autoencoder.weights}
    assert {id(v) for v in decoder.weights} <= own
    stated(
        sizes="-".join(map(str, sizes)),
        hidden=hidden,
        code=code,
        parameters=decoder.count_params(),
    )


# Saving a model's weights on TensorFlow with NumPy 2 emits this DeprecationWarning once per
# weight (its one account: docs/how-to/save-and-reload-shared-layers.md#saving-deprecation-warning,
# proven in tests/test_saving.py); pytest turns warnings into errors, so the tests that save on
# purpose let exactly this one through.
NUMPY_COPY_WARNING = "__array__ implementation doesn't accept a copy keyword"

# What zipped=False writes, given an absolute path (as the page's snippet does, in a temporary
# folder). Given a relative one, Keras 3.15.1 makes the `assets` folder in a temporary folder
# of its own instead (saving_lib.DiskIOStore joins it to its temporary folder, which keeps an
# absolute path as it is): the same files, without the empty `assets`.
FOLDER = ["assets", "config.json", "metadata.json", "model.weights.h5"]
FILES = [name for name in FOLDER if name != "assets"]
HDF5_SIGNATURE = b"\x89HDF\r\n\x1a\n"  # the first 8 bytes of every HDF5 file


def small_model():
    return keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2)])


def save(model, path, **kwargs):
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", NUMPY_COPY_WARNING, DeprecationWarning)
        model.save(path, **kwargs)


def reloads_exactly(path, model) -> bool:
    """Saving writes the float32 values as they are, so a faithful reload is bit for bit."""
    loaded = keras.saving.load_model(path, compile=False)
    weights = zip(loaded.get_weights(), model.get_weights(), strict=True)
    return all(np.array_equal(a, b) for a, b in weights)


@pytest.mark.claim(PAGE, "Cause. `model.save` picks the format from the path:")
@pytest.mark.claim(
    PAGE, "anything else, upper-case `.KERAS` or `.H5` included | nothing: this `ValueError`"
)
@pytest.mark.claim(PAGE, 'Fix. Add `.keras` to the path, as in `model.save("my_model.keras")`.')
def test_saving_without_an_extension_raises(snippet, printed, tmp_path):
    run = snippet("troubleshooting/save_without_extension.py")
    pattern = (
        r"ValueError: Invalid filepath extension for saving\. Please add either a `\.keras` "
        r"extension for the native Keras format \(recommended\) or a `\.h5` extension\. Use "
        r"`model\.export\(filepath\)` if you want to export a SavedModel for use with "
        r"TFLite/TFServing/etc\. Received: filepath=(?P<folder>.+)/my_model\.\n"
    )
    match = re.fullmatch(pattern, run.stdout)
    assert match, run.stdout
    # The page shows that message, with its own temporary folder.
    shown = re.fullmatch(pattern, printed(PAGE, SNIPPETS + "save_without_extension.py"))
    assert shown, printed(PAGE, SNIPPETS + "save_without_extension.py")
    # The temporary folders are gone, and they were never inside the repository.
    for folder in (Path(match["folder"]), Path(shown["folder"])):
        assert not folder.exists() and ROOT not in folder.parents
    # The format comes from the path: the same model, the same call, three outcomes.
    model = run.namespace["model"]
    save(model, tmp_path / "my_model.keras")
    save(model, tmp_path / "my_model.h5")
    assert zipfile.is_zipfile(tmp_path / "my_model.keras")
    assert (tmp_path / "my_model.h5").read_bytes()[:8] == HDF5_SIGNATURE
    # Anything else raises, and writes nothing: no extension, other ones, upper case.
    refused = tmp_path / "refused"
    refused.mkdir()
    for name in ("my_model", "my_model.tf", "my_model.pb", "my_model.zip", "my_model.KERAS"):
        with pytest.raises(ValueError, match=r"^Invalid filepath extension for saving\."):
            model.save(refused / name)
    with pytest.raises(ValueError, match=r"^Invalid filepath extension for saving\."):
        model.save(refused / "my_model.H5")
    assert list(refused.iterdir()) == []
    # Negative control: with `.keras`, the name the fix gives, it saves and reloads.
    assert reloads_exactly(tmp_path / "my_model.keras", model)


@pytest.mark.claim(
    PAGE,
    "ends in `.keras` | a zip archive, the native format, holding `config.json`, "
    "`metadata.json` and `model.weights.h5`",
)
def test_a_keras_file_is_a_zip_archive(tmp_path):
    model = small_model()
    save(model, tmp_path / "model.keras")
    assert zipfile.is_zipfile(tmp_path / "model.keras")
    with zipfile.ZipFile(tmp_path / "model.keras") as archive:
        assert sorted(archive.namelist()) == ["config.json", "metadata.json", "model.weights.h5"]
    assert reloads_exactly(tmp_path / "model.keras", model)
    # Negative control: an independently initialised copy has other weights.
    assert max_difference(keras.models.clone_model(model).weights[0], model.weights[0]) > 0
    # Negative control: an `.h5` file of the same model is HDF5, not a zip archive.
    save(model, tmp_path / "model.h5")
    assert not zipfile.is_zipfile(tmp_path / "model.h5")


@pytest.mark.claim(
    PAGE,
    "ends in `.h5` or `.hdf5` | a file in the legacy `.h5` format; Keras logs a warning that "
    "`.keras` is recommended",
)
def test_h5_saves_but_is_logged_as_legacy(tmp_path, caplog):
    model = small_model()
    for name in ("model.h5", "model.hdf5"):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="absl"):
            save(model, tmp_path / name)
        legacy = [r.getMessage() for r in caplog.records if "legacy" in r.getMessage()]
        assert len(legacy) == 1
        assert legacy[0].startswith(
            "You are saving your model as an HDF5 file via `model.save()` or "
            "`keras.saving.save_model(model)`. This file format is considered legacy. "
            "We recommend using instead the native Keras format, e.g. "
            "`model.save('my_model.keras')`"
        )
        assert (tmp_path / name).read_bytes()[:8] == HDF5_SIGNATURE  # an HDF5 file
        assert reloads_exactly(tmp_path / name, model)
    # Negative control: saving to `.keras` logs no such warning.
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="absl"):
        save(model, tmp_path / "model.keras")
    assert [r for r in caplog.records if "legacy" in r.getMessage()] == []


@pytest.mark.claim(
    PAGE,
    "anything but `.keras`, with `zipped=False` | a folder holding `config.json`, "
    "`metadata.json` and `model.weights.h5`, and an empty `assets` folder when the path is "
    "absolute",
)
@pytest.mark.claim(PAGE, "To save to a folder instead, keep the path and pass `zipped=False`.")
@pytest.mark.claim(
    PAGE,
    "`keras.models.load_model` reloads the zip archive, the `.h5` file and the folder. The "
    "folder reloads exactly:",
)
@pytest.mark.claim(
    PAGE,
    "The reloaded model gives the same outputs as the original, to the last bit (largest "
    "difference {difference}).",
)
def test_zipped_false_saves_a_folder_that_reloads_exactly(snippet, printed, stated, tmp_path):
    run = snippet("troubleshooting/save_as_folder.py")
    shown = printed(PAGE, SNIPPETS + "save_as_folder.py")
    assert shown == run.stdout
    listed, result = shown.splitlines()
    assert listed == f"my_model/ holds: {FOLDER}"
    difference = float(result.removeprefix("largest difference after reloading: "))
    # The same outputs, to the last bit: the same weights, the same operations.
    assert difference == 0.0
    ns = run.namespace
    model, reloaded = ns["model"], ns["reloaded"]
    assert (
        max_difference(reloaded.predict(ns["x"], verbose=0), model.predict(ns["x"], verbose=0))
        == 0.0
    )
    stated(difference=difference)
    # The path as given (no extension), and any other but `.keras`, `.h5` included, is a
    # folder of those four entries, which reloads exactly.
    for name in ("my_model", "my_model.tf", "my_model.h5"):
        save(model, tmp_path / name, zipped=False)
        assert (tmp_path / name).is_dir()
        assert sorted(p.name for p in (tmp_path / name).iterdir()) == FOLDER
        assert list((tmp_path / name / "assets").iterdir()) == []  # empty
        assert reloads_exactly(tmp_path / name, model)
    # A relative path: the same three files, and no `assets` folder.
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(tmp_path)
        save(model, "relative_model", zipped=False)
        assert sorted(p.name for p in Path("relative_model").iterdir()) == FILES
        assert reloads_exactly(Path("relative_model"), model)
    # The zip archive and the HDF5 file reload too.
    save(model, tmp_path / "archive.keras")
    save(model, tmp_path / "legacy.h5")
    assert reloads_exactly(tmp_path / "archive.keras", model)
    assert reloads_exactly(tmp_path / "legacy.h5", model)
    # Negative control: a `.keras` path with zipped=False is refused, and nothing is written.
    with pytest.raises(ValueError, match=r"^When using `zipped=False`, the `filepath` argument "):
        model.save(tmp_path / "folder.keras", zipped=False)
    assert not (tmp_path / "folder.keras").exists()
    # Negative control: another model's weights differ, so the comparison can fail.
    other = keras.models.clone_model(model)
    assert max_difference(other.predict(ns["x"], verbose=0), model.predict(ns["x"], verbose=0)) > 0


@pytest.mark.claim(
    PAGE,
    "ends in `.keras`, with `zipped=False` | nothing: a `ValueError` saying that the path should "
    "not end in `.keras`",
)
def test_a_keras_path_with_zipped_false_is_refused(tmp_path):
    model = small_model()
    for name in ("my_model.keras", "folder/my_model.keras"):
        path = tmp_path / name
        with pytest.raises(ValueError) as refused:
            model.save(path, zipped=False)
        assert str(refused.value) == (
            "When using `zipped=False`, the `filepath` argument should not end in `.keras`. "
            f"Received: filepath={path}"
        )
        assert not path.exists()
    # Negative control: without the extension, zipped=False writes the folder.
    save(model, tmp_path / "my_model", zipped=False)
    assert (tmp_path / "my_model").is_dir()


class FakeHub:
    """Stands in for the `huggingface_hub` package (not installed, and no network here): it
    records the folder Keras's own code would upload."""

    def __init__(self):
        self.uploaded = []
        hub = self

        class HfApi:
            def __init__(self, **kwargs):
                pass

            def create_repo(self, repo_id, exist_ok):
                return types.SimpleNamespace(repo_id=repo_id)

            def upload_folder(self, repo_id, folder_path, commit_message):
                hub.uploaded.append((repo_id, sorted(p.name for p in Path(folder_path).iterdir())))

        self.HfApi = HfApi


@pytest.mark.claim(
    PAGE,
    "starts with `hf://` | the same folder, with a model card (`README.md`), uploaded to the "
    "Hugging Face Hub: there `zipped=False` is the default",
)
def test_an_hf_path_uploads_the_folder(monkeypatch, capsys):
    from keras.src.saving import saving_lib

    hub = FakeHub()
    monkeypatch.setattr(saving_lib, "huggingface_hub", hub)
    model = small_model()
    save(model, "hf://someone/my_model")  # no zipped argument: the default
    capsys.readouterr()  # Keras prints where it saved the model
    assert hub.uploaded == [("someone/my_model", sorted([*FOLDER, "README.md"]))]
    # The default: zipped=None, which means zipped for a local path and not for the Hub.
    assert inspect.signature(keras.Model.save).parameters["zipped"].default is None
    # Negative control: asking for a zip archive on the Hub is refused, before any upload.
    with pytest.raises(ValueError, match="you should not save the model as zipped"):
        model.save("hf://someone/my_model.keras", zipped=True)
    with pytest.raises(ValueError, match=r"^Invalid filepath extension for saving\."):
        model.save("hf://someone/my_model", zipped=True)
    assert len(hub.uploaded) == 1


@pytest.mark.claim(
    MIGRATION,
    '`model.save("my_model")` | Raises `ValueError: Invalid filepath extension for saving`; use '
    "`.keras` (recommended) or `.h5` (legacy), `zipped=False` for a folder, or, with TensorFlow "
    "or JAX as the backend, `model.export(path)` for a SavedModel | Saving; error",
)
@pytest.mark.claim(
    MIGRATION,
    "Fix. Add `.keras` to the path, or pass `zipped=False` to save to a folder: Invalid filepath "
    "extension for saving gives what `model.save` does with each path, and `model.export` for a "
    "TensorFlow SavedModel.",
)
@pytest.mark.claim(
    PAGE,
    "For a TensorFlow SavedModel (TFLite, TF Serving), use `model.export(path)`, as the message "
    "says.",
)
@pytest.mark.claim(
    PAGE,
    "With JAX as the backend, `model.export(path)` writes the same TensorFlow SavedModel folder "
    "(`saved_model.pb`, `variables/`).",
)
def test_export_writes_a_savedmodel_folder(snippet, tmp_path, capsys, caplog):
    # "As the message says": the error names `model.export`, for a SavedModel.
    message = snippet("troubleshooting/save_without_extension.py").stdout
    assert "Use `model.export(filepath)` if you want to export a SavedModel" in message
    model = small_model()
    folder = tmp_path / "exported"
    if keras.backend.backend() == "torch":
        # With PyTorch, the export raises before writing anything; what and why:
        # test_with_torch_export_raises_for_an_open_batch_size.
        from torch._dynamo.exc import UserError

        with pytest.raises(UserError, match=EXPORT_MISMATCH):
            model.export(folder)
        assert not folder.exists()
    else:
        with warnings.catch_warnings():
            # With JAX as the backend, export converts through jax2tf, and JAX 0.10 warns that
            # a parameter Keras passes it (`native_serialization`) is deprecated; the folder is
            # the same.
            warnings.filterwarnings(
                "ignore", "The `native_serialization` parameter", DeprecationWarning
            )
            model.export(folder)  # prints the serving signature to stdout
        capsys.readouterr()
        assert {"saved_model.pb", "variables"} <= {p.name for p in folder.iterdir()}
        assert (folder / "variables").is_dir()
        # A TensorFlow SavedModel: TensorFlow loads it and serves the same numbers.
        reloaded = tf.saved_model.load(str(folder))  # kept: its variables must stay alive
        served = reloaded.serve(SAMPLES)
        assert close(np.asarray(served), model.predict(SAMPLES, verbose=0))
    # `model.save("my_model")` refuses a bare path and writes nothing there.
    with pytest.raises(ValueError, match=r"^Invalid filepath extension for saving\."):
        model.save(tmp_path / "my_model")
    assert not (tmp_path / "my_model").exists()
    # `.keras` saves without a legacy notice ("recommended"); `.h5` saves with one.
    with caplog.at_level(logging.WARNING, logger="absl"):
        save(model, tmp_path / "my_model.keras")
        assert not [r for r in caplog.records if "legacy" in r.getMessage()]
        save(model, tmp_path / "my_model.h5")
    assert [r for r in caplog.records if "legacy" in r.getMessage()]
    # zipped=False: the bare path becomes a folder (what it holds: the next tests).
    save(model, tmp_path / "my_model", zipped=False)
    assert sorted(p.name for p in (tmp_path / "my_model").iterdir()) == FOLDER
    # Negative control: loading a bare path that was refused fails: nothing was written.
    with pytest.raises(ValueError):
        model.save(tmp_path / "refused")
    with pytest.raises(ValueError, match="^File format not supported"):
        keras.saving.load_model(tmp_path / "refused")


# What `torch.export` says, with PyTorch as the backend, when Keras hands it one shape per input
# for a model's `forward(*args)` (the first line of the message).
EXPORT_MISMATCH = (
    r"^Detected mismatch between the structure of `inputs` and `dynamic_shapes`: `inputs\[0\]` "
    r"is a <class 'tuple'>, but `dynamic_shapes\[0\]` is a <class 'dict'>\n"
)


class Subclassed(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = keras.layers.Dense(2)

    def call(self, x):
        return self.dense(x)


@pytest.mark.claim(
    PAGE,
    "With PyTorch as the backend, `model.export(path)` of Keras {keras} raises `{error}` "
    '("{message}") and writes nothing, for a Sequential, a Functional or a subclassed model, '
    "even one built with `keras.Input(..., batch_size=...)`: Keras hands `torch.export` one "
    "shape per input, while a Keras model's `forward(*args)` takes its inputs as one tuple. "
    "With an `input_signature` that fixes the batch size, it asks for the `torch_xla` package "
    "instead. Save with `.keras` there.",
)
def test_with_torch_export_raises_for_an_open_batch_size(tmp_path, stated):
    about_backend("torch")
    import torch
    from torch._dynamo.exc import UserError

    sequential = small_model()
    inputs = keras.Input(shape=(4,))
    functional = keras.Model(inputs, keras.layers.Dense(2)(inputs))
    subclassed = Subclassed()
    subclassed(SAMPLES)  # built and called, so that export knows its input
    fixed_inputs = keras.Input(shape=(4,), batch_size=1)
    fixed = keras.Model(fixed_inputs, keras.layers.Dense(2)(fixed_inputs))
    # Spy on what Keras hands `torch.export`, then let it go on.
    handed = []
    real_export = torch.export.export

    def spy(*args, **kwargs):
        handed.append(kwargs.get("dynamic_shapes"))
        return real_export(*args, **kwargs)

    torch.export.export = spy
    try:
        errors = []
        for n, model in enumerate((sequential, functional, subclassed, fixed)):
            with pytest.raises(UserError, match=EXPORT_MISMATCH) as caught:
                model.export(tmp_path / f"exported_{n}")
            errors.append(caught.value)
    finally:
        torch.export.export = real_export
    assert list(tmp_path.iterdir()) == []  # nothing written
    assert issubclass(UserError, RuntimeError)
    error = errors[0]
    # One shape per input: a tuple of one dict, the batch dimension 0 open, for the model built
    # with a batch size of 1 too.
    assert len(handed) == 4
    for shapes in handed:
        assert type(shapes) is tuple and len(shapes) == 1 and list(shapes[0]) == [0]
        assert isinstance(shapes[0][0], type(torch.export.Dim("batch")))
    # A Keras model's forward takes its inputs as `*args`: one argument, a tuple.
    parameters = inspect.signature(sequential.forward).parameters
    assert [(p.name, p.kind) for p in parameters.values()] == [
        ("args", inspect.Parameter.VAR_POSITIONAL),
        ("kwargs", inspect.Parameter.VAR_KEYWORD),
    ]
    # The same shapes, wrapped in one more tuple, export; the exported program takes any batch
    # size and computes what the model does.
    sample = (torch.from_numpy(SAMPLES[:2]),)
    exported = torch.export.export(sequential, sample, dynamic_shapes=(handed[0],), strict=False)
    batch = torch.from_numpy(SAMPLES)  # 8 rows, not the 2 it was traced with
    served = exported.module()(batch)
    assert close(served.detach().numpy(), sequential.predict(SAMPLES, verbose=0))
    # Negative control: unwrapped, as Keras hands them, torch.export raises the same error.
    with pytest.raises(UserError, match=EXPORT_MISMATCH):
        torch.export.export(sequential, sample, dynamic_shapes=handed[0], strict=False)
    # With an input_signature that fixes the batch size, the export gets past torch.export
    # and needs torch_xla, which is not installed.
    assert importlib.util.find_spec("torch_xla") is None
    signature = [keras.InputSpec(shape=(1, 4), dtype="float32")]
    for model in (sequential, functional, fixed):
        with pytest.raises(ImportError, match=r"^This requires the torch_xla module\."):
            model.export(tmp_path / "fixed", input_signature=signature)
        assert not (tmp_path / "fixed").exists()
    # "Save with `.keras` there": the same models save and reload, to the last bit.
    for n, model in enumerate((sequential, functional, fixed)):
        save(model, tmp_path / f"model_{n}.keras")
        assert reloads_exactly(tmp_path / f"model_{n}.keras", model)
    stated(
        keras=keras.__version__,
        error=f"{type(error).__module__}.{type(error).__name__}",
        message=str(error).splitlines()[0].split(": `inputs[0]`")[0],
    )


class TwoViews(keras.layers.Layer):
    """A layer that returns a list: the input, and twice the input."""

    def call(self, x):
        return [x, 2 * x]


@pytest.mark.claim(
    PAGE,
    "Cause. Merge layers such as `Add` and `Concatenate` combine a list of tensors. A Sequential "
    "model calls each layer on exactly what the layer before it returned (source). After a "
    "`keras.Input`, which is one tensor, and after layers that return one tensor, a merge layer "
    "receives a single tensor and raises. A Sequential model accepts only layers (a "
    "`keras.Input` stands for its input layer), and none of its arguments names an earlier "
    "layer's output, so it cannot branch and merge in the open: "
    "only a layer that does the wiring in its own code can, such as a custom layer that returns "
    "a list, and the model's `summary()` does not show that wiring. That is the "
    '"non-sequential" case.',
)
def test_a_merge_layer_cannot_sit_in_a_sequential_model(snippet, printed):
    run = snippet("troubleshooting/sequential_merge_layer.py")
    assert (
        printed(PAGE, SNIPPETS + "sequential_merge_layer.py")
        == run.stdout
        == (
            "ValueError: A merge layer should be called on a list of inputs. "
            "Received: input_shape=(None, 4) (not a list of shapes)\n"
        )
    )
    # Each layer receives exactly what the one before returned: the same tensor object.
    chain = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(2), keras.layers.Dense(1)]
    )
    for before, layer in zip(chain.layers, chain.layers[1:], strict=False):
        (received,) = layer._inbound_nodes[0].input_tensors
        assert received is before.output
    # After an Input or after a one-tensor layer, every merge layer gets one tensor and raises
    # (Concatenate in its own words: "A `Concatenate` layer should be called on a list ...").
    merges = ("Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate")
    for merge in merges:
        for before in ([], [keras.layers.Dense(4)]):
            with pytest.raises(ValueError, match=r"^A .+ should be called on a list"):
                keras.Sequential([keras.Input((4,)), *before, getattr(keras.layers, merge)()])
    # A keras.Input stands for its input layer: that layer is what the model holds.
    given = keras.Input((4,))
    assert keras.Sequential([given])._layers == [given._keras_history.operation]
    # It accepts only layers: an earlier layer's output tensor cannot be added to it, and it
    # has no argument through which to name one.
    with pytest.raises(ValueError, match=r"^Only instances of `keras.Layer` can be added"):
        keras.Sequential([keras.Input((4,)), keras.layers.Dense(4), chain.layers[0].output])
    with pytest.raises(ValueError, match=r"^Only instances of `keras.Layer` can be added"):
        chain.add(chain.layers[0].output)
    assert list(inspect.signature(keras.Sequential.__init__).parameters) == [
        "self",
        "layers",
        "trainable",
        "name",
    ]

    # The strongest counterexample found: layers that pass a tensor to each other behind
    # Keras's back (a Python attribute) do compute x + dense(x) inside a Sequential model, but
    # its graph stays a chain: each layer's one input is the previous layer's output. That is
    # with TensorFlow; JAX and PyTorch fail outright, inferring the last layer's output shape
    # from a kept tensor of another trace (JAX) or of another made-up batch size (PyTorch).
    class AddKept(keras.layers.Layer):
        def __init__(self, keep):
            super().__init__()
            self.keep = keep

        def call(self, x):
            return x + self.keep.received

    keep = Probe()
    layers = [keras.Input((4,)), keep, keras.layers.Dense(4), AddKept(keep)]
    if keras.backend.backend() != "tensorflow":
        kind = {"jax": TypeError, "torch": RuntimeError}[keras.backend.backend()]
        with pytest.raises(kind, match="Could not automatically infer the output shape"):
            keras.Sequential(layers)
    else:
        hidden = keras.Sequential(layers)
        dense = hidden.layers[1]
        expected = SAMPLES @ dense.kernel.numpy() + dense.bias.numpy() + SAMPLES
        assert close(hidden.predict(SAMPLES, verbose=0), expected)
        for before, layer in zip(hidden.layers, hidden.layers[1:], strict=False):
            (received,) = layer._inbound_nodes[0].input_tensors
            assert received is before.output
    # A layer that returns a list does the wiring in its code: the model computes x + 2x, and
    # its summary shows two layers in a row, no branch; a Functional model's shows the branch.
    summed = keras.Sequential([keras.Input((4,)), TwoViews(), keras.layers.Add()])
    assert close(summed.predict(SAMPLES, verbose=0), 3 * SAMPLES)
    views, add = summed.layers
    assert add._inbound_nodes[0].input_tensors == list(views.output)
    inputs = keras.Input((4,))
    graph = keras.Model(inputs, keras.layers.Add()([inputs, keras.layers.Dense(4)(inputs)]))
    assert "Connected to" not in summary_of(summed) and "Connected to" in summary_of(graph)
    # Negative control: called on a list of two tensors in a Functional model, Add works.
    a, b = keras.Input(shape=(4,)), keras.Input(shape=(4,))
    model = keras.Model([a, b], keras.layers.Add()([a, b]))
    ones = np.ones((2, 4), dtype="float32")
    assert model.output.shape == (None, 4)
    assert max_difference(model.predict([ones, 2 * ones], verbose=0), 3 * ones) == 0.0


@pytest.mark.claim(
    PAGE,
    "A merge layer does work in a Sequential model when it receives a list: as the first layer "
    "of a model without `keras.Input`, called on a list of arrays (on a list of `keras.Input` "
    "tensors it raises `TypeError`), or after a layer that returns one.",
)
@pytest.mark.claim(
    PAGE,
    "Fix. To merge tensors your model computes (two branches, a residual connection), use the "
    "Functional API and call the merge layer on them: `keras.layers.Add()([a, b])`.",
)
def test_a_merge_layer_works_in_a_sequential_model_given_a_list():
    # First, without keras.Input: the model is called on a list, which goes to Concatenate.
    # Its own training: the page's snippet shows only the refusal; it trains no merging model.
    joined = keras.Sequential([keras.layers.Concatenate(), keras.layers.Dense(1)])
    joined.compile(optimizer="adam", loss="mse")
    a, b = np.ones((8, 3), dtype="float32"), np.zeros((8, 2), dtype="float32")
    joined.fit([a, b], np.ones((8, 1)), epochs=1, verbose=0)
    assert joined.layers[1].kernel.shape == (3 + 2, 1)  # 3 + 2 columns feed the Dense layer
    assert int(joined.optimizer.iterations) == 1
    # The same kind of model called on a list of keras.Input tensors (to nest it in a
    # Functional model) raises: Keras passes the merge layer a `training` it does not take.
    unbuilt = keras.Sequential([keras.layers.Concatenate(), keras.layers.Dense(1)])
    with pytest.raises(TypeError, match="unexpected keyword argument 'training'"):
        unbuilt([keras.Input((3,)), keras.Input((2,))])
    # After a layer that returns a list: Add sums it, 3x for any x.
    summed = keras.Sequential([keras.Input(shape=(4,)), TwoViews(), keras.layers.Add()])
    x = np.random.default_rng(2).normal(size=(5, 4)).astype("float32")
    assert close(summed.predict(x, verbose=0), 3 * x)
    # The fix: in a Functional model, Add called on two tensors the model computes.
    inputs = keras.Input(shape=(4,))
    a_branch, b_branch = keras.layers.Dense(4)(inputs), keras.layers.Dense(4)(inputs)
    model = keras.Model(inputs, keras.layers.Add()([a_branch, b_branch]))
    first, second = (keras.Model(inputs, branch) for branch in (a_branch, b_branch))
    assert close(
        model.predict(x, verbose=0),
        first.predict(x, verbose=0) + second.predict(x, verbose=0),
    )
    # Negative control: the same first layer after a keras.Input gets one tensor and raises.
    with pytest.raises(ValueError, match=r"^A `Concatenate` layer should be called on a list"):
        keras.Sequential([keras.Input((3,)), keras.layers.Concatenate(), keras.layers.Dense(1)])


@pytest.mark.claim(
    PAGE,
    "Cause. A typo in the Stack Overflow answer, not a Keras error: it stores the encodings as "
    "`encoder_imgs`, then passes `encoded_imgs` (the Keras blog's name) to the decoder.",
)
@pytest.mark.claim(
    PAGE,
    "Fix. Use one name on both lines: `encoded_imgs = encoder.predict(x_test)`, then "
    "`decoder.predict(encoded_imgs)`.",
)
def test_the_answers_encoder_imgs_typo_raises_nameerror(snippet, printed):
    run = snippet("troubleshooting/encoder_imgs_typo.py")
    # The answer assigns `encoder_imgs` and reads `encoded_imgs` (the Keras blog's name).
    message = "NameError: name 'encoded_imgs' is not defined\n"
    assert printed(PAGE, SNIPPETS + "encoder_imgs_typo.py") == run.stdout == message
    assert "decoded_imgs" not in run.namespace and "encoded_imgs" not in run.namespace
    original = (ROOT / "snippets" / "answer" / "original_autoencoder.txt").read_text("utf-8")
    assert "encoder_imgs = encoder.predict(x_test)" in original
    assert "decoded_imgs = decoder.predict(encoded_imgs)" in original
    assert "encoded_imgs =" not in original
    # Negative control: with the name that was assigned, the decoder runs.
    ns = run.namespace
    assert ns["decoder"].predict(ns["encoder_imgs"], verbose=0).shape == (3, 784)
