"""Claims of docs/tutorials/autoencoder.md (snippets/autoencoder/)."""

import keras
import numpy as np
import pytest
from conftest import max_difference, run_sections, section

from docsite import executor

# keras.datasets.mnist imports the download helper under this name.
MNIST_MODULE = "keras.src.datasets.mnist"

# Float32 tolerance: the same model evaluated in different batch sizes differs by up to ~8e-7
# on CPU (different reduction order), so "equal" means within 1e-6.
ATOL = 1e-6

FILE = "autoencoder/autoencoder.py"
PARTS = ("data", "model", "encoder", "decoder")


def through_parts(ns, x):
    return ns["decoder"].predict(ns["encoder"].predict(x, verbose=0), verbose=0)


class Downloading(Exception):
    """Raised by a stand-in for Keras's download helper, so nothing is fetched."""


@pytest.mark.claim
def test_mnist_has_to_be_downloaded_and_the_digits_ship_with_scikit_learn(monkeypatch):
    requests = []

    def get_file(fname=None, origin=None, **kwargs):
        requests.append((fname, origin))
        raise Downloading(origin)

    monkeypatch.setattr(f"{MNIST_MODULE}.get_file", get_file)
    with pytest.raises(Downloading):
        keras.datasets.mnist.load_data()
    # MNIST comes from a remote file (cached under KERAS_HOME only after a first download).
    assert requests == [
        ("mnist.npz", "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz")
    ]
    # Negative control: the data section runs with the network blocked (the executor refuses
    # any connection), and the stand-in download helper is never asked for anything.
    ns = run_sections(FILE, "data")
    assert len(requests) == 1
    assert ns["digits"].images.shape == (1_797, 8, 8)


@pytest.mark.claim
def test_the_digits_are_enlarged_3x_and_padded_to_784_pixels(snippet):
    ns = snippet(FILE).namespace
    digits, x = ns["digits"], ns["x"]
    assert x.shape == (1_797, 784) and x.dtype == np.float32
    assert ns["x_train"].shape == (1_500, 784) and ns["x_test"].shape == (297, 784)
    assert ns["labels_test"].shape == (297,)
    images = x.reshape(-1, 28, 28)
    # A 2-pixel border of zeros around 24 x 24 = 8 x 8 pixels, each repeated as a 3 x 3 block.
    assert images[:, :2].max() == images[:, -2:].max() == 0.0
    assert images[:, :, :2].max() == images[:, :, -2:].max() == 0.0
    centre = images[:, 2:-2, 2:-2].reshape(-1, 8, 3, 8, 3)
    assert max_difference(centre, (digits.images / 16.0)[:, :, None, :, None]) <= 1e-7  # float32
    assert x.min() == 0.0 and x.max() == 1.0
    # Negative control: enlarged without the padding, an image would have 576 pixels, not 784.
    assert digits.images.repeat(3, axis=1).repeat(3, axis=2)[0].size == 576


@pytest.mark.claim
def test_sigmoid_keeps_every_reconstruction_pixel_between_0_and_1(snippet):
    ns = snippet(FILE).namespace
    autoencoder = ns["autoencoder"]
    # Even for inputs far outside the data's range, sigmoid outputs stay within [0, 1].
    wild = np.random.default_rng(0).normal(scale=50.0, size=(64, 784)).astype("float32")
    for x in (ns["x_test"], wild):
        out = autoencoder.predict(x, verbose=0)
        assert out.min() >= 0.0 and out.max() <= 1.0
    assert ns["x_test"].min() == 0.0 and ns["x_test"].max() == 1.0  # like the input pixels
    # The encoding uses ReLU: no negative numbers.
    assert ns["encoder"].predict(wild, verbose=0).min() >= 0.0
    # Negative control: the same weights with a linear last layer leave [0, 1].
    image = keras.Input((784,))
    linear = keras.Model(
        image, keras.layers.Dense(784)(keras.layers.Dense(32, activation="relu")(image))
    )
    linear.set_weights(autoencoder.get_weights())
    out = linear.predict(wild, verbose=0)
    assert out.min() < 0.0 and out.max() > 1.0


@pytest.mark.claim
def test_layer_1_output_is_the_encoding_tensor(snippet):
    ns = snippet(FILE).namespace
    autoencoder, encoding = ns["autoencoder"], ns["encoding"]
    assert autoencoder.layers[1].units == 32
    assert autoencoder.layers[1].output is encoding
    assert ns["encoder"].outputs[0] is encoding and ns["encoder"].inputs[0] is ns["image"]
    # Negative control: the next layer's output is the reconstruction, another tensor.
    assert autoencoder.layers[2].output is ns["reconstruction"]
    assert autoencoder.layers[2].output is not encoding


@pytest.mark.claim
def test_the_decoder_records_a_second_call_of_the_last_layer():
    ns = run_sections(FILE, "data", "model", "encoder")
    last = ns["autoencoder"].layers[-1]
    # `_inbound_nodes`: Keras's record of a layer's calls on symbolic tensors (one per call).
    assert len(last._inbound_nodes) == 1  # Negative control: before the decoder, one call.
    executor.run(section(FILE, "decoder"), "decoder", ns)
    assert ns["decoder_layer"] is last and len(last._inbound_nodes) == 2
    # The second call has its own output; `.output` still names the first call's.
    assert ns["decoder"].outputs[0] is not ns["reconstruction"]
    assert last.output is ns["reconstruction"]
    assert tuple(ns["decoder"].outputs[0].shape) == (None, 784)


@pytest.mark.claim
def test_a_decoder_could_also_start_from_the_encoding_tensor():
    ns = run_sections(FILE, *PARTS)
    autoencoder, decoder = ns["autoencoder"], ns["decoder"]
    # Keras 3 accepts an inner tensor as a model's input: it gives the model an input of its own.
    from_encoding = keras.Model(ns["encoding"], ns["reconstruction"])
    assert [type(layer).__name__ for layer in from_encoding.layers] == ["InputLayer", "Dense"]
    assert from_encoding.layers[1] is autoencoder.layers[2] is decoder.layers[1]
    codes = np.random.default_rng(0).random((16, 32), dtype=np.float32)
    # The same layer on the same numbers, in the same batch: bit-identical.
    assert max_difference(from_encoding.predict(codes, verbose=0), decoder(codes)) == 0.0
    # Negative control: a decoder with its own Dense layer gives other images.
    clone = keras.models.clone_model(from_encoding)
    assert max_difference(clone.predict(codes, verbose=0), decoder(codes)) > 1e-2


@pytest.mark.claim
def test_the_loss_compares_each_reconstruction_with_its_own_image(snippet):
    ns = snippet(FILE).namespace
    autoencoder, x = ns["autoencoder"], ns["x_test"]
    loss = autoencoder.evaluate(x, x, verbose=0)
    # Binary cross-entropy of each pixel against the same pixel of the input, averaged; Keras
    # clips predictions to [1e-7, 1 - 1e-7]. Keras sums in float32, in batches, NumPy here in
    # float64: the two means differ by rounding only (3e-10 measured), so within 1e-6.
    p = np.clip(autoencoder.predict(x, verbose=0).astype("float64"), 1e-7, 1 - 1e-7)
    per_pixel = -(x * np.log(p) + (1 - x) * np.log(1 - p))
    assert abs(loss - per_pixel.mean()) <= 1e-6
    # Negative control: compared with other images (shuffled), the same loss is larger.
    shuffled = x[np.random.default_rng(0).permutation(len(x))]
    assert autoencoder.evaluate(x, shuffled, verbose=0) > loss + 0.05


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
    assert ns["difference"] == 0.0  # "here it is exactly 0": same operations, same batches
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
    # Models are layers too.
    assert isinstance(ns["encoder"], keras.layers.Layer)
    assert isinstance(ns["decoder"], keras.layers.Layer)
    assert [type(layer).__name__ for layer in composed.layers] == [
        "InputLayer",
        "Functional",
        "Functional",
    ]
    assert composed.layers[1] is ns["encoder"] and composed.layers[2] is ns["decoder"]
    assert ns["difference"] <= ATOL
    assert ns["difference"] == 0.0  # "here exactly 0"
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
    # The figure's alt text: "about 0.69" and "about 0.28", i.e. within 0.01 of those values.
    assert all(abs(loss - 0.69) <= 0.01 for loss in curves["adadelta"])
    assert abs(curves["adam"][0] - 0.69) <= 0.01 and abs(curves["adam"][-1] - 0.28) <= 0.01


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
