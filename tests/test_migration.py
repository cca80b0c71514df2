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
    "Fix. Write `keras.Model(inputs=x, outputs=y)`, with the plural keywords, or "
    "`keras.Model(x, y)`: Troubleshooting has this error, and the `TypeError` that "
    "`keras.Model(x, output=y)` raises.",
)
def test_model_takes_the_plural_keywords():
    x = keras.Input(shape=(784,))
    y = keras.layers.Dense(32, activation="relu")(x)
    # The plural keywords and the positional form: a model from those very tensors.
    for model in (keras.Model(inputs=x, outputs=y), keras.Model(x, y)):
        assert model.inputs[0] is x and model.outputs[0] is y
        assert model.count_params() == 784 * 32 + 32
    # Negative control: the singular keywords of Keras 1 are refused, with this message.
    with pytest.raises(ValueError) as refused:
        keras.Model(input=x, output=y)
    assert type(refused.value) is ValueError
    assert str(refused.value).startswith("Unrecognized keyword arguments passed to Model: ")
    # Each singular keyword alone is refused too.
    for keyword in ("input", "output"):
        with pytest.raises(ValueError, match=r"^Unrecognized keyword arguments passed to Model"):
            keras.Model(**{keyword: x})
    # The input by position with the singular output keyword: a TypeError.
    with pytest.raises(TypeError, match=r"^Layer.__init__\(\) takes 1 positional argument"):
        keras.Model(x, output=y)
    # "Troubleshooting has this error, and the TypeError": both entries are there.
    troubleshooting = (ROOT / "docs/reference/troubleshooting.md").read_text(encoding="utf-8")
    for entry in ("{ #model-keywords }", "{ #model-positional }"):
        assert entry in troubleshooting


@pytest.mark.claim(
    PAGE,
    "`layer.get_output_at(0)`, `layer.get_input_at(0)` | Gone (`AttributeError`); "
    "`layer.output` is the output of its first call on a symbolic tensor; for another call, "
    "keep the tensor that call "
    "returned | layer.output; error",
)
@pytest.mark.claim(
    PAGE,
    "Fix. Use `layer.output` for the output of the layer's first call on a symbolic tensor "
    "(calls on arrays do not count); for a later call, keep the tensor that the call returned: "
    "see Troubleshooting.",
)
def test_layer_output_is_the_first_calls_output():
    # One layer, called twice: each call returns a new tensor.
    dense = keras.layers.Dense(32)
    first = dense(keras.Input(shape=(784,)))
    later_input = keras.Input(shape=(784,))
    second = dense(later_input)
    assert dense.output is first
    for name in ("get_output_at", "get_input_at"):
        assert not hasattr(dense, name)
        with pytest.raises(AttributeError):
            getattr(dense, name)
    # The later call's output is the tensor it returned, and it ends a model of its own.
    assert keras.Model(later_input, second).outputs[0] is second
    # Negative control: the second call's output is another tensor, so `is` can fail.
    assert second is not first and dense.output is not second
    # Calls on arrays do not count: called on an array first, a layer's output is still its
    # first call on a symbolic tensor.
    layer = keras.layers.Dense(32)
    layer(np.ones((1, 784), "float32"))
    with pytest.raises(AttributeError, match="has never been called"):
        _ = layer.output
    assert layer(keras.Input(shape=(784,))) is layer.output


@pytest.mark.claim(
    PAGE,
    "`Dense(32, input_dim=784)`, `input_shape=(784,)` | Still accepted, with a `UserWarning`; "
    "start with `keras.Input(shape=(784,))`, which builds the model at once | keras.Input; "
    "warning",
)
@pytest.mark.claim(
    PAGE,
    "Fix. Start the model with `keras.Input(shape=(784,))`, and give its first layer no input "
    "size: Troubleshooting shows the warning and the model without it.",
)
def test_keras_input_builds_the_model_without_a_warning():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(32)])
    assert caught == [] and model.built  # built at once, and no warning
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old_style = keras.Sequential([keras.layers.Dense(32, input_dim=784)])
        shape_style = keras.Sequential([keras.layers.Dense(32, input_shape=(784,))])
    assert old_style.built and shape_style.built  # still accepted...
    assert [(w.category, str(w.message)[:54]) for w in caught] == [
        (UserWarning, "Do not pass an `input_shape`/`input_dim` argument to a")
    ] * 2  # ...with a warning each
    assert model.count_params() == old_style.count_params() == shape_style.count_params()
    assert model.count_params() == 784 * 32 + 32
    # Negative control: without either, the model is not built and has no weights.
    unbuilt = keras.Sequential([keras.layers.Dense(32)])
    assert not unbuilt.built and unbuilt.weights == []


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
try:  # last: once this import has run, tf.keras no longer raises
    from tensorflow.keras.layers import Dense
    report["from import"] = f"{Dense.__module__}.{Dense.__name__}"
except ImportError as error:
    report["from import"] = f"{type(error).__name__}: {error}"
print(json.dumps(report))
"""


PROBES = [(False, True), (True, True), (True, False)]  # (legacy, tf_keras_installed): all used


def probe(legacy: bool, tf_keras_installed: bool) -> dict:
    """What `tf.keras` is in a new Python process, with or without TF_USE_LEGACY_KERAS=1 set
    before TensorFlow is imported, and with or without tf_keras on the path."""
    return probes()[(legacy, tf_keras_installed)]


@functools.cache
def probes() -> dict:
    """The three probes this file reads, run at once (each imports TensorFlow anew)."""
    running = {}
    for legacy, tf_keras_installed in PROBES:
        env = {
            k: v for k, v in os.environ.items() if k not in ("TF_USE_LEGACY_KERAS", "PYTHONPATH")
        }
        env.update(TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0")
        if legacy:
            env["TF_USE_LEGACY_KERAS"] = "1"
        if tf_keras_installed:
            env["PYTHONPATH"] = str(LEGACY)
        running[(legacy, tf_keras_installed)] = subprocess.Popen(
            [sys.executable, "-c", PROBE],
            env=env,
            cwd=LEGACY.parent,  # nothing importable there but what the path names
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    found = {}
    for key, process in running.items():
        stdout, stderr = process.communicate(timeout=600)
        assert process.returncode == 0, stderr
        found[key] = json.loads(stdout.strip().splitlines()[-1])
    return found


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
    "`tf.keras.layers.Dense`: code written with `tf.keras` is run by Keras 3, with Keras 3's "
    "errors and warnings.",
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
    # And Keras 3's errors: the Keras 2 spellings this page lists fail as they do with `keras`.
    x = tf.keras.Input(shape=(4,))
    y = tf.keras.layers.Dense(2)(x)
    with pytest.raises(ValueError, match=r"^Unrecognized keyword arguments passed to Model"):
        tf.keras.Model(input=x, output=y)
    with pytest.raises(AttributeError, match="has no attribute 'get_output_at'"):
        y._keras_history.operation.get_output_at(0)
    small = tf.keras.Sequential([tf.keras.Input(shape=(4,)), tf.keras.layers.Dense(2)])
    with pytest.raises(ValueError, match=r"^Invalid filepath extension for saving"):
        small.save("my_model")
    # The same in a new process, as a reader's script runs, without TF_USE_LEGACY_KERAS.
    default = probe(legacy=False, tf_keras_installed=True)
    assert default["tf.keras"] == tf.keras.__name__ and default["is keras"] is True
    assert default["warnings"] == [INPUT_DIM_WARNING]
    # Negative control: with TF_USE_LEGACY_KERAS=1, tf.keras.Sequential is another class.
    assert probe(legacy=True, tf_keras_installed=True)["is keras"] is False


@pytest.mark.claim(
    PAGE,
    "`tf_keras` is released with each TensorFlow version: pin the release that matches your "
    "TensorFlow, as `{pin}` does for TensorFlow {tensorflow}. It declares a dependency on the "
    "full `tensorflow` package (`{requirement}`), not on `tensorflow-cpu`, so pip adds that "
    "package if you have only the CPU one.",
)
def test_the_shown_command_pins_the_matching_tf_keras(stated):
    from packaging.requirements import Requirement
    from packaging.version import Version

    # The command as shown: one pip install of a pinned tf_keras, then the variable.
    lines = (ROOT / SNIPPETS / "legacy_keras.sh").read_text(encoding="utf-8").splitlines()
    commands = [line for line in lines if line and not line.startswith("#")]
    assert commands[0].startswith("pip install ") and commands[1] == "export TF_USE_LEGACY_KERAS=1"
    pin = commands[0].removeprefix("pip install ").strip('"')
    wanted = Requirement(pin)
    assert wanted.name == "tf_keras"
    # It matches this TensorFlow: every patch release of its minor version, and no other.
    installed_version = Version(tf.__version__.split("+")[0])
    major, minor = installed_version.major, installed_version.minor
    assert wanted.specifier.contains(f"{major}.{minor}.0")
    assert wanted.specifier.contains(f"{major}.{minor}.9")
    assert not wanted.specifier.contains(f"{major}.{minor + 1}.0")
    assert not wanted.specifier.contains(f"{major}.{minor - 1}.0")
    # The release the tests run (scripts/setup.sh installs it into LEGACY) is in it,
    # and it declares the full tensorflow package, for this TensorFlow.
    (record,) = LEGACY.glob("tf_keras-*.dist-info")
    metadata = (record / "METADATA").read_text(encoding="utf-8").splitlines()
    version = next(line.split(": ", 1)[1] for line in metadata if line.startswith("Version: "))
    assert wanted.specifier.contains(version)
    requires = [
        Requirement(line.split(": ", 1)[1])
        for line in metadata
        if line.startswith("Requires-Dist: ")
    ]
    (needs,) = [r for r in requires if r.name.startswith("tensorflow")]
    assert needs.name == "tensorflow" and needs.specifier.contains(str(installed_version))
    assert not [r for r in requires if r.name == "tensorflow-cpu"]
    # With only the CPU package installed, as here, the dependency is not met: `tensorflow` is
    # another distribution than `tensorflow-cpu`, so pip installs it.
    from importlib import metadata as installed

    assert installed.version("tensorflow-cpu") == str(installed_version)
    with pytest.raises(installed.PackageNotFoundError):
        installed.version(needs.name)
    stated(
        pin=pin,
        tensorflow=tf.__version__,
        requirement=f"{needs.name}{needs.specifier}",
    )
    # Negative control: the unpinned name would accept a tf_keras for another TensorFlow.
    assert Requirement("tf_keras").specifier.contains(f"{major}.{minor + 1}.0")


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
    "gives Keras 3. Without `tf_keras` installed, `tf.keras` then raises `{error}`, while "
    "`from tensorflow.keras.layers import Dense` raises nothing and gives Keras 3's `Dense`.",
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
    assert missing == {"error": error, "from import": "keras.src.layers.core.dense.Dense"}
    # Negative control of that import: with tf_keras installed, it gives Keras 2's Dense.
    assert legacy["from import"].startswith("tf_keras.")
    stated(error=error)
