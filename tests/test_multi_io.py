"""Claims of docs/how-to/multiple-inputs-outputs.md (snippets/multi_io/)."""

import re

import keras
import numpy as np
import pytest
from keras.src.models.functional import Functional

from conftest import max_difference

PAGE = "docs/how-to/multiple-inputs-outputs.md"
FILE = "multi_io/multi_io.py"

# Float32 tolerance, relative: float32 keeps about 7 digits (1.2e-7 of the value). Sums of 10
# probabilities, losses near 1 to 2 added in another order, and means over a few batches differ
# by a few units in the last place; 1e-5 of the values compared (of 1, at least) leaves a
# margin of 10 to 100 while staying far below the differences the tests tell apart (1e-3 and
# more). See close().
RTOL = 1e-5
PAGE_SOURCE = f"snippets/{FILE}"


def close(a, b, rtol=RTOL) -> bool:
    """a and b agree to float32 rounding: within `rtol` of the larger magnitude (at least 1)."""
    a, b = (np.asarray(keras.ops.convert_to_numpy(v), dtype="float64") for v in (a, b))
    scale = max(1.0, float(np.abs(a).max(initial=0.0)), float(np.abs(b).max(initial=0.0)))
    return max_difference(a, b) <= rtol * scale


@pytest.mark.claim(
    PAGE,
    "The example reads {side} × {side} digit images plus {ink:w} numbers about each image (the "
    "mean and the standard deviation of its pixels: how much ink it has, and how much its pixels "
    "vary), "
    "and predicts both the digit ({classes} classes) and whether it is even (yes or no), both "
    "from one hidden layer.",
)
def test_the_example_data_and_what_it_predicts(snippet, stated):
    ns = snippet(FILE).namespace
    model, pixels, ink = ns["model"], ns["pixels"], ns["ink"]
    side = int(np.sqrt(pixels.shape[1]))
    assert side * side == pixels.shape[1] == 64
    assert ink.shape == (1_797, 2)
    # The two numbers: each image's mean pixel value and their standard deviation.
    assert close(ink[:, 0], pixels.mean(axis=1)) and close(ink[:, 1], pixels.std(axis=1))
    # Negative control: not the total ink (the sum), which is 64 times the mean.
    assert not close(ink[:, 0], pixels.sum(axis=1))
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
    "Each array has one row per image, {count:,} in all: {pixels} pixels and {ink} ink numbers "
    "for the inputs, and one number for each target.",
)
def test_one_array_per_input_and_per_output(snippet, printed, stated):
    ns = snippet(FILE).namespace
    arrays = {name: ns[name] for name in ("pixels", "ink", "digit", "is_even")}
    count = len(ns["digits"].images)
    assert {len(array) for array in arrays.values()} == {count}
    # What the page's block printed: each array's shape.
    shown = printed(PAGE, f"{PAGE_SOURCE}:data")
    assert shown == (
        f"inputs: pixels {arrays['pixels'].shape}, ink {arrays['ink'].shape}\n"
        f"targets: digit {arrays['digit'].shape}, is_even {arrays['is_even'].shape}\n"
    )
    # One number for each target: a vector, one entry per image.
    assert arrays["digit"].ndim == arrays["is_even"].ndim == 1
    # Negative control: the images themselves are 8 x 8, not the 64 numbers fed in.
    assert ns["digits"].images.shape[1:] == (8, 8) and arrays["pixels"].ndim == 2
    stated(count=count, pixels=arrays["pixels"].shape[1], ink=arrays["ink"].shape[1])


class TwoHeads(keras.layers.Layer):
    """A custom layer that returns two tensors: a digit head and an is-even head."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.digit = keras.layers.Dense(10, activation="softmax")
        self.is_even = keras.layers.Dense(1, activation="sigmoid")

    def call(self, x):
        return [self.digit(x), self.is_even(x)]


@pytest.mark.claim(
    PAGE,
    "A Sequential model passes each layer's output only to the next layer, so its two output "
    'layers would be stacked, one reading the other (Why "non-sequential" explains the '
    "difference).",
)
@pytest.mark.claim(
    PAGE,
    "The {inputs:w} inputs alone would not need the Functional API: a Sequential model whose "
    "first layer is `Concatenate`, with no `keras.Input`, accepts a list of {inputs:w} arrays. "
    "Stacked, the second "
    "output layer would read the first one's {classes} probabilities instead of the hidden "
    "layer, and the model would have one output. "
    "A Sequential model has {outputs:w} outputs only when its last layer returns {outputs:w} "
    "tensors, as a nested {outputs:w}-output Functional model or a custom layer can: the "
    "branching then happens inside that layer, not in the stack. A Functional model is made "
    "from lists of input and output tensors, whatever lies between them.",
)
def test_a_sequential_model_has_two_outputs_only_if_its_last_layer_returns_two(snippet, stated):
    ns = snippet(FILE).namespace
    pixels, ink, digit = ns["pixels"][:64], ns["ink"][:64], ns["digit"][:64]
    is_even = ns["is_even"][:64]
    # Two inputs: a Sequential model that starts by merging them builds and trains.
    # Its own training: a counterfactual; the page trains only its Functional model.
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
    # With a keras.Input, Concatenate gets one tensor and the model does not build; and called
    # on a list of keras.Input tensors the model raises: arrays are what it accepts.
    with pytest.raises(ValueError, match="should be called on a list"):
        keras.Sequential([keras.Input((64,)), keras.layers.Concatenate()])
    unbuilt = keras.Sequential([keras.layers.Concatenate(), keras.layers.Dense(10)])
    with pytest.raises(TypeError, match="unexpected keyword argument 'training'"):
        unbuilt([keras.Input((64,)), keras.Input((1,))])
    # Two output layers stacked: the second reads the first one, and there is one output.
    chained = keras.Sequential(
        [
            keras.layers.Concatenate(),
            keras.layers.Dense(32, activation="relu"),
            keras.layers.Dense(10, activation="softmax", name="digit"),
            keras.layers.Dense(1, activation="sigmoid", name="is_even"),
        ]
    )
    out = chained.predict([pixels, ink], verbose=0)
    # Each layer's output goes only to the next layer: the model computes the layers one
    # after the other, the is_even layer on the digit layer's output.
    x = [pixels, ink]
    for layer in chained.layers:
        x = layer(x)
    assert max_difference(x, out) <= RTOL  # sigmoid outputs, at most 1: RTOL of 1
    assert isinstance(out, np.ndarray) and out.shape == (64, 1)  # one output
    assert tuple(chained.get_layer("is_even").kernel.shape) == (10, 1)  # reads 10 numbers
    # The strongest counterexamples: a last layer that returns two tensors. A nested
    # two-output Functional model (the heads), and a custom layer that returns two.
    hidden = keras.Input((32,))
    heads = keras.Model(
        hidden,
        [
            keras.layers.Dense(10, activation="softmax", name="digit")(hidden),
            keras.layers.Dense(1, activation="sigmoid", name="is_even")(hidden),
        ],
    )
    stacks = {
        last: keras.Sequential(
            [keras.layers.Concatenate(), keras.layers.Dense(32, activation="relu"), layer]
        )
        for last, layer in (("nested", heads), ("custom", TwoHeads()))
    }
    for name, stack in stacks.items():
        predicted = stack.predict([pixels, ink], verbose=0)
        assert [p.shape for p in predicted] == [(64, 10), (64, 1)], name
        # It trains as a two-output model: fit logs a loss per output.
        stack.compile(
            optimizer="adam", loss=["sparse_categorical_crossentropy", "binary_crossentropy"]
        )
        logged = stack.fit([pixels, ink], [digit, is_even], epochs=1, verbose=0).history
        assert len([key for key in logged if key.endswith("_loss")]) == 2, (name, logged)
        # The branching is inside the last layer: the stack itself lists no output layer.
        assert [type(layer).__name__ for layer in stack.layers[:2]] == ["Concatenate", "Dense"]
        assert len(stack.layers) == 3 and stack.layers[1].units == 32
    assert stacks["nested"].layers[-1] is heads and type(heads).__name__ == "Functional"
    assert [layer.name for layer in heads.layers[1:]] == ["digit", "is_even"]
    # "Only": a Sequential model has as many outputs as its last layer returns tensors, for a
    # last layer that returns one (Dense), two (above) or three (LSTM with return_state).
    # (Counted as the arrays predict returns: a Sequential model without keras.Input has no
    # `outputs` list.)
    lstm = keras.Sequential([keras.Input((5, 3)), keras.layers.LSTM(4, return_state=True)])
    states = lstm.predict(np.zeros((2, 5, 3), dtype="float32"), verbose=0)
    assert len(states) == len(lstm.outputs) == 3
    assert isinstance(out, np.ndarray)  # the stacked output layers: one array
    for stack in stacks.values():
        assert len(stack.predict([pixels, ink], verbose=0)) == 2
    # Negative control: in the Functional model, is_even reads the 32-unit hidden layer, and
    # the model is made from lists of two inputs and two outputs.
    model = ns["model"]
    assert tuple(model.get_layer("is_even").kernel.shape) == (32, 1)
    assert len(model.outputs) == 2 and len(model.inputs) == 2
    assert model.get_layer("digit").input is model.get_layer("is_even").input
    stated(
        inputs=len(model.inputs),
        outputs=len(model.outputs),
        classes=chained.get_layer("is_even").kernel.shape[0],
    )


@pytest.mark.claim(
    PAGE,
    "Pass `loss`, `loss_weights` and `metrics` as dictionaries keyed by output name, and the "
    "targets the same way. Pass the inputs as a dictionary keyed by the `Input` names (a list in "
    "the order of the model's inputs works too).",
)
def test_inputs_are_matched_to_inputs_by_name(snippet):
    ns = snippet(FILE).namespace
    rows = slice(0, 64)
    pixels, ink = ns["pixels"][rows], ns["ink"][rows]
    targets = {"digit": ns["digit"][rows], "is_even": ns["is_even"][rows]}
    model = compiled_copy(
        ns,
        loss=LOSSES,
        loss_weights={"digit": 1.0, "is_even": 0.5},
        metrics={"digit": ["accuracy"], "is_even": ["accuracy"]},
    )
    assert [tensor.name for tensor in model.inputs] == ["pixels", "ink"]

    def evaluate(inputs):
        return model.evaluate(inputs, targets, batch_size=64, verbose=0, return_dict=True)

    by_name = evaluate({"pixels": pixels, "ink": ink})
    assert sorted(by_name) == [
        "digit_accuracy",
        "digit_loss",
        "is_even_accuracy",
        "is_even_loss",
        "loss",
    ]
    # The keys' order does not matter, and a list in the model's order gives the same.
    assert evaluate({"ink": ink, "pixels": pixels}) == by_name
    assert evaluate([pixels, ink]) == by_name
    predicted = model.predict({"ink": ink, "pixels": pixels}, verbose=0)
    assert max_difference(predicted[0], model.predict([pixels, ink], verbose=0)[0]) == 0.0
    # Negative controls: a list in the other order is refused, or (JAX checks no input shape
    # here) gives other losses: the order of a list is what matches it to the inputs...
    try:
        swapped = evaluate([ink, pixels])
    except ValueError as error:
        assert "expected shape=(None, 64), found shape=" in str(error)
    else:
        assert abs(swapped["loss"] - by_name["loss"]) > 1e-2
    # ...and keys that are not the Input names (the Python variable names) are refused. Last:
    # with JAX as the backend, a model whose evaluate raised cannot be used again.
    with pytest.raises(ValueError, match="pixels"):
        evaluate({"pixels_input": pixels, "ink_input": ink})


@pytest.mark.claim(
    PAGE,
    "The model has {total:,} parameters: ({pixels} + {ink}) × {units} + {units} = {hidden:,} in "
    "the `hidden` layer that both outputs read, {digit} in the `digit` output and {is_even} in "
    "the `is_even` output.",
)
def test_model_has_2507_parameters(snippet, printed, stated):
    model = snippet(FILE).namespace["model"]
    hidden = (64 + 2) * 32 + 32
    assert model.count_params() == hidden + (32 * 10 + 10) + (32 * 1 + 1) == 2_507
    counts = {layer.name: layer.count_params() for layer in model.layers if layer.weights}
    assert counts == {"hidden": 2_144, "digit": 330, "is_even": 33}
    # What the page's block printed: the total, then each layer's count.
    assert printed(PAGE, f"{PAGE_SOURCE}:model") == (
        f"parameters: {model.count_params():,}\n"
        + "".join(f"  {name}: {count:,}\n" for name, count in counts.items())
    )
    # Both outputs read the hidden layer.
    hidden_output = model.get_layer("hidden").output
    assert model.get_layer("digit").input is hidden_output
    assert model.get_layer("is_even").input is hidden_output
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
        units=model.get_layer("hidden").units,
        hidden=counts["hidden"],
        digit=counts["digit"],
        is_even=counts["is_even"],
    )


@pytest.mark.claim(
    PAGE,
    "The history has one loss and one metric per output, named after it: `{a}`, `{b}`, `{c}` "
    "and `{d}`, plus `{total}`, the total that training minimises. A single-output model "
    'compiled with `metrics=["{single_metric}"]` logs only `{single_loss}` and '
    "`{single_metric}`.",
)
def test_history_has_a_loss_and_metric_per_output_name(snippet, printed, stated):
    run = snippet(FILE)
    keys = sorted(run.namespace["history"].history)
    assert keys == ["digit_accuracy", "digit_loss", "is_even_accuracy", "is_even_loss", "loss"]
    assert f"history keys: {keys}\n" in run.stdout
    # The keys the page's block printed.
    assert printed(PAGE, f"{PAGE_SOURCE}:train") == f"history keys: {keys}\n"
    # Negative control: a single-output model logs no per-output names.
    ns = run.namespace
    single = keras.Model(
        ns["pixels_input"], keras.layers.Dense(10, activation="softmax")(ns["pixels_input"])
    )
    single.compile(optimizer="adam", loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    # Its own training: the page trains no single-output model to compare the keys with.
    history = single.fit(ns["pixels"][:64], ns["digit"][:64], epochs=1, verbose=0)
    single_keys = sorted(history.history)
    assert single_keys == ["accuracy", "loss"]
    # Without metrics, it logs the loss alone: "only loss and accuracy" needs the metric.
    # (A new model: a clone of a compiled model keeps logging its metrics after a new compile.)
    bare = keras.Model(
        ns["pixels_input"], keras.layers.Dense(10, activation="softmax")(ns["pixels_input"])
    )
    bare.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    bare_keys = sorted(bare.fit(ns["pixels"][:64], ns["digit"][:64], verbose=0).history)
    assert bare_keys == ["loss"]
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
    "Given a dictionary of inputs, `predict` returns a list of {count:w} arrays, in the order "
    'the outputs were given: digit probabilities of shape {digit} and "is even" probabilities '
    "of shape {is_even}. `by_name`, made of the same layers but built with a dictionary of "
    "outputs, returns a dictionary with those keys.",
)
def test_predict_returns_a_list_for_list_outputs_and_a_dict_for_dict_outputs(
    snippet, printed, stated
):
    run = snippet(FILE)
    ns = run.namespace
    predictions, named, by_name = ns["predictions"], ns["named"], ns["by_name"]
    assert isinstance(predictions, list)
    assert [p.shape for p in predictions] == [(5, 10), (5, 1)]
    # What the page's block printed: a list of the two shapes, then a dict with the names.
    assert printed(PAGE, f"{PAGE_SOURCE}:predict") == (
        "predict returns a list: [(5, 10), (5, 1)]\n"
        "by_name.predict returns a dict: {'digit': (5, 10), 'is_even': (5, 1)}\n"
    )
    # The digit output is a probability distribution, the is_even output a probability.
    assert close(predictions[0].sum(axis=1), 1.0)
    assert ((predictions[1] > 0) & (predictions[1] < 1)).all()
    # In the order the outputs were given, and the same as for a list of inputs.
    assert ns["model"].outputs[0] is ns["digit_output"]
    as_list = ns["model"].predict([ns["pixels"][:5], ns["ink"][:5]], verbose=0)
    assert all(max_difference(a, b) == 0.0 for a, b in zip(predictions, as_list, strict=True))
    # by_name is made of the model's own layers, and returns a dict keyed by output name.
    assert [layer for layer in by_name.layers] == [layer for layer in ns["model"].layers]
    assert isinstance(named, dict) and sorted(named) == ["digit", "is_even"]
    assert max_difference(named["digit"], predictions[0]) == 0.0
    # Negative control: the list-built model does not return a dict.
    assert not isinstance(predictions, dict)
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
    # Its own training: an error raised in fit, which the page only describes, on a clone.
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
@pytest.mark.claim(
    PAGE,
    "Short answer: use the Functional API, `keras.Model([pixels_input, ink_input], "
    "[digit_output, is_even_output])`, and give each output layer a `name`: `compile` and `fit` "
    "then take losses, metrics and targets as dicts keyed by those names.",
)
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
    # The short answer's model is the snippet's, a Functional model of those very tensors, and
    # fit takes the targets as a dict too (compile took the losses and metrics as dicts above).
    # Its own training: one epoch on the copy, which the page's own fit does not cover.
    original = ns["model"]
    assert isinstance(original, Functional)
    assert original.inputs[0] is ns["pixels_input"] and original.inputs[1] is ns["ink_input"]
    assert original.outputs[0] is ns["digit_output"] and original.outputs[1] is ns["is_even_output"]
    history = model.fit(inputs, {"digit": digit, "is_even": is_even}, epochs=1, verbose=0)
    assert {"digit_accuracy", "digit_loss", "is_even_loss"} <= set(history.history)


@pytest.mark.claim(
    PAGE,
    "The total `loss` is the weighted sum of the per-output losses, plus any penalty of a "
    "regularizer or `add_loss` (this model has none): here the `digit` loss times "
    "{digit_weight} plus the `is_even` loss times {is_even_weight}. Evaluate the model on all "
    "the images as one batch to see it:",
)
@pytest.mark.claim(
    PAGE,
    "The two numbers are the same. Without `loss_weights`, every weight is {default} and the "
    "total is the plain sum, so an output whose loss is much larger dominates training: give it "
    "a smaller weight.",
)
def test_total_loss_is_the_weighted_sum_of_the_output_losses(snippet, printed, stated):
    ns = snippet(FILE).namespace
    weights = ns["loss_weights"]
    # What the page's block printed: the total, then the weighted sum, the same to 4 decimals.
    shown = printed(PAGE, f"{PAGE_SOURCE}:total")
    total, weighted = re.fullmatch(
        r"loss: (\S+)\nweighted sum of the output losses: (\S+)\n", shown
    ).groups()
    assert total == weighted
    # The snippet's own numbers: one batch, so every loss is a mean over the same images.
    scores = ns["scores"]
    assert close(scores["loss"], sum(weights[n] * scores[f"{n}_loss"] for n in weights))
    # Any weights, and none: on one batch of 64, the total is the weighted sum.
    inputs = [ns["pixels"][:64], ns["ink"][:64]]
    targets = {"digit": ns["digit"][:64], "is_even": ns["is_even"][:64]}
    for given in (None, weights, {"digit": 0.2, "is_even": 3.0}):
        model = compiled_copy(ns, loss=LOSSES, loss_weights=given)
        result = model.evaluate(inputs, targets, batch_size=64, verbose=0, return_dict=True)
        w = given or {"digit": 1.0, "is_even": 1.0}
        assert close(result["loss"], sum(w[n] * result[f"{n}_loss"] for n in w))
        if given is None:
            # Without loss_weights: the plain sum, every weight 1.
            default = (result["loss"] - result["is_even_loss"]) / result["digit_loss"]
            assert close(default, 1.0)
        else:
            # Negative control: the weighted total is not the plain sum.
            assert abs(result["loss"] - result["digit_loss"] - result["is_even_loss"]) > 1e-2
    # The page's model has no penalty; with one (an L2 regularizer on each Dense kernel), the
    # total is the weighted sum plus the penalty, and not the weighted sum alone.
    assert ns["model"].losses == []

    def penalised(layer):
        config = layer.get_config()
        if isinstance(layer, keras.layers.Dense):
            config["kernel_regularizer"] = keras.regularizers.L2(0.1)
        return layer.__class__.from_config(config)

    model = keras.models.clone_model(ns["model"], clone_function=penalised)
    model.compile(optimizer="adam", loss=LOSSES, loss_weights=weights)
    result = model.evaluate(inputs, targets, batch_size=64, verbose=0, return_dict=True)
    weighted_sum = sum(weights[n] * result[f"{n}_loss"] for n in weights)
    penalty = sum(float(keras.ops.convert_to_numpy(loss)) for loss in model.losses)
    assert penalty > 1e-2 and abs(result["loss"] - weighted_sum) > 1e-2
    assert close(result["loss"], weighted_sum + penalty)
    stated(digit_weight=weights["digit"], is_even_weight=weights["is_even"], default=round(default))


def logged_and_per_batch(model, inputs, targets, batch_size):
    """What evaluate logs over batches of `batch_size`, and each batch's own figures."""
    logged = model.evaluate(inputs, targets, batch_size=batch_size, verbose=0, return_dict=True)
    batches = []
    for start in range(0, len(targets["digit"]), batch_size):
        rows = slice(start, start + batch_size)
        batch = model.evaluate(
            [x[rows] for x in inputs],
            {name: y[rows] for name, y in targets.items()},
            batch_size=batch_size,
            verbose=0,
            return_dict=True,
        )
        batches.append((len(targets["digit"][rows]), batch))
    return logged, batches


@pytest.mark.claim(
    PAGE,
    "`fit` and `evaluate` log averages over the batches. With TensorFlow as the backend, the "
    "total is averaged over the images, but each output's loss over the batches, so when the "
    "last batch is smaller the logged total differs from the weighted sum of the logged output "
    "losses. With one batch, or batches of equal size, they agree. With JAX or PyTorch as the "
    "backend, both are averaged over the images, and they agree at any batch size.",
)
def test_with_tensorflow_the_logged_output_losses_are_averaged_per_batch(snippet):
    ns = snippet(FILE).namespace
    model = ns["model"]  # trained and compiled with loss_weights; evaluate changes no weight
    weights = ns["loss_weights"]
    on_tensorflow = keras.backend.backend() == "tensorflow"
    # 200 images in batches of 64: three full batches and a last one of 8.
    inputs = [ns["pixels"][:200], ns["ink"][:200]]
    targets = {"digit": ns["digit"][:200], "is_even": ns["is_even"][:200]}
    logged, batches = logged_and_per_batch(model, inputs, targets, 64)
    sizes = np.array([size for size, _ in batches])
    assert list(sizes) == [64, 64, 64, 8]
    for key in ("loss", "digit_loss", "is_even_loss"):
        values = np.array([batch[key] for _, batch in batches])
        by_images = float((sizes * values).sum() / sizes.sum())
        by_batches = float(values.mean())
        assert abs(by_images - by_batches) > 1e-3  # the two averages can be told apart
        per_batch = on_tensorflow and key != "loss"
        assert close(logged[key], by_batches if per_batch else by_images), key
    weighted = sum(weights[n] * logged[f"{n}_loss"] for n in weights)
    if on_tensorflow:
        assert abs(logged["loss"] - weighted) > 1e-3  # measured: 0.06
    else:
        assert close(logged["loss"], weighted)
    # Batches of equal size (192 images, three batches of 64), or one batch: they agree.
    for count, batch_size in ((192, 64), (200, 200)):
        logged = model.evaluate(
            [x[:count] for x in inputs],
            {name: y[:count] for name, y in targets.items()},
            batch_size=batch_size,
            verbose=0,
            return_dict=True,
        )
        assert close(logged["loss"], sum(weights[n] * logged[f"{n}_loss"] for n in weights))
