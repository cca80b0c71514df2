"""Claims of docs/tutorials/autoencoder.md (snippets/autoencoder/)."""

import ast

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
PAGE = "docs/tutorials/autoencoder.md"
PARTS = ("data", "model", "encoder", "decoder")


def through_parts(ns, x):
    return ns["decoder"].predict(ns["encoder"].predict(x, verbose=0), verbose=0)


class Downloading(Exception):
    """Raised by a stand-in for Keras's download helper, so nothing is fetched."""


@pytest.mark.claim(
    PAGE,
    "The classic example trains on MNIST, which `keras.datasets.mnist.load_data()` has to "
    "download. scikit-learn ships {count:,} real {side} × {side} handwritten digits instead.",
)
def test_mnist_has_to_be_downloaded_and_the_digits_ship_with_scikit_learn(monkeypatch, stated):
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
    count, side, _ = ns["digits"].images.shape
    stated(count=count, side=side)


@pytest.mark.claim(
    PAGE,
    "Each pixel is enlarged to {factor} × {factor} and the image padded to {side} × {side} = "
    "{pixels} pixels, MNIST's size, so that the model and all its numbers are the classic ones:",
)
@pytest.mark.claim(
    PAGE,
    "The last {held_out} digits are held out: the model never trains on them, and you will "
    "look at them at the end.",
)
def test_the_digits_are_enlarged_3x_and_padded_to_784_pixels(snippet, stated):
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
    # Held out: the last digits, which the training data does not contain.
    assert max_difference(ns["x_test"], x[-len(ns["x_test"]) :]) == 0.0
    assert max_difference(ns["x_train"], x[: len(ns["x_train"])]) == 0.0
    assert len(ns["x_train"]) + len(ns["x_test"]) == len(x)
    # The only fit call trains on x_train; x_test appears only as validation data.
    fit = next(
        node
        for node in ast.walk(ast.parse(section(FILE, "train")))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "fit"
    )
    assert [ast.unparse(arg) for arg in fit.args] == ["x_train", "x_train"]
    keywords = {k.arg: ast.unparse(k.value) for k in fit.keywords}
    assert keywords["validation_data"] == "(x_test, x_test)"
    # Negative control: enlarged without the padding, an image would have 576 pixels, not 784.
    assert digits.images.repeat(3, axis=1).repeat(3, axis=2)[0].size == 576
    factor = (images.shape[1] - 2 * 2) // digits.images.shape[1]  # inside the 2-pixel border
    stated(factor=factor, side=images.shape[1], pixels=x.shape[1], held_out=len(ns["x_test"]))


@pytest.mark.claim(
    PAGE,
    "One `Dense` layer encodes, one decodes. The encoding uses ReLU; the reconstruction uses a "
    "sigmoid so that every output pixel lies between {low} and {high}, like the input pixels.",
)
def test_sigmoid_keeps_every_reconstruction_pixel_between_0_and_1(snippet, stated):
    ns = snippet(FILE).namespace
    autoencoder = ns["autoencoder"]
    encode, decode = autoencoder.layers[1:]
    assert [type(layer).__name__ for layer in autoencoder.layers] == [
        "InputLayer",
        "Dense",
        "Dense",
    ]
    assert (encode.activation.__name__, decode.activation.__name__) == ("relu", "sigmoid")
    # Even for inputs far outside the data's range, sigmoid outputs stay within [0, 1].
    wild = np.random.default_rng(0).normal(scale=50.0, size=(64, 784)).astype("float32")
    for x in (ns["x_test"], wild):
        out = autoencoder.predict(x, verbose=0)
        assert out.min() >= 0.0 and out.max() <= 1.0
    low, high = ns["x"].min(), ns["x"].max()  # the input pixels' range
    assert (low, high) == (0.0, 1.0)
    stated(low=int(low), high=int(high))
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


@pytest.mark.claim(
    PAGE,
    "In a Functional model every intermediate tensor is still reachable. The autoencoder's "
    "`layers[1]` is the encoding `Dense` layer, and its `.output` is the tensor it produced "
    "when the autoencoder was built. A model from the autoencoder's input to that tensor is "
    "the encoder:",
)
def test_layer_1_output_is_the_encoding_tensor(snippet):
    ns = snippet(FILE).namespace
    autoencoder, encoding = ns["autoencoder"], ns["encoding"]
    # "Every": each layer's output tensor can end a model that starts at the model's input.
    for layer in autoencoder.layers:
        part = keras.Model(autoencoder.inputs, layer.output)
        assert part.outputs[0] is layer.output
    assert autoencoder.layers[1].units == 32
    assert autoencoder.layers[1].output is encoding
    assert ns["encoder"].outputs[0] is encoding and ns["encoder"].inputs[0] is ns["image"]
    # Negative control: the next layer's output is the reconstruction, another tensor.
    assert autoencoder.layers[2].output is ns["reconstruction"]
    assert autoencoder.layers[2].output is not encoding


@pytest.mark.claim(
    PAGE,
    "Calling the autoencoder's last layer on it records a second call of that same layer, and "
    "the decoder is the model from the new input to that call's output:",
)
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


@pytest.mark.claim(
    PAGE,
    "The decoder starts from {units} numbers. Keras 3 would accept the autoencoder's own "
    "encoding tensor as the start of a new model, but the classic recipe, used here, gives the "
    "decoder an input of its own: a new `keras.Input` of {units} numbers.",
)
def test_a_decoder_could_also_start_from_the_encoding_tensor(stated):
    ns = run_sections(FILE, *PARTS)
    units = ns["decoder"].inputs[0].shape[-1]
    assert ns["decoder"].inputs[0] is ns["encoded_input"]  # an input of its own
    assert ns["encoded_input"] is not ns["encoding"]
    stated(units=units)
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


@pytest.mark.claim(
    PAGE,
    "Only the autoencoder is compiled and trained. Its target is its own input: the loss "
    "measures, pixel by pixel, how far the reconstruction is from the image.",
)
def test_the_loss_compares_each_reconstruction_with_its_own_image(snippet):
    ns = snippet(FILE).namespace
    autoencoder, x = ns["autoencoder"], ns["x_test"]
    assert autoencoder.compiled and not ns["encoder"].compiled and not ns["decoder"].compiled
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


@pytest.mark.claim(
    PAGE,
    "The autoencoder has {total:,} parameters: {encoder:,} in the encoder ({pixels} × {units} "
    "weights and {units} biases) and {decoder:,} in the decoder ({units} × {pixels} weights and "
    "{pixels} biases).",
)
def test_parameter_counts_of_autoencoder_encoder_and_decoder(snippet, stated):
    ns = snippet(FILE).namespace
    assert ns["encoder"].count_params() == 784 * 32 + 32 == 25_120
    assert ns["decoder"].count_params() == 32 * 784 + 784 == 25_872
    assert ns["autoencoder"].count_params() == 25_120 + 25_872 == 50_992
    # Negative control: a 31-number encoding gives other counts, so the checks can fail.
    image = keras.Input((784,))
    narrower = keras.Model(image, keras.layers.Dense(784)(keras.layers.Dense(31)(image)))
    assert narrower.count_params() == (784 * 31 + 31) + (31 * 784 + 784) == 49_423
    kernel = ns["encoder"].layers[1].kernel
    stated(
        total=ns["autoencoder"].count_params(),
        encoder=ns["encoder"].count_params(),
        decoder=ns["decoder"].count_params(),
        pixels=kernel.shape[0],
        units=kernel.shape[1],
    )


@pytest.mark.claim(
    PAGE,
    "The counts add up because nothing was copied. The encoder's `Dense` layer and the "
    "decoder's `Dense` layer are the autoencoder's own layer objects (`encoder.layers[1] is "
    "autoencoder.layers[1]`, `decoder.layers[1] is autoencoder.layers[2]`), and the encoder's "
    "{encoder:w} variables and the decoder's {decoder:w} variables are exactly the "
    "autoencoder's {total:w}.",
)
def test_encoder_and_decoder_are_made_of_the_autoencoders_layers(snippet, stated):
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
    assert (
        ns["autoencoder"].count_params()
        == ns["encoder"].count_params() + ns["decoder"].count_params()
    )
    stated(
        encoder=len(encoder.weights), decoder=len(decoder.weights), total=len(autoencoder.weights)
    )


@pytest.mark.claim(
    PAGE,
    "You did not train the encoder or the decoder, yet both have changed: every kernel and bias "
    "of both moved during training, because they are the autoencoder's variables. A copy made "
    "with `keras.models.clone_model` before training, which has variables of its own, keeps its "
    "starting weights exactly.",
)
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


@pytest.mark.claim(
    PAGE,
    "Going through the encoder and then the decoder gives the autoencoder's own output (the "
    "largest difference is at most {atol:sci}; here it is exactly {difference:g}). That was "
    "already true before training and stays true whatever training does, because there is only "
    "one set of weights. A decoder with a `Dense` layer of its own, by contrast, turns the same "
    "encodings into quite different images.",
)
def test_autoencoder_equals_decoder_after_encoder_before_and_after_training(stated):
    ns = run_sections(FILE, *PARTS)
    x = ns["x_test"]
    assert max_difference(ns["autoencoder"].predict(x, verbose=0), through_parts(ns, x)) <= ATOL
    executor.run(section(FILE, "train"), "train", ns)
    executor.run(section(FILE, "use"), "use", ns)
    assert ns["difference"] <= ATOL
    assert ns["difference"] == 0.0  # "here it is exactly 0": same operations, same batches
    assert max_difference(ns["autoencoder_imgs"], ns["decoded_imgs"]) <= ATOL
    stated(atol=ATOL, difference=ns["difference"])
    # "Whatever training does": any weights at all, here large random ones, keep it true.
    rng = np.random.default_rng(1)
    autoencoder = ns["autoencoder"]
    autoencoder.set_weights([rng.normal(scale=3.0, size=w.shape) for w in autoencoder.weights])
    assert max_difference(autoencoder.predict(x, verbose=0), through_parts(ns, x)) <= ATOL
    # Negative control: an untrained decoder with its own Dense layer gives other images.
    other = keras.Sequential([keras.Input((32,)), keras.layers.Dense(784, activation="sigmoid")])
    assert (
        max_difference(ns["autoencoder_imgs"], other.predict(ns["encoded_imgs"], verbose=0)) > 0.1
    )


@pytest.mark.claim(
    PAGE,
    "The composed model's layers are an `InputLayer` and {parts:w} `Functional` models (the "
    "encoder and the decoder themselves), and it reproduces the autoencoder's output (largest "
    "difference at most {atol:sci}; here exactly {difference:g}). Composed from a clone of the "
    "encoder instead, it does not.",
)
def test_composed_model_equals_the_autoencoder(snippet, stated):
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
    stated(parts=len(composed.layers) - 1, atol=ATOL, difference=ns["difference"])
    x = ns["x_test"]
    assert max_difference(composed.predict(x, verbose=0), ns["autoencoder_imgs"]) <= ATOL
    # Negative control: composing a clone of the encoder (fresh weights) gives other images.
    image = keras.Input((784,))
    other = keras.Model(image, ns["decoder"](keras.models.clone_model(ns["encoder"])(image)))
    assert max_difference(other.predict(x, verbose=0), ns["autoencoder_imgs"]) > 0.1


# Bounds the page states for the optimizer comparison (the measured values are in comments).
BARELY = 0.001  # Adadelta at its default moves the loss by 1.5e-4 in five epochs
LOWERS = 0.2  # Adam lowers it by 0.41, Adadelta at 1.0 by 0.38
ADAM_BELOW, OLD_RATE_BELOW = 0.3, 0.35  # their losses after five epochs: 0.283 and 0.314


@pytest.mark.claim(
    PAGE,
    "Training loss over {epochs:w} epochs for the same autoencoder and {optimizers:w} "
    "optimizers: with Adam it falls from about {start:.1f} to under {adam_below}; with Adadelta "
    "at its default it stays flat at about {start:.1f}; with Adadelta at a learning rate of "
    "{old_rate:.1f} it falls to under {old_rate_below}.",
)
@pytest.mark.claim(
    PAGE,
    "In Keras 3, `Adadelta` has a default learning rate of {default_rate:g}. With it, "
    "{epochs:w} epochs change this autoencoder's loss by less than {barely:g}, while Adam with "
    "its defaults lowers it by more than {lowers:g} from the same start. At a learning rate of "
    "{old_rate:.1f}, Adadelta lowers it by more than {lowers:g} too.",
)
def test_adadelta_default_barely_moves_the_loss_and_adam_lowers_it(snippet, stated):
    run = snippet("autoencoder/compare_optimizers.py").namespace
    curves = run["curves"]
    adam, adadelta, old_rate = curves["Adam"], curves["Adadelta"], curves[list(curves)[2]]
    default_rate = float(keras.optimizers.Adadelta().learning_rate)
    assert default_rate == pytest.approx(0.001) and run["default_rate"] == default_rate
    rate = float(run["optimizers"][list(curves)[2]]().learning_rate)
    assert len(adam) == len(adadelta) == len(old_rate) == 6  # untrained + 5 epochs
    assert adam[0] == adadelta[0] == old_rate[0]  # same starting weights, same data
    assert abs(adadelta[0] - adadelta[-1]) < BARELY
    # Negative control: the same model, data, seeds and epochs do train with Adam, and with
    # Adadelta at the old rate.
    assert adam[0] - adam[-1] > LOWERS and old_rate[0] - old_rate[-1] > LOWERS
    # The figure: every Adadelta-at-default loss rounds to the starting loss; the others end
    # under their bounds.
    # (To one decimal: the start is 0.693 with TensorFlow and JAX, 0.697 with PyTorch.)
    assert {f"{loss:.1f}" for loss in adadelta} == {f"{adam[0]:.1f}"}
    assert adam[-1] < ADAM_BELOW and old_rate[-1] < OLD_RATE_BELOW
    stated(
        epochs=len(adam) - 1,
        optimizers=len(curves),
        start=adam[0],
        adam_below=ADAM_BELOW,
        old_rate=rate,
        old_rate_below=OLD_RATE_BELOW,
        default_rate=default_rate,
        barely=BARELY,
        lowers=LOWERS,
    )


def same_class_as_nearest(reconstructions, images, labels):
    """Share of reconstructions whose most similar held-out image shows the same digit."""
    distances = ((reconstructions[:, None, :] - images[None, :, :]) ** 2).mean(axis=-1)
    return float((labels[distances.argmin(axis=1)] == labels).mean())


def nearest_centre_accuracy(points, labels):
    """Share of points closest to the centre of their own class."""
    centres = np.stack([points[labels == digit].mean(axis=0) for digit in range(10)])
    nearest = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=-1).argmin(axis=1)
    return float((nearest == labels).mean())


KEPT, UNTRAINED_KEPT = 0.8, 0.3  # measured: 0.87 after training, 0.13 untrained


@pytest.mark.claim(
    PAGE,
    "After {epochs:w} epochs the reconstructions are blurry, but most still show their digit: "
    "for more than {kept:.0%} of the {held_out} held-out digits, the held-out image most like "
    "the reconstruction is of the same digit. For the untrained autoencoder it is under "
    "{untrained:.0%}.",
)
def test_reconstructions_mostly_keep_their_digit(snippet, stated):
    ns = snippet(FILE).namespace
    x, labels = ns["x_test"], ns["labels_test"]
    assert same_class_as_nearest(ns["decoded_imgs"], x, labels) > KEPT
    # Negative control: the untrained autoencoder's outputs do not keep the digit.
    untrained = run_sections(FILE, *PARTS)["autoencoder"]
    assert same_class_as_nearest(untrained.predict(x, verbose=0), x, labels) < UNTRAINED_KEPT
    epochs = len(ns["history"].history["loss"])
    stated(epochs=epochs, kept=KEPT, held_out=len(x), untrained=UNTRAINED_KEPT)


@pytest.mark.claim(
    PAGE,
    "Digits of the same class gather in the same regions, although the autoencoder never saw a "
    "label: even in these {dimensions:w} dimensions, more than half of the points lie closer to "
    "the centre of their own digit's points than to any other digit's centre (chance would be "
    "{chance:.0%}).",
)
def test_projected_encodings_gather_by_digit(snippet, stated):
    ns = snippet(FILE).namespace
    points, labels = ns["points"], ns["labels_test"]
    assert points.shape == (297, 2)
    assert nearest_centre_accuracy(points, labels) > 0.5
    # "never saw a label": training was on images only, target included.
    assert "labels" not in section(FILE, "train")
    stated(dimensions=points.shape[1], chance=1 / len(np.unique(labels)))
    # Negative control: with the labels shuffled, the same measure is near chance (10%).
    shuffled = np.random.default_rng(0).permutation(labels)
    assert nearest_centre_accuracy(points, shuffled) < 0.2
