"""Claims of docs/how-to/convert-sequential-to-functional.md (snippets/convert/)."""

import keras
import numpy as np
import pytest
from conftest import fresh, max_difference
from sklearn.datasets import load_digits

# Float32 tolerance: the same model evaluated in different batch sizes differs by up to ~8e-7
# on CPU (different reduction order), so "equal" means within 1e-6.
ATOL = 1e-6


@pytest.mark.claim
def test_rewired_model_predicts_like_the_sequential_one(snippet):
    ns = snippet("convert/rewire.py").namespace
    sequential, functional, images = ns["sequential"], ns["functional"], ns["images"]
    assert sequential.count_params() == functional.count_params() == 2_778
    assert ns["difference"] <= ATOL
    # "here exactly 0": the same layers run the same operations on the same batches.
    assert ns["difference"] == 0.0
    assert max_difference(sequential.predict(images, verbose=0), functional(images)) <= ATOL
    # Negative control: the same architecture with its own, new weights predicts otherwise.
    clone = keras.models.clone_model(sequential)
    assert max_difference(sequential.predict(images, verbose=0), clone(images)) > 1e-2


@pytest.mark.claim
def test_features_model_returns_every_layer_output(snippet):
    ns = snippet("convert/rewire.py").namespace
    features, images = ns["features"], ns["images"]
    outputs = features.predict(images, verbose=0)
    assert [o.shape for o in outputs] == [(1797, 32), (1797, 16), (1797, 10)]
    # The first output is the first layer's activation, computed by hand.
    kernel, bias = ns["sequential"].layers[0].get_weights()
    assert max_difference(outputs[0], np.maximum(images @ kernel + bias, 0)) <= ATOL
    assert max_difference(outputs[2], ns["functional"].predict(images, verbose=0)) <= ATOL
    # Negative control: the same hand computation without the ReLU is another activation.
    assert max_difference(outputs[0], images @ kernel + bias) > 1e-2
    # Negative control: the Sequential model itself gives only its last output.
    only_last = ns["sequential"].predict(images, verbose=0)
    assert isinstance(only_last, np.ndarray) and only_last.shape == (1797, 10)


@pytest.mark.claim
def test_rewired_model_shares_the_layer_objects():
    ns = fresh("convert/rewire.py")
    sequential, functional, images = ns["sequential"], ns["functional"], ns["images"]
    assert len(functional.layers) == 4  # InputLayer + the three Dense layers
    assert isinstance(functional.layers[0], keras.layers.InputLayer)
    assert all(f is s for f, s in zip(functional.layers[1:], sequential.layers, strict=True))
    assert {id(w) for w in functional.weights} == {id(w) for w in sequential.weights}
    # No weights were copied: the Sequential model's variables are the Functional model's.
    assert all(f is s for f, s in zip(functional.weights, sequential.weights, strict=True))
    # Training the Functional model trains the Sequential one: same kernels afterwards.
    first = sequential.layers[0]
    kernel_before = first.kernel.numpy().copy()
    bystander = keras.models.clone_model(sequential)  # same architecture, own layers
    bystander.set_weights(sequential.get_weights())
    functional.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    functional.fit(images, load_digits().target, epochs=1, verbose=0)
    assert max_difference(first.kernel, kernel_before) > 1e-3
    assert max_difference(functional(images), sequential(images)) <= ATOL
    # Negative control: a model that does not share the layers did not train.
    assert max_difference(bystander.layers[0].kernel, kernel_before) == 0.0
    # Changing a shared kernel changes both models.
    before = np.asarray(sequential(images)).copy()
    first.kernel.assign(np.zeros(first.kernel.shape, dtype="float32"))
    assert max_difference(sequential(images), before) > 1e-2
    assert max_difference(functional(images), sequential(images)) <= ATOL
    # Negative control: clone_model makes new layer objects with their own variables,
    # holding new weights (not copies of the original's).
    clone = keras.models.clone_model(sequential)
    assert not any(c is s for c, s in zip(clone.layers, sequential.layers, strict=True))
    assert not {id(w) for w in clone.weights} & {id(w) for w in sequential.weights}
    assert max_difference(clone.layers[1].kernel, sequential.layers[1].kernel) > 1e-2


@pytest.mark.claim
def test_layer_output_belongs_to_the_first_call(snippet):
    run = snippet("convert/rewire.py")
    ns = run.namespace
    expected = "Output with path `0` is not connected to `inputs`"
    assert f"ValueError: {expected}\n" in run.stdout
    with pytest.raises(ValueError) as caught:
        keras.Model(ns["inputs"], [layer.output for layer in ns["sequential"].layers])
    assert str(caught.value) == expected
    # `.output` is the tensor of the Sequential model's graph, not of the re-wired call.
    first = ns["sequential"].layers[0]
    assert first.output is not ns["layer_outputs"][0]
    assert first.output is ns["sequential"].get_layer("hidden_1").output
    # In that graph (the first call), it is what the next layer received, and the chain
    # starts at the Sequential model's own input, not at the new `inputs`.
    assert first.output is ns["sequential"].layers[1].input
    assert first.input is ns["sequential"].inputs[0] and first.input is not ns["inputs"]
    # The rule in isolation: a layer called twice reports its first call's output.
    dense, a, b = keras.layers.Dense(3), keras.Input((4,)), keras.Input((4,))
    a_output, b_output = dense(a), dense(b)
    assert dense.output is a_output and dense.output is not b_output
    # Negative control: the tensors kept while re-wiring do make a model.
    assert len(keras.Model(ns["inputs"], ns["layer_outputs"]).outputs) == 3


@pytest.mark.claim
def test_nested_sequential_parameters_are_counted_once(snippet):
    ns = snippet("convert/nested.py").namespace
    body, model = ns["body"], ns["model"]
    assert body.count_params() == 64 * 32 + 32 + 32 * 16 + 16 == 2_608
    assert ns["head"].count_params() == 16 * 10 + 10 == 170
    assert model.count_params() == 2_608 + 170 == 2_778
    assert model.layers[1] is body and len(model.weights) == 6
    # A Sequential model is a layer, and appears as one layer, named `body`.
    assert isinstance(body, keras.layers.Layer)
    assert [layer.name for layer in model.layers] == ["pixels", "body", "probabilities"]
    assert "layers: ['pixels', 'body', 'probabilities']\n" in snippet("convert/nested.py").stdout
    # Calling the same Sequential model twice still counts its weights once...
    inputs = keras.Input(shape=(64,))
    twice = keras.Model(inputs, keras.layers.Add()([body(inputs), body(inputs)]))
    assert twice.count_params() == 2_608
    # ...negative control: a second stack of the same shape has its own weights, counted again.
    copy = keras.Sequential(
        [keras.Input((64,)), keras.layers.Dense(32), keras.layers.Dense(16)], name="copy"
    )
    both = keras.Model(inputs, keras.layers.Add()([body(inputs), copy(inputs)]))
    assert both.count_params() == 2 * 2_608
