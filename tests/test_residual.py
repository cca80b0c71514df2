"""Claims of docs/how-to/residual-block.md (snippets/residual/)."""

import inspect
import itertools
import re

import keras
import numpy as np
import pytest

from conftest import max_difference, run_sections, section, summary_of
from docsite import executor

PAGE = "docs/how-to/residual-block.md"
FILE = "residual/block.py"

# Float32 tolerance, relative: float32 keeps about 7 digits (1.2e-7 of the value); Keras and
# NumPy adding the same float32 numbers, or a branch's output recovered as (x + f) - x, differ
# by a few units in the last place of the largest value involved, and these values (normal
# inputs through random weights) reach 10 and more. So "equal" means within 1e-6 of the larger
# magnitude (and of 1, for values near zero): see close().
RTOL = 1e-6
# The block's largest change to its input with its initial weights, the page's bound
# (measured on the snippet's data: 2.91 with TensorFlow, 4.00 with JAX, 2.67 with PyTorch;
# 2.3 on the test's).
CHANGES_ABOVE = 0.1


def close(a, b, rtol=RTOL) -> bool:
    """a and b agree to float32 rounding: within `rtol` of the larger magnitude (at least 1)."""
    a, b = (np.asarray(keras.ops.convert_to_numpy(v), dtype="float64") for v in (a, b))
    scale = max(1.0, float(np.abs(a).max(initial=0.0)), float(np.abs(b).max(initial=0.0)))
    return max_difference(a, b) <= rtol * scale


MERGE_MESSAGE = (
    "A merge layer should be called on a list of inputs. Received: input_shape=(None, 16) "
    "(not a list of shapes)"
)


class CarryAlong(keras.layers.Layer):
    """The strongest counterexample: a custom layer that returns [x, branch(x)], carrying its
    input along beside the branch's output (as on docs/explanation/why-non-sequential.md)."""

    def __init__(self, branch, **kwargs):
        super().__init__(**kwargs)
        self.branch = branch

    def call(self, x):
        return [x, self.branch(x)]


def layers_without_arguments():
    """One new instance of every layer class Keras ships that can be made without arguments."""
    made = []
    for name in sorted(dir(keras.layers)):
        cls = getattr(keras.layers, name)
        if inspect.isclass(cls) and issubclass(cls, keras.layers.Layer):
            try:
                made.append(cls())
            except Exception:  # noqa: BLE001  (needs arguments)
                continue
    return made


@pytest.mark.claim(
    PAGE,
    "The input has to reach the output along {paths:w} paths, through the branch `f` and "
    "around it. A Sequential model hands each layer only the previous layer's output, so an "
    '`Add` layer after the branch receives the branch\'s output alone (Why "non-sequential" '
    "explains the difference).",
)
@pytest.mark.claim(
    PAGE,
    'The `Add` layer then raises `ValueError` ("{message}"). A layer that does the wiring in '
    "its own code, such as a custom layer that returns `[x, f(x)]` or a nested model, can carry "
    "the input around the branch, but the skip connection is then hidden inside it. Plain "
    "layers can carry it too, by arithmetic: since `relu(x) - relu(-x) = x`, a "
    '`Dense({wide}, activation="relu")` whose units compute `x`, `-x` and the branch\'s first '
    "layer, followed by a `Dense({units})` that adds the first two groups to the branch's "
    "second layer, computes `x + f(x)` to float32 rounding. Nothing keeps those weights so, "
    "though: training changes them like any others.",
)
def test_a_sequential_stack_cannot_carry_the_input_around_the_branch(snippet, stated):
    model = snippet(FILE).namespace["model"]
    add = model.layers[-1]
    assert isinstance(add, keras.layers.Add)
    # Two paths into Add: the Input itself, and the branch's output.
    assert len(add.input) == 2 and add.input[0] is model.inputs[0]
    assert add.input[1] is model.layers[2].output
    # In a Sequential model, every layer's input is the previous layer's output...
    chain = keras.Sequential(
        [keras.Input(shape=(16,)), keras.layers.Dense(16), keras.layers.Dense(16)]
    )
    assert chain.layers[0].input is chain.inputs[0]
    for before, after in itertools.pairwise(chain.layers):
        assert after.input is before.output
    # ...so Add after the branch's layers (one or both) receives one tensor, and refuses it.
    for branch in ([keras.layers.Dense(16)], [keras.layers.Dense(16), keras.layers.Dense(16)]):
        with pytest.raises(ValueError) as caught:
            keras.Sequential([keras.Input(shape=(16,)), *branch, keras.layers.Add()])
        assert type(caught.value) is ValueError and str(caught.value) == MERGE_MESSAGE
    # The layers that could carry the input: every layer Keras ships that takes no arguments,
    # put after the branch (to hand Add a list) or before it (to pass the input on beside it).
    # None builds a chain that computes x + f(x): Add still receives one tensor.
    first, second = keras.layers.Dense(16, activation="relu"), keras.layers.Dense(16)
    x = np.random.default_rng(5).normal(size=(8, 16)).astype("float32")
    expected = x + keras.ops.convert_to_numpy(second(first(x)))
    tried = 0
    for where in ("after", "before"):
        for layer in layers_without_arguments():
            stack = [first, second, layer] if where == "after" else [layer, first, second]
            tried += 1
            try:
                carried = keras.Sequential([keras.Input(shape=(16,)), *stack, keras.layers.Add()])
                output = carried(x)
            except Exception:  # noqa: BLE001  (refused: the chain cannot be built or run)
                continue
            assert not close(output, expected), (where, type(layer).__name__)
    assert tried > 100  # measured: 148 (74 layer classes, twice)
    # Layers that do the wiring in their own code carry it: a custom layer, a Lambda layer, a
    # nested model. Each computes x + f(x) with the same branch layers...
    branch = keras.Sequential([first, second])
    inputs = keras.Input(shape=(16,))
    nested = keras.Model(inputs, keras.layers.Add()([inputs, second(first(inputs))]))
    wired = {
        "custom": keras.Sequential(
            [keras.Input(shape=(16,)), CarryAlong(branch), keras.layers.Add()]
        ),
        "lambda": keras.Sequential(
            [
                keras.Input(shape=(16,)),
                keras.layers.Lambda(lambda t: [t, second(first(t))]),
                keras.layers.Add(),
            ]
        ),
        "nested": keras.Sequential([keras.Input(shape=(16,)), nested]),
    }
    for name, carried in wired.items():
        assert close(carried(x), expected), name
        # ...and hides it: the chain's summary lists no branch layer and no connection.
        shown = summary_of(carried)
        assert "(Dense)" not in shown and "Connected to" not in shown, name
    # Negative control: the Functional block's summary shows Add reading both paths.
    shown = summary_of(model)
    assert "Connected to" in shown and "(Dense)" in shown
    # Plain Dense layers, by arithmetic (the review's counterexample): relu(x) - relu(-x) = x,
    # so Dense(48, relu) with the kernel [I, -I, W1] and Dense(16) with [I; -I; W2] compute
    # x + W2 relu(W1 x + b1) + b2, the branch's x + f(x).
    units = first.units
    eye = np.eye(units, dtype="float32")
    (w1, b1), (w2, b2) = first.get_weights(), second.get_weights()
    wide = keras.layers.Dense(3 * units, activation="relu")
    narrow = keras.layers.Dense(units)
    plain = keras.Sequential([keras.Input(shape=(units,)), wide, narrow])
    wide.set_weights(
        [np.concatenate([eye, -eye, w1], axis=1), np.concatenate([np.zeros(2 * units), b1])]
    )
    narrow.set_weights([np.concatenate([eye, -eye, w2], axis=0), b2])
    assert all(isinstance(layer, keras.layers.Dense) for layer in plain.layers)
    big = 10 * x  # large values: a wide range for the rounding (measured: 1.9e-6 at 14)
    assert close(plain(big), big + keras.ops.convert_to_numpy(second(first(big))))
    # "to float32 rounding": not exactly (measured differences of a few 1e-7 relative)...
    # ...and nothing keeps those weights so: one step of training moves the I and -I blocks.
    kernel_before = keras.ops.convert_to_numpy(wide.kernel).copy()
    plain.compile(optimizer=keras.optimizers.SGD(0.01), loss="mse")
    targets = np.random.default_rng(6).normal(size=big.shape).astype("float32")
    # Its own training: a counterfactual the page does not run (it trains no model at all).
    plain.fit(big, targets, epochs=1, verbose=0)
    moved = keras.ops.convert_to_numpy(wide.kernel)[:, : 2 * units] - kernel_before[:, : 2 * units]
    assert float(np.abs(moved).max()) > 1e-3
    assert not close(plain(big), big + keras.ops.convert_to_numpy(second(first(big))))
    stated(
        paths=len(add.input),
        message=MERGE_MESSAGE.split(". ")[0],
        wide=wide.units,
        units=narrow.units,
    )


@pytest.mark.claim(
    PAGE,
    "The output has the same shape as the input, {shape}. The block has {parameters} "
    "parameters, those of its {dense:w} `Dense({units})` layers ({units} × {units} + {units} "
    "each); `Add` has none.",
)
def test_block_keeps_the_shape_and_has_544_parameters(snippet, printed, stated):
    run = snippet(FILE)
    model = run.namespace["model"]
    assert model.input_shape == model.output_shape == (None, 16)
    assert model.count_params() == 2 * (16 * 16 + 16) == 544
    # Layer by layer: InputLayer, the two Dense(16) layers, and Add, which has no weights.
    assert [type(layer).__name__ for layer in model.layers] == [
        "InputLayer",
        "Dense",
        "Dense",
        "Add",
    ]
    assert [layer.count_params() for layer in model.layers] == [0, 272, 272, 0]
    assert "input shape: (None, 16), output shape: (None, 16)\n" in run.stdout
    # What the page's block printed: the two shapes and the parameter count.
    assert printed(PAGE, f"snippets/{FILE}:block") == (
        f"input shape: {model.input_shape}, output shape: {model.output_shape}\n"
        f"parameters: {model.count_params()}\n"
    )
    # Negative control: a plain Dense(8) changes the shape, so the comparison can fail.
    plain = keras.Sequential([keras.Input(shape=(16,)), keras.layers.Dense(8)])
    assert plain.output_shape != plain.input_shape
    dense = [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]
    stated(
        shape=model.output_shape,
        parameters=model.count_params(),
        dense=len(dense),
        units=dense[-1].units,
    )


@pytest.mark.claim(
    PAGE,
    "The finished block is a model, and a model is a layer: it can be one layer of a Sequential "
    "model, as long as the skip connection stays inside it.",
)
def test_the_block_model_can_be_a_layer_of_a_sequential_model(snippet):
    model = snippet(FILE).namespace["model"]
    assert isinstance(model, keras.layers.Layer)
    stack = keras.Sequential([keras.Input(shape=(16,)), model, keras.layers.Dense(10)])
    assert stack.layers[0] is model
    assert stack.count_params() == model.count_params() + 16 * 10 + 10
    x = np.random.default_rng(3).normal(size=(8, 16)).astype("float32")
    assert max_difference(stack.layers[0](x), model(x)) == 0.0
    # Negative control: the skip connection spread over the Sequential stack is refused
    # (see the first claim of the page).
    with pytest.raises(ValueError, match="A merge layer should be called on a list of inputs"):
        keras.Sequential([keras.Input(shape=(16,)), keras.layers.Dense(16), keras.layers.Add()])


@pytest.mark.claim(
    PAGE,
    "With its initial weights, the block changes its input (the largest change is above "
    "{above}); with the last kernel and bias zeroed, the output equals the input exactly "
    "(largest difference {after}). So whatever the branch learns is a correction added to the "
    "input, not a replacement for it.",
)
def test_zeroed_branch_makes_the_block_the_identity(printed, stated):
    ns = run_sections(FILE, "block")
    model = ns["model"]
    x = np.random.default_rng(1).normal(size=(100, 16)).astype("float32")
    # Negative control: with its initial, non-zero weights the block is not the identity.
    assert float(np.abs(model.predict(x, verbose=0) - x).max()) > CHANGES_ABOVE
    stdout = executor.run(section(FILE, "identity"), "identity", ns).stdout
    # The snippet's own numbers, and those the page's block printed: above the bound before,
    # exactly 0.0 after.
    for shown in (stdout, printed(PAGE, f"snippets/{FILE}:identity")):
        before, after = (float(line.rsplit("= ", 1)[1]) for line in shown.splitlines())
        assert before > CHANGES_ABOVE and after == 0.0
        assert shown.splitlines()[1] == "after: largest |output - input| = 0.0"
    assert ns["last_branch_layer"] is model.layers[2]
    assert all(not w.any() for w in ns["last_branch_layer"].get_weights())
    # x + 0.0 is exactly x in floating point: the output is bit-identical to the input.
    assert float(np.abs(model.predict(x, verbose=0) - x).max()) == 0.0
    assert float(np.abs(model.predict(ns["x"], verbose=0) - ns["x"]).max()) == 0.0
    # "a correction added": with any branch weights, output - input is the branch's output.
    rng = np.random.default_rng(2)
    ns["last_branch_layer"].set_weights(
        [rng.normal(size=w.shape).astype("float32") for w in model.layers[2].get_weights()]
    )
    branch = keras.Model(model.inputs, model.layers[2].output)
    correction = model.predict(x, verbose=0) - x
    # (x + f) - x is f to within a rounding of x + f: close() scales with the values.
    assert close(correction, branch.predict(x, verbose=0))
    stated(above=CHANGES_ABOVE, after=ns["change"])


def broadcasts(a, b):
    """NumPy's answer for two per-sample shapes: the broadcast shape, or None."""
    try:
        return np.broadcast_shapes(a, b)
    except ValueError:
        return None


def add_shape(a, b):
    """Keras's answer: the shape Add gives two Inputs of these per-sample shapes, or None."""
    try:
        out = keras.layers.Add()([keras.Input(shape=a), keras.Input(shape=b)])
    except ValueError as error:
        assert str(error).startswith("Inputs have incompatible shapes.")
        return None
    return tuple(out.shape)[1:]


@pytest.mark.claim(
    PAGE,
    "`Add` adds elementwise, broadcasting the shapes as NumPy does: after the batch axis, "
    "compared from the last axis, each pair of sizes must be equal or one of them must be "
    "{one}. Equal shapes are the usual case, but not the only one:",
)
@pytest.mark.claim(
    PAGE,
    "A branch of {unit} unit is accepted, and its one number is added to each of the "
    "{features} features. An {narrow}-feature input and a {units}-unit branch are refused with "
    "the `ValueError` printed above, as soon as the block is called on the `Input`, before any "
    "data is seen.",
)
def test_add_broadcasts_like_numpy(snippet, printed, stated):
    run = snippet(FILE)
    ns = run.namespace
    # What the page's block printed: the accepted shape, then the refusal.
    shown = printed(PAGE, f"snippets/{FILE}:broadcast")
    assert shown == (
        "16 features + a 1-unit branch: (None, 16)\n"
        "ValueError: Inputs have incompatible shapes. Received shapes (8,) and (16,)\n"
    )
    # The rule, against NumPy's, on pairs of per-sample shapes of one and two axes, equal and
    # unequal, with and without a 1 (Keras's rule: keras/src/layers/merging/base_merge.py).
    sizes = (1, 4, 16)
    shapes = [(s,) for s in sizes] + list(itertools.product(sizes, repeat=2))
    accepted = refused = 0
    for a, b in itertools.product(shapes, repeat=2):
        expected = broadcasts(a, b)
        assert add_shape(a, b) == expected, (a, b)
        accepted, refused = accepted + (expected is not None), refused + (expected is None)
    assert accepted > 30 and refused > 30  # both kinds were tried (measured: 98 and 46)
    # The page's counterexample: a 1-unit branch on 16 features, numerically.
    assert tuple(ns["one_unit"].shape) == (None, 16)
    assert "16 features + a 1-unit branch: (None, 16)\n" in run.stdout
    x = keras.Input(shape=(16,))
    branch = keras.layers.Dense(1)
    block = keras.Model(x, keras.layers.Add()([x, branch(x)]))
    data = np.random.default_rng(4).normal(size=(32, 16)).astype("float32")
    one_number = keras.Model(x, branch.output).predict(data, verbose=0)
    assert one_number.shape == (32, 1)
    assert close(block.predict(data, verbose=0), data + one_number)
    # Negative control: added to the first feature only, the result differs.
    first_only = data.copy()
    first_only[:, :1] += one_number
    assert max_difference(block.predict(data, verbose=0), first_only) > 1e-2
    # The refused case: raised when the block is built on the Input, with no data.
    message = "Inputs have incompatible shapes. Received shapes (8,) and (16,)"
    assert f"ValueError: {message}\n" in run.stdout
    with pytest.raises(ValueError) as caught:
        ns["residual_block"](keras.Input(shape=(8,)), units=16)
    assert type(caught.value) is ValueError and str(caught.value) == message
    # The numbers the page states, from the graph and the error Keras raised.
    add = ns["one_unit"]._keras_history.operation
    assert isinstance(add, keras.layers.Add)
    features, unit = (tensor.shape[-1] for tensor in add.input)
    narrow, units = (int(n) for n in re.findall(r"\((\d+),\)", str(caught.value)))
    one = next(s for s in range(1, 16) if add_shape((16,), (s,)) == (16,))
    stated(
        one=one,
        unit=unit,
        features=features,
        narrow=narrow,
        units=units,
    )


@pytest.mark.claim(
    PAGE,
    "To keep the shapes equal, give the branch's last layer as many units as the input has "
    "features. To change the width, project the shortcut as well, with a `Dense` layer on `x`:",
)
@pytest.mark.claim(
    PAGE,
    "The {narrow}-feature input then gives a block of {wide} features, and the projection adds "
    "{projection} of its {total} parameters ({narrow} × {wide} + {wide}).",
)
def test_equal_widths_or_a_projected_shortcut_build(snippet, printed, stated):
    ns = snippet(FILE).namespace
    residual_block, wider = ns["residual_block"], ns["wider"]
    # Matching widths build...
    out = residual_block(keras.Input(shape=(8,)), units=8)
    assert tuple(out.shape) == (None, 8)
    # ...and so does a 16-unit branch when the shortcut is projected to 16 by a Dense layer:
    # the page's projected block.
    narrow, wide = wider.input_shape[-1], wider.output_shape[-1]
    assert (narrow, wide) == (8, 16)
    projection = wider.get_layer("projection")
    assert isinstance(projection, keras.layers.Dense)
    add = wider.layers[-1]
    assert isinstance(add, keras.layers.Add) and add.input[0] is projection.output
    assert projection.input is wider.inputs[0]  # a Dense layer on x
    assert projection.count_params() == narrow * wide + wide == 144
    # What the page's block printed: the shapes, the count, the projection's share.
    assert printed(PAGE, f"snippets/{FILE}:projected") == (
        f"input shape: {wider.input_shape}, output shape: {wider.output_shape}\n"
        f"parameters: {wider.count_params()}\n"
        f"  projection: {projection.count_params()}\n"
    )
    # It computes projection(x) + f(x).
    x = np.random.default_rng(7).normal(size=(16, narrow)).astype("float32")
    branch = keras.Model(wider.inputs, add.input[1])
    expected = keras.ops.convert_to_numpy(projection(x)) + branch.predict(x, verbose=0)
    assert close(wider.predict(x, verbose=0), expected)
    # Negative control: without the projection, the same branch is refused.
    with pytest.raises(ValueError, match="Inputs have incompatible shapes"):
        keras.layers.Add()([wider.inputs[0], add.input[1]])
    stated(
        narrow=narrow,
        wide=wide,
        projection=projection.count_params(),
        total=wider.count_params(),
    )
