"""Claims of docs/how-to/extract-submodels.md (snippets/submodels/)."""

import ast
import re

import keras
import numpy as np
import pytest
from sklearn.datasets import load_digits

from conftest import FAR, RTOL, fresh, largest, max_difference, rounding_apart

PAGE = "docs/how-to/extract-submodels.md"

# Tolerances: RTOL, rounding_apart and far_apart (tests/conftest.py). Measured on TensorFlow,
# JAX and PyTorch, before and after each of six epochs of training: at most 3.0e-7 of the
# largest activation, while the absolute difference grew from 1.8e-7 to 2.9e-6 (a fixed
# 1e-6 failed after the fourth epoch on TensorFlow and PyTorch, the sixth on JAX).
# sum rounded in another order differs by a few units in the last place of the values it
# adds up: the difference grows with the values, and training grows them. So "equal" means
# a difference of at most RTOL = 1e-6 (about 8 float32 epsilons) times the largest magnitude
# compared. Measured on TensorFlow, JAX and PyTorch, before and after each of six epochs of
# training: at most 3.0e-7 of the largest activation, while the absolute difference grew
# from 1.8e-7 to 2.9e-6. A fixed 1e-6 fails: 1.43e-6 on PyTorch after the third epoch in
# the review's run; here, after the fourth epoch on TensorFlow and PyTorch, the sixth on JAX.


def dense_relu(x, layer):
    kernel, bias = layer.get_weights()
    return np.maximum(x @ kernel + bias, 0.0)


def printed_number(text: str, label: str) -> float:
    """The number printed after `label: ` in an Output box."""
    return float(re.search(rf"^{re.escape(label)}: (\S+)$", text, re.MULTILINE)[1])


@pytest.mark.claim(
    PAGE,
    "The feature extractor's output equals the hand computation, up to float32 rounding in a "
    "different order: the largest difference is below {rtol:sci} times the largest activation.",
)
def test_functional_feature_extractors_equal_the_hand_computation(snippet, stated, printed):
    ns = snippet("submodels/functional_features.py").namespace
    classifier, images = ns["classifier"], ns["images"]
    hidden = dense_relu(images, classifier.get_layer("hidden"))
    code = dense_relu(hidden, classifier.get_layer("code"))
    # What the page printed: the largest activation and the largest difference, within
    # RTOL times it (both read as printed, rounded to the digits shown).
    shown = printed(PAGE, "snippets/submodels/functional_features.py:by_hand")
    activation = printed_number(shown, "largest activation")
    difference = printed_number(shown, "largest difference from the hand computation")
    assert 0 < activation and difference < RTOL * activation
    # The snippet's own run, and both extractors, in full precision.
    assert ns["difference"] < RTOL * float(ns["by_hand"].max())
    assert float(ns["by_hand"].max()) == float(code.max())
    assert rounding_apart(ns["code_model"].predict(images, verbose=0), code)
    assert rounding_apart(ns["hidden_model"].predict(images, verbose=0), hidden)
    assert classifier.layers[1] is classifier.get_layer("hidden")
    # Negative control: the same computation with another model's weights gives other numbers,
    # far more than the tolerance apart.
    other = keras.models.clone_model(classifier)
    other_code = dense_relu(dense_relu(images, other.get_layer("hidden")), other.get_layer("code"))
    apart = max_difference(ns["code_model"].predict(images, verbose=0), other_code)
    assert apart > FAR * RTOL * largest(code, other_code)
    stated(rtol=RTOL)


NOTHING_COPIED = (
    "Nothing was copied: `code_model` is made of the classifier's own layer objects, so it "
    "always reflects the classifier's current weights, during and after training."
)
SEQUENTIAL_EXTRACTOR = (
    "This extractor, too, gives the {count} activations of the `code` layer for each image, "
    "and shares the classifier's layers."
)


@pytest.mark.claim(PAGE, NOTHING_COPIED)
@pytest.mark.claim(PAGE, SEQUENTIAL_EXTRACTOR)
def test_feature_extractors_share_the_classifiers_layers(snippet, stated):
    for name in ("submodels/functional_features.py", "submodels/sequential_features.py"):
        ns = snippet(name).namespace
        classifier, code_model = ns["classifier"], ns["code_model"]
        for layer_name in ("hidden", "code"):
            assert code_model.get_layer(layer_name) is classifier.get_layer(layer_name)
        assert {id(w) for w in code_model.weights} <= {id(w) for w in classifier.weights}
        # Negative control: a clone's layers are new objects.
        clone = keras.models.clone_model(classifier)
        assert clone.get_layer("code") is not classifier.get_layer("code")
    stated(count=code_model.output_shape[-1])


@pytest.mark.claim(PAGE, NOTHING_COPIED)
@pytest.mark.claim(
    PAGE,
    "The extractor shares weights with the original, so you do not need to rebuild it after "
    "training.",
)
def test_feature_extractor_follows_the_classifier_through_training():
    ns = fresh("submodels/functional_features.py")
    classifier, code_model, images = ns["classifier"], ns["code_model"], ns["images"]
    features_before = code_model.predict(images, verbose=0)
    # A bystander: the same extractor over a clone holding the same starting weights.
    twin = keras.models.clone_model(classifier)
    twin.set_weights(classifier.get_weights())
    twin_code_model = keras.Model(twin.inputs, twin.get_layer("code").output)

    def hand_code():
        return dense_relu(
            dense_relu(images, classifier.get_layer("hidden")), classifier.get_layer("code")
        )

    # During training: after every epoch, the extractor gives the current hand computation,
    # up to rounding that grows with the activations (RTOL times the largest, not a fixed
    # absolute bound: the activations grow from about 1 to about 6 in three epochs).
    during = []
    check = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: during.append(
            rounding_apart(code_model.predict(images, verbose=0), hand_code())
        )
    )
    # Its own training: the page never trains the classifier it extracts features from.
    classifier.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    classifier.fit(images, load_digits().target, epochs=3, verbose=0, callbacks=[check])
    assert during == [True, True, True]
    # After training: the features moved with the classifier, and still match by hand.
    features_after = code_model.predict(images, verbose=0)
    assert max_difference(features_after, features_before) > 1e-2
    assert rounding_apart(features_after, hand_code())
    # Negative control: an extractor over layers that were not trained is left behind, by far
    # more than the tolerance.
    assert max_difference(twin_code_model.predict(images, verbose=0), features_before) == 0.0
    left_behind = max_difference(twin_code_model.predict(images, verbose=0), hand_code())
    assert left_behind > FAR * RTOL * largest(hand_code())


@pytest.mark.claim(
    PAGE,
    "The recipe is the same for both APIs: a new `keras.Model` from the model's `inputs` to an "
    "inner layer's `output`.",
)
def test_the_recipe_is_the_same_for_both_apis(snippet):
    functional = snippet("submodels/functional_features.py").namespace
    sequential = snippet("submodels/sequential_features.py").namespace
    images = functional["images"]
    # Both pages' extractors: from the classifier's `inputs` to the `code` layer's `output`.
    for ns in (functional, sequential):
        classifier, code_model = ns["classifier"], ns["code_model"]
        assert code_model.inputs[0] is classifier.inputs[0]
        assert code_model.outputs[0] is classifier.get_layer("code").output
    # The same recipe on the two classifiers, holding the same weights, gives the same features.
    twin = keras.models.clone_model(sequential["classifier"])
    twin.set_weights(functional["classifier"].get_weights())
    from_twin = keras.Model(twin.inputs, twin.get_layer("code").output)
    expected = functional["code_model"].predict(images, verbose=0)
    assert rounding_apart(from_twin.predict(images, verbose=0), expected)
    # Negative control: ending at another layer gives other features.
    hidden = keras.Model(twin.inputs, twin.get_layer("hidden").output)
    assert hidden.output_shape != from_twin.output_shape


@pytest.mark.claim(
    PAGE,
    "Use the plural `inputs`: a Sequential model has no `.input` or `.output` until it is "
    "called on a symbolic tensor such as a `keras.Input`, even when it starts with one.",
)
def test_a_sequential_model_has_no_input_until_a_symbolic_call(snippet):
    images = snippet("submodels/sequential_features.py").namespace["images"]

    def classifier():
        return keras.Sequential(
            [keras.Input(shape=(64,)), keras.layers.Dense(8), keras.layers.Dense(10)]
        )

    def has(model, attribute) -> bool:
        # With PyTorch, the AttributeError comes from torch.nn.Module's __getattr__ after
        # Keras's property raised: hasattr sees both.
        return hasattr(model, attribute)

    model = classifier()
    assert model.built
    # Starting with keras.Input: no `.input` or `.output`, but `.inputs` and `.outputs`.
    assert not has(model, "input") and not has(model, "output")
    assert [tuple(t.shape) for t in model.inputs] == [(None, 64)]
    assert [tuple(t.shape) for t in model.outputs] == [(None, 10)]
    # Called on data (eagerly), still none: the call must be on a symbolic tensor.
    model(images[:3])
    model.predict(images, verbose=0)
    assert not has(model, "input") and not has(model, "output")
    # Called on a keras.Input, with no other model made: both exist, that call's tensors.
    symbolic = keras.Input(shape=(64,))
    result = model(symbolic)
    assert model.input is symbolic and model.output is result
    # Called as a layer of another model: the same.
    other = classifier()
    pixels = keras.Input(shape=(64,))
    outer = keras.Model(pixels, other(pixels))
    assert other.input is pixels and other.output is outer.outputs[0]
    # Negative control: a Functional model has `.input` and `.output` from the start.
    functional = snippet("submodels/functional_features.py").namespace["classifier"]
    assert tuple(functional.input.shape) == (None, 64)
    assert tuple(functional.output.shape) == (None, 10)


@pytest.mark.claim(
    PAGE,
    "Once the Sequential model has been called on a symbolic tensor, for example as a layer of "
    "another model, `.input` and `.output` exist, but they are the tensors of that call: a "
    "model from `classifier.input` to an inner layer's output then raises `ValueError` (the "
    'output "{says}"). `classifier.inputs` is still the model\'s own input, and works either '
    "way.",
)
def test_after_a_call_as_a_layer_input_is_that_calls_input(stated):
    messages = []
    # Both kinds of symbolic call: on a keras.Input alone, and as a layer of another model.
    for as_a_layer in (False, True):
        ns = fresh("submodels/sequential_features.py")
        classifier, images = ns["classifier"], ns["images"]
        with pytest.raises(AttributeError):
            classifier.input  # noqa: B018  (not called on a symbolic tensor yet)
        own_input = classifier.inputs[0]
        pixels = keras.Input(shape=(64,))
        probabilities = classifier(pixels)
        if as_a_layer:
            outer = keras.Model(pixels, probabilities)
            assert outer.layers[1] is classifier
        # `.input` and `.output` are that call's tensors.
        assert classifier.input is pixels and classifier.output is probabilities
        assert classifier.inputs[0] is own_input and own_input is not pixels
        with pytest.raises(ValueError) as caught:
            keras.Model(classifier.input, classifier.get_layer("code").output)
        message = str(caught.value)
        assert type(caught.value) is ValueError
        assert message.endswith("is not connected to `inputs`")
        messages.append(message[message.index("is not connected") :])
        # Negative control: `.inputs` works, before and after the call, with the same features.
        after = keras.Model(classifier.inputs, classifier.get_layer("code").output)
        features = after.predict(images, verbose=0)
        assert max_difference(features, ns["code_model"].predict(images, verbose=0)) == 0.0
    assert messages[0] == messages[1]
    stated(says=messages[0])


@pytest.mark.claim(PAGE, SEQUENTIAL_EXTRACTOR)
def test_sequential_feature_extractor_equals_the_hand_computation(snippet, stated, printed):
    ns = snippet("submodels/sequential_features.py").namespace
    classifier, images = ns["classifier"], ns["images"]
    code = dense_relu(
        dense_relu(images, classifier.get_layer("hidden")), classifier.get_layer("code")
    )
    features = ns["code_model"].predict(images, verbose=0)
    assert features.shape == (1797, 8)
    # What the page printed: the shape, one row of features per image.
    shown = printed(PAGE, "snippets/submodels/sequential_features.py:extract")
    rows, count = ast.literal_eval(printed_text(shown, "code features"))
    assert rows == len(load_digits().data) and (rows, count) == features.shape
    assert count == classifier.get_layer("code").units
    assert rounding_apart(features, code)
    # Negative control: the same computation with a clone's new weights gives other numbers.
    other = keras.models.clone_model(classifier)
    other_code = dense_relu(dense_relu(images, other.get_layer("hidden")), other.get_layer("code"))
    assert max_difference(features, other_code) > FAR * RTOL * largest(code, other_code)
    stated(count=count)


@pytest.mark.claim(
    PAGE,
    "`model.layers[0]` is the `InputLayer` in a Functional model but the first `Dense` layer in "
    "a Sequential model; names from `get_layer` do not depend on that. Name the layers you will "
    "want later.",
)
def test_layers_0_is_the_input_layer_only_in_a_functional_model(snippet):
    functional = snippet("submodels/functional_features.py").namespace["classifier"]
    sequential = snippet("submodels/sequential_features.py").namespace["classifier"]
    assert isinstance(functional.layers[0], keras.layers.InputLayer)
    assert functional.layers[1] is functional.get_layer("hidden")
    assert sequential.layers[0] is sequential.get_layer("hidden")
    # Negative control: no layer of the Sequential model is an InputLayer.
    assert not any(isinstance(layer, keras.layers.InputLayer) for layer in sequential.layers)
    assert isinstance(sequential.layers[0], keras.layers.Dense)
    # The same names find the same kind of layer in both.
    for name in ("hidden", "code", "probabilities"):
        assert type(functional.get_layer(name)) is type(sequential.get_layer(name))


# From a model nested in another (snippets/submodels/nested.py).
NESTED = "submodels/nested.py"


def graph_sources(tensor) -> list:
    """The tensors with no layer call before them (inputs) that `tensor` is computed from,
    walking back through the graph the way `keras.Model` does."""
    operation, node_index, _ = tensor._keras_history
    node = operation._inbound_nodes[node_index]
    if node.is_input:
        return [tensor]
    found = []
    for parent in node.input_tensors:
        found += [t for t in graph_sources(parent) if all(t is not f for f in found)]
    return found


def printed_text(text: str, label: str) -> str:
    """What was printed after `label: ` on its line of an Output box."""
    return re.search(rf"^{re.escape(label)}: (.+)$", text, re.MULTILINE)[1]


@pytest.mark.claim(
    PAGE,
    "The outer model sees `base` as one layer: its layers are `{first}`, `{second}`, `{third}` "
    "and `{fourth}`, and `{inner}` is not among them.",
)
def test_the_outer_model_sees_the_base_as_one_layer(snippet, stated, printed):
    ns = snippet(NESTED).namespace
    outer, base = ns["outer"], ns["base"]
    names = [layer.name for layer in outer.layers]
    shown = printed(PAGE, f"snippets/{NESTED}:model")
    assert ast.literal_eval(printed_text(shown, "outer layers")) == names
    assert outer.layers[2] is base and isinstance(base, keras.Model)
    assert "hidden" not in names and "hidden" in [layer.name for layer in base.layers]
    # The outer model's get_layer does not look inside the base either.
    with pytest.raises(ValueError, match="^No such layer: hidden"):
        outer.get_layer("hidden")
    # Negative control: the same layers called in one flat graph are listed one by one (on a
    # new run's objects: calling the shared run's layers would add calls to them).
    copy = fresh(NESTED)
    inputs = keras.Input(shape=(64,))
    x = copy["outer"].get_layer("scale")(inputs)
    for layer in copy["base"].layers[1:]:
        x = layer(x)
    flat = keras.Model(inputs, copy["outer"].get_layer("probabilities")(x))
    assert "hidden" in [layer.name for layer in flat.layers]
    first, second, third, fourth = names
    stated(first=first, second=second, third=third, fourth=fourth, inner=ns["inner"].name)


@pytest.mark.claim(
    PAGE,
    '`outer.get_layer("base").get_layer("hidden")` does find the inner layer, but its '
    "`.output` is a tensor of the base's own graph, which starts at the base's own input. The "
    "outer model's input is not part of that graph:",
)
@pytest.mark.claim(
    PAGE,
    'Keras raises `ValueError`: the output "{says}". Starting from `outer.inputs` instead '
    "fails the same way.",
)
def test_an_inner_layer_of_a_nested_model_is_not_connected_to_the_outer_input(
    snippet, stated, printed
):
    ns = snippet(NESTED).namespace
    outer, base, inner = ns["outer"], ns["base"], ns["inner"]
    assert outer.get_layer("base") is base and base.get_layer("hidden") is inner
    # Its `.output` is a tensor of the base's own graph: walking back from it reaches the
    # base's own input, and never the outer model's.
    sources = graph_sources(inner.output)
    assert [id(t) for t in sources] == [id(base.inputs[0])]
    assert base.inputs[0] is not outer.inputs[0]
    # Negative control: the same walk from the outer model's output reaches its input.
    assert [id(t) for t in graph_sources(outer.outputs[0])] == [id(outer.inputs[0])]
    shown = printed(PAGE, f"snippets/{NESTED}:wrong")
    expected = "Output with path `` is not connected to `inputs`"
    assert shown == f"ValueError: {expected}\n"
    for start in (outer.input, outer.inputs):
        with pytest.raises(ValueError) as caught:
            keras.Model(start, inner.output)
        assert type(caught.value) is ValueError and str(caught.value) == expected
    # The strongest neighbour: the base's own output, as the base's `.output`, fails too.
    with pytest.raises(ValueError, match="is not connected to `inputs`"):
        keras.Model(outer.inputs, base.output)
    # Negative controls: from the base's own input, the same output makes a model; and a
    # layer that the outer model itself called ends a model from the outer input.
    assert keras.Model(base.inputs, inner.output).count_params() == inner.count_params()
    keras.Model(outer.inputs, outer.get_layer("scale").output)
    says = expected[expected.index("is not connected") :]
    stated(says=says)


@pytest.mark.claim(
    PAGE,
    "The fix is to stay in the base's graph: make a feature model from `base.inputs` to the "
    "inner layer's output. That model takes what the base takes. If the outer model does "
    "something before the base, as `scale` does here, call the feature model on the tensor "
    "that the outer model feeds the base, and end a new model there:",
)
@pytest.mark.claim(
    PAGE,
    "`features` takes the raw pixels, as `outer` does, and gives the {units} activations of "
    "`hidden` for each image.",
)
def test_nested_features_start_at_the_outer_input(snippet, stated, printed):
    ns = snippet(NESTED).namespace
    outer, base, pixels = ns["outer"], ns["base"], ns["pixels"]
    base_features, features, feed = ns["base_features"], ns["features"], ns["feed"]
    # The feature model on the base's graph takes what the base takes.
    assert base_features.inputs[0] is base.inputs[0]
    assert base_features.input_shape == base.input_shape == (None, 64)
    # `feed` is the tensor the outer model feeds the base: the input of its call in `outer`.
    (call,) = base._inbound_nodes
    assert call.input_tensors[0] is feed
    assert feed is outer.get_layer("scale").output
    # The new model starts at the outer model's input.
    assert features.inputs[0] is outer.inputs[0]
    assert features.input_shape == outer.input_shape
    # What the page printed: one row of `hidden`'s activations per image.
    shown = printed(PAGE, f"snippets/{NESTED}:fix")
    rows, units = ast.literal_eval(printed_text(shown, "features"))
    assert rows == len(pixels) and units == base.get_layer("hidden").units
    raw = features.predict(pixels, verbose=0)
    assert raw.shape == (rows, units)
    # It takes the raw pixels (0 to 16): it scales them, as `outer` does.
    assert pixels.max() == 16.0
    scaled = base_features.predict(pixels / 16, verbose=0)
    assert rounding_apart(raw, scaled)
    # Negative control: the base's feature model on the raw pixels does not scale them.
    unscaled = base_features.predict(pixels, verbose=0)
    assert max_difference(raw, unscaled) > FAR * RTOL * largest(raw, unscaled)
    # The same holds for a Sequential base: the convert page's `body`, nested in `model`
    # (linked from there). From the outer input, its inner layer is not connected; from
    # `body.inputs`, it is, with the hand-computed activations.
    nested = fresh("convert/nested.py")
    body, model = nested["body"], nested["model"]
    first = body.layers[0]
    with pytest.raises(ValueError, match="is not connected to `inputs`$"):
        keras.Model(model.input, first.output)
    body_features = keras.Model(body.inputs, first.output)
    outer_features = keras.Model(model.inputs, body_features(model.inputs[0]))
    assert rounding_apart(
        outer_features.predict(pixels / 16, verbose=0), dense_relu(pixels / 16, first)
    )
    stated(units=units)


@pytest.mark.claim(
    PAGE,
    "They equal the hand computation from the scaled pixels and the base's weights, within "
    "{rtol:sci} times the largest activation. Both new models use the base's own layer "
    "objects, so they follow the outer model through training.",
)
def test_nested_features_equal_the_hand_computation(snippet, stated, printed):
    ns = snippet(NESTED).namespace
    outer, base, features, pixels = ns["outer"], ns["base"], ns["features"], ns["pixels"]
    shown = printed(PAGE, f"snippets/{NESTED}:check")
    activation = printed_number(shown, "largest activation")
    difference = printed_number(shown, "largest difference from the hand computation")
    assert 0 < activation and difference <= RTOL * activation
    by_hand = dense_relu(pixels / 16, base.get_layer("hidden"))
    values = features.predict(pixels, verbose=0)
    assert rounding_apart(values, by_hand)
    assert rounding_apart(ns["base_features"].predict(pixels / 16, verbose=0), by_hand)
    # Against the full model: the rest of the base and the outer model's head, applied to
    # these features, give the outer model's own predictions.
    rest = base.get_layer("code")(values)
    predictions = outer.get_layer("probabilities")(rest)
    assert rounding_apart(predictions, outer.predict(pixels, verbose=0))
    # Negative controls, each far more than the tolerance apart: the hand computation from a
    # clone's weights, and from the pixels left unscaled.
    other = keras.models.clone_model(base).get_layer("hidden")
    from_clone = dense_relu(pixels / 16, other)
    assert max_difference(values, from_clone) > FAR * RTOL * largest(values, from_clone)
    unscaled = dense_relu(pixels, base.get_layer("hidden"))
    assert max_difference(values, unscaled) > FAR * RTOL * largest(values, unscaled)
    stated(rtol=RTOL)


@pytest.mark.claim(
    PAGE,
    "They equal the hand computation from the scaled pixels and the base's weights, within "
    "{rtol:sci} times the largest activation. Both new models use the base's own layer "
    "objects, so they follow the outer model through training.",
)
def test_nested_features_share_the_bases_layers(stated):
    ns = fresh(NESTED)
    outer, base, pixels = ns["outer"], ns["base"], ns["pixels"]
    models = {"base_features": ns["base_features"], "features": ns["features"]}
    hidden = base.get_layer("hidden")
    # The same layer objects and variables: `features` holds `base_features` as one layer.
    assert models["base_features"].get_layer("hidden") is hidden
    assert models["features"].layers[-1] is models["base_features"]
    for model in models.values():
        assert [id(w) for w in model.weights] == [id(w) for w in hidden.weights]
    data = {"base_features": pixels / 16, "features": pixels}  # what each model takes
    before = {name: model.predict(data[name], verbose=0) for name, model in models.items()}
    # A bystander: the same feature model over a copy of the base with the same weights.
    twin = keras.models.clone_model(models["base_features"])
    twin.set_weights(models["base_features"].get_weights())
    assert twin.get_layer(index=1) is not hidden
    twin_before = twin.predict(pixels / 16, verbose=0)
    # Its own training: the page never trains the outer model it says the features follow.
    outer.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    outer.fit(pixels, load_digits().target, epochs=2, verbose=0)
    by_hand = dense_relu(pixels / 16, hidden)
    for name, model in models.items():
        after = model.predict(data[name], verbose=0)
        assert max_difference(after, before[name]) > 1e-2  # they moved...
        assert rounding_apart(after, by_hand)  # ...to the trained weights
    # Negative control: the copy did not follow, and is now far from the trained features.
    assert max_difference(twin.predict(pixels / 16, verbose=0), twin_before) == 0.0
    stale = twin.predict(pixels / 16, verbose=0)
    assert max_difference(stale, by_hand) > FAR * RTOL * largest(stale, by_hand)
    stated(rtol=RTOL)
