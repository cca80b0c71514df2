"""Claims of docs/how-to/deep-autoencoder-decoder.md (snippets/deep_autoencoder/)."""

import re

import keras
import pytest

from conftest import FAR, RTOL, largest, max_difference, rounding_apart
from docsite import render

PAGE = "docs/how-to/deep-autoencoder-decoder.md"
FILE = "deep_autoencoder/decoder.py"

# Tolerances: RTOL, rounding_apart and far_apart (tests/conftest.py). For the sigmoid outputs
# compared here, at most 1, RTOL times the largest is at most 1e-6. Measured on TensorFlow, JAX
# and PyTorch: 0.0 in every comparison here (the same layers run the same operations), but
# other batch sizes would round differently.


def printed_text(text: str, label: str) -> str:
    """What was printed after `label: ` on its line of an Output box."""
    return re.search(rf"^{re.escape(label)}: (.+)$", text, re.MULTILINE)[1]


MESSAGE = (
    "Input 0 with name 'None' of layer 'reconstruction' is incompatible with the layer: "
    "expected axis -1 of input shape to have value 128, but received input with shape (None, 32)"
)


def dense_sizes(model):
    """(inputs, units) of each Dense layer's kernel, in order."""
    return [tuple(layer.kernel.shape) for layer in model.layers if hasattr(layer, "kernel")]


@pytest.mark.claim(
    PAGE,
    "The autoencoder has {total:,} parameters, and the encoder, its first {dense:w} `Dense` "
    "layers, {encoder:,} of them.",
)
def test_autoencoder_and_encoder_parameters(snippet, stated, printed):
    ns = snippet(FILE).namespace
    autoencoder, encoder = ns["autoencoder"], ns["encoder"]
    # What the page printed: the two counts.
    shown = printed(PAGE, f"snippets/{FILE}:model")
    assert printed_text(shown, "autoencoder") == f"{autoencoder.count_params():,} parameters"
    assert printed_text(shown, "encoder") == f"{encoder.count_params():,} parameters"
    sizes = dense_sizes(autoencoder)
    assert sizes == [(784, 128), (128, 32), (32, 128), (128, 784)]
    counts = [n_in * n_out + n_out for n_in, n_out in sizes]
    assert autoencoder.count_params() == sum(counts) == 209_968
    assert encoder.count_params() == sum(counts[:2]) == 104_608
    # The encoder is the autoencoder's first two Dense layers, the same objects.
    assert encoder.layers[1:] == autoencoder.layers[1:3]
    # Negative control: the shallow 784-32-784 autoencoder is much smaller.
    inputs = keras.Input(shape=(784,))
    shallow = keras.Model(inputs, keras.layers.Dense(784)(keras.layers.Dense(32)(inputs)))
    assert shallow.count_params() == 50_992
    stated(
        total=autoencoder.count_params(),
        dense=len(dense_sizes(encoder)),
        encoder=encoder.count_params(),
    )


@pytest.mark.claim(
    PAGE,
    "The last layer, `reconstruction`, was built for the {hidden} outputs of `decoder_hidden`; "
    "its kernel is {hidden} × {pixels}. Called on {code} numbers it raises `ValueError`: "
    '"expected axis {axis} of input shape to have value {hidden}, but received input with shape '
    '(None, {code})". The layer before it, `decoder_hidden`, does accept the {code} numbers.',
)
def test_last_layer_alone_rejects_the_32_number_encoding(snippet, stated, printed):
    run = snippet(FILE)
    autoencoder = run.namespace["autoencoder"]
    assert f"ValueError: {MESSAGE}\n" in run.stdout
    # What the page printed: that error, and nothing else.
    assert printed(PAGE, f"snippets/{FILE}:wrong") == f"ValueError: {MESSAGE}\n"
    with pytest.raises(ValueError) as caught:
        autoencoder.layers[-1](keras.Input(shape=(32,)))
    assert type(caught.value) is ValueError and str(caught.value) == MESSAGE
    last = autoencoder.layers[-1]
    assert last.name == "reconstruction"
    hidden, pixels = last.kernel.shape
    code = autoencoder.get_layer("encoding").units
    assert (hidden, pixels, code) == (128, 784, 32)
    assert autoencoder.get_layer("decoder_hidden").units == hidden
    # Negative control: the layer before it does take 32 numbers (and gives 128).
    out = autoencoder.layers[-2](keras.Input(shape=(code,)))
    assert tuple(out.shape) == (None, hidden)
    axis = int(re.search(r"expected axis (-?\d+)", str(caught.value))[1])
    assert axis == -1  # the last axis, the features
    stated(hidden=hidden, pixels=pixels, code=code, axis=axis)


@pytest.mark.claim(
    PAGE,
    "The autoencoder's graph already holds the decoder: it is everything between the `encoded` "
    "tensor and the `decoded` tensor. Make a model from the one to the other:",
)
@pytest.mark.claim(
    PAGE,
    "The decoder has {total:,} parameters ({code} × {hidden} + {hidden}, and {hidden} × "
    "{pixels} + {pixels}), and its {dense:w} `Dense` layers are the autoencoder's last "
    "{dense:w} layer objects. Its first layer is an `InputLayer` of its own, which Keras made "
    "from the `encoded` tensor, with its shape (None, {code}): the decoder takes {code} "
    "numbers, not the autoencoder's {pixels} pixels. Keras names that layer after the tensor, "
    "with `{suffix}` appended, which is the odd name in the output and the diagram; the "
    "classic recipe below lets you choose the name.",
)
def test_decoder_from_the_encoding_tensor_is_the_autoencoders_tail(snippet, stated, printed):
    run = snippet(FILE)
    ns = run.namespace
    autoencoder, decoder, encoded = ns["autoencoder"], ns["decoder"], ns["encoded"]
    # What the page printed: the count, and an InputLayer before the two Dense layers, each
    # with its name.
    shown = printed(PAGE, f"snippets/{FILE}:from_tensors")
    assert printed_text(shown, "decoder") == f"{decoder.count_params():,} parameters"
    suffix = "CLONE"
    assert shown.splitlines()[1:] == [
        f"  {encoded.name}{suffix} (InputLayer)",
        "  decoder_hidden (Dense)",
        "  reconstruction (Dense)",
    ]
    sizes = dense_sizes(decoder)
    assert sizes == [(32, 128), (128, 784)]
    assert decoder.count_params() == sum(i * o + o for i, o in sizes) == 105_360
    assert decoder.layers[1] is autoencoder.layers[-2]
    assert decoder.layers[2] is autoencoder.layers[-1]
    assert {id(w) for w in decoder.weights} == {id(w) for w in autoencoder.weights[-4:]}
    # "everything between": the layers after `encoded` up to `decoded`, and nothing before.
    between = autoencoder.layers[autoencoder.layers.index(encoded._keras_history.operation) + 1 :]
    assert decoder.layers[1:] == between
    assert decoder.outputs[0]._keras_history.operation is ns["decoded"]._keras_history.operation
    # Its own InputLayer: not the autoencoder's, and its tensor is a copy of `encoded`, named
    # after it by Keras's clone_graph_nodes (the "CLONE" suffix).
    first = decoder.layers[0]
    assert isinstance(first, keras.layers.InputLayer)
    assert first is not autoencoder.layers[0]
    assert decoder.inputs[0] is not encoded and first.name == f"{encoded.name}{suffix}"
    assert first.name == decoder.inputs[0].name  # named after its tensor, a copy of `encoded`
    # The diagram, as the page draws it, shows that name.
    assert f"{encoded.name}{suffix}" in render.diagram(decoder)
    # "lets you choose the name": the classic recipe's InputLayer has the name given.
    assert ns["classic_decoder"].layers[0].name == ns["code"].name == "code"
    assert decoder.input_shape == tuple(encoded.shape) == (None, 32)
    assert decoder.output_shape == autoencoder.output_shape == (None, 784)
    assert f"  {first.name} (InputLayer)\n" in run.stdout
    # Negative control: the autoencoder itself takes 784 pixels, and refuses 32 numbers.
    assert autoencoder.input_shape == (None, 784)
    with pytest.raises(ValueError, match=r"expected shape=\(None, 784\), found shape=\(None, 32\)"):
        autoencoder(keras.Input(shape=(32,)))
    code, hidden = sizes[0]
    stated(
        total=decoder.count_params(),
        code=code,
        hidden=hidden,
        pixels=sizes[1][1],
        dense=len(sizes),
        suffix=suffix,
    )


@pytest.mark.claim(
    PAGE,
    "The classic decoder has the same {total:,} parameters in the same {dense:w} layer "
    "objects; only its `InputLayer`, named `{name}`, is new.",
)
def test_classic_decoder_chains_the_same_two_layers_on_a_new_input(snippet, stated, printed):
    ns = snippet(FILE).namespace
    autoencoder, decoder, classic = ns["autoencoder"], ns["decoder"], ns["classic_decoder"]
    # What the page printed: the same count as the first decoder's.
    shown = printed(PAGE, f"snippets/{FILE}:classic")
    assert shown == f"classic decoder: {decoder.count_params():,} parameters\n"
    assert classic.count_params() == decoder.count_params() == 105_360
    assert classic.layers[1:] == decoder.layers[1:] == autoencoder.layers[-2:]
    assert all(a is b for a, b in zip(classic.layers[1:], autoencoder.layers[-2:], strict=True))
    first = classic.layers[0]
    assert isinstance(first, keras.layers.InputLayer)
    assert first is not decoder.layers[0] and first is not autoencoder.layers[0]
    assert classic.inputs[0] is ns["code"]
    # Negative control: a clone has the same count but layers of its own.
    clone = keras.models.clone_model(classic)
    assert clone.count_params() == classic.count_params()
    assert not any(c is a for c, a in zip(clone.layers, classic.layers, strict=True))
    stated(
        total=classic.count_params(),
        dense=len(classic.layers) - 1,
        name=first.name,
    )


@pytest.mark.claim(
    PAGE,
    "Through either decoder, encoding and then decoding gives the autoencoder's output (largest "
    "difference at most {bound:sci}; here exactly {difference:g} for both), while a decoder of "
    "the same shape with its own, new weights gives other images.",
)
def test_both_decoders_reproduce_the_autoencoder(snippet, stated, printed):
    ns = snippet(FILE).namespace
    autoencoder, encoder, images = ns["autoencoder"], ns["encoder"], ns["images"]
    differences = ns["differences"]
    assert sorted(differences) == ["classic", "decoder"]
    expected = autoencoder.predict(images, verbose=0)
    # Sigmoid outputs, at most 1: RTOL times the largest is at most RTOL.
    assert largest(expected) <= 1.0
    assert max(differences.values()) <= RTOL * largest(expected)
    # "here exactly 0": the same layers run the same operations on the same batch.
    assert set(differences.values()) == {0.0}
    # What the page printed: both differences, exactly 0.
    shown = printed(PAGE, f"snippets/{FILE}:check")
    for name in ("decoder", "classic"):
        assert printed_text(shown, name) == "largest difference 0.0e+00"
    # ...and the new weights' difference, far more than the tolerance (measured: 1.5e-01).
    printed_other = float(printed_text(shown, "new weights").removeprefix("largest difference "))
    assert printed_other > FAR * RTOL
    assert ns["new_weights"].layers[1] is not ns["classic_decoder"].layers[1]
    codes = encoder.predict(images, verbose=0)
    for decoder in (ns["decoder"], ns["classic_decoder"]):
        assert rounding_apart(decoder.predict(codes, verbose=0), expected)
        # Called eagerly, in one batch, too.
        assert rounding_apart(decoder(encoder(images)), autoencoder(images))
    # Negative control: a decoder of the same shape with its own weights gives other images,
    # far more than the tolerance apart.
    other = keras.models.clone_model(ns["classic_decoder"])
    others = other.predict(codes, verbose=0)
    assert max_difference(others, expected) > FAR * RTOL * largest(others, expected)
    stated(bound=RTOL, difference=max(differences.values()))


@pytest.mark.claim(
    PAGE,
    "`autoencoder.layers` includes the `InputLayer` at position {index}, so count decoding "
    "layers from the end, or better, pick them by name with `get_layer`.",
)
def test_layers_0_is_the_input_layer(snippet, stated):
    autoencoder = snippet(FILE).namespace["autoencoder"]
    assert len(autoencoder.layers) == 5
    index = next(
        i
        for i, layer in enumerate(autoencoder.layers)
        if isinstance(layer, keras.layers.InputLayer)
    )
    assert index == 0
    assert autoencoder.layers[-2] is autoencoder.get_layer("decoder_hidden")
    assert autoencoder.layers[-1] is autoencoder.get_layer("reconstruction")
    # Negative control: counted from the front, index 2 is the encoding, not a decoder layer.
    assert autoencoder.layers[2] is autoencoder.get_layer("encoding")
    assert autoencoder.layers[2] is not autoencoder.get_layer("decoder_hidden")
    stated(index=index)


def branching_autoencoder():
    """784 -> 32, then two 128-unit branches that meet in Add, then 784."""
    inputs = keras.Input(shape=(784,))
    encoded = keras.layers.Dense(32, activation="relu", name="encoding")(inputs)
    hidden = keras.layers.Dense(128, activation="relu", name="decoder_hidden")(encoded)
    skip = keras.layers.Dense(128, name="decoder_skip")(encoded)
    merged = keras.layers.Add(name="merge")([hidden, skip])
    decoded = keras.layers.Dense(784, activation="sigmoid", name="reconstruction")(merged)
    return inputs, encoded, decoded


@pytest.mark.claim(
    PAGE,
    "The classic recipe's loop hands each layer the previous layer's output, so it only fits a "
    "decoder that is a single chain. `keras.Model(encoded, decoded)` takes whatever graph lies "
    "between the two tensors. For a decoder with {branches:w} branches that meet in an `Add` "
    "layer, it gives the whole decoder, while the loop hands the second branch the first "
    "branch's {hidden} numbers instead of the encoding's {code}, and raises `ValueError`.",
)
def test_a_branching_decoder_needs_the_model_between_two_tensors(snippet, stated):
    inputs, encoded, decoded = branching_autoencoder()
    autoencoder = keras.Model(inputs, decoded)
    encoder = keras.Model(inputs, encoded)
    names = [layer.name for layer in autoencoder.layers[1:]]
    assert names == ["encoding", "decoder_hidden", "decoder_skip", "merge", "reconstruction"]
    # The model between the two tensors: every decoding layer, and the autoencoder's output.
    decoder = keras.Model(encoded, decoded)
    assert decoder.layers[1:] == autoencoder.layers[2:]
    images = snippet(FILE).namespace["images"]
    assert rounding_apart(decoder(encoder(images)), autoencoder(images))
    # The loop of the classic recipe over the same layers fails at the second branch.
    code = keras.Input(shape=(32,))
    tensor = code
    with pytest.raises(ValueError) as caught:
        for layer in autoencoder.layers[2:]:
            tensor = layer(tensor)
    assert layer.name == "decoder_skip"
    assert str(caught.value) == (
        "Input 0 with name 'None' of layer 'decoder_skip' is incompatible with the layer: "
        "expected axis -1 of input shape to have value 32, but received input with shape "
        "(None, 128)"
    )
    # Negative control: on the page's decoder, a single chain, the same loop works.
    chain = snippet(FILE).namespace["autoencoder"]
    tensor = code
    for layer in chain.layers[-2:]:
        tensor = layer(tensor)
    assert tuple(tensor.shape) == (None, 784)
    stated(
        branches=len(autoencoder.get_layer("merge").input),
        hidden=autoencoder.get_layer("decoder_hidden").units,
        code=autoencoder.get_layer("encoding").units,
    )
