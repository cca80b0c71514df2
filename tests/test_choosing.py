"""Claims of docs/how-to/choose-an-api.md (snippets/choosing/)."""

import ast
import inspect
import json
import re
import subprocess
import sys
import warnings
import zipfile

import keras
import numpy as np
import pytest
from counterexample_layers import CarryAlong, Probe, TwoViews

from conftest import fresh, max_difference, run_sections, section

PAGE = "docs/how-to/choose-an-api.md"
SUBCLASSED = "choosing/subclassed.py"

# "Equal", "the same outputs": to within float32 rounding. Rounding is relative: each float32
# operation is exact to within 2**-24 (6e-8) of the size of what it handles, and a result that
# sums many terms (784 inputs) may be summed in another order (the same model in another batch
# size differs by up to ~8e-7 on values of size ~1). So two results are equal when they differ
# by at most RELATIVE times the size of the values compared (never less than 1: the inputs
# here are of size ~1), which keeps holding when the values grow.
RELATIVE = 1e-6


def equal(a, b):
    """`a` and `b` agree to within float32 rounding, bounded by their size."""
    size = max(1.0, *(float(np.abs(keras.ops.convert_to_numpy(v)).max()) for v in (a, b)))
    return max_difference(a, b) <= RELATIVE * size


# "Differs", "trains it": any difference above this is far beyond float32 rounding (1e-6).
# Measured: Dropout(0.5) changes outputs by about 1.6; a Dense layer applied three times
# instead of once changes them by more than 0.1.
DIFFERS = 1e-3

X = np.random.default_rng(0).random((32, 784), dtype=np.float32)
X4 = np.random.default_rng(1).random((8, 4), dtype=np.float32)

SECOND_INPUT_MESSAGE = (
    "Sequential model 'chain' has already been configured to use input shape (None, 4). "
    "You cannot add a different Input layer to it."
)
MERGE_MESSAGE = (
    "A merge layer should be called on a list of inputs. "
    "Received: input_shape=(None, 4) (not a list of shapes)"
)
UNBUILT_MESSAGE = (
    "You tried to call `count_params` on layer '{name}', but the layer isn't built. "
    "You can build it manually via: `layer.build(input_shape)`."
)


def size(weights):
    return sum(int(np.prod(w.shape)) for w in weights)


def before_first_call():
    """The subclassed snippet's class and a new, never-called Encoder (no data involved)."""
    ns = run_sections(SUBCLASSED, "define")
    return ns["Encoder"](name="encoder")


def sequential_784_to_32():
    return keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(32, activation="relu")])


def functional_784_to_32():
    inputs = keras.Input(shape=(784,))
    return keras.Model(inputs, keras.layers.Dense(32, activation="relu")(inputs))


@pytest.mark.claim(
    PAGE,
    "is a plain stack: one input, one output, each layer feeding the next | yes | yes | yes",
)
@pytest.mark.claim(
    PAGE,
    "It has the same {params:,} parameters as the same encoder written with `keras.Sequential` "
    "or with `keras.Input` and `keras.Model`, and with the same weights it computes the same "
    "outputs, to within float32 rounding.",
)
def test_a_plain_stack_is_the_same_network_three_ways(snippet, printed, stated):
    subclassed = snippet(SUBCLASSED).namespace["model"]
    shown = printed(PAGE, "snippets/choosing/subclassed.py:define")
    assert shown == f"parameters: {subclassed.count_params():,}\n"
    sequential, functional = sequential_784_to_32(), functional_784_to_32()
    counts = {m.count_params() for m in (subclassed, sequential, functional)}
    assert counts == {784 * 32 + 32}
    # One input, one output each.
    assert len(sequential.inputs) == len(functional.inputs) == 1
    assert len(sequential.outputs) == len(functional.outputs) == 1
    assert tuple(subclassed(X).shape) == (32, 32)
    # Negative control: with their own initial weights, the three compute different things.
    assert max_difference(sequential(X), subclassed(X)) > DIFFERS
    assert max_difference(functional(X), subclassed(X)) > DIFFERS
    assert not equal(sequential(X), subclassed(X))
    for other in (sequential, functional):
        other.set_weights(subclassed.get_weights())
        assert equal(other(X), subclassed(X))
    stated(params=counts.pop())


@pytest.mark.claim(
    PAGE,
    "starts from several `keras.Input`s, or has a layer that reads more than the previous "
    "layer's output: branches, skip connections, a layer shared between branches | no | yes | "
    "yes",
)
@pytest.mark.claim(
    PAGE,
    "A Sequential model refuses a second `keras.Input` with a `ValueError`, and each of its "
    "layers receives exactly what the layer before it returned. So `Add` right after a "
    "`keras.Input` raises `ValueError`: it receives one tensor, not the list it sums. A merge "
    "layer works when the list is the model's own input, as in "
    "`keras.Sequential([Concatenate(), Dense(1)])` trained with `fit([a, b], y)`, or when the "
    "layer before it returns a list. Anything more than a chain has to happen inside its "
    "layers: a custom layer can return a list that carries an earlier tensor along, and a "
    "Functional model nested as one step can hold any graph.",
)
def test_sequential_layers_read_only_the_previous_layers_output():
    # A second keras.Input is refused.
    with pytest.raises(ValueError) as caught:
        keras.Sequential([keras.Input((4,)), keras.Input((4,))], name="chain")
    assert type(caught.value) is ValueError and str(caught.value) == SECOND_INPUT_MESSAGE
    # Each layer receives exactly what the layer before it returned: one tensor...
    probe = Probe()
    dense = keras.layers.Dense(4)
    keras.Sequential([keras.Input((4,)), dense, probe])(X4)
    assert equal(probe.received, dense(X4))
    # ...or a list, when the layer before returns one.
    probe = Probe()
    keras.Sequential([keras.Input((4,)), TwoViews(), probe])(X4)
    assert isinstance(probe.received, list) and len(probe.received) == 2
    assert equal(probe.received[1], 2 * X4)
    # So Add right after a keras.Input gets one tensor, and raises.
    with pytest.raises(ValueError) as caught:
        keras.Sequential([keras.Input((4,)), keras.layers.Add()])
    assert type(caught.value) is ValueError and str(caught.value) == MERGE_MESSAGE
    # Counterexample 1: the list is the model's own input; it trains with fit([a, b], y).
    # Its own training: the page states this in its table only; no block trains such a model.
    joined = keras.Sequential([keras.layers.Concatenate(), keras.layers.Dense(1)])
    joined.compile(optimizer="adam", loss="mse")
    a, b = X4[:, :3], X4[:, 3:]
    joined.fit([a, b], np.ones((8, 1)), epochs=1, verbose=0)
    before = joined.get_weights()[0].copy()
    history = joined.fit([a, b], np.ones((8, 1)), epochs=5, verbose=0).history["loss"]
    assert max_difference(joined.get_weights()[0], before) > DIFFERS
    assert history[-1] < history[0]
    # Counterexample 2: the layer before returns a list.
    summed = keras.Sequential([keras.Input((4,)), TwoViews(), keras.layers.Add()])
    assert equal(summed(X4), 3 * X4)
    # The strongest counterexamples to "no": a skip connection in a Sequential model. Only
    # through layers: a custom layer carries the input along beside Dense(input)...
    inner = keras.layers.Dense(4)
    skip = keras.Sequential([keras.Input((4,)), CarryAlong(inner), keras.layers.Add()])
    assert equal(skip(X4), X4 + keras.ops.convert_to_numpy(inner(X4)))
    # ...or a Functional model with a skip connection and two inputs is one step of the chain.
    left, right = keras.Input((4,)), keras.Input((4,))
    hidden = keras.layers.Dense(4)(left)
    graph = keras.Model([left, right], keras.layers.Add()([left, hidden, right]))
    nested = keras.Sequential([graph, keras.layers.Dense(1)])
    assert tuple(nested([X4, X4]).shape) == (8, 1) and nested.layers[0] is graph
    # Negative control: with built-in layers only, the same skip connection cannot be wired:
    # Add after Dense receives Dense's one tensor, not the Input beside it.
    with pytest.raises(ValueError, match="A merge layer should be called on a list of inputs"):
        keras.Sequential([keras.Input((4,)), keras.layers.Dense(4), keras.layers.Add()])

    # "yes | yes": a Functional graph has two inputs and a skip connection (built above); a
    # subclass's call can do the same.
    class Skip(keras.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dense = keras.layers.Dense(4)

        def call(self, inputs):
            left, right = inputs
            return left + self.dense(left) + right

    assert tuple(Skip()([keras.Input((4,)), keras.Input((4,))]).shape) == (None, 4)
    assert len(graph.inputs) == 2


@pytest.mark.claim(
    PAGE,
    "must give sub-models or intermediate features through `layer.output` | yes, once it knows "
    "its input shape | yes | no",
)
@pytest.mark.claim(
    PAGE,
    "A Sequential model has `model.inputs` once it knows its input shape (from a "
    "`keras.Input`, `build()` or its first call), and `keras.Model(model.inputs, "
    "layer.output)` is then a model of any layer's features. A subclass with its own `call` "
    "has no `inputs`, and its layers have no `.output`, even after it is called on a "
    "`keras.Input`.",
)
def test_features_through_layer_output(snippet):
    def chain():
        return keras.Sequential([keras.layers.Dense(8), keras.layers.Dense(2)], name="chain")

    unbuilt = chain()
    with pytest.raises(AttributeError) as caught:
        unbuilt.inputs  # noqa: B018
    # (TensorFlow and JAX: "Sequential model 'chain' has no defined inputs yet."; PyTorch,
    # whose layers are torch modules: "'Sequential' object has no attribute 'inputs'".)
    assert "inputs" in str(caught.value)
    with_input = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8), keras.layers.Dense(2)])
    built = chain()
    built.build((None, 4))
    called = chain()
    called(X4)
    for model in (with_input, built, called):
        first = model.layers[0]
        features = keras.Model(model.inputs, first.output)
        assert equal(features.predict(X4, verbose=0), first(X4))
    # Functional: any layer's output, too.
    functional = functional_784_to_32()
    features = keras.Model(functional.inputs, functional.layers[1].output)
    assert equal(features.predict(X, verbose=0), functional(X))
    # A subclass: no inputs, and its layer has no output, even when called on a keras.Input
    # (the model itself then has an output: its inner layers do not).
    shaped = snippet(SUBCLASSED).namespace["shaped"]
    assert shaped.built and shaped.output is not None
    with pytest.raises(AttributeError) as caught:
        shaped.inputs  # noqa: B018
    assert str(caught.value) == "'Encoder' object has no attribute 'inputs'"
    with pytest.raises(AttributeError) as caught:
        shaped.dense.output  # noqa: B018
    # (PyTorch: "'Dense' object has no attribute 'output'".)
    assert str(caught.value) in (
        f"The layer {shaped.dense.name} has never been called and thus has no defined output.",
        "'Dense' object has no attribute 'output'",
    )


@pytest.mark.claim(
    PAGE,
    "should show its shapes and parameter count before it sees any data | yes, once it knows "
    "its input shape | yes | yes, once called on a `keras.Input`",
)
@pytest.mark.claim(
    PAGE,
    "A Sequential model that does not know its input shape (no `keras.Input`, and a first "
    "layer without an input shape of its own; a nested model that starts with a `keras.Input` "
    "has one), like a subclassed model that was never called, has no weights, and its "
    "`count_params()` raises `ValueError`. The Sequential model gets its weights, without "
    "data, from `build()` with an input shape; the subclass gets "
    "them from a call on a `keras.Input`, and then counts its {params:,} parameters and shows "
    "its output shape in `summary()`.",
)
@pytest.mark.claim(
    PAGE,
    "A subclassed model does not need data to show its shapes. Call it on a `keras.Input`, as "
    "you would a layer in a Functional model:",
)
@pytest.mark.claim(
    PAGE,
    "The model then has its {arrays:w} weight arrays and {params:,} parameters, and "
    "`summary()` shows the `Dense` layer with its output shape and its parameters.",
)
@pytest.mark.claim(
    PAGE,
    "With PyTorch as the backend, the `Dense` layer's row in `summary()` shows a number instead "
    "of `None`: the batch size of the placeholder tensor Keras traces the call with.",
)
def test_shapes_and_parameter_count_before_any_data(snippet, printed, stated):
    never_called = before_first_call()
    sequential = keras.Sequential([keras.layers.Dense(32, activation="relu")], name="chain")
    for model in (never_called, sequential):
        assert model.weights == []
        with pytest.raises(ValueError) as caught:
            model.count_params()
        assert type(caught.value) is ValueError
        assert str(caught.value) == UNBUILT_MESSAGE.format(name=model.name)
    # Counterexamples to "without a keras.Input, no weights": a first layer that brings its
    # input shape, a nested model (or, deprecated, `input_shape=`), builds the chain at once.
    step = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8)])
    assert keras.Sequential([step, keras.layers.Dense(1)]).count_params() == 40 + 9
    with pytest.warns(UserWarning, match="Do not pass an `input_shape`"):
        old_style = keras.Sequential([keras.layers.Dense(8, input_shape=(4,))])
    assert old_style.count_params() == 40
    # Without data: build() for the Sequential model, a keras.Input for the subclass.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sequential.build((None, 784))
        output = never_called(keras.Input((784,)))
    assert sequential.count_params() == never_called.count_params() == 25_120
    assert tuple(output.shape) == (None, 32) and len(never_called.weights) == 2
    # The snippet's `shaped`, on the page: the summary shows the layer, its shape and count.
    shaped = snippet(SUBCLASSED).namespace["shaped"]
    shown = printed(PAGE, "snippets/choosing/subclassed.py:on_input")
    lines = [line for line in shown.splitlines() if "(Dense)" in line or "Total params" in line]
    params = f"{shaped.count_params():,}"
    (row,) = re.findall(r"│ \S+ \(Dense\) +│ (\(\w+, 32\)) +│ +([\d,]+) │", lines[0])
    assert row[1] == params
    if keras.backend.backend() == "torch":  # a placeholder's batch size, e.g. "(83, 32)"
        assert re.fullmatch(r"\(\d+, 32\)", row[0])
    else:  # negative control of the PyTorch sentence: the others show None
        assert row[0] == "(None, 32)"
    assert lines[1].startswith(f" Total params: {params}")
    # No data: the section that makes `shaped` calls it on a keras.Input, and nothing else.
    calls = [
        ast.unparse(node)
        for node in ast.walk(ast.parse(section(SUBCLASSED, "on_input")))
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "shaped"
    ]
    assert calls == ["shaped(keras.Input(shape=(784,)))"]
    # Functional: counted as soon as it is built, from its keras.Input.
    assert functional_784_to_32().count_params() == 25_120
    # Negative control: a subclass built with build() instead has no weights to count.
    other = before_first_call()
    with pytest.warns(UserWarning):
        other.build((None, 784))
    assert other.weights == []
    stated(params=shaped.count_params(), arrays=len(shaped.weights))


@pytest.mark.claim(
    PAGE,
    "takes arguments of your own in `call`, such as how many times to repeat a layer | no: "
    "other keywords are ignored, with no error | no: other keywords are ignored, with no error "
    "| yes",
)
@pytest.mark.claim(
    PAGE,
    "All three pass `training` on to their layers: with a `Dropout` layer in the model, "
    "`model(x, training=True)` differs from `model(x)` whichever way it is written. Only a "
    "subclass's `call` takes arguments of your own: a Functional or Sequential model ignores "
    "any other keyword, such as `steps=3`, without an error. (A private method, "
    "`Layer._register_call_context_args`, can route more arguments to a layer; it is not part "
    "of Keras's public API.)",
)
def test_only_a_subclassed_call_takes_arguments_of_your_own():
    class Dropped(keras.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dense = keras.layers.Dense(4)
            self.dropout = keras.layers.Dropout(0.5)

        def call(self, inputs, training=None):
            return self.dropout(self.dense(inputs), training=training)

    inputs = keras.Input((4,))
    dense = keras.layers.Dense(4)
    functional = keras.Model(inputs, keras.layers.Dropout(0.5)(dense(inputs)))
    sequential = keras.Sequential([keras.Input((4,)), dense, keras.layers.Dropout(0.5)])

    class Undeclared(keras.Model):  # `training` not in its call: Keras passes it on anyway
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dense = keras.layers.Dense(4)
            self.dropout = keras.layers.Dropout(0.5)

        def call(self, inputs):
            return self.dropout(self.dense(inputs))

    for model in (functional, sequential, Dropped(), Undeclared()):
        assert max_difference(model(X4, training=True), model(X4)) > DIFFERS
        # Negative control: training=False is the default, so the outputs are equal.
        assert max_difference(model(X4, training=False), model(X4)) == 0.0
    # Functional and Sequential models take `training` and `mask`, nothing else of yours...
    for model in (functional, sequential):
        parameters = inspect.signature(model.call).parameters
        assert list(parameters) == ["inputs", "training", "mask", "kwargs"]
    # ...and ignore any other keyword: no error, no warning, the same output.
    for model in (functional, sequential):
        for keyword in ({"steps": 3}, {"repeat": True}, {"scale": np.float32(2.0)}):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                ignored = model(X4, **keyword)
            assert caught == [] and max_difference(ignored, model(X4)) == 0.0

    class Repeat(keras.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dense = keras.layers.Dense(4)

        def call(self, inputs, steps=1):
            for _ in range(steps):
                inputs = self.dense(inputs)
            return inputs

    repeat = Repeat()
    assert max_difference(repeat(X4), repeat(X4, steps=3)) > DIFFERS

    # The strongest counterexample: the private registration makes a Functional model pass
    # `steps` on to a layer that registered it.
    class RepeatLayer(keras.layers.Layer):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dense = keras.layers.Dense(4)
            self._register_call_context_args("steps")

        def call(self, inputs, steps=1):
            for _ in range(steps):
                inputs = self.dense(inputs)
            return inputs

    inputs = keras.Input((4,))
    routed = keras.Model(inputs, RepeatLayer()(inputs))
    assert max_difference(routed(X4, steps=3), routed(X4)) > DIFFERS
    # Not public: no name without the underscore, and no mention in keras.layers.Layer's docs.
    assert not hasattr(keras.layers.Layer, "register_call_context_args")
    assert "call_context_args" not in (keras.layers.Layer.__doc__ or "")


@pytest.mark.claim(
    PAGE,
    "So `Add` right after a `keras.Input` raises `ValueError`: it receives one tensor, not the "
    "list it sums.",
)
def test_sequential_cannot_merge_branches():
    """What is true of "Sequential cannot merge": after a keras.Input, each layer of a
    Sequential model receives the one tensor the layer before it returned, so a merge layer
    there raises; a merge layer works when it is handed a list (counterexamples below)."""
    with pytest.raises(ValueError) as caught:
        keras.Sequential([keras.Input(shape=(4,)), keras.layers.Add()])
    assert type(caught.value) is ValueError and str(caught.value) == MERGE_MESSAGE
    # A branch the chain made itself cannot be merged back: Add after Dense gets one tensor.
    with pytest.raises(ValueError, match="A merge layer should be called on a list of inputs"):
        keras.Sequential([keras.Input((4,)), keras.layers.Dense(4), keras.layers.Add()])
    # Counterexamples: a list as the model's input, or from the layer before, is merged.
    joined = keras.Sequential([keras.layers.Concatenate(), keras.layers.Dense(1)])
    assert tuple(joined([X4[:, :3], X4[:, 3:]]).shape) == (8, 1)
    summed = keras.Sequential([keras.Input((4,)), TwoViews(), keras.layers.Add()])
    assert equal(summed(X4), 3 * X4)
    # Negative control: the Functional API gives Add the list of two tensors it needs.
    inputs = keras.Input(shape=(4,))
    added = keras.layers.Add()([inputs, keras.layers.Dense(4)(inputs)])
    assert tuple(keras.Model(inputs, added).output_shape) == (None, 4)


@pytest.mark.claim(
    PAGE,
    "A subclass of `keras.Model` that passes `inputs` and `outputs` to `super().__init__()` "
    "instead of writing `call` is a Functional model, and the Functional column applies to it.",
)
def test_a_subclass_built_from_inputs_and_outputs_is_functional():
    class Graph(keras.Model):
        def __init__(self, **kwargs):
            inputs = keras.Input((4,))
            hidden = keras.layers.Dense(8, name="dense")(inputs)
            super().__init__(inputs, keras.layers.Dropout(0.5)(hidden), **kwargs)

    model = Graph()
    assert isinstance(model, keras.Model) and type(model).__mro__[1].__name__ == "Functional"
    # The Functional column: inputs and layer outputs, counted before data, `training` only.
    features = keras.Model(model.inputs, model.layers[1].output)
    assert equal(features.predict(X4, verbose=0), model.get_layer("dense")(X4))
    assert model.count_params() == 4 * 8 + 8
    assert max_difference(model(X4, training=True), model(X4)) > DIFFERS
    assert max_difference(model(X4, steps=3), model(X4)) == 0.0
    # Negative control: the subclass with its own call is not Functional, and has no inputs.
    encoder = before_first_call()
    assert "Functional" not in [cls.__name__ for cls in type(encoder).__mro__]
    assert not hasattr(encoder, "inputs")


@pytest.mark.claim(
    PAGE,
    "A subclass without its own `build()` method should get its weights from a first call, on "
    "data or on a `keras.Input`, as above. `model.build((None, 784))` instead warns "
    '(`UserWarning`) that the model "does not have a `build()` method implemented" and marks it '
    "built without creating the weights.",
)
def test_build_without_a_build_method_warns():
    model = before_first_call()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.build((None, 784))
    assert [w.category for w in caught] == [UserWarning]
    assert str(caught[0].message) == (
        "`build()` was called on layer 'encoder', however the layer does not have a `build()` "
        "method implemented and it looks like it has unbuilt state. This will cause the layer "
        "to be marked as built, despite not being actually built, which may cause failures "
        "down the line. Make sure to implement a proper `build()` method."
    )
    # Marked built, without weights.
    assert model.built is True and model.weights == []
    # Negative control: the snippet's ways, a first call on data or on a keras.Input, do not
    # warn (the executor turns warnings into errors) and create the weights.
    ns = fresh(SUBCLASSED)
    assert ns["model"].count_params() == ns["shaped"].count_params() == 25_120


# A new program that imports only Keras: it loads each file, then defines the snippet's class,
# unregistered, then registered, and loads the subclass's file again each time.
LOADER = """
import sys

import keras
import numpy as np

folder = sys.argv[1]
x = np.load(f"{folder}/x.npy")


def load(name, **options):
    try:
        model = keras.models.load_model(f"{folder}/{name}.keras", **options)
    except (TypeError, ValueError) as error:
        return f"{type(error).__name__}: {error}"
    return float(np.abs(model.predict(x, verbose=0) - np.load(f"{folder}/{name}.npy")).max())


names = ("sequential", "functional", "subclass", "registered", "functional_with_scale",
         "sequential_with_scale", "with_activation", "with_lambda")
print({name: load(name) for name in names})
ENCODER, SCALE = sys.argv[2], sys.argv[4]
exec(ENCODER + SCALE)
print({"defined": load("subclass"),
       "custom_objects": load("subclass", custom_objects={"Encoder": Encoder}),
       "scale_custom_objects": load("functional_with_scale", custom_objects={"Scale": Scale})})
exec(sys.argv[3] + ENCODER)
print({"registered_here": load("subclass"), "registered_at_both": load("registered")})
"""
REGISTER = '@keras.saving.register_keras_serializable(package="choosing_test")\n'
SCALE = (
    "class Scale(keras.layers.Layer):\n    def call(self, inputs):\n        return inputs * 0.5\n"
)


def encoder_class_source() -> str:
    """The snippet's `class Encoder` statement, as the page shows it."""
    code = section(SUBCLASSED, "define")
    node = next(n for n in ast.parse(code).body if isinstance(n, ast.ClassDef))
    return ast.get_source_segment(code, node) + "\n"


@pytest.mark.claim(
    PAGE,
    "must reload from its `.keras` file with `keras.models.load_model` alone (when built from "
    "Keras's own layers and functions, `Lambda` aside) | yes | yes | no: register its class "
    "before "
    "saving, or pass it to `load_model` (Custom layers)",
)
@pytest.mark.claim(
    PAGE,
    'Saved with `model.save("encoder.keras")`, the Sequential and the Functional encoder load '
    "in a new program that imports only Keras, and predict exactly what they did before saving. "
    "The subclass's file raises `TypeError` there (\"Could not locate class 'Encoder'\"), and "
    "still does in a program that defines `Encoder` without registering it, or registers it only "
    "there: the file keeps the name the class had when it was saved. A Sequential or Functional "
    "model with a layer or a function of your own (an activation, say) needs the same, and so "
    "does one with a `Lambda` layer "
    "(Wrap a function in a Lambda layer).",
)
def test_only_keras_own_layers_reload_with_load_model_alone(snippet, tmp_path):
    source = encoder_class_source()
    registered, scale = {"keras": keras}, {"keras": keras}
    exec(REGISTER + source, registered)  # under "choosing_test>Encoder"
    exec(SCALE, scale)
    inputs = keras.Input(shape=(784,))
    with_scale = keras.Model(inputs, scale["Scale"]()(keras.layers.Dense(32)(inputs)))

    def doubled_relu(x):  # an activation function of your own
        return keras.activations.relu(x) * 2

    models = {
        "sequential": sequential_784_to_32(),
        "functional": functional_784_to_32(),
        "subclass": snippet(SUBCLASSED).namespace["model"],  # the page's encoder, unregistered
        "registered": registered["Encoder"](name="encoder"),
        # Sequential and Functional models with a layer, or a function, of your own
        "functional_with_scale": with_scale,
        "sequential_with_scale": keras.Sequential([keras.Input(shape=(784,)), scale["Scale"]()]),
        "with_activation": keras.Sequential(
            [keras.Input(shape=(784,)), keras.layers.Dense(32, activation=doubled_relu)]
        ),
        "with_lambda": keras.Sequential(  # Keras's own Lambda layer, on a Python lambda
            [keras.Input(shape=(784,)), keras.layers.Lambda(lambda t: t * 2)]
        ),
    }
    models["registered"](X)
    np.save(tmp_path / "x.npy", X)
    for name, model in models.items():
        model.save(tmp_path / f"{name}.keras")
        np.save(tmp_path / f"{name}.npy", model.predict(X, verbose=0))
    run = subprocess.run(
        [sys.executable, "-c", LOADER, str(tmp_path), source, REGISTER, SCALE],
        capture_output=True, text=True, cwd=tmp_path,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    alone, defined, registered = map(ast.literal_eval, run.stdout.splitlines())

    def refused(outcome, name):
        return outcome.startswith("TypeError: ") and f"Could not locate class '{name}'" in outcome

    # Keras's own layers: they load alone and predict exactly as before.
    assert alone["sequential"] == alone["functional"] == 0.0
    # The subclass: not alone, not where the class is merely defined, nor registered only
    # where it is loaded (the file recorded the unregistered name); by custom_objects, yes.
    assert refused(alone["subclass"], "Encoder") and refused(defined["defined"], "Encoder")
    assert refused(registered["registered_here"], "Encoder")
    assert defined["custom_objects"] == 0.0
    # Registered where it is saved and where it is loaded, it loads ("must be registered");
    # registered only where it was saved, it does not load alone either.
    assert registered["registered_at_both"] == 0.0
    assert refused(alone["registered"], "Encoder")
    # "The file keeps the name the class had when it was saved": the name each file records.
    for name, recorded in (("subclass", "Encoder"), ("registered", "choosing_test>Encoder")):
        with zipfile.ZipFile(tmp_path / f"{name}.keras") as archive:
            assert json.loads(archive.read("config.json"))["registered_name"] == recorded
    # Sequential and Functional models with a layer of your own need the same as the subclass
    # (the TypeError says the model "could not be deserialized", naming Scale), and load
    # given the class; so does one whose Dense layer has an activation function of your own.
    assert refused(alone["functional_with_scale"], "Scale")
    assert refused(alone["sequential_with_scale"], "Scale")
    assert defined["scale_custom_objects"] == 0.0
    assert alone["with_activation"].startswith("TypeError: ")
    assert "Could not locate function 'doubled_relu'" in alone["with_activation"]
    # And so does one with a Lambda layer, Keras's own layer (here refused by safe_mode).
    assert alone["with_lambda"].startswith("ValueError: Requested the deserialization of a ")
    assert "`Lambda` layer" in alone["with_lambda"]
