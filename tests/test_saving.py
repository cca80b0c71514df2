"""Claims of docs/how-to/save-and-reload-shared-layers.md (snippets/saving/)."""

import os
import warnings

import keras
import numpy as np
import pytest
from conftest import fresh, max_difference, run_sections

# Float32 tolerance: the same model evaluated in different batch sizes differs by up to ~8e-7
# on CPU (different reduction order), so "equal" means within 1e-6.
ATOL = 1e-6

BAD_PATH = (
    "Invalid filepath extension for saving. Please add either a `.keras` extension for the "
    "native Keras format (recommended) or a `.h5` extension. Use `model.export(filepath)` if "
    "you want to export a SavedModel for use with TFLite/TFServing/etc. "
    "Received: filepath=autoencoder."
)


ARRAY_WARNING = (
    "__array__ implementation doesn't accept a copy keyword, so passing copy=False failed. "
    "__array__ must implement 'dtype' and 'copy' keyword arguments. To learn more, see the "
    "migration guide "
    "https://numpy.org/devdocs/numpy_2_0_migration_guide.html#adapting-to-changes-in-the-copy-keyword"
)


def save_quietly(model, path):
    # Keras 3.15's Variable.__array__ lacks NumPy 2's `copy` keyword: save() warns.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "__array__ implementation", DeprecationWarning)
        model.save(path)


@pytest.mark.claim
def test_keras_round_trip_predicts_the_same():
    ns = run_sections("saving/shared_layers.py", "models", "save")
    images, loaded = ns["images"], ns["loaded_autoencoder"]
    # Same weights, same operations, same batches: bit-identical.
    assert ns["difference"] == 0.0
    assert max_difference(loaded.predict(images, verbose=0), ns["original"]) <= ATOL
    assert loaded.count_params() == ns["autoencoder"].count_params() == 50_992
    # Negative control: the same architecture with new weights predicts otherwise.
    other = keras.models.clone_model(ns["autoencoder"])
    assert max_difference(other.predict(images, verbose=0), ns["original"]) > 1e-2


@pytest.mark.claim
def test_save_warns_under_numpy_2_where_python_hides_it(tmp_path, snippet):
    model = snippet("saving/shared_layers.py").namespace["encoder"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.save(tmp_path / "shown.keras")
    assert caught and {w.category for w in caught} == {DeprecationWarning}
    assert all(str(w.message).startswith("__array__ implementation") for w in caught)
    assert {str(w.message) for w in caught} == {ARRAY_WARNING}
    # Raised inside Keras, not in the reader's __main__ module...
    assert all(w.filename.endswith("keras/src/backend/tensorflow/core.py") for w in caught)
    # ...so Python's default filters (shown in __main__ only) hide it from a plain script.
    with warnings.catch_warnings(record=True) as caught:
        warnings.resetwarnings()
        warnings.filterwarnings("default", category=DeprecationWarning, module="__main__")
        warnings.filterwarnings("ignore", category=DeprecationWarning)
        model.save(tmp_path / "default.keras")
    assert caught == []
    # Negative control: the snippet's filter hides it even where all warnings are shown.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", "__array__ implementation", DeprecationWarning)
        model.save(tmp_path / "filtered.keras")
    assert caught == []
    assert sorted(os.listdir(tmp_path)) == ["default.keras", "filtered.keras", "shown.keras"]
    # Shown or filtered, the warning does not affect the file: it loads and predicts the same.
    images = snippet("saving/shared_layers.py").namespace["images"]
    expected = model.predict(images, verbose=0)
    for name in ("shown.keras", "filtered.keras", "default.keras"):
        loaded = keras.models.load_model(tmp_path / name)
        assert max_difference(loaded.predict(images, verbose=0), expected) == 0.0
    # Turned into an error (`python -W error`), it stops save() part-way...
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(DeprecationWarning) as caught_error:
            model.save(tmp_path / "error.keras")
    assert str(caught_error.value) == ARRAY_WARNING
    # ...and leaves a file that does not load.
    with pytest.raises(ValueError) as caught_load:
        keras.models.load_model(tmp_path / "error.keras")
    assert str(caught_load.value) == "Expected a model.weights.h5 or model.weights.npz file."


@pytest.mark.claim
def test_path_without_keras_extension_raises_value_error(snippet, tmp_path, monkeypatch):
    run = snippet("saving/shared_layers.py")
    assert f"ValueError: {BAD_PATH}\n" in run.stdout
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError) as caught:
        run.namespace["autoencoder"].save("autoencoder")
    assert type(caught.value) is ValueError and str(caught.value) == BAD_PATH
    assert os.listdir(tmp_path) == []  # checked before anything is written
    # Negative control: with the extension, the same call writes the file...
    save_quietly(run.namespace["autoencoder"], "autoencoder.keras")
    assert os.listdir(tmp_path) == ["autoencoder.keras"]
    # ...and so does the legacy HDF5 extension.
    save_quietly(run.namespace["autoencoder"], "autoencoder.h5")
    assert sorted(os.listdir(tmp_path)) == ["autoencoder.h5", "autoencoder.keras"]


@pytest.mark.claim
def test_models_saved_separately_share_nothing_after_loading():
    ns = fresh("saving/shared_layers.py")
    loaded_autoencoder, loaded_encoder = ns["loaded_autoencoder"], ns["loaded_encoder"]
    images, encoder = ns["images"], ns["encoder"]
    assert loaded_encoder.get_layer("encoding") is not loaded_autoencoder.get_layer("encoding")
    assert not {id(w) for w in loaded_encoder.weights} & {id(w) for w in loaded_autoencoder.weights}
    # The snippet zeroed the loaded autoencoder's encoding kernel...
    assert not loaded_autoencoder.get_layer("encoding").kernel.numpy().any()
    # ...and the loaded encoder still computes exactly what the original encoder does.
    assert ns["unchanged"].max() == 0.0
    assert max_difference(loaded_encoder(images), encoder(images)) == 0.0
    # Training the reloaded autoencoder leaves the reloaded encoder behind too.
    trained = run_sections("saving/shared_layers.py", "models", "save")
    kernel = trained["loaded_autoencoder"].get_layer("encoding").kernel
    before = kernel.numpy().copy()
    trained["loaded_autoencoder"].compile(optimizer="adam", loss="binary_crossentropy")
    trained["loaded_autoencoder"].fit(images, images, epochs=1, verbose=0)
    assert max_difference(kernel, before) > 1e-4
    assert max_difference(trained["loaded_encoder"].get_layer("encoding").kernel, before) == 0.0
    # Negative control: the in-memory originals do share, so the same change reaches the encoder.
    encoding = ns["autoencoder"].get_layer("encoding")
    encoding.kernel.assign(np.zeros((784, 32), dtype="float32"))
    assert max_difference(encoder(images), loaded_encoder(images)) > 1e-2


@pytest.mark.claim
def test_submodels_rebuilt_from_the_loaded_autoencoder_share_its_layers():
    ns = fresh("saving/shared_layers.py")
    loaded = ns["loaded_autoencoder"]
    encoder, decoder = ns["rebuilt_encoder"], ns["rebuilt_decoder"]
    assert encoder.get_layer("encoding") is loaded.get_layer("encoding")
    assert decoder.layers[-1] is loaded.get_layer("reconstruction")
    shared = {id(w) for w in encoder.weights} | {id(w) for w in decoder.weights}
    assert shared == {id(w) for w in loaded.weights} and len(shared) == 4
    # Changing the loaded autoencoder's layer changes the rebuilt decoder too.
    codes = np.random.default_rng(1).random((8, 32), dtype="float32")
    before = decoder.predict(codes, verbose=0)
    bias = loaded.get_layer("reconstruction").bias
    bias.assign(bias.numpy() + 1.0)
    assert max_difference(decoder.predict(codes, verbose=0), before) > 1e-2
    # ...and changing its encoding layer changes the rebuilt encoder.
    images = ns["images"]
    encoder_before = encoder.predict(images, verbose=0)
    loaded_encoder_before = ns["loaded_encoder"].predict(images, verbose=0)
    encoding_bias = loaded.get_layer("encoding").bias
    encoding_bias.assign(encoding_bias.numpy() + 1.0)
    assert max_difference(encoder.predict(images, verbose=0), encoder_before) > 1e-2
    # Negative control: the separately loaded encoder does not share the layer, and the
    # same change does not reach it.
    assert ns["loaded_encoder"].get_layer("encoding") is not loaded.get_layer("encoding")
    after = ns["loaded_encoder"].predict(images, verbose=0)
    assert max_difference(after, loaded_encoder_before) == 0.0


@pytest.mark.claim
def test_from_config_gives_the_architecture_with_new_weights(snippet):
    ns = fresh("saving/config.py")
    autoencoder, twin, images = ns["autoencoder"], ns["twin"], ns["images"]
    assert [(layer.name, layer.output.shape) for layer in twin.layers] == [
        (layer.name, layer.output.shape) for layer in autoencoder.layers
    ]
    assert twin.count_params() == autoencoder.count_params() == 50_992
    # After set_weights: the same function (bit-identical here).
    assert max_difference(twin.predict(images, verbose=0), ns["original"]) == 0.0
    # Negative control: a fresh from_config twin, before set_weights, predicts otherwise.
    new = keras.Model.from_config(autoencoder.get_config())
    assert max_difference(new.predict(images, verbose=0), ns["original"]) > 1e-2


@pytest.mark.claim
def test_clone_model_and_from_config_share_no_layer(snippet):
    ns = snippet("saving/config.py").namespace
    autoencoder = ns["autoencoder"]
    originals = {id(w) for w in autoencoder.weights}
    for copy in (ns["clone"], ns["twin"]):
        assert not any(c is a for c, a in zip(copy.layers, autoencoder.layers, strict=True))
        assert not {id(w) for w in copy.weights} & originals
    # clone_model does both steps: the same architecture, with new weights.
    clone, images = ns["clone"], ns["images"]
    assert [(type(layer), layer.output.shape) for layer in clone.layers] == [
        (type(layer), layer.output.shape) for layer in autoencoder.layers
    ]
    assert clone.count_params() == 50_992
    assert max_difference(clone.predict(images, verbose=0), ns["original"]) > 1e-2
    # Negative control: a model built from the autoencoder's own layers does share them.
    encoder = keras.Model(autoencoder.inputs, autoencoder.get_layer("encoding").output)
    assert encoder.get_layer("encoding") is autoencoder.get_layer("encoding")
    assert {id(w) for w in encoder.weights} <= originals
