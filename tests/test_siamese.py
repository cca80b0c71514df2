"""Claims of docs/how-to/share-a-layer.md (snippets/siamese/)."""

import keras
import numpy as np
import pytest
from conftest import max_difference


def separate_layers_model():
    """The negative control: the same network with one Dense(8) per branch."""
    left, right = keras.Input(shape=(4,)), keras.Input(shape=(4,))
    left_embedding = keras.layers.Dense(8, activation="relu")(left)
    right_embedding = keras.layers.Dense(8, activation="relu")(right)
    difference = keras.ops.abs(left_embedding - right_embedding)
    return keras.Model([left, right], keras.ops.sum(difference, axis=1, keepdims=True))


@pytest.mark.claim
def test_shared_layer_contributes_40_parameters_and_2_variables(snippet):
    run = snippet("siamese/siamese.py")
    siamese, shared = run.namespace["siamese"], run.namespace["shared"]
    assert siamese.count_params() == 4 * 8 + 8 == 40
    assert len(siamese.weights) == 2
    assert siamese.weights[0] is shared.kernel and siamese.weights[1] is shared.bias
    assert [layer.name for layer in siamese.layers].count("shared_embedding") == 1
    assert "parameters: 40, variables: 2\n" in run.stdout
    # Negative control: two separate Dense(8) layers hold twice as many.
    separate = separate_layers_model()
    assert separate.count_params() == 80 and len(separate.weights) == 4


@pytest.mark.claim
def test_equal_inputs_give_equal_outputs_on_both_branches(snippet):
    ns = snippet("siamese/siamese.py").namespace
    a = ns["a"]
    branches = keras.Model(ns["siamese"].inputs, [ns["left_embedding"], ns["right_embedding"]])
    left, right = branches.predict([a, a], verbose=0)
    # The same operation on the same weights and data: bit-identical, not just close.
    assert max_difference(left, right) == 0.0
    assert float(np.abs(ns["same"]).max()) == 0.0
    assert float(ns["different"].min()) > 0.1
    # Negative control: separate layers start from different weights, so equal inputs differ.
    separate = keras.models.clone_model(separate_layers_model())
    assert float(separate.predict([a, a], verbose=0).min()) > 1e-2


# Float32 tolerance: NumPy and TensorFlow add in different orders; the same model evaluated
# in different batch sizes differs by up to ~8e-7, so "equal" means within 1e-6.
ATOL = 1e-6


@pytest.mark.claim
def test_keras_ops_merge_computes_the_l1_distance(snippet):
    ns = snippet("siamese/siamese.py").namespace
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
    assert max_difference(ns["different"], by_hand) <= ATOL
    # Negative control: another distance (Euclidean) gives other numbers.
    euclidean = np.sqrt(((embed(a) - embed(b)) ** 2).sum(axis=1, keepdims=True))
    assert max_difference(ns["different"], euclidean) > 1e-2


@pytest.mark.claim
def test_training_keeps_the_branches_identical(snippet):
    ns = snippet("siamese/siamese.py").namespace
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


@pytest.mark.claim
def test_a_layer_made_per_branch_is_not_shared():
    def embed(x):
        return keras.layers.Dense(8, activation="relu")(x)  # a new layer on every call

    left, right = keras.Input(shape=(4,)), keras.Input(shape=(4,))
    per_call = keras.Model([left, right], keras.layers.Concatenate()([embed(left), embed(right)]))
    assert per_call.count_params() == 80
    # Negative control: one layer made outside and called twice has 40.
    layer = keras.layers.Dense(8, activation="relu")
    once = keras.Model([left, right], keras.layers.Concatenate()([layer(left), layer(right)]))
    assert once.count_params() == 40


@pytest.mark.claim
def test_both_inputs_must_fit_the_shared_layer(snippet):
    shared = snippet("siamese/siamese.py").namespace["shared"]
    with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 4"):
        shared(keras.Input(shape=(5,)))
    with pytest.raises(ValueError) as caught:
        shared(keras.Input(shape=(5,)))
    assert type(caught.value) is ValueError and str(caught.value) == (
        "Input 0 with name 'None' of layer 'shared_embedding' is incompatible with the layer: "
        "expected axis -1 of input shape to have value 4, but received input with shape (None, 5)"
    )
    # Negative control: another 4-feature input is accepted.
    assert tuple(shared(keras.Input(shape=(4,))).shape) == (None, 8)
