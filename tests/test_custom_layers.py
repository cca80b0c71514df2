"""Claims of docs/how-to/custom-layers.md and docs/how-to/lambda-layers.md
(snippets/custom_layers/)."""

import codecs
import importlib.util
import json
import marshal
import traceback
import types
import warnings
import zipfile

import keras
import numpy as np
import pytest
from keras.src.models.functional import Functional

from conftest import fresh, max_difference, run_sections, section
from docsite import executor, pages

PAGE = "docs/how-to/custom-layers.md"
LAMBDA_PAGE = "docs/how-to/lambda-layers.md"
WEIGHTS = "custom_layers/layer_with_weights.py"
CUSTOM = "custom_layers/custom_objects.py"
ADD_LOSS = "custom_layers/add_loss.py"
LAMBDA = "custom_layers/lambda_layer.py"

X = np.random.default_rng(1).random((16, 4), dtype="float32")


def save_quietly(model, path):
    # The NumPy 2 DeprecationWarning of saving (one account: save-and-reload-shared-layers.md).
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "__array__ implementation", DeprecationWarning)
        model.save(path)


def model_with(layer):
    inputs = keras.Input(shape=(4,))
    return keras.Model(inputs, keras.layers.Dense(1)(layer(inputs)))


def error_of(call):
    with pytest.raises(Exception) as caught:
        call()
    return caught.value


def lines(text):
    return text.splitlines()


def numpy(x):
    return np.asarray(keras.ops.convert_to_numpy(x))


def _registry():
    from keras.src.saving import object_registration

    return object_registration.GLOBAL_CUSTOM_OBJECTS


# A layer with weights ------------------------------------------------------------------------


@pytest.mark.claim(
    PAGE,
    "The layer has no weights until its first call. Keras then calls `build` with the input's "
    "shape, and `add_weight` makes a {rows} × {units} kernel and {units} biases: {layer:,} of "
    "the model's {model:,} parameters.",
)
def test_the_layer_makes_its_weights_in_build_at_its_first_call(snippet, printed, stated):
    ns = snippet(WEIGHTS).namespace
    noisy, model = ns["noisy"], ns["model"]
    kernel, bias = noisy.weights
    rows, units = kernel.shape
    assert (kernel is noisy.kernel, bias is noisy.bias) == (True, True)
    assert tuple(bias.shape) == (units,) and noisy.count_params() == rows * units + units
    # What the page printed: none before, the two after, and the counts.
    shown = lines(printed(PAGE, f"snippets/{WEIGHTS}:model"))
    assert shown == [
        "weights before the first call: 0",
        f"weights after: kernel ({rows}, {units}), bias ({units},)",
        f"parameters of the layer: {noisy.count_params():,}",
        f"parameters of the model: {model.count_params():,}",
    ]
    # build runs once, at the first call, with the input's shape; add_weight makes the weights.
    calls, made = [], []

    class Watched(ns["NoisyDense"]):
        def build(self, input_shape):
            calls.append(tuple(input_shape))
            super().build(input_shape)

        def add_weight(self, *args, **kwargs):
            made.append(kwargs["name"])
            return super().add_weight(*args, **kwargs)

    watched = Watched(units)
    assert watched.weights == [] and not watched.built and calls == []
    inputs = keras.Input(shape=(rows,))
    watched(inputs)
    watched(inputs)  # a second call does not build again
    assert calls == [(None, rows)] and made == ["kernel", "bias"]
    assert [tuple(w.shape) for w in watched.weights] == [(rows, units), (units,)]
    # Negative control: before its first call, the layer cannot even count its parameters.
    with pytest.raises(ValueError, match="isn't built"):
        ns["NoisyDense"](units).count_params()
    stated(rows=rows, units=units, layer=noisy.count_params(), model=model.count_params())


@pytest.mark.claim(
    PAGE,
    "For a layer, Keras 3 can build a config by itself from the arguments passed to `__init__` "
    "when they are plain Python values, as `units` and `noise` are. When one is not (a NumPy "
    "array, say), saving the model raises `NotImplementedError` unless the layer has its own "
    "`get_config`. A subclass of `keras.Model` needs its own `get_config` either way: the "
    "config Keras builds for it holds the defaults of `__init__`, not the values passed.",
)
def test_keras_builds_a_config_from_plain_init_arguments_only(snippet, tmp_path):
    class Bare(keras.layers.Layer):  # a layer without get_config
        def __init__(self, factor=2.0, **kwargs):
            super().__init__(**kwargs)
            self.factor = factor

        def call(self, inputs):
            # keras.ops, not `*`: a torch tensor times a NumPy array goes through NumPy's
            # deprecated __array_wrap__ and warns.
            return keras.ops.multiply(inputs, self.factor)

    class Explicit(Bare):
        def __init__(self, factor=2.0, **kwargs):
            # The config holds a list; the layer multiplies by an array.
            super().__init__(factor=np.asarray(factor, dtype="float32"), **kwargs)

        def get_config(self):
            return {**super().get_config(), "factor": np.asarray(self.factor).tolist()}

    # Plain values: a config all the same, and a round trip that predicts the same.
    assert Bare(factor=0.5).get_config()["factor"] == 0.5
    assert Bare(factor=[0.5, 1.0, 2.0, 4.0]).get_config()["factor"] == [0.5, 1.0, 2.0, 4.0]
    model = model_with(Bare(factor=0.5))
    save_quietly(model, tmp_path / "bare.keras")
    loaded = keras.models.load_model(tmp_path / "bare.keras", custom_objects={"Bare": Bare})
    assert loaded.layers[1].factor == 0.5
    assert max_difference(loaded.predict(X, verbose=0), model.predict(X, verbose=0)) == 0.0
    # The page's layer without its get_config: Keras's own config holds units and noise.
    noisy_dense = snippet(WEIGHTS).namespace["NoisyDense"]
    plain = type("PlainNoisyDense", (noisy_dense,), {"get_config": keras.layers.Layer.get_config})
    config = plain(16, noise=0.25).get_config()
    assert (config["units"], config["noise"]) == (16, 0.25)
    # A NumPy array: no config, and saving raises.
    array = np.array([0.5, 1.0, 2.0, 4.0], dtype="float32")
    error = error_of(lambda: save_quietly(model_with(Bare(factor=array)), tmp_path / "a.keras"))
    assert type(error) is NotImplementedError
    assert "non-serializable argument values in `__init__()`" in str(error)
    assert "must override `get_config()`" in str(error)
    # Negative control: with its own get_config, the same array saves and loads.
    model = model_with(Explicit(factor=array))
    save_quietly(model, tmp_path / "explicit.keras")
    loaded = keras.models.load_model(
        tmp_path / "explicit.keras", custom_objects={"Explicit": Explicit}
    )
    assert max_difference(loaded.predict(X, verbose=0), model.predict(X, verbose=0)) == 0.0
    # The page's layers have their own get_config.
    assert "get_config" in vars(noisy_dense)
    assert "get_config" in vars(snippet(CUSTOM).namespace["Scale"])

    # A Model subclass: the config Keras builds holds __init__'s default, not the value given,
    # by position or by name; the same class as a Layer records the value given.
    def init(self, units=32, **kwargs):
        type(self).__base__.__init__(self, **kwargs)
        self.units = units
        self.dense = keras.layers.Dense(units)

    as_model = type("AsModel", (keras.Model,), {"__init__": init, "call": lambda s, x: s.dense(x)})
    as_layer = type("AsLayer", (keras.layers.Layer,), {"__init__": init})
    assert as_model(16).get_config()["units"] == 32
    assert as_model(units=16).get_config()["units"] == 32
    assert as_layer(16).get_config()["units"] == 16  # negative control


# Training and inference ----------------------------------------------------------------------


@pytest.mark.claim(
    PAGE,
    "`predict` runs the layer with `training=False`, so it gives the same output every time. "
    "Called with `training=True` the layer adds its noise, and the output changes.",
)
def test_training_true_adds_the_noise_and_inference_does_not(snippet, printed):
    ns = snippet(WEIGHTS).namespace
    model, noisy, x = ns["model"], ns["noisy"], ns["x"]
    shown = lines(printed(PAGE, f"snippets/{WEIGHTS}:training"))
    assert shown[0] == "inference, twice: largest difference 0.0"
    training = float(shown[1].removeprefix("training: largest difference "))
    assert training > 0
    # Every time: three more predictions, bit-identical to the first.
    first = model.predict(x, verbose=0)
    for _ in range(3):
        assert max_difference(model.predict(x, verbose=0), first) == 0.0
    # The layer's own output: training=True adds noise of the layer's standard deviation.
    # 8 x 16 = 128 draws: their sample standard deviation is within 30% of 0.1 (the
    # standard error is about 6%, so this bound is five of them).
    clean, noisy_out = numpy(noisy(x)), numpy(noisy(x, training=True))
    added = noisy_out - clean
    assert abs(added.std() - noisy.noise) < 0.3 * noisy.noise
    # Each call draws anew: two training calls differ from each other too.
    assert max_difference(noisy(x, training=True), noisy_out) > 0
    # Negative control: with noise 0, training=True changes nothing.
    quiet = ns["NoisyDense"](noisy.units, noise=0.0)
    quiet(x)
    quiet.set_weights(noisy.get_weights())
    assert max_difference(quiet(x, training=True), clean) == 0.0


@pytest.mark.claim(
    PAGE,
    "`fit` and `predict` pass `training` for you: Keras passes it to every layer whose `call` "
    "takes it, `True` in `fit` and `False` in `predict` and `evaluate`.",
)
@pytest.mark.claim(
    PAGE,
    "With JAX and PyTorch, `fit` also calls the model once with `training=False` before its "
    "first step, to work out its output shapes; the steps themselves pass `True`.",
)
def test_keras_passes_training_to_the_layers_that_take_it(snippet):
    noisy_dense = snippet(WEIGHTS).namespace["NoisyDense"]
    seen = []

    def shape_only():
        # fit() first traces the model once for its output shapes (_symbolic_build, on JAX
        # and PyTorch): a shape inference, not a training step.
        return any(frame.name == "compute_output_spec" for frame in traceback.extract_stack())

    class Spy(noisy_dense):
        def call(self, inputs, training=False):
            seen.append((self.name, training, shape_only()))
            return super().call(inputs, training=training)

    class NoTraining(keras.layers.Layer):
        def call(self, inputs, **kwargs):
            seen.append((self.name, tuple(kwargs), shape_only()))
            return inputs

    # Strongest case: a layer inside a model nested in the model, beside one at the top.
    inner_inputs = keras.Input(shape=(8,))
    inner = keras.Model(inner_inputs, Spy(8, name="inner")(inner_inputs))
    inputs = keras.Input(shape=(8,))
    top = Spy(4, name="top")(NoTraining(name="plain")(inner(inputs)))
    model = keras.Model(inputs, top)
    model.compile(optimizer="sgd", loss="mse")
    x = np.random.default_rng(0).random((16, 8), dtype="float32")
    y = np.zeros((16, 4), dtype="float32")

    def passed(run):
        seen.clear()
        run()
        return {(name, value) for name, value, shape in seen if not shape}

    # Its own training: the page runs no fit; spy layers record the training value it passes.
    assert passed(lambda: model.fit(x, y, epochs=1, verbose=0)) == {
        ("inner", True),
        ("top", True),
        ("plain", ()),
    }
    # The shape-only call of fit: once per layer, with training=False, on JAX and PyTorch
    # only (TensorFlow's fit makes none).
    shape_calls = [(name, value) for name, value, shape in seen if shape]
    if keras.backend.backend() in ("jax", "torch"):
        assert sorted(shape_calls) == [("inner", False), ("plain", ()), ("top", False)]
    else:
        assert shape_calls == []
    # It comes before the first step: the first call fit made was shape-only.
    assert seen[0][2] == (keras.backend.backend() in ("jax", "torch"))
    for run in (lambda: model.predict(x, verbose=0), lambda: model.evaluate(x, y, verbose=0)):
        assert passed(run) == {("inner", False), ("top", False), ("plain", ())}
    # Negative control: a plain call passes nothing, and each layer keeps its own default.
    assert passed(lambda: model(x)) == {("inner", False), ("top", False), ("plain", ())}
    seen.clear()
    model(x, training=True)
    assert ("inner", True, False) in seen


# Save and load it ----------------------------------------------------------------------------


@pytest.mark.claim(
    PAGE,
    'The decorator records the class under `"{name}"` (the package, then the class name), and '
    "the file stores that name. `load_model` finds the class by it, makes the layer again from "
    "its config, with its weights, and the loaded model predicts exactly as the saved one "
    "(largest difference {difference}).",
)
@pytest.mark.claim(
    PAGE,
    "The program that loads the file must run the decorator first, for example by importing "
    "the module that defines the class. Without the registration, loading raises a "
    "`TypeError` (``{message}``).",
)
def test_a_registered_class_loads_without_custom_objects(
    snippet, printed, tmp_path, monkeypatch, stated
):
    ns = snippet(WEIGHTS).namespace
    noisy_dense, model, loaded = ns["NoisyDense"], ns["model"], ns["loaded"]
    name = keras.saving.get_registered_name(noisy_dense)
    shown = lines(printed(PAGE, f"snippets/{WEIGHTS}:save"))
    assert shown == [
        f"saved as: {name}",
        "loaded: NoisyDense(16, noise=0.1)",
        "largest difference after the round trip: 0.0",
    ]
    # The file stores the name...
    path = tmp_path / "classifier.keras"
    save_quietly(model, path)
    with zipfile.ZipFile(path) as archive:
        layers = json.loads(archive.read("config.json"))["config"]["layers"]
    (saved,) = [layer for layer in layers if layer["config"]["name"] == "noisy"]
    assert saved["registered_name"] == name
    # ...and the loaded layer is the class, made from its config, with the saved weights.
    layer = loaded.get_layer("noisy")
    assert type(layer) is noisy_dense and (layer.units, layer.noise) == (16, 0.1)
    for new, old in zip(layer.weights, ns["noisy"].weights, strict=True):
        assert max_difference(new, old) == 0.0
    difference = float(ns["difference"])
    assert difference == 0.0
    # A program that has not run the decorator: the name is unknown, and loading fails.
    registered = keras.saving.get_registered_object(name)  # the page's run may have replaced it
    monkeypatch.delitem(_registry(), name)
    error = error_of(lambda: keras.models.load_model(path))
    assert type(error) is TypeError
    message = "Could not locate class 'NoisyDense'"
    assert message in str(error)
    # Importing a module that defines the class runs the decorator: then it loads.
    module = tmp_path / "my_layers.py"
    module.write_text(section(WEIGHTS, "layer"), encoding="utf-8")
    spec = importlib.util.spec_from_file_location("my_layers", module)
    imported = importlib.util.module_from_spec(spec)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # without a warning
        spec.loader.exec_module(imported)
    assert type(keras.models.load_model(path).get_layer("noisy")) is imported.NoisyDense
    monkeypatch.undo()
    # Negative control: registered again, the same file loads again.
    assert type(keras.models.load_model(path).get_layer("noisy")) is registered
    stated(name=name, difference=difference, message=message)


@pytest.mark.claim(
    PAGE,
    "Running the decorator again, as a notebook cell run twice does, replaces the "
    "registration without an error or a warning.",
)
def test_running_the_decorator_again_replaces_the_registration(snippet, tmp_path):
    snippet(WEIGHTS)
    name = "my_layers>NoisyDense"
    first = keras.saving.get_registered_object(name)
    assert first is not None and first.__name__ == "NoisyDense"
    try:
        # The layer's section again, in one more namespace of this program: the executor
        # makes every warning a reader would see an error, and here every warning at all.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            again = run_sections(WEIGHTS, "layer", "model")
        assert caught == []
        assert again["NoisyDense"] is not first
        assert keras.saving.get_registered_object(name) is again["NoisyDense"]
        path = tmp_path / "again.keras"
        save_quietly(again["model"], path)
        assert type(keras.models.load_model(path).get_layer("noisy")) is again["NoisyDense"]
        # Negative control: the first class is no longer the one registered under the name.
        assert keras.saving.get_registered_object(name) is not first
    finally:
        # Restore the earlier class for the other tests of this session.
        keras.saving.register_keras_serializable(package="my_layers")(first)
    assert keras.saving.get_registered_object(name) is first


# Without the decorator: custom_objects -------------------------------------------------------


@pytest.mark.claim(
    PAGE,
    "The `Scale` layer has no weights ({parameters} parameters), and its config holds its "
    "`factor`, {factor}.",
)
def test_the_custom_layer_is_a_layer_with_its_factor_in_its_config(snippet, printed, stated):
    ns = snippet(CUSTOM).namespace
    layer = ns["model"].layers[2]
    assert type(layer) is ns["Scale"] and layer.weights == []
    config = layer.get_config()
    twin = ns["Scale"].from_config(config)
    assert twin.factor == layer.factor and twin is not layer
    # It computes what it says: factor times its input.
    assert max_difference(layer(X), X * config["factor"]) == 0.0
    assert lines(printed(PAGE, f"snippets/{CUSTOM}:layer")) == [
        f"Scale's config: factor={config['factor']}",
        f"Scale's parameters: {layer.count_params()}",
    ]
    # Negative control: another factor, another config and another output.
    other = ns["Scale"](factor=3.0)
    # (3.0 - 0.5 times inputs up to 1: a difference of up to 2.5, far above rounding)
    assert other.get_config()["factor"] == 3.0 and max_difference(other(X), layer(X)) > 0.1
    stated(parameters=layer.count_params(), factor=config["factor"])


@pytest.mark.claim(
    PAGE,
    "The file names the class, `Scale`, but not where it is defined, so `load_model` cannot "
    "locate it and raises the `TypeError` above.",
)
def test_loading_an_unknown_class_raises_type_error(snippet, printed, tmp_path):
    ns = snippet(CUSTOM).namespace
    path = tmp_path / "scaled.keras"
    save_quietly(ns["model"], path)
    error = error_of(lambda: keras.models.load_model(path))
    assert type(error) is TypeError
    message = str(error)
    reason = message[message.index("Could not locate") :].split(" If they are")[0]
    # "The TypeError above": what the block printed, which says it cannot locate the class.
    assert lines(printed(PAGE, f"snippets/{CUSTOM}:save")) == [f"TypeError: ... {reason}"]
    assert reason.startswith("Could not locate class 'Scale'.")
    # The file records the class name, and no module to import it from.
    with zipfile.ZipFile(path) as archive:
        config = json.loads(archive.read("config.json"))["config"]["layers"][2]
    assert (config["class_name"], config["registered_name"], config["module"]) == (
        "Scale",
        "Scale",
        None,
    )
    # Strongest counterexample: a registered class of the same name (as "my_layers>Scale")
    # does not make the unregistered one load.
    registered = keras.saving.register_keras_serializable(package="my_layers")(
        type("Scale", (ns["Scale"],), {})
    )
    try:
        assert keras.saving.get_registered_name(registered) == "my_layers>Scale"
        assert type(error_of(lambda: keras.models.load_model(path))) is TypeError
    finally:
        del _registry()["my_layers>Scale"]
    # Negative control: with the class named, the same file loads.
    loaded = keras.models.load_model(path, custom_objects={"Scale": ns["Scale"]})
    assert type(loaded.layers[2]) is ns["Scale"]


@pytest.mark.claim(
    PAGE,
    'With `custom_objects={{"Scale": Scale}}` the model loads, its `Scale` layer has its factor '
    "again, and it predicts exactly what the saved model did (largest difference {difference}). "
    'The key must be the name the file records: `{{"scale": Scale}}` does not work.',
)
def test_custom_objects_loads_the_class_by_the_recorded_name(snippet, printed, tmp_path, stated):
    ns = snippet(CUSTOM).namespace
    loaded, model, scale = ns["loaded"], ns["model"], ns["Scale"]
    assert type(loaded.layers[2]) is scale and loaded.layers[2].factor == 0.5
    assert ns["difference"].max() == 0.0
    assert max_difference(loaded.predict(X, verbose=0), model.predict(X, verbose=0)) == 0.0
    assert lines(printed(PAGE, f"snippets/{CUSTOM}:custom_objects")) == [
        f"loaded layer: Scale, factor {loaded.layers[2].factor}",
        f"largest difference after the round trip: {ns['difference'].max()}",
    ]
    # Negative control: the wrong key.
    save_quietly(model, tmp_path / "scaled.keras")
    wrong = error_of(
        lambda: keras.models.load_model(tmp_path / "scaled.keras", custom_objects={"scale": scale})
    )
    assert type(wrong) is TypeError and "Could not locate class 'Scale'" in str(wrong)
    stated(difference=float(ns["difference"].max()))


# add_loss ------------------------------------------------------------------------------------


@pytest.mark.claim(
    PAGE,
    "A Functional model's `add_loss` raises `NotImplementedError`, with an empty message, "
    "whatever it is given: a tensor of the model, as here, a number or a function. A Sequential "
    "model's raises `ValueError` for each of those three, saying that "
    '`add_loss()` "can only be called from inside `build()` or `call()`".',
)
def test_model_add_loss_raises_on_a_functional_model(snippet, printed):
    ns = snippet(ADD_LOSS).namespace
    model, code = ns["model"], ns["code"]
    assert lines(printed(PAGE, f"snippets/{ADD_LOSS}:functional")) == [
        "NotImplementedError, message: ''"
    ]
    given = {
        "a tensor of the model": keras.ops.sum(keras.ops.abs(code)),
        "its input": model.inputs[0],
        "a number": 1.0,
        "a concrete tensor": keras.ops.ones(()),
        "a function": lambda: keras.ops.sum(model.layers[1].kernel),
        "a list": [keras.ops.mean(code)],
    }
    for what, loss in given.items():
        error = error_of(lambda loss=loss: model.add_loss(loss))
        assert type(error) is NotImplementedError and str(error) == "", what
    assert model.losses == []
    # The same on a Functional model that holds the page's SparsityPenalty layer.
    autoencoder = ns["autoencoder"]
    assert isinstance(autoencoder, Functional)
    assert type(error_of(lambda: autoencoder.add_loss(1.0))) is NotImplementedError
    # A Sequential model's add_loss is a layer's: ValueError for the page's three kinds (and
    # for its input and a list), while a concrete tensor, which the page does not name, is
    # taken, as a layer takes it.
    sequential = keras.Sequential([keras.Input((64,)), keras.layers.Dense(16)])
    for loss in (
        keras.ops.sum(sequential.outputs[0]),
        1.0,
        lambda: keras.ops.sum(sequential.layers[0].kernel),
        sequential.inputs[0],
        [keras.ops.mean(sequential.outputs[0])],
    ):
        error = error_of(lambda loss=loss: sequential.add_loss(loss))
        assert type(error) is ValueError
        assert "`add_loss()` can only be called from inside `build()` or `call()`" in str(error)
    assert sequential.losses == []
    sequential.add_loss(keras.ops.ones(()))
    assert len(sequential.losses) == 1
    # Negative control: a layer's own add_loss takes a tensor (and refuses a number with
    # another error).
    layer = keras.layers.Layer()
    layer.add_loss(keras.ops.ones(()))
    assert len(layer.losses) == 1
    assert type(error_of(lambda: layer.add_loss(1.0))) is ValueError


def zero(y_true, y_pred):
    """A compiled loss that is always 0: what fit trains on is then the added penalty alone."""
    return keras.ops.mean(y_pred) * 0.0


@pytest.mark.claim(
    PAGE,
    "`evaluate`'s loss is the reconstruction loss plus the layer's penalty, as the last line "
    "shows, and `fit` trains on the same sum. After a call, `autoencoder.losses` holds the "
    "penalty of that call.",
)
def test_self_add_loss_in_call_adds_the_penalty_to_the_loss(snippet, printed):
    # The last line, as printed: "reconstruction B + penalty C = D", D being evaluate's loss
    # (both printed to 4 decimals, from values that agree within float32 rounding, below).
    shown = lines(printed(PAGE, f"snippets/{ADD_LOSS}:layer"))
    evaluated = shown[0].removeprefix("evaluate's loss: ")
    parts = shown[1].removeprefix("reconstruction ").replace(" + penalty ", " ").split(" = ")
    reconstruction, penalty = (float(v) for v in parts[0].split())
    assert parts[1] == evaluated
    assert penalty > 0.01  # a penalty that shows at 4 decimals
    # Each of the three numbers is rounded to 4 decimals (off by up to 5e-5 each), so the
    # printed parts add up to the printed total within 1.5e-4.
    assert abs(reconstruction + penalty - float(evaluated)) <= 1.5e-4 + 1e-9
    ns = fresh(ADD_LOSS)
    autoencoder, x = ns["autoencoder"], ns["x"]
    # Unrounded: float32 sums of 2,048 terms, in another order in evaluate, agree within a
    # relative 1e-5 (float32's epsilon is 1.2e-7; the order changes the last digits).
    assert ns["loss"] == pytest.approx(ns["bce"] + ns["penalty"], rel=1e-5)
    # The penalty is what the layer computes: rate * mean over rows of sum(|code|).
    encoder = keras.Model(autoencoder.input, autoencoder.layers[1].output)
    code = numpy(encoder(x))
    expected = 1e-2 * np.abs(code).sum(axis=-1).mean()
    assert ns["penalty"] == pytest.approx(expected, rel=1e-5)
    # After a call, losses holds that call's penalty only (not the earlier calls' too).
    autoencoder(x[:5])
    (held,) = autoencoder.losses
    five = 1e-2 * np.abs(code[:5]).sum(axis=-1).mean()
    assert float(numpy(held)) == pytest.approx(five, rel=1e-5)
    # Its own training, on a fresh run: the page's run evaluates only, and runs no fit.
    # fit reports the same sum: one batch, loss measured before the update.
    history = autoencoder.fit(x, x, batch_size=len(x), epochs=1, verbose=0, shuffle=False)
    assert history.history["loss"][0] == pytest.approx(ns["loss"], rel=1e-5)
    # fit trains on the penalty: with a compiled loss of 0, the penalty alone moves the
    # encoder, and lowers the penalty.
    penalised = fresh(ADD_LOSS)["autoencoder"]
    penalised.compile(optimizer=keras.optimizers.SGD(0.5), loss=zero)
    kernel = numpy(penalised.layers[1].kernel).copy()
    before = penalised.evaluate(x, x, batch_size=len(x), verbose=0)
    penalised.fit(x, x, batch_size=len(x), epochs=5, verbose=0)
    # (5 SGD steps of 0.5 times a penalty gradient of about 0.01 x inputs in [0, 1): the
    # kernel moves by about 1e-2, far above rounding)
    assert max_difference(penalised.layers[1].kernel, kernel) > 1e-3
    assert penalised.evaluate(x, x, batch_size=len(x), verbose=0) < before
    # Negative control: the same model without the penalty layer has no added loss, and a
    # compiled loss of 0 leaves it where it was.
    plain = keras.Model(autoencoder.input, autoencoder.layers[-1](autoencoder.layers[1].output))
    plain = keras.models.clone_model(plain)
    plain.compile(optimizer=keras.optimizers.SGD(0.5), loss=zero)
    kernel = numpy(plain.layers[1].kernel).copy()
    plain.fit(x, x, batch_size=len(x), epochs=5, verbose=0)
    assert plain.losses == [] and max_difference(plain.layers[1].kernel, kernel) == 0.0


@pytest.mark.claim(
    PAGE,
    "This penalty has a built-in twin: a `Dense` layer with "
    "`activity_regularizer=keras.regularizers.L1({rate:g})` adds the same value.",
)
def test_activity_regularizer_adds_the_same_penalty(snippet, stated):
    ns = snippet(ADD_LOSS).namespace
    autoencoder = ns["autoencoder"]
    (penalty_layer,) = [
        layer for layer in autoencoder.layers if type(layer) is ns["SparsityPenalty"]
    ]
    rate = penalty_layer.rate
    dense = autoencoder.layers[1]
    twin = keras.layers.Dense(
        dense.units, activation="relu", activity_regularizer=keras.regularizers.L1(rate)
    )
    inputs = keras.Input(shape=(64,))
    built_in = keras.Model(inputs, twin(inputs))
    twin.set_weights(dense.get_weights())
    encoder = keras.Model(autoencoder.input, penalty_layer(dense.output))
    rows = np.random.default_rng(2).random((32, 64), dtype="float32")
    # Every batch size: the built-in divides by it, as the layer's mean over rows does.
    # Float32 sums of up to 512 terms in another order: within a relative 1e-5.
    for size in (1, 7, 32):
        built_in(rows[:size])
        encoder(rows[:size])
        (ours,), (theirs,) = encoder.losses, built_in.losses
        assert float(numpy(theirs)) == pytest.approx(float(numpy(ours)), rel=1e-5), size
    # Negative control: L2 of the same rate adds another value.
    other = keras.layers.Dense(
        dense.units, activation="relu", activity_regularizer=keras.regularizers.L2(rate)
    )
    l2 = keras.Model(inputs, other(inputs))
    other.set_weights(dense.get_weights())
    l2(rows)
    encoder(rows)
    # (L2 sums squares of codes below 1, L1 their sizes: values apart by much more than the
    # rounding of either)
    assert abs(float(numpy(l2.losses[0])) - float(numpy(encoder.losses[0]))) > 1e-3
    stated(rate=rate)


# Lambda layers (docs/how-to/lambda-layers.md) ------------------------------------------------

LAMBDA_REFUSED = (
    "Requested the deserialization of a `Lambda` layer whose `function` is a Python lambda. "
    "This carries a potential risk of arbitrary code execution and thus it is disallowed by "
    "default. If you trust the source of the artifact, you can override this error by passing "
    "`safe_mode=False` to the loading function, or calling "
    "`keras.config.enable_unsafe_deserialization()."
)


@pytest.mark.claim(
    LAMBDA_PAGE,
    "The saved file holds the lambda as code: the layer's config stores the function's "
    "compiled bytecode.",
)
@pytest.mark.claim(
    LAMBDA_PAGE,
    "By default (`safe_mode=True`), `load_model` refuses to run that code, with a `ValueError` "
    "that begins: ``{first_sentence}``",
)
def test_safe_mode_refuses_a_python_lambda(snippet, printed, tmp_path, stated):
    run = snippet(LAMBDA)
    model = keras.Model(run.namespace["inputs"], keras.layers.Lambda(lambda t: t + 1.0)(
        run.namespace["inputs"]))  # fmt: skip
    path = tmp_path / "lambda.keras"
    save_quietly(model, path)
    for kwargs in ({}, {"safe_mode": True}):
        error = error_of(lambda kwargs=kwargs: keras.models.load_model(path, **kwargs))
        assert type(error) is ValueError and str(error) == LAMBDA_REFUSED
    assert lines(printed(LAMBDA_PAGE, f"snippets/{LAMBDA}:safe_mode")) == [
        f"ValueError: {LAMBDA_REFUSED}"
    ]
    # Refused before anything runs: the message is raised from the layer's from_config.
    # In the file: config.json, inside the .keras zip archive.
    with zipfile.ZipFile(path) as archive:
        saved = json.loads(archive.read("config.json"))
    config = saved["config"]["layers"][1]["config"]["function"]
    assert config["class_name"] == "__lambda__" and "code" in config["config"]
    # The code is the lambda's marshalled bytecode (base64), which Keras turns back into a
    # function.
    import base64
    import marshal

    code = marshal.loads(base64.b64decode(config["config"]["code"]))
    assert code.co_code == model.layers[1].function.__code__.co_code
    # Negative control: a model with no Lambda loads in safe mode.
    plain = keras.Model(model.inputs, keras.layers.Dense(1)(model.inputs[0]))
    save_quietly(plain, tmp_path / "plain.keras")
    keras.models.load_model(tmp_path / "plain.keras")
    stated(first_sentence=LAMBDA_REFUSED.split(". ")[0] + ".")


@pytest.mark.claim(
    LAMBDA_PAGE,
    "The model then loads and predicts exactly as the saved one (largest difference "
    "{difference}). Load it with the Python that saved it: the file holds that Python's "
    "bytecode, and Keras's own `Lambda` documentation says such layers \"should only be loaded "
    'in the same environment where they were saved".',
)
def test_safe_mode_false_loads_the_lambda(printed, stated):
    ns = executor.run(
        "\n".join(
            pages.section_code(pages.ROOT / "snippets" / LAMBDA, part)
            for part in ("model", "trusted")
        ),
        LAMBDA,
    ).namespace
    loaded, model = ns["loaded"], ns["model"]
    assert ns["difference"].max() == 0.0
    assert max_difference(loaded.predict(X, verbose=0), model.predict(X, verbose=0)) == 0.0
    assert lines(printed(LAMBDA_PAGE, f"snippets/{LAMBDA}:trusted")) == [
        f"largest difference after the round trip: {ns['difference'].max()}"
    ]
    # The loaded function is new code, made from the file, not the original lambda.
    assert loaded.layers[1].function is not model.layers[1].function
    assert max_difference(loaded.layers[1].function(X), X * 2.0) == 0.0
    # The file's code is this Python's bytecode: the stored string is the lambda's own code
    # object, marshalled (marshal's format is the running Python's).
    stored = model.layers[1].get_config()["function"]["config"]["code"]
    code = marshal.loads(codecs.decode(stored.encode("ascii"), "base64"))
    assert isinstance(code, types.CodeType)
    assert code.co_code == model.layers[1].function.__code__.co_code
    # Keras's documentation of the pinned release says it, as the page quotes it.
    documented = " ".join(keras.layers.Lambda.__doc__.split())
    assert "should only be loaded in the same environment where they were saved" in documented
    stated(difference=float(ns["difference"].max()))


@pytest.mark.claim(
    LAMBDA_PAGE,
    "The loaded lambda's global names are those of Keras's module `{module}`, where `keras` is "
    "not defined, so calling it raises `{message}`. Without `output_shape`, `load_model` itself "
    "fails, with a `NotImplementedError` saying that it could not infer the shape of the "
    "Lambda's output.",
)
def test_a_loaded_lambda_cannot_see_the_names_of_its_module(snippet, printed, tmp_path, stated):
    run = snippet(LAMBDA)
    function = run.namespace["function"]
    module = function.__globals__["__name__"]
    assert "keras" not in function.__globals__
    error = error_of(lambda: function(X))
    assert type(error) is NameError
    assert lines(printed(LAMBDA_PAGE, f"snippets/{LAMBDA}:globals")) == [
        f"the loaded lambda's globals: {module}",
        f"{type(error).__name__}: {error}",
    ]
    # Inside a model, the same NameError.
    inputs = keras.Input(shape=(4,))
    wrapped = keras.Model(inputs, keras.layers.Lambda(function, output_shape=(4,))(inputs))
    with pytest.raises(NameError):
        wrapped.predict(X, verbose=0)
    # Without output_shape, load_model fails first.
    inputs = keras.Input(shape=(4,))
    model = keras.Model(inputs, keras.layers.Lambda(lambda t: keras.ops.abs(t))(inputs))
    save_quietly(model, tmp_path / "no_shape.keras")
    failed = error_of(lambda: keras.models.load_model(tmp_path / "no_shape.keras", safe_mode=False))
    assert type(failed) is NotImplementedError
    assert "We could not automatically infer the shape of the Lambda's output" in str(failed)
    # custom_objects does not reach the lambda's global names either.
    failed = error_of(
        lambda: keras.models.load_model(
            tmp_path / "no_shape.keras", safe_mode=False, custom_objects={"keras": keras}
        )
    )
    assert type(failed) is NotImplementedError
    # Negative control: a lambda that uses only its argument and Python's built-ins (`abs`)
    # loads and runs.
    model = keras.Model(inputs, keras.layers.Lambda(lambda t: abs(t))(inputs))
    save_quietly(model, tmp_path / "builtin.keras")
    loaded = keras.models.load_model(tmp_path / "builtin.keras", safe_mode=False)
    assert max_difference(loaded.predict(X - 0.5, verbose=0), np.abs(X - 0.5)) == 0.0
    stated(module=module, message=f"{type(error).__name__}: {error}")


@pytest.mark.claim(
    LAMBDA_PAGE,
    "A registered function is saved by its name, not as code: the model loads with the default "
    "`safe_mode=True`, its `Lambda` layer holds your own function (`is` is true), and it "
    "predicts exactly as before (largest difference {difference}).",
)
def test_a_registered_function_loads_in_safe_mode(printed, tmp_path, stated):
    # The block's objects: later sections of the file reuse the names `model` and `loaded`.
    ns = run_sections(LAMBDA, "model", "named")
    function, loaded = ns["absolute_value"], ns["loaded"]
    config = ns["model"].get_config()["layers"][1]["config"]["function"]
    assert config["config"] == "my_layers>absolute_value" and config["class_name"] == "function"
    assert "code" not in str(config)  # a name, where a lambda stores its code
    assert loaded.layers[1].function is function
    assert float(ns["difference"].max()) == 0.0
    assert lines(printed(LAMBDA_PAGE, f"snippets/{LAMBDA}:named")) == [
        "same function: True",
        f"largest difference after the round trip: {ns['difference'].max()}",
    ]

    # Negative control: the same function, not registered, does not load.
    def unregistered(t):
        return keras.ops.abs(t)

    inputs = keras.Input(shape=(4,))
    model = keras.Model(inputs, keras.layers.Lambda(unregistered)(inputs))
    save_quietly(model, tmp_path / "unregistered.keras")
    assert type(error_of(lambda: keras.models.load_model(tmp_path / "unregistered.keras"))) is (
        TypeError
    )
    stated(difference=float(ns["difference"].max()))


def registered_times(factor):
    """A registered function that reads `factor` from the call that made it (a closure)."""

    @keras.saving.register_keras_serializable(package="lambda_test", name="times")
    def times(t):
        return t * factor

    return times


@keras.saving.register_keras_serializable(package="lambda_test")
def scaled(t, factor):
    return t * factor


@pytest.mark.claim(
    LAMBDA_PAGE,
    "Only the name is saved, so a value the function reads from outside itself (a global, or a "
    "variable of the function that made it) is whatever the loading program holds then. Pass "
    "such a value in `arguments`, which the layer saves: for a registered `scaled(t, factor)`, "
    '`Lambda(scaled, arguments={{"factor": {factor}}})`.',
)
def test_a_registered_function_keeps_only_its_arguments(tmp_path, stated):
    factor = 3.0
    inputs = keras.Input(shape=(4,))
    # Read from outside: saved with factor 3, loaded after the program made it 10.
    save_quietly(
        keras.Model(inputs, keras.layers.Lambda(registered_times(factor))(inputs)),
        tmp_path / "closure.keras",
    )
    registered_times(10.0)
    loaded = keras.models.load_model(tmp_path / "closure.keras")
    assert max_difference(loaded.predict(X, verbose=0), X * 10.0) == 0.0
    # A global the same way: the loading program's value is the one used.
    global SCALE
    SCALE = factor
    save_quietly(
        keras.Model(inputs, keras.layers.Lambda(scaled_by_global)(inputs)), tmp_path / "g.keras"
    )
    SCALE = 10.0
    loaded = keras.models.load_model(tmp_path / "g.keras")
    assert max_difference(loaded.predict(X, verbose=0), X * 10.0) == 0.0
    # Passed in `arguments`, the value is saved with the layer and comes back as it was.
    model = keras.Model(inputs, keras.layers.Lambda(scaled, arguments={"factor": factor})(inputs))
    save_quietly(model, tmp_path / "arguments.keras")
    loaded = keras.models.load_model(tmp_path / "arguments.keras")
    assert loaded.layers[1].arguments == {"factor": factor}
    assert max_difference(loaded.predict(X, verbose=0), X * factor) == 0.0
    stated(factor=factor)


SCALE = 1.0


@keras.saving.register_keras_serializable(package="lambda_test")
def scaled_by_global(t):
    return t * SCALE


@pytest.mark.claim(
    LAMBDA_PAGE,
    "Without `custom_objects`, loading raises `{error}`, in safe mode or not. With "
    '`custom_objects={{"absval": absval}}`, the model loads in safe mode, its `Lambda` layer '
    "holds your function itself (`is` is true), and it predicts exactly as before. The key must "
    "be the function's name, as the file records it. Loading inside "
    '`with keras.saving.custom_object_scope({{"absval": absval}}):` does the same.',
)
def test_an_unregistered_function_loads_with_custom_objects(snippet, printed, tmp_path, stated):
    ns = snippet(LAMBDA).namespace
    absval, model, loaded = ns["absval"], ns["model"], ns["loaded"]
    assert keras.saving.get_registered_object(keras.saving.get_registered_name(absval)) is None
    # What the page printed: the error's type, the same function, no difference.
    assert lines(printed(LAMBDA_PAGE, f"snippets/{LAMBDA}:unregistered")) == [
        "without custom_objects: TypeError",
        "same function: True",
        f"largest difference after the round trip: {ns['difference'].max()}",
    ]
    assert loaded.layers[1].function is absval and float(ns["difference"].max()) == 0.0
    # The file records the function by its name, not as code.
    path = tmp_path / "absval.keras"
    save_quietly(model, path)
    with zipfile.ZipFile(path) as archive:
        saved = json.loads(archive.read("config.json"))
    function = saved["config"]["layers"][1]["config"]["function"]
    assert function["class_name"] == "function" and function["config"] == absval.__name__
    # Without custom_objects: TypeError, in safe mode or not.
    errors = [
        error_of(lambda safe_mode=safe_mode: keras.models.load_model(path, safe_mode=safe_mode))
        for safe_mode in (True, False)
    ]
    assert {type(error) for error in errors} == {TypeError}
    # With it, in safe mode (the default, and said outright): the function itself.
    x = X - 0.5  # negative values too, where abs changes them
    for kwargs in ({}, {"safe_mode": True}):
        again = keras.models.load_model(path, custom_objects={"absval": absval}, **kwargs)
        assert again.layers[1].function is absval
        assert max_difference(again.predict(x, verbose=0), model.predict(x, verbose=0)) == 0.0
    # The key must be the recorded name: another key fails as if none were given.
    wrong = error_of(lambda: keras.models.load_model(path, custom_objects={"abs_value": absval}))
    assert type(wrong) is TypeError
    # custom_object_scope does the same, and only inside its block.
    with keras.saving.custom_object_scope({"absval": absval}):
        assert keras.models.load_model(path).layers[1].function is absval
    # Negative control: after the block, the name is unknown again.
    assert type(error_of(lambda: keras.models.load_model(path))) is TypeError
    stated(error=type(errors[0]).__name__)
