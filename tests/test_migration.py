"""Claims of docs/reference/keras-2-to-3.md (snippets/migration/): the Keras 3 column.

The saving entry's claims live on the troubleshooting page, the home of what `model.save`
accepts: tests/test_troubleshooting.py proves them, and this page's table row about saving.
"""

import functools
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import keras
import numpy as np
import pytest
import tensorflow as tf

from conftest import ROOT, about_backend
from docsite import executor

PAGE = "docs/reference/keras-2-to-3.md"
SNIPPETS = "snippets/migration/"  # the page's blocks include files from here


def small_model():
    return keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2)])


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
@pytest.mark.claim(
    PAGE,
    "Fix. Write `keras.Model(inputs=x, outputs=y)`, with the plural keywords, or pass the two "
    "tensors by position: `keras.Model(x, y)`.",
)
def test_model_takes_the_plural_keywords(snippet, printed):
    run = snippet("migration/model_keywords.py")
    expected = "model.inputs[0] is inputs: True\nmodel.outputs[0] is outputs: True\n"
    assert printed(PAGE, SNIPPETS + "model_keywords.py") == run.stdout == expected
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
@pytest.mark.claim(
    PAGE,
    "Fix. Use `layer.output` for the output of the layer's first call; for a later call, keep "
    "the tensor that the call returned.",
)
def test_layer_output_is_the_first_calls_output(snippet, printed):
    run = snippet("migration/layer_output.py")
    assert (
        printed(PAGE, SNIPPETS + "layer_output.py")
        == run.stdout
        == (
            "dense.output is first: True\n"
            "dense.output is second: False\n"
            "hasattr(dense, 'get_output_at'): False\n"
        )
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
@pytest.mark.claim(
    PAGE,
    "Fix. Start the model with `keras.Input(shape=(784,))`, and give its first layer no input "
    "size.",
)
def test_keras_input_builds_the_model_without_a_warning(printed, stated):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run = executor.run_file(ROOT / "snippets" / "migration/keras_input.py")
        old_style = keras.Sequential([keras.layers.Dense(32, input_dim=784)])
        shape_style = keras.Sequential([keras.layers.Dense(32, input_shape=(784,))])
    model = run.namespace["model"]
    assert model.built and old_style.built and shape_style.built
    assert run.stdout == f"built: True, parameters: {model.count_params():,}\n"
    assert printed(PAGE, SNIPPETS + "keras_input.py") == run.stdout
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
def test_adadelta_default_learning_rate_is_0_001(snippet, printed, stated):
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
    assert (
        printed(PAGE, SNIPPETS + "adadelta.py")
        == run.stdout
        == (
            f"default learning rate: {learning_rate:g}\n"
            f"with learning_rate=1.0: {float(run.namespace['keras1_like'].learning_rate):g}\n"
        )
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


# Keras 2 as tf_keras: scripts/setup.sh installs tf-keras 2.21.0, without its dependencies (it
# would replace tensorflow-cpu with the full wheel), into a folder of its own that only these
# tests put on the path of a new Python process.
LEGACY = ROOT / ".venv" / "tf-keras-2.21.0"

# Run in a new process, since TensorFlow reads TF_USE_LEGACY_KERAS when it is imported and
# when `tf.keras` is first used: what `tf.keras` is, and what the answer's first layer does.
PROBE = """
import json, warnings
import tensorflow as tf
report = {}
try:
    report["tf.keras"] = tf.keras.__name__
except ImportError as error:
    report["error"] = f"{type(error).__name__}: {error}"
else:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = tf.keras.Sequential([tf.keras.layers.Dense(32, input_dim=784)])
    report["class"] = f"{type(model).__module__}.{type(model).__name__}"
    report["warnings"] = [f"{w.category.__name__}: {w.message}" for w in caught]
    report["parameters"] = model.count_params()
    try:
        import tf_keras
    except ImportError:
        report["tf_keras"] = None
    else:
        report["tf_keras"] = tf_keras.__version__
        report["is tf_keras"] = tf.keras.Sequential is tf_keras.Sequential
    import keras
    report["keras"] = keras.__version__
    report["is keras"] = tf.keras.Sequential is keras.Sequential
print(json.dumps(report))
"""


@functools.cache
def probe(legacy: bool, tf_keras_installed: bool) -> dict:
    """What `tf.keras` is in a new Python process, with or without TF_USE_LEGACY_KERAS=1 set
    before TensorFlow is imported, and with or without tf_keras on the path."""
    env = {k: v for k, v in os.environ.items() if k not in ("TF_USE_LEGACY_KERAS", "PYTHONPATH")}
    env.update(TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0")
    if legacy:
        env["TF_USE_LEGACY_KERAS"] = "1"
    if tf_keras_installed:
        env["PYTHONPATH"] = str(LEGACY)
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=env,
        cwd=LEGACY.parent,  # nothing importable there but what the path names
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


INPUT_DIM_WARNING = (
    "UserWarning: Do not pass an `input_shape`/`input_dim` argument to a layer. When using "
    "Sequential models, prefer using an `Input(shape)` object as the first layer in the model "
    "instead."
)


@pytest.mark.claim(
    PAGE,
    "With TensorFlow {tensorflow}, `tf.keras` is Keras 3, from the same `keras` package that "
    "`import keras` gives.",
)
@pytest.mark.claim(
    PAGE,
    "`tf.keras.Sequential` is `keras.Sequential`, as are `tf.keras.Model`, `tf.keras.Input` and "
    "`tf.keras.layers.Dense`: code written with `tf.keras` runs on Keras 3, and gets its "
    "warnings.",
)
def test_tf_keras_is_keras_3(printed, stated):
    about_backend("tensorflow")
    assert printed(PAGE, SNIPPETS + "tf_keras.py") == (
        f"TensorFlow {tf.__version__}, Keras {keras.__version__}\n"
        "tf.keras.Sequential is keras.Sequential: True\n"
    )
    # Keras 3, from the keras package: tf.keras is a module of it.
    assert keras.__version__.startswith("3.") and tf.keras.__version__ == keras.__version__
    assert tf.keras.__name__.startswith("keras.")
    assert Path(keras.__file__).parent in Path(tf.keras.__file__).parents
    stated(tensorflow=tf.__version__)
    for name in ("Sequential", "Model", "Input"):
        assert getattr(tf.keras, name) is getattr(keras, name), name
    assert tf.keras.layers.Dense is keras.layers.Dense
    # Code written with tf.keras gets Keras 3's warnings: the answer's first layer.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = tf.keras.Sequential([tf.keras.layers.Dense(32, input_dim=784)])
    assert [f"{w.category.__name__}: {w.message}" for w in caught] == [INPUT_DIM_WARNING]
    assert isinstance(model, keras.Sequential)
    # The same in a new process, as a reader's script runs, without TF_USE_LEGACY_KERAS.
    default = probe(legacy=False, tf_keras_installed=True)
    assert default["tf.keras"] == tf.keras.__name__ and default["is keras"] is True
    assert default["warnings"] == [INPUT_DIM_WARNING]
    # Negative control: with TF_USE_LEGACY_KERAS=1, tf.keras.Sequential is another class.
    assert probe(legacy=True, tf_keras_installed=True)["is keras"] is False


@pytest.mark.claim(
    PAGE,
    "`tf.keras` | Keras 3 itself: `tf.keras.Sequential` is `keras.Sequential`; for Keras 2, "
    "install `tf_keras` and set `TF_USE_LEGACY_KERAS=1` | tf.keras",
)
@pytest.mark.claim(
    PAGE,
    "Fix. To run code written for Keras 2 unchanged, install `tf_keras` and set "
    "`TF_USE_LEGACY_KERAS=1` before TensorFlow is imported: `tf.keras` is then Keras 2.",
)
@pytest.mark.claim(
    PAGE,
    "With the variable set, `tf.keras` is `tf_keras`, Keras 2: its "
    "`Sequential([Dense(32, input_dim=784)])` builds without a warning. `import keras` still "
    "gives Keras 3. Without `tf_keras` installed, `tf.keras` then raises `{error}`",
)
def test_tf_use_legacy_keras_makes_tf_keras_keras_2(stated):
    about_backend("tensorflow")
    assert (LEGACY / "tf_keras").is_dir(), "run scripts/setup.sh: it installs tf_keras there"
    legacy = probe(legacy=True, tf_keras_installed=True)
    # tf.keras is tf_keras, Keras 2 (tf_keras's version follows TensorFlow's, 2.x).
    assert legacy["tf.keras"].startswith("tf_keras.") and legacy["is tf_keras"] is True
    assert legacy["tf_keras"] == "2.21.0" and legacy["class"].startswith("tf_keras.")
    # The answer's first layer builds, with its 25,120 parameters, and warns nothing.
    assert legacy["warnings"] == [] and legacy["parameters"] == 784 * 32 + 32
    # `import keras` is still Keras 3, and another package.
    assert legacy["keras"] == keras.__version__ and legacy["is keras"] is False
    # Negative control: without the variable, the same path gives Keras 3, which warns.
    default = probe(legacy=False, tf_keras_installed=True)
    assert default["tf.keras"].startswith("keras.") and default["warnings"] == [INPUT_DIM_WARNING]
    # Negative control: the variable without tf_keras installed: tf.keras fails to import.
    missing = probe(legacy=True, tf_keras_installed=False)
    error = "ImportError: Keras cannot be imported. Check that it is installed."
    assert missing == {"error": error}
    stated(error=error)
