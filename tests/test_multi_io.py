"""Claims of docs/how-to/multiple-inputs-outputs.md (snippets/multi_io/)."""

import re

import keras
import numpy as np
import pytest

PAGE = "docs/how-to/multiple-inputs-outputs.md"
FILE = "multi_io/multi_io.py"

# Float32 sums of 10 probabilities, and float32 losses added in another order: within 1e-5.
SUM_ATOL = 1e-5


@pytest.mark.claim(
    PAGE,
    "The example reads {side} × {side} digit images plus {ink:w} numbers about each image, and "
    "predicts both the digit ({classes} classes) and whether it is even (yes or no), both from "
    "one hidden layer.",
)
def test_the_example_data_and_what_it_predicts(snippet, stated):
    ns = snippet(FILE).namespace
    model, pixels, ink = ns["model"], ns["pixels"], ns["ink"]
    side = int(np.sqrt(pixels.shape[1]))
    assert side * side == pixels.shape[1] == 64
    assert ink.shape == (1_797, 2)
    assert sorted(np.unique(ns["digit"])) == list(range(10))
    assert set(np.unique(ns["is_even"])) == {0.0, 1.0}
    assert model.get_layer("digit").units == 10 and model.get_layer("is_even").units == 1
    # Both outputs read the same hidden layer's output.
    hidden = model.get_layer("digit").input
    assert model.get_layer("is_even").input is hidden
    # Negative control: the digit output does not read the is_even output, nor the reverse.
    assert hidden is not model.get_layer("is_even").output
    stated(side=side, ink=ink.shape[1], classes=model.get_layer("digit").units)


@pytest.mark.claim(
    PAGE,
    "The {inputs:w} inputs alone would not need the Functional API: a Sequential model whose "
    "first layer is `Concatenate` accepts a list of {inputs:w} inputs. The {outputs:w} outputs "
    "do. A Sequential model feeds each layer only to the next one, so the second output layer "
    "would read the first one's {classes} probabilities instead of the hidden layer, and the "
    "model would have one output, not {outputs:w}. A Functional model is made from lists of "
    "input and output tensors, whatever lies between them.",
)
def test_a_sequential_model_can_merge_two_inputs_but_not_branch_into_two_outputs(snippet, stated):
    ns = snippet(FILE).namespace
    pixels, ink, digit = ns["pixels"][:64], ns["ink"][:64], ns["digit"][:64]
    # Two inputs: a Sequential model that starts by merging them builds and trains.
    merging = keras.Sequential(
        [
            keras.layers.Concatenate(),
            keras.layers.Dense(32, activation="relu"),
            keras.layers.Dense(10, activation="softmax"),
        ]
    )
    merging.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    assert "loss" in merging.fit([pixels, ink], digit, epochs=1, verbose=0).history
    assert merging.predict([pixels, ink], verbose=0).shape == (64, 10)
    # Two outputs: the layers are chained, so the second output layer reads the first one.
    chained = keras.Sequential(
        [
            keras.layers.Concatenate(),
            keras.layers.Dense(32, activation="relu"),
            keras.layers.Dense(10, activation="softmax", name="digit"),
            keras.layers.Dense(1, activation="sigmoid", name="is_even"),
        ]
    )
    out = chained.predict([pixels, ink], verbose=0)
    assert isinstance(out, np.ndarray) and out.shape == (64, 1)  # one output
    assert tuple(chained.get_layer("is_even").kernel.shape) == (10, 1)  # reads 10 numbers
    # Negative control: in the Functional model, is_even reads the 32-unit hidden layer.
    model = ns["model"]
    assert tuple(model.get_layer("is_even").kernel.shape) == (32, 1)
    assert len(model.outputs) == 2 and len(model.inputs) == 2
    stated(
        inputs=len(model.inputs),
        outputs=len(model.outputs),
        classes=chained.get_layer("is_even").kernel.shape[0],
    )


@pytest.mark.claim(
    PAGE,
    "The model has {total:,} parameters: ({pixels} + {ink}) × {units} + {units} in the hidden "
    "layer that both outputs read, {digit} in the `digit` output and {is_even} in the "
    "`is_even` output.",
)
def test_model_has_2507_parameters(snippet, stated):
    model = snippet(FILE).namespace["model"]
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
    pixels_in, ink_in = (t.shape[-1] for t in model.inputs)
    stated(
        total=model.count_params(),
        pixels=pixels_in,
        ink=ink_in,
        units=model.get_layer("dense").units,
        digit=counts["digit"],
        is_even=counts["is_even"],
    )


@pytest.mark.claim(
    PAGE,
    "The history has one loss and one metric per output, named after it: `{a}`, `{b}`, `{c}` "
    "and `{d}`, plus `{total}`, the total that training minimises. A single-output model logs "
    "only `{single_loss}` and `{single_metric}`.",
)
def test_history_has_a_loss_and_metric_per_output_name(snippet, stated):
    run = snippet(FILE)
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
    single_keys = sorted(history.history)
    assert single_keys == ["accuracy", "loss"]
    stated(
        a=keys[1],
        b=keys[0],
        c=keys[3],
        d=keys[2],
        total=keys[4],
        single_loss=single_keys[1],
        single_metric=single_keys[0],
    )


@pytest.mark.claim(
    PAGE,
    "`predict` returns a list of {count:w} arrays, in the order the outputs were given: digit "
    'probabilities of shape {digit} and "is even" probabilities of shape {is_even}. Had the '
    "model been built with a dictionary of outputs, "
    '`keras.Model(inputs, {{"digit": ..., "is_even": ...}})`, `predict` would return a '
    "dictionary with those keys.",
)
def test_predict_returns_a_list_for_list_outputs_and_a_dict_for_dict_outputs(snippet, stated):
    run = snippet(FILE)
    ns = run.namespace
    predictions = ns["predictions"]
    assert isinstance(predictions, list)
    assert [p.shape for p in predictions] == [(5, 10), (5, 1)]
    assert "predict returns a list: [(5, 10), (5, 1)]\n" in run.stdout
    # The digit output is a probability distribution, the is_even output a probability.
    assert np.allclose(predictions[0].sum(axis=1), 1.0, atol=SUM_ATOL)
    assert ((predictions[1] > 0) & (predictions[1] < 1)).all()
    # In the order the outputs were given.
    assert ns["model"].outputs[0] is ns["digit_output"]
    # Negative control: the same tensors given as a dict come back as a dict.
    as_dict = keras.Model(
        ns["model"].inputs, {"digit": ns["digit_output"], "is_even": ns["is_even_output"]}
    )
    result = as_dict.predict([ns["pixels"][:5], ns["ink"][:5]], verbose=0)
    assert isinstance(result, dict) and {k: v.shape for k, v in result.items()} == {
        "digit": (5, 10),
        "is_even": (5, 1),
    }
    stated(count=len(predictions), digit=predictions[0].shape, is_even=predictions[1].shape)


def compiled_copy(ns, **compile_args):
    """The snippet's model, with its own new weights, compiled with `compile_args`."""
    model = keras.models.clone_model(ns["model"])
    model.compile(optimizer="adam", **compile_args)
    return model


LOSSES = {"digit": "sparse_categorical_crossentropy", "is_even": "binary_crossentropy"}
NAMES_SENTENCE = (
    "Give each `Input` and each output layer a `name`: Keras uses the output names to match "
    "losses, metrics and targets to outputs."
)


@pytest.mark.claim(PAGE, NAMES_SENTENCE)
@pytest.mark.claim(
    PAGE,
    'A dictionary of losses must use the output layers\' names (`name="digit"`), not the '
    "Python variable names. `compile` accepts any keys; `fit` then raises "
    "`ValueError: {start} ...`.",
)
def test_loss_keys_must_be_output_layer_names(snippet, stated):
    ns = snippet(FILE).namespace
    inputs = [ns["pixels"][:64], ns["ink"][:64]]
    targets = {"digit": ns["digit"][:64], "is_even": ns["is_even"][:64]}
    wrong = compiled_copy(
        ns, loss={"digit_output": LOSSES["digit"], "is_even_output": LOSSES["is_even"]}
    )  # compile() accepts the keys; fit() checks them
    with pytest.raises(ValueError) as caught:
        wrong.fit(inputs, targets, epochs=1, verbose=0)
    message = str(caught.value)
    assert type(caught.value) is ValueError and message == (
        "Expected keys ['digit', 'is_even'] in loss dict, "
        "but found loss.keys()=['digit_output', 'is_even_output']"
    )
    # Negative control: the layers' names work.
    right = compiled_copy(ns, loss=LOSSES)
    assert "loss" in right.fit(inputs, targets, epochs=1, verbose=0).history
    stated(start=re.match(r".*, but found", message)[0])


@pytest.mark.claim(PAGE, NAMES_SENTENCE)
def test_targets_and_metrics_are_matched_to_outputs_by_name(snippet):
    ns = snippet(FILE).namespace
    # 64 images of zeros and ones: their digits (0, 1) are valid targets for the `is_even`
    # output too, so the swapped targets below are computed on every backend (PyTorch's
    # binary cross-entropy raises `RuntimeError` for targets outside [0, 1]). And here
    # is_even is 1 - digit, so the swap hands each output a different target for every image.
    rows = np.flatnonzero(ns["digit"] < 2)[:64]
    inputs = [ns["pixels"][rows], ns["ink"][rows]]
    digit, is_even = ns["digit"][rows], ns["is_even"][rows]
    assert len(rows) == 64 and np.array_equal(is_even, 1 - digit)
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
    assert abs(swapped["is_even_loss"] - by_name["is_even_loss"]) > 1e-2
    # ...exactly as the names would hand them over if the targets were keyed the other way.
    assert evaluate({"digit": is_even, "is_even": digit}) == swapped


@pytest.mark.claim(
    PAGE,
    "The total `loss` is the sum of the per-output losses, so if one output's loss is much "
    "larger, it dominates training. "
    '`compile(loss_weights={{"digit": 1.0, "is_even": 0.5}})` multiplies each by its weight '
    "before adding them up.",
)
def test_total_loss_is_the_weighted_sum_of_the_output_losses(snippet):
    ns = snippet(FILE).namespace
    # One batch of 64, so every loss is averaged over the same samples.
    inputs = [ns["pixels"][:64], ns["ink"][:64]]
    targets = {"digit": ns["digit"][:64], "is_even": ns["is_even"][:64]}
    for weights in (None, {"digit": 1.0, "is_even": 0.5}):
        model = compiled_copy(ns, loss=LOSSES, loss_weights=weights)
        result = model.evaluate(inputs, targets, batch_size=64, verbose=0, return_dict=True)
        w = weights or {"digit": 1.0, "is_even": 1.0}
        total = w["digit"] * result["digit_loss"] + w["is_even"] * result["is_even_loss"]
        assert abs(result["loss"] - total) <= SUM_ATOL
        # Negative control: the weighted total is not the unweighted sum.
        if weights:
            assert abs(result["loss"] - result["digit_loss"] - result["is_even_loss"]) > 1e-2
