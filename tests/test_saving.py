"""Claims of docs/how-to/save-and-reload-shared-layers.md (snippets/saving/)."""

import builtins
import importlib
import inspect
import io
import json
import linecache
import os
import re
import subprocess
import sys
import textwrap
import warnings
import zipfile
from pathlib import Path

import h5py
import keras
import numpy as np
import pytest

from conftest import (
    a_row_per_backend,
    about_backend,
    fresh,
    max_difference,
    outputs_are_tensorflows,
    run_sections,
)

PAGE = "docs/how-to/save-and-reload-shared-layers.md"
FILE = "saving/shared_layers.py"

# Float32 tolerance: the same model evaluated in different batch sizes differs by up to ~8e-7
# on CPU (different reduction order), so "equal" means within 1e-6. Absolute, because every
# value it compares is a sigmoid output or a ReLU feature of an untrained model, below 1 in
# size (float32's rounding step there is at most 6e-8).
ATOL = 1e-6


def at(section):
    """The include of one section of the snippet, as the page names it (for `printed`)."""
    return f"snippets/{FILE}:{section}"


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
    # Keras's Variable.__array__ lacks NumPy 2's `copy` keyword: save() warns (see the page).
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "__array__ implementation", DeprecationWarning)
        model.save(path)


def warnings_of(save, path):
    """Every warning `save(path)` triggers, with all warnings shown."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        save(path)
    return caught


def trained_copy(ns):
    """A copy of the snippet's autoencoder with the same weights, compiled and fitted."""
    model = keras.models.clone_model(ns["autoencoder"])
    model.set_weights(ns["autoencoder"].get_weights())
    model.compile(optimizer="adam", loss="binary_crossentropy")
    model.fit(ns["images"], ns["images"], epochs=1, verbose=0)
    return model


@pytest.mark.claim(PAGE, "The loaded autoencoder predicts exactly what the original does.")
def test_keras_round_trip_predicts_the_same(printed):
    ns = run_sections(FILE, "models", "save")
    images, loaded = ns["images"], ns["loaded_autoencoder"]
    # Same weights, same operations, same batches: bit-identical, as the page printed.
    assert ns["difference"] == 0.0
    assert printed(PAGE, at("save")).splitlines() == [
        f"largest difference after the round trip: {ns['difference']}"
    ]
    # Exactly, in another batch size too (predict's default of 32, and all 64 rows at once).
    assert max_difference(loaded.predict(images, verbose=0), ns["original"]) == 0.0
    assert max_difference(loaded(images), ns["autoencoder"](images)) == 0.0
    assert loaded.count_params() == ns["autoencoder"].count_params() == 50_992
    # Negative control: the same architecture with new weights predicts otherwise (by far
    # more than rounding: 1e-2 is 10,000 times ATOL).
    other = keras.models.clone_model(ns["autoencoder"])
    assert max_difference(other.predict(images, verbose=0), ns["original"]) > 1e-2


@pytest.mark.claim(
    PAGE,
    "The loaded encoder's `encoding` layer is not the loaded autoencoder's, and after the "
    "autoencoder's kernel is set to zero, the loaded encoder still computes exactly what it did "
    "(largest change {change}). Before saving, the same change to the autoencoder would have "
    "reached the encoder. Fine-tuning the reloaded autoencoder would likewise leave the "
    "reloaded encoder behind.",
)
@pytest.mark.claim(
    "docs/how-to/extract-submodels.md",
    "Saving the two models to separate files breaks that link.",
)
def test_models_saved_separately_share_nothing_after_loading(printed, stated):
    assert printed(PAGE, at("separate")).splitlines() == [
        "same layer object: False",
        "loaded encoder, largest change: 0.0",
    ]
    ns = fresh(FILE)
    loaded_autoencoder, loaded_encoder = ns["loaded_autoencoder"], ns["loaded_encoder"]
    images, encoder = ns["images"], ns["encoder"]
    assert loaded_encoder.get_layer("encoding") is not loaded_autoencoder.get_layer("encoding")
    assert not {id(w) for w in loaded_encoder.weights} & {id(w) for w in loaded_autoencoder.weights}
    # The snippet zeroed the loaded autoencoder's encoding kernel...
    assert not loaded_autoencoder.get_layer("encoding").kernel.numpy().any()
    # ...and the loaded encoder still computes exactly what the original encoder does.
    assert ns["unchanged"].max() == 0.0
    assert max_difference(loaded_encoder(images), encoder(images)) == 0.0
    # Fine-tuning the reloaded autoencoder leaves the reloaded encoder behind too.
    # Its own training, on a new run: the page only says fine-tuning would; it runs no fit.
    trained = run_sections(FILE, "models", "save")
    kernel = trained["loaded_autoencoder"].get_layer("encoding").kernel
    before = kernel.numpy().copy()
    trained["loaded_autoencoder"].compile(optimizer="adam", loss="binary_crossentropy")
    trained["loaded_autoencoder"].fit(images, images, epochs=1, verbose=0)
    # Two Adam steps of learning rate 1e-3 move the kernel's largest-moving weight by about
    # 2e-3; 1e-4 is far above rounding and far below that.
    assert max_difference(kernel, before) > 1e-4
    assert max_difference(trained["loaded_encoder"].get_layer("encoding").kernel, before) == 0.0
    # Negative control: the in-memory originals do share, so the same change reaches the encoder.
    encoding = ns["autoencoder"].get_layer("encoding")
    encoding.kernel.assign(np.zeros((784, 32), dtype="float32"))
    # (a zeroed kernel turns every ReLU feature to 0: a change far above rounding)
    assert max_difference(encoder(images), loaded_encoder(images)) > 1e-2
    stated(change=float(ns["unchanged"].max()))


@pytest.mark.claim(
    PAGE,
    "The rebuilt encoder and decoder are made of the reloaded autoencoder's own layer objects "
    "(`is` is true), so between them they hold its {count:w} weight arrays again, and any change "
    "to the "
    "reloaded autoencoder reaches them.",
)
def test_submodels_rebuilt_from_the_loaded_autoencoder_share_its_layers(printed, stated):
    # "(`is` is true)": what the page printed under the block, both lines.
    lines = printed(PAGE, at("rebuild")).splitlines()
    assert lines[:2] == ["same encoding layer: True", "same reconstruction layer: True"]
    ns = fresh(FILE)
    reloaded = ns["reloaded"]
    encoder, decoder = ns["rebuilt_encoder"], ns["rebuilt_decoder"]
    assert encoder.get_layer("encoding") is reloaded.get_layer("encoding")
    assert decoder.layers[-1] is reloaded.get_layer("reconstruction")
    shared = {id(w) for w in encoder.weights} | {id(w) for w in decoder.weights}
    assert shared == {id(w) for w in reloaded.weights} and len(shared) == 4
    assert len(encoder.weights) == len(decoder.weights) == 2  # "between them": two each
    # Changing the reloaded autoencoder's layer changes the rebuilt decoder...
    codes = np.random.default_rng(1).random((8, 32), dtype="float32")
    before = decoder.predict(codes, verbose=0)
    bias = reloaded.get_layer("reconstruction").bias
    bias.assign(bias.numpy() + 1.0)
    # (1 added to every bias moves sigmoid outputs by up to 0.25: far above rounding)
    assert max_difference(decoder.predict(codes, verbose=0), before) > 1e-2
    # ...and changing its encoding layer changes the rebuilt encoder.
    images = ns["images"]
    encoder_before = encoder.predict(images, verbose=0)
    loaded_encoder_before = ns["loaded_encoder"].predict(images, verbose=0)
    encoding_bias = reloaded.get_layer("encoding").bias
    encoding_bias.assign(encoding_bias.numpy() + 1.0)
    assert max_difference(encoder.predict(images, verbose=0), encoder_before) > 1e-2
    # Negative control: the separately loaded encoder does not share the layer, and the
    # same change does not reach it.
    assert ns["loaded_encoder"].get_layer("encoding") is not reloaded.get_layer("encoding")
    after = ns["loaded_encoder"].predict(images, verbose=0)
    assert max_difference(after, loaded_encoder_before) == 0.0
    stated(count=len(shared))


@pytest.mark.claim(PAGE, "The rebuilt encoder computes exactly what the original encoder computes.")
def test_rebuilt_encoder_computes_what_the_original_encoder_computes(snippet, printed):
    ns = snippet(FILE).namespace
    images, encoder = ns["images"], ns["encoder"]
    original = ns["autoencoder"].get_layer("encoding").get_weights()[0]
    rebuilt = ns["rebuilt_encoder"].get_layer("encoding").get_weights()[0]
    difference = max_difference(rebuilt, original)
    assert difference == 0.0
    # Not the zeros: the Glorot-uniform kernel's largest weight is near its limit,
    # sqrt(6 / (784 + 32)) = 0.0857, and almost every weight is non-zero.
    largest = float(np.abs(rebuilt).max())
    assert 0.08 < largest <= np.sqrt(6 / (784 + 32))
    assert np.count_nonzero(rebuilt) == rebuilt.size == 784 * 32
    # The same function: exactly the original encoder's features (as the page printed), and
    # not all zeros.
    lines = printed(PAGE, at("rebuild")).splitlines()
    assert lines[2:] == [f"rebuilt vs. original encoder, largest difference: {ns['change']}"]
    features = ns["rebuilt_encoder"].predict(images, verbose=0)
    assert ns["change"] == 0.0 and max_difference(features, encoder.predict(images, verbose=0)) == 0
    # (Glorot-uniform features of inputs in [0, 1): their largest is well above 0.1, and
    # ReLU leaves about half of them non-zero)
    assert features.max() > 0.1 and np.count_nonzero(features) > features.size // 4
    # "afresh": the block's own file, not the loaded copy of the previous section...
    assert ns["reloaded"] is not ns["loaded_autoencoder"]
    zeroed = ns["loaded_autoencoder"].get_layer("encoding").get_weights()[0]
    assert not zeroed.any()
    # ...negative control: an encoder rebuilt from that zeroed copy gives all-zero features.
    from_zeroed = keras.Model(
        ns["loaded_autoencoder"].inputs, ns["loaded_autoencoder"].get_layer("encoding").output
    )
    assert not from_zeroed.predict(images, verbose=0).any()


@pytest.mark.claim(
    PAGE,
    "End the file's name in `.keras`: by default, `save` picks the format from the name, and "
    "refuses a name it does not know.",
)
def test_path_without_keras_extension_raises_value_error(snippet, tmp_path, monkeypatch):
    ns = snippet(FILE).namespace
    autoencoder, images = ns["autoencoder"], ns["images"]
    expected = autoencoder.predict(images, verbose=0)
    monkeypatch.chdir(tmp_path)
    # No extension: ValueError, checked before anything is written.
    with pytest.raises(ValueError) as caught:
        autoencoder.save("autoencoder")
    assert type(caught.value) is ValueError and str(caught.value) == BAD_PATH
    assert os.listdir(tmp_path) == []
    # Strongest counterexamples of "must": other extensions, one that merely contains
    # ".keras", and the legacy one in capitals, fail the same way.
    for name in ("autoencoder.zip", "autoencoder.keras.bak", "autoencoder.H5"):
        with pytest.raises(ValueError, match="Invalid filepath extension"):
            autoencoder.save(name)
    assert os.listdir(tmp_path) == []
    # .keras: one zipped file (the default); .h5 and .hdf5: one HDF5 file each.
    for name in ("autoencoder.keras", "autoencoder.h5", "autoencoder.hdf5"):
        save_quietly(autoencoder, name)
    assert zipfile.is_zipfile("autoencoder.keras")
    assert not zipfile.is_zipfile("autoencoder.h5") and h5py.is_hdf5("autoencoder.h5")
    assert h5py.is_hdf5("autoencoder.hdf5")
    for name in ("autoencoder.keras", "autoencoder.h5", "autoencoder.hdf5"):
        loaded = keras.models.load_model(name)
        assert max_difference(loaded.predict(images, verbose=0), expected) <= ATOL
    # zipped=False: the same name writes a folder, which loads back exactly.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "__array__ implementation", DeprecationWarning)
        autoencoder.save("autoencoder", zipped=False)
    folder = tmp_path / "autoencoder"
    assert folder.is_dir()
    # (and an empty `assets` folder when the path is absolute: tests/test_troubleshooting.py)
    assert {"config.json", "metadata.json", "model.weights.h5"} <= set(os.listdir(folder))
    loaded = keras.models.load_model(folder)
    assert max_difference(loaded.predict(images, verbose=0), expected) == 0.0
    # "for a local path": a Hugging Face path (hf://) is not zipped by default, and its name
    # needs no extension. A spy stands in for the upload: no network.
    from keras.src.saving import saving_api, saving_lib

    received = []
    monkeypatch.setattr(
        saving_lib, "save_model", lambda model, path, zipped=True: received.append(zipped)
    )
    saving_api.save_model(autoencoder, "hf://someone/autoencoder")
    assert received == [False]
    monkeypatch.undo()


def backend_core():
    """The core module of the running backend, where its `convert_to_numpy` lives."""
    return importlib.import_module(f"keras.src.backend.{keras.backend.backend()}.core")


def location(warning):
    """Where a warning is attributed: a path inside the keras package, and the line."""
    path = Path(warning.filename).relative_to(Path(keras.__file__).parents[1]).as_posix()
    return path, warning.lineno


def per_weight(model, tmp_path):
    """How many warnings saving `model` gives for each of its weights, checked to be a whole
    number."""
    count = len(warnings_of(model.save, tmp_path / "per_weight.keras"))
    assert count % len(model.weights) == 0
    return count // len(model.weights)


@pytest.mark.claim(
    PAGE,
    "With NumPy {numpy_major}, each model gets the same number of warnings for each variable in "
    "`model.weights`, non-trainable ones included (measured with Keras {keras} and NumPy "
    "{numpy}).",
)
def test_save_warns_the_same_number_of_times_for_each_weight(snippet, printed, tmp_path, stated):
    ns = snippet(FILE).namespace
    lines = printed(PAGE, at("warning")).splitlines()
    each = per_weight(ns["autoencoder"], tmp_path)
    assert each >= 1
    for name in ("autoencoder", "encoder"):
        model = ns[name]
        caught = warnings_of(model.save, tmp_path / f"{name}.keras")
        assert [w.category for w in caught] == [DeprecationWarning] * (each * len(model.weights))
        assert {str(w.message) for w in caught} == {ARRAY_WARNING}
        # What the page printed, for readers.
        assert f"{name}: {len(model.weights)} weights, {len(caught)} warnings" in lines
    # "Non-trainable ones included": BatchNormalization's moving mean and variance warn like
    # kernels and biases.
    inputs = keras.Input(shape=(16,))
    normalised = keras.layers.BatchNormalization()(keras.layers.Dense(8)(inputs))
    with_bn = keras.Model(inputs, keras.layers.Dense(1)(normalised))
    assert len(with_bn.weights) == 8 and len(with_bn.trainable_weights) == 6
    assert len(warnings_of(with_bn.save, tmp_path / "bn.keras")) == each * 8
    # Negative control: a model without weights saves without this warning.
    no_weights = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Activation("relu")])
    assert warnings_of(no_weights.save, tmp_path / "none.keras") == []
    numpy_major = int(np.__version__.split(".")[0])
    assert numpy_major >= 2
    stated(numpy_major=numpy_major, keras=keras.__version__, numpy=np.__version__)


def numpy_method(variable):
    """What a variable's numpy() method is on this backend: the source of its body."""
    source = textwrap.dedent(inspect.getsource(type(variable).numpy)).strip().splitlines()
    assert len(source) == 2 and source[0].startswith("def numpy(self)")
    return source[1].strip()


def save_warning_counts(snippet, tmp_path):
    """The numbers of this backend's rows in the page's two tables, each checked against what
    the snippet printed and against what each format converts."""
    run = snippet(FILE)
    ns = run.namespace
    autoencoder, encoder = ns["autoencoder"], ns["encoder"]
    caught = warnings_of(autoencoder.save, tmp_path / "autoencoder.keras")
    (where,) = {location(w) for w in caught}  # one line for all of them
    each = len(caught) // len(autoencoder.weights)
    found = {
        "per_weight": each,
        "autoencoder": len(caught),
        "encoder": len(warnings_of(encoder.save, tmp_path / "encoder.keras")),
        "file": where[0],
    }
    assert f"DeprecationWarning from {where[0]}, line {where[1]}:\n" in run.stdout
    assert str(caught[0].message) == ARRAY_WARNING
    # The same number per weight, for both models.
    assert found["autoencoder"] == each * len(autoencoder.weights)
    assert found["encoder"] == each * len(encoder.weights)
    # The trained autoencoder, in each format.
    trained = trained_copy(ns)
    found["keras_count"] = len(warnings_of(trained.save, tmp_path / "trained.keras"))
    found["h5_count"] = len(warnings_of(trained.save, tmp_path / "trained.h5"))
    found["weights_count"] = len(warnings_of(trained.save_weights, tmp_path / "trained.weights.h5"))
    variable = trained.optimizer.variables[-1]
    found["numpy_warnings"] = len(warnings_of(lambda v: v.numpy(), variable))
    # The counts are what each format converts (see test_what_each_format_converts): the
    # weights, the optimizer's variables and the configuration's learning rate, each warning
    # `each` times through convert_to_numpy or `numpy_warnings` times through numpy().
    weights, optimizer = len(trained.weights), len(trained.optimizer.variables)
    by_numpy = found["numpy_warnings"]
    assert found["keras_count"] == each * weights + by_numpy * (optimizer + 1)
    assert found["h5_count"] == each * (weights + optimizer) + by_numpy
    assert found["weights_count"] == each * weights + by_numpy * optimizer
    return found


@pytest.mark.claim(PAGE, "TensorFlow | {per_weight} | {autoencoder} | {encoder} | `{file}`")
@pytest.mark.claim(
    PAGE,
    "TensorFlow | TensorFlow's own, no warning | {keras_count} | {h5_count} | {weights_count}",
)
def test_save_warnings_with_tensorflow(snippet, tmp_path, stated):
    about_backend("tensorflow")
    import tensorflow as tf

    found = save_warning_counts(snippet, tmp_path)
    # A variable's numpy() is TensorFlow's: Keras's TensorFlow backend hands it to the
    # tf.Variable it holds, which does not go through __array__.
    variable = snippet(FILE).namespace["autoencoder"].weights[0]
    assert numpy_method(variable) == "return self.value.numpy()"
    assert isinstance(variable.value, tf.Variable)
    assert found.pop("numpy_warnings") == 0
    # Negative control: np.array() of the same variable does warn.
    assert len(warnings_of(np.array, variable)) == 1
    stated(**found)


@pytest.mark.claim(PAGE, "JAX | {per_weight} | {autoencoder} | {encoder} | `{file}`")
@pytest.mark.claim(
    PAGE,
    "JAX | `{method}`, {numpy_warnings} warning | {keras_count} | {h5_count} | {weights_count}",
)
def test_save_warnings_with_jax(snippet, tmp_path, stated):
    about_backend("jax")
    found = save_warning_counts(snippet, tmp_path)
    variable = snippet(FILE).namespace["autoencoder"].weights[0]
    method = numpy_method(variable).removeprefix("return ")
    assert method == "np.array(self)"
    # Negative control: the value the variable holds, a JAX array, converts without warning.
    assert warnings_of(np.array, variable.value) == []
    stated(method=method, **found)


@pytest.mark.claim(PAGE, "PyTorch | {per_weight} | {autoencoder} | {encoder} | `{file}`")
@pytest.mark.claim(
    PAGE,
    "PyTorch | `{method}`, {numpy_warnings} warnings | {keras_count} | {h5_count} | "
    "{weights_count}",
)
def test_save_warnings_with_torch(snippet, tmp_path, stated):
    about_backend("torch")
    found = save_warning_counts(snippet, tmp_path)
    variable = snippet(FILE).namespace["autoencoder"].weights[0]
    method = numpy_method(variable).removeprefix("return ")
    assert method == "np.array(self)"
    # numpy() goes through the same __array__ as saving does: as many warnings per call.
    assert found["numpy_warnings"] == found["per_weight"]
    # Negative control: PyTorch's own numpy() of the tensor the variable holds does not warn.
    assert warnings_of(lambda v: v.value.detach().numpy(), variable) == []
    stated(method=method, **found)


@pytest.mark.claim(
    PAGE,
    "The output above is TensorFlow's; the tables give each backend's counts, for the two "
    "models and for the trained autoencoder in each format, with the file NumPy attributes "
    "the warnings to and what a variable's `numpy()` is:",
)
def test_the_pages_outputs_are_tensorflows():
    outputs_are_tensorflows()
    # "the tables give each backend's counts": a row per backend in each, each proven on it
    # alone (each row test quotes its backend's row of both tables).
    counts = "tests/test_saving.py::test_save_warnings_with_{backend}"
    a_row_per_backend(PAGE, counts)
    # Negative control: a backend without a row of its own is caught.
    with pytest.raises(AssertionError, match="cites no"):
        a_row_per_backend(PAGE, counts, ["mxnet"])


@pytest.mark.claim(
    PAGE,
    "NumPy emits them, from the line `{line}` in the backend's `{function}`, which Keras calls "
    "on each layer variable it writes. NumPy {numpy_major} passes a `copy` keyword "
    "to an object's `__array__` method and warns when the method does not accept it; Keras's "
    "`Variable.__array__` accepts only `{parameter}`.",
)
def test_numpy_warns_because_keras_variables_array_has_no_copy_keyword(
    snippet, tmp_path, monkeypatch, stated
):
    run = snippet(FILE)
    ns = run.namespace
    model = ns["autoencoder"]
    caught = warnings_of(model.save, tmp_path / "where.keras")
    each = len(caught) // len(model.weights)
    assert len(caught) == each * len(model.weights) and each >= 1
    locations = {(w.filename, w.lineno) for w in caught}
    assert len(locations) == 1
    filename, lineno = locations.pop()
    file, _ = location(caught[0])
    assert file == f"keras/src/backend/{keras.backend.backend()}/core.py"
    line = linecache.getline(filename, lineno).strip()
    assert line == "return np.array(x)"
    # The line is inside the backend's convert_to_numpy.
    core = backend_core()
    source, first = inspect.getsourcelines(core.convert_to_numpy)
    assert first <= lineno < first + len(source)
    function = core.convert_to_numpy.__name__
    # "which Keras calls on each layer variable it writes": a spy on convert_to_numpy.
    from keras.src import backend

    converted = []

    def spy(x):
        converted.append(x)
        return core.convert_to_numpy(x)

    monkeypatch.setattr(backend, "convert_to_numpy", spy)
    save_quietly(model, tmp_path / "spied.keras")
    monkeypatch.undo()
    variables = [x for x in converted if isinstance(x, keras.Variable)]
    assert [id(v) for v in variables] == [id(w) for w in model.weights]
    # NumPy's rule, without Keras: an __array__ without `copy` warns, with it, not.
    numpy_major = int(np.__version__.split(".")[0])

    class WithoutCopy:
        def __array__(self, dtype=None):
            return np.zeros(3, dtype=dtype)

    class WithCopy:
        def __array__(self, dtype=None, copy=None):
            return np.zeros(3, dtype=dtype)

    toy = warnings_of(np.array, WithoutCopy())
    assert [(w.category, str(w.message)) for w in toy] == [(DeprecationWarning, ARRAY_WARNING)]
    # Negative control: an __array__ that takes `copy` gives no warning.
    assert warnings_of(np.array, WithCopy()) == []
    # Keras's Variable.__array__ takes `dtype` only (PyTorch's backend overrides it, with the
    # same parameters), so np.array() of a variable warns as saving does, per weight.
    parameters = list(inspect.signature(type(model.weights[0]).__array__).parameters)
    assert parameters == ["self", "dtype"]
    assert len(warnings_of(np.array, model.weights[0])) == each
    stated(
        line=line,
        function=function,
        numpy_major=numpy_major,
        parameter=parameters[1],
    )


@pytest.mark.claim(
    PAGE,
    "With PyTorch, `Variable.__array__` converts the tensor the variable holds with the same "
    "function, and PyTorch's `Tensor.__array__` does not accept `copy` either: a {second} "
    "warning, from the same line.",
)
def test_with_torch_each_weight_warns_twice(snippet, tmp_path, monkeypatch, stated):
    about_backend("torch")
    import torch

    model = snippet(FILE).namespace["autoencoder"]
    core = backend_core()
    # The variable's __array__ is the PyTorch backend's: convert_to_numpy of its tensor.
    array = type(model.weights[0]).__array__
    assert inspect.getmodule(array) is core
    assert "convert_to_numpy(self.value)" in inspect.getsource(array)
    held = []

    def spy(x):
        held.append(x)
        return convert(x)

    convert = core.convert_to_numpy
    monkeypatch.setattr(core, "convert_to_numpy", spy)  # the name __array__ looks up
    caught = warnings_of(model.save, tmp_path / "spied.keras")
    monkeypatch.undo()
    assert [id(x) for x in held] == [id(w.value) for w in model.weights]
    assert all(isinstance(x, torch.Tensor) for x in held)
    # PyTorch's Tensor.__array__ has no `copy` keyword, and NumPy warns about it too.
    assert "copy" not in inspect.signature(torch.Tensor.__array__).parameters
    tensor_warnings = warnings_of(np.array, torch.zeros(3))
    assert [str(w.message) for w in tensor_warnings] == [ARRAY_WARNING]
    # Two per weight, all from one line.
    assert len(caught) == 2 * len(model.weights)
    assert len({(w.filename, w.lineno) for w in caught}) == 1
    # Negative control: PyTorch's own numpy() of the same tensor does not warn.
    assert warnings_of(lambda t: t.numpy(), torch.zeros(3)) == []
    stated(second=ordinal(len(caught) // len(model.weights)))


def ordinal(number):
    return {1: "first", 2: "second", 3: "third"}[number]


def datasets_in(path):
    """The number of arrays in an HDF5 file, or in the weights file of a .keras archive."""
    if path.suffix == ".keras":
        with zipfile.ZipFile(path) as archive:
            handle = io.BytesIO(archive.read("model.weights.h5"))
    else:
        handle = path
    names = []
    with h5py.File(handle, "r") as file:
        file.visititems(
            lambda name, item: names.append(name) if isinstance(item, h5py.Dataset) else None
        )
    return len(names)


@pytest.mark.claim(
    PAGE,
    "For an untrained model, `.keras`, the legacy `.h5` and `save_weights` give the same number "
    "of warnings. After compiling and training, every format also writes the optimizer's "
    "{optimizer} variables (its iteration count, its learning rate, and {slots:w} slots per "
    "weight), and `.keras` and `.h5` write its configuration too. The legacy `.h5` format "
    "converts the optimizer's variables with `convert_to_numpy`, as it does the weights. "
    "`.keras` and `save_weights` call their `numpy()` method instead, and the configuration "
    "reads the learning rate with `numpy()`.",
)
def test_what_each_format_converts(snippet, tmp_path, monkeypatch, stated):
    ns = snippet(FILE).namespace
    autoencoder = ns["autoencoder"]
    weights = len(autoencoder.weights)
    untrained = {
        len(warnings_of(autoencoder.save, tmp_path / "untrained.keras")),
        len(warnings_of(autoencoder.save, tmp_path / "untrained.h5")),
        len(warnings_of(autoencoder.save_weights, tmp_path / "untrained.weights.h5")),
    }
    assert len(untrained) == 1 and untrained.pop() > 0
    # Its own training, on a copy: the page saves no trained model, and runs no fit.
    trained = trained_copy(ns)
    optimizer = trained.optimizer
    slots = (len(optimizer.variables) - 2) // weights
    assert len(optimizer.variables) == 2 + slots * weights
    assert optimizer.variables[0] is optimizer.iterations
    assert optimizer.variables[1] is optimizer._learning_rate
    # What each format converts, and how: spies on convert_to_numpy and on numpy().
    from keras.src import backend

    convert, numpy = backend.convert_to_numpy, type(optimizer.variables[-1]).numpy
    seen = []
    monkeypatch.setattr(
        backend, "convert_to_numpy", lambda x: seen.append(("convert", id(x))) or convert(x)
    )
    monkeypatch.setattr(
        type(optimizer.variables[-1]),
        "numpy",
        lambda self: seen.append(("numpy", id(self))) or numpy(self),
    )
    savers = {
        "trained.keras": trained.save,
        "trained.h5": trained.save,
        "trained.weights.h5": trained.save_weights,
    }
    calls = {}
    for name, save in savers.items():
        seen.clear()
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "__array__ implementation", DeprecationWarning)
            save(tmp_path / name)
        calls[name] = list(seen)
    monkeypatch.undo()
    model_ids = [id(w) for w in trained.weights]
    optimizer_ids = [id(v) for v in optimizer.variables]
    rate = id(optimizer._learning_rate)

    def made(name, how, among):
        """The variables among `among` that saving to `name` handed to convert or numpy."""
        return sorted(i for kind, i in calls[name] if kind == how and i in among)

    variables = [*model_ids, *optimizer_ids]
    assert made("trained.keras", "convert", variables) == sorted(model_ids)
    assert made("trained.keras", "numpy", variables) == sorted([*optimizer_ids, rate])
    assert made("trained.h5", "convert", variables) == sorted(variables)
    assert made("trained.h5", "numpy", variables) == [rate]
    assert made("trained.weights.h5", "convert", variables) == sorted(model_ids)
    assert made("trained.weights.h5", "numpy", variables) == sorted(optimizer_ids)
    # Every format wrote the optimizer's variables: the files hold them beside the weights...
    for name in calls:
        assert datasets_in(tmp_path / name) == weights + len(optimizer.variables)
    # ...and a loaded .keras model has them back.
    with_optimizer = keras.models.load_model(tmp_path / "trained.keras")
    assert len(with_optimizer.optimizer.variables) == len(optimizer.variables)
    assert max_difference(with_optimizer.optimizer.variables[-1], optimizer.variables[-1]) == 0
    # Negative control: the untrained autoencoder's files hold its weights only.
    assert datasets_in(tmp_path / "untrained.weights.h5") == weights
    stated(optimizer=len(optimizer.variables), slots=slots)


def python_default_filters():
    """The warning filters of a fresh interpreter (no -W, no PYTHONWARNINGS), applied here."""
    environment = {k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"}
    listed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import json, warnings; print(json.dumps([(a, getattr(m, 'pattern', m), c.__name__, "
            "getattr(mod, 'pattern', mod), n) for a, m, c, mod, n in warnings.filters]))",
        ],
        capture_output=True,
        text=True,
        check=True,
        env=environment,
    )
    filters = json.loads(listed.stdout)
    warnings.resetwarnings()
    for action, message, category, module, lineno in reversed(filters):
        warnings.filterwarnings(
            action, message or "", getattr(builtins, category), module or "", lineno
        )
    return filters


SAVING_TEST = """
import tempfile
from pathlib import Path

import keras


def test_save():
    inputs = keras.Input(shape=(784,))
    encoded = keras.layers.Dense(32, activation="relu", name="encoding")(inputs)
    decoded = keras.layers.Dense(784, activation="sigmoid", name="reconstruction")(encoded)
    with tempfile.TemporaryDirectory() as folder:
        keras.Model(inputs, decoded).save(Path(folder) / "autoencoder.keras")
"""


@pytest.mark.claim(
    PAGE,
    "Saving can trigger `DeprecationWarning`s about `__array__`, which Python hides by default "
    "and which do not change the file. Under `python -W error`, though, the first one stops "
    "`save` part-way and leaves a file that does not load. There, filter that one message: "
    '`warnings.filterwarnings("ignore", "__array__ implementation", DeprecationWarning)`.',
)
@pytest.mark.claim(
    PAGE,
    "Python hides `DeprecationWarning` unless it is triggered in `__main__`, so a plain script "
    "prints nothing. pytest shows them: the last line of a test that saves the autoencoder "
    "counts as many warnings as the block above printed for it. Shown or filtered, the warning "
    "does not affect the file: it loads and predicts exactly as the saved model does.",
)
def test_save_warns_under_numpy_2_where_python_hides_it(tmp_path, snippet, printed):
    ns = snippet(FILE).namespace
    model, images = ns["encoder"], ns["images"]
    # Python's own defaults, read from a fresh interpreter: DeprecationWarning is shown only
    # when triggered in __main__, and ignored elsewhere...
    with warnings.catch_warnings(record=True) as caught:
        filters = python_default_filters()
        assert ["default", None, "DeprecationWarning", "__main__", 0] in filters
        assert ["ignore", None, "DeprecationWarning", None, 0] in filters
        model.save(tmp_path / "default.keras")
    # ...and Keras triggers it in its own module, so a plain script shows nothing.
    assert caught == []
    # pytest, with its default settings, shows it: one per weight of the autoencoder.
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / "pytest.ini").write_text("[pytest]\n")
    (tmp_path / "project" / "test_save.py").write_text(textwrap.dedent(SAVING_TEST))
    environment = {
        k: v for k, v in os.environ.items() if k not in ("PYTHONWARNINGS", "PYTEST_ADDOPTS")
    }
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_save.py"],
        cwd=tmp_path / "project",
        capture_output=True,
        text=True,
        env=environment,
    )
    summary = result.stdout.strip().splitlines()[-1]
    found = re.fullmatch(r"1 passed, (\d+) warnings in [\d.]+s", summary)
    assert result.returncode == 0 and found, result.stdout[-2000:]
    # As many as saving the autoencoder here gives, and as the page's block printed for it.
    here = warnings_of(ns["autoencoder"].save, tmp_path / "here.keras")
    assert int(found[1]) == len(here)
    weights = len(ns["autoencoder"].weights)
    block = printed(PAGE, at("warning")).splitlines()
    assert f"autoencoder: {weights} weights, {len(here)} warnings" in block
    file, lineno = location(here[0])
    assert f"{file}:{lineno}: DeprecationWarning: {ARRAY_WARNING}" in result.stdout
    # The snippet's filter hides it even where all warnings are shown.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        warnings.filterwarnings("ignore", "__array__ implementation", DeprecationWarning)
        model.save(tmp_path / "filtered.keras")
    assert caught == []
    # Negative control: shown, they are there (as many per weight as for the autoencoder).
    shown = warnings_of(model.save, tmp_path / "shown.keras")
    assert len(shown) * len(ns["autoencoder"].weights) == len(here) * len(model.weights)
    # Shown or filtered, the warning does not affect the file: it loads and predicts the same.
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
    assert (tmp_path / "error.keras").exists()  # a file was left behind...
    # ...and it does not load.
    with pytest.raises(ValueError) as caught_load:
        keras.models.load_model(tmp_path / "error.keras")
    assert str(caught_load.value) == "Expected a model.weights.h5 or model.weights.npz file."


@pytest.mark.claim(
    PAGE,
    "The twin has the same layers and as many parameters, but new weights, so it predicts "
    "differently until `set_weights` copies the original's weights; then the predictions are "
    "equal.",
)
def test_from_config_gives_the_architecture_with_new_weights(printed):
    lines = printed(PAGE, "snippets/saving/config.py:config").splitlines()
    assert len(lines) == 2
    # Printed to 2 decimals: new weights differ visibly (at least 0.01), the copied ones not
    # at all.
    assert float(lines[0].removeprefix("new weights, largest difference: ")) >= 0.01
    assert lines[1] == "same weights, largest difference: 0.0"
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
    # (other Glorot-uniform weights: sigmoid outputs differ by far more than rounding)
    assert max_difference(new.predict(images, verbose=0), ns["original"]) > 1e-2


@pytest.mark.claim(
    PAGE,
    "`keras.models.clone_model` makes such a twin in one call: the same architecture with new "
    "weights, not a copy of the original's. Neither the twin nor the clone shares a layer or a "
    "weight with the original, unlike a model built from the original's own layers.",
)
def test_clone_model_and_from_config_share_no_layer(snippet, printed):
    assert printed(PAGE, "snippets/saving/config.py:clone").splitlines() == [
        "twin shares a layer: False",
        "clone shares a layer: False",
    ]
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
    # (new weights: predictions differ by far more than rounding, as for the twin)
    assert max_difference(clone.predict(images, verbose=0), ns["original"]) > 1e-2
    # Negative control: a model built from the autoencoder's own layers does share them.
    encoder = keras.Model(autoencoder.inputs, autoencoder.get_layer("encoding").output)
    assert encoder.get_layer("encoding") is autoencoder.get_layer("encoding")
    assert {id(w) for w in encoder.weights} <= originals


NESTED = "saving/nested.py"


@pytest.mark.claim(
    PAGE,
    "The autoencoder's layers are its input, the encoder and the decoder. Saving the autoencoder "
    "saves them too, and after loading, `get_layer` gives them back by name:",
)
@pytest.mark.claim(
    PAGE,
    "The reloaded encoder and decoder are the reloaded autoencoder's own layers, with its "
    "weights, so any change to the reloaded autoencoder, training included, reaches them. The "
    "reloaded encoder computes exactly what the original encoder computes.",
)
def test_nested_submodels_come_back_with_the_autoencoder(snippet, printed):
    ns = snippet(NESTED).namespace
    assert printed(PAGE, f"snippets/{NESTED}:models") == "['images', 'encoder', 'decoder']\n"
    assert printed(PAGE, f"snippets/{NESTED}:reload").splitlines() == [
        "reloaded vs. original encoder, largest difference: 0.0",
        f"after training the autoencoder, encoder's largest change: {ns['moved']:.2f}",
    ]
    reloaded, encoder, decoder = ns["reloaded"], ns["reloaded_encoder"], ns["reloaded_decoder"]
    assert [layer.name for layer in reloaded.layers] == ["images", "encoder", "decoder"]
    assert reloaded.layers[1] is encoder and reloaded.layers[2] is decoder
    assert isinstance(encoder, keras.Model) and isinstance(decoder, keras.Model)
    # "With its weights": the same variable objects, all four of the autoencoder's.
    shared = {id(w) for w in encoder.weights} | {id(w) for w in decoder.weights}
    assert shared == {id(w) for w in reloaded.weights} and len(shared) == 4
    # "Exactly": the largest difference the page printed is 0.0, of features that are not
    # all zero (Glorot-uniform features of inputs in [0, 1): the largest is well above 0.1).
    images, original, features = ns["images"], ns["encoder"], ns["features"]
    assert ns["change"] == 0.0
    assert max_difference(features, original.predict(images, verbose=0)) == 0.0
    assert features.max() > 0.1
    # "Training included": the snippet's five epochs of the reloaded autoencoder moved the
    # encoder's features far above rounding (the page prints by how much).
    assert ns["moved"] > 0.1
    assert max_difference(encoder.predict(images, verbose=0), features) == ns["moved"]
    # Negative control: the original encoder, from before saving, is not the reloaded one
    # and training the reloaded autoencoder left it exactly as it was.
    assert original is not encoder
    assert max_difference(original.predict(images, verbose=0), features) == 0.0


@pytest.mark.claim(
    PAGE,
    "The reloaded encoder and decoder are the reloaded autoencoder's own layers, with its "
    "weights, so any change to the reloaded autoencoder, training included, reaches them. The "
    "reloaded encoder computes exactly what the original encoder computes.",
)
def test_a_change_to_the_reloaded_autoencoder_reaches_its_nested_decoder():
    """ "Any change": one that is not training, to one of the autoencoder's own variables,
    reaches the decoder too."""
    # Own training: the test changes a variable of the reloaded autoencoder, so it runs the
    # file afresh instead of changing the session's run, which other tests read.
    ns = fresh(NESTED)
    reloaded, decoder = ns["reloaded"], ns["reloaded_decoder"]
    codes = np.random.default_rng(1).random((8, 32), dtype="float32")
    before = decoder.predict(codes, verbose=0)
    original_before = ns["decoder"].predict(codes, verbose=0)
    bias = next(w for w in reloaded.weights if tuple(w.shape) == (784,))  # the decoder's
    bias.assign(bias.numpy() + 1.0)
    # (1 added to every bias moves sigmoid outputs by up to 0.25: far above rounding)
    assert max_difference(decoder.predict(codes, verbose=0), before) > 1e-2
    # Negative control: the decoder from before saving does not see the change.
    assert max_difference(ns["decoder"].predict(codes, verbose=0), original_before) == 0.0
