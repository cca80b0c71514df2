"""Claims of docs/tutorials/autoencoder.md (snippets/autoencoder/)."""

import keras
import numpy as np
import pytest
from conftest import max_difference, run_sections, section

from docsite import executor

# Float32 tolerance: the same model evaluated in different batch sizes differs by up to ~8e-7
# on CPU (different reduction order), so "equal" means within 1e-6.
ATOL = 1e-6

FILE = "autoencoder/autoencoder.py"
PARTS = ("data", "model", "encoder", "decoder")


def through_parts(ns, x):
    return ns["decoder"].predict(ns["encoder"].predict(x, verbose=0), verbose=0)


@pytest.mark.claim
def test_parameter_counts_of_autoencoder_encoder_and_decoder(snippet):
    ns = snippet(FILE).namespace
    assert ns["encoder"].count_params() == 784 * 32 + 32 == 25_120
    assert ns["decoder"].count_params() == 32 * 784 + 784 == 25_872
    assert ns["autoencoder"].count_params() == 25_120 + 25_872 == 50_992
    # Negative control: a 31-number encoding gives other counts, so the checks can fail.
    image = keras.Input((784,))
    narrower = keras.Model(image, keras.layers.Dense(784)(keras.layers.Dense(31)(image)))
    assert narrower.count_params() == (784 * 31 + 31) + (31 * 784 + 784) == 49_423


@pytest.mark.claim
def test_encoder_and_decoder_are_made_of_the_autoencoders_layers(snippet):
    ns = snippet(FILE).namespace
    autoencoder, encoder, decoder = ns["autoencoder"], ns["encoder"], ns["decoder"]
    assert encoder.layers[0] is autoencoder.layers[0]  # the same InputLayer
    assert encoder.layers[1] is autoencoder.layers[1]
    assert decoder.layers[1] is autoencoder.layers[2]
    parts = [id(v) for v in encoder.weights + decoder.weights]
    assert len(parts) == len(set(parts)) == 4
    assert set(parts) == {id(v) for v in autoencoder.weights}
    # Negative control: a clone has the same architecture but layers and variables of its own.
    clone = keras.models.clone_model(autoencoder)
    assert clone.layers[1] is not autoencoder.layers[1]
    assert not {id(v) for v in clone.weights} & set(parts)


@pytest.mark.claim
def test_training_the_autoencoder_changes_the_encoder_and_decoder():
    ns = run_sections(FILE, *PARTS)
    before = [w.copy() for w in ns["encoder"].get_weights() + ns["decoder"].get_weights()]
    bystander = keras.models.clone_model(ns["autoencoder"])  # same layout, own variables
    bystander.set_weights(ns["autoencoder"].get_weights())
    executor.run(section(FILE, "train"), "train", ns)
    after = ns["encoder"].get_weights() + ns["decoder"].get_weights()
    # Every kernel and bias of both parts moved.
    assert min(max_difference(a, b) for a, b in zip(after, before, strict=True)) > 1e-3
    # Negative control: a clone_model copy, not trained, keeps exactly its starting weights.
    unchanged = bystander.get_weights()
    assert max(max_difference(a, b) for a, b in zip(unchanged, before, strict=True)) == 0.0


@pytest.mark.claim
def test_autoencoder_equals_decoder_after_encoder_before_and_after_training():
    ns = run_sections(FILE, *PARTS)
    x = ns["x_test"]
    assert max_difference(ns["autoencoder"].predict(x, verbose=0), through_parts(ns, x)) <= ATOL
    executor.run(section(FILE, "train"), "train", ns)
    executor.run(section(FILE, "use"), "use", ns)
    assert ns["difference"] <= ATOL
    assert max_difference(ns["autoencoder_imgs"], ns["decoded_imgs"]) <= ATOL
    # Negative control: an untrained decoder with its own Dense layer gives other images.
    other = keras.Sequential([keras.Input((32,)), keras.layers.Dense(784, activation="sigmoid")])
    assert (
        max_difference(ns["autoencoder_imgs"], other.predict(ns["encoded_imgs"], verbose=0)) > 0.1
    )


@pytest.mark.claim
def test_composed_model_equals_the_autoencoder(snippet):
    ns = snippet(FILE).namespace
    composed = ns["composed"]
    assert [type(layer).__name__ for layer in composed.layers] == [
        "InputLayer",
        "Functional",
        "Functional",
    ]
    assert composed.layers[1] is ns["encoder"] and composed.layers[2] is ns["decoder"]
    assert ns["difference"] <= ATOL
    x = ns["x_test"]
    assert max_difference(composed.predict(x, verbose=0), ns["autoencoder_imgs"]) <= ATOL
    # Negative control: composing a clone of the encoder (fresh weights) gives other images.
    image = keras.Input((784,))
    other = keras.Model(image, ns["decoder"](keras.models.clone_model(ns["encoder"])(image)))
    assert max_difference(other.predict(x, verbose=0), ns["autoencoder_imgs"]) > 0.1


@pytest.mark.claim
def test_adadelta_default_barely_moves_the_loss_and_adam_lowers_it(snippet):
    assert float(keras.optimizers.Adadelta().learning_rate) == pytest.approx(0.001)
    curves = snippet("autoencoder/compare_optimizers.py").namespace["curves"]
    assert len(curves["adam"]) == len(curves["adadelta"]) == 6  # untrained + 5 epochs
    assert curves["adam"][0] == curves["adadelta"][0]  # same starting weights, same data
    assert abs(curves["adadelta"][0] - curves["adadelta"][-1]) < 0.001
    # Negative control: the same model, data, seeds and epochs do train with Adam.
    assert curves["adam"][0] - curves["adam"][-1] > 0.2


def same_class_as_nearest(reconstructions, images, labels):
    """Share of reconstructions whose most similar held-out image shows the same digit."""
    distances = ((reconstructions[:, None, :] - images[None, :, :]) ** 2).mean(axis=-1)
    return float((labels[distances.argmin(axis=1)] == labels).mean())


def nearest_centre_accuracy(points, labels):
    """Share of points closest to the centre of their own class."""
    centres = np.stack([points[labels == digit].mean(axis=0) for digit in range(10)])
    nearest = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=-1).argmin(axis=1)
    return float((nearest == labels).mean())


@pytest.mark.claim
def test_reconstructions_mostly_keep_their_digit(snippet):
    ns = snippet(FILE).namespace
    x, labels = ns["x_test"], ns["labels_test"]
    assert same_class_as_nearest(ns["decoded_imgs"], x, labels) > 0.8
    # Negative control: the untrained autoencoder's outputs do not keep the digit.
    untrained = run_sections(FILE, *PARTS)["autoencoder"]
    assert same_class_as_nearest(untrained.predict(x, verbose=0), x, labels) < 0.3


@pytest.mark.claim
def test_projected_encodings_gather_by_digit(snippet):
    ns = snippet(FILE).namespace
    points, labels = ns["points"], ns["labels_test"]
    assert points.shape == (297, 2)
    assert nearest_centre_accuracy(points, labels) > 0.5
    # Negative control: with the labels shuffled, the same measure is near chance (10%).
    shuffled = np.random.default_rng(0).permutation(labels)
    assert nearest_centre_accuracy(points, shuffled) < 0.2
