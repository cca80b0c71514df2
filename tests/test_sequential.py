"""Claims of docs/tutorials/first-sequential-model.md (snippets/sequential/)."""

import re
import warnings

import keras
import numpy as np
import pytest
from conftest import fresh, max_difference, run_sections, section, summary_of

from docsite import executor

# The weight shapes of the page's model: a 4 x 2 kernel and 2 biases, a 2 x 3 kernel and 3 biases.
SHAPES = [(4, 2), (2,), (2, 3), (3,)]
SAMPLES = np.random.default_rng(0).random((5, 4), dtype=np.float32)


def architecture(model):
    """What defines the network: each layer's class, units and activation, and the weight shapes."""
    return [
        (type(layer).__name__, layer.units, layer.activation.__name__) for layer in model.layers
    ], [tuple(w.shape) for w in model.weights]


@pytest.mark.claim
def test_each_layer_takes_the_output_of_the_one_before():
    model = run_sections("sequential/first_model.py", "build")["model"]
    first, second = model.layers
    # 4 numbers in, 3 out.
    assert tuple(model.inputs[0].shape) == (None, 4) and tuple(model.outputs[0].shape) == (None, 3)
    # The model is the second layer applied to the first layer's output: the same operations in
    # the same order, so the results are bit-identical.
    assert max_difference(model(SAMPLES), second(first(SAMPLES))) == 0.0
    # Negative control: an independently initialised clone of the stack computes other numbers.
    clone = keras.models.clone_model(model)
    assert max_difference(clone(SAMPLES), second(first(SAMPLES))) > 1e-2


@pytest.mark.claim
def test_list_model_has_two_layers_and_pop_leaves_one():
    ns = run_sections("sequential/first_model.py", "build")
    model = ns["model"]
    assert len(model.layers) == 2
    assert model.count_params() == (4 * 2 + 2) + (2 * 3 + 3) == 19
    assert tuple(model.outputs[0].shape) == (None, 3)  # before pop(): the second layer's output
    first = model.layers[0]
    executor.run(section("sequential/first_model.py", "pop"), "pop", ns)
    assert len(model.layers) == 1
    assert model.count_params() == 10
    assert tuple(model.outputs[0].shape) == (None, 2)
    # What is left is a working model that ends at the first Dense layer (the same object).
    assert model.layers[0] is first
    assert max_difference(model.predict(SAMPLES, verbose=0), first(SAMPLES)) <= 1e-6
    # Negative control: the whole file, which ends with pop(), no longer has two layers.
    assert len(fresh("sequential/first_model.py")["model"].layers) == 1


@pytest.mark.claim
def test_only_a_functional_models_layers_start_with_an_input_layer(snippet):
    sequential = run_sections("sequential/first_model.py", "build")["model"]
    functional = snippet("functional/first_model.py").namespace["model"]
    assert not isinstance(sequential.layers[0], keras.layers.InputLayer)
    assert not any(isinstance(layer, keras.layers.InputLayer) for layer in sequential.layers)
    assert [type(layer).__name__ for layer in sequential.layers] == ["Dense", "Dense"]
    # layers[0] is the first Dense layer: 2 units, a 4 x 2 kernel.
    assert sequential.layers[0].units == 2 and tuple(sequential.layers[0].kernel.shape) == (4, 2)
    # Negative control: the same check does find the InputLayer of a Functional model.
    assert isinstance(functional.layers[0], keras.layers.InputLayer)


@pytest.mark.claim
def test_list_and_add_forms_build_the_same_architecture():
    listed = run_sections("sequential/first_model.py", "build")["model"]
    added = fresh("sequential/add_form.py")["model"]
    assert architecture(listed) == architecture(added)
    assert architecture(listed)[1] == SHAPES
    assert [layer.count_params() for layer in listed.layers] == [10, 9]
    assert listed.count_params() == added.count_params() == 19
    # Negative control: one more unit in the first layer is a different architecture.
    wider = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(3, activation="relu"), keras.layers.Dense(3)]
    )
    assert architecture(wider) != architecture(listed)
    assert wider.count_params() == 27


@pytest.mark.claim
def test_keras_input_creates_every_weight_at_once():
    # Only the `build` section runs: the model has seen no data.
    model = run_sections("sequential/first_model.py", "build")["model"]
    assert model.built is True
    assert [tuple(w.shape) for w in model.weights] == SHAPES
    assert model.count_params() == 19
    assert "Total params: 19 " in summary_of(model)
    # Negative control: the same layers without keras.Input have no weights and count nothing.
    unbuilt = run_sections("sequential/unbuilt.py", "unbuilt")["model"]
    assert unbuilt.built is False and unbuilt.weights == []
    assert "0 (unbuilt)" in summary_of(unbuilt)
    assert "Total params: 0 " in summary_of(unbuilt)
    with pytest.raises(ValueError, match=r"^You tried to call `count_params` on layer "):
        unbuilt.count_params()


@pytest.mark.claim
def test_inspect_lists_layers_shapes_and_a_summary_table():
    ns = run_sections("sequential/first_model.py", "build")
    printed = executor.run(section("sequential/first_model.py", "inspect"), "inspect", ns).stdout
    lines = printed.splitlines()
    assert lines[0] == "['Dense', 'Dense']"
    assert lines[1] == "input shape: (None, 4), output shape: (None, 3)"
    assert isinstance(ns["model"].inputs[0], keras.KerasTensor)  # symbolic
    # The summary table: one row per layer with its output shape and parameter count.
    rows = [re.split(r"\s*│\s*", line.strip("│ ")) for line in lines if "(Dense)" in line]
    assert [row[1:] for row in rows] == [["(None, 2)", "10"], ["(None, 3)", "9"]]
    assert "Total params: 19 " in printed
    # Negative control: after pop() the table has one row and 10 parameters.
    executor.run(section("sequential/first_model.py", "pop"), "pop", ns)
    after = summary_of(ns["model"])
    assert after.count("(Dense)") == 1 and "Total params: 10 " in after


@pytest.mark.claim
def test_none_is_the_batch_dimension_so_any_number_of_samples_fits():
    model = run_sections("sequential/first_model.py", "build")["model"]
    assert model.inputs[0].shape[0] is None
    for samples in (1, 5, 297):
        batch = np.ones((samples, 4), dtype="float32")
        assert model.predict(batch, verbose=0).shape == (samples, 3)
    # Negative control: the other dimension is fixed: 5 numbers per sample are refused.
    with pytest.raises(ValueError) as refused:
        model(np.ones((2, 5), dtype="float32"))
    message = re.sub(r"\x1b\[[0-9;]*m", "", str(refused.value))  # drop terminal colour codes
    assert (
        f"Input 0 with name 'None' of layer '{model.layers[0].name}' is incompatible with the "
        "layer: expected axis -1 of input shape to have value 4, but received input with shape "
        "(2, 5)"
    ) in message


@pytest.mark.claim
def test_without_input_the_model_is_unbuilt_until_first_called():
    ns = run_sections("sequential/unbuilt.py", "unbuilt")
    model = ns["model"]
    assert model.built is False and model.weights == []
    assert [layer.built for layer in model.layers] == [False, False]  # no layer knows its input
    with pytest.raises(ValueError) as raised:
        model.count_params()
    assert type(raised.value) is ValueError
    assert str(raised.value) == (
        f"You tried to call `count_params` on layer '{model.name}', but the layer isn't built. "
        "You can build it manually via: `layer.build(input_shape)`."
    )
    executor.run(section("sequential/unbuilt.py", "call"), "call", ns)
    assert model.built is True
    assert len(model.weights) == 4  # two kernels, two biases
    assert [tuple(w.shape) for w in model.weights] == SHAPES
    assert model.count_params() == 19
    # Negative control: the same layers after keras.Input are built at once, with no call.
    started = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2), keras.layers.Dense(3)])
    assert started.built is True and started.count_params() == 19


@pytest.mark.claim
def test_input_shape_argument_warns_and_keras_input_does_not():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old = keras.Sequential([keras.layers.Dense(2, input_shape=(4,)), keras.layers.Dense(3)])
    assert [(w.category, str(w.message)) for w in caught] == [
        (
            UserWarning,
            "Do not pass an `input_shape`/`input_dim` argument to a layer. When using Sequential "
            "models, prefer using an `Input(shape)` object as the first layer in the model "
            "instead.",
        )
    ]
    # Keras 3 still builds that model, with the same weights.
    assert old.built is True and old.count_params() == 19
    assert [tuple(w.shape) for w in old.weights] == SHAPES
    # Negative control: the snippet's form, starting with keras.Input, warns nothing.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run_sections("sequential/first_model.py", "build")
    assert caught == []


@pytest.mark.claim
def test_sequential_input_raises_but_inputs_works():
    model = run_sections("sequential/first_model.py", "build")["model"]
    assert model.built is True
    model(np.ones((2, 4)))  # built and even called on data: .input still raises
    with pytest.raises(AttributeError) as raised:
        _ = model.input
    assert type(raised.value) is AttributeError
    assert str(raised.value) == (
        f"The layer {model.name} has never been called and thus has no defined input."
    )
    assert isinstance(model.inputs, list) and len(model.inputs) == 1
    assert tuple(model.inputs[0].shape) == (None, 4)
    # Negative control: on a Functional model with one input, .input does work.
    inputs = keras.Input((4,))
    functional = keras.Model(inputs, keras.layers.Dense(3)(inputs))
    assert functional.input is inputs and functional.inputs == [inputs]

    # A model written as a subclass has no `inputs` at all: "Sequential and Functional" only.
    class Subclassed(keras.Model):
        def __init__(self):
            super().__init__()
            self.dense = keras.layers.Dense(3)

        def call(self, x):
            return self.dense(x)

    assert not hasattr(Subclassed(), "inputs")
