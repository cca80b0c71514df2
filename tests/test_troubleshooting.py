"""Claims of docs/reference/troubleshooting.md (snippets/troubleshooting/).

Each test checks the exact text the page shows (the snippet's own printed output), built from
the snippet's own objects where Keras puts a generated name in the message, and a negative
control: the fix raises (or warns) nothing.
"""

import re
import warnings
from pathlib import Path

import keras
import numpy as np
import pytest
from conftest import ROOT, fresh

from docsite import executor


def recorded_warnings(build):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = build()
    return result, caught


def number(name: str, prefix: str) -> int:
    """The number Keras appended to an automatic name: "sequential" is 0, "sequential_3" is 3."""
    match = re.fullmatch(rf"{prefix}(?:_(\d+))?", name)
    assert match, name
    return int(match[1] or 0)


@pytest.mark.claim
def test_generated_names_are_numbered_in_creation_order(snippet):
    executor.reset()  # a new program, as for a reader who runs one snippet alone
    first, second = keras.Sequential(), keras.Sequential()
    a, b = keras.Input((2,)), keras.Input((2,))
    assert (first.name, second.name) == ("sequential", "sequential_1")
    assert (a.name, b.name) == ("keras_tensor", "keras_tensor_1")
    assert [keras.layers.Dense(1).name for _ in range(2)] == ["dense", "dense_1"]
    # So the same snippet shows other names after other code has created models and tensors.
    third = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(32)])
    assert number(third.name, "sequential") == number(second.name, "sequential") + 1 == 2
    alone = snippet("troubleshooting/sequential_input_output.py").namespace["model"]
    assert alone.name == "sequential"  # the snippet run alone, as a new program
    # Negative control: a name given by the caller is kept as is, not numbered.
    assert keras.Sequential(name="my_model").name == "my_model"


@pytest.mark.claim
def test_input_dim_prints_a_userwarning(snippet):
    run = snippet("troubleshooting/input_dim_warning.py")
    assert run.stdout == (
        "UserWarning: Do not pass an `input_shape`/`input_dim` argument to a layer. "
        "When using Sequential models, prefer using an `Input(shape)` object as the first "
        "layer in the model instead.\n"
    )
    caught = run.namespace["caught"]
    assert len(caught) == 1 and caught[0].category is UserWarning
    assert run.namespace["model"].built is True
    assert run.namespace["model"].count_params() == 784 * 32 + 32 == 25_120
    # Where warnings are errors, the warning is raised and the model is never made.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning) as raised:
            keras.Sequential([keras.layers.Dense(32, input_dim=784)])
    assert type(raised.value) is UserWarning
    assert str(raised.value) == run.stdout.removeprefix("UserWarning: ").rstrip("\n")
    # `input_shape` gives the same warning.
    _, caught = recorded_warnings(
        lambda: keras.Sequential([keras.layers.Dense(32, input_shape=(784,))])
    )
    assert [(w.category, str(w.message)) for w in caught] == [
        (UserWarning, run.stdout.removeprefix("UserWarning: ").rstrip("\n"))
    ]
    # Negative control: the fix, keras.Input first, builds the same model and warns nothing.
    fixed, caught = recorded_warnings(
        lambda: keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(32)])
    )
    assert caught == []
    assert fixed.count_params() == 25_120


@pytest.mark.claim
def test_singular_model_keywords_are_rejected(snippet):
    ns = snippet("troubleshooting/model_singular_keywords.py").namespace
    inputs, outputs = ns["inputs"], ns["outputs"]
    # The message lists each unknown keyword with the repr of its value (generated tensor names).
    expected = (
        "ValueError: Unrecognized keyword arguments passed to Model: "
        f"{{'input': {inputs!r}, 'output': {outputs!r}}}\n"
    )
    assert "model" not in ns  # the call raised before anything was bound
    assert snippet("troubleshooting/model_singular_keywords.py").stdout == expected
    assert re.fullmatch(
        r"<KerasTensor shape=\(None, 784\), dtype=float32, sparse=False, ragged=False, "
        r"name=keras_tensor(_\d+)?>",
        repr(inputs),
    )
    # Without both ends, the generic constructor gets the keywords and rejects every one it
    # does not know, `inputs` included.
    with pytest.raises(ValueError) as mixed:
        keras.Model(inputs=inputs, output=outputs)
    assert type(mixed.value) is ValueError
    assert str(mixed.value) == (
        "Unrecognized keyword arguments passed to Model: "
        f"{{'inputs': {inputs!r}, 'output': {outputs!r}}}"
    )
    # Negative control: the plural keywords, and the positional form, build the model.
    by_keyword = keras.Model(inputs=inputs, outputs=outputs)
    by_position = keras.Model(inputs, outputs)
    assert by_keyword.count_params() == by_position.count_params() == 25_120
    # With both ends given, an unknown extra keyword is ignored, not rejected.
    assert keras.Model(inputs, outputs, not_a_keyword=1).count_params() == 25_120


@pytest.mark.claim
def test_an_output_not_reachable_from_the_inputs_is_rejected(snippet):
    run = snippet("troubleshooting/output_not_connected.py")
    assert run.stdout == "ValueError: Output with path `` is not connected to `inputs`\n"
    # The path names the cut-off output: its index in a list, its key in a dict.
    a, b = keras.Input((4,)), keras.Input((4,))
    with pytest.raises(ValueError) as in_list:
        keras.Model(a, [keras.layers.Dense(2)(a), keras.layers.Dense(2)(b)])
    with pytest.raises(ValueError) as in_dict:
        keras.Model(a, {"scores": keras.layers.Dense(2)(b)})
    assert type(in_list.value) is ValueError is type(in_dict.value)
    assert str(in_list.value) == "Output with path `1` is not connected to `inputs`"
    assert str(in_dict.value) == "Output with path `scores` is not connected to `inputs`"
    # Negative control: the fix, the last layer called on the decoder's own input, is accepted.
    ns = fresh("troubleshooting/output_not_connected.py")
    last = ns["autoencoder"].layers[-1]
    # The rejected output does lead back to the autoencoder's input_img.
    from_image = keras.Model(ns["input_img"], last(ns["encoded"]))
    assert from_image.count_params() == 25_120 + 25_872
    decoder = keras.Model(ns["encoded_input"], last(ns["encoded_input"]))
    assert decoder.layers[-1] is last
    assert decoder.count_params() == 32 * 784 + 784 == 25_872


@pytest.mark.claim
def test_sequential_input_and_output_attributes_raise(snippet):
    run = snippet("troubleshooting/sequential_input_output.py")
    model = run.namespace["model"]
    assert re.fullmatch(r"sequential(_\d+)?", model.name)
    assert run.stdout == (
        f"AttributeError: The layer {model.name} has never been called and thus has no "
        "defined input.\n"
        f"AttributeError: The layer {model.name} has never been called and thus has no "
        "defined output.\n"
    )
    # Negative control: the plural lists are set, and a Functional model's .input/.output work.
    assert model.inputs[0].shape == (None, 784)
    assert model.outputs[0].shape == (None, 32)
    inputs = keras.Input(shape=(784,))
    outputs = keras.layers.Dense(32)(inputs)
    functional = keras.Model(inputs, outputs)
    assert functional.input is inputs and functional.output is outputs
    # Called on data, it still has no .input; once called on a symbolic tensor, it has both.
    called = fresh("troubleshooting/sequential_input_output.py")["model"]
    called(np.ones((2, 784), dtype="float32"))
    with pytest.raises(AttributeError, match="has never been called"):
        _ = called.input
    tensor = keras.Input(shape=(784,))
    result = called(tensor)
    assert called.input is tensor and called.output is result


@pytest.mark.claim
def test_count_params_on_an_unbuilt_sequential_raises(snippet):
    run = snippet("troubleshooting/unbuilt_count_params.py")
    model = run.namespace["model"]
    assert run.stdout == (
        f"ValueError: You tried to call `count_params` on layer '{model.name}', but the layer "
        "isn't built. You can build it manually via: `layer.build(input_shape)`.\n"
    )
    assert model.weights == [] and not model.built
    assert [layer.built for layer in model.layers] == [False]
    # Negative control: either fix gives a model whose parameters can be counted.
    built_later = fresh("troubleshooting/unbuilt_count_params.py")["model"]
    built_later.build((None, 784))
    with_input = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(32)])
    assert built_later.count_params() == with_input.count_params() == 25_120


@pytest.mark.claim
def test_get_output_at_is_gone(snippet):
    run = snippet("troubleshooting/get_output_at.py")
    assert run.stdout == "AttributeError: 'Dense' object has no attribute 'get_output_at'\n"
    dense = run.namespace["dense"]
    assert not hasattr(dense, "get_input_at")
    # Negative control: `dense.output` answers, with the first call's output.
    assert dense.output is run.namespace["outputs"]
    # After a second call it is still the first call's output; the second call's is the tensor
    # that call returned.
    ns = fresh("troubleshooting/get_output_at.py")
    later = ns["dense"](keras.Input(shape=(784,)))
    assert ns["dense"].output is ns["outputs"] and later is not ns["outputs"]
    assert tuple(later.shape) == (None, 32)


@pytest.mark.claim
def test_last_layer_of_a_deep_autoencoder_expects_128(snippet):
    run = snippet("troubleshooting/deep_decoder_last_layer.py")
    autoencoder = run.namespace["autoencoder"]
    last = autoencoder.layers[-1]
    assert [layer.units for layer in autoencoder.layers[1:]] == [128, 32, 128, 784]
    assert tuple(last.kernel.shape) == (128, 784)
    assert run.stdout == (
        f"ValueError: Input 0 with name 'None' of layer '{last.name}' is incompatible with the "
        "layer: expected axis -1 of input shape to have value 128, but received input with "
        "shape (None, 32)\n"
    )
    # Negative control: the last two layers chained accept the 32-number input.
    ns = fresh("troubleshooting/deep_decoder_last_layer.py")
    autoencoder, encoded_input = ns["autoencoder"], ns["encoded_input"]
    x = autoencoder.layers[-2](encoded_input)
    decoder = keras.Model(encoded_input, autoencoder.layers[-1](x))
    assert decoder.output.shape == (None, 784)
    assert decoder.count_params() == (32 * 128 + 128) + (128 * 784 + 784) == 105_360
    assert decoder.layers[1] is autoencoder.layers[-2]
    assert decoder.layers[2] is autoencoder.layers[-1]


@pytest.mark.claim
def test_saving_without_an_extension_raises(snippet, tmp_path):
    run = snippet("troubleshooting/save_without_extension.py")
    match = re.fullmatch(
        r"ValueError: Invalid filepath extension for saving\. Please add either a `\.keras` "
        r"extension for the native Keras format \(recommended\) or a `\.h5` extension\. Use "
        r"`model\.export\(filepath\)` if you want to export a SavedModel for use with "
        r"TFLite/TFServing/etc\. Received: filepath=(?P<folder>.+)/my_model\.\n",
        run.stdout,
    )
    assert match, run.stdout
    # The temporary folder is gone, and it was never inside the repository.
    folder = Path(match["folder"])
    assert not folder.exists() and ROOT not in folder.parents
    # Nothing is written before the error, for no extension or any other one.
    for name in ("my_model", "my_model.tf", "my_model.pb"):
        with pytest.raises(ValueError, match=r"^Invalid filepath extension for saving\."):
            run.namespace["model"].save(tmp_path / name)
    assert list(tmp_path.iterdir()) == []
    # Negative control: with `.keras` the same model saves. TensorFlow 2.21's variables warn
    # under NumPy 2 while being saved (see test_migration.py), so that warning is let through.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "__array__ implementation", DeprecationWarning)
        run.namespace["model"].save(tmp_path / "my_model.keras")
        run.namespace["model"].save(tmp_path / "my_model.h5")  # legacy HDF5, also accepted
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my_model.h5", "my_model.keras"]


@pytest.mark.claim
def test_a_merge_layer_cannot_sit_in_a_sequential_model(snippet):
    run = snippet("troubleshooting/sequential_merge_layer.py")
    assert run.stdout == (
        "ValueError: A merge layer should be called on a list of inputs. "
        "Received: input_shape=(None, 4) (not a list of shapes)\n"
    )
    # Negative control: called on a list of two tensors in a Functional model, Add works.
    a, b = keras.Input(shape=(4,)), keras.Input(shape=(4,))
    model = keras.Model([a, b], keras.layers.Add()([a, b]))
    ones = np.ones((2, 4), dtype="float32")
    assert model.output.shape == (None, 4)
    assert float(np.abs(model.predict([ones, 2 * ones], verbose=0) - 3.0).max()) == 0.0


@pytest.mark.claim
def test_the_answers_encoder_imgs_typo_raises_nameerror(snippet):
    run = snippet("troubleshooting/encoder_imgs_typo.py")
    # The answer assigns `encoder_imgs` and reads `encoded_imgs` (the Keras blog's name).
    assert run.stdout == "NameError: name 'encoded_imgs' is not defined\n"
    assert "decoded_imgs" not in run.namespace and "encoded_imgs" not in run.namespace
    # Negative control: with the name that was assigned, the decoder runs.
    ns = run.namespace
    assert ns["decoder"].predict(ns["encoder_imgs"], verbose=0).shape == (3, 784)
