"""Claims of docs/tutorials/first-functional-model.md (snippets/functional/)."""

import ast
import functools
import re
from unittest import mock

import keras
import numpy as np
import pytest
from packaging.version import Version
from sklearn.datasets import load_digits

from conftest import (
    a_row_per_backend,
    about_backend,
    fresh,
    outputs_are_tensorflows,
    run_sections,
    section,
    summary_of,
)

PAGE = "docs/tutorials/first-functional-model.md"
FILE = "functional/first_model.py"


def block(part, name=FILE):
    """The page's block that includes a snippet (or one section of it), as `printed` names it."""
    return f"snippets/{name}:{part}" if part else f"snippets/{name}"


SYMBOLIC = (
    "A KerasTensor is symbolic: it's a placeholder for a shape an a dtype. It doesn't have any "
    "actual numerical value. You cannot convert it to a NumPy array."
)
# Keras 3.6 made `.input`/`.output` of a Sequential model raise AttributeError
# (keras-team/keras#20156); Keras 3.0 to 3.5 raised ValueError. The page describes the
# installed Keras; reference/troubleshooting.md#sequential-input tells the history.
ATTRIBUTE_ERROR_SINCE = Version("3.6")


def sequential_of_the_same_layers():
    return keras.Sequential(
        [
            keras.Input((64,)),
            keras.layers.Dense(32, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )


@pytest.mark.claim(
    PAGE,
    "`keras.Input` describes one sample. Each digit image has {side} × {side} = {pixels} pixels, "
    "flattened into a row of {pixels} numbers:",
)
def test_each_digit_is_a_row_of_64_pixels(snippet, stated):
    digits = load_digits()
    _, side, other_side = digits.images.shape
    assert side == other_side
    # The rows the model trains on are the images, flattened row by row.
    assert np.array_equal(digits.data, digits.images.reshape(len(digits.images), -1))
    inputs = snippet(FILE).namespace["inputs"]
    assert tuple(inputs.shape) == (None, side * side)  # one sample, no batch size
    # Negative control: flattened column by column, the rows would differ.
    assert not np.array_equal(digits.data, digits.images.transpose(0, 2, 1).reshape(-1, 64))
    stated(side=side, pixels=inputs.shape[1])


@pytest.mark.claim(
    PAGE,
    "What you get back is a `KerasTensor`: a symbolic tensor. It holds no pixel values, only a "
    "shape and a dtype. The `None` in the shape is the batch dimension, left open so the model "
    "can take any number of samples.",
)
def test_keras_input_is_symbolic_and_holds_no_values(snippet, printed):
    ns = snippet(FILE).namespace
    inputs, model = ns["inputs"], ns["model"]
    # What the page's block printed: the class, the shape with its open batch dimension, and
    # the dtype; no values.
    assert printed(PAGE, block("input")) == "KerasTensor: shape (None, 64), dtype float32\n"
    assert isinstance(inputs, keras.KerasTensor)
    assert tuple(inputs.shape) == (None, 64) and inputs.dtype == "float32"
    # It holds no numbers: asking for them is an error (Keras's own typo "an a dtype" included).
    with pytest.raises(ValueError) as refused:
        np.asarray(inputs)
    assert type(refused.value) is ValueError and str(refused.value) == SYMBOLIC
    # The open batch dimension: the model takes no sample, 1, all 297 held-out digits, or more.
    for samples in (0, 1, 297, 10_000):
        assert tuple(model(np.zeros((samples, 64))).shape) == (samples, 10)
    # Negative control: a layer called on a NumPy array returns numbers, which do convert.
    numbers = model.layers[1](np.ones((2, 64), dtype="float32"))
    assert keras.ops.convert_to_numpy(numbers).shape == (2, 32)


@pytest.mark.claim(
    PAGE,
    "Calling a `Dense` layer on a `KerasTensor` runs no numbers through it. Keras records the call "
    "and returns a new `KerasTensor` with the shape the layer's output will have: a "
    "`Dense({units})` layer turns `{before}` into `{after}`. Called on a NumPy array, the same "
    "layer computes: it returns a tensor of numbers.",
)
def test_calling_a_layer_on_a_keras_tensor_gives_a_keras_tensor(snippet, printed, stated):
    # The page's `call` section, with every Dense layer's computation watched: on KerasTensors
    # it never runs (Keras works the shape out from the layer's compute_output_shape).
    received = []
    original = keras.layers.Dense.call

    @functools.wraps(original)
    def watched(self, inputs, *args, **kwargs):
        received.append(inputs)
        return original(self, inputs, *args, **kwargs)

    with mock.patch.object(keras.layers.Dense, "call", watched):
        run = run_sections(FILE, "input", "call")
        assert received == []
        # Negative control: called on a NumPy array, the same layer's computation runs, on
        # those numbers.
        layer = run["hidden"]._keras_history.operation
        computed = layer(np.full((2, 64), 0.5, dtype="float32"))
        assert len(received) == 1
        # "a tensor of numbers": the backend's tensor (not a KerasTensor, not a NumPy array).
        assert keras.ops.is_tensor(computed) and not isinstance(computed, keras.KerasTensor)
        assert not isinstance(computed, np.ndarray) and computed.shape == (2, 32)
        assert np.isfinite(keras.ops.convert_to_numpy(computed)).all()
        assert (keras.ops.convert_to_numpy(received[0]) == 0.5).all()
    # Why the page says "a `Dense` layer", not "a layer": a layer without compute_output_shape
    # has its `call` traced on placeholders, and with PyTorch as the backend, when that fails,
    # Keras runs it again on real tensors of ones (torch/core.py, compute_output_spec).
    seen = []

    class ReadsNumbers(keras.layers.Layer):
        def call(self, x):
            seen.append(keras.ops.convert_to_numpy(x))
            return x

    if keras.backend.backend() == "torch":
        ReadsNumbers()(keras.Input((64,)))
        assert seen and all((numbers == 1).all() for numbers in seen)
    else:
        with pytest.raises(Exception):  # noqa: B017 (TensorFlow and JAX raise their own types)
            ReadsNumbers()(keras.Input((64,)))
        assert seen == []
    ns = snippet(FILE).namespace
    inputs, hidden, outputs = ns["inputs"], ns["hidden"], ns["outputs"]
    # What the page's block printed: a KerasTensor for each call's result, with its shape.
    shown = printed(PAGE, block("call")).splitlines()
    assert shown == [
        f"KerasTensor: shape {hidden.shape}, dtype {hidden.dtype}",
        f"KerasTensor: shape {outputs.shape}",
    ]
    for tensor in (inputs, hidden, outputs):
        assert isinstance(tensor, keras.KerasTensor)
    # The call computed nothing (no values to read) but was recorded: the layer knows its output.
    with pytest.raises(ValueError, match="^A KerasTensor is symbolic"):
        np.asarray(hidden)
    dense = ns["model"].layers[1]
    assert dense.output is hidden and ns["model"].layers[2].output is outputs
    assert dense.input is inputs
    assert tuple(hidden.shape) == (None, dense.units) and hidden.dtype == "float32"
    assert tuple(outputs.shape) == (None, 10)
    # Negative control: the same layer called on a NumPy array returns numbers, not a KerasTensor.
    numbers = dense(np.ones((2, 64), dtype="float32"))
    assert not isinstance(numbers, keras.KerasTensor)
    assert tuple(numbers.shape) == (2, 32)
    assert keras.ops.convert_to_numpy(numbers).dtype == np.float32
    stated(units=dense.units, before=str(tuple(inputs.shape)), after=str(tuple(hidden.shape)))


@pytest.mark.claim(
    PAGE,
    "`keras.Model` takes the two ends of the path. Everything recorded between them becomes the "
    "model:",
)
def test_the_model_is_what_lies_between_its_two_ends(snippet):
    ns = snippet(FILE).namespace
    model = ns["model"]
    # The two recorded calls, inputs -> hidden -> outputs, are the model's layers, in order.
    first, second = model.layers[1:]
    assert first.input is ns["inputs"] and first.output is ns["hidden"]
    assert second.input is ns["hidden"] and second.output is ns["outputs"]
    # Counterexample to "everything recorded": a call recorded on the same input but not on the
    # way to the output (a dangling branch) is not part of the model.
    inputs = keras.Input((64,))
    hidden = keras.layers.Dense(32, name="on_the_path")(inputs)
    keras.layers.Dense(5, name="dangling")(inputs)
    outputs = keras.layers.Dense(10, name="last")(hidden)
    between = keras.Model(inputs, outputs)
    assert [layer.name for layer in between.layers[1:]] == ["on_the_path", "last"]
    # Negative control: ending at the inner tensor leaves the last call out.
    assert [layer.name for layer in keras.Model(inputs, hidden).layers[1:]] == ["on_the_path"]


@pytest.mark.claim(
    PAGE,
    "The model has {total:,} parameters: {n_in} × {hidden} weights and {hidden} biases in the "
    "hidden layer ({first:,}), then {hidden} × {n_out} weights and {n_out} biases in the output "
    "layer ({second:,}).",
)
def test_inputs_outputs_and_parameter_count(snippet, printed, stated):
    model = snippet(FILE).namespace["model"]
    assert printed(PAGE, block("model")) == f"parameters: {model.count_params():,}\n"
    assert [tuple(t.shape) for t in model.inputs] == [(None, 64)]
    assert [tuple(t.shape) for t in model.outputs] == [(None, 10)]
    first, second = model.layers[1:]
    n_in, hidden = first.kernel.shape
    n_out = second.units
    assert first.count_params() == n_in * hidden + hidden
    assert second.count_params() == hidden * n_out + n_out
    assert model.count_params() == first.count_params() + second.count_params() == 2_410
    assert model.layers[0].count_params() == 0  # the InputLayer holds no weights
    # Negative control: a 31-unit hidden layer changes the count, so the check can fail.
    inputs = keras.Input((64,))
    narrower = keras.Model(inputs, keras.layers.Dense(10)(keras.layers.Dense(31)(inputs)))
    assert narrower.count_params() == 64 * 31 + 31 + 31 * 10 + 10 == 2_335
    stated(
        total=model.count_params(),
        n_in=n_in,
        hidden=hidden,
        first=first.count_params(),
        n_out=n_out,
        second=second.count_params(),
    )


@pytest.mark.claim(
    PAGE,
    "`model.layers` starts with an `InputLayer`, the layer that `keras.Input` created, followed by "
    "the {dense:w} `Dense` layers in the order you called them. A Sequential model of the same "
    "layers lists only the {dense:w} `Dense` layers.",
)
def test_layers_are_an_input_layer_then_the_dense_layers_in_call_order(snippet, printed, stated):
    ns = snippet(FILE).namespace
    model = ns["model"]
    # The first line the page's block printed: the layers' classes, in order.
    shown = printed(PAGE, block("inspect")).splitlines()
    assert shown[0] == str([type(layer).__name__ for layer in model.layers])
    assert [type(layer).__name__ for layer in model.layers] == ["InputLayer", "Dense", "Dense"]
    # The InputLayer is the one keras.Input made: the operation that produced `inputs`.
    assert model.layers[0] is ns["inputs"]._keras_history.operation
    # In call order: the first Dense produced `hidden`, the second `outputs`.
    assert model.layers[1].output is ns["hidden"] and model.layers[2].output is ns["outputs"]
    assert [layer.units for layer in model.layers[1:]] == [32, 10]
    # Negative control: a Sequential model of the same Dense layers lists no InputLayer.
    sequential = sequential_of_the_same_layers()
    assert [type(layer).__name__ for layer in sequential.layers] == ["Dense", "Dense"]
    stated(dense=len(model.layers) - 1)


@pytest.mark.claim(
    PAGE,
    "`model.inputs` and `model.outputs` are lists holding the tensors you passed, of shapes "
    "`{inputs}` and `{outputs}`. Because this model has exactly one of each, `model.input` and "
    "`model.output` return those very tensors (`is`, not a copy). A Sequential model like the one "
    "in the previous tutorial raises an `{error}` for those two attributes instead (why).",
)
def test_functional_input_and_output_are_the_tensors_unlike_sequential(snippet, printed, stated):
    ns = snippet(FILE).namespace
    model = ns["model"]
    # The page's block printed the lists' shapes and the two `is` checks.
    shown = printed(PAGE, block("inspect")).splitlines()
    assert shown[1:] == [
        f"inputs: {[t.shape for t in model.inputs]}",
        f"outputs: {[t.shape for t in model.outputs]}",
        "model.input is inputs: True",
        "model.output is outputs: True",
    ]
    assert isinstance(model.inputs, list) and isinstance(model.outputs, list)
    assert len(model.inputs) == 1 and model.inputs[0] is ns["inputs"]
    assert len(model.outputs) == 1 and model.outputs[0] is ns["outputs"]
    assert model.input is ns["inputs"]
    assert model.output is ns["outputs"]
    # "Because ... exactly one of each": with two inputs, .input is the list, not one tensor.
    a, b = keras.Input((4,)), keras.Input((4,))
    two = keras.Model([a, b], keras.layers.Add()([a, b]))
    assert isinstance(two.input, list) and two.input[0] is a and two.input[1] is b
    # Negative control: a Sequential model of the same layers, built from keras.Input as in the
    # previous tutorial (and never called as a layer), raises on .input and .output, as the
    # installed Keras (3.6 or later) does. The message is Keras's, except with PyTorch as the
    # backend: every layer is then a torch.nn.Module, whose __getattr__ answers in Keras's place
    # (reference/troubleshooting.md#sequential-input says so).
    assert Version(keras.__version__) >= ATTRIBUTE_ERROR_SINCE
    sequential = sequential_of_the_same_layers()
    errors = []
    for name in ("input", "output"):
        with pytest.raises(AttributeError) as raised:
            getattr(sequential, name)
        assert type(raised.value) is AttributeError
        never_called = (
            f"The layer {sequential.name} has never been called and thus has no defined {name}."
        )
        no_attribute = f"'Sequential' object has no attribute '{name}'"
        if keras.backend.backend() == "torch":
            assert str(raised.value) == no_attribute
        else:
            assert str(raised.value) == never_called
        # On every backend, Keras's own property raises Keras's message.
        with pytest.raises(AttributeError) as own:
            getattr(type(sequential), name).fget(sequential)
        assert str(own.value) == never_called
        errors.append(type(raised.value).__name__)
    assert errors[0] == errors[1]
    stated(
        inputs=str(tuple(model.inputs[0].shape)),
        outputs=str(tuple(model.outputs[0].shape)),
        error=errors[0],
    )


@pytest.mark.claim(
    PAGE, "`summary()` shows the same information as a table, `InputLayer` included:"
)
def test_summary_lists_the_input_layer(snippet):
    run = snippet(FILE)
    # The table the page shows: the InputLayer row first, with its shape and no parameters.
    rows = [line for line in run.stdout.splitlines() if line.startswith("│")]
    assert [row.split("│")[1].split("(")[1].rstrip(") ") for row in rows] == [
        "InputLayer",
        "Dense",
        "Dense",
    ]
    assert "(None, 64)" in rows[0] and rows[0].rstrip("│ ").endswith(" 0")
    assert "(None, 32)" in rows[1] and "(None, 10)" in rows[2]
    assert "Total params: 2,410 " in run.stdout
    # Negative control: the summary of a Sequential model of the same layers has no InputLayer.
    table = summary_of(sequential_of_the_same_layers())
    assert "InputLayer" not in table and "Total params: 2,410 " in table


@pytest.mark.claim(
    PAGE,
    "A Functional model is a `keras.Model` like any other: `compile`, `fit`, `evaluate` and "
    "`predict` work unchanged. Train it on the first {train:,} of scikit-learn's {total:,} digits "
    "and test it on the other {test}:",
)
@pytest.mark.claim(
    PAGE,
    "After {epochs:w} epochs it classifies more than {above:.0%} of the {test} held-out digits "
    "correctly, where the untrained network got fewer than {below:.0%} of them right.",
)
def test_training_on_the_first_digits_classifies_the_others(snippet, printed, stated):
    ns = snippet(FILE).namespace
    model, x, y = ns["model"], ns["x"], ns["y"]
    assert isinstance(model, keras.Model) and type(model).__name__ == "Functional"
    calls = {
        node.func.attr: node
        for node in ast.walk(ast.parse(section(FILE, "train")))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    }
    fit = calls["fit"]
    assert [ast.unparse(a) for a in fit.args] == ["x[:1500]", "y[:1500]"]
    epochs = ast.literal_eval({k.arg: k.value for k in fit.keywords}["epochs"])
    train, test = len(x[:1500]), len(x[1500:])
    assert train + test == len(x) == 1_797
    # The printed accuracies are what evaluate() returned on the held-out digits. An accuracy is
    # a count over 297 digits, so two accuracies differ by 1/297 or not at all: pytest.approx's
    # relative 1e-6 only absorbs the float32 rounding of the same count.
    assert ns["trained"] == pytest.approx(model.evaluate(x[1500:], y[1500:], verbose=0)[1])
    assert model.predict(x[1500:], verbose=0).shape == (test, 10)
    # Measured: 4% (TensorFlow, JAX) or 11% (PyTorch) untrained, 86% to 87% trained. Negative
    # control: untrained, the same network is no better than chance (10 classes).
    assert ns["untrained"] < BELOW and ns["trained"] > ABOVE
    # The same count, from predict(): equal up to float32 rounding of k / 297 (< 1e-7).
    assert ns["trained"] == pytest.approx(
        float((model.predict(x[1500:], verbose=0).argmax(axis=1) == y[1500:]).mean()), abs=1e-6
    )
    # What the page printed: the same figures (the same code from the same seeds), rounded to
    # whole percents, so within half a percent of the accuracies.
    shown = printed(PAGE, block("train"))
    assert shown == f"test accuracy: {ns['untrained']:.0%} untrained, {ns['trained']:.0%} trained\n"
    untrained, trained = map(int, re.findall(r"(\d+)%", shown))
    assert (untrained + 0.5) / 100 < BELOW and (trained - 0.5) / 100 > ABOVE
    stated(
        train=train,
        total=len(x),
        test=test,
        epochs=epochs,
        above=ABOVE,
        below=BELOW,
    )


ABOVE, BELOW = 0.8, 0.2  # the page's bounds for the accuracy after and before training


@pytest.mark.claim(
    PAGE, "The output above is TensorFlow's; the exact figures depend on the backend:"
)
def test_the_output_above_is_tensorflows():
    outputs_are_tensorflows()
    # The table below the sentence gives each backend's figures: a row per backend, each a claim
    # checked on that backend alone.
    a_row_per_backend(PAGE, "tests/test_functional.py::test_the_accuracies_with_{backend}")
    # Negative control: no row for a backend the suite does not run.
    with pytest.raises(AssertionError, match="cites no"):
        a_row_per_backend(
            PAGE, "tests/test_functional.py::test_the_accuracies_with_{backend}", ["mxnet"]
        )


def accuracies(snippet):
    ns = snippet(FILE).namespace
    # The printed accuracies are evaluate()'s on the held-out digits, after and before (equal
    # counts over 297 digits; approx absorbs only float32 rounding of the same count).
    assert ns["trained"] == pytest.approx(
        ns["model"].evaluate(ns["x"][1500:], ns["y"][1500:], verbose=0)[1]
    )
    assert ns["trained"] > ns["untrained"]  # negative control: training changed the figure
    return {"untrained": ns["untrained"], "trained": ns["trained"]}


@pytest.mark.claim(PAGE, "TensorFlow | {untrained:.0%} | {trained:.0%}")
def test_the_accuracies_with_tensorflow(snippet, stated):
    about_backend("tensorflow")
    stated(**accuracies(snippet))


@pytest.mark.claim(PAGE, "JAX | {untrained:.0%} | {trained:.0%}")
def test_the_accuracies_with_jax(snippet, stated):
    about_backend("jax")
    stated(**accuracies(snippet))


@pytest.mark.claim(PAGE, "PyTorch | {untrained:.0%} | {trained:.0%}")
def test_the_accuracies_with_torch(snippet, stated):
    about_backend("torch")
    stated(**accuracies(snippet))


@pytest.mark.claim(
    PAGE,
    'Keras refuses with a `{error}` saying that the output "{says}"; the path between the '
    "backquotes is empty because `outputs` is a single tensor (in a list or a dict of outputs, "
    "it names the position or key of the one cut off). The fix is to pass the input the output "
    "was really computed from (more).",
)
def test_an_output_not_reachable_from_the_inputs_raises(snippet, printed, stated):
    run = snippet("functional/not_connected.py")
    assert run.stdout == "ValueError: Output with path `` is not connected to `inputs`\n"
    assert printed(PAGE, block(None, "functional/not_connected.py")) == run.stdout
    ns = fresh("functional/not_connected.py")
    with pytest.raises(ValueError) as raised:
        keras.Model(inputs=ns["image"], outputs=ns["prediction"])
    assert type(raised.value) is ValueError
    message = str(raised.value)
    assert message == "Output with path `` is not connected to `inputs`"
    says = message[message.index("is not connected") :]
    # The fix: the input the output was computed from makes a valid model.
    fixed = keras.Model(ns["other_image"], ns["prediction"])
    assert fixed.count_params() == 64 * 10 + 10
    # Negative control: the same check accepts a model whose output is reachable, and refuses
    # the unreachable one even next to a reachable one.
    reachable = keras.layers.Dense(10)(ns["image"])
    assert keras.Model(ns["image"], reachable).count_params() == 650
    # The path names which output is cut off: empty for the single output, its index in a
    # list of outputs, its key in a dict.
    for outputs, path in (
        ([reachable, ns["prediction"]], "1"),
        ({"fine": reachable, "cut_off": ns["prediction"]}, "cut_off"),
    ):
        with pytest.raises(ValueError) as several:
            keras.Model(inputs=ns["image"], outputs=outputs)
        assert str(several.value) == f"Output with path `{path}` is not connected to `inputs`"
    stated(error=type(raised.value).__name__, says=says)
