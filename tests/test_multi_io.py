"""Claims of docs/how-to/multiple-inputs-outputs.md (snippets/multi_io/)."""

import keras
import numpy as np
import pytest


@pytest.mark.claim
def test_model_has_2507_parameters(snippet):
    model = snippet("multi_io/multi_io.py").namespace["model"]
    hidden = (64 + 2) * 32 + 32
    assert model.count_params() == hidden + (32 * 10 + 10) + (32 * 1 + 1) == 2_507
    counts = {layer.name: layer.count_params() for layer in model.layers if layer.weights}
    assert counts == {"dense": 2_144, "digit": 330, "is_even": 33}
    assert [t.name for t in model.inputs] == ["pixels", "ink"]
    assert model.output_names == ["digit", "is_even"]
    # Negative control: without the 2-number ink input the hidden layer is 64 weights smaller.
    pixels = keras.Input(shape=(64,))
    hidden_only = keras.layers.Dense(32, activation="relu")(pixels)
    smaller = keras.Model(
        pixels, [keras.layers.Dense(10)(hidden_only), keras.layers.Dense(1)(hidden_only)]
    )
    assert smaller.count_params() == 2_507 - 64


@pytest.mark.claim
def test_history_has_a_loss_and_metric_per_output_name(snippet):
    run = snippet("multi_io/multi_io.py")
    keys = sorted(run.namespace["history"].history)
    assert keys == ["digit_accuracy", "digit_loss", "is_even_accuracy", "is_even_loss", "loss"]
    assert f"history keys: {keys}\n" in run.stdout
    # Negative control: a single-output model logs no per-output names.
    ns = run.namespace
    single = keras.Model(
        ns["pixels_input"], keras.layers.Dense(10, activation="softmax")(ns["pixels_input"])
    )
    single.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    history = single.fit(ns["pixels"][:64], ns["digit"][:64], epochs=1, verbose=0)
    assert sorted(history.history) == ["accuracy", "loss"]


@pytest.mark.claim
def test_predict_returns_a_list_for_list_outputs_and_a_dict_for_dict_outputs(snippet):
    run = snippet("multi_io/multi_io.py")
    ns = run.namespace
    predictions = ns["predictions"]
    assert isinstance(predictions, list)
    assert [p.shape for p in predictions] == [(5, 10), (5, 1)]
    assert "predict returns a list: [(5, 10), (5, 1)]\n" in run.stdout
    # The digit output is a probability distribution, the is_even output a probability.
    assert np.allclose(predictions[0].sum(axis=1), 1.0, atol=1e-5)  # float32 sum of 10 values
    assert ((predictions[1] > 0) & (predictions[1] < 1)).all()
    # Negative control: the same tensors given as a dict come back as a dict.
    as_dict = keras.Model(
        ns["model"].inputs, {"digit": ns["digit_output"], "is_even": ns["is_even_output"]}
    )
    result = as_dict.predict([ns["pixels"][:5], ns["ink"][:5]], verbose=0)
    assert isinstance(result, dict) and {k: v.shape for k, v in result.items()} == {
        "digit": (5, 10),
        "is_even": (5, 1),
    }


def compiled_copy(ns, **compile_args):
    """The snippet's model, with its own new weights, compiled with `compile_args`."""
    model = keras.models.clone_model(ns["model"])
    model.compile(optimizer="adam", **compile_args)
    return model


LOSSES = {"digit": "sparse_categorical_crossentropy", "is_even": "binary_crossentropy"}


@pytest.mark.claim
def test_loss_keys_must_be_output_layer_names(snippet):
    ns = snippet("multi_io/multi_io.py").namespace
    inputs = [ns["pixels"][:64], ns["ink"][:64]]
    targets = {"digit": ns["digit"][:64], "is_even": ns["is_even"][:64]}
    wrong = compiled_copy(
        ns, loss={"digit_output": LOSSES["digit"], "is_even_output": LOSSES["is_even"]}
    )  # compile() accepts the keys; fit() checks them
    with pytest.raises(ValueError) as caught:
        wrong.fit(inputs, targets, epochs=1, verbose=0)
    assert str(caught.value) == (
        "Expected keys ['digit', 'is_even'] in loss dict, "
        "but found loss.keys()=['digit_output', 'is_even_output']"
    )
    # Negative control: the layers' names work.
    right = compiled_copy(ns, loss=LOSSES)
    assert "loss" in right.fit(inputs, targets, epochs=1, verbose=0).history


@pytest.mark.claim
def test_targets_and_metrics_are_matched_to_outputs_by_name(snippet):
    ns = snippet("multi_io/multi_io.py").namespace
    inputs = [ns["pixels"][:64], ns["ink"][:64]]
    digit, is_even = ns["digit"][:64], ns["is_even"][:64]
    model = compiled_copy(ns, loss=LOSSES, metrics={"digit": ["accuracy"]})

    def evaluate(targets):
        return model.evaluate(inputs, targets, batch_size=64, verbose=0, return_dict=True)

    by_name = evaluate({"digit": digit, "is_even": is_even})
    # A metric keyed by one output's name is computed for that output only.
    assert sorted(by_name) == ["digit_accuracy", "digit_loss", "is_even_loss", "loss"]
    # The order of the keys does not matter: each target goes to the output of its name.
    assert evaluate({"is_even": is_even, "digit": digit}) == by_name
    assert evaluate([digit, is_even]) == by_name  # a list is matched by position
    # Negative control: a list in the other order gives each output the other's targets.
    swapped = evaluate([is_even, digit])
    assert abs(swapped["digit_loss"] - by_name["digit_loss"]) > 1e-2


@pytest.mark.claim
def test_total_loss_is_the_weighted_sum_of_the_output_losses(snippet):
    ns = snippet("multi_io/multi_io.py").namespace
    # One batch of 64, so every loss is averaged over the same samples.
    inputs = [ns["pixels"][:64], ns["ink"][:64]]
    targets = {"digit": ns["digit"][:64], "is_even": ns["is_even"][:64]}
    for weights in (None, {"digit": 1.0, "is_even": 0.5}):
        model = compiled_copy(ns, loss=LOSSES, loss_weights=weights)
        result = model.evaluate(inputs, targets, batch_size=64, verbose=0, return_dict=True)
        w = weights or {"digit": 1.0, "is_even": 1.0}
        total = w["digit"] * result["digit_loss"] + w["is_even"] * result["is_even_loss"]
        # float32 losses, summed in another order: agree to 1e-5.
        assert abs(result["loss"] - total) <= 1e-5
        # Negative control: the weighted total is not the unweighted sum.
        if weights:
            assert abs(result["loss"] - result["digit_loss"] - result["is_even_loss"]) > 1e-2
