"""Claims of docs/reference/answer-corrected.md (snippets/answer/)."""

import warnings

import keras
import numpy as np
import pytest
from conftest import fresh, max_difference, run_sections, section

from docsite import executor

# Float32 tolerance: the same model evaluated in different batch sizes differs by up to ~8e-7
# on CPU (different reduction order), so "equal" means within 1e-6.
ATOL = 1e-6

DIGITS = np.random.default_rng(0).random((64, 784), dtype=np.float32)


@pytest.mark.claim
def test_both_definitions_have_25120_parameters(snippet):
    sequential = snippet("answer/sequential_definition.py").namespace["model"]
    functional = snippet("answer/functional_definition.py").namespace["model"]
    assert sequential.count_params() == functional.count_params() == 784 * 32 + 32 == 25_120
    # 784 x 32 weights and 32 biases, in both.
    for model in (sequential, functional):
        assert [tuple(w.shape) for w in model.weights] == [(784, 32), (32,)]
    # Negative control: one unit fewer is a different count, so the check can fail.
    narrower = keras.Sequential([keras.Input((784,)), keras.layers.Dense(31)])
    assert narrower.count_params() == 24_335


@pytest.mark.claim
def test_both_definitions_compute_the_same_function():
    sequential = fresh("answer/sequential_definition.py")["model"]
    # The executor seeds every run alike, so re-initialise the twin: clone_model draws new weights.
    functional = keras.models.clone_model(fresh("answer/functional_definition.py")["model"])
    # Negative control: two independently initialised networks disagree.
    assert max_difference(sequential(DIGITS), functional(DIGITS)) > 1e-2
    functional.set_weights(sequential.get_weights())
    assert max_difference(sequential(DIGITS), functional(DIGITS)) <= ATOL


@pytest.mark.claim
def test_input_dim_warns_and_keras_input_does_not():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old_style = keras.Sequential([keras.layers.Dense(32, input_dim=784)])
        new_style = keras.Sequential([keras.Input((784,)), keras.layers.Dense(32)])
    assert [str(w.message)[:54] for w in caught] == [
        "Do not pass an `input_shape`/`input_dim` argument to a"
    ]
    assert caught[0].category is UserWarning
    assert old_style.count_params() == new_style.count_params() == 25_120
    # Negative control: the answer's Activation layer adds no weights, so it cannot be what warns.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        keras.Sequential(
            [keras.Input((784,)), keras.layers.Dense(32), keras.layers.Activation("relu")]
        )
    assert caught == []


@pytest.mark.claim
def test_activation_layer_equals_the_activation_argument():
    # The answer's form: Dense(32) followed by a separate Activation("relu") layer.
    separate = keras.Sequential(
        [keras.Input((784,)), keras.layers.Dense(32), keras.layers.Activation("relu")]
    )
    inside = keras.models.clone_model(fresh("answer/sequential_definition.py")["model"])
    assert separate.layers[1].count_params() == 0 and separate.layers[1].weights == []
    assert separate.count_params() == inside.count_params() == 25_120
    inputs = np.random.default_rng(1).normal(size=(64, 784)).astype("float32")
    # Negative control: before sharing weights, the two networks disagree.
    assert max_difference(separate(inputs), inside(inputs)) > 1e-2
    inside.set_weights(separate.get_weights())
    # The same matrix product, then the same ReLU: bit-identical.
    assert max_difference(separate(inputs), inside(inputs)) == 0.0
    # Negative control: without the Activation layer, the output keeps its negative values.
    dense_only = separate.layers[0](inputs)
    assert float(np.min(dense_only)) < 0.0 <= float(np.min(separate(inputs)))


@pytest.mark.claim
def test_the_autoencoder_maps_784_pixels_to_32_numbers_and_back(snippet):
    ns = snippet("answer/autoencoder.py").namespace
    # 1,797 digits from scikit-learn (run offline by the executor), 784 pixels each, in [0, 1].
    assert ns["x"].shape == (1_797, 784) and 0.0 == ns["x"].min() < ns["x"].max() == 1.0
    assert tuple(ns["encoder"].outputs[0].shape) == (None, 32)
    assert tuple(ns["autoencoder"].outputs[0].shape) == (None, 784)
    assert ns["encoded_imgs"].shape == (297, 32)
    assert ns["autoencoder_imgs"].shape == ns["decoded_imgs"].shape == (297, 784)
    # Negative control: the encoding is not image-sized, so a shape check can fail.
    assert ns["encoded_imgs"].shape != ns["x_test"].shape


@pytest.mark.claim
def test_submodels_hold_the_autoencoders_layer_objects(snippet):
    ns = snippet("answer/autoencoder.py").namespace
    autoencoder, encoder, decoder = ns["autoencoder"], ns["encoder"], ns["decoder"]
    assert encoder.layers[1] is autoencoder.layers[1]
    assert decoder.layers[1] is autoencoder.layers[2]
    shared = {id(v) for v in encoder.weights} | {id(v) for v in decoder.weights}
    assert shared == {id(v) for v in autoencoder.weights} and len(shared) == 4
    # Negative control: a clone has the same architecture but its own layer objects.
    clone = keras.models.clone_model(autoencoder)
    assert clone.layers[1] is not autoencoder.layers[1]
    assert not {id(v) for v in clone.weights} & shared


@pytest.mark.claim
def test_training_the_autoencoder_changes_the_encoder():
    ns = run_sections("answer/autoencoder.py", "data", "model", "submodels")
    kernel_before = ns["encoder"].layers[1].kernel.numpy().copy()
    bystander = keras.models.clone_model(ns["encoder"])  # same start, own layers
    bystander.set_weights(ns["encoder"].get_weights())
    executor.run(section("answer/autoencoder.py", "train"), "train", ns)
    assert max_difference(ns["encoder"].layers[1].kernel.numpy(), kernel_before) > 1e-3
    # Negative control: an encoder that does not share the layers is left unchanged.
    assert max_difference(bystander.layers[1].kernel.numpy(), kernel_before) == 0.0


@pytest.mark.claim
def test_adadelta_default_learning_rate_is_0_001():
    assert float(keras.optimizers.Adadelta().learning_rate) == pytest.approx(0.001)
    drops = {}
    for optimizer in ("adadelta", "adam"):
        ns = run_sections("answer/autoencoder.py", "data", "model")
        keras.utils.set_random_seed(0)
        ns["autoencoder"].compile(optimizer=optimizer, loss="binary_crossentropy")
        losses = (
            ns["autoencoder"]
            .fit(ns["x_train"], ns["x_train"], epochs=5, batch_size=64, verbose=0)
            .history["loss"]
        )
        drops[optimizer] = losses[0] - losses[-1]
    assert abs(drops["adadelta"]) < 0.001
    # Negative control: the same data, model and epochs do train with Adam.
    assert drops["adam"] > 0.2


@pytest.mark.claim
def test_autoencoder_equals_decoder_after_encoder(snippet):
    ns = snippet("answer/autoencoder.py").namespace
    assert ns["difference"] <= ATOL
    assert ns["difference"] == 0.0  # "here they are bit-identical": same operations, same batches
    assert max_difference(ns["autoencoder_imgs"], ns["decoded_imgs"]) <= ATOL
    # Negative control: a decoder with its own, untrained Dense layer gives other images.
    other = keras.Sequential([keras.Input((32,)), keras.layers.Dense(784, activation="sigmoid")])
    assert (
        max_difference(ns["autoencoder_imgs"], other.predict(ns["encoded_imgs"], verbose=0)) > 1e-2
    )
