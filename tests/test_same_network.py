"""Claims of docs/explanation/same-network-two-apis.md (snippets/same_network/)."""

import inspect
import itertools
import re

import keras
import numpy as np
import pytest
from counterexample_layers import Probe, TwoViews

from conftest import fresh, max_difference

PAGE = "docs/explanation/same-network-two-apis.md"
TWINS = "same_network/twins.py"

# Float32 tolerance, relative: float32 keeps about 7 digits (1.2e-7 of the value), and the same
# model evaluated in different batch sizes differs by a few units in the last place. The
# twins' outputs reach about 50 (784 inputs through normal random weights), where one unit in
# the last place is 4e-6: a fixed 1e-6 would be tighter than float32 itself. So "equal" (to
# float32 rounding) means within 1e-6 of the larger magnitude (and of 1, near zero): close().
RTOL = 1e-6
# "Far more than rounding": measured, different random weights disagree by about 40, and
# fresh initial weights by about 1; 1e-2 is far above rounding on either.
DISAGREE = 1e-2


def close(a, b, rtol=RTOL) -> bool:
    """a and b agree to float32 rounding: within `rtol` of the larger magnitude (at least 1)."""
    a, b = (np.asarray(keras.ops.convert_to_numpy(v), dtype="float64") for v in (a, b))
    scale = max(1.0, float(np.abs(a).max(initial=0.0)), float(np.abs(b).max(initial=0.0)))
    return max_difference(a, b) <= rtol * scale


def src(section):
    """How the page includes a section of the twins snippet, for the `printed` fixture."""
    return f"snippets/{TWINS}:{section}"


X = np.random.default_rng(1).random((32, 784), dtype=np.float32)
X4 = np.random.default_rng(2).random((8, 4), dtype=np.float32)


def summary(model):
    """(layer type, output shape) of each layer, InputLayer left out."""
    return [
        (type(layer).__name__, tuple(layer.output.shape))
        for layer in model.layers
        if not isinstance(layer, keras.layers.InputLayer)
    ]


@pytest.mark.claim(
    PAGE,
    "A `keras.Sequential` model is a list of layers. When it runs, the first layer receives the "
    "model's input, every following layer receives what the layer before it returned and "
    "nothing else, and what the last layer returns is the model's output. No layer can reach "
    "back to an earlier tensor. That restriction is what makes the API so short: the list of "
    "layers is all the wiring there is.",
)
@pytest.mark.claim(
    PAGE,
    "A layer can also return a list of tensors, and then the next layer receives the whole list.",
)
def test_a_sequential_model_is_a_chain():
    first, second = Probe(), Probe()
    dense = keras.layers.Dense(3)
    chain = keras.Sequential([first, dense, second])
    output = chain(X4)
    assert chain.layers == [first, dense, second]
    assert max_difference(first.received, X4) == 0.0  # the model's input
    assert close(second.received, dense(X4))  # what the layer before returned
    assert max_difference(output, second.received) == 0.0  # the last layer's return
    # No reaching back: Add after Dense receives Dense's one tensor, never the input as well.
    with pytest.raises(ValueError, match="A merge layer should be called on a list of inputs"):
        keras.Sequential([keras.Input((4,)), keras.layers.Dense(4), keras.layers.Add()])
    # The list of layers is all the wiring: the constructor takes nothing else that wires.
    assert list(inspect.signature(keras.Sequential.__init__).parameters) == [
        "self",
        "layers",
        "trainable",
        "name",
    ]
    # A layer that returns a list hands the whole list on.
    probe = Probe()
    keras.Sequential([keras.Input((4,)), TwoViews(), probe])(X4)
    assert isinstance(probe.received, list) and len(probe.received) == 2
    assert max_difference(probe.received[0], X4) == 0.0
    assert close(probe.received[1], 2 * X4)


@pytest.mark.claim(
    PAGE,
    "The Functional API builds the wiring explicitly. `keras.Input` returns a symbolic tensor "
    "(a `KerasTensor`): a placeholder that has a shape and a dtype but no values. Calling a "
    "layer on a symbolic tensor computes no numbers; it records the call and returns a new "
    "symbolic tensor for the result. After a few calls you have a directed acyclic graph whose "
    "nodes are layer calls and whose edges are tensors. `keras.Model(inputs, outputs)` then "
    "takes the graph's two ends and turns everything between them into a model.",
)
def test_input_is_a_symbolic_tensor_that_layer_calls_record():
    inputs = keras.Input(shape=(784,))
    # A KerasTensor with a shape and a dtype...
    assert isinstance(inputs, keras.KerasTensor)
    assert tuple(inputs.shape) == (None, 784) and inputs.dtype == "float32"
    # ...but no values: it cannot become an array.
    with pytest.raises(ValueError) as caught:
        np.asarray(inputs)
    assert str(caught.value) == (
        "A KerasTensor is symbolic: it's a placeholder for a shape an a dtype. "
        "It doesn't have any actual numerical value. You cannot convert it to a NumPy array."
    )
    # Calling a layer on it computes no numbers: it records the call (one node, whose edges are
    # the tensors in and out) and returns another symbolic tensor.
    dense = keras.layers.Dense(32, activation="relu")
    outputs = dense(inputs)
    assert isinstance(outputs, keras.KerasTensor) and tuple(outputs.shape) == (None, 32)
    node = dense._inbound_nodes[0]  # private: Keras 3 has no public list of calls
    assert len(dense._inbound_nodes) == 1
    assert node.input_tensors[0] is inputs and node.output_tensors[0] is outputs
    # keras.Model takes the two ends; the layer between them is in the model.
    model = keras.Model(inputs, outputs)
    assert model.layers[1] is dense and model.inputs[0] is inputs
    # Negative control: the same layer on real numbers returns numbers, and records no node.
    values = dense(X)
    assert not isinstance(values, keras.KerasTensor) and tuple(values.shape) == (32, 32)
    assert len(dense._inbound_nodes) == 1


@pytest.mark.claim(
    PAGE,
    "The object it returns is an instance of Keras's `Functional` class, a subclass of "
    "`keras.Model`.",
)
def test_functional_model_is_a_functional_instance(snippet):
    ns = snippet(TWINS).namespace
    functional, sequential = ns["functional_model"], ns["sequential_model"]
    assert type(functional).__name__ == "Functional"
    assert type(functional).__module__ == "keras.src.models.functional"
    assert isinstance(functional, keras.Model)
    assert issubclass(type(functional), keras.Model) and type(functional) is not keras.Model
    # Negative control: the Sequential model is not a Functional one.
    assert type(sequential).__name__ == "Sequential"


def as_functional(sequential, inputs):
    """The Sequential model's own layers, called one after another on `inputs`."""
    x = inputs
    for layer in sequential.layers:
        x = layer(x)
    return keras.Model(inputs, x)


@pytest.mark.claim(
    PAGE,
    "A chain is just a particular graph: one where each layer call reads only what the call "
    "before it returned. So any Sequential model can be written with the Functional API, layer "
    "for layer, with the same layer objects. The converse is not true.",
)
@pytest.mark.claim(
    PAGE,
    "A small graph that is not a chain adds a layer's input to its output: a `Dense` layer, "
    "then an `Add` layer that sums the `Dense` layer's input and output. Put those two layers "
    "after a `keras.Input` in a Sequential list, in either order, and Keras raises a "
    "`ValueError`, because `Add` needs two tensors and a chain hands it one. New layers raise "
    "when the model is created; layers already built in the graph raise when the chain is "
    "called.",
)
def test_any_chain_is_a_graph_and_not_every_graph_a_chain(snippet):
    dense = keras.layers.Dense(4)
    step = keras.Sequential([keras.Input((4,)), keras.layers.Dense(4)])
    # The strongest cases: a layer used twice, a layer that returns a list, a nested model,
    # and a model without a keras.Input whose first layer takes a list.
    chains = {
        "plain": keras.Sequential(
            [keras.Input((4,)), keras.layers.Dense(8), keras.layers.Dense(2)]
        ),
        "twice": keras.Sequential([keras.Input((4,)), dense, dense]),
        "list": keras.Sequential([keras.Input((4,)), TwoViews(), keras.layers.Add()]),
        "nested": keras.Sequential([keras.Input((4,)), step, keras.layers.Dense(1)]),
    }
    for name, chain in chains.items():
        graph = as_functional(chain, keras.Input((4,)))
        assert type(graph).__name__ == "Functional", name
        assert [layer for layer in graph.layers[1:]] == [
            layer for layer in dict.fromkeys(chain.layers)
        ], name
        assert close(graph(X4), chain(X4)), name
    merge_first = keras.Sequential([keras.layers.Concatenate(), keras.layers.Dense(1)])
    expected = merge_first([X4, X4])
    graph = as_functional(merge_first, [keras.Input((4,)), keras.Input((4,))])
    assert close(graph([X4, X4]), expected)
    # The converse: the residual model (a graph whose Add sums Dense's input and output) is
    # not a chain of its own two layers.
    residual = snippet("non_sequential/residual.py").namespace["residual_model"]
    block, add = residual.layers[1:]
    assert isinstance(block, keras.layers.Dense) and isinstance(add, keras.layers.Add)
    # ...because Add reads the block's input and output: two tensors, one from further back.
    add_inputs = add._inbound_nodes[0].input_tensors  # private: no public list of calls
    assert add_inputs[0] is residual.inputs[0] and add_inputs[1] is block.output
    for order in itertools.permutations([block, add]):
        # Built already (by the residual model), the layers let the chain be made; it raises
        # when it is called.
        chain = keras.Sequential([keras.Input((4,)), *order])
        with pytest.raises(ValueError, match="merge layer should be called on a list of"):
            chain(X4)
    # New layers, in either order, raise as soon as the model is created.
    for new_order in ("dense first", "add first"):
        layers = [keras.layers.Dense(4), keras.layers.Add()]
        if new_order == "add first":
            layers.reverse()
        with pytest.raises(ValueError, match="merge layer should be called on a list of"):
            keras.Sequential([keras.Input((4,)), *layers])
    # Negative control: given both tensors, in a graph, the same Add layer is accepted.
    inputs = keras.Input((4,))
    assert tuple(add([inputs, block(inputs)]).shape) == (None, 4)


@pytest.mark.claim(
    PAGE,
    "Both models have {params:,} parameters: a {pixels} × {units} weight matrix ({kernel:,} "
    "numbers) and {units} biases.",
)
def test_both_models_have_25120_parameters(snippet, printed, stated):
    run = snippet(TWINS)
    sequential, functional = run.namespace["sequential_model"], run.namespace["functional_model"]
    assert sequential.count_params() == functional.count_params() == 784 * 32 + 32
    lines = [f"parameters: {sequential.count_params():,}"] * 2
    assert run.stdout.splitlines()[:2] == lines
    # What the page's two tabs printed: the same count under each.
    for tab in ("sequential", "functional"):
        assert printed(PAGE, src(tab)) == f"parameters: {sequential.count_params():,}\n"
    kernel, bias = sequential.layers[0].kernel, sequential.layers[0].bias
    assert [tuple(v.shape) for v in functional.weights] == [tuple(kernel.shape), tuple(bias.shape)]
    # Negative control: one unit fewer gives another count, so the check can fail.
    narrower = keras.Sequential([keras.Input((784,)), keras.layers.Dense(31, activation="relu")])
    assert narrower.count_params() != sequential.count_params()
    stated(
        params=sequential.count_params(),
        pixels=kernel.shape[0],
        units=kernel.shape[1],
        kernel=int(np.prod(kernel.shape)),
    )


@pytest.mark.claim(
    PAGE,
    "With different weights the two models disagree by far more than rounding. With the same "
    "weights they agree to float32 rounding, here exactly (largest difference {after}), since "
    "both run the same operations on the same batch. So the agreement comes from the copied "
    "weights, not from chance.",
)
@pytest.mark.claim(
    PAGE,
    "For a plain stack, whichever reads better to you and your team: the choice changes how "
    "the model is written, not what it computes.",
)
def test_same_outputs_after_set_weights(snippet, printed, stated):
    ns = snippet(TWINS).namespace
    assert ns["before"] > DISAGREE and ns["after"] == 0.0
    # What the page's block printed: a large difference, then exactly 0.
    different, same = printed(PAGE, src("compare")).splitlines()
    before = float(re.fullmatch(r"largest difference, different weights: (\S+)", different)[1])
    after = float(re.fullmatch(r"largest difference, same weights: (\S+)", same)[1])
    assert before > DISAGREE and after == 0.0  # "here exactly"
    sequential = ns["sequential_model"]
    functional = keras.models.clone_model(ns["functional_model"])  # new, independent weights
    # Negative control ("not from chance"): an independently initialised twin computes
    # something else, until the weights are copied.
    assert max_difference(sequential(X), functional(X)) > DISAGREE
    functional.set_weights(sequential.get_weights())
    assert close(sequential(X), functional(X))
    # "Not what it computes": also after training one of them, copying makes them agree again.
    # Its own training: the page runs no fit; its stand-in for training is set_weights. On a
    # copy of the Sequential model (still a Sequential model): the session's run is read-only.
    trained = keras.models.clone_model(sequential)
    assert isinstance(trained, keras.Sequential)
    trained.set_weights(sequential.get_weights())
    trained.compile(optimizer="sgd", loss="mse")
    trained.fit(X, np.zeros((32, 32)), epochs=1, verbose=0)
    assert max_difference(trained(X), functional(X)) > 0.0
    functional.set_weights(trained.get_weights())
    assert close(trained(X), functional(X))
    stated(after=after)


@pytest.mark.claim(
    PAGE,
    "The two lists show the same layer types with the same output shapes, in the same order. "
    "The one visible difference is bookkeeping: a Functional model lists the `InputLayer` that "
    "`keras.Input` created, while a Sequential model leaves its input layer out of "
    "`model.layers`.",
)
def test_same_layer_types_and_output_shapes_in_order(snippet, printed):
    run = snippet(TWINS)
    ns = run.namespace
    sequential, functional = ns["sequential_model"], ns["functional_model"]
    assert summary(sequential) == summary(functional) == [("Dense", (None, 32))]
    # The Functional model lists the InputLayer keras.Input created; the Sequential one not.
    assert functional.layers[0] is ns["inputs"]._keras_history.operation
    assert [type(layer).__name__ for layer in functional.layers] == ["InputLayer", "Dense"]
    assert [type(layer).__name__ for layer in sequential.layers] == ["Dense"]
    # What the page's block printed: the two lists.
    assert printed(PAGE, src("layers")) == (
        "Sequential [('Dense', (None, 32))]\n"
        "Functional [('InputLayer', (None, 784)), ('Dense', (None, 32))]\n"
    )
    # Negative control: a model with an extra layer has another list.
    deeper = keras.Sequential(
        [keras.Input((784,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(10)]
    )
    assert summary(deeper) != summary(sequential)


@pytest.mark.claim(
    PAGE,
    "`set_weights` accepts the other model's weights because the two models hold variables of "
    "the same shapes in the same order. A model with an extra `Dense` layer holds more, and "
    'refuses them with a `ValueError` ("...with a weight list of length {given}, but the layer '
    'was expecting {expected} weights"). An extra `Dropout` layer, which has no weights, '
    "leaves the list as it is, so its model accepts them.",
)
def test_set_weights_needs_the_same_variables(snippet, stated):
    ns = snippet(TWINS).namespace
    sequential, functional = ns["sequential_model"], ns["functional_model"]
    shapes = [tuple(v.shape) for v in sequential.weights]
    assert shapes == [tuple(v.shape) for v in functional.weights] == [(784, 32), (32,)]
    weights = sequential.get_weights()
    # An extra Dense layer, after the first or before it: more variables, refused.
    for name, layers in {
        "after": [keras.layers.Dense(32, activation="relu"), keras.layers.Dense(10)],
        "before": [keras.layers.Dense(10), keras.layers.Dense(32, activation="relu")],
    }.items():
        deeper = keras.Sequential([keras.Input((784,)), *layers], name=f"deeper_{name}")
        assert len(deeper.weights) > len(weights)
        with pytest.raises(ValueError) as caught:
            deeper.set_weights(weights)
        given, expected = len(weights), len(deeper.weights)
        assert type(caught.value) is ValueError and str(caught.value) == (
            f"You called `set_weights(weights)` on layer 'deeper_{name}' with a weight list of "
            f"length {given}, but the layer was expecting {expected} weights."
        )
    # The reviewer's counterexample to "an extra layer refuses them": Dropout has no weights,
    # so the list is the same, and the model accepts them (and then computes the same outputs,
    # Dropout being off outside training).
    with_dropout = keras.Sequential(
        [keras.Input((784,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dropout(0.1)]
    )
    assert keras.layers.Dropout(0.1).weights == [] and len(with_dropout.weights) == len(weights)
    with_dropout.set_weights(weights)
    assert close(with_dropout(X), sequential(X))
    # Negative control: a variable of another shape, in a list of the same length, is refused.
    narrower = keras.Sequential([keras.Input((784,)), keras.layers.Dense(31)])
    with pytest.raises(ValueError):
        narrower.set_weights(weights)
    stated(given=given, expected=expected)


@pytest.mark.claim(
    PAGE,
    "A Sequential model is itself a layer (every Keras model is), so it can be called on a "
    "symbolic tensor like any other layer, and becomes one node of a Functional graph. Here "
    "the {units}-unit model above becomes the first stage of a {classes}-class classifier:",
)
@pytest.mark.claim(
    PAGE,
    "Called on a `{shape_in}` input, the Sequential model returns a `{shape_out}` symbolic "
    "tensor, and the wrapper lists the Sequential model itself as one of its layers. The "
    "wrapper's {wrapper:,} parameters are the Sequential model's {sequential:,} plus the new "
    "layer's {units} × {classes} weights and {classes} biases.",
)
@pytest.mark.claim(
    PAGE,
    "Nesting does not copy anything: the wrapper uses the Sequential model's own variables, as "
    "Layers, calls and shared weights shows. The wrapper is a Functional model, so a new "
    "branch can start from `features`.",
)
def test_sequential_model_is_a_layer_in_a_functional_graph(printed, stated):
    ns = fresh(TWINS)
    sequential, wrapper, features = ns["sequential_model"], ns["wrapper"], ns["features"]
    # What the page's block printed: the nested model's output shape and the wrapper's count.
    assert printed(PAGE, src("nest")) == (
        f"output of the nested Sequential model: {tuple(features.shape)}\n"
        f"wrapper parameters: {wrapper.count_params():,}\n"
    )
    assert isinstance(sequential, keras.layers.Layer)
    assert issubclass(keras.Model, keras.layers.Layer)  # every Keras model is a layer
    assert isinstance(features, keras.KerasTensor)
    assert wrapper.layers[1] is sequential
    assert len(sequential._inbound_nodes) == 1  # one node of the graph (private attribute)
    # It is listed as one layer: its own Dense layer is not among the wrapper's layers.
    assert len(wrapper.layers) == 3
    assert not any(layer is sequential.layers[0] for layer in wrapper.layers)
    head = wrapper.layers[2]
    assert wrapper.count_params() == sequential.count_params() + head.count_params()
    # Nesting copies nothing: the wrapper holds the Sequential model's own variables.
    own = {id(v) for v in sequential.weights}
    assert own <= {id(v) for v in wrapper.weights} and len(own) == 2
    # A Functional model, and a new branch can start from `features`.
    assert type(wrapper).__name__ == "Functional"
    branch = keras.layers.Dense(1)(features)
    both = keras.Model(ns["images"], [wrapper.output, branch])
    assert [tuple(t.shape) for t in both.outputs] == [(None, 10), (None, 1)]
    # Negative control: a Sequential model of another width gives another shape.
    other = keras.Sequential([keras.Input((784,)), keras.layers.Dense(16)])
    assert tuple(other(keras.Input((784,))).shape) == (None, 16)
    stated(
        units=sequential.layers[0].units,
        classes=head.units,
        shape_in=tuple(ns["images"].shape),
        shape_out=tuple(features.shape),
        wrapper=wrapper.count_params(),
        sequential=sequential.count_params(),
    )
