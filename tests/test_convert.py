"""Claims of docs/how-to/convert-sequential-to-functional.md (snippets/convert/)."""

import ast
import itertools
import re
import warnings

import keras
import numpy as np
import pytest
from sklearn.datasets import load_digits

from conftest import RTOL, far_apart, fresh, largest, max_difference, rounding_apart
from docsite import executor

PAGE = "docs/how-to/convert-sequential-to-functional.md"
FILE = "convert/rewire.py"

# Tolerances: RTOL, rounding_apart and far_apart (tests/conftest.py). Measured on TensorFlow,
# JAX and PyTorch: at most 2.2e-7 of the largest value compared; for probabilities, which are
# at most 1, RTOL times the largest is at most 1e-6.
# predict against eager calls, one batch size against another) differs by a few units in the
# last place of the values it adds up: the difference grows with the values, and training
# grows them. So "equal" means a difference of at most RTOL = 1e-6 (about 8 float32
# epsilons) times the largest magnitude compared; for probabilities, which are at most 1,
# that is at most 1e-6. Measured on TensorFlow, JAX and PyTorch: at most 2.2e-7 of the
# largest value compared.


def printed_text(text: str, label: str) -> str:
    """What was printed after `label: ` on its line of an Output box."""
    return re.search(rf"^\s*{re.escape(label)}: (.+)$", text, re.MULTILINE)[1]


def by_hand(images, layers):
    """Each Dense layer applied with NumPy: ReLU, ReLU, softmax of x @ kernel + bias."""
    outputs, x = [], images
    for layer in layers:
        kernel, bias = layer.get_weights()
        z = x @ kernel + bias
        if layer.activation is keras.activations.relu:
            x = np.maximum(z, 0.0)
        else:
            assert layer.activation is keras.activations.softmax
            e = np.exp(z - z.max(axis=1, keepdims=True))
            x = e / e.sum(axis=1, keepdims=True)
        outputs.append(x)
    return outputs


@pytest.mark.claim(
    PAGE,
    "The re-wired model, too, has the same {parameters:,} parameters in the same layer objects, "
    "and predicts the same probabilities (largest difference at most {bound:sci}).",
)
def test_rewired_model_predicts_like_the_sequential_one(snippet, stated, printed):
    ns = snippet(FILE).namespace
    sequential, rewired, images = ns["sequential"], ns["rewired"], ns["images"]
    assert sequential.count_params() == rewired.count_params() == 2_778
    assert all(r is s for r, s in zip(rewired.layers[1:], sequential.layers, strict=True))
    # What the page printed: the two counts, the same objects, and the largest difference, at
    # most RTOL (the values are probabilities, at most 1). Measured: 0.0 with TensorFlow and
    # PyTorch, 6e-8 with JAX (compiled separately).
    shown = printed(PAGE, "snippets/convert/rewire.py:rewire")
    for api in ("Sequential", "Re-wired"):
        assert printed_text(shown, api) == f"{rewired.count_params():,} parameters"
    assert printed_text(shown, "same layer objects") == "True"
    assert float(printed_text(shown, "largest difference between the predictions")) <= RTOL
    expected = sequential.predict(images, verbose=0)
    assert largest(expected) <= 1.0
    assert rounding_apart(expected, rewired(images))
    # Negative control: the same architecture with its own, new weights predicts otherwise.
    clone = keras.models.clone_model(sequential)
    assert far_apart(expected, clone(images))
    stated(parameters=rewired.count_params(), bound=RTOL)


@pytest.mark.claim(
    PAGE,
    "`features.predict` returns a list with one array per layer: shapes {first}, {second} and "
    "{third}. The first is the first layer's activation, and the last is what the classifier "
    "predicts.",
)
def test_features_model_returns_every_layer_output(snippet, stated, printed):
    ns = snippet(FILE).namespace
    features, images, sequential = ns["features"], ns["images"], ns["sequential"]
    outputs = features.predict(images, verbose=0)
    assert isinstance(outputs, list) and len(outputs) == len(sequential.layers)
    assert [o.shape for o in outputs] == [(1797, 32), (1797, 16), (1797, 10)]
    # What the page printed: one shape per layer, in order.
    shown = printed(PAGE, "snippets/convert/rewire.py:features")
    printed_shapes = [
        ast.literal_eval(printed_text(shown, layer.name)) for layer in sequential.layers
    ]
    assert printed_shapes == [o.shape for o in outputs]
    assert len(shown.splitlines()) == len(outputs)
    # The first output is the first layer's activation, computed by hand.
    kernel, bias = sequential.layers[0].get_weights()
    assert rounding_apart(outputs[0], np.maximum(images @ kernel + bias, 0))
    assert rounding_apart(outputs[2], sequential.predict(images, verbose=0))
    # Negative control: the same hand computation without the ReLU is another activation.
    assert far_apart(outputs[0], images @ kernel + bias)
    # Negative control: the Sequential model itself gives only its last output.
    only_last = sequential.predict(images, verbose=0)
    assert isinstance(only_last, np.ndarray) and only_last.shape == (1797, 10)
    first, second, third = (o.shape for o in outputs)
    stated(first=first, second=second, third=third)


@pytest.mark.claim(
    PAGE,
    "No weights were copied, so training either model trains both; `keras.models.clone_model` "
    "would instead give new layers with new weights.",
)
def test_converted_models_share_the_layer_objects():
    targets = load_digits().target
    # Both conversions: the one-line model and the re-wired one, each on a fresh run.
    for name in ("functional", "rewired"):
        ns = fresh(FILE)
        sequential, converted, images = ns["sequential"], ns[name], ns["images"]
        assert len(converted.layers) == 4  # InputLayer + the three Dense layers
        assert isinstance(converted.layers[0], keras.layers.InputLayer)
        pairs = zip(converted.layers[1:], sequential.layers, strict=True)
        assert all(c is s for c, s in pairs), name
        # No weights were copied: the Sequential model's variables are the converted one's.
        assert all(c is s for c, s in zip(converted.weights, sequential.weights, strict=True))
        # Training the converted model trains the Sequential one: same kernels afterwards.
        first = sequential.layers[0]
        kernel_before = keras.ops.convert_to_numpy(first.kernel).copy()
        bystander = keras.models.clone_model(sequential)  # same architecture, own layers
        bystander.set_weights(sequential.get_weights())
        # Its own training: the page trains neither model, and the shared run is read-only.
        converted.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        converted.fit(images, targets, epochs=1, verbose=0)
        assert max_difference(first.kernel, kernel_before) > 1e-3, name
        assert rounding_apart(
            converted.predict(images, verbose=0), sequential.predict(images, verbose=0)
        )
        # Negative control: a model that does not share the layers did not train.
        assert max_difference(bystander.layers[0].kernel, kernel_before) == 0.0
        # "either model": training the Sequential model trains the converted one too.
        last = converted.layers[-1]
        last_before = keras.ops.convert_to_numpy(last.kernel).copy()
        sequential.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        sequential.fit(images, targets, epochs=1, verbose=0)
        assert max_difference(last.kernel, last_before) > 1e-3, name
        assert rounding_apart(
            converted.predict(images, verbose=0), sequential.predict(images, verbose=0)
        )
        # Negative control: clone_model makes new layer objects with their own variables,
        # holding new weights (not copies of the original's).
        clone = keras.models.clone_model(sequential)
        assert not any(c is s for c, s in zip(clone.layers, sequential.layers, strict=True))
        assert not {id(w) for w in clone.weights} & {id(w) for w in sequential.weights}
        assert far_apart(clone.layers[1].kernel, sequential.layers[1].kernel)


@pytest.mark.claim(
    PAGE,
    "Each layer's `.output` is the tensor that layer produced inside the Sequential model. The "
    "keras.io guide to the Sequential model makes a feature extractor from them:",
)
@pytest.mark.claim(
    PAGE,
    "`extractor.predict` returns a list of {count:w} arrays, one per layer, of shapes {first}, "
    "{second} and {third}. Each equals what its layer gives when the layers are called one "
    "after the other on the images, within {rtol:sci} times its largest value.",
)
def test_keras_io_recipe_returns_every_layer_output_of_the_sequential_graph(
    snippet, stated, printed
):
    run = snippet(FILE)
    ns = run.namespace
    sequential, extractor, images = ns["sequential"], ns["extractor"], ns["images"]
    activations = ns["activations"]
    assert isinstance(activations, list) and len(activations) == len(sequential.layers) == 3
    shapes = [a.shape for a in activations]
    assert shapes == [(1797, 32), (1797, 16), (1797, 10)]
    # What the page printed: a list, one shape per layer, and each layer's difference.
    shown = printed(PAGE, "snippets/convert/rewire.py:own_graph")
    assert shown.startswith("predict returns a list:\n")
    for layer, shape in zip(sequential.layers, shapes, strict=True):
        assert f"  {layer.name}: {shape}\n" in shown
    # The Sequential model's graph: its input feeds the first layer, each layer's output the
    # next layer, and the last layer's output is the model's output.
    assert sequential.built and sequential.layers[0].input is sequential.inputs[0]
    for before, after in itertools.pairwise(sequential.layers):
        assert after.input is before.output
    assert sequential.layers[-1].output is sequential.outputs[0]
    # Its ends are the Sequential model's own tensors, and its layers are the same objects.
    assert extractor.inputs[0] is sequential.inputs[0]
    assert extractor.layers[1:] == sequential.layers
    assert all(e is s for e, s in zip(extractor.layers[1:], sequential.layers, strict=True))
    # The layers called one after the other, eagerly: within the float32 tolerance (the
    # same numbers on TensorFlow; JAX's compiled predict rounds differently, 4.8e-7).
    x = images
    line = r"^{}: largest value (\S+), difference (\S+)$"
    for layer, array in zip(sequential.layers, activations, strict=True):
        x = layer(x)
        difference = max_difference(array, x)
        assert difference <= RTOL * largest(array, x)
        assert f"{layer.name}: largest value {largest(array):.2f}, " in run.stdout
        assert f"difference {difference:.1e}\n" in run.stdout
        # What the page printed: a difference within RTOL times this layer's largest value,
        # both as printed (the value rounded to 2 decimals: at most 0.005 more than shown).
        value, gap = re.search(line.format(re.escape(layer.name)), shown, re.MULTILINE).groups()
        assert float(gap) <= RTOL * (float(value) + 0.005)
    # Also NumPy by hand (not on the page): within the float32 tolerance.
    for array, expected in zip(activations, by_hand(images, sequential.layers), strict=True):
        assert rounding_apart(array, expected)
    # Negative control: by hand from a clone's new weights, the numbers differ.
    clone = keras.models.clone_model(sequential)
    assert far_apart(activations[0], by_hand(images, clone.layers)[0])
    stated(count=len(activations), first=shapes[0], second=shapes[1], third=shapes[2], rtol=RTOL)


@pytest.mark.claim(
    PAGE,
    "The Functional model has the same {parameters:,} parameters, its layers after the "
    "`InputLayer` are the Sequential model's own layer objects, and it predicts the same "
    "probabilities (largest difference at most {bound:sci}).",
)
def test_sequential_inputs_and_outputs_make_a_functional_model(snippet, stated, printed):
    ns = snippet(FILE).namespace
    sequential, functional, images = ns["sequential"], ns["functional"], ns["images"]
    # What the page printed: the kind of model, its count, the same objects, the difference.
    shown = printed(PAGE, "snippets/convert/rewire.py:one_line")
    count = f"{sequential.count_params():,} parameters"
    assert printed_text(shown, "Functional model") == count
    assert printed_text(shown, "same layer objects") == "True"
    # The values are probabilities, at most 1: RTOL times the largest is at most RTOL.
    assert float(printed_text(shown, "largest difference between the predictions")) <= RTOL
    assert type(functional).__name__ == "Functional"
    assert functional.count_params() == sequential.count_params() == 2_778
    assert isinstance(functional.layers[0], keras.layers.InputLayer)
    assert all(m is s for m, s in zip(functional.layers[1:], sequential.layers, strict=True))
    assert functional.inputs[0] is sequential.inputs[0]
    expected = sequential.predict(images, verbose=0)
    assert largest(expected) <= 1.0
    assert rounding_apart(functional.predict(images, verbose=0), expected)
    # Negative control: a clone of it is Functional too, but with its own layers and weights.
    clone = keras.models.clone_model(functional)
    assert not any(c is s for c, s in zip(clone.layers[1:], sequential.layers, strict=True))
    assert far_apart(clone.predict(images, verbose=0), expected)
    stated(parameters=functional.count_params(), bound=RTOL)


# What an unbuilt Sequential model's `.inputs` says: each message is checked on its backend.
SAYS = "has no defined inputs yet"
TORCH_SAYS = "'Sequential' object has no attribute 'inputs'"


@pytest.mark.claim(
    PAGE,
    "`sequential.inputs` is a list of one tensor, so the model expects a list of one array. "
    "`predict`, `fit` and `evaluate` accept a bare array too, but a direct call such as "
    '`functional(images)` warns that "{says}"; call `functional([images])`, or make the model '
    "from `sequential.inputs[0]`.",
)
def test_a_model_made_from_the_inputs_list_expects_a_list(snippet, stated):
    ns = snippet(FILE).namespace
    sequential, images = ns["sequential"], ns["images"]
    assert isinstance(sequential.inputs, list) and len(sequential.inputs) == 1
    # A model of its own (fit changes weights), made the page's way.
    model = keras.Sequential(
        [keras.Input(shape=(64,)), keras.layers.Dense(10, activation="softmax")]
    )
    functional = keras.Model(model.inputs, model.outputs)
    targets = load_digits().target
    with warnings.catch_warnings():
        executor.reader_visible_warnings_are_errors()  # as when the snippets run
        functional.predict(images, verbose=0)
        functional.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        # Its own training: the page runs no fit; this shows fit takes a bare array quietly.
        functional.fit(images, targets, epochs=1, verbose=0)
        functional.evaluate(images, targets, verbose=0)
        as_list = functional([images])
        unpacked = keras.Model(model.inputs[0], model.outputs[0])
        alone = unpacked(images)
    assert rounding_apart(as_list, alone)
    # The direct call on a bare array warns.
    with pytest.warns(UserWarning) as caught:
        direct = functional(images)
    message = next(str(w.message) for w in caught if issubclass(w.category, UserWarning))
    says = "The structure of `inputs` doesn't match the expected structure"
    assert says in message
    assert rounding_apart(direct, alone)  # it still computes the same
    # Negative control: a model made from a keras.Input (not a list) expects a bare array.
    inputs = keras.Input(shape=(64,))
    plain = keras.Model(inputs, model.layers[0](inputs))
    with warnings.catch_warnings():
        executor.reader_visible_warnings_are_errors()
        plain(images)
    stated(says=says)


@pytest.mark.claim(
    PAGE,
    "The short answer needs a Sequential model whose input is defined, for example one that "
    "starts with `keras.Input`, as here, or one built with `sequential.build((None, "
    "{features}))`. Without one, `sequential.inputs` raises `AttributeError`, saying that the "
    'model "{says}".',
)
@pytest.mark.claim(
    PAGE,
    "The general recipe works with or without one: create a `keras.Input` of the same shape, "
    "call the model's layers on it one after the other, and keep each layer's output tensor.",
)
@pytest.mark.claim(
    PAGE,
    'With PyTorch as the backend, the message says only "{torch_says}".',
)
def test_a_sequential_model_without_a_graph_has_no_inputs(snippet, stated):
    images = snippet(FILE).namespace["images"]
    features = images.shape[1]

    def no_input(name="no_input"):
        return keras.Sequential(
            [keras.layers.Dense(8, activation="relu"), keras.layers.Dense(10)], name=name
        )

    model = no_input()
    assert not model.built
    with pytest.raises(AttributeError) as caught:
        model.inputs  # noqa: B018  (the attribute access is what raises)
    # PyTorch's own Module.__getattr__ answers there, before Keras can.
    message = str(caught.value)
    if keras.backend.backend() == "torch":
        assert message == TORCH_SAYS
    else:
        assert message == f"Sequential model 'no_input' {SAYS}."
    # The short answer fails the same way.
    with pytest.raises(AttributeError):
        keras.Model(model.inputs, model.outputs)
    # Built with build((None, 64)), it has an input, and the short answer works.
    model.build((None, features))
    assert [tuple(t.shape) for t in model.inputs] == [(None, features)]
    functional = keras.Model(model.inputs, model.outputs)
    assert all(f is m for f, m in zip(functional.layers[1:], model.layers, strict=True))
    assert rounding_apart(functional.predict(images, verbose=0), model.predict(images, verbose=0))
    # Negative control: the page's Sequential model, which starts with keras.Input, has one.
    sequential = snippet(FILE).namespace["sequential"]
    assert [tuple(t.shape) for t in sequential.inputs] == [(None, features)]
    # Re-wiring on a new Input works without an input: the loop of the page's `rewire`
    # section, on a Sequential model that has none...
    unbuilt = no_input("unbuilt")
    with pytest.raises(AttributeError):
        unbuilt.inputs  # noqa: B018
    inputs = keras.Input(shape=(features,))
    tensor, kept = inputs, []
    for layer in unbuilt.layers:
        tensor = layer(tensor)
        kept.append(tensor)
    rewired = keras.Model(inputs, tensor)
    assert rewired.count_params() == (64 * 8 + 8) + (8 * 10 + 10)
    assert all(r is u for r, u in zip(rewired.layers[1:], unbuilt.layers, strict=True))
    assert rounding_apart(rewired(images), unbuilt(images))
    # ...and with one: the page's own run re-wired the Sequential model that has an input.
    ns = snippet(FILE).namespace
    assert ns["rewired"].layers[1:] == ns["sequential"].layers
    # Each kept tensor is its layer's output in the new model.
    every = keras.Model(inputs, kept).predict(images, verbose=0)
    assert rounding_apart(every[-1], unbuilt.predict(images, verbose=0))
    stated(features=features, says=SAYS, torch_says=TORCH_SAYS)


@pytest.mark.claim(
    PAGE,
    "Calling a model that has no input yet on data defines one too, with that data's batch "
    "size: after `model(images[:{rows}])`, `model.inputs[0]` has shape ({rows}, {features}). A "
    "model made from that input still predicts all {count:,} images at once.",
)
def test_a_call_on_data_gives_an_input_with_its_batch_size(snippet, stated):
    images = snippet(FILE).namespace["images"]
    model = keras.Sequential([keras.layers.Dense(8, activation="relu"), keras.layers.Dense(10)])
    with pytest.raises(AttributeError):
        model.inputs  # noqa: B018  (no input yet)
    rows = 2
    model(images[:rows])
    (shape,) = [tuple(t.shape) for t in model.inputs]
    assert shape == (rows, images.shape[1])
    # Negative control: built with build((None, 64)), the batch size is left open.
    open_batch = keras.Sequential([keras.layers.Dense(8)])
    open_batch.build((None, images.shape[1]))
    assert tuple(open_batch.inputs[0].shape) == (None, images.shape[1])
    # Models made from the fixed-batch input still predict all the images, in batches of 32
    # and a last one of 5: the same as the Sequential model itself.
    functional = keras.Model(model.inputs, model.outputs)
    extractor = keras.Model(model.inputs, [layer.output for layer in model.layers])
    predicted = functional.predict(images, verbose=0)
    assert predicted.shape == (len(images), 10)
    assert rounding_apart(predicted, model.predict(images, verbose=0))
    assert [o.shape[0] for o in extractor.predict(images, verbose=0)] == [len(images)] * 2
    stated(rows=shape[0], features=shape[1], count=len(images))


@pytest.mark.claim(
    PAGE,
    "A layer's `.output` is the output of its first call. The Sequential model called these "
    "layers first, inside its own graph, and the new `inputs` tensor is not part of that "
    'graph, so Keras raises a `ValueError`: the output "{says}". Start from '
    "`sequential.inputs`, as in the short answer, or keep the tensors returned by your own "
    "calls, as in the loop above.",
)
@pytest.mark.claim(
    "docs/how-to/extract-submodels.md",
    "A layer's `.output` is the output of its first call: if you re-used the layers in another "
    "model, it is still the tensor of the model that called them first (Convert a Sequential "
    "model to a Functional one shows what that breaks).",
)
def test_layer_output_belongs_to_the_first_call(snippet, stated, printed):
    run = snippet(FILE)
    ns = run.namespace
    expected = "Output with path `0` is not connected to `inputs`"
    assert f"ValueError: {expected}\n" in run.stdout
    # What the page printed: that error, and nothing else.
    assert printed(PAGE, "snippets/convert/rewire.py:pitfall") == f"ValueError: {expected}\n"
    with pytest.raises(ValueError) as caught:
        keras.Model(ns["inputs"], [layer.output for layer in ns["sequential"].layers])
    assert type(caught.value) is ValueError and str(caught.value) == expected
    # `.output` is the tensor of the Sequential model's graph, not of the re-wired call.
    first = ns["sequential"].layers[0]
    assert first.output is not ns["layer_outputs"][0]
    assert first.output is ns["sequential"].get_layer("hidden_1").output
    # In that graph (the first call), it is what the next layer received, and the chain
    # starts at the Sequential model's own input, not at the new `inputs`.
    assert first.output is ns["sequential"].layers[1].input
    assert first.input is ns["sequential"].inputs[0] and first.input is not ns["inputs"]
    # The rule in isolation: a layer called twice reports its first call's output.
    dense, a, b = keras.layers.Dense(3), keras.Input((4,)), keras.Input((4,))
    a_output, b_output = dense(a), dense(b)
    assert dense.output is a_output and dense.output is not b_output
    # Negative controls: both remedies make a model.
    assert len(keras.Model(ns["inputs"], ns["layer_outputs"]).outputs) == 3
    sequential = ns["sequential"]
    outputs = [layer.output for layer in sequential.layers]
    assert len(keras.Model(sequential.inputs, outputs).outputs) == 3
    stated(says=expected.removeprefix("Output with path `0` "))


@pytest.mark.claim(
    PAGE,
    "The other direction needs no conversion at all: a Sequential model is a layer, so you can "
    "call it on a tensor inside a Functional model.",
)
@pytest.mark.claim(
    PAGE,
    "The Sequential model appears in `model.layers` as a single layer named `{name}`, and its "
    "{body:,} parameters are counted once in the model's {total:,} (plus {head} for the head). "
    "Calling the same Sequential model twice in one graph would still count them once; a "
    "second, separate stack would count again.",
)
def test_nested_sequential_parameters_are_counted_once(snippet, stated, printed):
    run = snippet("convert/nested.py")
    ns = run.namespace
    # What the page printed: the layers, and the three counts.
    shown = printed(PAGE, "snippets/convert/nested.py")
    assert ast.literal_eval(printed_text(shown, "layers")) == [
        layer.name for layer in ns["model"].layers
    ]
    assert printed_text(shown, "body") == f"{ns['body'].count_params():,} parameters"
    assert printed_text(shown, "head") == f"{ns['head'].count_params():,} parameters"
    assert printed_text(shown, "model parameters") == f"{ns['model'].count_params():,}"
    body, model = ns["body"], ns["model"]
    assert body.count_params() == 64 * 32 + 32 + 32 * 16 + 16 == 2_608
    assert ns["head"].count_params() == 16 * 10 + 10 == 170
    assert model.count_params() == 2_608 + 170 == 2_778
    assert model.layers[1] is body and len(model.weights) == 6
    # A Sequential model is a layer, and appears as one layer, named `body`.
    assert isinstance(body, keras.layers.Layer)
    assert [layer.name for layer in model.layers] == ["pixels", "body", "probabilities"]
    assert "layers: ['pixels', 'body', 'probabilities']\n" in run.stdout
    # Calling the same Sequential model twice still counts its weights once...
    inputs = keras.Input(shape=(64,))
    twice = keras.Model(inputs, keras.layers.Add()([body(inputs), body(inputs)]))
    assert twice.count_params() == body.count_params()
    # ...negative control: a second stack of the same shape has its own weights, counted again.
    copy = keras.Sequential(
        [keras.Input((64,)), keras.layers.Dense(32), keras.layers.Dense(16)], name="copy"
    )
    both = keras.Model(inputs, keras.layers.Add()([body(inputs), copy(inputs)]))
    assert both.count_params() == 2 * body.count_params()
    stated(
        name=model.layers[1].name,
        body=body.count_params(),
        total=model.count_params(),
        head=ns["head"].count_params(),
    )
