"""Claims of docs/how-to/residual-block.md (snippets/residual/)."""

import keras
import numpy as np
import pytest
from conftest import run_sections, section

from docsite import executor


@pytest.mark.claim
def test_block_keeps_the_shape_and_has_544_parameters(snippet):
    run = snippet("residual/block.py")
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
    # Negative control: a plain Dense(8) changes the shape, so the comparison can fail.
    plain = keras.Sequential([keras.Input(shape=(16,)), keras.layers.Dense(8)])
    assert plain.output_shape != plain.input_shape


@pytest.mark.claim
def test_zeroed_branch_makes_the_block_the_identity():
    ns = run_sections("residual/block.py", "block")
    model = ns["model"]
    x = np.random.default_rng(1).normal(size=(100, 16)).astype("float32")
    # Negative control: with its initial, non-zero weights the block is not the identity.
    assert float(np.abs(model.predict(x, verbose=0) - x).max()) > 0.1
    printed = executor.run(section("residual/block.py", "identity"), "identity", ns).stdout
    # The snippet's own numbers: above 0.1 before, exactly 0.0 after.
    before, after = (float(line.rsplit("= ", 1)[1]) for line in printed.splitlines())
    assert before > 0.1 and after == 0.0
    assert ns["last_branch_layer"] is model.layers[2]
    assert all(not w.any() for w in ns["last_branch_layer"].get_weights())
    # x + 0.0 is exactly x in floating point: the output is bit-identical to the input.
    assert float(np.abs(model.predict(x, verbose=0) - x).max()) == 0.0
    assert float(np.abs(model.predict(ns["x"], verbose=0) - ns["x"]).max()) == 0.0


@pytest.mark.claim
def test_add_needs_equal_shapes(snippet):
    run = snippet("residual/block.py")
    message = "Inputs have incompatible shapes. Received shapes (8,) and (16,)"
    assert f"ValueError: {message}\n" in run.stdout
    with pytest.raises(ValueError) as caught:
        run.namespace["residual_block"](keras.Input(shape=(8,)), units=16)
    assert str(caught.value) == message
    # Negative control: matching widths build fine...
    out = run.namespace["residual_block"](keras.Input(shape=(8,)), units=8)
    assert tuple(out.shape) == (None, 8)
    # ...and so does a 16-unit branch when the shortcut is projected to 16 by a Dense layer.
    x = keras.Input(shape=(8,))
    branch = keras.layers.Dense(16)(keras.layers.Dense(16, activation="relu")(x))
    out = keras.layers.Add()([keras.layers.Dense(16)(x), branch])
    assert tuple(out.shape) == (None, 16)
