"""Claims of docs/index.md: the box for readers of the Stack Overflow answer, and the short
answer (what a Sequential model can merge, what a Functional graph adds).

The answer's own code is kept verbatim in snippets/answer/original_*.txt (shown on the
reference page, never run by the build); the box's tests run its lines on purpose."""

import ast
import math
import re
import warnings

import keras
import numpy as np
import pytest
from counterexample_layers import TwoViews
from markdown.extensions.toc import slugify

from conftest import ROOT, fresh, max_difference, section
from docsite import executor

PAGE = "docs/index.md"

# Float32 tolerance: the same layers evaluated by two different models may sum in a different
# order (up to ~8e-7 apart on CPU), so "equal" means within 1e-6.
ATOL = 1e-6

DIGITS = np.random.default_rng(0).random((64, 784), dtype=np.float32)


def original(name: str, part: str | None = None) -> str:
    """The answer's code, verbatim, whole or one section."""
    if part:
        return section(f"answer/{name}", part)
    return (ROOT / "snippets" / "answer" / name).read_text(encoding="utf-8")


def code_lines(code: str) -> list[str]:
    return [line for line in code.splitlines() if line.strip() and not line.startswith("#")]


def anchors(page: str) -> set[str]:
    """The heading anchors of a page: `{ #id }` attributes, or the heading text slugified as
    MkDocs's `toc` extension does by default."""
    found = set()
    for line in (ROOT / "docs" / page).read_text(encoding="utf-8").splitlines():
        heading = re.match(r"#{1,6}\s+(.*?)\s*$", line)
        if not heading:
            continue
        explicit = re.search(r"\{\s*#([\w-]+)\s*\}$", heading[1])
        found.add(explicit[1] if explicit else slugify(heading[1], "-"))
    return found


# --- The box: three problems a reader of the answer meets ------------------------------------


@pytest.mark.claim(
    PAGE,
    "Its last line, `{line}`, raises `{message}`: the line before stored the encodings as "
    "`{stored}`. See Troubleshooting.",
)
def test_the_answers_last_line_raises_nameerror(snippet, stated):
    code = original("original_autoencoder.txt", "predict")
    *_, before, last = code_lines(code)
    assert last == "decoded_imgs = decoder.predict(encoded_imgs)"
    stored = ast.parse(before).body[0].targets[0].id
    assert stored == "encoder_imgs" and stored not in last
    # Run the answer's lines, on the site's trained autoencoder and its held-out digits.
    ns = snippet("answer/autoencoder.py").namespace
    models = {name: ns[name] for name in ("autoencoder", "encoder", "decoder", "x_test")}
    with pytest.raises(NameError) as raised:
        exec(compile(code, "answer.py", "exec"), dict(models))
    message = f"{type(raised.value).__name__}: {raised.value}"
    assert message == "NameError: name 'encoded_imgs' is not defined"
    # The fix the box links to shows the same message, under that anchor.
    assert snippet("troubleshooting/encoder_imgs_typo.py").stdout == message + "\n"
    assert "encoded-imgs" in anchors("reference/troubleshooting.md")
    # Negative control: with the name the line before assigned, the lines run.
    fixed = dict(models)
    exec(compile(code.replace("(encoded_imgs)", f"({stored})"), "fixed.py", "exec"), fixed)
    assert fixed["decoded_imgs"].shape == ns["x_test"].shape
    stated(line=last, message=message, stored=stored)


# Binary cross-entropy of 0.5 for every pixel is ln 2 = 0.6931, whatever the pixel values. An
# untrained sigmoid autoencoder starts near it, and Adadelta at its default rate stays there:
# measured over the 6 losses, 0.6932-0.6934 with TensorFlow, 0.6935-0.6936 with JAX and
# 0.6966-0.6968 with PyTorch (each backend draws other starting weights), hence "within 0.005".
NEAR = 0.005


@pytest.mark.claim(
    PAGE,
    "With its `{optimizer}`, the autoencoder's loss stays within {near:g} of {loss:.3f}, the "
    "loss of predicting {half:g} for every pixel, epoch after epoch (measured over {epochs:w} "
    "epochs on this site's digits). See Why Adam, not Adadelta.",
)
def test_with_the_answers_adadelta_the_loss_stays_near_0_693(snippet, stated):
    compiled = [line for line in code_lines(original("original_autoencoder.txt", "train"))]
    optimizer = re.search(r"optimizer='\w+'", "\n".join(compiled))[0]
    assert optimizer == "optimizer='adadelta'"
    run = snippet("autoencoder/compare_optimizers.py").namespace
    adadelta = run["curves"]["Adadelta"]
    assert len(adadelta) == 6  # before training, then after each of 5 epochs
    # This site's digits: scikit-learn's, enlarged to the answer's 784 pixels.
    assert run["x_train"].shape == (1_500, 784) and run["digits"].images.shape[1:] == (8, 8)
    # The loss of predicting 0.5 everywhere, on these pixels: ln 2.
    half = 0.5
    halves = np.full_like(run["x_train"], half)
    loss_of_halves = float(keras.losses.BinaryCrossentropy()(run["x_train"], halves))
    assert abs(loss_of_halves - math.log(2)) < 1e-6
    # Every loss, before training and after each epoch, within NEAR of it.
    assert max(abs(loss - loss_of_halves) for loss in adadelta) < NEAR
    # The same kind of autoencoder as the answer's: 784 -> 32 (ReLU) -> 784 (sigmoid).
    assert "loss='binary_crossentropy'" in "\n".join(compiled)
    model = run["model"]
    assert [(layer.units, layer.activation.__name__) for layer in model.layers[1:]] == [
        (32, "relu"),
        (784, "sigmoid"),
    ]
    # Negative control: from the same start, Adam's loss leaves that band.
    adam = run["curves"]["Adam"]
    assert adam[0] == adadelta[0] and max(abs(loss - loss_of_halves) for loss in adam) > 0.1
    assert "why-adam-not-adadelta" in anchors("tutorials/autoencoder.md")
    stated(optimizer=optimizer, near=NEAR, loss=loss_of_halves, half=half, epochs=len(adadelta) - 1)


@pytest.mark.claim(
    PAGE,
    'Its `{call}` gives a `{category}` that begins "{start}". See Troubleshooting.',
)
def test_the_answers_input_dim_gives_a_userwarning(snippet, stated):
    code = original("original_definitions.txt")
    call = re.search(r"Dense\(\d+, input_dim=\d+\)", code)[0]
    assert call == "Dense(32, input_dim=784)"
    executor.reset()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exec(compile(code, "answer.py", "exec"), {"__name__": "__main__"})
    assert len(caught) == 1
    category, message = caught[0].category, str(caught[0].message)
    assert category is UserWarning
    start = message.split(". ")[0]
    assert start == "Do not pass an `input_shape`/`input_dim` argument to a layer"
    # The fix the box links to shows the same warning, under that anchor.
    shown = snippet("troubleshooting/input_dim_warning.py").stdout
    assert shown.startswith(f"{category.__name__}: {start}. ")
    assert "input-dim" in anchors("reference/troubleshooting.md")
    # Negative control: the same code with only `input_dim` taken out warns nothing, and the
    # answer's Functional half, which starts from Input, warns nothing.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        without = code.replace(call, call.replace(", input_dim=784", ""))
        exec(compile(without, "answer.py", "exec"), {"__name__": "__main__"})
    assert caught == []
    functional = code[code.index("#---Or using the Functional API") :]
    imports = "from keras.layers import Input, Dense\nfrom keras.models import Model\n"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        exec(compile(imports + functional, "functional.py", "exec"), {})
    assert caught == []
    stated(call=call, category=category.__name__, start=start)


# --- The short answer --------------------------------------------------------------------------


@pytest.mark.claim(
    PAGE,
    "Yet a Functional model can be written one layer after another, just like a Sequential one, "
    "and the two can describe the very same network.",
)
@pytest.mark.claim(
    PAGE,
    "For a chain, the two APIs build the same network: once one of the two definitions below is "
    "given the other's weights, they compute the same outputs.",
)
@pytest.mark.claim(
    PAGE, "Both have {parameters:,} parameters: {inputs} × {units} weights and {units} biases."
)
def test_the_two_definitions_are_one_network(snippet, stated, printed):
    # What the two blocks below the sentence print, as the page shows it.
    shown = [printed(PAGE, f"snippets/answer/{kind}_definition.py") for kind in KINDS]
    sequential = fresh("answer/sequential_definition.py")["model"]
    functional_ns = fresh("answer/functional_definition.py")
    functional = functional_ns["model"]
    # One layer after another: the Functional definition calls one Dense layer on the input.
    assert [type(layer).__name__ for layer in functional.layers] == ["InputLayer", "Dense"]
    assert [type(layer).__name__ for layer in sequential.layers] == ["Dense"]

    def config(layer):
        return layer.units, layer.activation.__name__, layer.use_bias

    assert config(sequential.layers[0]) == config(functional.layers[1])
    assert [tuple(w.shape) for w in sequential.weights] == [(784, 32), (32,)]
    assert [tuple(w.shape) for w in functional.weights] == [(784, 32), (32,)]
    assert sequential.count_params() == functional.count_params() == 784 * 32 + 32
    # Negative control: with weights of their own (clone_model re-initialises), they disagree.
    functional = keras.models.clone_model(functional)
    assert max_difference(sequential(DIGITS), functional(DIGITS)) > 1e-2
    functional.set_weights(sequential.get_weights())
    # The same matrix product and ReLU: equal within float32 rounding (measured: 0.0).
    assert max_difference(sequential(DIGITS), functional(DIGITS)) <= ATOL

    # "For a plain stack": a longer one, with layers that keep state or behave differently in
    # training, is also one network written either way.
    def stack():
        return [
            keras.layers.Dense(16, activation="relu"),
            keras.layers.BatchNormalization(),
            keras.layers.Dropout(0.5),
            keras.layers.Dense(3, activation="softmax"),
        ]

    chain = keras.Sequential([keras.Input((784,)), *stack()])
    x = inputs = keras.Input((784,))
    for layer in stack():
        x = layer(x)
    graph = keras.Model(inputs, x)
    assert [type(a) for a in chain.layers] == [type(b) for b in graph.layers[1:]]
    assert chain.count_params() == graph.count_params()
    assert max_difference(chain(DIGITS), graph(DIGITS)) > 1e-3  # own weights: they differ
    graph.set_weights(chain.get_weights())
    assert max_difference(chain(DIGITS), graph(DIGITS)) <= ATOL
    assert shown == [f"{sequential.count_params():,} parameters\n"] * len(KINDS)
    kernel = sequential.layers[0].kernel.shape
    stated(parameters=sequential.count_params(), inputs=kernel[0], units=kernel[1])


KINDS = ("sequential", "functional")


@pytest.mark.claim(
    PAGE,
    '"Non-sequential" is about the shape of the network, not about how you write it down. A '
    "Sequential model is a chain: each layer is called on what the layer before it returned, "
    "never on an earlier layer's output.",
)
def test_sequential_hands_each_layer_only_what_the_layer_before_returned():
    received, returned = [], []

    class Record(keras.layers.Layer):
        def call(self, *args, **kwargs):
            received.append((args, kwargs))
            returned.append(args[0] + 1.0)
            return returned[-1]

    model = keras.Sequential([keras.Input((4,)), Record(), Record(), Record()])
    # In the graph Keras records: each layer's input is the previous layer's output tensor.
    first, *rest = model.layers
    assert first.input is model.inputs[0]
    for before, layer in zip(model.layers, rest, strict=False):
        assert layer.input is before.output
    # On numbers: each call gets one argument, the very tensor the previous call returned, and
    # no earlier one. (Keras passes `training` and `mask` too, to layers whose call takes them:
    # flags and the previous output's mask, not other layers' outputs.)
    received.clear(), returned.clear()
    model(np.ones((2, 4), dtype="float32"))
    assert [(len(args), kwargs) for args, kwargs in received] == [(1, {})] * 3
    assert all(received[i][0][0] is returned[i - 1] for i in (1, 2))
    assert received[2][0][0] is not returned[0]
    # The same in the unbuilt path (no keras.Input), where Sequential loops over its layers.
    unbuilt = keras.Sequential([Record(), Record(), Record()])
    unbuilt(np.ones((2, 4), dtype="float32"))  # the first call builds the model
    received.clear(), returned.clear()
    unbuilt(np.ones((2, 4), dtype="float32"))
    assert all(received[i][0][0] is returned[i - 1] for i in (1, 2))


@pytest.mark.claim(
    PAGE,
    "What a chain cannot do is reach back. A merge layer in the list, such as `Add`, can only "
    "combine what the layer right before it returned: it cannot add an earlier layer's output to "
    "a later one's, as a residual block does, unless the whole block is one layer of the list (a "
    "nested Functional model).",
)
def test_a_merge_layer_in_the_list_cannot_reach_back():
    # So Add after two Dense layers gets one tensor, not the two layers' outputs: refused.
    with pytest.raises(ValueError, match="^A merge layer should be called on a list of inputs"):
        keras.Sequential(
            [keras.Input((4,)), keras.layers.Dense(4), keras.layers.Dense(4), keras.layers.Add()]
        )
    # Strongest counterexamples, both consistent with the sentence: Add combines a list that the
    # layer right before it returned (x and 2x) ...
    summed = keras.Sequential([keras.Input((4,)), TwoViews(), keras.layers.Add()])
    assert max_difference(summed(np.ones((1, 4))), np.full((1, 4), 3.0)) == 0.0
    # ... and a residual block works when the whole block is one layer of the list (a nested
    # Functional model): its Add is inside that layer, not in the list.
    x = keras.Input((4,))
    block = keras.Model(x, keras.layers.Add()([x, keras.layers.Dense(4)(x)]))
    nested = keras.Sequential([keras.Input((4,)), keras.layers.Dense(4), block])
    assert block in nested.layers and not any(
        isinstance(layer, keras.layers.Add) for layer in nested.layers
    )
    assert tuple(nested(np.ones((2, 4))).shape) == (2, 4)
    # Negative control: a Functional graph does add an earlier output to a later one.
    inputs = keras.Input((4,))
    early = keras.layers.Dense(4)(inputs)
    late = keras.layers.Dense(4)(early)
    residual = keras.Model(inputs, keras.layers.Add()([early, late]))
    assert residual.layers[-1].input == [early, late]


@pytest.mark.claim(
    PAGE,
    "A merge layer still works in the list when it receives a list, for example first in a model "
    "called on {arrays:w} arrays. After a single `keras.Input`, it receives one tensor, and `Add` "
    "raises a `{error}`.",
)
def test_a_merge_layer_works_in_a_sequential_model_when_it_receives_a_list(stated):
    # First in the list, no keras.Input: the model is called on a list and the list goes to
    # Concatenate as it is. It builds, and it trains.
    # Its own training: the home page's code trains nothing, so this model is the test's own.
    joined = keras.Sequential([keras.layers.Concatenate(), keras.layers.Dense(1)])
    joined.compile(optimizer="adam", loss="mse")
    rng = np.random.default_rng(0)
    arrays = [rng.random((32, 3), dtype=np.float32), rng.random((32, 2), dtype=np.float32)]
    target = arrays[0].sum(axis=1, keepdims=True) - arrays[1].sum(axis=1, keepdims=True)
    before = joined.evaluate(arrays, target, verbose=0)
    history = joined.fit(arrays, target, epochs=20, verbose=0)
    assert joined.count_params() == (3 + 2) * 1 + 1
    assert history.history["loss"][-1] < before  # it trained
    # Every merge layer Keras has works first in the list, on the two arrays it is called on.
    ones = np.ones((2, 4), dtype="float32")
    merges = {
        "Add": 3.0,
        "Subtract": -1.0,
        "Multiply": 2.0,
        "Average": 1.5,
        "Maximum": 2.0,
        "Minimum": 1.0,
    }
    for name, value in merges.items():
        merged = keras.Sequential([getattr(keras.layers, name)()])([ones, 2 * ones])
        assert max_difference(merged, np.full((2, 4), value)) == 0.0, name
    dot = keras.Sequential([keras.layers.Dot(axes=1)])([ones, 2 * ones])
    assert max_difference(dot, np.full((2, 1), 8.0)) == 0.0
    # After a layer that returns a list, the merge layer combines that list.
    summed = keras.Sequential([keras.Input((4,)), TwoViews(), keras.layers.Add()])
    assert max_difference(summed(ones), 3 * ones) == 0.0
    # Negative control: after a single keras.Input, Add gets one tensor and is refused.
    with pytest.raises(ValueError) as raised:
        keras.Sequential([keras.Input((4,)), keras.layers.Add()])
    assert type(raised.value) is ValueError
    assert str(raised.value) == (
        "A merge layer should be called on a list of inputs. "
        "Received: input_shape=(None, 4) (not a list of shapes)"
    )
    stated(arrays=len(arrays), error=type(raised.value).__name__)


@pytest.mark.claim(
    PAGE,
    "A Functional model is a graph of layer calls: one tensor can feed several layers, and a "
    "model can take several inputs and return several outputs.",
)
def test_a_functional_model_is_a_graph_with_several_inputs_and_outputs():
    image = keras.Input(shape=(784,))
    label = keras.Input(shape=(10,))
    encode = keras.layers.Dense(32, activation="relu")
    hidden = encode(image)
    # One tensor, `hidden`, feeds two layers; the model takes two inputs and returns two outputs.
    decode = keras.layers.Dense(784, activation="sigmoid")
    join = keras.layers.Concatenate()
    reconstruction = decode(hidden)
    joined = join([hidden, label])
    score = keras.layers.Dense(1)(joined)
    model = keras.Model([image, label], [reconstruction, score])
    assert len(model.inputs) == 2 and len(model.outputs) == 2
    assert decode.input is hidden and join.input[0] is hidden
    rng = np.random.default_rng(0)
    images, labels = rng.random((3, 784), dtype=np.float32), rng.random((3, 10), dtype=np.float32)
    outputs = model.predict([np.zeros((3, 784)), np.zeros((3, 10))], verbose=0)
    assert [o.shape for o in outputs] == [(3, 784), (3, 1)]
    # Both branches compute from the same hidden values: the reconstruction is decode(encode(x)).
    got = model.predict([images, labels], verbose=0)[0]
    assert max_difference(got, decode(encode(images))) <= ATOL
    # Negative control: a Sequential model has exactly one input and one output tensor...
    sequential = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(32)])
    assert len(sequential.inputs) == len(sequential.outputs) == 1
    # ...and refuses a second input.
    with pytest.raises(ValueError) as refused:
        keras.Sequential([keras.Input(shape=(4,)), keras.Input(shape=(4,))])
    assert type(refused.value) is ValueError
    assert str(refused.value).endswith(
        "has already been configured to use input shape (None, 4). "
        "You cannot add a different Input layer to it."
    )


@pytest.mark.claim(
    PAGE,
    "Tensors inside a Functional graph can also be the inputs and outputs of new models. Such "
    "models are made of the same layer objects, and therefore share their weights, as the "
    "encoder and decoder of an autoencoder do.",
)
def test_tensors_inside_the_graph_can_start_or_end_new_models(snippet):
    ns = fresh("answer/autoencoder.py")
    autoencoder, encoded, decoded = ns["autoencoder"], ns["encoded"], ns["decoded"]
    # An inner tensor as the output (the encoder) and as the input (a decoder) of new models.
    head = keras.Model(ns["input_img"], encoded)
    tail = keras.Model(encoded, decoded)
    assert [type(layer).__name__ for layer in tail.layers] == ["InputLayer", "Dense"]
    assert head.layers[1] is autoencoder.layers[1] and tail.layers[1] is autoencoder.layers[2]
    shared = {id(v) for v in head.weights + tail.weights}
    assert shared == {id(v) for v in autoencoder.weights} and len(shared) == 4
    # The encoder and decoder of the site's autoencoder are made the same way.
    assert ns["encoder"].layers[1] is autoencoder.layers[1]
    assert ns["decoder"].layers[1] is autoencoder.layers[2]
    x = ns["x_test"]
    # Same layer objects, same weights: head then tail is the autoencoder, bit for bit.
    through = tail.predict(head.predict(x, verbose=0), verbose=0)
    assert max_difference(through, autoencoder.predict(x, verbose=0)) == 0.0
    # Sharing: a change to the autoencoder's decoding kernel is a change to the tail's.
    autoencoder.layers[2].kernel.assign(np.zeros(autoencoder.layers[2].kernel.shape))
    assert float(np.abs(tail.layers[1].kernel.numpy()).max()) == 0.0
    # Negative control: a clone of the tail has its own weights and gives other images.
    clone = keras.models.clone_model(tail)
    assert not {id(v) for v in clone.weights} & shared
    assert max_difference(clone.predict(head.predict(x, verbose=0), verbose=0), through) > 1e-2
