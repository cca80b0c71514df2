"""Claims of docs/tutorials/first-functional-model.md (snippets/functional/)."""

import keras
import numpy as np
import pytest
from conftest import fresh, run_sections, summary_of

SYMBOLIC = (
    "A KerasTensor is symbolic: it's a placeholder for a shape an a dtype. It doesn't have any "
    "actual numerical value. You cannot convert it to a NumPy array."
)


@pytest.mark.claim
def test_keras_input_is_symbolic_and_holds_no_values(snippet):
    ns = snippet("functional/first_model.py").namespace
    inputs, model = ns["inputs"], ns["model"]
    assert isinstance(inputs, keras.KerasTensor)
    assert tuple(inputs.shape) == (None, 64) and inputs.dtype == "float32"
    # It holds no numbers: asking for them is an error (Keras's own typo "an a dtype" included).
    with pytest.raises(ValueError) as refused:
        np.asarray(inputs)
    assert type(refused.value) is ValueError and str(refused.value) == SYMBOLIC
    # The open batch dimension: the model takes 1 sample or all 297 held-out digits.
    for samples in (1, 297):
        assert model.predict(np.zeros((samples, 64)), verbose=0).shape == (samples, 10)
    # Negative control: a layer called on a NumPy array returns numbers, which do convert.
    numbers = model.layers[1](np.ones((2, 64), dtype="float32"))
    assert np.asarray(numbers).shape == (2, 32)


@pytest.mark.claim
def test_calling_a_layer_on_a_keras_tensor_gives_a_keras_tensor(snippet):
    ns = snippet("functional/first_model.py").namespace
    inputs, hidden, outputs = ns["inputs"], ns["hidden"], ns["outputs"]
    for tensor in (inputs, hidden, outputs):
        assert isinstance(tensor, keras.KerasTensor)
    # The call computed nothing (no values to read) but was recorded: the layer knows its output.
    with pytest.raises(ValueError, match="^A KerasTensor is symbolic"):
        np.asarray(hidden)
    assert ns["model"].layers[1].output is hidden and ns["model"].layers[2].output is outputs
    assert tuple(inputs.shape) == (None, 64) and inputs.dtype == "float32"
    assert tuple(hidden.shape) == (None, 32) and hidden.dtype == "float32"
    assert tuple(outputs.shape) == (None, 10)
    # Negative control: the same layer called on a NumPy array returns numbers, not a KerasTensor.
    dense = ns["model"].layers[1]
    numbers = dense(np.ones((2, 64), dtype="float32"))
    assert not isinstance(numbers, keras.KerasTensor)
    assert tuple(numbers.shape) == (2, 32)


@pytest.mark.claim
def test_layers_are_an_input_layer_then_the_dense_layers_in_call_order(snippet):
    ns = snippet("functional/first_model.py").namespace
    model = ns["model"]
    assert [type(layer).__name__ for layer in model.layers] == ["InputLayer", "Dense", "Dense"]
    assert [layer.units for layer in model.layers[1:]] == [32, 10]
    # Negative control: a Sequential model of the same Dense layers lists no InputLayer.
    sequential = keras.Sequential(
        [keras.Input((64,)), keras.layers.Dense(32), keras.layers.Dense(10)]
    )
    assert [type(layer).__name__ for layer in sequential.layers] == ["Dense", "Dense"]


@pytest.mark.claim
def test_inputs_outputs_and_parameter_count(snippet):
    model = snippet("functional/first_model.py").namespace["model"]
    assert [tuple(t.shape) for t in model.inputs] == [(None, 64)]
    assert [tuple(t.shape) for t in model.outputs] == [(None, 10)]
    assert model.count_params() == (64 * 32 + 32) + (32 * 10 + 10) == 2_410
    assert [layer.count_params() for layer in model.layers] == [0, 2_080, 330]
    # Negative control: a 31-unit hidden layer changes the count, so the check can fail.
    inputs = keras.Input((64,))
    narrower = keras.Model(inputs, keras.layers.Dense(10)(keras.layers.Dense(31)(inputs)))
    assert narrower.count_params() == 64 * 31 + 31 + 31 * 10 + 10 == 2_335


@pytest.mark.claim
def test_functional_input_and_output_are_the_tensors_unlike_sequential(snippet):
    ns = snippet("functional/first_model.py").namespace
    assert len(ns["model"].inputs) == 1 and ns["model"].inputs[0] is ns["inputs"]
    assert len(ns["model"].outputs) == 1 and ns["model"].outputs[0] is ns["outputs"]
    assert ns["model"].input is ns["inputs"]
    assert ns["model"].output is ns["outputs"]
    # Negative control: a Sequential model of the same layers raises on .input and .output.
    sequential = keras.Sequential(
        [keras.Input((64,)), keras.layers.Dense(32), keras.layers.Dense(10)]
    )
    for name in ("input", "output"):
        with pytest.raises(AttributeError, match=f"has no defined {name}"):
            getattr(sequential, name)


@pytest.mark.claim
def test_summary_lists_the_input_layer(snippet):
    run = snippet("functional/first_model.py")
    # The table the page shows: the InputLayer row first, with its shape and no parameters.
    rows = [line for line in run.stdout.splitlines() if line.startswith("│")]
    assert [row.split("│")[1].split("(")[1].rstrip(") ") for row in rows] == [
        "InputLayer",
        "Dense",
        "Dense",
    ]
    assert "(None, 64)" in rows[0] and rows[0].rstrip("│ ").endswith(" 0")
    assert "Total params: 2,410 " in run.stdout
    # Negative control: the summary of a Sequential model of the same layers has no InputLayer.
    sequential = keras.Sequential(
        [keras.Input((64,)), keras.layers.Dense(32), keras.layers.Dense(10)]
    )
    table = summary_of(sequential)
    assert "InputLayer" not in table and "Total params: 2,410 " in table


@pytest.mark.claim
def test_an_output_not_reachable_from_the_inputs_raises(snippet):
    assert (
        snippet("functional/not_connected.py").stdout
        == "ValueError: Output with path `` is not connected to `inputs`\n"
    )
    ns = fresh("functional/not_connected.py")
    with pytest.raises(ValueError) as raised:
        keras.Model(inputs=ns["image"], outputs=ns["prediction"])
    assert str(raised.value) == "Output with path `` is not connected to `inputs`"
    # With a list of outputs, the path is the position of the unreachable one.
    reachable = keras.layers.Dense(10)(ns["image"])
    with pytest.raises(ValueError) as raised:
        keras.Model(inputs=ns["image"], outputs=[reachable, ns["prediction"]])
    assert str(raised.value) == "Output with path `1` is not connected to `inputs`"
    # Negative control: the same output with its own input as `inputs` is a valid model.
    assert keras.Model(ns["other_image"], ns["prediction"]).count_params() == 650


@pytest.mark.claim
def test_training_reaches_over_85_percent_on_held_out_digits():
    ns = run_sections("functional/first_model.py", "input", "call", "model", "train")
    assert isinstance(ns["model"], keras.Model)
    x, y = ns["x"], ns["y"]
    # 1,797 digits of 8 x 8 = 64 pixels: the first 1,500 train, the other 297 test.
    assert x.shape == (1_797, 64) and len(x[:1500]) == 1_500 and len(x[1500:]) == 297
    assert ns["accuracy"] > 0.85
    assert ns["model"].predict(x[1500:], verbose=0).shape == (297, 10)
    # Negative control: the same network untrained is near chance (10 classes).
    untrained = keras.models.clone_model(ns["model"])
    untrained.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    assert untrained.evaluate(x[1500:], y[1500:], verbose=0)[1] < 0.3
