"""Claims of docs/explanation/layers-calls-shared-weights.md (snippets/shared_layers/)."""

import inspect
import re
import warnings

import keras
import numpy as np
import pytest

from conftest import ROOT, fresh, max_difference, run_sections

PAGE = "docs/explanation/layers-calls-shared-weights.md"
CALLS = "shared_layers/one_layer_two_calls.py"
NESTED = "shared_layers/model_is_a_layer.py"

# Float32 tolerance, relative: float32 keeps about 7 digits (1.2e-7 of the value), and the same
# model evaluated in different batch sizes differs by a few units in the last place (up to
# ~8e-7 on values near 1). The rounding grows with the values compared, so "equal" means
# within 1e-6 of the larger magnitude (and of 1, for values near zero): see close().
RTOL = 1e-6
# "Changes", "different answers", "far more than float32 rounding": the values compared are
# below 5 (measured), where float32 rounding is under 1e-6, so 1e-3 is far beyond it; where
# the values may grow (after training), the bound is scaled by their size. Measured on the
# three backends: outputs moved by 0.05 to 0.3 after training, differed by 1 to 2 between
# separate layers.
CHANGED = 1e-3

X4 = np.random.default_rng(4).random((16, 4), dtype=np.float32)


def close(a, b, rtol=RTOL) -> bool:
    """a and b agree to float32 rounding: within `rtol` of the larger magnitude (at least 1)."""
    a, b = (np.asarray(keras.ops.convert_to_numpy(v), dtype="float64") for v in (a, b))
    scale = max(1.0, float(np.abs(a).max(initial=0.0)), float(np.abs(b).max(initial=0.0)))
    return max_difference(a, b) <= rtol * scale


def src(section=None, file=CALLS):
    """How the page includes this snippet (or one of its sections), for `printed`."""
    return f"snippets/{file}" + (f":{section}" if section else "")


def weight_ids(model):
    return {id(variable) for variable in model.weights}


@pytest.mark.claim(
    PAGE,
    "A layer object such as `Dense` is created without weights. It creates its variables (for "
    "`Dense`, a kernel and a bias) the first time it is called, because only then does it know "
    "the size of its input:",
)
@pytest.mark.claim(
    PAGE,
    "Before any call the layer has no variables (`dense.weights` is empty and `dense.built` is "
    "false).",
)
@pytest.mark.claim(
    PAGE,
    "Called on a {n}-number input, it creates a {n} × {units} kernel and {units} biases: "
    "{params} parameters. The input decides the kernel's shape: the same layer called first on "
    "a {wider_n}-number input would have {wider}.",
)
@pytest.mark.claim(
    PAGE, "(`dense.build((None, 4))` would create the same variables without a call.)"
)
def test_a_layer_creates_its_variables_on_its_first_call(printed, stated):
    # The snippet's layer before and after its first call.
    ns = run_sections(CALLS, "create")
    dense = ns["dense"]
    assert dense.built is False and dense.weights == []
    ns = run_sections(CALLS, "create", "first_call")
    dense = ns["dense"]
    assert dense.built is True
    assert [v.path.split("/")[-1] for v in dense.weights] == ["kernel", "bias"]
    kernel, bias = dense.kernel, dense.bias
    assert dense.count_params() == int(np.prod(kernel.shape)) + int(np.prod(bias.shape))
    # What the page's blocks printed: no variables before the call, then 2 holding 40 numbers.
    assert printed(PAGE, src("create")) == "variables before any call: 0\nbuilt: False\n"
    assert printed(PAGE, src("first_call")) == (
        f"after one call: {len(dense.weights)} variables, {dense.count_params()} parameters\n"
    )
    # The strongest counterexamples to "created without weights": every layer class Keras
    # ships that can be made without arguments, and Dense given an input shape (which warns).
    for name in dir(keras.layers):
        cls = getattr(keras.layers, name)
        if inspect.isclass(cls) and issubclass(cls, keras.layers.Layer):
            try:
                layer = cls()
            except Exception:  # noqa: BLE001  (needs arguments)
                continue
            assert layer.weights == [], name
    with pytest.warns(UserWarning, match="Do not pass an `input_shape`"):
        eager = keras.layers.Dense(8, input_shape=(4,))
    assert eager.weights == []
    # build() with an input shape creates the same variables without a call.
    built = keras.layers.Dense(8)
    built.build((None, 4))
    assert [tuple(v.shape) for v in built.weights] == [tuple(kernel.shape), tuple(bias.shape)]
    # Negative control: the input size decides the kernel, so another input, another count.
    wider = keras.layers.Dense(8)
    wider(keras.Input((5,)))
    assert wider.count_params() != dense.count_params()
    stated(
        n=kernel.shape[0],
        units=kernel.shape[1],
        params=dense.count_params(),
        wider_n=wider.kernel.shape[0],
        wider=wider.count_params(),
    )


@pytest.mark.claim(
    PAGE,
    "Calling the same object again, on another tensor, does not create anything. The layer "
    "runs the same computation with the variables it already has:",
)
@pytest.mark.claim(
    PAGE,
    "After two calls the layer still has {variables} variables and {params} parameters, and its "
    "kernel is the very object it created on the first call. In a Functional graph each call "
    "is a separate node, but all the nodes of one layer read and train the same variables. A "
    "model can be built from both calls:",
)
@pytest.mark.claim(
    PAGE,
    "The model lists the layer once, next to its two inputs, and has {params} parameters, not "
    "{separate_params}. Given the same data on both inputs, its two outputs are identical to "
    "the last bit: their largest difference is {difference}.",
)
def test_a_second_call_reuses_the_variables(snippet, printed, stated):
    run = snippet(CALLS)
    ns = run.namespace
    dense, model = ns["dense"], ns["model"]
    assert dense.kernel is ns["kernel"]
    variables, params = len(dense.weights), dense.count_params()
    assert f"after two calls: {variables} variables, {params} parameters" in run.stdout
    assert printed(PAGE, src("second_call")) == (
        f"after two calls: {variables} variables, {params} parameters\n"
        "same kernel object as after the first call: True\n"
    )
    # What the page's model block printed: the layer once, beside the two inputs; 40.
    names = [layer.name for layer in model.layers]
    assert names == ["first", "second", "shared_dense"]
    layers_line, params_line, difference_line = printed(PAGE, src("model")).splitlines()
    assert [layers_line, params_line] == [f"model layers: {names}", f"model parameters: {params}"]
    difference = float(
        re.fullmatch(r"largest difference between outputs: (\S+)", difference_line)[1]
    )
    assert difference == 0.0 and ns["first"].shape == (16, 8)  # "to the last bit": exactly
    # Each call is a node of the graph (private attribute: Keras 3 has no public one).
    nodes = dense._inbound_nodes
    assert len(nodes) == 2
    assert nodes[0].input_tensors[0] is ns["first_input"]
    assert nodes[1].input_tensors[0] is ns["second_input"]
    assert model.count_params() == params and weight_ids(model) == weight_ids(dense)
    # Both calls compute the same function: the same input gives the same output, exactly.
    first, second = model([X4, X4])
    assert max_difference(first, second) == 0.0
    # Negative control: two separate Dense layers have their own variables and disagree.
    separate = snippet("shared_layers/two_layers.py").namespace["separate"]
    assert not weight_ids(separate) & weight_ids(model)
    first, second = separate([X4, X4])
    assert max_difference(first, second) > CHANGED
    stated(
        variables=variables,
        params=params,
        separate_params=separate.count_params(),
        difference=difference,
    )


@pytest.mark.claim(
    PAGE,
    "Two separate `Dense(8)` layers, by contrast, each create their own variables, even with "
    "identical settings:",
)
@pytest.mark.claim(
    PAGE,
    "The two layers hold {variables} variables and {params} parameters, and give two different "
    "answers for the same input: their outputs differ by far more than float32 rounding.",
)
def test_two_layers_have_their_own_variables(snippet, printed, stated):
    ns = snippet("shared_layers/two_layers.py").namespace
    separate, left, right = ns["separate"], ns["left_dense"], ns["right_dense"]
    # Identical settings, each its own variables.
    assert left.get_config() | {"name": ""} == right.get_config() | {"name": ""}
    assert not weight_ids(left) & weight_ids(right)
    assert weight_ids(separate) == weight_ids(left) | weight_ids(right)
    # What the page's block printed.
    variables, params = len(separate.weights), separate.count_params()
    counts, difference = printed(PAGE, src(file="shared_layers/two_layers.py")).splitlines()
    assert counts == f"variables: {variables}, parameters: {params}"
    shown = float(re.fullmatch(r"largest difference between outputs: (\S+)", difference)[1])
    assert shown > CHANGED  # the Output box's two outputs differ
    assert ns["difference"] > CHANGED  # and so do the snippet's, run alone
    first, second = separate([X4, X4])
    assert max_difference(first, second) > CHANGED
    # Negative control: one layer called twice gives the same answer twice, with 2 variables.
    shared = snippet(CALLS).namespace["model"]
    first, second = shared([X4, X4])
    assert max_difference(first, second) == 0.0 and len(shared.weights) == 2
    stated(variables=variables, params=params)


@pytest.mark.claim(
    PAGE,
    'This is all that "sharing a layer" means: calling one object more than once. Training '
    "updates the one set of variables, whichever call the gradient comes through. Here a model "
    "made of the second call alone is trained, and the first call's output is compared before "
    "and after:",
)
@pytest.mark.claim(
    PAGE,
    "Only the second call was trained, yet the first call's output moved by far more than "
    "float32 rounding.",
)
def test_training_through_one_call_changes_the_other(snippet, printed):
    # What the page's block printed: how far the first call's output moved.
    shown = printed(PAGE, src("train"))
    moved = float(re.fullmatch(r"first call's output moved by up to (\S+)\n", shown)[1])
    assert moved > CHANGED
    ns = snippet(CALLS).namespace
    # Only the second call: the trained model holds the layer, reached by the second input.
    trained = ns["second_path"]
    assert trained.inputs[0] is ns["second_input"] and ns["dense"] in trained.layers
    assert ns["moved"] > CHANGED  # run alone, the snippet's too
    # The same, made again here, with a bystander whose own Dense layer starts equal.
    ns = fresh(CALLS)
    first_path = keras.Model(ns["first_input"], ns["first_output"])
    second_path = keras.Model(ns["second_input"], ns["second_output"])
    assert first_path.layers[1] is second_path.layers[1] is ns["dense"]
    before = keras.ops.convert_to_numpy(first_path(X4)).copy()
    bystander = keras.models.clone_model(first_path)  # same start, own Dense layer
    bystander.set_weights(first_path.get_weights())
    # Its own training: the bystander must be copied before the fit, which the shared run lacks.
    second_path.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    second_path.fit(X4, np.ones((16, 8), dtype="float32"), epochs=3, verbose=0)
    assert max_difference(first_path(X4), before) > CHANGED * max(1.0, float(np.abs(before).max()))
    # Negative control: a path through another Dense layer is not affected.
    assert max_difference(bystander(X4), before) == 0.0


@pytest.mark.claim(
    PAGE,
    "A layer called twice has two outputs, one per call, but `layer.output` and `layer.input` "
    "can each return only one tensor. In Keras 3 they return those of the first call on a "
    "symbolic tensor (a `keras.Input`, or a tensor computed from one); calls on arrays do not "
    "count:",
)
@pytest.mark.claim(
    PAGE,
    "`dense.output` is the very tensor the first call returned (an `is` check, not just an "
    "equal shape), and not the second call's tensor; `dense.input` is the first input. Reverse "
    "the order of the two calls and `output` becomes the other tensor.",
)
def test_layer_output_is_the_first_calls_output(snippet, printed):
    ns = snippet(CALLS).namespace
    dense = ns["dense"]
    assert dense.output is ns["first_output"]
    assert dense.output is not ns["second_output"]
    assert dense.input is ns["first_input"]
    assert isinstance(dense.output, keras.KerasTensor)  # one tensor, not a list
    # What the page's block printed (on the page, other blocks run in between): the same.
    assert printed(PAGE, src("output")) == (
        "dense.output is first_output: True\n"
        "dense.output is second_output: False\n"
        "dense.input is first_input: True\n"
    )
    # Negative control: the same two calls in the other order make `output` the other one.
    other, a, b = keras.layers.Dense(8), keras.Input((4,)), keras.Input((4,))
    b_output = other(b)
    a_output = other(a)
    assert other.output is b_output and other.output is not a_output and other.input is b
    # Calls on arrays do not count: called on one only, a layer has no output; called on one
    # first, then on a symbolic tensor, its output is the symbolic call's.
    on_arrays = keras.layers.Dense(8)
    on_arrays(X4)
    with pytest.raises(AttributeError, match="has never been called"):
        _ = on_arrays.output
    assert on_arrays(a) is on_arrays.output
    # The strongest case of "first call on a symbolic tensor": a Sequential model with an
    # Input calls its layers on a tensor of its own as it is built, so that call is the first.
    inside = keras.layers.Dense(8)
    chain = keras.Sequential([keras.Input((4,)), inside])
    assert inside(b) is not inside.output and inside.output is chain.outputs[0]


@pytest.mark.claim(
    PAGE,
    "A call returns its output tensor: keep it in a variable (`second_output` above) and use it "
    "to build whatever model you need. For a model you already have, `model.outputs` holds "
    "every output tensor, and `model.get_layer(name)` finds a layer by its name. Code that "
    "reads `layer.output` on a shared layer silently gets the first branch.",
)
def test_keep_the_tensors_that_calls_return(snippet):
    ns = snippet(CALLS).namespace
    dense, model = ns["dense"], ns["model"]
    # The kept tensor builds the second branch's model, which reads the second input.
    second = keras.Model(ns["second_input"], ns["second_output"])
    assert second.inputs[0] is ns["second_input"]
    assert close(second(X4), dense(X4))
    # model.outputs holds both calls' outputs; get_layer finds the layer by its name.
    assert model.outputs[0] is ns["first_output"] and model.outputs[1] is ns["second_output"]
    assert model.get_layer("shared_dense") is dense
    # Silently: reading it on a layer with two calls raises nothing and warns nothing.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        output = dense.output
    assert caught == [] and len(dense._inbound_nodes) == 2 and output is ns["first_output"]
    # Negative control: a model built from `dense.output` reads the first input, not the second.
    wrong = keras.Model(ns["first_input"], dense.output)
    assert wrong.inputs[0] is not ns["second_input"]


@pytest.mark.claim(
    PAGE,
    "Keras 3 layers have no `get_output_at` method to reach the other calls: Troubleshooting "
    "shows the error it raises and what to write instead.",
)
def test_get_output_at_is_gone(snippet):
    dense = snippet(CALLS).namespace["dense"]
    assert len(dense._inbound_nodes) == 2  # a layer with other calls to reach
    with pytest.raises(AttributeError) as caught:
        dense.get_output_at(1)
    assert str(caught.value) == "'Dense' object has no attribute 'get_output_at'"
    for cls in (keras.layers.Layer, keras.Model, keras.Sequential):
        assert not hasattr(cls, "get_output_at") and not hasattr(cls, "get_input_at")
    # The linked entry is the one for this error.
    troubleshooting = (ROOT / "docs/reference/troubleshooting.md").read_text(encoding="utf-8")
    heading = next(line for line in troubleshooting.splitlines() if "{ #get-output-at }" in line)
    assert "has no attribute 'get_output_at'" in heading
    # Negative control: the attribute check can succeed, as it does for `output`.
    assert hasattr(dense, "output")


@pytest.mark.claim(
    PAGE,
    "`keras.Model` is a subclass of `keras.layers.Layer`, so a model can be called on a tensor "
    "inside another model, and the same rule holds: the inner model brings its own variables, "
    "it does not copy them.",
)
@pytest.mark.claim(
    PAGE,
    "`outer.layers[1]` is the inner model itself, and the outer model's first {first:w} "
    "variables are the inner model's kernel and bias, the same objects. The outer model's "
    "{outer} parameters are the inner model's {inner} plus {last} for its own last layer. A "
    "clone made with `keras.models.clone_model(outer)` has the same architecture but none of "
    "these variables.",
)
def test_a_nested_model_shares_its_variables(snippet, printed, stated):
    run = snippet(NESTED)
    inner, outer = run.namespace["inner"], run.namespace["outer"]
    assert issubclass(keras.Model, keras.layers.Layer) and isinstance(inner, keras.layers.Layer)
    assert outer.layers[1] is inner
    shared = outer.weights[: len(inner.weights)]
    assert all(a is b for a, b in zip(inner.weights, shared, strict=True))
    assert [v.path.split("/")[-1] for v in shared] == ["kernel", "bias"]
    last = outer.layers[-1]
    assert outer.count_params() == inner.count_params() + last.count_params()
    # What the page's block printed: the same object, a shared variable, and the two counts.
    assert printed(PAGE, src("nest", NESTED)) == (
        "outer.layers[1] is inner: True\n"
        "first variable shared: True\n"
        f"parameters: inner {inner.count_params()}, outer {outer.count_params()}\n"
    )
    # Negative control: a clone of the outer model has the same shape but its own variables.
    clone = keras.models.clone_model(outer)
    assert not weight_ids(clone) & weight_ids(outer)
    assert [tuple(v.shape) for v in clone.weights] == [tuple(v.shape) for v in outer.weights]
    stated(
        first=len(shared),
        outer=outer.count_params(),
        inner=inner.count_params(),
        last=last.count_params(),
    )


@pytest.mark.claim(
    PAGE,
    "Because they are the same variables, training the outer model trains the inner one. To see "
    "it, keep an independent copy of the inner model, train the outer model, and compare:",
)
@pytest.mark.claim(
    PAGE,
    "The inner model's output moved by far more than float32 rounding, while the independent "
    "copy's stayed exactly as it was.",
)
def test_training_the_outer_model_trains_the_inner_one(snippet, printed):
    # What the page's block printed: the inner model's output moved, the copy's did not.
    inner_line, copy_line = printed(PAGE, src("train", NESTED)).splitlines()
    inner_moved = float(re.fullmatch(r"inner model's output moved by up to (\S+)", inner_line)[1])
    copy_moved = float(
        re.fullmatch(r"independent copy's output moved by up to (\S+)", copy_line)[1]
    )
    assert inner_moved > CHANGED and copy_moved == 0.0
    run = snippet(NESTED).namespace
    assert run["copy_moved"] == 0.0  # exactly, not only to the two printed decimals
    assert run["inner_moved"] > CHANGED
    assert not weight_ids(run["copy"]) & weight_ids(run["outer"])  # independent
    # The same, made again here, looking at the weights themselves. Its own training: it needs
    # a snapshot of the weights from before the fit, which the shared run does not keep.
    ns = fresh(NESTED)
    inner, outer = ns["inner"], ns["outer"]
    before = inner.get_weights()[0].copy()
    bystander = keras.models.clone_model(inner)  # same architecture, own variables
    bystander.set_weights(inner.get_weights())
    outer.compile(optimizer=keras.optimizers.SGD(0.1), loss="mse")
    outer.fit(X4, X4.sum(axis=1, keepdims=True), epochs=3, verbose=0)
    assert max_difference(inner.get_weights()[0], before) > CHANGED
    # Negative control: a model that is not nested in `outer` is left unchanged.
    assert max_difference(bystander.get_weights()[0], before) == 0.0


@pytest.mark.claim(
    PAGE,
    "This is how the encoder and decoder of an autoencoder stay in step with it: they are made "
    "of the autoencoder's own layer objects.",
)
def test_the_autoencoders_parts_are_its_own_layers():
    # The tutorial's autoencoder, encoder and decoder (no training needed to compare objects).
    ns = run_sections("autoencoder/autoencoder.py", "data", "model", "encoder", "decoder")
    autoencoder, encoder, decoder = ns["autoencoder"], ns["encoder"], ns["decoder"]
    assert encoder.layers[1] is autoencoder.layers[1]
    assert decoder.layers[1] is autoencoder.layers[2]
    # In step: a change to the autoencoder's weights is a change to the parts.
    kernel = autoencoder.layers[1].kernel
    kernel.assign(np.zeros(kernel.shape, dtype="float32"))
    assert max_difference(encoder.predict(ns["x_test"][:8], verbose=0), 0.0) == 0.0
    # Negative control: a clone of the encoder has layers of its own and is not in step.
    clone = keras.models.clone_model(encoder)
    assert clone.layers[1] is not autoencoder.layers[1]
    assert max_difference(clone.predict(ns["x_test"][:8], verbose=0), 0.0) > 0.0
