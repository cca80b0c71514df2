"""Claims of docs/explanation/why-non-sequential.md (snippets/non_sequential/)."""

import inspect

import keras
import numpy as np
import pytest
import tensorflow as tf
from conftest import fresh, max_difference, run_page, section

from docsite import executor

# Float32 tolerance: the same model evaluated in different batch sizes differs by up to ~8e-7
# on CPU (different reduction order), so "equal" means within 1e-6.
ATOL = 1e-6

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


def run_section(name):
    """Run one section of sequential_limits.py alone; return (namespace, printed text)."""
    code = section("non_sequential/sequential_limits.py", name)
    namespace = executor.fresh_namespace(name)
    run = executor.run(f"import keras\n{code}", f"sequential_limits.py:{name}", namespace)
    return namespace, run.stdout


@pytest.fixture(scope="module")
def page_run():
    return run_page("explanation/why-non-sequential.md")


def weight_ids(model):
    return {id(variable) for variable in model.weights}


@pytest.mark.claim
def test_sequential_refuses_a_merge_layer(snippet):
    stdout = snippet("non_sequential/sequential_limits.py").stdout
    assert stdout.splitlines()[0] == f"ValueError: {MERGE_MESSAGE}"
    with pytest.raises(ValueError) as caught:
        keras.Sequential([keras.Input((4,)), keras.layers.Add()])
    assert str(caught.value) == MERGE_MESSAGE
    # Concatenate and Multiply are refused too (Concatenate with its own message).
    for merge in (keras.layers.Concatenate(), keras.layers.Multiply()):
        with pytest.raises(ValueError, match="should be called on a list of"):
            keras.Sequential([keras.Input((4,)), merge])
    for merge, message in (
        (keras.layers.Concatenate(), CONCATENATE_MESSAGE),
        (keras.layers.Multiply(), MERGE_MESSAGE),
    ):
        with pytest.raises(ValueError) as caught:
            keras.Sequential([keras.Input((4,)), merge])
        assert type(caught.value) is ValueError and str(caught.value) == message
    # Negative control: the same layers accept a list of tensors in a Functional graph.
    inputs = keras.Input((4,))
    assert tuple(keras.layers.Add()([inputs, inputs]).shape) == (None, 4)
    assert tuple(keras.layers.Multiply()([inputs, inputs]).shape) == (None, 4)
    assert tuple(keras.layers.Concatenate()([inputs, inputs]).shape) == (None, 8)


@pytest.mark.claim
def test_sequential_refuses_a_second_input():
    _, stdout = run_section("second_input")
    assert stdout == f"ValueError: {SECOND_INPUT_MESSAGE}\n"
    # "different" even though both shapes are (4,); a second shape is refused just the same.
    with pytest.raises(ValueError) as caught:
        keras.Sequential([keras.Input((4,)), keras.Input((5,))], name="chain")
    assert str(caught.value) == SECOND_INPUT_MESSAGE
    # Refused as soon as it is added, with `add` too.
    chain = keras.Sequential([keras.Input((4,))], name="chain")
    with pytest.raises(ValueError) as caught:
        chain.add(keras.Input((4,)))
    assert str(caught.value) == SECOND_INPUT_MESSAGE
    # Negative control: one Input is accepted, and a Functional model takes two.
    keras.Sequential([keras.Input((4,)), keras.layers.Dense(4)], name="chain")
    assert len(fresh("non_sequential/multiple_inputs.py")["two_input_model"].inputs) == 2


@pytest.mark.claim
def test_sequential_has_no_outputs_argument():
    _, stdout = run_section("no_outputs")
    assert stdout == f"TypeError: {OUTPUTS_MESSAGE}\n"
    assert list(inspect.signature(keras.Sequential.__init__).parameters) == [
        "self",
        "layers",
        "trainable",
        "name",
    ]
    chain = keras.Sequential([keras.Input((4,)), keras.layers.Dense(3), keras.layers.Dense(2)])
    assert len(chain.outputs) == 1 and tuple(chain.outputs[0].shape) == (None, 2)
    # Negative control: a Functional model can name any tensors of the chain as outputs.
    tapped = keras.Model(chain.inputs, [chain.layers[0].output, chain.layers[1].output])
    assert [tuple(t.shape) for t in tapped.outputs] == [(None, 3), (None, 2)]
    assert len(fresh("non_sequential/multiple_outputs.py")["two_output_model"].outputs) == 2


@pytest.mark.claim
def test_one_layer_twice_in_series_is_legal():
    ns, stdout = run_section("reuse_in_series")
    twice, dense = ns["twice"], ns["dense"]
    assert stdout == "layers listed: 2, parameters: 20\n"
    assert twice.layers[0] is twice.layers[1] is dense
    assert twice.count_params() == 4 * 4 + 4 == 20 and len(twice.weights) == 2
    # The chain really applies the layer twice: dense(dense(x)).
    assert max_difference(twice(X4), dense(dense(X4))) <= ATOL
    # Only because Dense(4) maps 4 numbers to 4: on a 3-number input the second use fails.
    with pytest.raises(ValueError, match="expected axis -1 of input shape to have value 3"):
        keras.Sequential([keras.Input((3,)), (other := keras.layers.Dense(4)), other])
    narrowing = keras.layers.Dense(4, name="narrowing")
    with pytest.raises(ValueError) as caught:
        keras.Sequential([keras.Input((3,)), narrowing, narrowing])
    assert str(caught.value) == (
        "Input 0 with name 'None' of layer 'narrowing' is incompatible with the layer: "
        "expected axis -1 of input shape to have value 3, but received input with shape (None, 4)"
    )
    # Negative control: two separate layers have their own weights, twice as many.
    separate = keras.Sequential([keras.Input((4,)), keras.layers.Dense(4), keras.layers.Dense(4)])
    assert separate.count_params() == 40 and len(separate.weights) == 4


@pytest.mark.claim
def test_multiple_inputs_model(snippet):
    run = snippet("non_sequential/multiple_inputs.py")
    model = run.namespace["two_input_model"]
    assert [tuple(t.shape) for t in model.inputs] == [(None, 8), (None, 3)]
    assert model.count_params() == (8 * 16 + 16) + (3 * 4 + 4) + (20 * 1 + 1) == 181
    assert run.stdout == "inputs: 2, parameters: 181\n"
    # Negative control: the model really needs both inputs; one alone is refused.
    with pytest.raises(
        ValueError, match=r"expects 2 named input\(s\) with keys \['house', 'street'\]"
    ):
        model(np.zeros((1, 8), dtype="float32"))
    with pytest.raises(ValueError) as caught:
        model(np.zeros((1, 8), dtype="float32"))
    assert type(caught.value) is ValueError and str(caught.value) == (
        f"Layer \"{model.name}\" expects 2 named input(s) with keys ['house', 'street'], but it "
        "received 1 input tensors. Pass inputs as a dict, e.g. "
        "`layer({'house': ..., 'street': ...})`."
    )
    # ...and both, in a list, are accepted.
    two = [np.zeros((1, 8), dtype="float32"), np.zeros((1, 3), dtype="float32")]
    assert tuple(model(two).shape) == (1, 1)


@pytest.mark.claim
def test_multiple_outputs_model(snippet):
    model = snippet("non_sequential/multiple_outputs.py").namespace["two_output_model"]
    predictions = model.predict(np.zeros((5, 64), dtype="float32"), verbose=0)
    assert [p.shape for p in predictions] == [(5, 10), (5, 1)]
    # Negative control: a Sequential model gives one array.
    chain = keras.Sequential([keras.Input((64,)), keras.layers.Dense(10)])
    assert chain.predict(np.zeros((5, 64), dtype="float32"), verbose=0).shape == (5, 10)


@pytest.mark.claim
def test_branch_and_merge_model_has_61_parameters(snippet):
    run = snippet("non_sequential/branch_merge.py")
    model = run.namespace["branch_model"]
    assert model.count_params() == (4 * 8 + 8) + (4 * 2 + 2) + (10 * 1 + 1) == 61
    counts = {layer.name: layer.count_params() for layer in model.layers if layer.weights}
    assert counts == {"wide": 40, "narrow": 10, "output": 11}
    assert tuple(model.get_layer("merged").output.shape) == (None, 10)
    assert run.stdout == "parameters: 61\n"
    # Negative control: the wide branch alone, as a chain, has fewer.
    chain = keras.Sequential([keras.Input((4,)), keras.layers.Dense(8), keras.layers.Dense(1)])
    assert chain.count_params() == 49


@pytest.mark.claim
def test_residual_model_adds_its_input(snippet):
    model = snippet("non_sequential/residual.py").namespace["residual_model"]
    block = model.layers[1]
    assert model.count_params() == 20
    assert max_difference(model(X4), X4 + np.asarray(block(X4))) <= ATOL
    # Negative control: without the skip connection the output is another one.
    assert max_difference(model(X4), block(X4)) > 1e-2


@pytest.mark.claim
def test_shared_layer_model_uses_one_set_of_weights(snippet):
    ns = snippet("non_sequential/shared_layer.py").namespace
    model, embed = ns["shared_model"], ns["embed"]
    assert model.count_params() == 40 and len(model.weights) == 2
    assert weight_ids(model) == {id(embed.kernel), id(embed.bias)}
    # The same weights on the same input give the same embedding: a distance of exactly 0.
    assert max_difference(model([X4, X4]), 0.0) == 0.0
    # Negative control: two separate layers have 80 parameters and different embeddings.
    left, right = keras.Input((4,)), keras.Input((4,))
    distance = keras.layers.Subtract()(
        [
            keras.layers.Dense(8, activation="relu")(left),
            keras.layers.Dense(8, activation="relu")(right),
        ]
    )
    separate = keras.Model([left, right], distance)
    assert separate.count_params() == 80
    assert max_difference(separate([X4, X4]), 0.0) > 1e-2


@pytest.mark.claim
def test_nested_model_is_one_layer_shared_by_both_inputs(snippet):
    ns = snippet("non_sequential/nested_model.py").namespace
    model, encoder = ns["pair_model"], ns["encoder"]
    assert issubclass(keras.Model, keras.layers.Layer)  # every Keras model is a layer
    assert [layer for layer in model.layers if layer is encoder] == [encoder]
    assert weight_ids(encoder) <= weight_ids(model)
    assert model.count_params() == 40 + (16 * 1 + 1) == 57
    # Both inputs go through the one encoder: rebuilding the path by hand gives the output.
    score = model.layers[-1]
    by_hand = score(keras.ops.concatenate([encoder(X4), encoder(Y4)], axis=-1))
    assert max_difference(model([X4, Y4]), by_hand) <= ATOL
    # Negative control: an independently initialised clone of the encoder has its own,
    # other variables, and gives another score.
    clone = keras.models.clone_model(encoder)
    assert not weight_ids(clone) & weight_ids(model)
    other = score(keras.ops.concatenate([encoder(X4), clone(Y4)], axis=-1))
    assert max_difference(model([X4, Y4]), other) > 1e-3


@pytest.mark.claim
def test_keras_ops_accept_symbolic_tensors_and_tensorflow_does_not(snippet):
    ns = snippet("non_sequential/symbolic_ops.py").namespace
    assert tuple(ns["squared"].shape) == (None, 4)
    assert max_difference(ns["square_model"](X4), X4**2) <= ATOL
    inputs = keras.Input((4,))
    with pytest.raises(ValueError) as caught:
        tf.math.square(inputs)
    assert str(caught.value).startswith(TF_MESSAGE_START)
    assert type(caught.value) is ValueError and str(caught.value) == TF_MESSAGE
    with pytest.raises(ValueError) as caught:
        np.square(inputs)
    assert str(caught.value) == NUMPY_MESSAGE
    # Negative control: both functions are fine on real numbers; only the Input is refused.
    assert max_difference(tf.math.square(X4), X4**2) == 0.0
    assert max_difference(np.square(X4), X4**2) == 0.0


class Square(keras.layers.Layer):
    """A TensorFlow function wrapped in a layer, as the TensorFlow error suggests."""

    seen = []  # the type of every tensor `call` receives
    shapes = []  # and its shape

    def call(self, x):
        self.seen.append(type(x).__name__)
        self.shapes.append(tuple(x.shape))
        return tf.math.square(x)


@pytest.mark.claim
def test_backend_function_inside_a_layer_works():
    inputs = keras.Input((4,))
    outputs = Square()(inputs)
    assert tuple(outputs.shape) == (None, 4)
    model = keras.Model(inputs, outputs)
    assert max_difference(model(X4), X4**2) <= ATOL
    # A TensorFlow placeholder while the graph is built, a real tensor when it runs.
    assert Square.seen == ["SymbolicTensor", "EagerTensor"]
    # The placeholder has the KerasTensor's shape; the real tensor has the data's.
    assert Square.shapes == [(None, 4), (16, 4)]
    assert not isinstance(inputs, tf.Tensor)
    # Negative control: the same function called directly on the Input is refused.
    with pytest.raises(ValueError, match="cannot be used as input to a TensorFlow function"):
        tf.math.square(inputs)


@pytest.mark.claim
def test_sequential_can_hold_a_model_as_one_step(snippet):
    encoder = keras.models.clone_model(
        snippet("non_sequential/nested_model.py").namespace["encoder"]
    )
    chain = keras.Sequential([keras.Input((4,)), encoder, keras.layers.Dense(1)])
    assert chain.layers[0] is encoder
    assert chain.count_params() == 40 + 9
    assert weight_ids(encoder) <= weight_ids(chain)
    # Negative control: a chain holding an independently initialised clone shares nothing.
    other = keras.Sequential(
        [keras.Input((4,)), keras.models.clone_model(encoder), keras.layers.Dense(1)]
    )
    assert not weight_ids(encoder) & weight_ids(other)


@pytest.mark.claim
def test_the_page_prints_the_numbers_and_messages_it_describes(page_run):
    printed = page_run[1].splitlines()
    for line in (
        "inputs: 2, parameters: 181",
        "outputs: [(None, 10), (None, 1)]",
        "parameters: 61",
        "parameters: 20",
        "parameters: 40",
        "parameters: 57 (encoder: 40)",
        f"ValueError: {MERGE_MESSAGE}",
        f"ValueError: {SECOND_INPUT_MESSAGE}",
        f"TypeError: {OUTPUTS_MESSAGE}",
        "layers listed: 2, parameters: 20",
        "keras.ops.square on an Input: (None, 4)",
        "the model on [1, 2, 3, 4]: [ 1.  4.  9. 16.]",
        f"np.square on an Input: ValueError: {NUMPY_MESSAGE}",
    ):
        assert line in printed
    assert f"tf.math.square on an Input: ValueError: {TF_MESSAGE_START}" in page_run[1]
    # Negative control: a line the page does not print is not found.
    assert "parameters: 62" not in printed


@pytest.mark.claim
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
