"""Claims of docs/index.md that no other page's tests cover."""

import keras
import numpy as np
import pytest


@pytest.mark.claim
def test_a_functional_model_is_a_graph_with_several_inputs_and_outputs():
    image = keras.Input(shape=(784,))
    label = keras.Input(shape=(10,))
    hidden = keras.layers.Dense(32, activation="relu")(image)
    # One tensor, `hidden`, feeds two layers; the model takes two inputs and returns two outputs.
    reconstruction = keras.layers.Dense(784, activation="sigmoid")(hidden)
    joined = keras.layers.Concatenate()([hidden, label])
    score = keras.layers.Dense(1)(joined)
    model = keras.Model([image, label], [reconstruction, score])
    assert len(model.inputs) == 2 and len(model.outputs) == 2
    outputs = model.predict([np.zeros((3, 784)), np.zeros((3, 10))], verbose=0)
    assert [o.shape for o in outputs] == [(3, 784), (3, 1)]
    # Negative control: a Sequential model has exactly one input and one output tensor.
    sequential = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(32)])
    assert len(sequential.inputs) == len(sequential.outputs) == 1
