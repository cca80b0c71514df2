"""Claims of docs/how-to/choose-an-api.md (snippets/choosing/)."""

import warnings

import keras
import numpy as np
import pytest
from conftest import ROOT, fresh, max_difference, run_sections

from docsite import executor

# Float32 tolerance: the same model evaluated in different batch sizes differs by up to ~8e-7
# on CPU (different reduction order), so "equal" means within 1e-6.
ATOL = 1e-6

X = np.random.default_rng(0).random((32, 784), dtype=np.float32)


def size(weights):
    return sum(int(np.prod(w.shape)) for w in weights)


def compose():
    """The snippet's first section only: the autoencoder before its encoder is frozen."""
    return run_sections("choosing/composed.py", "compose")


def before_first_call():
    """The subclassed snippet up to, not including, the model's first call."""
    code = (ROOT / "snippets" / "choosing" / "subclassed.py").read_text(encoding="utf-8")
    ns = executor.fresh_namespace("choosing/subclassed.py")
    executor.run(code.split("# There is no Input")[0], "choosing/subclassed.py", ns)
    return ns


def sequential_784_to_32():
    return keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(32, activation="relu")])


@pytest.mark.claim
def test_subclassed_model_is_the_784_to_32_network(snippet):
    model = snippet("choosing/subclassed.py").namespace["model"]
    assert model.count_params() == 784 * 32 + 32 == 25_120
    inputs = keras.Input(shape=(784,))
    functional = keras.Model(inputs, keras.layers.Dense(32, activation="relu")(inputs))
    assert functional.count_params() == sequential_784_to_32().count_params() == 25_120
    sequential = keras.models.clone_model(sequential_784_to_32())
    # Negative control: with its own weights, the Sequential model computes something else.
    assert max_difference(sequential(X), model(X)) > 1e-2
    sequential.set_weights(model.get_weights())
    assert max_difference(sequential(X), model(X)) <= ATOL


@pytest.mark.claim
def test_subclassed_model_has_no_weights_before_its_first_call():
    model = before_first_call()["model"]
    assert not model.built and model.weights == []
    with pytest.raises(ValueError, match="You tried to call `count_params` on layer 'encoder'"):
        model.count_params()
    with pytest.raises(ValueError) as caught:
        model.count_params()
    assert type(caught.value) is ValueError and str(caught.value) == (
        "You tried to call `count_params` on layer 'encoder', but the layer isn't built. "
        "You can build it manually via: `layer.build(input_shape)`."
    )
    # Until its first call: then it has its 2 weight arrays and counts them.
    model(np.zeros((1, 784), dtype="float32"))
    assert model.built and len(model.weights) == 2 and model.count_params() == 25_120
    # Negative control: a Sequential model that starts with an Input has weights at once.
    assert sequential_784_to_32().count_params() == 25_120


@pytest.mark.claim
def test_build_without_a_build_method_warns():
    model = before_first_call()["model"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.build((None, 784))
    assert [w.category for w in caught] == [UserWarning]
    assert str(caught[0].message).startswith(
        "`build()` was called on layer 'encoder', however the layer does not have a `build()` "
        "method implemented"
    )
    assert str(caught[0].message) == (
        "`build()` was called on layer 'encoder', however the layer does not have a `build()` "
        "method implemented and it looks like it has unbuilt state. This will cause the layer "
        "to be marked as built, despite not being actually built, which may cause failures "
        "down the line. Make sure to implement a proper `build()` method."
    )
    # Marked built, without weights.
    assert model.built is True and model.weights == []
    # Negative control: the snippet's way, a first call on data, does not warn.
    assert fresh("choosing/subclassed.py")["model"].count_params() == 25_120  # (warnings = errors)


@pytest.mark.claim
def test_subclassed_model_has_no_graph_to_extract_features_from(snippet):
    model = snippet("choosing/subclassed.py").namespace["model"]
    with pytest.raises(AttributeError, match="'Encoder' object has no attribute 'inputs'"):
        model.inputs  # noqa: B018
    with pytest.raises(AttributeError) as caught:
        model.inputs  # noqa: B018
    assert str(caught.value) == "'Encoder' object has no attribute 'inputs'"
    assert model.built  # even after its first call
    with pytest.raises(AttributeError) as caught:
        model.dense.output  # noqa: B018
    assert str(caught.value) == (
        f"The layer {model.dense.name} has never been called and thus has no defined output."
    )
    # Negative control: Sequential and Functional models expose their graph.
    sequential = sequential_784_to_32()
    assert len(sequential.inputs) == 1 and sequential.layers[0].output is not None


@pytest.mark.claim
def test_only_subclassing_runs_python_per_call():
    class Repeat(keras.Model):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.dense = keras.layers.Dense(4)

        def call(self, inputs, steps=1):
            for _ in range(steps):
                inputs = self.dense(inputs)
            return inputs

    x = np.ones((1, 4), dtype="float32")
    repeat = Repeat()
    assert max_difference(repeat(x), repeat(x, steps=3)) > 1e-2
    # Negative control: a Functional model's graph is fixed; the extra argument changes nothing.
    inputs = keras.Input(shape=(4,))
    functional = keras.Model(inputs, keras.layers.Dense(4)(inputs))
    assert max_difference(functional(x), functional(x, steps=3)) == 0.0
    # ...and neither does a Sequential model's.
    sequential = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(4)])
    assert max_difference(sequential(x), sequential(x, steps=3)) == 0.0


@pytest.mark.claim
def test_sequential_cannot_merge_branches():
    with pytest.raises(ValueError, match="A merge layer should be called on a list of inputs"):
        keras.Sequential([keras.Input(shape=(4,)), keras.layers.Add()])
    with pytest.raises(ValueError) as caught:
        keras.Sequential([keras.Input(shape=(4,)), keras.layers.Add()])
    assert type(caught.value) is ValueError and str(caught.value) == (
        "A merge layer should be called on a list of inputs. "
        "Received: input_shape=(None, 4) (not a list of shapes)"
    )
    # Negative control: the Functional API gives Add the list of two tensors it needs.
    inputs = keras.Input(shape=(4,))
    added = keras.layers.Add()([inputs, keras.layers.Dense(4)(inputs)])
    assert tuple(keras.Model(inputs, added).output_shape) == (None, 4)


@pytest.mark.claim
def test_composed_autoencoder_has_50992_parameters(snippet):
    ns = snippet("choosing/composed.py").namespace
    autoencoder, encoder, decoder = ns["autoencoder"], ns["encoder"], ns["decoder"]
    assert encoder.count_params() == 25_120 and decoder.count_params() == 32 * 784 + 784 == 25_872
    assert autoencoder.count_params() == 25_120 + 25_872 == 50_992
    assert autoencoder.layers[0] is encoder and autoencoder.layers[1] is decoder
    # Models are layers; the two stay usable on their own, with the autoencoder's weights.
    assert isinstance(encoder, keras.layers.Layer) and len(autoencoder.layers) == 2
    assert {id(w) for w in autoencoder.weights} == {
        id(w) for w in encoder.weights + decoder.weights
    }
    assert max_difference(autoencoder(X), decoder(encoder(X))) <= ATOL
    # Negative control: an autoencoder of new layers has the same count, but other objects.
    clone = keras.models.clone_model(autoencoder)
    assert clone.count_params() == 50_992 and clone.layers[0] is not encoder


@pytest.mark.claim
def test_frozen_encoder_leaves_the_decoders_two_weights_trainable():
    ns = fresh("choosing/composed.py")
    autoencoder, encoder, decoder = ns["autoencoder"], ns["encoder"], ns["decoder"]
    trainable = autoencoder.trainable_weights
    assert len(trainable) == 2 and size(trainable) == 25_872
    assert {id(w) for w in trainable} == {id(w) for w in decoder.weights}
    assert len(autoencoder.non_trainable_weights) == 2
    assert size(autoencoder.non_trainable_weights) == 25_120
    # Training changes the decoder and leaves the encoder alone.
    encoder_before = [w.numpy().copy() for w in encoder.weights]
    decoder_before = [w.numpy().copy() for w in decoder.weights]
    autoencoder.fit(X, X, epochs=1, batch_size=32, verbose=0)
    assert all(
        max_difference(w, b) == 0.0 for w, b in zip(encoder.weights, encoder_before, strict=True)
    )
    assert max_difference(decoder.weights[0], decoder_before[0]) > 1e-4
    # Negative control: before freezing, all 4 weight arrays (50,992 numbers) are trainable.
    unfrozen = compose()["autoencoder"]
    assert len(unfrozen.trainable_weights) == 4
    assert size(unfrozen.trainable_weights) == 50_992


@pytest.mark.claim
def test_freezing_after_compile_needs_a_new_compile():
    def encoder_change(recompile):
        ns = compose()
        autoencoder, encoder = ns["autoencoder"], ns["encoder"]
        autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        autoencoder.fit(X, X, epochs=1, verbose=0)  # trains with everything trainable
        encoder.trainable = False
        if recompile:
            autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
        before = encoder.weights[0].numpy().copy()
        autoencoder.fit(X, X, epochs=1, verbose=0)
        return max_difference(encoder.weights[0], before)

    assert encoder_change(recompile=True) == 0.0
    # Negative control: without compiling again, the "frozen" encoder still trains.
    assert encoder_change(recompile=False) > 1e-4
