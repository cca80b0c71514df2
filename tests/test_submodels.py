"""Claims of docs/how-to/extract-submodels.md (snippets/submodels/)."""

import keras
import numpy as np
import pytest
from sklearn.datasets import load_digits

from conftest import fresh, max_difference

PAGE = "docs/how-to/extract-submodels.md"

# Float32 tolerance: NumPy's and TensorFlow's matrix products add in different orders, and
# the same model evaluated in different batch sizes differs by up to ~8e-7, so "equal" means
# within 1e-6 (measured here: 2.4e-7).
ATOL = 1e-6


def dense_relu(x, layer):
    kernel, bias = layer.get_weights()
    return np.maximum(x @ kernel + bias, 0.0)


@pytest.mark.claim(
    PAGE,
    "The feature extractor's output equals the hand computation, up to float32 rounding in a "
    "different order: the largest difference is at most {atol:sci}.",
)
def test_functional_feature_extractors_equal_the_hand_computation(snippet, stated):
    ns = snippet("submodels/functional_features.py").namespace
    classifier, images = ns["classifier"], ns["images"]
    hidden = dense_relu(images, classifier.get_layer("hidden"))
    code = dense_relu(hidden, classifier.get_layer("code"))
    assert ns["difference"] <= ATOL
    assert max_difference(ns["code_model"].predict(images, verbose=0), code) <= ATOL
    assert max_difference(ns["hidden_model"].predict(images, verbose=0), hidden) <= ATOL
    assert classifier.layers[1] is classifier.get_layer("hidden")
    # Negative control: the same computation with another model's weights gives other numbers.
    other = keras.models.clone_model(classifier)
    other_code = dense_relu(dense_relu(images, other.get_layer("hidden")), other.get_layer("code"))
    assert max_difference(ns["code_model"].predict(images, verbose=0), other_code) > 1e-2
    # "float32 rounding": within what float32 sums of this size can round (machine epsilon,
    # times the number of terms added, times the largest activation); measured 1.8e-7 here.
    rounding = 64 * np.finfo("float32").eps * float(np.abs(code).max())
    assert ns["difference"] <= rounding
    stated(atol=ATOL)


NOTHING_COPIED = (
    "Nothing was copied: `code_model` is made of the classifier's own layer objects, so it "
    "always reflects the classifier's current weights, during and after training."
)


@pytest.mark.claim(PAGE, NOTHING_COPIED)
@pytest.mark.claim(
    PAGE,
    "This extractor, too, returns the hand-computed activations of the `code` layer (within "
    "{atol:sci}) and shares the classifier's layers.",
)
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
    stated(atol=ATOL)


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

    # During training: after every epoch, the extractor gives the current hand computation.
    during = []
    check = keras.callbacks.LambdaCallback(
        on_epoch_end=lambda epoch, logs: during.append(
            max_difference(code_model.predict(images, verbose=0), hand_code())
        )
    )
    classifier.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    classifier.fit(images, load_digits().target, epochs=3, verbose=0, callbacks=[check])
    assert len(during) == 3 and max(during) <= ATOL
    # After training: the features moved with the classifier, and still match by hand.
    features_after = code_model.predict(images, verbose=0)
    assert max_difference(features_after, features_before) > 1e-2
    assert max_difference(features_after, hand_code()) <= ATOL
    # Negative control: an extractor over layers that were not trained is left behind.
    assert max_difference(twin_code_model.predict(images, verbose=0), features_before) == 0.0


@pytest.mark.claim(
    PAGE,
    "The recipe is the same for both APIs: a new `keras.Model` from the model's `inputs` to an "
    "inner layer's `output`. The one difference: a Sequential model has no `.input` of its "
    "own, so take its input tensors from `.inputs`, which both APIs have.",
)
@pytest.mark.claim(
    PAGE,
    "A Sequential model that starts with `keras.Input` is built, and its layers have outputs, "
    "but until it is called as a layer of another model, it has no `.input` or `.output`:",
)
@pytest.mark.claim(
    PAGE,
    'Both attributes raise `AttributeError` ("{message}", and the same for output), even though '
    "`classifier.built` is `{built}`. With PyTorch as the backend, the message is "
    "`'Sequential' object has no attribute 'input'` instead, which names the class, not the "
    "model. The plural `classifier.inputs` and `classifier.outputs` "
    "work; a Functional model has all {count:w}.",
)
def test_sequential_input_and_output_raise_attribute_error(snippet, stated):
    run = snippet("submodels/sequential_features.py")
    classifier = run.namespace["classifier"]
    assert classifier.built
    messages = {}
    for attribute in ("input", "output"):
        message = f"The layer classifier has never been called and thus has no defined {attribute}."
        # Keras's own property raises Keras's message on every backend; with PyTorch, every
        # layer is a torch.nn.Module, whose __getattr__ then answers with its own.
        with pytest.raises(AttributeError) as own:
            getattr(type(classifier), attribute).fget(classifier)
        assert type(own.value) is AttributeError and str(own.value) == message
        no_attribute = f"'Sequential' object has no attribute '{attribute}'"
        if keras.backend.backend() == "torch":
            seen, other = no_attribute, message
            assert type(classifier).__name__ == "Sequential" and classifier.name not in seen
        else:
            seen, other = message, no_attribute
        with pytest.raises(AttributeError) as caught:
            getattr(classifier, attribute)
        assert type(caught.value) is AttributeError and str(caught.value) == seen
        assert f"AttributeError: {seen}\n" in run.stdout
        # Negative control: the snippet printed this backend's message, not the other one.
        assert f"AttributeError: {other}\n" not in run.stdout
        assert not hasattr(classifier, attribute)
        messages[attribute] = str(own.value)
    # "the same for output": the same words, with "output".
    assert messages["output"] == messages["input"].replace("input", "output")
    # Negative control: the plural attributes exist, and so does `.output` on a Functional model.
    assert [tuple(t.shape) for t in classifier.inputs] == [(None, 64)]
    assert [tuple(t.shape) for t in classifier.outputs] == [(None, 10)]
    # Its layers do have outputs.
    assert tuple(classifier.get_layer("code").output.shape) == (None, 8)
    functional = snippet("submodels/functional_features.py").namespace["classifier"]
    assert tuple(functional.output.shape) == (None, 10)
    # A Functional model has all four.
    assert tuple(functional.input.shape) == (None, 64)
    assert [tuple(t.shape) for t in functional.inputs] == [(None, 64)]
    assert [tuple(t.shape) for t in functional.outputs] == [(None, 10)]
    # "the same for both APIs": both snippets start their extractor from `.inputs`.
    for name in ("submodels/functional_features.py", "submodels/sequential_features.py"):
        ns = snippet(name).namespace
        assert ns["code_model"].inputs[0] is ns["classifier"].inputs[0]
    four = ("input", "output", "inputs", "outputs")
    assert all(hasattr(functional, attribute) for attribute in four)
    stated(message=messages["input"].removesuffix("."), built=classifier.built, count=len(four))


@pytest.mark.claim(
    PAGE,
    "Once the Sequential model has been called as a layer of another model, `.input` and "
    "`.output` exist, but they are the tensors of that call, in the other model's graph: a "
    "model from `classifier.input` to an inner layer's output then raises `ValueError` (the "
    'output "{says}"). `classifier.inputs` is still the model\'s own input, and works either '
    "way.",
)
def test_after_a_call_as_a_layer_input_is_that_calls_input(stated):
    ns = fresh("submodels/sequential_features.py")
    classifier, images = ns["classifier"], ns["images"]
    with pytest.raises(AttributeError):
        classifier.input  # noqa: B018  (not called as a layer yet)
    own_input = classifier.inputs[0]
    # Called as a layer of another model...
    pixels = keras.Input(shape=(64,))
    probabilities = classifier(pixels)
    outer = keras.Model(pixels, probabilities)
    assert outer.layers[1] is classifier
    # ...`.input` and `.output` are that call's tensors, in the other model's graph.
    assert classifier.input is pixels and classifier.output is probabilities
    assert classifier.inputs[0] is own_input and own_input is not pixels
    with pytest.raises(ValueError) as caught:
        keras.Model(classifier.input, classifier.get_layer("code").output)
    message = str(caught.value)
    assert type(caught.value) is ValueError and message.endswith("is not connected to `inputs`")
    # Negative control: `.inputs` works, before and after the call, with the same features.
    after = keras.Model(classifier.inputs, classifier.get_layer("code").output)
    features = after.predict(images, verbose=0)
    assert max_difference(features, ns["code_model"].predict(images, verbose=0)) == 0.0
    stated(says=message[message.index("is not connected") :])


@pytest.mark.claim(
    PAGE,
    "This extractor, too, returns the hand-computed activations of the `code` layer (within "
    "{atol:sci}) and shares the classifier's layers.",
)
def test_sequential_feature_extractor_equals_the_hand_computation(snippet, stated):
    ns = snippet("submodels/sequential_features.py").namespace
    classifier, images = ns["classifier"], ns["images"]
    code = dense_relu(
        dense_relu(images, classifier.get_layer("hidden")), classifier.get_layer("code")
    )
    features = ns["code_model"].predict(images, verbose=0)
    assert features.shape == (1797, 8)
    assert max_difference(features, code) <= ATOL
    # Negative control: the same computation with a clone's new weights gives other numbers.
    other = keras.models.clone_model(classifier)
    other_code = dense_relu(dense_relu(images, other.get_layer("hidden")), other.get_layer("code"))
    assert max_difference(features, other_code) > 1e-2
    stated(atol=ATOL)


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
