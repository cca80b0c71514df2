"""Claims of docs/index.md that no other page's tests cover."""

import keras
import numpy as np
import pytest
from conftest import fresh, max_difference

# Float32 tolerance: the same layers evaluated by two different models may sum in a different
# order (up to ~8e-7 apart on CPU), so "equal" means within 1e-6.
ATOL = 1e-6


@pytest.mark.claim
def test_a_functional_model_is_a_graph_with_several_inputs_and_outputs():
    image = keras.Input(shape=(784,))
    label = keras.Input(shape=(10,))
    encode = keras.layers.Dense(32, activation="relu")
    hidden = encode(image)
    # One tensor, `hidden`, feeds two layers; the model takes two inputs and returns two outputs.
    decode = keras.layers.Dense(784, activation="sigmoid")
    join = keras.layers.Concatenate()
    reconstruction = decode(hidden)
    joined = join([hidden, label])
    score = keras.layers.Dense(1)(joined)
    model = keras.Model([image, label], [reconstruction, score])
    assert len(model.inputs) == 2 and len(model.outputs) == 2
    assert decode.input is hidden and join.input[0] is hidden
    rng = np.random.default_rng(0)
    images, labels = rng.random((3, 784), dtype=np.float32), rng.random((3, 10), dtype=np.float32)
    outputs = model.predict([np.zeros((3, 784)), np.zeros((3, 10))], verbose=0)
    assert [o.shape for o in outputs] == [(3, 784), (3, 1)]
    # Both branches compute from the same hidden values: the reconstruction is decode(encode(x)).
    got = model.predict([images, labels], verbose=0)[0]
    assert max_difference(got, decode(encode(images))) <= ATOL
    # Negative control: a Sequential model has exactly one input and one output tensor...
    sequential = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(32)])
    assert len(sequential.inputs) == len(sequential.outputs) == 1
    # ...and refuses a second input.
    with pytest.raises(ValueError) as refused:
        keras.Sequential([keras.Input(shape=(4,)), keras.Input(shape=(4,))])
    assert type(refused.value) is ValueError
    assert str(refused.value).endswith(
        "has already been configured to use input shape (None, 4). "
        "You cannot add a different Input layer to it."
    )


@pytest.mark.claim
def test_any_tensor_of_the_graph_can_start_or_end_a_new_model():
    ns = fresh("answer/autoencoder.py")
    autoencoder, encoded, decoded = ns["autoencoder"], ns["encoded"], ns["decoded"]
    # An inner tensor as the output (the encoder) and as the input (a decoder) of new models.
    head = keras.Model(ns["input_img"], encoded)
    tail = keras.Model(encoded, decoded)
    assert [type(layer).__name__ for layer in tail.layers] == ["InputLayer", "Dense"]
    assert head.layers[1] is autoencoder.layers[1] and tail.layers[1] is autoencoder.layers[2]
    shared = {id(v) for v in head.weights + tail.weights}
    assert shared == {id(v) for v in autoencoder.weights} and len(shared) == 4
    x = ns["x_test"]
    # Same layer objects, same weights: head then tail is the autoencoder, bit for bit.
    through = tail.predict(head.predict(x, verbose=0), verbose=0)
    assert max_difference(through, autoencoder.predict(x, verbose=0)) == 0.0
    # Negative control: a clone of the tail has its own weights and gives other images.
    clone = keras.models.clone_model(tail)
    assert not {id(v) for v in clone.weights} & shared
    assert max_difference(clone.predict(head.predict(x, verbose=0), verbose=0), through) > 1e-2
