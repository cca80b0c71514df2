"""Claims of docs/how-to/deep-autoencoder-decoder.md (snippets/deep_autoencoder/)."""

import keras
import pytest
from conftest import max_difference

# Float32 tolerance: the same model evaluated in different batch sizes differs by up to ~8e-7
# on CPU (different reduction order), so "equal" means within 1e-6.
ATOL = 1e-6

MESSAGE = (
    "Input 0 with name 'None' of layer 'reconstruction' is incompatible with the layer: "
    "expected axis -1 of input shape to have value 128, but received input with shape (None, 32)"
)


@pytest.mark.claim
def test_autoencoder_and_encoder_parameters(snippet):
    ns = snippet("deep_autoencoder/decoder.py").namespace
    sizes = [(784, 128), (128, 32), (32, 128), (128, 784)]
    counts = [n_in * n_out + n_out for n_in, n_out in sizes]
    assert ns["autoencoder"].count_params() == sum(counts) == 209_968
    assert ns["encoder"].count_params() == sum(counts[:2]) == 104_608
    # Negative control: the shallow 784-32-784 autoencoder is much smaller.
    inputs = keras.Input(shape=(784,))
    shallow = keras.Model(inputs, keras.layers.Dense(784)(keras.layers.Dense(32)(inputs)))
    assert shallow.count_params() == 50_992


@pytest.mark.claim
def test_last_layer_alone_rejects_the_32_number_encoding(snippet):
    run = snippet("deep_autoencoder/decoder.py")
    autoencoder = run.namespace["autoencoder"]
    assert f"ValueError: {MESSAGE}\n" in run.stdout
    with pytest.raises(ValueError) as caught:
        autoencoder.layers[-1](keras.Input(shape=(32,)))
    assert type(caught.value) is ValueError and str(caught.value) == MESSAGE
    assert "have value 128" in str(caught.value)
    # It was built for the 128 outputs of decoder_hidden: its kernel is 128 x 784.
    assert tuple(autoencoder.layers[-1].kernel.shape) == (128, 784)
    assert autoencoder.layers[-1].name == "reconstruction"
    # Negative control: the layer before it does take 32 numbers (and gives 128).
    out = autoencoder.layers[-2](keras.Input(shape=(32,)))
    assert tuple(out.shape) == (None, 128)


@pytest.mark.claim
def test_decoder_of_the_last_two_layers_is_the_autoencoders_tail(snippet):
    ns = snippet("deep_autoencoder/decoder.py").namespace
    autoencoder, encoder, decoder = ns["autoencoder"], ns["encoder"], ns["decoder"]
    images = ns["images"]
    assert decoder.count_params() == (32 * 128 + 128) + (128 * 784 + 784) == 105_360
    assert decoder.layers[1] is autoencoder.layers[-2]
    assert decoder.layers[2] is autoencoder.layers[-1]
    assert ns["difference"] <= ATOL
    # "here exactly 0": the same layers run the same operations on the same batch.
    assert ns["difference"] == 0.0
    through_both = decoder.predict(encoder.predict(images, verbose=0), verbose=0)
    assert max_difference(autoencoder.predict(images, verbose=0), through_both) <= ATOL
    # Negative control: a decoder of the same shape with its own weights gives other images.
    other = keras.models.clone_model(decoder)
    other_images = other.predict(encoder.predict(images, verbose=0), verbose=0)
    assert max_difference(autoencoder.predict(images, verbose=0), other_images) > 1e-2


@pytest.mark.claim
def test_layers_0_is_the_input_layer(snippet):
    autoencoder = snippet("deep_autoencoder/decoder.py").namespace["autoencoder"]
    assert len(autoencoder.layers) == 5
    assert isinstance(autoencoder.layers[0], keras.layers.InputLayer)
    assert autoencoder.layers[-2] is autoencoder.get_layer("decoder_hidden")
    assert autoencoder.layers[-1] is autoencoder.get_layer("reconstruction")
    # Negative control: counted from the front, index 2 is the encoding, not a decoder layer.
    assert autoencoder.layers[2] is autoencoder.get_layer("encoding")
    assert autoencoder.layers[2] is not autoencoder.get_layer("decoder_hidden")
