"""Claims of docs/tutorials/autoencoder.md (snippets/autoencoder/).

Training is what makes these tests slow, so they reuse the page's own runs where they can: the
`snippet(...)` run (one per session, read-only) and what the page's blocks printed (`printed`).
A test that trains a model of its own says why: a counterfactual the page does not run (an
unfrozen encoder, an untrained one, a clone)."""

import ast
import re

import keras
import numpy as np
import pytest

from conftest import ROOT, max_difference, run_sections, section
from docsite import executor, render

# keras.datasets.mnist imports the download helper under this name.
MNIST_MODULE = "keras.src.datasets.mnist"

FILE = "autoencoder/autoencoder.py"
OPTIMIZERS = "autoencoder/compare_optimizers.py"
PAGE = "docs/tutorials/autoencoder.md"
PARTS = ("data", "model", "encoder", "decoder")


def block(part):
    """The page's block that includes a section of the snippet, as `printed` names it."""
    return f"snippets/{FILE}:{part}"


def through_parts(ns, x):
    return ns["decoder"].predict(ns["encoder"].predict(x, verbose=0), verbose=0)


def fit_calls(code):
    """Each `.fit(...)` call of some code: (positional arguments, keywords), as source text."""
    return [
        (
            [ast.unparse(a) for a in node.args],
            {k.arg: ast.unparse(k.value) for k in node.keywords},
        )
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "fit"
    ]


def source(name):
    return (ROOT / "snippets" / name).read_text(encoding="utf-8")


def number_after(text, label):
    """The number printed right after `label` on a line of some output."""
    (line,) = [line for line in text.splitlines() if line.startswith(label)]
    return float(line.removeprefix(label))


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
    "The first {train:,} digits are for training. The last {held_out} are held out, to test on: "
    "no model trains on them.",
)
def test_the_digits_are_enlarged_3x_and_padded_to_784_pixels(snippet, printed, stated):
    ns = snippet(FILE).namespace
    # What the page's data block printed: the two sets' shapes.
    shown = printed(PAGE, block("data"))
    assert shown == f"training images: {ns['x_train'].shape}, test images: {ns['x_test'].shape}\n"
    digits, x = ns["digits"], ns["x"]
    assert x.shape == (1_797, 784) and x.dtype == np.float32
    assert ns["x_train"].shape == (1_500, 784) and ns["x_test"].shape == (297, 784)
    assert ns["labels_test"].shape == (297,) and ns["labels_train"].shape == (1_500,)
    assert np.array_equal(ns["labels_train"], digits.target[:1_500])
    images = x.reshape(-1, 28, 28)
    # A 2-pixel border of zeros around 24 x 24 = 8 x 8 pixels, each repeated as a 3 x 3 block.
    assert images[:, :2].max() == images[:, -2:].max() == 0.0
    assert images[:, :, :2].max() == images[:, :, -2:].max() == 0.0
    centre = images[:, 2:-2, 2:-2].reshape(-1, 8, 3, 8, 3)
    # Exactly: each pixel is k / 16 with k = 0..16, which float32 holds without rounding.
    assert max_difference(centre, (digits.images / 16.0)[:, :, None, :, None]) == 0.0
    assert x.min() == 0.0 and x.max() == 1.0
    # Held out: the last digits, which the training data does not contain.
    assert max_difference(ns["x_test"], x[-len(ns["x_test"]) :]) == 0.0
    assert max_difference(ns["x_train"], x[: len(ns["x_train"])]) == 0.0
    assert len(ns["x_train"]) + len(ns["x_test"]) == len(x)
    # "No model": every fit call of the page trains on x_train (the autoencoder, the
    # classifier, and the optimizer comparison's models, whose x_train is the same first
    # 1,500 digits); x_test appears only as validation data, which fit does not train on.
    # No own training: fit_calls only parses the sections' source.
    calls = fit_calls(section(FILE, "train")) + fit_calls(section(FILE, "classify"))
    assert [args for args, _ in calls] == [["x_train", "x_train"], ["x_train", "labels_train"]]
    assert calls[0][1]["validation_data"] == "(x_test, x_test)"
    assert "validation_data" not in calls[1][1]
    optimizers = snippet(OPTIMIZERS).namespace
    assert [args for args, _ in fit_calls(source(OPTIMIZERS))] == [["x_train", "x_train"]]
    assert max_difference(optimizers["x_train"], ns["x_train"]) == 0.0
    assert len(fit_calls(source(FILE))) == len(calls)  # no other fit call in the file
    # Negative control: enlarged without the padding, an image would have 576 pixels, not 784.
    assert digits.images.repeat(3, axis=1).repeat(3, axis=2)[0].size == 576
    factor = (images.shape[1] - 2 * 2) // digits.images.shape[1]  # inside the 2-pixel border
    stated(
        factor=factor,
        side=images.shape[1],
        pixels=x.shape[1],
        train=len(ns["x_train"]),
        held_out=len(ns["x_test"]),
    )


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
    "Each layer of the autoencoder keeps, as its `.output`, the tensor it produced when you "
    "built the autoencoder. Its `layers[1]` is the encoding `Dense` layer (`layers[0]` is the "
    "input), so `layers[1].output` is the encoding, and a model from the autoencoder's input to "
    "that tensor is the encoder:",
)
def test_layer_1_output_is_the_encoding_tensor(snippet):
    # The snippet's whole run: the decoder called the last layer a second time, and the
    # classifier used the encoder in another model. Each layer still keeps the tensor it made
    # in the autoencoder, and each can end a model that starts at the autoencoder's input.
    ns = snippet(FILE).namespace
    autoencoder, encoding = ns["autoencoder"], ns["encoding"]
    made = [ns["image"], encoding, ns["reconstruction"]]  # in the `model` section
    # "`layers[0]` is the input": the InputLayer that keras.Input made.
    assert isinstance(autoencoder.layers[0], keras.layers.InputLayer)
    assert all(
        layer.output is tensor for layer, tensor in zip(autoencoder.layers, made, strict=True)
    )
    for layer in autoencoder.layers:
        part = keras.Model(autoencoder.inputs, layer.output)
        assert part.outputs[0] is layer.output
    # Why the sentence is about the autoencoder's own layers: in the classifier, the encoder is
    # one nested layer, and the tensor its Dense layer made is not reachable from the
    # classifier's input ("not connected"; reference/troubleshooting.md#nested-not-connected).
    classifier = ns["classifier"]
    assert classifier.layers[1] is ns["encoder"]
    with pytest.raises(ValueError, match="is not connected to `inputs`"):
        keras.Model(classifier.input, ns["encoder"].layers[1].output)
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
    "The decoder starts from {units} numbers, so give it an input of its own: a new "
    "`keras.Input` of {units} numbers.",
)
@pytest.mark.claim(
    PAGE,
    "Keras would also accept the autoencoder's own encoding tensor as the start of a new model: "
    "`keras.Model(encoding, reconstruction)` is a decoder made of the same layer. The classic "
    "recipe, used here, gives the decoder an input of its own instead.",
)
def test_a_decoder_could_also_start_from_the_encoding_tensor(stated):
    ns = run_sections(FILE, *PARTS)
    units = ns["decoder"].inputs[0].shape[-1]
    assert ns["decoder"].inputs[0] is ns["encoded_input"]  # an input of its own
    assert ns["encoded_input"] is not ns["encoding"]
    assert isinstance(ns["encoded_input"], keras.KerasTensor)
    assert ns["encoded_input"]._keras_history.operation.__class__.__name__ == "InputLayer"
    assert tuple(ns["encoded_input"].shape) == (None, units) == (None, ns["encoding"].shape[-1])
    stated(units=units)
    autoencoder, decoder = ns["autoencoder"], ns["decoder"]
    # Keras accepts an inner tensor as a model's input: it gives the model an input of its own.
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
    # float64, so the two means differ by rounding only (3e-10 measured). Float32 rounding is
    # relative: a sum of 784 pixels' terms is off by at most 784 x 6e-8 = 5e-5 of its size, so
    # the tolerance is that share of the loss (1e-5 here), whatever size training leaves it.
    p = np.clip(autoencoder.predict(x, verbose=0).astype("float64"), 1e-7, 1 - 1e-7)
    per_pixel = -(x * np.log(p) + (1 - x) * np.log(1 - p))
    assert abs(loss - per_pixel.mean()) <= 5e-5 * per_pixel.mean()
    # Negative control: compared with other images (shuffled), the same loss is larger.
    shuffled = x[np.random.default_rng(0).permutation(len(x))]
    assert autoencoder.evaluate(x, shuffled, verbose=0) > loss + 0.05


@pytest.mark.claim(
    PAGE,
    "The autoencoder has {total:,} parameters: {encoder:,} in the encoder ({pixels} × {units} "
    "weights and {units} biases) and {decoder:,} in the decoder ({units} × {pixels} weights and "
    "{pixels} biases).",
)
def test_parameter_counts_of_autoencoder_encoder_and_decoder(snippet, printed, stated):
    ns = snippet(FILE).namespace
    # The counts the page's three blocks printed, one per model.
    for part, model in (("model", "autoencoder"), ("encoder", "encoder"), ("decoder", "decoder")):
        shown = printed(PAGE, block(part))
        assert shown == f"{model} parameters: {ns[model].count_params():,}\n"
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
    "Copies of the layers would count the same, so ask Python whether the parts hold the "
    "autoencoder's own layer objects:",
)
@pytest.mark.claim(
    PAGE,
    "They do: nothing was copied. The encoder's `Dense` layer and the decoder's `Dense` layer "
    "are the autoencoder's own, and the encoder's {encoder:w} variables and the decoder's "
    "{decoder:w} variables are exactly the autoencoder's {total:w}.",
)
def test_encoder_and_decoder_are_made_of_the_autoencoders_layers(snippet, printed, stated):
    ns = snippet(FILE).namespace
    assert printed(PAGE, block("same_layers")) == "True\nTrue\n"
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
    # "Copies would count the same": the clone's parts have the parts' parameter counts.
    copied_encoder = keras.models.clone_model(encoder)
    copied_decoder = keras.models.clone_model(decoder)
    assert copied_encoder.count_params() == encoder.count_params()
    assert copied_decoder.count_params() == decoder.count_params()
    assert copied_encoder.layers[1] is not autoencoder.layers[1]
    assert copied_decoder.layers[1] is not autoencoder.layers[2]
    assert (
        ns["autoencoder"].count_params()
        == ns["encoder"].count_params() + ns["decoder"].count_params()
    )
    stated(
        encoder=len(encoder.weights), decoder=len(decoder.weights), total=len(autoencoder.weights)
    )


def diagram_texts(variable):
    """The words of the page's diagram of `variable`, as the build drew it."""
    page = ROOT / PAGE
    fences = render.fences(page, ROOT, page.read_text(encoding="utf-8"))
    (svg,) = [
        out.diagrams[variable][0]
        for out in render.outputs(page, ROOT, fences)
        if variable in out.diagrams
    ]
    return [text.strip() for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


@pytest.mark.claim(
    PAGE,
    "The diagrams show the autoencoder's layer names again, `{encoding}` in the encoder and "
    "`{decoding}` in the decoder. Names alone prove nothing (a copy made with "
    "`keras.models.clone_model` keeps them), but the `is` checks above do.",
)
def test_the_diagrams_show_the_autoencoders_layer_names(snippet, stated):
    ns = snippet(FILE).namespace
    autoencoder, encoder, decoder = ns["autoencoder"], ns["encoder"], ns["decoder"]
    encoding, decoding = (layer.name for layer in autoencoder.layers[1:])
    assert encoder.layers[1].name == encoding and decoder.layers[1].name == decoding
    # What the page's three diagrams show (the build's drawings): each name where the text says.
    drawn = {name: diagram_texts(name) for name in ("autoencoder", "encoder", "decoder")}
    assert encoding in drawn["autoencoder"] and decoding in drawn["autoencoder"]
    assert encoding in drawn["encoder"] and decoding not in drawn["encoder"]
    assert decoding in drawn["decoder"] and encoding not in drawn["decoder"]
    # Names prove nothing: a clone has the same layer names and layers of its own.
    clone = keras.models.clone_model(encoder)
    assert clone.layers[1].name == encoding and clone.layers[1] is not encoder.layers[1]
    # ...where the `is` checks tell them apart (negative control: they fail for the clone).
    assert encoder.layers[1] is autoencoder.layers[1] and decoder.layers[1] is autoencoder.layers[2]
    stated(encoding=encoding, decoding=decoding)


@pytest.mark.claim(
    PAGE,
    "The loss falls, and the held-out digits end with a loss no higher than the training digits'.",
)
def test_the_loss_falls_and_the_held_out_digits_do_as_well(snippet, printed):
    ns = snippet(FILE).namespace
    autoencoder, x_train, x_test = ns["autoencoder"], ns["x_train"], ns["x_test"]
    # The page's output: the training loss in the first and the last epoch, then the held-out
    # digits' loss after training.
    shown = printed(PAGE, block("train"))
    loss, test_loss = ns["history"].history["loss"], ns["history"].history["val_loss"]
    lines = re.fullmatch(
        r"training loss: (\S+) in epoch 1, (\S+) in epoch (\d+)\n"
        r"test loss after training: (\S+)\n",
        shown,
    )
    first, last, held_out = float(lines[1]), float(lines[2]), float(lines[4])
    assert int(lines[3]) == len(loss)
    assert last < first and held_out <= last
    # The page ran the same code from the same seeds as the snippet: the same figures.
    assert [lines[1], lines[2], lines[4]] == [
        f"{v:.3f}" for v in (loss[0], loss[-1], test_loss[-1])
    ]
    # The snippet's own run: the loss falls in every epoch, and the held-out loss ends no
    # higher than the training digits', whether those are measured during the last epoch (as
    # printed) or evaluated once training is over.
    assert all(later < earlier for earlier, later in zip(loss[:-1], loss[1:], strict=True))
    assert test_loss[-1] <= loss[-1]
    assert test_loss[-1] <= autoencoder.evaluate(x_train, x_train, verbose=0)
    # Negative control: before training, the held-out loss is far above the trained loss.
    untrained = run_sections(FILE, *PARTS)["autoencoder"]
    untrained.compile(loss="binary_crossentropy")
    assert untrained.evaluate(x_test, x_test, verbose=0) > loss[-1] + 0.2


@pytest.mark.claim(
    PAGE,
    "You did not train the encoder or the decoder, yet both have changed: every kernel and bias "
    "of both moved during training, because they are the autoencoder's variables.",
)
@pytest.mark.claim(
    PAGE,
    "A copy made with `keras.models.clone_model` before training is a different matter: it has "
    "the same layout, but freshly initialised variables of its own. Its kernels start from other "
    "random values than the autoencoder's, and training the autoencoder leaves all of them "
    "exactly as they were.",
)
def test_training_the_autoencoder_changes_the_encoder_and_decoder():
    ns = run_sections(FILE, *PARTS)
    autoencoder, encoder, decoder = ns["autoencoder"], ns["encoder"], ns["decoder"]
    # The parts' variables are the autoencoder's own (the very objects).
    assert [id(v) for v in encoder.weights + decoder.weights] == [
        id(v) for v in autoencoder.weights
    ]
    before = [w.copy() for w in encoder.get_weights() + decoder.get_weights()]
    copy = keras.models.clone_model(autoencoder)  # made before training, as the page says
    copy_before = [w.copy() for w in copy.get_weights()]
    # The same layout, variables of its own...
    assert [tuple(w.shape) for w in copy.weights] == [tuple(w.shape) for w in autoencoder.weights]
    assert not {id(v) for v in copy.weights} & {id(v) for v in autoencoder.weights}
    # ...freshly initialised: the kernels are other random values (the biases start at zero in
    # both, as Dense layers' biases do).
    kernels = [0, 2]
    for i in kernels:
        assert max_difference(copy_before[i], before[i]) > 1e-2
    for i in (1, 3):
        assert not copy_before[i].any() and not before[i].any()
    executor.run(section(FILE, "train"), "train", ns)
    after = encoder.get_weights() + decoder.get_weights()
    # Every kernel and bias of both parts moved (by far more than float32 rounding: measured,
    # the smallest largest move is 0.1).
    assert min(max_difference(a, b) for a, b in zip(after, before, strict=True)) > 1e-3
    # Negative control: the copy, not trained, keeps exactly its starting weights.
    unchanged = copy.get_weights()
    assert max(max_difference(a, b) for a, b in zip(unchanged, copy_before, strict=True)) == 0.0


@pytest.mark.claim(
    PAGE,
    "Going through the encoder and then the decoder gives the autoencoder's own output: the "
    "largest difference is {difference}, because there is only one set of weights.",
)
@pytest.mark.claim(
    PAGE,
    "The two ways agree exactly when `predict` cuts the digits into the same batches both times "
    "({batch} at a time unless told otherwise): the same layers run the same operations on the "
    "same numbers. That does not depend on training: it held before training, and holds for any "
    "weights at all. For the trained autoencoder, in batches of another size, the sums are added "
    "in another order and the two differ by float32 rounding only (under {bound}). A decoder "
    "with a `Dense` layer of its own, by contrast, turns the same encodings into quite different "
    "images.",
)
def test_autoencoder_equals_decoder_after_encoder_before_and_after_training(printed, stated):
    shown = printed(PAGE, block("use"))
    difference = number_after(shown, "largest difference from the autoencoder's output:")
    assert difference == 0.0
    ns = run_sections(FILE, *PARTS)
    x = ns["x_test"]
    # Before training: exactly equal. (Equal batch sizes: `predict` batches by 32 both ways.)
    assert max_difference(ns["autoencoder"].predict(x, verbose=0), through_parts(ns, x)) == 0.0
    # "32 at a time unless told otherwise": predict with no batch_size gives exactly what
    # batches of 32 give (and, below, other sizes do not), as the page's calls use it.
    batch = 32
    assert "batch_size" not in section(FILE, "use")
    untold = ns["autoencoder"].predict(x, verbose=0)
    assert max_difference(untold, ns["autoencoder"].predict(x, batch_size=batch, verbose=0)) == 0.0
    executor.run(section(FILE, "train"), "train", ns)
    executor.run(section(FILE, "use"), "use", ns)
    assert ns["difference"] == 0.0 == difference
    assert max_difference(ns["autoencoder_imgs"], ns["decoded_imgs"]) == 0.0
    # Only one set of weights: the parts hold the autoencoder's variables, no others.
    parts = ns["encoder"].weights + ns["decoder"].weights
    assert {id(v) for v in parts} == {id(v) for v in ns["autoencoder"].weights}
    # Other batch sizes: float32 rounding only. The outputs are sigmoids in [0, 1], sums of 32
    # (decoder) or 784 (encoder) products; float32 keeps 1.2e-7 of a value, and reordering such
    # sums moves the result by a few of those (measured: up to 2.1e-6 with batches of 1), so
    # 1e-5 bounds it with room while any real difference (the control below: > 0.1) exceeds it.
    bound = 1e-5
    apart = [
        max_difference(
            ns["autoencoder"].predict(x, batch_size=size, verbose=0), through_parts(ns, x)
        )
        for size in (1, 7, 297)
    ]
    assert 0 < max(apart) < bound, apart  # they do differ, by rounding
    # "Any weights at all": here large random ones, exactly equal too.
    rng = np.random.default_rng(1)
    autoencoder = ns["autoencoder"]
    autoencoder.set_weights([rng.normal(scale=3.0, size=w.shape) for w in autoencoder.weights])
    assert max_difference(autoencoder.predict(x, verbose=0), through_parts(ns, x)) == 0.0
    stated(difference=difference, batch=batch, bound=f"{bound:.5f}")
    # Negative control: an untrained decoder with its own Dense layer gives other images.
    other = keras.Sequential([keras.Input((32,)), keras.layers.Dense(784, activation="sigmoid")])
    assert (
        max_difference(ns["autoencoder_imgs"], other.predict(ns["encoded_imgs"], verbose=0)) > 0.1
    )


@pytest.mark.claim(
    PAGE,
    "The composed model's layers are an `InputLayer` and {parts:w} `Functional` models (the "
    "encoder and the decoder themselves), and it reproduces the autoencoder's output exactly "
    "(largest difference {difference}).",
)
@pytest.mark.claim(
    PAGE,
    "Composed from a clone of the encoder instead (same layout, fresh weights), it does not.",
)
def test_composed_model_equals_the_autoencoder(snippet, printed, stated):
    ns = snippet(FILE).namespace
    composed = ns["composed"]
    shown = printed(PAGE, block("compose"))
    assert shown.splitlines()[0] == str([type(layer).__name__ for layer in composed.layers])
    difference = number_after(shown, "largest difference from the autoencoder:")
    # Models are layers too.
    assert isinstance(ns["encoder"], keras.layers.Layer)
    assert isinstance(ns["decoder"], keras.layers.Layer)
    assert [type(layer).__name__ for layer in composed.layers] == [
        "InputLayer",
        "Functional",
        "Functional",
    ]
    assert composed.layers[1] is ns["encoder"] and composed.layers[2] is ns["decoder"]
    assert difference == 0.0
    x = ns["x_test"]
    assert max_difference(composed.predict(x, verbose=0), ns["autoencoder_imgs"]) == 0.0
    stated(parts=len(composed.layers) - 1, difference=difference)
    # Negative control: composing a clone of the encoder gives other images. The clone has the
    # same layout and fresh weights (its kernel is not the trained one; biases start at zero).
    clone = keras.models.clone_model(ns["encoder"])
    assert [w.shape for w in clone.weights] == [w.shape for w in ns["encoder"].weights]
    assert max_difference(clone.weights[0], ns["encoder"].weights[0]) > 1e-2
    assert not keras.ops.convert_to_numpy(clone.weights[1]).any()
    image = keras.Input((784,))
    other = keras.Model(image, ns["decoder"](clone(image)))
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
    "This tutorial uses Adam instead: at its default learning rate, Adadelta barely changes this "
    "autoencoder's loss in {epochs:w} epochs, while Adam more than halves it.",
)
@pytest.mark.claim(
    PAGE,
    "With its default learning rate, Adadelta changes the loss by less than {barely:g} in "
    "{epochs:w} epochs, while Adam lowers it by more than {lowers:g} from the same start. At a "
    "learning rate of {old_rate:.1f}, Adadelta lowers it by more than {lowers:g} too: to train "
    "with Adadelta, pass `keras.optimizers.Adadelta(learning_rate={old_rate:.1f})`.",
)
def test_adadelta_default_barely_moves_the_loss_and_adam_lowers_it(snippet, printed, stated):
    run = snippet(OPTIMIZERS).namespace
    curves = run["curves"]
    # What the page's block printed: each optimizer's loss before and after, to 4 decimals (so
    # each printed figure is within 5e-5 of the loss), and Adadelta's default learning rate.
    shown = printed(PAGE, f"snippets/{OPTIMIZERS}")
    ends = {
        name: (float(a), float(b))
        for name, a, b in re.findall(r"^(.+): loss (\S+) -> (\S+)$", shown, re.M)
    }
    assert list(ends) == list(curves)
    for name, (start, end) in ends.items():  # the same run as the snippet's: same seeds
        assert (f"{start:.4f}", f"{end:.4f}") == (
            f"{curves[name][0]:.4f}",
            f"{curves[name][-1]:.4f}",
        )
    assert abs(ends["Adadelta"][0] - ends["Adadelta"][1]) < BARELY
    assert ends["Adam"][0] - ends["Adam"][1] > LOWERS
    assert shown.splitlines()[-1] == f"Adadelta's default learning rate: {run['default_rate']:g}"
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
    assert adam[-1] < adam[0] / 2  # "more than halves it" (0.693 to 0.283 with TensorFlow)
    # "Pass keras.optimizers.Adadelta(learning_rate=1.0)": the snippet's third optimizer.
    assert "keras.optimizers.Adadelta(\n        learning_rate=1.0\n    )" in source(OPTIMIZERS)
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
        barely=BARELY,
        lowers=LOWERS,
    )


def same_class_as_nearest(reconstructions, images, labels, leave_out_own=True):
    """Share of reconstructions whose closest held-out image (the smallest squared difference,
    pixel by pixel) shows the same digit; the image each was made from is left out."""
    distances = ((reconstructions[:, None, :] - images[None, :, :]) ** 2).sum(axis=-1)
    if leave_out_own:
        np.fill_diagonal(distances, np.inf)  # reconstruction i was made from image i
    return float((labels[distances.argmin(axis=1)] == labels).mean())


def nearest_centre_accuracy(points, labels):
    """Share of points closest to the centre of their own class."""
    centres = np.stack([points[labels == digit].mean(axis=0) for digit in range(10)])
    nearest = ((points[:, None, :] - centres[None, :, :]) ** 2).sum(axis=-1).argmin(axis=1)
    return float((nearest == labels).mean())


# Measured, leaving each reconstruction's own image out: 0.855 (TensorFlow), 0.845 (JAX),
# 0.859 (PyTorch) after training. Untrained, 27 / 297 = 0.0909 on all three backends and for
# seeds 0 to 4: every output's closest image is one of the held-out 0s, so the share is the
# share of 0s.
KEPT = 0.8


@pytest.mark.claim(
    PAGE,
    "After {epochs:w} epochs the reconstructions are blurry, but most still show their digit.",
)
@pytest.mark.claim(
    PAGE,
    "Compare each reconstruction with the other {others} held-out images, leaving out the one it "
    "was made from: for more than {kept:.0%} of the {held_out}, the closest image (the smallest "
    "squared difference, pixel by pixel) shows the same digit. For the untrained autoencoder it "
    "is {untrained:.0%}: the closest image to every one of its outputs is a {digit}.",
)
def test_reconstructions_mostly_keep_their_digit(snippet, stated):
    ns = snippet(FILE).namespace
    x, labels, decoded = ns["x_test"], ns["labels_test"], ns["decoded_imgs"]
    # decoded_imgs[i] is the reconstruction of x_test[i], in order.
    assert max_difference(decoded, ns["autoencoder"].predict(x, verbose=0)) == 0.0
    kept = same_class_as_nearest(decoded, x, labels)
    assert kept > KEPT
    # Leaving the own image out matters: kept in, it would be the closest for many digits, and
    # the share would be another figure (0.889 measured with TensorFlow).
    distances = ((decoded[:, None, :] - x[None, :, :]) ** 2).sum(axis=-1)
    own_is_closest = float((distances.argmin(axis=1) == np.arange(len(x))).mean())
    assert own_is_closest > 0.2
    assert same_class_as_nearest(decoded, x, labels, leave_out_own=False) != kept
    # Negative control: the untrained autoencoder's outputs do not keep the digit. Its outputs
    # are alike (grey blurs): the closest image to each is a 0, so the share is the 0s' share.
    outputs = run_sections(FILE, *PARTS)["autoencoder"].predict(x, verbose=0)
    untrained = same_class_as_nearest(outputs, x, labels)
    distances = ((outputs[:, None, :] - x[None, :, :]) ** 2).sum(axis=-1)
    np.fill_diagonal(distances, np.inf)
    closest = set(labels[distances.argmin(axis=1)].tolist())
    assert len(closest) == 1
    (digit,) = closest
    # Exactly: both are the same count of the 297 labels, divided by 297 the same way.
    assert untrained == float((labels == digit).mean())
    assert untrained < 0.2 < KEPT
    epochs = len(ns["history"].history["loss"])
    stated(
        epochs=epochs,
        others=len(x) - 1,
        kept=KEPT,
        held_out=len(x),
        untrained=untrained,
        digit=digit,
    )


@pytest.mark.claim(
    PAGE,
    "Digits of the same class gather in the same regions, although the autoencoder never saw a "
    "label.",
)
@pytest.mark.claim(
    PAGE,
    "Even in these {dimensions:w} dimensions, more than half of the points lie closer to the "
    "centre of their own digit's points than to any other digit's centre (chance would be "
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


# The classifier on the encoder. Measured after the page's 20 epochs: 88% (TensorFlow), 85%
# (JAX), 87% (PyTorch) of the held-out digits right; on a frozen clone of the encoder that never
# trained, 79%, 76% and 86%. Both bounds held for 3 other seeds on TensorFlow and JAX (85% to
# 88%, and 75% to 82%).
CLASSIFIED, UNTRAINED_ENCODER_CLASSIFIED = 0.8, 0.7
FIT = "classifier.fit(x_train, labels_train, epochs=20, batch_size=64, verbose=0)\n"
FREEZE = "encoder.trainable = False\n"


def classify(ns, frozen=True, epochs=20):
    """Run the page's `classify` section in `ns`; a counterfactual may leave the encoder
    unfrozen or train for fewer epochs (0: build and evaluate the classifier, no training)."""
    code = section(FILE, "classify")
    assert code.count(FIT) == code.count(FREEZE) == 1
    if not frozen:
        code = code.replace(FREEZE, "")
    code = code.replace(FIT, FIT.replace("epochs=20", f"epochs={epochs}") if epochs else "")
    executor.run(code, "classify", ns)
    return ns


def untrained_parts():
    """A new autoencoder and its parts, untrained, with what the `use` section would have
    recorded: enough for a counterfactual run of `classify` that needs no trained weights."""
    ns = run_sections(FILE, *PARTS)
    ns["autoencoder_imgs"] = ns["autoencoder"].predict(ns["x_test"], verbose=0)
    return ns


def accuracy_of(model, ns):
    model.compile(loss="sparse_categorical_crossentropy", metrics=["accuracy"])
    return model.evaluate(ns["x_test"], ns["labels_test"], verbose=0)[1]


@pytest.mark.claim(
    PAGE,
    "The classifier's trainable weights are the kernels and biases of its {dense:w} new `Dense` "
    "layers only. Trained on the labels of the {train:,} training digits, it recognises more "
    "than {above:.0%} of the {held_out} held-out digits.",
)
def test_the_classifier_trains_only_its_new_layers(snippet, printed, stated):
    ns = snippet(FILE).namespace
    classifier, encoder = ns["classifier"], ns["encoder"]
    new = [layer for layer in classifier.layers if layer.weights and layer is not encoder]
    assert [type(layer).__name__ for layer in new] == ["Dense", "Dense"]
    assert classifier.layers[1] is encoder and not set(new) & set(ns["autoencoder"].layers)
    trained = [w for layer in new for w in (layer.kernel, layer.bias)]
    assert [id(w) for w in classifier.trainable_weights] == [id(w) for w in trained]
    assert [id(w) for w in classifier.non_trainable_weights] == [id(w) for w in encoder.weights]
    # What the page printed: those weights by name, and the held-out accuracy, which rounds to
    # a whole percent (so the accuracy is at least the printed figure less half a percent).
    shown = printed(PAGE, block("classify")).splitlines()
    assert shown[0] == f"trained: {[w.path for w in trained]}"
    printed_accuracy = float(shown[1].removeprefix("test accuracy: ").removesuffix("%")) / 100
    assert printed_accuracy - 0.005 > CLASSIFIED and ns["accuracy"] > CLASSIFIED
    # No own training: fit_calls only parses source, and epochs=0 below builds without a fit.
    # Trained on the training digits' labels, for the section's 20 epochs of 64-image batches.
    assert fit_calls(section(FILE, "classify"))[0][0] == ["x_train", "labels_train"]
    assert np.array_equal(ns["labels_train"], ns["digits"].target[: len(ns["x_train"])])
    assert int(classifier.optimizer.iterations) == 20 * -(-len(ns["x_train"]) // 64)
    # Negative controls: left unfrozen, the encoder's kernel and bias are trainable too ("only"
    # is the freezing's doing); untrained, the same classifier gets about one digit in ten.
    unfrozen = classify(untrained_parts(), frozen=False, epochs=0)["classifier"]
    assert len(unfrozen.trainable_weights) == len(trained) + len(encoder.weights)
    fresh_head = keras.models.clone_model(classifier)
    fresh_head.layers[1].set_weights(encoder.get_weights())  # the trained encoder, a new head
    assert accuracy_of(fresh_head, ns) < 0.2
    stated(
        dense=len(new),
        train=len(ns["labels_train"]),
        above=CLASSIFIED,
        held_out=len(ns["labels_test"]),
    )


@pytest.mark.claim(
    PAGE,
    "The frozen encoder did not move: it is the autoencoder's own layer, and the autoencoder "
    "gives exactly the output it gave before.",
)
def test_the_frozen_encoder_and_the_autoencoder_are_unchanged(snippet, printed):
    shown = printed(PAGE, block("classify"))
    assert number_after(shown, "change in the autoencoder's output:") == 0.0
    ns = snippet(FILE).namespace
    assert ns["classifier"].layers[1] is ns["encoder"]
    assert ns["encoder"].layers[1] is ns["autoencoder"].layers[1]
    assert ns["change"] == 0.0
    # The weights themselves, on a new run of the page's sections (the snippet's run keeps no
    # copy from before the classifier's training): exactly as the autoencoder's training left
    # them, the decoder's too.
    run = run_sections(FILE, *PARTS, "train", "use")
    before = [w.copy() for w in run["autoencoder"].get_weights()]
    classify(run)
    after = run["autoencoder"].get_weights()
    assert max(max_difference(a, b) for a, b in zip(after, before, strict=True)) == 0.0
    assert run["change"] == 0.0
    # Negative control: unfrozen, one epoch of the classifier's training moves the encoder,
    # and with it the autoencoder's output.
    control = untrained_parts()
    kernel = control["encoder"].layers[1].kernel
    kernel_before = keras.ops.convert_to_numpy(kernel).copy()
    classify(control, frozen=False, epochs=1)
    assert max_difference(kernel, kernel_before) > 1e-3 and control["change"] > 1e-3


@pytest.mark.claim(
    PAGE,
    "Freezing the encoder froze the autoencoder's first `Dense` layer too, since it is the same "
    "layer: to train the autoencoder again, set `encoder.trainable = True` and compile the "
    "autoencoder again.",
)
def test_freezing_the_encoder_freezes_the_autoencoders_layer(snippet):
    ns = snippet(FILE).namespace
    autoencoder, encoder = ns["autoencoder"], ns["encoder"]
    first = autoencoder.layers[1]
    assert first is encoder.layers[1] and first.trainable is False
    # The autoencoder would now train its decoder's layer only.
    assert [id(w) for w in autoencoder.trainable_weights] == [
        id(w) for w in autoencoder.layers[2].weights
    ]
    # The recipe, on a new run (untrained parts and one epoch of the classifier are enough to
    # freeze): first the negative control, compiled again but still frozen, then the recipe.
    # Its own training: the recipe unfreezes and fits again, and the shared run is read-only.
    run = classify(untrained_parts(), epochs=1)
    autoencoder, encoder = run["autoencoder"], run["encoder"]
    assert autoencoder.layers[1].trainable is False
    kernel = autoencoder.layers[1].kernel

    def one_epoch_moves_the_kernel():
        before = keras.ops.convert_to_numpy(kernel).copy()
        autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        autoencoder.fit(run["x_train"], run["x_train"], epochs=1, verbose=0)
        return max_difference(kernel, before)

    assert one_epoch_moves_the_kernel() == 0.0
    encoder.trainable = True
    assert autoencoder.layers[1].trainable is True
    assert one_epoch_moves_the_kernel() > 1e-3


@pytest.mark.claim(
    PAGE,
    "Not all of the accuracy comes from the autoencoder's training: the same classifier on a "
    "frozen copy of the encoder that never trained, made with `keras.models.clone_model`, still "
    "gets more than {above:.0%} of the held-out digits right.",
)
def test_an_untrained_encoder_also_gives_useful_features(snippet, stated):
    ns = snippet(FILE).namespace
    # The page's section, with a clone of the encoder in place of the trained one. (A copy of
    # the namespace: the snippet's own objects are read only, and the section only reads the
    # autoencoder.)
    run = dict(ns)
    clone = keras.models.clone_model(ns["encoder"])
    run["encoder"] = clone
    started = [w.copy() for w in clone.get_weights()]
    # Never trained: freshly initialised kernel, not the trained one.
    assert max_difference(started[0], ns["encoder"].get_weights()[0]) > 1e-2
    classify(run)
    assert run["classifier"].layers[1] is clone
    # Frozen: the classifier's training left the clone as it started.
    assert (
        max(max_difference(a, b) for a, b in zip(clone.get_weights(), started, strict=True)) == 0.0
    )
    assert run["accuracy"] > UNTRAINED_ENCODER_CLASSIFIED
    # Negative control: with its head untrained too, the same classifier gets about one in ten.
    assert accuracy_of(keras.models.clone_model(run["classifier"]), ns) < 0.2
    stated(above=UNTRAINED_ENCODER_CLASSIFIED)
