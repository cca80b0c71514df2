"""Claims of docs/reference/keras-2-to-3.md (snippets/migration/): the Keras 3 column."""

import importlib.util
import inspect
import logging
import warnings
import zipfile

import keras
import numpy as np
import pytest
import tensorflow as tf

from conftest import ROOT, about_backend
from docsite import executor

PAGE = "docs/reference/keras-2-to-3.md"

# Float32 tolerance: the same numbers computed by NumPy and by Keras, or by one model in different
# batch sizes, differ by up to ~8e-7 on CPU (another reduction order), so "equal" means <= 1e-6.
ATOL = 1e-6

# Saving a model's weights on TensorFlow with NumPy 2 emits this DeprecationWarning once per
# weight (its one account: docs/how-to/save-and-reload-shared-layers.md#saving-deprecation-warning,
# proven in tests/test_saving.py); pytest turns warnings into errors, so the tests that save on
# purpose let exactly this one through.
NUMPY_COPY_WARNING = "__array__ implementation doesn't accept a copy keyword"


SAMPLES = np.random.default_rng(0).random((8, 4), dtype=np.float32)


def small_model():
    return keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2)])


def save(model, path):
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", NUMPY_COPY_WARNING, DeprecationWarning)
        model.save(path)


def max_difference(a, b):
    return max(float(np.abs(x - y).max()) for x, y in zip(a, b, strict=True))


@pytest.mark.claim(
    PAGE,
    "`Model(input=x, output=y)` | Raises `ValueError: Unrecognized keyword arguments passed to "
    "Model`; write `Model(inputs=x, outputs=y)` or `Model(x, y)` | inputs, outputs; error",
)
@pytest.mark.claim(
    PAGE,
    "`keras.Model` takes the plural keywords, and keeps the very tensors it is given as "
    "`model.inputs` and `model.outputs`; the singular ones raise `ValueError`.",
)
def test_model_takes_the_plural_keywords(snippet):
    run = snippet("migration/model_keywords.py")
    assert run.stdout == "model.inputs[0] is inputs: True\nmodel.outputs[0] is outputs: True\n"
    ns = run.namespace
    assert ns["model"].count_params() == 25_120
    assert keras.Model(ns["inputs"], ns["outputs"]).count_params() == 25_120  # by position
    # Negative control: the singular keywords of Keras 1 are refused.
    with pytest.raises(ValueError) as refused:
        keras.Model(input=ns["inputs"], output=ns["outputs"])
    assert type(refused.value) is ValueError
    assert str(refused.value).startswith("Unrecognized keyword arguments passed to Model: ")
    # Each singular keyword alone is refused too.
    for keyword in ("input", "output"):
        with pytest.raises(ValueError, match=r"^Unrecognized keyword arguments passed to Model"):
            keras.Model(**{keyword: ns["inputs"]})


@pytest.mark.claim(
    PAGE,
    "`layer.get_output_at(0)`, `layer.get_input_at(0)` | Gone (`AttributeError`); "
    "`layer.output` is the first call's output; for another call, keep the tensor that call "
    "returned | layer.output; error",
)
@pytest.mark.claim(
    PAGE,
    "A layer called twice has two output tensors. `layer.output` is the first one; "
    "`get_output_at` and `get_input_at` no longer exist.",
)
def test_layer_output_is_the_first_calls_output(snippet):
    run = snippet("migration/layer_output.py")
    assert run.stdout == (
        "dense.output is first: True\n"
        "dense.output is second: False\n"
        "hasattr(dense, 'get_output_at'): False\n"
    )
    dense = run.namespace["dense"]
    assert dense.output is run.namespace["first"]
    assert not hasattr(dense, "get_input_at")
    for name in ("get_output_at", "get_input_at"):
        with pytest.raises(AttributeError):
            getattr(dense, name)
    # Negative control: the second call's output is another tensor, so `is` can fail.
    assert run.namespace["second"] is not run.namespace["first"]


@pytest.mark.claim(
    PAGE,
    "`Dense(32, input_dim=784)`, `input_shape=(784,)` | Still accepted, with a `UserWarning`; "
    "start with `keras.Input(shape=(784,))`, which builds the model at once | keras.Input; "
    "warning",
)
@pytest.mark.claim(
    PAGE,
    "A Sequential model that starts with `keras.Input` is built when it is created, with the "
    "same {parameters:,} parameters as `Dense(32, input_dim=784)`, and without a warning. "
    "Without either, the model stays unbuilt and has no weights until it first sees data.",
)
def test_keras_input_builds_the_model_without_a_warning(stated):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run = executor.run_file(ROOT / "snippets" / "migration/keras_input.py")
        old_style = keras.Sequential([keras.layers.Dense(32, input_dim=784)])
        shape_style = keras.Sequential([keras.layers.Dense(32, input_shape=(784,))])
    model = run.namespace["model"]
    assert model.built and old_style.built and shape_style.built
    assert run.stdout == f"built: True, parameters: {model.count_params():,}\n"
    assert model.count_params() == old_style.count_params() == shape_style.count_params()
    assert model.count_params() == 784 * 32 + 32
    stated(parameters=model.count_params())
    # Negative control: only input_dim and input_shape warned.
    assert [(w.category, str(w.message)[:54]) for w in caught] == [
        (UserWarning, "Do not pass an `input_shape`/`input_dim` argument to a")
    ] * 2
    # Without either, the model is unbuilt and has no weights until it first sees data.
    unbuilt = keras.Sequential([keras.layers.Dense(32)])
    assert not unbuilt.built and unbuilt.weights == []
    unbuilt(np.zeros((1, 784), dtype="float32"))
    assert unbuilt.built and unbuilt.count_params() == model.count_params()


@pytest.mark.claim(
    PAGE,
    '`optimizer="adadelta"` | A learning rate of {learning_rate:g}, as with `Adadelta()`; another '
    "rate has to be passed, as in `Adadelta(learning_rate=1.0)` | Adadelta, and its history",
)
@pytest.mark.claim(
    PAGE,
    '`keras.optimizers.get("adadelta")`, which is what `compile(optimizer="adadelta")` uses, is '
    "an `Adadelta` with learning rate {learning_rate:g}, like `Adadelta()`. Another learning "
    "rate has to be passed, as in `keras.optimizers.Adadelta(learning_rate=1.0)`.",
)
def test_adadelta_default_learning_rate_is_0_001(snippet, stated):
    run = snippet("migration/adadelta.py")
    default = run.namespace["default"]
    # "An `Adadelta`": with PyTorch as the backend, Keras builds its PyTorch subclass of
    # `keras.optimizers.Adadelta` (also named Adadelta), for `Adadelta()` as well; so the
    # class is checked as the one `Adadelta()` builds on this backend.
    assert isinstance(default, keras.optimizers.Adadelta)
    assert type(default) is type(keras.optimizers.Adadelta())
    assert type(default).__name__ == "Adadelta"
    # Negative control: another name gives another optimizer.
    assert not isinstance(keras.optimizers.get("adam"), keras.optimizers.Adadelta)
    # The learning rate is a float32 variable: 0.001 is stored as 0.0010000000474974513, which
    # prints as 0.001 with `g` (six significant digits), as the snippet and the page show it.
    learning_rate = float(default.learning_rate)
    assert f"{learning_rate:g}" == "0.001"
    assert run.stdout == (
        f"default learning rate: {learning_rate:g}\n"
        f"with learning_rate=1.0: {float(run.namespace['keras1_like'].learning_rate):g}\n"
    )
    stated(learning_rate=learning_rate)
    # `Adadelta()` and compile(optimizer="adadelta") have the same learning rate.
    assert float(keras.optimizers.Adadelta().learning_rate) == learning_rate
    model = small_model()
    model.compile(optimizer="adadelta", loss="mse")
    assert type(model.optimizer) is type(keras.optimizers.Adadelta())
    assert float(model.optimizer.learning_rate) == learning_rate
    # "Has to be passed": no other setting changes the default (a fresh get() after building
    # one with 1.0 still has the default).
    keras.optimizers.Adadelta(learning_rate=1.0)
    assert float(keras.optimizers.get("adadelta").learning_rate) == learning_rate
    # Negative control: the value passed, when asked for, is a different number.
    assert float(run.namespace["keras1_like"].learning_rate) == 1.0


@pytest.mark.claim(
    PAGE,
    "`.keras`: the native format, a zip archive holding `config.json`, `metadata.json` and "
    "`model.weights.h5`. `keras.saving.load_model` gives back the same weights.",
)
def test_a_keras_file_is_a_zip_archive(tmp_path):
    model = small_model()
    save(model, tmp_path / "model.keras")
    assert zipfile.is_zipfile(tmp_path / "model.keras")
    with zipfile.ZipFile(tmp_path / "model.keras") as archive:
        assert sorted(archive.namelist()) == ["config.json", "metadata.json", "model.weights.h5"]
    loaded = keras.saving.load_model(tmp_path / "model.keras")
    # Saving writes the float32 values as they are, so they come back bit for bit.
    assert max_difference(loaded.get_weights(), model.get_weights()) == 0.0
    # Negative control: an independently initialised copy has other weights.
    assert max_difference(keras.models.clone_model(model).get_weights(), model.get_weights()) > 0
    # Negative control: an `.h5` file of the same model is HDF5, not a zip archive.
    save(model, tmp_path / "model.h5")
    assert not zipfile.is_zipfile(tmp_path / "model.h5")
    assert (tmp_path / "model.h5").read_bytes()[:8] == b"\x89HDF\r\n\x1a\n"


@pytest.mark.claim(
    PAGE,
    "`.h5` (or `.hdf5`): the legacy format. It still saves and loads, and Keras logs a warning "
    "that the format is legacy and `.keras` is recommended.",
)
def test_h5_saves_but_is_logged_as_legacy(tmp_path, caplog):
    model = small_model()
    for name in ("model.h5", "model.hdf5"):
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="absl"):
            save(model, tmp_path / name)
        legacy = [r.getMessage() for r in caplog.records if "legacy" in r.getMessage()]
        assert len(legacy) == 1
        assert legacy[0].startswith(
            "You are saving your model as an HDF5 file via `model.save()` or "
            "`keras.saving.save_model(model)`. This file format is considered legacy. "
            "We recommend using instead the native Keras format, e.g. "
            "`model.save('my_model.keras')`"
        )
        assert (tmp_path / name).read_bytes()[:8] == b"\x89HDF\r\n\x1a\n"  # an HDF5 file
        loaded = keras.saving.load_model(tmp_path / name, compile=False)
        assert max_difference(loaded.get_weights(), model.get_weights()) == 0.0
    # Negative control: saving to `.keras` logs no such warning.
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="absl"):
        save(model, tmp_path / "model.keras")
    assert [r for r in caplog.records if "legacy" in r.getMessage()] == []


@pytest.mark.claim(
    PAGE,
    '`model.save("my_model")` | Raises `ValueError: Invalid filepath extension for saving`; use '
    "`.keras` (recommended) or `.h5` (legacy), or, with TensorFlow or JAX as the backend, "
    "`model.export(path)` for a SavedModel | Saving; error",
)
@pytest.mark.claim(
    PAGE,
    "With TensorFlow or JAX as the backend, `model.export(path)` writes a TensorFlow SavedModel "
    "folder (`saved_model.pb`, `variables/`).",
)
@pytest.mark.claim(
    "docs/reference/troubleshooting.md",
    "Fix. Add `.keras` to the path. For a SavedModel (TFLite, TF Serving), use "
    "`model.export(path)`, as the message says.",
)
def test_export_writes_a_savedmodel_folder(tmp_path, capsys, caplog):
    model = small_model()
    folder = tmp_path / "exported"
    if keras.backend.backend() == "torch":
        # With PyTorch, the export raises before writing anything; what and why:
        # test_with_torch_export_raises_for_an_open_batch_size.
        from torch._dynamo.exc import UserError

        with pytest.raises(UserError, match=EXPORT_MISMATCH):
            model.export(folder)
        assert not folder.exists()
    else:
        with warnings.catch_warnings():
            # With JAX as the backend, export converts through jax2tf, and JAX 0.10 warns that
            # a parameter Keras passes it (`native_serialization`) is deprecated; the folder is
            # the same.
            warnings.filterwarnings(
                "ignore", "The `native_serialization` parameter", DeprecationWarning
            )
            model.export(folder)  # prints the serving signature to stdout
        capsys.readouterr()
        assert {"saved_model.pb", "variables"} <= {p.name for p in folder.iterdir()}
        assert (folder / "variables").is_dir()
        # A TensorFlow SavedModel: TensorFlow loads it and serves the same numbers.
        reloaded = tf.saved_model.load(str(folder))  # kept: its variables must stay alive
        served = reloaded.serve(SAMPLES)
        assert max_difference([np.asarray(served)], [model.predict(SAMPLES, verbose=0)]) <= ATOL
    # `model.save("my_model")` refuses a bare path and writes nothing there.
    with pytest.raises(ValueError, match=r"^Invalid filepath extension for saving\."):
        model.save(tmp_path / "my_model")
    assert not (tmp_path / "my_model").exists()
    # `.keras` saves without a legacy notice ("recommended"); `.h5` saves with one.
    with caplog.at_level(logging.WARNING, logger="absl"):
        save(model, tmp_path / "my_model.keras")
        assert not [r for r in caplog.records if "legacy" in r.getMessage()]
        save(model, tmp_path / "my_model.h5")
    assert [r for r in caplog.records if "legacy" in r.getMessage()]
    # Negative control: loading the bare path that was refused fails: nothing was written.
    with pytest.raises(ValueError):
        keras.saving.load_model(tmp_path / "my_model")


# What `torch.export` says, with PyTorch as the backend, when Keras hands it one shape per input
# for a model's `forward(*args)` (the first line of the message).
EXPORT_MISMATCH = (
    r"^Detected mismatch between the structure of `inputs` and `dynamic_shapes`: `inputs\[0\]` "
    r"is a <class 'tuple'>, but `dynamic_shapes\[0\]` is a <class 'dict'>\n"
)


class Subclassed(keras.Model):
    def __init__(self):
        super().__init__()
        self.dense = keras.layers.Dense(2)

    def call(self, x):
        return self.dense(x)


@pytest.mark.claim(
    PAGE,
    "With PyTorch as the backend, `model.export(path)` of Keras {keras} fails: for a Sequential, "
    "a Functional or a subclassed model, it raises ``{error}: {message}`` (a `RuntimeError`) "
    "and writes nothing, even when the model was built with `keras.Input(..., batch_size=...)`. "
    "Export leaves the batch size open, and Keras hands `torch.export` one shape per input, but a "
    "Keras model's `forward(*args)` takes its inputs as one argument, a tuple: wrapped in one "
    "more tuple, the same shapes export. With an `input_signature` that fixes the batch size, "
    "`model.export` gets past this and raises `ImportError`: it also needs the `torch_xla` "
    "package.",
)
@pytest.mark.claim(
    "docs/reference/troubleshooting.md",
    "With PyTorch as the backend, `model.export(path)` raises `{error}` instead (why).",
)
def test_with_torch_export_raises_for_an_open_batch_size(tmp_path, stated):
    about_backend("torch")
    import torch
    from torch._dynamo.exc import UserError

    sequential = small_model()
    inputs = keras.Input(shape=(4,))
    functional = keras.Model(inputs, keras.layers.Dense(2)(inputs))
    subclassed = Subclassed()
    subclassed(SAMPLES)  # built and called, so that export knows its input
    fixed_inputs = keras.Input(shape=(4,), batch_size=1)
    fixed = keras.Model(fixed_inputs, keras.layers.Dense(2)(fixed_inputs))
    # Spy on what Keras hands `torch.export`, then let it go on.
    handed = []
    real_export = torch.export.export

    def spy(*args, **kwargs):
        handed.append(kwargs.get("dynamic_shapes"))
        return real_export(*args, **kwargs)

    torch.export.export = spy
    try:
        errors = []
        for n, model in enumerate((sequential, functional, subclassed, fixed)):
            with pytest.raises(UserError, match=EXPORT_MISMATCH) as caught:
                model.export(tmp_path / f"exported_{n}")
            errors.append(caught.value)
    finally:
        torch.export.export = real_export
    assert list(tmp_path.iterdir()) == []  # nothing written
    assert issubclass(UserError, RuntimeError)
    error = errors[0]
    # One shape per input: a tuple of one dict, the batch dimension 0 open, for the model built
    # with a batch size of 1 too.
    assert len(handed) == 4
    for shapes in handed:
        assert type(shapes) is tuple and len(shapes) == 1 and list(shapes[0]) == [0]
        assert isinstance(shapes[0][0], type(torch.export.Dim("batch")))
    # A Keras model's forward takes its inputs as `*args`: one argument, a tuple.
    parameters = inspect.signature(sequential.forward).parameters
    assert [(p.name, p.kind) for p in parameters.values()] == [
        ("args", inspect.Parameter.VAR_POSITIONAL),
        ("kwargs", inspect.Parameter.VAR_KEYWORD),
    ]
    # The same shapes, wrapped in one more tuple, export; the exported program takes any batch
    # size and computes what the model does.
    sample = (torch.from_numpy(SAMPLES[:2]),)
    exported = torch.export.export(sequential, sample, dynamic_shapes=(handed[0],), strict=False)
    batch = torch.from_numpy(SAMPLES)  # 8 rows, not the 2 it was traced with
    served = exported.module()(batch)
    assert (
        max_difference([served.detach().numpy()], [sequential.predict(SAMPLES, verbose=0)]) <= ATOL
    )
    # Negative control: unwrapped, as Keras hands them, torch.export raises the same error.
    with pytest.raises(UserError, match=EXPORT_MISMATCH):
        torch.export.export(sequential, sample, dynamic_shapes=handed[0], strict=False)
    # With an input_signature that fixes the batch size, the export gets past torch.export
    # and needs torch_xla, which is not installed.
    assert importlib.util.find_spec("torch_xla") is None
    signature = [keras.InputSpec(shape=(1, 4), dtype="float32")]
    for model in (sequential, functional, fixed):
        with pytest.raises(ImportError, match=r"^This requires the torch_xla module\."):
            model.export(tmp_path / "fixed", input_signature=signature)
        assert not (tmp_path / "fixed").exists()
    stated(
        keras=keras.__version__,
        error=f"{type(error).__module__}.{type(error).__name__}",
        message=str(error).splitlines()[0],
    )
