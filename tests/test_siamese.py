"""Claims of docs/how-to/share-a-layer.md (snippets/siamese/)."""

import itertools
import re

import keras
import numpy as np
import pytest
from counterexample_layers import EachWith

from conftest import max_difference

PAGE = "docs/how-to/share-a-layer.md"
FILE = "siamese/siamese.py"

# Float32 tolerance, relative: float32 keeps about 7 digits (1.2e-7 of the value); NumPy and
# Keras add in different orders, and the same model evaluated in different batch sizes differs
# by a few units in the last place, up to ~8e-7 on values near 1. The distances are sums of 8
# absolute differences and reach a few units, so "equal" means within 1e-6 of the larger
# magnitude (and of 1, for values near zero): see close().
RTOL = 1e-6


def close(a, b, rtol=RTOL) -> bool:
    """a and b agree to float32 rounding: within `rtol` of the larger magnitude (at least 1)."""
    a, b = (np.asarray(keras.ops.convert_to_numpy(v), dtype="float64") for v in (a, b))
    scale = max(1.0, float(np.abs(a).max(initial=0.0)), float(np.abs(b).max(initial=0.0)))
    return max_difference(a, b) <= rtol * scale


# The page's bound on the distances of different pairs (measured: smallest 0.72 on the page).
DIFFERENT_ABOVE = 0.1


def separate_layers_model():
    """The negative control: the same network with one Dense(8) per branch."""
    left, right = keras.Input(shape=(4,)), keras.Input(shape=(4,))
    left_embedding = keras.layers.Dense(8, activation="relu")(left)
    right_embedding = keras.layers.Dense(8, activation="relu")(right)
    difference = keras.ops.abs(left_embedding - right_embedding)
    return keras.Model([left, right], keras.ops.sum(difference, axis=1, keepdims=True))


def l1_of_two_embeddings(pair):
    return keras.ops.sum(keras.ops.abs(pair[0] - pair[1]), axis=1, keepdims=True)


def l1_of_the_two_rows(pair):
    return keras.ops.sum(keras.ops.abs(pair[:, 0] - pair[:, 1]), axis=1, keepdims=True)


@pytest.mark.claim(
    PAGE,
    "A Sequential model calls its layers one after another, each on the previous layer's "
    "output, so it cannot call a layer on two inputs side by side unless another layer does it "
    "in its own code: handed a list of {two:w} inputs, a `Dense` layer raises `ValueError` "
    '("{says}").',
)
@pytest.mark.claim(
    PAGE,
    "Two ways around it work in a Sequential model. A custom layer can call the shared layer on "
    "each tensor of the list it receives. Packing both inputs into one tensor first, with "
    "`Concatenate` and `Reshape`, lets one `Dense` layer process both with the same weights. "
    "Both give the same distances as the model below, but the Functional API needs no such "
    "trick.",
)
def test_a_sequential_model_cannot_call_a_layer_on_two_inputs_side_by_side(snippet, stated):
    ns = snippet(FILE).namespace
    a, b = ns["a"], ns["b"]
    # One after another: each layer's input is the previous layer's output...
    chain = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8), keras.layers.Dense(8)])
    for before, after in itertools.pairwise(chain.layers):
        assert after.input is before.output
    # ...even for one layer object listed twice: its second call takes its first call's output.
    twice = keras.layers.Dense(4)
    repeated = keras.Sequential([keras.Input((4,)), twice, twice])
    assert len(repeated.layers) == 2 and repeated.count_params() == 4 * 4 + 4
    x = np.ones((1, 4), dtype="float32")
    assert close(repeated(x), twice(twice(x)))
    # Handed two inputs, the Dense layer refuses them.
    with pytest.raises(ValueError) as caught:
        keras.Sequential([keras.layers.Dense(8)])([a, b])
    found = re.search(
        r"expects (\d+) input\(s\), but it received (\d+) input tensors", str(caught.value)
    )
    assert found and found[1] == "1" and found[2] == "2"
    # The strongest counterexamples. A custom layer that calls the shared layer on each
    # tensor of its list: the Dense layer is called on both inputs, and the distances are
    # the siamese model's.
    each = EachWith(ns["shared"])
    in_code = keras.Sequential([each, keras.layers.Lambda(l1_of_two_embeddings)])
    assert close(in_code.predict([a, b], verbose=0), ns["different"])
    assert len(in_code.layers[0].layer._inbound_nodes) >= 2  # called on each input (private)
    # Packed into one tensor, one Dense layer processes both inputs with the same weights,
    # and the distances are the siamese model's.
    packed = keras.Sequential(
        [
            keras.layers.Concatenate(),
            keras.layers.Reshape((2, 4)),
            ns["shared"],
            keras.layers.Lambda(l1_of_the_two_rows),
        ]
    )
    assert close(packed.predict([a, b], verbose=0), ns["different"])
    assert packed.count_params() == ns["siamese"].count_params()
    # Negative control: packed with a layer of its own weights, the distances differ.
    own = keras.layers.Dense(8, activation="relu")
    other = keras.Sequential(
        [keras.layers.Concatenate(), keras.layers.Reshape((2, 4)), own]
        + [keras.layers.Lambda(l1_of_the_two_rows)]
    )
    assert max_difference(other.predict([a, b], verbose=0), ns["different"]) > 1e-2
    stated(two=int(found[2]), says=found[0])


@pytest.mark.claim(
    PAGE,
    "The model has {parameters} parameters in {variables} variables: the shared layer's "
    "{inputs} × {units} kernel and its {units} biases, counted once although the layer is used "
    "twice. With two separate `Dense({units})` layers, one per branch, the same model would "
    "have {separate_parameters} parameters in {separate_variables} variables.",
)
def test_shared_layer_contributes_40_parameters_and_2_variables(snippet, printed, stated):
    run = snippet(FILE)
    siamese, shared = run.namespace["siamese"], run.namespace["shared"]
    assert siamese.count_params() == 4 * 8 + 8 == 40
    assert len(siamese.weights) == 2
    assert siamese.weights[0] is shared.kernel and siamese.weights[1] is shared.bias
    assert [layer.name for layer in siamese.layers].count("shared_embedding") == 1
    # "used twice": both embeddings come from calls of the one layer, two different calls.
    left, right = (run.namespace[n]._keras_history for n in ("left_embedding", "right_embedding"))
    assert left.operation is shared and right.operation is shared
    assert left.node_index != right.node_index
    assert "parameters: 40, variables: 2\n" in run.stdout
    # What the page's block printed: the two numbers the sentence starts with.
    shown = printed(PAGE, f"snippets/{FILE}:model")
    assert shown == f"parameters: {siamese.count_params()}, variables: {len(siamese.weights)}\n"
    # Negative control: two separate Dense(8) layers hold twice as many.
    separate = separate_layers_model()
    assert separate.count_params() == 80 and len(separate.weights) == 4
    inputs, units = shared.kernel.shape
    stated(
        parameters=siamese.count_params(),
        variables=len(siamese.weights),
        inputs=inputs,
        units=units,
        separate_parameters=separate.count_params(),
        separate_variables=len(separate.weights),
    )


@pytest.mark.claim(
    PAGE,
    "Equal inputs give equal embeddings on the two branches, bit for bit, so their distance is "
    "exactly {same:g}; different inputs give distances above {above}. With two separately "
    "initialised `Dense({units})` layers, even equal inputs would be at a non-zero distance, "
    "since each branch would have its own weights.",
)
def test_equal_inputs_give_equal_outputs_on_both_branches(snippet, printed, stated):
    ns = snippet(FILE).namespace
    a = ns["a"]
    # What the page's block printed: five distances of exactly 0, and a smallest distance
    # above the bound for the different pairs.
    equal, different = printed(PAGE, f"snippets/{FILE}:compare").splitlines()
    zeros = re.fullmatch(r"distances for equal pairs: \[(.*)\]", equal)[1].split()
    assert len(zeros) == len(a) and all(float(z) == 0.0 for z in zeros)
    smallest = float(re.fullmatch(r"smallest distance for different pairs: (\S+)", different)[1])
    assert smallest > DIFFERENT_ABOVE
    branches = keras.Model(ns["siamese"].inputs, [ns["left_embedding"], ns["right_embedding"]])
    left, right = branches.predict([a, a], verbose=0)
    # The same operation on the same weights and data: bit-identical, not just close.
    assert max_difference(left, right) == 0.0
    same = float(np.abs(ns["same"]).max())
    assert same == 0.0
    assert float(ns["different"].min()) > DIFFERENT_ABOVE
    # Negative control: separate layers start from different weights, so equal inputs differ.
    separate = keras.models.clone_model(separate_layers_model())
    assert float(separate.predict([a, a], verbose=0).min()) > 1e-2
    stated(same=same, above=DIFFERENT_ABOVE, units=ns["shared"].units)


@pytest.mark.claim(
    PAGE,
    "`keras.ops` functions such as `keras.ops.abs` and `keras.ops.sum` work on the symbolic "
    "tensors of a Functional model like layers do, so a merge that is just arithmetic needs no "
    "layer of its own.",
)
def test_keras_ops_merge_computes_the_l1_distance(snippet):
    ns = snippet(FILE).namespace
    a, b = ns["a"], ns["b"]
    kernel, bias = ns["shared"].get_weights()

    def embed(x):
        return np.maximum(x @ kernel + bias, 0.0)

    by_hand = np.abs(embed(a) - embed(b)).sum(axis=1, keepdims=True)
    # keras.ops on symbolic tensors give symbolic tensors, like a layer call does...
    for name in ("left_embedding", "difference", "distance"):
        assert isinstance(ns[name], keras.KerasTensor)
    assert tuple(ns["distance"].shape) == (None, 1)
    # ...and the merge needs no layer: the model's layers are the two inputs and the Dense.
    assert [layer.name for layer in ns["siamese"].layers] == ["left", "right", "shared_embedding"]
    assert ns["different"].shape == (5, 1)
    assert close(ns["different"], by_hand)
    # Negative control: another distance (Euclidean) gives other numbers.
    euclidean = np.sqrt(((embed(a) - embed(b)) ** 2).sum(axis=1, keepdims=True))
    assert max_difference(ns["different"], euclidean) > 1e-2


@pytest.mark.claim(
    PAGE,
    "Training this model updates the one kernel and bias that both branches use, so the two "
    "branches stay identical.",
)
def test_training_keeps_the_branches_identical(snippet):
    ns = snippet(FILE).namespace
    rng = np.random.default_rng(2)
    pairs = [rng.random((64, 4), dtype="float32") for _ in range(2)]
    target = rng.random((64, 1), dtype="float32")
    a = ns["a"]

    def trained(model):
        before = [w.numpy().copy() for w in model.weights]
        model.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
        model.fit(pairs, target, epochs=2, verbose=0)
        assert max(max_difference(w, b) for w, b in zip(model.weights, before, strict=True)) > 1e-4
        return model

    shared = trained(keras.models.clone_model(ns["siamese"]))
    assert len(shared.weights) == 2
    assert float(shared.predict([a, a], verbose=0).max()) == 0.0
    # Negative control: separate layers, trained the same way, still differ on equal inputs.
    separate = trained(keras.models.clone_model(separate_layers_model()))
    assert float(separate.predict([a, a], verbose=0).min()) > 1e-2


@pytest.mark.claim(
    PAGE,
    "Creating the layer inside a helper function that you call once per branch makes {layers:w} "
    "layers. Create it once, outside, and pass it in or close over it.",
)
def test_a_layer_made_per_branch_is_not_shared(stated):
    def embed(x):
        return keras.layers.Dense(8, activation="relu")(x)  # a new layer on every call

    left, right = keras.Input(shape=(4,)), keras.Input(shape=(4,))
    per_call = keras.Model([left, right], keras.layers.Concatenate()([embed(left), embed(right)]))
    dense = [layer for layer in per_call.layers if isinstance(layer, keras.layers.Dense)]
    assert len(dense) == 2 and dense[0] is not dense[1]
    assert per_call.count_params() == 80
    # Negative control: one layer made outside and called twice has 40 parameters; passed into
    # the helper, too.
    layer = keras.layers.Dense(8, activation="relu")
    once = keras.Model([left, right], keras.layers.Concatenate()([layer(left), layer(right)]))
    assert once.count_params() == 40

    def embed_with(shared, x):
        return shared(x)

    passed = keras.layers.Dense(8, activation="relu")
    merged = keras.layers.Concatenate()([embed_with(passed, left), embed_with(passed, right)])
    assert keras.Model([left, right], merged).count_params() == 40
    stated(layers=len(dense))


@pytest.mark.claim(
    PAGE,
    "Both inputs must fit the shared layer: here both have {features} features. Calling it on a "
    "{other}-feature input raises a `ValueError` (it expects {features} on the last axis).",
)
def test_both_inputs_must_fit_the_shared_layer(snippet, stated):
    ns = snippet(FILE).namespace
    shared = ns["shared"]
    features = {t.shape[-1] for t in ns["siamese"].inputs}
    assert features == {4}
    with pytest.raises(ValueError) as caught:
        shared(keras.Input(shape=(5,)))
    assert type(caught.value) is ValueError and str(caught.value) == (
        "Input 0 with name 'None' of layer 'shared_embedding' is incompatible with the layer: "
        "expected axis -1 of input shape to have value 4, but received input with shape (None, 5)"
    )
    # Negative control: another 4-feature input is accepted.
    assert tuple(shared(keras.Input(shape=(4,))).shape) == (None, 8)
    expects = int(re.search(r"to have value (\d+)", str(caught.value))[1])
    other = int(re.search(r"received input with shape \(None, (\d+)\)", str(caught.value))[1])
    stated(features=expects, other=other)
