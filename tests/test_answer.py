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
    assert max_difference(ns["autoencoder_imgs"], ns["decoded_imgs"]) <= ATOL
    # Negative control: a decoder with its own, untrained Dense layer gives other images.
    other = keras.Sequential([keras.Input((32,)), keras.layers.Dense(784, activation="sigmoid")])
    assert (
        max_difference(ns["autoencoder_imgs"], other.predict(ns["encoded_imgs"], verbose=0)) > 1e-2
    )
