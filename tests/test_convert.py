"""Claims of docs/how-to/convert-sequential-to-functional.md (snippets/convert/)."""

import itertools

import keras
import numpy as np
import pytest
from sklearn.datasets import load_digits

from conftest import fresh, max_difference

PAGE = "docs/how-to/convert-sequential-to-functional.md"
FILE = "convert/rewire.py"

# Float32 tolerance: the same model evaluated in different batch sizes differs by up to ~8e-7
# on CPU (different reduction order), and NumPy's float32 matrix products add in another order
# than TensorFlow's (measured here: up to 2.4e-7), so "equal" means within 1e-6.
ATOL = 1e-6


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
    "The Functional model has the same {parameters:,} parameters and predicts the same "
    "probabilities as the Sequential model (largest difference at most {atol:sci}).",
)
def test_rewired_model_predicts_like_the_sequential_one(snippet, stated):
    ns = snippet(FILE).namespace
    sequential, functional, images = ns["sequential"], ns["functional"], ns["images"]
    assert sequential.count_params() == functional.count_params() == 2_778
    # Measured: 0.0 with TensorFlow and PyTorch, 6e-8 with JAX (compiled separately).
    assert ns["difference"] <= ATOL
    assert f"largest difference between the predictions: {ns['difference']:.1e}" in (
        snippet(FILE).stdout
    )
    assert max_difference(sequential.predict(images, verbose=0), functional(images)) <= ATOL
    # Negative control: the same architecture with its own, new weights predicts otherwise.
    clone = keras.models.clone_model(sequential)
    assert max_difference(sequential.predict(images, verbose=0), clone(images)) > 1e-2
    stated(parameters=functional.count_params(), atol=ATOL)


@pytest.mark.claim(
    PAGE,
    "`features.predict` returns a list with one array per layer: shapes {first}, {second} and "
    "{third}. The first is the first layer's activation, and the last is what the classifier "
    "predicts.",
)
def test_features_model_returns_every_layer_output(snippet, stated):
    ns = snippet(FILE).namespace
    features, images, sequential = ns["features"], ns["images"], ns["sequential"]
    outputs = features.predict(images, verbose=0)
    assert isinstance(outputs, list) and len(outputs) == len(sequential.layers)
    assert [o.shape for o in outputs] == [(1797, 32), (1797, 16), (1797, 10)]
    # The first output is the first layer's activation, computed by hand.
    kernel, bias = sequential.layers[0].get_weights()
    assert max_difference(outputs[0], np.maximum(images @ kernel + bias, 0)) <= ATOL
    assert max_difference(outputs[2], sequential.predict(images, verbose=0)) <= ATOL
    # Negative control: the same hand computation without the ReLU is another activation.
    assert max_difference(outputs[0], images @ kernel + bias) > 1e-2
    # Negative control: the Sequential model itself gives only its last output.
    only_last = sequential.predict(images, verbose=0)
    assert isinstance(only_last, np.ndarray) and only_last.shape == (1797, 10)
    first, second, third = (o.shape for o in outputs)
    stated(first=first, second=second, third=third)


@pytest.mark.claim(
    PAGE,
    "You do not need to copy any weights: a layer object can be called again on a new tensor, "
    "and a Functional model made from those calls uses the layer's existing weights.",
)
@pytest.mark.claim(
    PAGE,
    "It does so because it is made of the same layer objects: `functional.layers[1:]` are the "
    "objects in `sequential.layers` (`functional.layers[0]` is its `InputLayer`), so training "
    "either model trains both. `keras.models.clone_model` would instead give new layers with "
    "new weights.",
)
def test_rewired_model_shares_the_layer_objects():
    ns = fresh(FILE)
    sequential, functional, images = ns["sequential"], ns["functional"], ns["images"]
    assert len(functional.layers) == 4  # InputLayer + the three Dense layers
    assert isinstance(functional.layers[0], keras.layers.InputLayer)
    assert all(f is s for f, s in zip(functional.layers[1:], sequential.layers, strict=True))
    # No weights were copied: the Sequential model's variables are the Functional model's.
    assert all(f is s for f, s in zip(functional.weights, sequential.weights, strict=True))
    targets = load_digits().target
    # Training the Functional model trains the Sequential one: same kernels afterwards.
    first = sequential.layers[0]
    kernel_before = first.kernel.numpy().copy()
    bystander = keras.models.clone_model(sequential)  # same architecture, own layers
    bystander.set_weights(sequential.get_weights())
    functional.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    functional.fit(images, targets, epochs=1, verbose=0)
    assert max_difference(first.kernel, kernel_before) > 1e-3
    assert max_difference(functional(images), sequential(images)) <= ATOL
    # Negative control: a model that does not share the layers did not train.
    assert max_difference(bystander.layers[0].kernel, kernel_before) == 0.0
    # "either model": training the Sequential model trains the Functional one too.
    last = functional.layers[-1]
    last_before = last.kernel.numpy().copy()
    sequential.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    sequential.fit(images, targets, epochs=1, verbose=0)
    assert max_difference(last.kernel, last_before) > 1e-3
    assert max_difference(functional(images), sequential(images)) <= ATOL
    # Negative control: clone_model makes new layer objects with their own variables,
    # holding new weights (not copies of the original's).
    clone = keras.models.clone_model(sequential)
    assert not any(c is s for c, s in zip(clone.layers, sequential.layers, strict=True))
    assert not {id(w) for w in clone.weights} & {id(w) for w in sequential.weights}
    assert max_difference(clone.layers[1].kernel, sequential.layers[1].kernel) > 1e-2


@pytest.mark.claim(
    PAGE,
    "A Sequential model that starts with `keras.Input` is built as a graph: `sequential.inputs` "
    "is its input tensor, and each layer's `.output` is the tensor that layer produced in it. "
    "The keras.io guide to the Sequential model makes a feature extractor from those tensors "
    "directly, without a new `Input`:",
)
@pytest.mark.claim(
    PAGE,
    "`extractor.predict` returns a list of {count:w} arrays, one per layer, of shapes {first}, "
    "{second} and {third}. Each equals its layer applied by hand: the layers called one after "
    "the other on the images, and NumPy's ReLU, ReLU and softmax of `x @ kernel + bias`, both "
    "agree with it within {atol:sci}.",
)
def test_keras_io_recipe_returns_every_layer_output_of_the_sequential_graph(snippet, stated):
    run = snippet(FILE)
    ns = run.namespace
    sequential, extractor, images = ns["sequential"], ns["extractor"], ns["images"]
    activations = ns["activations"]
    assert isinstance(activations, list) and len(activations) == len(sequential.layers) == 3
    shapes = [a.shape for a in activations]
    assert shapes == [(1797, 32), (1797, 16), (1797, 10)]
    assert "predict returns a list:\n" in run.stdout
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
    for layer, array in zip(sequential.layers, activations, strict=True):
        x = layer(x)
        difference = max_difference(array, x)
        assert difference <= ATOL
        assert f"{layer.name}: largest difference {difference:.1e}\n" in run.stdout
    # NumPy by hand: within the float32 tolerance.
    for array, expected in zip(activations, by_hand(images, sequential.layers), strict=True):
        assert max_difference(array, expected) <= ATOL
    # Negative control: by hand from a clone's new weights, the numbers differ.
    clone = keras.models.clone_model(sequential)
    assert max_difference(activations[0], by_hand(images, clone.layers)[0]) > 1e-2
    stated(count=len(activations), first=shapes[0], second=shapes[1], third=shapes[2], atol=ATOL)


@pytest.mark.claim(
    PAGE,
    "The same tensors give the whole model as a Functional one in one line, "
    "`keras.Model(sequential.inputs, sequential.outputs)`: its layers after the `InputLayer` "
    "are the Sequential model's own layer objects, and it predicts the same probabilities.",
)
def test_sequential_inputs_and_outputs_make_a_functional_model(snippet):
    ns = snippet(FILE).namespace
    sequential, images = ns["sequential"], ns["images"]
    model = keras.Model(sequential.inputs, sequential.outputs)
    assert type(model).__name__ == "Functional"
    assert isinstance(model.layers[0], keras.layers.InputLayer)
    assert all(m is s for m, s in zip(model.layers[1:], sequential.layers, strict=True))
    expected = sequential.predict(images, verbose=0)
    assert max_difference(model.predict(images, verbose=0), expected) <= ATOL
    # Negative control: a clone of it is Functional too, but with its own layers and weights.
    clone = keras.models.clone_model(model)
    assert not any(c is s for c, s in zip(clone.layers[1:], sequential.layers, strict=True))
    assert max_difference(clone.predict(images, verbose=0), expected) > 1e-2


# What an unbuilt Sequential model's `.inputs` says: each message is checked on its backend.
SAYS = "has no defined inputs yet"
TORCH_SAYS = "'Sequential' object has no attribute 'inputs'"


@pytest.mark.claim(
    PAGE,
    "The shortcut needs a Sequential model that has a graph: one that starts with "
    "`keras.Input`, as here, or that has been called on data. Without one, "
    '`sequential.inputs` raises `AttributeError`, saying that the model "{says}"; with PyTorch '
    'as the backend, the message says only "{torch_says}".',
)
def test_a_sequential_model_without_a_graph_has_no_inputs(snippet, stated):
    images = snippet(FILE).namespace["images"]
    layers = [keras.layers.Dense(8, activation="relu"), keras.layers.Dense(10)]
    no_graph = keras.Sequential(layers, name="no_graph")
    assert not no_graph.built
    with pytest.raises(AttributeError) as caught:
        no_graph.inputs  # noqa: B018  (the attribute access is what raises)
    # PyTorch's own Module.__getattr__ answers there, before Keras can.
    message = str(caught.value)
    if keras.backend.backend() == "torch":
        assert message == TORCH_SAYS
    else:
        assert message == f"Sequential model 'no_graph' {SAYS}."
    # The keras.io recipe fails the same way.
    with pytest.raises(AttributeError):
        keras.Model(no_graph.inputs, [layer.output for layer in no_graph.layers])
    # Called on data, it gets a graph, and the recipe works.
    no_graph(images[:2])
    extractor = keras.Model(no_graph.inputs, [layer.output for layer in no_graph.layers])
    outputs = extractor.predict(images, verbose=0)
    assert [o.shape for o in outputs] == [(1797, 8), (1797, 10)]
    assert max_difference(outputs[1], no_graph.predict(images, verbose=0)) <= ATOL
    # Negative control: the page's Sequential model, which starts with keras.Input, has one.
    sequential = snippet(FILE).namespace["sequential"]
    assert [tuple(t.shape) for t in sequential.inputs] == [(None, 64)]
    # Re-wiring on a new Input needs no graph at all.
    unbuilt = keras.Sequential([keras.layers.Dense(8), keras.layers.Dense(10)])
    inputs = keras.Input(shape=(64,))
    tensor = inputs
    for layer in unbuilt.layers:
        tensor = layer(tensor)
    assert keras.Model(inputs, tensor).count_params() == (64 * 8 + 8) + (8 * 10 + 10)
    stated(says=SAYS, torch_says=TORCH_SAYS)


@pytest.mark.claim(
    PAGE,
    "A layer's `.output` is the output of its first call. The Sequential model called these "
    "layers first, inside its own graph, and the new `inputs` tensor is not part of that "
    'graph, so Keras raises a `ValueError`: the output "{says}". Start from '
    "`sequential.inputs`, as in the shortcut, or keep the tensors returned by your own calls, "
    "as in the loop above.",
)
@pytest.mark.claim(
    "docs/how-to/extract-submodels.md",
    "A layer's `.output` is the output of its first call: if you re-used the layers in another "
    "model, it is still the tensor of the model that called them first.",
)
def test_layer_output_belongs_to_the_first_call(snippet, stated):
    run = snippet(FILE)
    ns = run.namespace
    expected = "Output with path `0` is not connected to `inputs`"
    assert f"ValueError: {expected}\n" in run.stdout
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
def test_nested_sequential_parameters_are_counted_once(snippet, stated):
    run = snippet("convert/nested.py")
    ns = run.namespace
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
