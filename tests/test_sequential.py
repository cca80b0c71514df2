"""Claims of docs/tutorials/first-sequential-model.md (snippets/sequential/)."""

import warnings

import keras
import numpy as np
import pytest
from conftest import fresh, run_sections, section

from docsite import executor


def architecture(model):
    """What defines the network: each layer's class, units and activation, and the weight shapes."""
    return [
        (type(layer).__name__, layer.units, layer.activation.__name__) for layer in model.layers
    ], [tuple(w.shape) for w in model.weights]


@pytest.mark.claim
def test_list_model_has_two_layers_and_pop_leaves_one():
    ns = run_sections("sequential/first_model.py", "build")
    model = ns["model"]
    assert len(model.layers) == 2
    assert model.count_params() == (4 * 2 + 2) + (2 * 3 + 3) == 19
    executor.run(section("sequential/first_model.py", "pop"), "pop", ns)
    assert len(model.layers) == 1
    assert model.count_params() == 10
    assert tuple(model.outputs[0].shape) == (None, 2)
    # Negative control: the whole file, which ends with pop(), no longer has two layers.
    assert len(fresh("sequential/first_model.py")["model"].layers) == 1


@pytest.mark.claim
def test_only_a_functional_models_layers_start_with_an_input_layer(snippet):
    sequential = run_sections("sequential/first_model.py", "build")["model"]
    functional = snippet("functional/first_model.py").namespace["model"]
    assert not isinstance(sequential.layers[0], keras.layers.InputLayer)
    assert [type(layer).__name__ for layer in sequential.layers] == ["Dense", "Dense"]
    # Negative control: the same check does find the InputLayer of a Functional model.
    assert isinstance(functional.layers[0], keras.layers.InputLayer)


@pytest.mark.claim
def test_list_and_add_forms_build_the_same_architecture():
    listed = run_sections("sequential/first_model.py", "build")["model"]
    added = fresh("sequential/add_form.py")["model"]
    assert architecture(listed) == architecture(added)
    assert listed.count_params() == added.count_params() == 19
    # Negative control: one more unit in the first layer is a different architecture.
    wider = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(3, activation="relu"), keras.layers.Dense(3)]
    )
    assert architecture(wider) != architecture(listed)
    assert wider.count_params() == 27


@pytest.mark.claim
def test_without_input_the_model_is_unbuilt_until_first_called():
    ns = run_sections("sequential/unbuilt.py", "unbuilt")
    model = ns["model"]
    assert model.built is False and model.weights == []
    with pytest.raises(ValueError) as raised:
        model.count_params()
    assert str(raised.value) == (
        f"You tried to call `count_params` on layer '{model.name}', but the layer isn't built. "
        "You can build it manually via: `layer.build(input_shape)`."
    )
    executor.run(section("sequential/unbuilt.py", "call"), "call", ns)
    assert model.built is True
    assert len(model.weights) == 4  # two kernels, two biases
    assert model.count_params() == 19
    # Negative control: the same layers after keras.Input are built at once, with no call.
    started = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2), keras.layers.Dense(3)])
    assert started.built is True and started.count_params() == 19


@pytest.mark.claim
def test_input_shape_argument_warns_and_keras_input_does_not():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        keras.Sequential([keras.layers.Dense(2, input_shape=(4,)), keras.layers.Dense(3)])
    assert [(w.category, str(w.message)) for w in caught] == [
        (
            UserWarning,
            "Do not pass an `input_shape`/`input_dim` argument to a layer. When using Sequential "
            "models, prefer using an `Input(shape)` object as the first layer in the model "
            "instead.",
        )
    ]
    # Negative control: the snippet's form, starting with keras.Input, warns nothing.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run_sections("sequential/first_model.py", "build")
    assert caught == []


@pytest.mark.claim
def test_sequential_input_raises_but_inputs_works():
    model = run_sections("sequential/first_model.py", "build")["model"]
    model(np.ones((2, 4)))  # built and even called on data: .input still raises
    with pytest.raises(AttributeError) as raised:
        _ = model.input
    assert str(raised.value) == (
        f"The layer {model.name} has never been called and thus has no defined input."
    )
    assert tuple(model.inputs[0].shape) == (None, 4)
    # Negative control: on a Functional model with one input, .input does work.
    inputs = keras.Input((4,))
    functional = keras.Model(inputs, keras.layers.Dense(3)(inputs))
    assert functional.input is inputs
