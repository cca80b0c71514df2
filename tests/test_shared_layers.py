"""Claims of docs/explanation/layers-calls-shared-weights.md (snippets/shared_layers/)."""

import warnings

import keras
import numpy as np
import pytest
from conftest import fresh, max_difference, run_page

# Float32 tolerance: the same model evaluated in different batch sizes differs by up to ~8e-7
# on CPU (different reduction order), so "equal" means within 1e-6.
ATOL = 1e-6

X4 = np.random.default_rng(4).random((16, 4), dtype=np.float32)


@pytest.fixture(scope="module")
def page_run():
    return run_page("explanation/layers-calls-shared-weights.md")


def weight_ids(model):
    return {id(variable) for variable in model.weights}


@pytest.mark.claim
def test_a_layer_creates_its_variables_on_its_first_call():
    dense = keras.layers.Dense(8)
    assert dense.built is False and dense.weights == []
    dense(keras.Input((4,)))
    assert dense.built is True
    assert [tuple(v.shape) for v in dense.weights] == [(4, 8), (8,)]
    assert dense.count_params() == 4 * 8 + 8 == 40
    # Negative control: the input size decides the kernel, so another input, another count.
    wider = keras.layers.Dense(8)
    wider(keras.Input((5,)))
    assert wider.count_params() == 48


@pytest.mark.claim
def test_a_second_call_reuses_the_variables(snippet, page_run):
    run = snippet("shared_layers/one_layer_two_calls.py")
    ns = run.namespace
    dense, model = ns["dense"], ns["model"]
    assert len(dense.weights) == 2 and dense.count_params() == 40
    assert dense.kernel is ns["kernel"]
    assert "after one call: 2 variables, 40 parameters" in run.stdout
    assert "after two calls: 2 variables, 40 parameters" in run.stdout
    assert "after two calls: 2 variables, 40 parameters" in page_run[1]
    assert "variables: 4, parameters: 80" in page_run[1]
    assert [layer.name for layer in model.layers] == ["first", "second", "shared_dense"]
    # Each call is a node of the graph (private attribute: Keras 3 has no public one).
    assert len(dense._inbound_nodes) == 2
    assert model.count_params() == 40 and weight_ids(model) == weight_ids(dense)
    # Both calls compute the same function: the same input gives the same output, exactly.
    first, second = model([X4, X4])
    assert max_difference(first, second) == 0.0
    # Negative control: two separate Dense layers have 4 variables, 80 parameters, and
    # disagree on the same input.
    separate = snippet("shared_layers/two_layers.py").namespace["separate"]
    assert len(separate.weights) == 4 and separate.count_params() == 80
    first, second = separate([X4, X4])
    assert max_difference(first, second) > 1e-2


@pytest.mark.claim
def test_layer_output_is_the_first_calls_output(snippet, page_run):
    # Alone and on the page (where other blocks run in between), the same answers.
    for ns in (snippet("shared_layers/one_layer_two_calls.py").namespace, page_run[0]):
        dense = ns["dense"]
        assert dense.output is ns["first_output"]
        assert dense.output is not ns["second_output"]
        assert dense.input is ns["first_input"]
    for line in ("is first_output: True", "is second_output: False", "is first_input: True"):
        assert line in page_run[1]
    # Silently: reading it on a layer with two calls raises nothing and warns nothing.
    dense = snippet("shared_layers/one_layer_two_calls.py").namespace["dense"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        output = dense.output
    assert caught == [] and len(dense._inbound_nodes) == 2 and output is not None
    # Negative control: the same two calls in the other order make `output` the other one.
    other, a, b = keras.layers.Dense(8), keras.Input((4,)), keras.Input((4,))
    b_output = other(b)
    a_output = other(a)
    assert other.output is b_output and other.output is not a_output and other.input is b


@pytest.mark.claim
def test_get_output_at_is_gone(snippet):
    run = snippet("shared_layers/one_layer_two_calls.py")
    message = "'Dense' object has no attribute 'get_output_at'"
    assert run.stdout.splitlines()[-1] == f"AttributeError: {message}"
    with pytest.raises(AttributeError) as caught:
        run.namespace["dense"].get_output_at(1)
    assert str(caught.value) == message
    for name in ("get_output_at", "get_input_at", "get_output_shape_at", "get_input_shape_at"):
        assert not hasattr(keras.layers.Layer, name)
    # Negative control: the attribute check can succeed, as it does for `output`.
    assert hasattr(run.namespace["dense"], "output")


@pytest.mark.claim
def test_a_nested_model_shares_its_variables(snippet):
    ns = snippet("shared_layers/model_is_a_layer.py").namespace
    inner, outer = ns["inner"], ns["outer"]
    assert issubclass(keras.Model, keras.layers.Layer) and isinstance(inner, keras.layers.Layer)
    assert outer.layers[1] is inner
    assert all(a is b for a, b in zip(inner.weights, outer.weights[:2], strict=True))
    assert inner.count_params() == 40 and outer.count_params() == 40 + 9 == 49
    # Negative control: a clone of the outer model has the same shape but its own variables.
    clone = keras.models.clone_model(outer)
    assert not weight_ids(clone) & weight_ids(outer)
    assert clone.count_params() == 49
    assert [tuple(v.shape) for v in clone.weights] == [tuple(v.shape) for v in outer.weights]


@pytest.mark.claim
def test_training_the_outer_model_trains_the_inner_one():
    ns = fresh("shared_layers/model_is_a_layer.py")
    inner, outer = ns["inner"], ns["outer"]
    before = inner.get_weights()[0].copy()
    bystander = keras.models.clone_model(inner)  # same architecture, own variables
    bystander.set_weights(inner.get_weights())
    outer.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    outer.fit(X4, X4.sum(axis=1, keepdims=True), epochs=3, verbose=0)
    assert max_difference(inner.get_weights()[0], before) > 1e-3
    # Negative control: a model that is not nested in `outer` is left unchanged.
    assert max_difference(bystander.get_weights()[0], before) == 0.0


@pytest.mark.claim
def test_training_through_one_call_changes_the_other():
    ns = fresh("shared_layers/one_layer_two_calls.py")
    first_path = keras.Model(ns["first_input"], ns["first_output"])
    second_path = keras.Model(ns["second_input"], ns["second_output"])
    before = np.asarray(first_path(X4)).copy()
    bystander = keras.models.clone_model(first_path)  # same start, own Dense layer
    bystander.set_weights(first_path.get_weights())
    second_path.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    second_path.fit(X4, np.ones((16, 8), dtype="float32"), epochs=3, verbose=0)
    assert max_difference(first_path(X4), before) > 1e-3
    # Negative control: a path through another Dense layer is not affected.
    assert max_difference(bystander(X4), before) == 0.0
