"""Claims of docs/how-to/share-a-layer.md (snippets/siamese/)."""

import itertools
import re
import warnings

import keras
import numpy as np
import pytest
from counterexample_layers import EachWith, Probe

from conftest import ROOT, max_difference
from docsite import executor, render

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


# The page's bound on the distances of different pairs, with the seed the snippet sets
# (measured smallest: 0.716 with TensorFlow, 0.295 with JAX, 1.414 with PyTorch). Without a
# seed it is not a bound: over 200,000 random starting kernels (Glorot uniform, the snippet's
# data), 1.9% gave a smallest distance below 0.1, and 0.2% a distance of exactly 0.
DIFFERENT_ABOVE = 0.1


def dot_of(model):
    """The graph the page's diagram is drawn from (docsite/render.py's diagram())."""
    return keras.utils.model_to_dot(
        model, show_shapes=True, show_layer_names=True, expand_nested=True, dpi=72
    )


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
    "A Sequential model hands each layer only what the layer before it returned, and that is "
    "the trouble with two inputs. Given both as one list, a Sequential model that starts with "
    "`keras.Input` computes from the first and drops the second, with only a `UserWarning` "
    '("{warning}"); one '
    "without `keras.Input` hands the list to its first `Dense` layer, which refuses it (Why "
    '"non-sequential" explains the difference).',
)
@pytest.mark.claim(
    PAGE,
    'The `Dense` layer raises `ValueError` ("{says}"). Two ways around it work in a Sequential '
    "model. A custom layer can call the shared layer on each tensor of the list it receives. "
    "Packing both inputs into one tensor first, with the built-in `Concatenate` and `Reshape` "
    "layers, lets one `Dense` layer process both with the same weights. Both give the same "
    "distances as the model below, but the Functional API needs no such trick.",
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
    # Started with keras.Input, as this site builds models: given [a, b], the model computes
    # from a alone, called or in predict, and says so only with a UserWarning.
    started = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8, activation="relu")])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        called, predicted = started([a, b]), started.predict([a, b], verbose=0)
    assert close(called, started(a)) and close(predicted, started.predict(a, verbose=0))
    assert {w.category for w in caught} == {UserWarning}, [str(w.message) for w in caught]
    warning = "The structure of `inputs` doesn't match the expected structure"
    assert all(str(w.message).startswith(warning) for w in caught)
    # Negative control: b alone gives other outputs, so b was dropped, not merged in.
    assert max_difference(started(b), called) > 1e-2
    # Without keras.Input, a layer at its start receives both inputs as one list...
    probe = Probe()
    keras.Sequential([probe])([a, b])
    assert isinstance(probe.received, list) and len(probe.received) == 2
    # ...and a Dense layer there refuses it.
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
    # Both ways are made of built-in layers or a custom one, nothing else.
    assert all(type(layer).__module__.startswith("keras.") for layer in packed.layers), (
        "Concatenate, Reshape, Dense and Lambda are Keras's own"
    )
    stated(says=found[0], warning=warning)


@pytest.mark.claim(
    PAGE,
    "The model has {parameters} parameters in {variables} variables: the shared layer's "
    "{inputs} × {units} kernel and its {units} biases, counted once although the layer is used "
    "twice.",
)
@pytest.mark.claim(
    PAGE,
    "With two separate `Dense({units})` layers, one per branch, the same model would have "
    "{separate_parameters} parameters in {separate_variables} variables, and it would give "
    "equal inputs two different embeddings, since each branch would have its own weights.",
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
    # Negative control: two separate Dense(8) layers hold twice as many...
    separate = separate_layers_model()
    assert separate.count_params() == 80 and len(separate.weights) == 4
    # ...and give equal inputs two different embeddings: each branch has its own kernel.
    dense = [layer for layer in separate.layers if isinstance(layer, keras.layers.Dense)]
    assert len(dense) == 2 and dense[0].kernel is not dense[1].kernel
    a = run.namespace["a"]
    branches = keras.Model(separate.inputs, [layer.output for layer in dense])
    left, right = branches.predict([a, a], verbose=0)
    assert max_difference(left, right) > 1e-2
    assert float(separate.predict([a, a], verbose=0).max()) > 1e-2
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
    "exactly {same:g}; here, different inputs give distances above {above}.",
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
    # Negative control: different inputs, the same weights: the embeddings differ.
    left, right = branches.predict([a, ns["b"]], verbose=0)
    assert max_difference(left, right) > DIFFERENT_ABOVE
    stated(same=same, above=DIFFERENT_ABOVE)


@pytest.mark.claim(
    PAGE,
    "`keras.ops` functions such as `keras.ops.abs` and `keras.ops.sum` work on the symbolic "
    "tensors of a Functional model like layers do, so a merge that is just arithmetic needs no "
    "layer of its own. The diagram draws the {count:w} operations as boxes too (`{first}`, "
    "`{second}` and `{third}`), but they are not layers: `siamese.layers` holds only the two "
    "inputs and the shared layer, drawn once with both inputs pointing at it.",
)
def test_keras_ops_merge_computes_the_l1_distance(snippet, stated):
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
    # The diagram, as the page draws it: a box per operation of the graph, the keras.ops
    # calls included, though they are no layers.
    siamese = ns["siamese"]
    operations = [op for op in siamese.operations if not isinstance(op, keras.layers.Layer)]
    names = [op.name for op in operations]
    assert [type(op).__name__ for op in operations] == ["Subtract", "Absolute", "Sum"]
    svg = render.diagram(siamese)
    drawn = dict(re.findall(r"(\w+)</b> \((\w+)\)", dot_of(siamese).to_string()))
    assert drawn == {
        "left": "InputLayer",
        "right": "InputLayer",
        "shared_embedding": "Dense",
        "subtract": "Subtract",
        "absolute": "Absolute",
        "sum": "Sum",
    }
    assert all(name in svg for name in [*names, "shared_embedding"])
    # The shared layer is one box, and both inputs point at it.
    dot = dot_of(siamese)
    (box,) = [
        n.get_name() for n in dot.get_nodes() if "shared_embedding</b>" in str(n.get("label"))
    ]
    into = sorted(e.get_source() for e in dot.get_edges() if e.get_destination() == box)
    inputs = {n.get_name() for n in dot.get_nodes() if "(InputLayer)" in str(n.get("label"))}
    assert len(into) == 2 and set(into) == inputs
    stated(count=len(names), first=names[0], second=names[1], third=names[2])


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

    # Its own training, on clones: the page trains no model, and the shared run is read-only.
    shared = trained(keras.models.clone_model(ns["siamese"]))
    assert len(shared.weights) == 2
    assert float(shared.predict([a, a], verbose=0).max()) == 0.0
    # Negative control: separate layers, trained the same way, still differ on equal inputs.
    # (On some pairs both ReLU branches can be all zeros, a distance of 0 whatever the weights:
    # measured on PyTorch, one pair of five. The largest distance is the control.)
    separate = trained(keras.models.clone_model(separate_layers_model()))
    assert float(separate.predict([a, a], verbose=0).max()) > 1e-2


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


@pytest.mark.claim(
    PAGE,
    "How far apart different inputs are depends on the starting weights: the code fixes the "
    "seed, so running it again prints the same distances. Other weights can bring them much "
    "closer, down to exactly {zero:g} for a pair whose two embeddings ReLU sets to {zero:g} in "
    "every unit, as a kernel of only negative weights does to these positive inputs.",
)
def test_the_distances_of_different_pairs_depend_on_the_starting_weights(snippet, stated):
    run = snippet(FILE)
    ns = run.namespace
    a, b, different = ns["a"], ns["b"], ns["different"]
    # The code fixes the seed: another run, after other random numbers were drawn, prints the
    # same distances.
    keras.random.uniform((3,))
    np.random.default_rng().random()
    again = executor.run_file(ROOT / "snippets" / FILE)
    assert again.stdout == run.stdout
    assert max_difference(again.namespace["different"], different) == 0.0
    # Other starting weights (a clone), other distances.
    other = keras.models.clone_model(ns["siamese"])
    assert max_difference(other.predict([a, b], verbose=0), different) > 1e-2
    # A kernel of only negative weights and zero biases: ReLU sets every embedding of these
    # positive inputs to 0, so different pairs are at distance exactly 0.
    assert a.min() >= 0 and b.min() >= 0 and max_difference(a, b) > 0.1
    kernel, bias = ns["shared"].get_weights()
    assert bias.max() == bias.min() == 0.0  # the starting biases
    other.layers[2].set_weights([-np.abs(kernel) - 1e-3, bias])
    zero = float(other.predict([a, b], verbose=0).max())
    assert zero == 0.0
    for x in (a, b):
        assert float(np.abs(keras.ops.convert_to_numpy(other.layers[2](x))).max()) == 0.0
    # Negative control: with the page's starting weights, they are far apart.
    assert float(different.min()) > DIFFERENT_ABOVE
    stated(zero=zero)


@pytest.mark.claim(
    PAGE,
    "To share a stack of several layers, make the stack one `keras.Model` and call that model on "
    "each input: both branches then use all of its weights (a model is a layer too).",
)
def test_a_model_called_on_each_input_shares_all_its_layers():
    keras.utils.set_random_seed(0)  # the control's two stacks start from fixed draws

    def stack(name):
        layers = [
            keras.Input((4,)),
            keras.layers.Dense(8, activation="relu"),
            keras.layers.Dense(8),
        ]
        return keras.Sequential(layers, name=name)

    tower = stack("tower")
    left, right = keras.Input((4,)), keras.Input((4,))
    twins = keras.Model([left, right], keras.layers.Subtract()([tower(left), tower(right)]))
    assert len(tower._inbound_nodes) >= 2  # called on each input (private: the call record)
    # All of the stack's weights, each once, and no others.
    assert {id(v) for v in twins.weights} == {id(v) for v in tower.weights}
    assert len(tower.weights) == 4 and twins.count_params() == tower.count_params()
    x = np.random.default_rng(0).random((5, 4), dtype="float32")
    assert max_difference(twins([x, x]), 0.0) == 0.0  # the same weights on both sides
    # Negative control: a stack for each branch has twice the weights, and differs.
    other = stack("other")
    apart = keras.Model([left, right], keras.layers.Subtract()([tower(left), other(right)]))
    assert apart.count_params() == 2 * tower.count_params()
    assert max_difference(apart([x, x]), 0.0) > 1e-3
