"""Claims of docs/explanation/same-network-two-apis.md (snippets/same_network/)."""

import keras
import numpy as np
import pytest
from conftest import fresh, max_difference, run_page

# Float32 tolerance: the same model evaluated in different batch sizes differs by up to ~8e-7
# on CPU (different reduction order), so "equal" means within 1e-6.
ATOL = 1e-6

X = np.random.default_rng(1).random((32, 784), dtype=np.float32)


@pytest.fixture(scope="module")
def page_run():
    return run_page("explanation/same-network-two-apis.md")


def summary(model):
    """(layer type, output shape) of each layer, InputLayer left out."""
    return [
        (type(layer).__name__, tuple(layer.output.shape))
        for layer in model.layers
        if not isinstance(layer, keras.layers.InputLayer)
    ]


@pytest.mark.claim
def test_both_models_have_25120_parameters(snippet, page_run):
    run = snippet("same_network/twins.py")
    sequential, functional = run.namespace["sequential_model"], run.namespace["functional_model"]
    assert sequential.count_params() == functional.count_params() == 784 * 32 + 32 == 25_120
    assert run.stdout.splitlines()[:2] == ["parameters: 25,120", "parameters: 25,120"]
    assert page_run[1].splitlines()[:2] == ["parameters: 25,120", "parameters: 25,120"]
    # Negative control: one unit fewer gives another count, so the check can fail.
    narrower = keras.Sequential([keras.Input((784,)), keras.layers.Dense(31, activation="relu")])
    assert narrower.count_params() == 24_335


@pytest.mark.claim
def test_functional_model_is_a_functional_instance(snippet):
    ns = snippet("same_network/twins.py").namespace
    functional, sequential = ns["functional_model"], ns["sequential_model"]
    assert type(functional).__name__ == "Functional"
    assert type(functional).__module__ == "keras.src.models.functional"
    assert isinstance(functional, keras.Model) and isinstance(sequential, keras.Model)
    assert issubclass(type(functional), keras.Model) and type(functional) is not keras.Model
    # Negative control: the Sequential model is not a Functional one.
    assert type(sequential).__name__ == "Sequential"


@pytest.mark.claim
def test_input_is_a_symbolic_tensor_that_layer_calls_record():
    inputs = keras.Input(shape=(784,))
    # A KerasTensor with a shape and a dtype...
    assert isinstance(inputs, keras.KerasTensor)
    assert tuple(inputs.shape) == (None, 784) and inputs.dtype == "float32"
    # ...but no values: it cannot become an array.
    with pytest.raises(ValueError) as caught:
        np.asarray(inputs)
    assert str(caught.value) == (
        "A KerasTensor is symbolic: it's a placeholder for a shape an a dtype. "
        "It doesn't have any actual numerical value. You cannot convert it to a NumPy array."
    )
    # Calling a layer on it computes no numbers: it records the call (one node) and returns
    # another symbolic tensor.
    dense = keras.layers.Dense(32, activation="relu")
    outputs = dense(inputs)
    assert isinstance(outputs, keras.KerasTensor) and tuple(outputs.shape) == (None, 32)
    assert len(dense._inbound_nodes) == 1  # private: Keras 3 has no public list of calls
    # Negative control: the same layer on real numbers returns numbers, and records no node.
    values = np.asarray(dense(X))
    assert not isinstance(dense(X), keras.KerasTensor) and values.shape == (32, 32)
    assert len(dense._inbound_nodes) == 1


@pytest.mark.claim
def test_same_outputs_after_set_weights(snippet, page_run):
    # The numbers the snippet prints, alone and on the page: different weights, then the same.
    for ns in (snippet("same_network/twins.py").namespace, page_run[0]):
        assert ns["before"] > 1e-2
        assert ns["after"] <= ATOL
    assert "largest difference, same weights: 0.0e+00" in page_run[1]
    sequential = ns["sequential_model"]
    functional = keras.models.clone_model(ns["functional_model"])  # new, independent weights
    # Negative control: an independently initialised twin computes something else.
    assert max_difference(sequential(X), functional(X)) > 1e-2
    functional.set_weights(sequential.get_weights())
    assert max_difference(sequential(X), functional(X)) <= ATOL


@pytest.mark.claim
def test_same_layer_types_and_output_shapes_in_order(snippet):
    ns = snippet("same_network/twins.py").namespace
    sequential, functional = ns["sequential_model"], ns["functional_model"]
    assert summary(sequential) == summary(functional) == [("Dense", (None, 32))]
    # The Functional model lists its InputLayer; the Sequential model does not.
    assert [type(layer).__name__ for layer in functional.layers] == ["InputLayer", "Dense"]
    assert [type(layer).__name__ for layer in sequential.layers] == ["Dense"]
    shapes = [tuple(v.shape) for v in sequential.weights]
    assert shapes == [tuple(v.shape) for v in functional.weights] == [(784, 32), (32,)]
    # Negative control: a model with an extra layer has another summary, and refuses the
    # weights.
    deeper = keras.Sequential(
        [keras.Input((784,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(10)],
        name="deeper",
    )
    assert summary(deeper) != summary(sequential)
    with pytest.raises(ValueError) as caught:
        deeper.set_weights(sequential.get_weights())
    assert type(caught.value) is ValueError and str(caught.value) == (
        "You called `set_weights(weights)` on layer 'deeper' with a weight list of length 2, "
        "but the layer was expecting 4 weights."
    )


@pytest.mark.claim
def test_sequential_model_is_a_layer_in_a_functional_graph():
    ns = fresh("same_network/twins.py")
    sequential, wrapper = ns["sequential_model"], ns["wrapper"]
    assert isinstance(sequential, keras.layers.Layer)
    assert issubclass(keras.Model, keras.layers.Layer)  # every Keras model is a layer
    assert tuple(ns["features"].shape) == (None, 32)
    assert wrapper.layers[1] is sequential
    # It is listed as one layer: its own Dense layer is not among the wrapper's layers.
    assert len(wrapper.layers) == 3
    assert not any(layer is sequential.layers[0] for layer in wrapper.layers)
    assert wrapper.count_params() == 25_120 + 32 * 10 + 10 == 25_450
    # Nesting copies nothing: the wrapper holds the Sequential model's own variables.
    own = {id(v) for v in sequential.weights}
    assert own <= {id(v) for v in wrapper.weights} and len(own) == 2
    # Negative control: a Sequential model of another width gives another shape.
    other = keras.Sequential([keras.Input((784,)), keras.layers.Dense(16)])
    assert tuple(other(keras.Input((784,))).shape) == (None, 16)
