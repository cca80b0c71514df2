"""Claims of docs/how-to/custom-and-lambda-layers.md (snippets/custom_layers/)."""

import json
import warnings
import zipfile

import keras
import numpy as np
import pytest

from conftest import max_difference
from docsite import executor, pages

PAGE = "docs/how-to/custom-and-lambda-layers.md"
CUSTOM = "custom_layers/custom_objects.py"
REGISTERED = "custom_layers/registered.py"
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


@pytest.mark.claim(
    PAGE,
    "The `Scale` layer has no weights ({parameters} parameters), and its config holds its "
    "`factor`, {factor}.",
)
def test_the_custom_layer_is_a_layer_with_its_factor_in_its_config(snippet, stated):
    run = snippet(CUSTOM)
    ns = run.namespace
    layer = ns["model"].layers[2]
    assert type(layer) is ns["Scale"] and layer.weights == []
    config = layer.get_config()
    twin = ns["Scale"].from_config(config)
    assert twin.factor == layer.factor and twin is not layer
    # It computes what it says: factor times its input.
    assert max_difference(layer(X), X * config["factor"]) == 0.0
    assert f"factor={config['factor']}" in run.stdout
    # Negative control: another factor, another config and another output.
    other = ns["Scale"](factor=3.0)
    assert other.get_config()["factor"] == 3.0 and max_difference(other(X), layer(X)) > 0.1
    stated(parameters=layer.count_params(), factor=config["factor"])


@pytest.mark.claim(
    PAGE,
    "Keras 3 can build that config by itself from the arguments passed to `__init__` when "
    "they are plain Python values, as `factor` is. When one is not (a NumPy array, say), "
    "saving the model raises `NotImplementedError` unless the layer has its own `get_config`.",
)
def test_keras_builds_a_config_from_plain_init_arguments_only(snippet, tmp_path):
    class Bare(keras.layers.Layer):  # like Scale, without get_config
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
    # The page's layer has its own get_config.
    assert "get_config" in vars(snippet(CUSTOM).namespace["Scale"])


@pytest.mark.claim(
    PAGE,
    "The file names the class, `Scale`, but not where it is defined, so `load_model` raises a "
    "`TypeError`, whose message on Keras {keras} says: ``{reason}``",
)
def test_loading_an_unknown_class_raises_type_error(snippet, tmp_path, stated):
    run = snippet(CUSTOM)
    ns = run.namespace
    path = tmp_path / "scaled.keras"
    save_quietly(ns["model"], path)
    error = error_of(lambda: keras.models.load_model(path))
    assert type(error) is TypeError
    message = str(error)
    reason = message[message.index("Could not locate") :].split(" If they are")[0]
    assert f"TypeError: ... {reason}\n" in run.stdout
    # The file records the class name, and no module to import it from.
    with zipfile.ZipFile(path) as archive:
        config = json.loads(archive.read("config.json"))["config"]["layers"][2]
    assert (config["class_name"], config["registered_name"], config["module"]) == (
        "Scale",
        "Scale",
        None,
    )
    # Strongest counterexample: a registered class of the same name (registered.py, run in
    # this same process) does not make the unregistered one load.
    snippet(REGISTERED)
    assert "my_layers>Scale" in keras.saving.get_custom_objects()
    assert type(error_of(lambda: keras.models.load_model(path))) is TypeError
    stated(keras=keras.__version__, reason=reason)


@pytest.mark.claim(
    PAGE,
    'With `custom_objects={{"Scale": Scale}}` the model loads, its `Scale` layer has its factor '
    "again, and it predicts exactly what the saved model did (largest difference {difference}). "
    'The key must be the name the file records: `{{"scale": Scale}}` does not work.',
)
def test_custom_objects_loads_the_class_by_the_recorded_name(snippet, tmp_path, stated):
    ns = snippet(CUSTOM).namespace
    loaded, model, scale = ns["loaded"], ns["model"], ns["Scale"]
    assert type(loaded.layers[2]) is scale and loaded.layers[2].factor == 0.5
    assert ns["difference"].max() == 0.0
    assert max_difference(loaded.predict(X, verbose=0), model.predict(X, verbose=0)) == 0.0
    # Negative control: the wrong key.
    save_quietly(model, tmp_path / "scaled.keras")
    wrong = error_of(
        lambda: keras.models.load_model(tmp_path / "scaled.keras", custom_objects={"scale": scale})
    )
    assert type(wrong) is TypeError and "Could not locate class 'Scale'" in str(wrong)
    stated(difference=float(ns["difference"].max()))


@pytest.mark.claim(
    PAGE,
    'The decorator records the class under `"{name}"` (the package, then the class name), the '
    "file stores that name, and the loaded model predicts exactly as the saved one (largest "
    "difference {difference}). Running the decorator again, as a notebook cell run twice does, "
    "replaces the registration without an error or a warning.",
)
@pytest.mark.claim(
    PAGE,
    "Decorate the class, and every `load_model` in a program that has run the decorator finds "
    "it, with no `custom_objects`:",
)
@pytest.mark.claim(
    PAGE,
    "The program that loads the file must run the decorator first, for example by importing "
    "the module that defines the class: without the registration, loading raises the same "
    "`TypeError` as above.",
)
def test_a_registered_class_loads_without_custom_objects(snippet, tmp_path, monkeypatch, stated):
    ns = snippet(REGISTERED).namespace
    name = keras.saving.get_registered_name(ns["Scale"])
    assert f"saved as: {name}" in snippet(REGISTERED).stdout
    assert ns["model"].get_config()["layers"][2]["registered_name"] == name
    assert type(ns["loaded"].layers[2]) is ns["Scale"]
    assert float(ns["difference"].max()) == 0.0
    # Twice in one program, as the suite runs it (page and snippet alone): with every warning
    # an error, the second run replaces the registration and loads its own class.
    again = executor.run_file(pages.ROOT / "snippets" / REGISTERED).namespace
    assert again["Scale"] is not ns["Scale"]
    assert keras.saving.get_registered_object(name) is again["Scale"]
    assert type(again["loaded"].layers[2]) is again["Scale"]
    # A program that has not run the decorator: the name is unknown, and loading fails.
    path = tmp_path / "scaled.keras"
    save_quietly(again["model"], path)
    monkeypatch.delitem(_registry(), name)
    error = error_of(lambda: keras.models.load_model(path))
    assert type(error) is TypeError and "Could not locate class 'Scale'" in str(error)
    monkeypatch.undo()
    # Negative control: registered again, the same file loads.
    assert type(keras.models.load_model(path).layers[2]) is again["Scale"]
    stated(name=name, difference=float(ns["difference"].max()))


def _registry():
    from keras.src.saving import object_registration

    return object_registration.GLOBAL_CUSTOM_OBJECTS


LAMBDA_REFUSED = (
    "Requested the deserialization of a `Lambda` layer whose `function` is a Python lambda. "
    "This carries a potential risk of arbitrary code execution and thus it is disallowed by "
    "default. If you trust the source of the artifact, you can override this error by passing "
    "`safe_mode=False` to the loading function, or calling "
    "`keras.config.enable_unsafe_deserialization()."
)


@pytest.mark.claim(
    PAGE,
    "The saved file holds the lambda as code: the layer's config stores the function's "
    "compiled bytecode.",
)
@pytest.mark.claim(
    PAGE,
    "By default (`safe_mode=True`), `load_model` refuses to run that code, with a `ValueError` "
    "that on Keras {keras} begins: ``{first_sentence}``",
)
def test_safe_mode_refuses_a_python_lambda(snippet, tmp_path, stated):
    run = snippet(LAMBDA)
    model = keras.Model(run.namespace["inputs"], keras.layers.Lambda(lambda t: t + 1.0)(
        run.namespace["inputs"]))  # fmt: skip
    path = tmp_path / "lambda.keras"
    save_quietly(model, path)
    for kwargs in ({}, {"safe_mode": True}):
        error = error_of(lambda kwargs=kwargs: keras.models.load_model(path, **kwargs))
        assert type(error) is ValueError and str(error) == LAMBDA_REFUSED
    assert f"ValueError: {LAMBDA_REFUSED}\n" in run.stdout
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
    stated(keras=keras.__version__, first_sentence=LAMBDA_REFUSED.split(". ")[0] + ".")


@pytest.mark.claim(
    PAGE,
    "The model then loads and predicts exactly as the saved one (largest difference {difference}).",
)
def test_safe_mode_false_loads_the_lambda(stated):
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
    # The loaded function is new code, made from the file, not the original lambda.
    assert loaded.layers[1].function is not model.layers[1].function
    assert max_difference(loaded.layers[1].function(X), X * 2.0) == 0.0
    stated(difference=float(ns["difference"].max()))


@pytest.mark.claim(
    PAGE,
    "The loaded lambda's global names are those of Keras's module `{module}`, where `keras` is "
    "not defined, so calling it raises `{message}`. Without `output_shape`, `load_model` itself "
    "fails, with a `NotImplementedError` saying that it could not infer the shape of the "
    "Lambda's output.",
)
def test_a_loaded_lambda_cannot_see_the_names_of_its_module(snippet, tmp_path, stated):
    run = snippet(LAMBDA)
    function = run.namespace["function"]
    module = function.__globals__["__name__"]
    assert "keras" not in function.__globals__
    error = error_of(lambda: function(X))
    assert type(error) is NameError
    assert f"{type(error).__name__}: {error}\n" in run.stdout
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
    PAGE,
    "A registered function is saved by its name, not as code: the model loads with the default "
    "`safe_mode=True`, its `Lambda` layer holds your own function (`is` is true), and it "
    "predicts exactly as before (largest difference {difference}). The same function without "
    "the decorator does not load, in safe mode or not.",
)
def test_a_registered_function_loads_in_safe_mode(snippet, tmp_path, stated):
    ns = snippet(LAMBDA).namespace
    function, loaded = ns["absolute_value"], ns["loaded"]
    config = ns["model"].get_config()["layers"][1]["config"]["function"]
    assert config["config"] == "my_layers>absolute_value" and config["class_name"] == "function"
    assert "code" not in str(config)  # a name, where a lambda stores its code
    assert loaded.layers[1].function is function
    assert float(ns["difference"].max()) == 0.0
    assert "same function: True" in snippet(LAMBDA).stdout

    def unregistered(t):
        return keras.ops.abs(t)

    inputs = keras.Input(shape=(4,))
    model = keras.Model(inputs, keras.layers.Lambda(unregistered)(inputs))
    save_quietly(model, tmp_path / "unregistered.keras")
    for safe_mode in (True, False):
        error = error_of(
            lambda safe_mode=safe_mode: keras.models.load_model(
                tmp_path / "unregistered.keras", safe_mode=safe_mode
            )
        )
        assert type(error) is TypeError
    # Negative control: registered, the same function loads.
    keras.saving.register_keras_serializable(package="tests")(unregistered)
    save_quietly(model, tmp_path / "registered.keras")
    assert keras.models.load_model(tmp_path / "registered.keras").layers[1].function is unregistered
    stated(difference=float(ns["difference"].max()))
