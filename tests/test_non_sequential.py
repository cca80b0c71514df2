"""Claims of docs/explanation/why-non-sequential.md (snippets/non_sequential/)."""

import inspect
import re

import keras
import numpy as np
import pytest
import tensorflow as tf
from counterexample_layers import EachWith, Probe, TwoViews

from conftest import about_backend, max_difference, section, summary_of
from docsite import executor

PAGE = "docs/explanation/why-non-sequential.md"
LIMITS = "non_sequential/sequential_limits.py"
LISTS = "non_sequential/sequential_lists.py"

# Float32 tolerance, relative: float32 keeps about 7 digits (1.2e-7 of the value), and the same
# sum taken in another order (another batch size, NumPy against Keras) differs by a few units in
# the last place, up to ~8e-7 on values near 1. The rounding grows with the values compared, so
# "equal" means within 1e-6 of the larger magnitude (and of 1, for values near zero): see close().
RTOL = 1e-6
# "Another", "not zero": far beyond float32 rounding on these untrained models, whose values
# are near 1. Measured differences are 0.05 to 1.
DIFFERS = 1e-2

X4 = np.random.default_rng(2).random((16, 4), dtype=np.float32)
Y4 = np.random.default_rng(3).random((16, 4), dtype=np.float32)

MERGE_MESSAGE = (
    "A merge layer should be called on a list of inputs. "
    "Received: input_shape=(None, 4) (not a list of shapes)"
)
SECOND_INPUT_MESSAGE = (
    "Sequential model 'chain' has already been configured to use input shape (None, 4). "
    "You cannot add a different Input layer to it."
)
OUTPUTS_MESSAGE = "Sequential.__init__() got an unexpected keyword argument 'outputs'"
TF_MESSAGE_START = (
    "A KerasTensor cannot be used as input to a TensorFlow function. "
    "A KerasTensor is a symbolic placeholder for a shape and dtype"
)
TF_MESSAGE = (
    TF_MESSAGE_START + ", used when constructing Keras Functional models or Keras Functions. "
    "You can only use it as input to a Keras layer or a Keras operation (from the namespaces "
    "`keras.layers` and `keras.ops`). You are likely doing something like:\n\n```\n"
    "x = Input(...)\n...\ntf_fn(x)  # Invalid.\n```\n\n"
    "What you should do instead is wrap `tf_fn` in a layer:\n\n```\n"
    "class MyLayer(Layer):\n    def call(self, x):\n        return tf_fn(x)\n\n"
    "x = MyLayer()(x)\n```\n"
)
CONCATENATE_MESSAGE = (
    "A `Concatenate` layer should be called on a list of at least 1 input. "
    "Received: input_shape=(None, 4)"
)
NUMPY_MESSAGE = (
    "A KerasTensor is symbolic: it's a placeholder for a shape an a dtype. "
    "It doesn't have any actual numerical value. You cannot convert it to a NumPy array."
)


def close(a, b, rtol=RTOL) -> bool:
    """a and b agree to float32 rounding: within `rtol` of the larger magnitude (at least 1)."""
    a, b = (np.asarray(keras.ops.convert_to_numpy(x), dtype="float64") for x in (a, b))
    scale = max(1.0, float(np.abs(a).max(initial=0.0)), float(np.abs(b).max(initial=0.0)))
    return max_difference(a, b) <= rtol * scale


def source(file, name=None):
    """How the page includes a snippet (or one of its sections), for the `printed` fixture."""
    return f"snippets/{file}" + (f":{name}" if name else "")


def run_section(file, name):
    """Run one section of a snippet alone, after its imports; return (namespace, printed)."""
    code = section(file, name)
    namespace = executor.fresh_namespace(name)
    prelude = "import keras\nimport numpy as np\n"
    run = executor.run(prelude + code, f"{file}:{name}", namespace)
    return namespace, run.stdout


def weight_ids(model):
    return {id(variable) for variable in model.weights}


def raised(make):
    """The exception `make()` raises (it must raise)."""
    with pytest.raises(Exception) as caught:
        make()
    return caught.value


@pytest.mark.claim(
    PAGE,
    'Both Keras APIs let you build a model one step at a time, so "sequential" cannot mean '
    '"step by step". It describes the shape of the network. A Sequential model is a chain: '
    "each layer receives exactly what the layer before it returned, and the model's output is "
    "what the last layer returns (see Same network, two APIs). A Functional model is any "
    "directed acyclic graph of layer calls, in which a layer can read any tensor made before "
    "it.",
)
def test_a_sequential_layer_receives_what_the_layer_before_returned():
    # Both APIs, one step at a time: Sequential.add, and one layer call after another.
    chain = keras.Sequential([keras.Input((4,))])
    dense = keras.layers.Dense(3)
    chain.add(dense)
    probe = Probe()
    chain.add(probe)
    # Each layer receives exactly what the layer before returned: one tensor...
    output = chain(X4)
    assert close(probe.received, dense(X4))
    assert close(output, dense(X4))  # ...and the output is the last layer's.
    # Negative control: the probe did not receive the model's input.
    assert probe.received.shape != X4.shape
    # ...or a list, and then the model's output is that list.
    probe = Probe()
    views = keras.Sequential([keras.Input((4,)), TwoViews(), probe])
    outputs = views(X4)
    assert isinstance(probe.received, list) and len(outputs) == len(views.outputs) == 2
    assert close(outputs[1], 2 * X4)
    # A Functional layer can read any earlier tensor: the input, and two tensors after it.
    inputs = keras.Input((4,))
    first = keras.layers.Dense(3)(inputs)
    second = keras.layers.Dense(2)(first)
    joined = keras.layers.Concatenate()([inputs, first, second])
    graph = keras.Model(inputs, joined)
    assert tuple(graph.output.shape) == (None, 4 + 3 + 2)
    assert close(keras.ops.convert_to_numpy(graph(X4))[:, :4], X4)


@pytest.mark.claim(
    PAGE,
    "A model can read several inputs of different shapes, give each its own layers, and "
    "combine them. The inputs are passed to `keras.Model` as a list:",
)
@pytest.mark.claim(
    PAGE,
    "The model has {inputs:w} inputs, of shapes `{house_shape}` and `{street_shape}`, and "
    "{params} parameters ({house} × {house_units} + {house_units}, {street} × {street_units} + "
    "{street_units} and {joined} × {units} + {units}). Calling it with only one array raises "
    'a `ValueError` that says it "{expects}".',
)
def test_multiple_inputs_model(snippet, printed, stated):
    run = snippet("non_sequential/multiple_inputs.py")
    model = run.namespace["two_input_model"]
    shapes = [tuple(t.shape) for t in model.inputs]
    assert shapes == [(None, 8), (None, 3)]
    assert [layer.name for layer in model.layers if layer.weights] == [
        "house_dense",
        "street_dense",
        "price",
    ]
    house, street, price = (model.get_layer(n) for n in ("house_dense", "street_dense", "price"))
    assert model.count_params() == sum(layer.count_params() for layer in (house, street, price))
    assert run.stdout == f"inputs: 2\nparameters: {model.count_params()}\n"
    # What the page's block printed: the two numbers the sentence states.
    shown = printed(PAGE, source("non_sequential/multiple_inputs.py"))
    assert shown == f"inputs: {len(model.inputs)}\nparameters: {model.count_params():,}\n"
    # Negative control: the model really needs both inputs; one alone is refused.
    error = raised(lambda: model(np.zeros((1, 8), dtype="float32")))
    assert type(error) is ValueError and str(error) == (
        f"Layer \"{model.name}\" expects 2 named input(s) with keys ['house', 'street'], but it "
        "received 1 input tensors. Pass inputs as a dict, e.g. "
        "`layer({'house': ..., 'street': ...})`."
    )
    # One array, that is: one input by name, in a dict, is refused with another message.
    by_name = raised(lambda: model({"house": np.zeros((1, 8), dtype="float32")}))
    assert type(by_name) is ValueError
    assert str(by_name).startswith('Missing data for input "street"')
    # ...and both, in a list, are accepted.
    two = [np.zeros((1, 8), dtype="float32"), np.zeros((1, 3), dtype="float32")]
    assert tuple(model(two).shape) == (1, 1)
    expects = re.search(r"expects .*?\]", str(error)).group(0)
    stated(
        inputs=len(model.inputs),
        house_shape=shapes[0],
        street_shape=shapes[1],
        params=model.count_params(),
        house=house.kernel.shape[0],
        house_units=house.units,
        street=street.kernel.shape[0],
        street_units=street.units,
        joined=price.kernel.shape[0],
        units=price.units,
        expects=expects,
    )


@pytest.mark.claim(
    PAGE,
    "One tensor can feed several heads, each producing its own output, for example a class and "
    "a number predicted from the same features. The outputs are passed as a list too:",
)
@pytest.mark.claim(
    PAGE,
    "`predict` then returns one array per output: for {images} images, a `{digit}` array and "
    "a `{thickness}` array.",
)
def test_multiple_outputs_model(snippet, printed, stated):
    ns = snippet("non_sequential/multiple_outputs.py").namespace
    model = ns["two_output_model"]
    features = model.get_layer("features").output
    # One tensor feeds both heads.
    for head in ("digit", "thickness"):
        assert model.get_layer(head)._inbound_nodes[0].input_tensors[0] is features
    images = len(ns["images"])
    predictions = model.predict(ns["images"], verbose=0)
    assert isinstance(predictions, list) and [p.shape for p in predictions] == [(5, 10), (5, 1)]
    # The page's block printed the shapes of the two arrays predict returned.
    shown = printed(PAGE, source("non_sequential/multiple_outputs.py"))
    digit, thickness = (p.shape for p in predictions)
    assert shown == f"predict on {images} images: {digit} and {thickness}\n"
    # Negative control: a model with one output gives one array.
    chain = keras.Sequential([keras.Input((64,)), keras.layers.Dense(10)])
    assert chain.predict(ns["images"], verbose=0).shape == (5, 10)
    stated(images=images, digit=digit, thickness=thickness)


@pytest.mark.claim(
    PAGE,
    "A tensor can be used by more than one layer, which splits the graph into branches; a "
    "merge layer such as `Concatenate`, `Add` or `Multiply` takes a list of tensors and joins "
    "the branches again:",
)
def test_merge_layers_take_a_list(snippet):
    model = snippet("non_sequential/branch_merge.py").namespace["branch_model"]
    inputs = model.inputs[0]
    for name in ("wide", "narrow"):  # the input tensor feeds both branches
        assert model.get_layer(name)._inbound_nodes[0].input_tensors[0] is inputs
    merged = model.get_layer("merged")._inbound_nodes[0].input_tensors
    assert merged[0] is model.get_layer("wide").output
    assert merged[1] is model.get_layer("narrow").output
    # Each merge layer takes a list...
    x = keras.Input((4,))
    assert tuple(keras.layers.Concatenate()([x, x]).shape) == (None, 8)
    assert tuple(keras.layers.Add()([x, x]).shape) == (None, 4)
    assert tuple(keras.layers.Multiply()([x, x]).shape) == (None, 4)
    # Negative control: ...and refuses a single tensor.
    for merge, message in (
        (keras.layers.Concatenate(), CONCATENATE_MESSAGE),
        (keras.layers.Add(), MERGE_MESSAGE),
        (keras.layers.Multiply(), MERGE_MESSAGE),
    ):
        error = raised(lambda merge=merge: merge(x))
        assert type(error) is ValueError and str(error) == message


@pytest.mark.claim(
    PAGE,
    "This model has {params} parameters: {wide} in the wide branch ({n} × {wide_units} + "
    "{wide_units}), {narrow} in the narrow one ({n} × {narrow_units} + {narrow_units}), and "
    "{last} in the last layer, which reads the {joined} concatenated numbers. A chain with only "
    "the wide branch has {chain}.",
)
def test_branch_and_merge_model_has_61_parameters(snippet, printed, stated):
    run = snippet("non_sequential/branch_merge.py")
    model = run.namespace["branch_model"]
    counts = {layer.name: layer.count_params() for layer in model.layers if layer.weights}
    assert counts == {"wide": 4 * 8 + 8, "narrow": 4 * 2 + 2, "output": 10 * 1 + 1}
    assert model.count_params() == sum(counts.values())
    joined = model.get_layer("merged").output.shape[-1]
    assert run.stdout == f"parameters: {model.count_params()}\n"
    shown = printed(PAGE, source("non_sequential/branch_merge.py"))
    assert shown == f"parameters: {model.count_params():,}\n"
    # Negative control: the wide branch alone, as a chain, has fewer.
    chain = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8), keras.layers.Dense(1)])
    assert chain.count_params() < model.count_params()
    stated(
        params=model.count_params(),
        wide=counts["wide"],
        n=model.inputs[0].shape[-1],
        wide_units=model.get_layer("wide").units,
        narrow=counts["narrow"],
        narrow_units=model.get_layer("narrow").units,
        last=counts["output"],
        joined=joined,
        chain=chain.count_params(),
    )


@pytest.mark.claim(
    PAGE,
    "The model has {params} parameters, all in `block` ({n} × {n} + {n}). Its output equals the "
    "input plus the block's output, to float32 rounding, and not the block's output alone.",
)
def test_residual_model_adds_its_input(snippet, printed, stated):
    model = snippet("non_sequential/residual.py").namespace["residual_model"]
    block = model.get_layer("block")
    assert model.count_params() == block.count_params()  # Add has no weights
    assert printed(PAGE, source("non_sequential/residual.py")) == (
        f"parameters: {model.count_params():,}\n"
    )
    # To float32 rounding: close() (relative 1e-6).
    assert close(model(X4), X4 + keras.ops.convert_to_numpy(block(X4)))
    # Negative control: without the skip connection the output is another one.
    assert max_difference(model(X4), block(X4)) > DIFFERS
    stated(params=model.count_params(), n=block.units)


@pytest.mark.claim(
    PAGE,
    "One layer object can be called on two different tensors. Both calls use the same "
    "weights, so both inputs are mapped into the same space, the idea behind siamese networks:",
)
@pytest.mark.claim(
    PAGE,
    "The model has {params} parameters, one `Dense` layer's worth ({n} × {units} + {units}). "
    "Because both branches use the same weights, the same input on both sides makes every output "
    "of the `Subtract` layer exactly zero.",
)
def test_shared_layer_model_uses_one_set_of_weights(snippet, printed, stated):
    ns = snippet("non_sequential/shared_layer.py").namespace
    model, embed = ns["shared_model"], ns["embed"]
    shown = printed(PAGE, source("non_sequential/shared_layer.py"))
    assert shown == f"parameters: {model.count_params():,}\n"
    assert len(embed._inbound_nodes) == 2  # called on two tensors
    assert model.count_params() == embed.count_params() == 4 * 8 + 8
    assert weight_ids(model) == {id(embed.kernel), id(embed.bias)}
    # The same weights on the same input give the same embedding: a distance of exactly 0.
    assert max_difference(model([X4, X4]), 0.0) == 0.0
    assert isinstance(model.layers[-1], keras.layers.Subtract) and model.output.shape[-1] == 8
    # Negative control: two separate layers have other embeddings (and their own weights:
    # layers-calls-shared-weights.md states the count).
    left, right = keras.Input((4,)), keras.Input((4,))
    distance = keras.layers.Subtract()(
        [
            keras.layers.Dense(8, activation="relu")(left),
            keras.layers.Dense(8, activation="relu")(right),
        ]
    )
    separate = keras.Model([left, right], distance)
    assert max_difference(separate([X4, X4]), 0.0) > DIFFERS
    assert separate.count_params() == 2 * model.count_params()
    stated(params=model.count_params(), n=embed.kernel.shape[0], units=embed.units)


@pytest.mark.claim(
    PAGE,
    "The diagram draws one box per layer object, so the shared layer `embed` appears once, "
    "with an arrow from each input.",
)
def test_the_diagram_draws_a_shared_layer_once(snippet):
    model = snippet("non_sequential/shared_layer.py").namespace["shared_model"]
    names = {str(id(layer)): layer.name for layer in model.layers}
    dot = keras.utils.model_to_dot(model, show_shapes=True, expand_nested=True)
    boxes = [names[node.get_name()] for node in dot.get_nodes() if node.get_name() in names]
    arrows = sorted((names[e.get_source()], names[e.get_destination()]) for e in dot.get_edges())
    assert sorted(boxes) == ["distance", "embed", "left", "right"]
    assert arrows == [("embed", "distance"), ("left", "embed"), ("right", "embed")]
    # Negative control: with two Dense layers there are two boxes, one arrow into each.
    left, right = keras.Input((4,)), keras.Input((4,))
    separate = keras.Model(
        [left, right],
        keras.layers.Subtract()([keras.layers.Dense(8)(left), keras.layers.Dense(8)(right)]),
    )
    dot = keras.utils.model_to_dot(separate, show_shapes=True, expand_nested=True)
    assert len([n for n in dot.get_nodes() if n.get_name() != "node"]) == 5


@pytest.mark.claim(
    PAGE,
    "Every Keras model is a layer, so a whole model can be called inside another, even several "
    "times:",
)
@pytest.mark.claim(
    PAGE,
    "The pair model has {params} parameters: the encoder's {encoder} plus {last} for the last "
    "layer ({joined} × {units} + {units}). Both inputs go through the one encoder, so its "
    "parameters count once: a nested model shares its variables the way a layer does.",
)
def test_nested_model_is_one_layer_shared_by_both_inputs(snippet, printed, stated):
    ns = snippet("non_sequential/nested_model.py").namespace
    model, encoder = ns["pair_model"], ns["encoder"]
    assert printed(PAGE, source("non_sequential/nested_model.py")) == (
        f"parameters: {model.count_params():,}\nencoder parameters: {encoder.count_params():,}\n"
    )
    assert issubclass(keras.Model, keras.layers.Layer)  # every Keras model is a layer
    assert len(encoder._inbound_nodes) == 2  # called twice (private: no public list of calls)
    assert [layer for layer in model.layers if layer is encoder] == [encoder]
    assert weight_ids(encoder) <= weight_ids(model)
    score = model.get_layer("score")
    assert model.count_params() == encoder.count_params() + score.count_params()
    # Both inputs go through the one encoder (it appears once in the model's layers, its
    # variables once among the model's): rebuilding the path by hand gives the output.
    by_hand = score(keras.ops.concatenate([encoder(X4), encoder(Y4)], axis=-1))
    assert close(model([X4, Y4]), by_hand)
    # Negative control: an independently initialised clone of the encoder has its own,
    # other variables, and gives another score.
    clone = keras.models.clone_model(encoder)
    assert not weight_ids(clone) & weight_ids(model)
    other = score(keras.ops.concatenate([encoder(X4), clone(Y4)], axis=-1))
    assert max_difference(model([X4, Y4]), other) > DIFFERS / 10  # measured: 0.02
    stated(
        params=model.count_params(),
        encoder=encoder.count_params(),
        last=score.count_params(),
        joined=score.kernel.shape[0],
        units=score.units,
    )


LIST_SECTIONS = ("list_input", "list_layer", "model_as_step", "carry_along")


def limits_errors():
    """What the three refusals of the page's "What it refuses" raise, made again here."""
    return {
        "merge": raised(
            lambda: keras.Sequential([keras.Input((4,)), keras.layers.Dense(4), keras.layers.Add()])
        ),
        "second_input": raised(
            lambda: keras.Sequential([keras.Input((4,)), keras.Input((4,))], name="chain")
        ),
        "no_outputs": raised(
            lambda: keras.Sequential([keras.Input((4,)), keras.layers.Dense(4)], outputs=[])
        ),
    }


@pytest.mark.claim(
    PAGE,
    "Each error in this section is caught and printed, so what you see under the code is "
    "Keras's own message.",
)
def test_the_page_prints_the_messages_keras_raises(printed):
    # Each block of the section that catches an error prints exactly what Keras raises.
    shown = {name: printed(PAGE, source(LIMITS, name)) for name in limits_errors()}
    for name, error in limits_errors().items():
        assert shown[name] == f"{type(error).__name__}: {error}\n", name
    # The section's other blocks catch nothing: they print no error.
    for other in (source(LIMITS, "reuse_in_series"), *(source(LISTS, n) for n in LIST_SECTIONS)):
        assert "Error" not in printed(PAGE, other), other
    # Negative control: each block printed its own message, not another block's.
    assert len(set(shown.values())) == len(shown)


@pytest.mark.claim(
    PAGE,
    "A merge layer needs a list of tensors. After a `keras.Input` or a layer such as `Dense`, a "
    "chain holds one tensor, so a skip connection written as a chain fails:",
)
@pytest.mark.claim(
    PAGE,
    "The error is a `ValueError` with exactly the message printed above, and `Multiply` raises "
    'the same; `Concatenate` raises a `ValueError` in words of its own ("{concatenate_says}"). '
    "In a Functional graph, the same `Add` layer accepts "
    "the list of the input and the block's output.",
)
def test_sequential_refuses_a_merge_layer_after_one_tensor(printed, stated):
    # "exactly the message printed above": the page's block printed this ValueError.
    assert printed(PAGE, source(LIMITS, "merge")) == f"ValueError: {MERGE_MESSAGE}\n"
    # Right after the Input, and after Dense: refused when the model is built.
    for before in ([], [keras.layers.Dense(4)]):
        for merge, message in (
            (keras.layers.Add(), MERGE_MESSAGE),
            (keras.layers.Concatenate(), CONCATENATE_MESSAGE),
            (keras.layers.Multiply(), MERGE_MESSAGE),
        ):
            error = raised(lambda b=before, m=merge: keras.Sequential([keras.Input((4,)), *b, m]))
            assert type(error) is ValueError and str(error) == message
    # "Fails" whenever: an Add layer already built in another model is not checked while the
    # chain is built (Sequential.build gives up on NotImplementedError); the chain raises at its
    # first call. (Same network, two APIs states when, in a Technical details box.)
    used = keras.layers.Add()
    inputs = keras.Input((4,))
    keras.Model(inputs, used([inputs, inputs]))
    chain = keras.Sequential([keras.Input((4,)), keras.layers.Dense(4), used])
    with pytest.raises(ValueError, match="A merge layer should be called on a list of inputs"):
        chain(X4)
    # Negative control: in a Functional graph, Add takes the input and the block's output.
    inputs = keras.Input((4,))
    added = keras.layers.Add()([inputs, keras.layers.Dense(4)(inputs)])
    assert tuple(keras.Model(inputs, added).output.shape) == (None, 4)
    # Concatenate's words, up to the shape it received (the page quotes no shape).
    assert MERGE_MESSAGE != CONCATENATE_MESSAGE
    stated(concatenate_says=CONCATENATE_MESSAGE.split(". Received")[0])


@pytest.mark.claim(
    PAGE,
    "A chain has one start. A second `Input` is refused as soon as it is added, even with the "
    'same shape as the first (the message says "different" all the same):',
)
@pytest.mark.claim(
    PAGE,
    "The error is a `ValueError`, raised by `add()` too. A Functional model takes both inputs.",
)
def test_sequential_refuses_a_second_input(printed):
    shown = printed(PAGE, source(LIMITS, "second_input"))
    assert shown == f"ValueError: {SECOND_INPUT_MESSAGE}\n"
    assert "different" in SECOND_INPUT_MESSAGE
    # A second shape is refused just the same.
    error = raised(lambda: keras.Sequential([keras.Input((4,)), keras.Input((5,))], name="chain"))
    assert type(error) is ValueError and str(error) == SECOND_INPUT_MESSAGE
    # Refused as soon as it is added, with `add` too.
    chain = keras.Sequential([keras.Input((4,))], name="chain")
    error = raised(lambda: chain.add(keras.Input((4,))))
    assert type(error) is ValueError and str(error) == SECOND_INPUT_MESSAGE
    # Negative control: one Input is accepted, and a Functional model takes two.
    keras.Sequential([keras.Input((4,)), keras.layers.Dense(4)], name="chain")
    first, second = keras.Input((4,)), keras.Input((4,))
    both = keras.Model([first, second], keras.layers.Add()([first, second]))
    assert len(both.inputs) == 2


@pytest.mark.claim(
    PAGE,
    "A chain has one end. `keras.Sequential` takes only `layers`, `trainable` and `name`; there "
    "is no argument to name outputs:",
)
@pytest.mark.claim(
    PAGE,
    "The error is a `TypeError`: the outputs of a Sequential model are whatever its last layer "
    "returns. A Functional model built from the same layers can name any tensor in the chain as "
    "an output, for example both layers' outputs at once.",
)
def test_sequential_has_no_outputs_argument(printed):
    assert printed(PAGE, source(LIMITS, "no_outputs")) == f"TypeError: {OUTPUTS_MESSAGE}\n"
    assert list(inspect.signature(keras.Sequential.__init__).parameters) == [
        "self",
        "layers",
        "trainable",
        "name",
    ]
    chain = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(2)])
    assert len(chain.outputs) == 1 and chain.outputs[0] is chain.layers[-1].output
    views = keras.Sequential([keras.Input((4,)), TwoViews()])
    assert len(views.outputs) == 2  # a last layer that returns a list: two outputs
    # Negative control: a Functional model can name any tensors of the chain as outputs.
    tapped = keras.Model(chain.inputs, [chain.layers[0].output, chain.layers[1].output])
    assert [tuple(t.shape) for t in tapped.outputs] == [(None, 3), (None, 2)]


@pytest.mark.claim(
    PAGE,
    "The rule is about what a layer returns, and a layer can return a list. So a chain goes "
    'further than "one tensor in, one tensor out". First, a model that starts with a merge '
    "layer and no `keras.Input` takes a list of inputs, and trains on it:",
)
@pytest.mark.claim(
    PAGE,
    "{epochs:W} epochs of `fit([a, b], y)` lower the loss. The model is built on its first call, "
    "from the two arrays it is given: `Concatenate` joins {a} and {b} numbers into {joined}, and "
    "the {params} parameters are `Dense`'s {joined} weights and {bias} bias. Unlike the model "
    "with two named inputs above, it joins its inputs before any other layer sees them: a "
    "`Dense` layer first would refuse the list, so layers of their own for each input would "
    "have to hide inside a custom or `Lambda` layer, or a nested model.",
)
def test_a_merge_layer_first_takes_a_list_of_inputs(printed, stated):
    # Unbuilt until its first call.
    unbuilt = keras.Sequential([keras.layers.Concatenate(), keras.layers.Dense(1)])
    assert unbuilt.weights == [] and not unbuilt.built
    ns, stdout = run_section(LISTS, "list_input")
    joined, losses = ns["joined"], ns["losses"]
    concatenate, dense = joined.layers
    assert isinstance(concatenate, keras.layers.Concatenate)
    assert [ns["a"].shape[1], ns["b"].shape[1]] == [3, 2]
    assert dense.kernel.shape == (5, 1) and joined.count_params() == 6
    assert losses[-1] < losses[0] and len(losses) == 5
    assert stdout == f"trained on [a, b]: loss {losses[0]:.3f} -> {losses[-1]:.3f}\n"
    # The page's block printed a lower loss after training than before.
    shown = printed(PAGE, source(LISTS, "list_input"))
    first, last = (
        float(n)
        for n in re.fullmatch(r"trained on \[a, b\]: loss (\S+) -> (\S+)\n", shown).groups()
    )
    assert last < first
    # A Dense layer first refuses the list.
    error = raised(lambda: keras.Sequential([keras.layers.Dense(4)])([ns["a"], ns["b"]]))
    assert type(error) is ValueError
    assert 'Layer "dense' in str(error) and "expects 1 input(s), but it received 2" in str(error)
    # Layers of their own per input, inside a custom or Lambda layer or a nested model.
    scaled = keras.layers.Lambda(lambda pair: [2 * pair[0], pair[1]])
    with_lambda = keras.Sequential([scaled, keras.layers.Concatenate()])
    assert close(with_lambda([ns["a"], ns["b"]])[:, :3], 2 * ns["a"])
    per_input = EachWith(keras.layers.Dense(4))
    with_custom = keras.Sequential([per_input, keras.layers.Concatenate()])
    assert tuple(with_custom([ns["a"], ns["a"]]).shape) == (8, 8)
    house, street = keras.Input((3,)), keras.Input((2,))
    two_input = keras.Model(
        [house, street],
        keras.layers.Concatenate()([keras.layers.Dense(4)(house), keras.layers.Dense(2)(street)]),
    )
    with_nested = keras.Sequential([two_input, keras.layers.Dense(1)])
    assert tuple(with_nested([ns["a"], ns["b"]]).shape) == (8, 1)
    stated(
        a=ns["a"].shape[1],
        b=ns["b"].shape[1],
        joined=dense.kernel.shape[0],
        params=joined.count_params(),
        bias=dense.bias.shape[0],
        epochs=len(losses),
    )


@pytest.mark.claim(
    PAGE,
    "Second, a layer that returns a list hands the list to the next layer, and a merge layer "
    "there sums or joins it. Last in the chain, the list becomes the model's outputs:",
)
@pytest.mark.claim(
    PAGE,
    "`summed` computes x + {factor}x = {total}x, and `views` has {outputs:w} outputs, both "
    "`{shape}`, although nothing named them. Among Keras's own layers, an RNN layer given "
    "`return_state=True` returns a list too; for other lists, write a custom layer like "
    "`TwoViews`, or a `Lambda` layer.",
)
def test_a_layer_that_returns_a_list_feeds_a_merge_or_the_outputs(printed, stated):
    ns, stdout = run_section(LISTS, "list_layer")
    # What the page's block printed: 3x for x = 1, and two outputs of shape (None, 4).
    assert printed(PAGE, source(LISTS, "list_layer")) == (
        "x + 2x for x = 1: [3. 3. 3. 3.]\noutputs: [(None, 4), (None, 4)]\n"
    )
    summed, views = ns["summed"], ns["views"]
    assert close(summed(X4), 3 * X4)
    joined = keras.Sequential([keras.Input((4,)), ns["TwoViews"](), keras.layers.Concatenate()])
    assert close(joined(X4), np.concatenate([X4, 2 * X4], axis=-1))
    shapes = {tuple(output.shape) for output in views.outputs}
    assert len(views.outputs) == 2 and shapes == {(None, 4)}
    predicted = views.predict(X4, verbose=0)
    assert isinstance(predicted, list) and len(predicted) == 2
    assert "x + 2x for x = 1: [3. 3. 3. 3.]\n" in stdout
    # An RNN layer with return_state=True returns [output, state_h, state_c]; Add sums them.
    sequences = np.random.default_rng(4).random((2, 5, 3), dtype=np.float32)
    lstm = keras.layers.LSTM(4, return_state=True)
    states = keras.Sequential([keras.Input((5, 3)), lstm, keras.layers.Add()])
    assert close(states(sequences), sum(keras.ops.convert_to_numpy(t) for t in lstm(sequences)))
    # Negative control: without return_state, the LSTM returns one tensor and Add refuses it.
    with pytest.raises(ValueError, match="A merge layer should be called on a list of inputs"):
        keras.Sequential([keras.Input((5, 3)), keras.layers.LSTM(4), keras.layers.Add()])
    # A Lambda layer returns a list as well, and Add sums it.
    lambda_views = keras.layers.Lambda(lambda x: [x, 2 * x])
    lambda_summed = keras.Sequential([keras.Input((4,)), lambda_views, keras.layers.Add()])
    assert close(lambda_summed(X4), 3 * X4)
    ones = np.ones((1, 4), dtype="float32")
    factor = float(keras.ops.convert_to_numpy(views(ones)[1])[0, 0])
    total = float(keras.ops.convert_to_numpy(summed(ones))[0, 0])
    assert (factor, total) == (2.0, 3.0)
    stated(factor=int(factor), total=int(total), outputs=len(views.outputs), shape=shapes.pop())


@pytest.mark.claim(PAGE, "Third, a whole model can be one step of the chain:")
@pytest.mark.claim(
    PAGE,
    "`chain.layers` holds the `step` model itself, and its variables are the chain's. The step "
    "can be any model, even a graph with branches, but it is still one step: the chain around "
    "it cannot reach inside.",
)
@pytest.mark.claim(
    PAGE, "a model used as a layer | yes, as one step of the chain | yes, anywhere in the graph"
)
def test_sequential_can_hold_a_model_as_one_step(snippet, printed):
    ns, stdout = run_section(LISTS, "model_as_step")
    chain, step = ns["chain"], ns["step"]
    assert chain.layers[0] is step and len(chain.layers) == 2
    # The page's block printed the chain's layers: the step model by its name, then Dense.
    names = printed(PAGE, source(LISTS, "model_as_step"))
    listed = re.fullmatch(r"layers: \['(\w+)', '(\w+)'\]\n", names).groups()
    assert listed[0] == step.name == "step" and listed[1].startswith("dense")
    assert weight_ids(step) <= weight_ids(chain)
    assert chain.count_params() == step.count_params() + chain.layers[1].count_params()
    # The layer after the step receives the step's output only: the chain cannot reach inside.
    probe = Probe()
    keras.Sequential([keras.Input((4,)), step, probe])(X4)
    assert close(probe.received, step(X4))
    assert not any(layer is step.layers[0] for layer in chain.layers)
    # Any model, even a graph with branches: the branch model is one step of a chain.
    branch_model = snippet("non_sequential/branch_merge.py").namespace["branch_model"]
    around = keras.Sequential([keras.Input((4,)), branch_model, keras.layers.Dense(2)])
    assert around.layers[0] is branch_model and len(around.layers) == 2
    # Functional: anywhere in the graph, the pair model calls its encoder twice.
    pair = snippet("non_sequential/nested_model.py").namespace
    assert len(pair["encoder"]._inbound_nodes) == 2
    # Negative control: a chain holding an independently initialised clone shares nothing.
    other = keras.Sequential([keras.Input((4,)), keras.models.clone_model(step)])
    assert not weight_ids(step) & weight_ids(other)


@pytest.mark.claim(
    PAGE,
    "Fourth, one layer can appear twice in the list. It is then applied twice in a row, to its "
    "own output, with the same weights both times:",
)
@pytest.mark.claim(
    PAGE,
    "`twice.layers` lists the same object twice, the model has {params} parameters (one {n} × "
    "{n} kernel and {n} biases), and it computes `dense(dense(x))`. Two separate `Dense(4)` "
    "layers would have {separate}. This works only because the layer accepts its own output: "
    "`Dense({n})` returns {n} numbers, the width it reads.",
)
def test_one_layer_twice_in_series_is_legal(printed, stated):
    ns, stdout = run_section(LIMITS, "reuse_in_series")
    twice, dense = ns["twice"], ns["dense"]
    shown = f"layers listed: {len(twice.layers)}, parameters: {twice.count_params()}\n"
    assert stdout == printed(PAGE, source(LIMITS, "reuse_in_series")) == shown
    assert twice.layers[0] is twice.layers[1] is dense
    assert twice.count_params() == dense.count_params() and len(twice.weights) == 2
    # The chain really applies the layer twice: dense(dense(x)).
    assert close(twice(X4), dense(dense(X4)))
    assert max_difference(twice(X4), dense(X4)) > DIFFERS
    # Only because Dense(4) maps 4 numbers to 4: on a 3-number input the second use fails.
    narrowing = keras.layers.Dense(4, name="narrowing")
    error = raised(lambda: keras.Sequential([keras.Input((3,)), narrowing, narrowing]))
    assert type(error) is ValueError and str(error) == (
        "Input 0 with name 'None' of layer 'narrowing' is incompatible with the layer: "
        "expected axis -1 of input shape to have value 3, but received input with shape (None, 4)"
    )
    # "Accepts its own output", not "keeps its shape": a Conv2D with 4 filters shrinks an
    # 8 x 8 x 4 input to 6 x 6 x 4, then to 4 x 4 x 4, since it reads 4 channels and makes 4.
    conv = keras.layers.Conv2D(4, 3)
    shrinking = keras.Sequential([keras.Input((8, 8, 4)), conv, conv])
    assert shrinking(np.zeros((1, 8, 8, 4), dtype="float32")).shape == (1, 4, 4, 4)
    # Negative control: two separate layers have their own weights, twice as many.
    separate = keras.Sequential([keras.Input((4,)), keras.layers.Dense(4), keras.layers.Dense(4)])
    assert len(separate.weights) == 4
    stated(params=twice.count_params(), n=dense.units, separate=separate.count_params())


@pytest.mark.claim(
    PAGE,
    "A skip connection needs a block's input again after the block, two branches need one tensor "
    "to go to two layers, and one layer applied to two tensors side by side needs both tensors "
    "at hand. In a Sequential model, each of these takes layers that do the wiring in their own "
    "code: custom or `Lambda` layers that take or return lists, or a nested model. The wiring "
    "is then hidden in that code, where `summary()` does not show it.",
)
@pytest.mark.claim(
    PAGE,
    "Last, a skip connection can live in a layer's own code. Here a custom layer carries the "
    "input along beside the block's output, and `Add` sums the two:",
)
@pytest.mark.claim(
    PAGE,
    "`carried` computes exactly `x + block(x)` (largest difference {difference}), a residual "
    "connection, like `graph`. But its wiring lives in `CarryAlong`'s code: `carried.summary()` "
    "lists {layers:w} layers, not the block, and no connections, while `graph.summary()` has a "
    '"Connected to" column that shows `Add` reading both the input and the block.',
)
@pytest.mark.claim(
    PAGE,
    "a layer that reads more than the previous layer's output: skip connections, branches, one "
    "layer on two tensors side by side | only inside layers that do the wiring in their own "
    "code: custom or `Lambda` layers, nested models | yes",
)
def test_a_skip_connection_in_a_chain_lives_in_the_layers_code(snippet, printed, stated):
    run = snippet(LISTS)
    ns = run.namespace
    carried, graph, block, x = ns["carried"], ns["graph"], ns["block"], ns["x"]
    assert ns["difference"] == 0.0
    assert close(graph.predict(x, verbose=0), x + keras.ops.convert_to_numpy(block(x)))
    # What the page's block printed: the difference, then the two summaries.
    shown = printed(PAGE, source(LISTS, "carry_along"))
    first, *summaries = re.split(r"(?m)^(?=Model: )", shown)
    difference = float(re.fullmatch(r"largest difference from x \+ block\(x\): (\S+)\n", first)[1])
    assert difference == 0.0 and len(summaries) == 2
    carried_summary, graph_summary = summaries
    rows = re.findall(r"│ (\w+) \((\w+)\)", carried_summary)
    assert [kind for _name, kind in rows] == ["CarryAlong", "Add"]
    assert "block" not in carried_summary and "Connected to" not in carried_summary
    assert "Connected to" in graph_summary
    graph_lines = graph_summary.splitlines()
    add_row = next(i for i, line in enumerate(graph_lines) if "(Add)" in line)
    add_cells = graph_lines[add_row] + graph_lines[add_row + 1]
    assert "input_layer" in add_cells and "block[0][0]" in add_cells
    # The same summaries, made here from the snippet's own models.
    assert [k for _n, k in re.findall(r"│ (\w+) \((\w+)\)", summary_of(carried))] == [
        "CarryAlong",
        "Add",
    ]
    # The other ways, all in layers' own code: a Lambda that branches one tensor in two...
    lambda_fork = keras.Sequential(
        [keras.Input((4,)), keras.layers.Lambda(lambda t: [t, t]), keras.layers.Add()]
    )
    assert close(lambda_fork(X4), 2 * X4)
    # ...a custom layer that applies one layer to two tensors side by side...
    shared = keras.layers.Dense(4)
    siamese = keras.Sequential([EachWith(shared), keras.layers.Subtract()])
    assert max_difference(siamese([X4, X4]), 0.0) == 0.0 and len(siamese.weights) == 2
    # ...and a nested Functional model with a skip connection.
    residual = snippet("non_sequential/residual.py").namespace["residual_model"]
    nested = keras.Sequential([keras.Input((4,)), residual])
    assert close(nested(X4), residual(X4))
    # In each, the wiring is hidden: no summary of these chains shows a connection.
    for chain in (carried, lambda_fork, siamese, nested):
        assert "Connected to" not in summary_of(chain)
    # Negative control: with built-in layers in the chain itself, Add gets Dense's one tensor.
    with pytest.raises(ValueError, match="A merge layer should be called on a list of inputs"):
        keras.Sequential([keras.Input((4,)), keras.layers.Dense(4), keras.layers.Add()])
    stated(difference=difference, layers=len(rows))


@pytest.mark.claim(PAGE, "a plain stack of layers | yes | yes")
def test_in_short_plain_stacks():
    first, second = keras.layers.Dense(8), keras.layers.Dense(2)
    chain = keras.Sequential([keras.Input((4,)), first, second])
    inputs = keras.Input((4,))
    graph = keras.Model(inputs, second(first(inputs)))
    assert chain.count_params() == graph.count_params() == (4 * 8 + 8) + (8 * 2 + 2)
    assert close(chain(X4), graph(X4))
    # Negative control: the first layer alone computes something else.
    assert max_difference(chain(X4)[:, :2], first(X4)[:, :2]) > DIFFERS


@pytest.mark.claim(
    PAGE,
    "several inputs | one `keras.Input` only: a second raises `ValueError` | yes, one "
    "`keras.Input` each, with layers of their own",
)
@pytest.mark.claim(
    PAGE,
    "several outputs | only what the last layer returns: there is no `outputs` argument | yes, "
    "any tensors of the graph",
)
@pytest.mark.claim(
    PAGE,
    "a merge layer right after `keras.Input` or `Dense` | raises `ValueError` | yes, on any "
    "tensors",
)
def test_in_short_inputs_outputs_and_merges(snippet):
    # Several inputs: a second keras.Input is refused, given at once or added.
    error = raised(lambda: keras.Sequential([keras.Input((4,)), keras.Input((4,))]))
    assert type(error) is ValueError
    chain = keras.Sequential([keras.Input((4,))])
    assert type(raised(lambda: chain.add(keras.Input((3,))))) is ValueError
    # (A model with no keras.Input whose first layer merges takes a list: "one keras.Input
    # only" does not say "one input only".)
    first = keras.Sequential([keras.layers.Concatenate(), keras.layers.Dense(1)])
    assert tuple(first([X4, Y4]).shape) == (16, 1)
    houses = snippet("non_sequential/multiple_inputs.py").namespace["two_input_model"]
    assert len(houses.inputs) == 2 and houses.get_layer("house_dense").weights
    assert houses.get_layer("street_dense").weights
    # Several outputs: only what the last layer returns, one tensor or a list.
    chain = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(2)])
    assert chain.outputs == [chain.layers[-1].output]
    two_views = TwoViews()
    views = keras.Sequential([keras.Input((4,)), two_views])
    assert len(views.outputs) == 2 and views.outputs == list(two_views.output)
    error = raised(lambda: keras.Sequential([keras.Input((4,))], outputs=[]))
    assert type(error) is TypeError
    tapped = keras.Model(chain.inputs, [chain.inputs[0], chain.layers[0].output])
    assert len(tapped.outputs) == 2
    # A merge layer right after keras.Input or Dense raises ValueError.
    for before in ([], [keras.layers.Dense(4)]):
        for merge in (keras.layers.Add(), keras.layers.Concatenate(), keras.layers.Multiply()):
            error = raised(lambda b=before, m=merge: keras.Sequential([keras.Input((4,)), *b, m]))
            assert type(error) is ValueError
    # Negative control: right after a layer that returns a list, it merges.
    summed = keras.Sequential([keras.Input((4,)), TwoViews(), keras.layers.Add()])
    assert close(summed(X4), 3 * X4)
    # Functional: on any tensors.
    inputs = keras.Input((4,))
    hidden = keras.layers.Dense(4)(inputs)
    anywhere = keras.layers.Add()([inputs, hidden, keras.layers.Dense(4)(hidden)])
    assert tuple(keras.Model(inputs, anywhere).output.shape) == (None, 4)


@pytest.mark.claim(
    PAGE,
    "A Functional graph is recorded while you write it: `keras.Input` gives a symbolic tensor, "
    "with a shape and no values, and every layer or `keras.ops` function called on it adds a "
    "node. TensorFlow's and NumPy's math functions need actual numbers, so they raise a "
    "`ValueError` when given one.",
)
def test_only_functions_that_record_themselves_take_a_keras_tensor():
    inputs = keras.Input((4,))
    assert isinstance(inputs, keras.KerasTensor) and tuple(inputs.shape) == (None, 4)
    error = raised(lambda: np.asarray(inputs))
    assert type(error) is ValueError and str(error) == NUMPY_MESSAGE  # no values
    # Every layer call adds a node (private: Keras 3 has no public list of calls).
    dense = keras.layers.Dense(3)
    dense(inputs)
    dense(inputs)
    assert len(dense._inbound_nodes) == 2
    # ...and every keras.ops function: a node of its own, recorded on the tensor it returns
    # (private: _keras_history), which a model then computes.
    squared = keras.ops.square(inputs)
    operation = squared._keras_history.operation
    assert isinstance(squared, keras.KerasTensor) and operation._inbound_nodes
    assert operation._inbound_nodes[0].input_tensors[0] is inputs
    assert close(keras.Model(inputs, squared)(X4), X4**2)
    # TensorFlow's and NumPy's math functions refuse it...
    for function in (tf.math.square, tf.nn.relu, tf.reduce_sum, lambda t: tf.concat([t, t], 1)):
        error = raised(lambda f=function: f(inputs))
        assert type(error) is ValueError and str(error).startswith(TF_MESSAGE_START)
    for function in (np.square, lambda t: np.add(t, 1), np.sum, np.exp):
        error = raised(lambda f=function: f(inputs))
        assert type(error) is ValueError and str(error) == NUMPY_MESSAGE
    # Negative control: ...and work on actual numbers.
    assert max_difference(tf.nn.relu(X4), X4) == 0.0 and max_difference(np.add(X4, 1), X4 + 1) == 0


OPERATORS = {
    "<": lambda a, b: a < b,
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
    "**": lambda a, b: a**b,
}


@pytest.mark.claim(
    PAGE,
    "Python's operators (`+`, `*`, `<`, slicing) record `keras.ops` operations too, between a "
    "symbolic tensor and a Python number, a NumPy array or another symbolic tensor, with two "
    "traps: `==` records nothing (write `keras.ops.equal`), and when a "
    "NumPy array or a NumPy number is the left operand, NumPy converts the symbolic tensor "
    "first, and that raises `ValueError`.",
)
def test_python_operators_record_unless_numpy_comes_first():
    inputs = keras.Input((4,))
    array, number = np.ones(4, dtype="float32"), np.float32(2.0)
    # The operators record the very keras.ops operations keras.ops.add and friends record.
    assert type((inputs + 1)._keras_history.operation) is type(
        keras.ops.add(inputs, 1)._keras_history.operation
    )
    assert type(inputs[:, 0]._keras_history.operation).__name__ == "GetItem"
    made = [inputs[:, 0]]
    for name, op in OPERATORS.items():
        # A symbolic tensor with a Python number (either side), a NumPy array or NumPy number
        # after it, and another symbolic tensor: recorded.
        for left, right in (
            (inputs, 2),
            (2.0, inputs),
            (inputs, array),
            (inputs, number),
            (inputs, inputs),
        ):
            result = op(left, right)
            assert isinstance(result, keras.KerasTensor), name
            assert type(result._keras_history.operation).__module__.startswith("keras.src.ops.")
            made.append(result)
        # The trap: NumPy first converts the symbolic tensor, which raises.
        for left in (array, number, np.array(2.0, dtype="float32")):
            error = raised(lambda op=op, left=left: op(left, inputs))
            assert type(error) is ValueError and str(error) == NUMPY_MESSAGE, name
    # The first trap: == records nothing. With a number or a symbolic tensor it is Python's
    # object comparison, a bool (True for the tensor itself); with a NumPy array, NumPy's
    # conversion raises.
    for other in (0, 0.0, keras.Input((4,)), inputs):
        assert (inputs == other) is (other is inputs)
    assert type(raised(lambda: inputs == array)) is ValueError
    assert isinstance(keras.ops.equal(inputs, 0), keras.KerasTensor)
    # What was recorded computes: a model of it on real numbers gives NumPy's answers.
    model = keras.Model(inputs, [inputs + array, 2.0 * inputs, inputs[:, 0]])
    plus, times, first = model(X4)
    assert close(plus, X4 + 1) and close(times, 2 * X4) and close(first, X4[:, 0])
    # Negative control: with the same NumPy values as plain numbers, NumPy computes.
    assert max_difference(array + X4, X4 + 1) == 0.0


@pytest.mark.claim(
    PAGE,
    "`keras.ops.square` on a `{shape}` input returns a `{squared}` symbolic tensor, and the "
    "model built from it squares real numbers. `inputs + ones` is a symbolic tensor too, while "
    "`tf.math.square`, `np.square` and `ones + inputs` raise `ValueError`; both functions work "
    "on real arrays.",
)
def test_keras_ops_accept_symbolic_tensors_and_tensorflow_does_not(snippet, printed, stated):
    ns = snippet("non_sequential/symbolic_ops.py").namespace
    # What the page's block printed: the symbolic tensors' shapes, the squares, three refusals.
    shown = printed(PAGE, source("non_sequential/symbolic_ops.py"))
    assert shown == (
        f"keras.ops.square on an Input: {tuple(ns['squared'].shape)}\n"
        "the model on [1, 2, 3, 4]: [ 1.  4.  9. 16.]\n"
        "inputs + ones: (None, 4)\n"
        "tf.math.square(inputs): ValueError\n"
        "np.square(inputs): ValueError\n"
        "ones + inputs: ValueError\n"
    )
    assert isinstance(ns["squared"], keras.KerasTensor)
    assert close(ns["square_model"](X4), X4**2)
    inputs, ones = keras.Input((4,)), ns["ones"]
    assert isinstance(inputs + ones, keras.KerasTensor)
    error = raised(lambda: tf.math.square(inputs))
    assert type(error) is ValueError and str(error) == TF_MESSAGE
    for attempt in (lambda: np.square(inputs), lambda: ones + inputs):
        error = raised(attempt)
        assert type(error) is ValueError and str(error) == NUMPY_MESSAGE
    # Negative control: both functions are fine on real numbers; only the Input is refused.
    assert max_difference(tf.math.square(X4), X4**2) == 0.0
    assert max_difference(np.square(X4), X4**2) == 0.0
    stated(shape=tuple(ns["inputs"].shape), squared=tuple(ns["squared"].shape))


class Square(keras.layers.Layer):
    """A TensorFlow function wrapped in a layer, as the TensorFlow error suggests."""

    seen = []  # (type, shape, eager?) of every tensor `call` receives

    def call(self, x):
        self.seen.append((type(x).__name__, tuple(x.shape), tf.executing_eagerly()))
        return tf.math.square(x)


class ShapedSquare(Square):
    """The same layer, with its output shape given by `compute_output_shape`."""

    def compute_output_shape(self, input_shape):
        return input_shape


@pytest.mark.claim(
    PAGE,
    "For a TensorFlow function that `keras.ops` lacks, the message suggests putting it in the "
    "`call` method of a small custom layer, and shows the code.",
)
@pytest.mark.claim(
    PAGE,
    "When such a layer is called on a `KerasTensor`, Keras hands `call` a TensorFlow placeholder "
    "of the same shape to work out the output shape (a layer that defines "
    "`compute_output_shape` gives it instead, and `call` is not run). When the model runs, "
    "`call` gets "
    "TensorFlow tensors: eager ones when you call the model, graph ones inside `predict` and "
    "`fit`. It never sees the `KerasTensor` itself.",
)
def test_backend_function_inside_a_layer_works():
    about_backend("tensorflow")
    # The message suggests a layer, with its code; the one tf.math.square raises says so.
    assert "wrap `tf_fn` in a layer" in TF_MESSAGE
    assert "class MyLayer(Layer):\n    def call(self, x):\n        return tf_fn(x)" in TF_MESSAGE
    assert str(raised(lambda: tf.math.square(keras.Input((4,))))) == TF_MESSAGE
    # The message for a TensorFlow function: NumPy's, for np.square on an Input, suggests no
    # layer.
    assert "layer" not in NUMPY_MESSAGE.lower()
    inputs = keras.Input((4,))
    outputs = keras.layers.Dense(4)(Square()(inputs))
    model = keras.Model(inputs, outputs)
    assert close(keras.Model(inputs, model.layers[1].output)(X4), X4**2)
    placeholder = Square.seen[0]
    assert placeholder == ("SymbolicTensor", tuple(inputs.shape), False)
    Square.seen.clear()
    model(X4)
    assert Square.seen == [("EagerTensor", (16, 4), True)]
    Square.seen.clear()
    model.predict(X4, verbose=0)
    # Its own training, TensorFlow only: the page runs no fit of a layer wrapping a TF function.
    model.compile(optimizer="sgd", loss="mse")
    model.fit(X4, X4, epochs=1, verbose=0)
    assert {(kind, eager) for kind, _shape, eager in Square.seen} == {("SymbolicTensor", False)}
    assert len(Square.seen) == 2  # traced once for predict, once for fit
    # With compute_output_shape, the symbolic call asks it instead: `call` does not run.
    Square.seen.clear()
    shaped = ShapedSquare()(inputs)
    assert Square.seen == [] and tuple(shaped.shape) == tuple(inputs.shape)
    # Never the KerasTensor: a KerasTensor is not a TensorFlow tensor at all.
    assert not isinstance(inputs, tf.Tensor)
    # Negative control: the same function called directly on the Input is refused.
    with pytest.raises(ValueError, match="cannot be used as input to a TensorFlow function"):
        tf.math.square(inputs)
