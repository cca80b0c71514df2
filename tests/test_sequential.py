"""Claims of docs/tutorials/first-sequential-model.md (snippets/sequential/)."""

import ast
import dataclasses
import math
import re
import warnings

import keras
import numpy as np
import pytest
from packaging.version import Version
from sklearn.datasets import load_digits, load_iris

from conftest import (
    ROOT,
    a_row_per_backend,
    about_backend,
    fresh,
    max_difference,
    outputs_are_tensorflows,
    run_sections,
    section,
    summary_of,
)
from docsite import executor, render

PAGE = "docs/tutorials/first-sequential-model.md"
FILE = "sequential/first_model.py"


def block(part, name=FILE):
    """The page's block that includes a snippet (or one section of it), as `printed` names it."""
    return f"snippets/{name}:{part}" if part else f"snippets/{name}"


# The weight shapes of the page's model: a 4 x 2 kernel and 2 biases, a 2 x 3 kernel and 3 biases.
SHAPES = [(4, 2), (2,), (2, 3), (3,)]
SAMPLES = np.random.default_rng(0).random((5, 4), dtype=np.float32)

# Float32 rounding is relative: about 6e-8 of the value per operation. The values compared here
# are probabilities (at most 1) or the outputs of an untrained layer on inputs below 1 (under
# 2): one model's outputs computed in different batch sizes, or float32 sums of probabilities,
# differ by up to ~8e-7 at that size, so "equal" means within 1e-6 (`tolerance` scales it for
# values that training makes larger).
ATOL = 1e-6


def tolerance(*values):
    """1e-6 for values of size 1, growing with the largest magnitude among `values`: a float32
    result that went through larger numbers carries a proportionally larger rounding error."""
    largest = max(float(np.abs(keras.ops.convert_to_numpy(v)).max()) for v in values)
    return ATOL * max(1.0, largest)


# Keras 3.6 made `.input` of a Sequential model raise AttributeError (keras-team/keras#20156);
# Keras 3.0 to 3.5 raised ValueError with the same message. The page describes the installed
# Keras; reference/troubleshooting.md#sequential-input tells the history.
ATTRIBUTE_ERROR_SINCE = Version("3.6")
NEVER_CALLED = "The layer {name} has never been called and thus has no defined {attribute}."
# With PyTorch as the backend, every Keras layer is also a torch.nn.Module: when Keras's
# property raises AttributeError, Python asks torch.nn.Module.__getattr__, which raises this
# (torch/nn/modules/module.py, Module.__getattr__). The page's output is TensorFlow's; the test
# reads the page's output on whichever backend runs it.
TORCH_NO_ATTRIBUTE = "'{cls}' object has no attribute '{name}'"


def architecture(model):
    """What defines the network: each layer's class, units and activation, and the weight shapes."""
    return [
        (type(layer).__name__, layer.units, layer.activation.__name__) for layer in model.layers
    ], [tuple(w.shape) for w in model.weights]


def hand_count(layer):
    """A Dense layer's parameters, counted by hand: inputs x units weights, plus units biases."""
    inputs, units = layer.kernel.shape
    return inputs * units + units


def summary_rows(model):
    """The rows of a model's `summary()` table: [name (type), output shape, parameters]."""
    return [
        re.split(r"\s*│\s*", line.strip("│ "))
        for line in summary_of(model).splitlines()
        if line.startswith("│")
    ]


def fit_call(name, part):
    """The one `fit(...)` call of a snippet section, as source text: (args, keywords)."""
    calls = [
        node
        for node in ast.walk(ast.parse(section(name, part)))
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "fit"
    ]
    assert len(calls) == 1
    call = calls[0]
    return [ast.unparse(a) for a in call.args], {k.arg: ast.unparse(k.value) for k in call.keywords}


@pytest.mark.claim(
    PAGE,
    "A Sequential model is the simplest kind of Keras model: a stack of layers, where each layer "
    "takes the output of the one before it.",
)
def test_each_layer_takes_the_output_of_the_one_before():
    model = run_sections(FILE, "build")["model"]
    first, second = model.layers
    # In the graph Keras records: the first layer takes the model's input, the second the
    # first's output (the very tensor object).
    assert first.input is model.inputs[0]
    assert second.input is first.output and model.outputs[0] is second.output
    # On numbers: the same operations in the same order, so the results are bit-identical.
    assert max_difference(model(SAMPLES), second(first(SAMPLES))) == 0.0
    # Negative control: an independently initialised clone of the stack computes other numbers.
    clone = keras.models.clone_model(model)
    assert max_difference(clone(SAMPLES), second(first(SAMPLES))) > 1e-2


@pytest.mark.claim(
    PAGE,
    "The network is deliberately small: {inputs} numbers in and {outputs} out, the sizes of the "
    "Iris flower data you will train it on, so that you can check every parameter count by hand.",
)
def test_four_numbers_in_three_out_like_the_iris_flowers(stated):
    model = run_sections(FILE, "build")["model"]
    inputs, outputs = model.inputs[0].shape[-1], model.outputs[0].shape[-1]
    iris = load_iris()
    assert iris.data.shape[1] == inputs and len(iris.target_names) == outputs
    # Every count is inputs x units + units: 4 x 2 + 2 and 2 x 3 + 3.
    assert [layer.count_params() for layer in model.layers] == [
        hand_count(layer) for layer in model.layers
    ]
    assert [hand_count(layer) for layer in model.layers] == [10, 9]
    # Negative control: scikit-learn's other small dataset, the digits, has other sizes.
    digits = load_digits()
    assert (digits.data.shape[1], len(digits.target_names)) != (inputs, outputs)
    stated(inputs=inputs, outputs=outputs)


@pytest.mark.claim(
    PAGE,
    "Both forms give the same model: the same names, the same {dense:w} `Dense` layers, the same "
    "weight shapes and, from the same seed, the same starting weights. It has {total} "
    "parameters: the first layer has a {n_in} × {hidden} kernel and {hidden} biases ({first} "
    "parameters), the second a {hidden} × {n_out} kernel and {n_out} biases ({second} "
    "parameters).",
)
def test_list_and_add_forms_build_the_same_model(printed, stated):
    listed = run_sections(FILE, "build")["model"]
    added = fresh("sequential/add_form.py")["model"]
    # The same names: the model's, its layers' and so its weights' (each run starts from fresh
    # automatic names, so only names given in the code could make them equal).
    assert listed.name == added.name == "iris_classifier"
    assert [layer.name for layer in listed.layers] == [layer.name for layer in added.layers]
    assert [w.path for w in listed.weights] == [w.path for w in added.weights]
    # Each tab's block printed its model's layers and parameters: the same line.
    for shown in (
        printed(PAGE, block("build")),
        printed(PAGE, block(None, "sequential/add_form.py")),
    ):
        assert shown == f"layers: {len(listed.layers)}, parameters: {listed.count_params()}\n"
    assert architecture(listed) == architecture(added)
    assert architecture(listed)[1] == SHAPES
    # The same starting weights, exactly: both files seed Keras with 0 before building. (So on
    # the page, where the add() tab runs after the list tab, `model` has the same weights.)
    for a, b in zip(listed.get_weights(), added.get_weights(), strict=True):
        assert max_difference(a, b) == 0.0
    # Negative control: without the seed, the same architecture starts from other weights.
    clone = keras.models.clone_model(listed)
    assert max_difference(clone.get_weights()[0], listed.get_weights()[0]) > 1e-2
    wider = keras.Sequential(
        [keras.Input((4,)), keras.layers.Dense(3, activation="relu"), keras.layers.Dense(3)]
    )
    assert architecture(wider) != architecture(listed)
    first, second = listed.layers
    assert listed.count_params() == added.count_params() == 19
    stated(
        dense=len(listed.layers),
        total=listed.count_params(),
        n_in=first.kernel.shape[0],
        hidden=first.units,
        first=first.count_params(),
        n_out=second.units,
        second=second.count_params(),
    )


def page_fences():
    """The page's blocks, includes expanded, as the build runs them."""
    return render.fences(ROOT / PAGE, ROOT, (ROOT / PAGE).read_text(encoding="utf-8"))


def page_outputs(change=None):
    """What each block of the page prints when its blocks run top to bottom as a new program,
    the way the build runs them: {source: printed text}. `change(fence)` may return a fence
    to run instead, or None to leave the block out, as a reader who copies one tab does."""
    page = ROOT / PAGE
    fences = []
    for fence in page_fences():
        fence = change(fence) if change else fence
        if fence is not None:
            fences.append(fence)
    return {
        f.source: out.stdout
        for f, out in zip(fences, render.execute(page, ROOT, fences), strict=True)
    }


LIST_TAB, ADD_TAB = block("build"), block(None, "sequential/add_form.py")


@pytest.mark.claim(
    PAGE,
    "So whichever tab you copy, the outputs on the rest of this page are what you will get.",
)
def test_either_tab_gives_the_outputs_shown_on_this_page(printed):
    # The page runs both tabs, the add() tab second: its `model` is the one the rest of the page
    # uses. A reader copies one tab, then the blocks after it.
    sources = [fence.source for fence in page_fences()]
    later = [source for source in sources if source not in (LIST_TAB, ADD_TAB)]
    assert len(later) == 6  # inspect, train, predict, pop, and the unbuilt model's two blocks
    page = {source: printed(PAGE, source) for source in later}  # what the page shows
    for tab in (LIST_TAB, ADD_TAB):
        copied = page_outputs(lambda fence, tab=tab: None if fence.source == tab else fence)
        assert tab not in copied
        for source in later:
            assert copied[source] == page[source], (tab, source)

    # The names are what makes it so. Negative control: with Keras's automatic names in both
    # tabs, the page's second model is "sequential_1", with layers "dense_2" and "dense_3",
    # where a reader who copies the list tab alone gets "sequential", "dense" and "dense_1".
    # (Run up to the summary only: the blocks after it cannot change what it printed.)
    def unnamed(fence):
        if fence.source not in (LIST_TAB, ADD_TAB):
            return fence if sources.index(fence.source) <= sources.index(block("inspect")) else None
        return dataclasses.replace(fence, code=NAMES.sub("", fence.code))

    both = page_outputs(unnamed)[block("inspect")]
    list_only = page_outputs(lambda f: None if f.source == ADD_TAB else unnamed(f))
    assert 'Model: "sequential_1"' in both and "dense_2 (Dense)" in both
    assert 'Model: "sequential"' in list_only[block("inspect")] != both


NAMES = re.compile(r',?\s*name="\w+"')  # a name given in the code, as in the two tabs


@pytest.mark.claim(
    PAGE,
    '`keras.Input(shape=(4,))` describes one sample, without the batch dimension: "each sample '
    'is {n_in} numbers". Because the first layer then knows its input size, Keras creates all the '
    "weights immediately, and `count_params()` works straight away.",
)
@pytest.mark.claim(
    PAGE,
    "Starting with `keras.Input` is usually better: the model is complete as soon as you have "
    "written it, so `summary()` and `count_params()` answer before you have any data, with "
    "`None` for the batch size.",
)
def test_keras_input_creates_every_weight_at_once(stated):
    # Only the `build` section runs: the model has seen no data.
    model = run_sections(FILE, "build")["model"]
    assert "keras.Input(shape=(4,))" in section(FILE, "build")
    assert tuple(model.inputs[0].shape) == (None, 4)  # no batch size: one sample is 4 numbers
    assert model.built is True
    assert [tuple(w.shape) for w in model.weights] == SHAPES
    assert model.count_params() == 19
    assert "Total params: 19 " in summary_of(model)
    # The summary's output shapes leave the batch size open.
    assert [row[1] for row in summary_rows(model)] == ["(None, 2)", "(None, 3)"]
    # Negative control: the same layers without keras.Input have no weights and count nothing.
    unbuilt = run_sections("sequential/unbuilt.py", "unbuilt")["model"]
    assert unbuilt.built is False and unbuilt.weights == []
    assert "0 (unbuilt)" in summary_of(unbuilt)
    assert "Total params: 0 " in summary_of(unbuilt)
    with pytest.raises(ValueError, match=r"^You tried to call `count_params` on layer "):
        unbuilt.count_params()
    stated(n_in=model.inputs[0].shape[-1])


@pytest.mark.claim(
    PAGE,
    "`model.layers` lists the layers, `model.inputs` and `model.outputs` describe what goes in "
    "and what comes out (placeholders with a shape, but no numbers), and `summary()` prints a "
    "table of layers, output shapes and parameter counts:",
)
def test_inspect_lists_layers_shapes_and_a_summary_table(printed):
    ns = run_sections(FILE, "build")
    ran = executor.run(section(FILE, "inspect"), "inspect", ns).stdout
    assert ran == printed(PAGE, block("inspect"))  # what the page shows
    lines = ran.splitlines()
    assert lines[:3] == [
        "['Dense', 'Dense']",
        "input shape: (None, 4)",
        "output shape: (None, 3)",
    ]
    # Placeholders: a KerasTensor each, with a shape and no numbers to read.
    for tensor in ns["model"].inputs + ns["model"].outputs:
        assert isinstance(tensor, keras.KerasTensor)
        with pytest.raises(ValueError, match="^A KerasTensor is symbolic"):
            np.asarray(tensor)
    # Negative control: the model's weights do hold numbers.
    assert np.asarray(ns["model"].layers[0].kernel).shape == (4, 2)
    # The summary table: one row per layer, with its name, output shape and parameter count.
    rows = [re.split(r"\s*│\s*", line.strip("│ ")) for line in lines if "(Dense)" in line]
    assert rows == [
        ["hidden (Dense)", "(None, 2)", "10"],
        ["species (Dense)", "(None, 3)", "9"],
    ]
    assert 'Model: "iris_classifier"' in ran and "Total params: 19 " in ran
    # Negative control: after pop() the table has one row and 10 parameters.
    executor.run(section(FILE, "pop"), "pop", ns)
    after = summary_of(ns["model"])
    assert after.count("(Dense)") == 1 and "Total params: 10 " in after


@pytest.mark.claim(
    PAGE,
    "Notice that `keras.Input` does not appear in `model.layers`: the list holds the {dense:w} "
    "`Dense` layers only, and `model.layers[0]` is the first `Dense` layer. A Functional model is "
    "different: its `layers[0]` is an `InputLayer` (you will see it in the next tutorial).",
)
def test_only_a_functional_models_layers_start_with_an_input_layer(snippet, printed, stated):
    sequential = run_sections(FILE, "build")["model"]
    # The first line the page's block printed: the layers' classes, no InputLayer among them.
    shown = printed(PAGE, block("inspect")).splitlines()
    assert shown[0] == str([type(layer).__name__ for layer in sequential.layers])
    assert shown[0] == "['Dense', 'Dense']"
    functional = snippet("functional/first_model.py").namespace["model"]
    assert not any(isinstance(layer, keras.layers.InputLayer) for layer in sequential.layers)
    assert [type(layer).__name__ for layer in sequential.layers] == ["Dense", "Dense"]
    # layers[0] is the first Dense layer: 2 units, a 4 x 2 kernel, fed by the model's input.
    assert sequential.layers[0].units == 2 and tuple(sequential.layers[0].kernel.shape) == (4, 2)
    assert sequential.layers[0].input is sequential.inputs[0]
    # Negative control: the same check does find the InputLayer of a Functional model.
    assert isinstance(functional.layers[0], keras.layers.InputLayer)
    stated(dense=len(sequential.layers))


@pytest.mark.claim(
    PAGE,
    "The `None` in the shapes is the batch dimension: it is left open, so the model accepts any "
    "number of samples at once.",
)
def test_none_is_the_batch_dimension_so_any_number_of_samples_fits():
    model = run_sections(FILE, "build")["model"]
    assert model.inputs[0].shape[0] is None and model.outputs[0].shape[0] is None
    # Any number, none included. (`predict` on an empty array fails inside Keras's batching loop
    # with UnboundLocalError on 3.15.1; calling the model does not.)
    for samples in (0, 1, 5, 100_000):
        batch = np.ones((samples, 4), dtype="float32")
        assert tuple(model(batch).shape) == (samples, 3)
    for samples in (1, 5, 100_000):
        batch = np.ones((samples, 4), dtype="float32")
        assert model.predict(batch, verbose=0).shape == (samples, 3)
    # Negative control: the other dimension is fixed: 5 numbers per sample are refused.
    with pytest.raises(ValueError) as refused:
        model(np.ones((2, 5), dtype="float32"))
    message = re.sub(r"\x1b\[[0-9;]*m", "", str(refused.value))  # drop terminal colour codes
    assert (
        f"Input 0 with name 'None' of layer '{model.layers[0].name}' is incompatible with the "
        "layer: expected axis -1 of input shape to have value 4, but received input with shape "
        "(2, 5)"
    ) in message


# What the page's training run gives: 17% of the 30 test flowers right untrained, 100% after
# 30 epochs with TensorFlow (40% and 97% with JAX, 63% and 93% with PyTorch, which draw other
# starting weights). Measured with 12 other starting seeds on TensorFlow: 97% to 100% trained,
# so the page's model is not a lucky draw.
ABOVE = 0.9  # the page's bound after training


@pytest.mark.claim(
    PAGE,
    "scikit-learn ships a small real dataset of exactly this model's sizes: {flowers} Iris "
    "flowers, each described by {features} measurements and labelled with one of {species} "
    "species. Keep {test} flowers aside to test on, train on the others, and compare the model "
    "before and after:",
)
@pytest.mark.claim(
    PAGE,
    "The output shows the share of the {test} test flowers the model gets right, before and "
    "after training; those flowers take no part in training. After {epochs} epochs on the other "
    "{train} flowers, the model classifies more than {above:.0%} of the test flowers correctly.",
)
def test_training_on_the_iris_flowers(printed, stated):
    ns = run_sections(FILE, "build", "inspect", "train")
    iris, model, order = ns["iris"], ns["model"], ns["order"]
    flowers, features = iris.data.shape
    species = len(iris.target_names)
    assert (features, species) == (model.inputs[0].shape[-1], model.outputs[0].shape[-1])
    # The held-out flowers and the training flowers: disjoint, and all 150 between them.
    test, train = set(order[: len(ns["x_test"])]), set(order[len(ns["x_test"]) :])
    assert not test & train and test | train == set(range(flowers))
    # Only the training flowers reach fit(), and only they set the scaling.
    args, keywords = fit_call(FILE, "train")
    assert args == ["x_train", "y_train"] and "validation_data" not in keywords
    raw_train = iris.data[order[len(ns["x_test"]) :]]
    assert max_difference(ns["mean"], raw_train.mean(axis=0)) == 0.0
    # The accuracies the page prints are the ones evaluate() returned.
    epochs = int(keywords["epochs"])
    batches = math.ceil(len(ns["x_train"]) / 32)  # fit's default batch_size
    assert int(model.optimizer.iterations) == epochs * batches
    # Negative control: untrained, the same model is below the bound (17%, 40% or 63%).
    assert ns["untrained"] < ABOVE < ns["trained"]
    # The share: right answers over the 30 test flowers, as predict() counts them.
    right = (model.predict(ns["x_test"], verbose=0).argmax(axis=1) == ns["y_test"]).mean()
    assert abs(right - ns["trained"]) <= ATOL  # evaluate() returns k / 30 as a float32
    # What the page printed says the same, before then after: its percentages are rounded to
    # whole numbers, so the accuracies are within half a percent of them.
    shown = printed(PAGE, block("train"))
    untrained, trained = map(
        int, re.fullmatch(r"test accuracy: (\d+)% untrained, (\d+)% trained\n", shown).groups()
    )
    assert untrained < trained and (trained - 0.5) / 100 > ABOVE
    # The page ran the same code from the same seeds: the same figures.
    assert shown == f"test accuracy: {ns['untrained']:.0%} untrained, {ns['trained']:.0%} trained\n"
    stated(
        flowers=flowers,
        features=features,
        species=species,
        test=len(ns["x_test"]),
        epochs=epochs,
        train=len(ns["x_train"]),
        above=ABOVE,
    )


@pytest.mark.claim(
    PAGE, "The output above is TensorFlow's; the exact figures depend on the backend:"
)
def test_the_output_above_is_tensorflows():
    outputs_are_tensorflows()
    # The table below the sentence gives each backend's figures: a row per backend, each a claim
    # checked on that backend alone.
    a_row_per_backend(PAGE, "tests/test_sequential.py::test_the_accuracies_with_{backend}")
    # Negative control: no row for a backend the suite does not run.
    with pytest.raises(AssertionError, match="cites no"):
        a_row_per_backend(
            PAGE, "tests/test_sequential.py::test_the_accuracies_with_{backend}", ["mxnet"]
        )


def accuracies(snippet):
    run = snippet(FILE)
    ns = run.namespace
    printed = f"test accuracy: {ns['untrained']:.0%} untrained, {ns['trained']:.0%} trained\n"
    assert printed in run.stdout
    assert ns["trained"] > ns["untrained"]  # negative control: training changed the figure
    return {"untrained": ns["untrained"], "trained": ns["trained"]}


@pytest.mark.claim(PAGE, "TensorFlow | {untrained:.0%} | {trained:.0%}")
def test_the_accuracies_with_tensorflow(snippet, stated):
    about_backend("tensorflow")
    stated(**accuracies(snippet))


@pytest.mark.claim(PAGE, "JAX | {untrained:.0%} | {trained:.0%}")
def test_the_accuracies_with_jax(snippet, stated):
    about_backend("jax")
    stated(**accuracies(snippet))


@pytest.mark.claim(PAGE, "PyTorch | {untrained:.0%} | {trained:.0%}")
def test_the_accuracies_with_torch(snippet, stated):
    about_backend("torch")
    stated(**accuracies(snippet))


@pytest.mark.claim(
    PAGE,
    "`predict()` gives each flower {species} probabilities, one per species, which add up to "
    "one: the softmax of the last layer makes them so. The largest is the model's answer:",
)
@pytest.mark.claim(
    PAGE,
    "Counted over all {test} test flowers, these answers are right exactly as often as "
    "`evaluate()` reported.",
)
def test_predict_gives_probabilities_whose_largest_is_the_answer(printed, stated):
    ns = run_sections(FILE, "build", "inspect", "train")
    executor.run(section(FILE, "predict"), "predict", ns)
    shown = printed(PAGE, block("predict"))
    model, probabilities, x_test = ns["model"], ns["probabilities"], ns["x_test"]
    assert probabilities.shape == (len(x_test), 3)
    assert probabilities.min() >= 0.0
    assert np.abs(probabilities.sum(axis=1) - 1.0).max() <= ATOL
    # The softmax does it: the last layer's outputs before the activation do not add up to one.
    last = model.layers[-1]
    assert last.activation is keras.activations.softmax
    hidden = model.layers[0](x_test)
    scores = keras.ops.convert_to_numpy(keras.ops.matmul(hidden, last.kernel) + last.bias)
    assert np.abs(scores.sum(axis=1) - 1.0).max() > 0.1  # negative control
    # The scores are trained outputs (up to ~10 in size here): the tolerance grows with them.
    assert max_difference(keras.ops.softmax(scores), probabilities) <= tolerance(scores)
    # The page's printed answers are the largest of their printed probabilities, and the same
    # as this run's (the page ran the same code from the same seeds).
    names = list(ns["iris"].target_names)
    lines = shown.splitlines()
    assert len(lines) == 3
    for line, p in zip(lines, probabilities, strict=False):
        values, answer = line.split(" -> ")
        shown_p = [float(v) for v in values.split()]
        assert len(shown_p) == 3 and answer.split(" (")[0] == names[int(np.argmax(shown_p))]
        assert answer.split(" (")[0] == names[p.argmax()]
    # Right as often as evaluate() said: the same share, over the same flowers.
    right = float((probabilities.argmax(axis=1) == ns["y_test"]).mean())
    assert abs(right - ns["trained"]) <= ATOL  # evaluate() returns k / 30 as a float32
    # ...and as often as the page's printed evaluate() figure says.
    reported = printed(PAGE, block("train"))
    assert f", {right:.0%} trained" in reported
    # Negative control: the same count against shuffled species does not match.
    shuffled = np.random.default_rng(0).permutation(ns["y_test"])
    assert abs(float((probabilities.argmax(axis=1) == shuffled).mean()) - ns["trained"]) > 0.1
    stated(species=probabilities.shape[1], test=len(x_test))


@pytest.mark.claim(
    PAGE,
    "Use the plural names: on this model, `model.input` and `model.output` raise an `{error}`, "
    "even after you train it (why).",
)
def test_sequential_input_raises_but_inputs_works(printed, stated):
    ns = run_sections(FILE, "build")
    model = ns["model"]
    # The installed Keras is one that raises AttributeError (3.6 and later).
    assert Version(keras.__version__) >= ATTRIBUTE_ERROR_SINCE
    errors = []

    def singular_names_raise():
        for name in ("input", "output"):
            with pytest.raises(AttributeError) as raised:
                getattr(model, name)
            assert type(raised.value) is AttributeError
            # Keras's own property raises it, with the message the troubleshooting entry
            # shows, on every backend; with PyTorch, torch.nn.Module.__getattr__ then answers
            # in its place.
            with pytest.raises(AttributeError) as own:
                getattr(type(model), name).fget(model)
            assert str(own.value) == NEVER_CALLED.format(name=model.name, attribute=name)
            if keras.backend.backend() == "torch":
                expected = TORCH_NO_ATTRIBUTE.format(cls="Sequential", name=name)
            else:
                expected = str(own.value)
            assert str(raised.value) == expected
            errors.append(type(raised.value).__name__)

    singular_names_raise()  # built, not trained
    # The plural names work: the lists the page's inspect block printed shapes from.
    assert len(model.inputs) == len(model.outputs) == 1
    shown = printed(PAGE, block("inspect")).splitlines()
    assert shown[1:3] == [
        f"input shape: {model.inputs[0].shape}",
        f"output shape: {model.outputs[0].shape}",
    ]
    # Even after training (the page's train section: 30 epochs), and after a call on data.
    executor.run(section(FILE, "train"), "train", ns)
    assert int(model.optimizer.iterations) > 0
    singular_names_raise()
    model(np.ones((2, 4), dtype="float32"))
    singular_names_raise()
    assert set(errors) == {"AttributeError"}
    # "On this model": called as a layer on a keras.Input, inside a Functional model, a
    # Sequential model gets a `.input`: the tensor it was called on, not its own input.
    outer = keras.Input((4,))
    keras.Model(outer, model(outer))
    assert model.input is outer and model.input is not model.inputs[0]
    # Negative control: on a Functional model with one input, .input does work.
    inputs = keras.Input((4,))
    functional = keras.Model(inputs, keras.layers.Dense(3)(inputs))
    assert functional.input is inputs and functional.inputs == [inputs]
    stated(error=errors[0])


@pytest.mark.claim(
    PAGE,
    "`pop()` takes the last layer off the model. What is left is a valid model that ends at the "
    "first `Dense` layer:",
)
@pytest.mark.claim(
    PAGE,
    "The model had {before} layers; after `pop()` it has {after}, its output shape is `{shape}` "
    "and it has {params} parameters left.",
)
def test_list_model_has_two_layers_and_pop_leaves_one(printed, stated):
    ns = run_sections(FILE, "build")
    model = ns["model"]
    before = len(model.layers)
    assert before == 2 and model.count_params() == 19
    assert tuple(model.outputs[0].shape) == (None, 3)  # before pop(): the second layer's output
    first, last = model.layers
    ran = executor.run(section(FILE, "pop"), "pop", ns).stdout
    assert last not in model.layers  # the last layer is off
    # What this run printed, and what the page's block printed: the same lines.
    assert (
        ran == printed(PAGE, block("pop")) == "layers: 1, output shape: (None, 2)\nparameters: 10\n"
    )
    assert len(model.layers) == 1
    assert model.count_params() == hand_count(first) == 10
    assert tuple(model.outputs[0].shape) == (None, 2)
    # What is left is a working model that ends at the first Dense layer (the same object).
    assert model.layers[0] is first
    # Two batchings of the same float32 computation: rounding, relative to the outputs' size.
    expected = first(SAMPLES)
    assert max_difference(model.predict(SAMPLES, verbose=0), expected) <= tolerance(expected)
    # Negative control: the whole file, which ends with pop(), no longer has two layers.
    assert len(fresh(FILE)["model"].layers) == 1
    stated(
        before=before,
        after=len(model.layers),
        shape=str(tuple(model.outputs[0].shape)),
        params=model.count_params(),
    )


@pytest.mark.claim(
    PAGE,
    "You can leave out `keras.Input`. The model is then created unbuilt: no layer knows its input "
    "size, so no weights exist yet, and asking for the parameter count is an error.",
)
@pytest.mark.claim(
    PAGE,
    "Keras builds the model the first time it sees data. Call it on one sample of {n_in} numbers "
    "(an array of shape `{shape}`):",
)
@pytest.mark.claim(
    PAGE,
    "Before the call, `model.weights` is an empty list and `count_params()` raises the "
    "`ValueError` shown above. After it, the model has {weights} weight tensors (a kernel and a "
    "bias per `Dense` layer) and the same {params} parameters as the model that started with "
    "`keras.Input`.",
)
def test_without_input_the_model_is_unbuilt_until_first_called(printed, stated):
    ns = run_sections("sequential/unbuilt.py", "unbuilt")
    model = ns["model"]
    # The page's two blocks printed the model before and after the call. (Its generated name in
    # the count_params message depends on how many models the page made before.)
    before = printed(PAGE, block("unbuilt", "sequential/unbuilt.py")).splitlines()
    assert before[0] == "built: False, weights: []"
    # The page's earlier models have names of their own: this one is the first "sequential".
    assert before[1] == (
        f"ValueError: You tried to call `count_params` on layer '{model.name}', but the layer "
        "isn't built. You can build it manually via: `layer.build(input_shape)`."
    )
    assert model.name == "sequential"
    after = printed(PAGE, block("call", "sequential/unbuilt.py")).splitlines()
    assert after[:2] == ["built: True, weights: 4", "parameters: 19"]
    assert model.built is False and model.weights == []
    assert [layer.built for layer in model.layers] == [False, False]  # no layer knows its input
    with pytest.raises(ValueError) as raised:
        model.count_params()
    assert type(raised.value) is ValueError
    assert str(raised.value) == (
        f"You tried to call `count_params` on layer '{model.name}', but the layer isn't built. "
        "You can build it manually via: `layer.build(input_shape)`."
    )
    call = section("sequential/unbuilt.py", "call")
    data = next(
        node
        for node in ast.walk(ast.parse(call))
        if isinstance(node, ast.Call) and ast.unparse(node.func) == "np.ones"
    )
    shape = ast.literal_eval(data.args[0])
    executor.run(call, "call", ns)
    assert model.built is True
    assert [tuple(w.shape) for w in model.weights] == SHAPES  # two kernels, two biases
    started = run_sections(FILE, "build")["model"]
    assert model.count_params() == started.count_params() == 19
    # Negative control: the same layers after keras.Input are built at once, with no call.
    assert started.built is True
    stated(
        n_in=shape[1],
        shape=str(shape),
        weights=len(model.weights),
        params=model.count_params(),
    )


@pytest.mark.claim(
    PAGE,
    "The model still takes any number of samples, but its shapes now show the batch size of that "
    "first call: `{inputs}` in and `{outputs}` out where the model built from `keras.Input` shows "
    "`None`, and its `summary()` lists `{hidden}` and `{outputs}` as output shapes.",
)
def test_a_model_built_by_a_call_shows_that_calls_batch_size(printed, stated):
    ns = run_sections("sequential/unbuilt.py", "unbuilt", "call")
    model = ns["model"]
    # What the page's block printed after the call: the shapes, with the call's batch size.
    shown = printed(PAGE, block("call", "sequential/unbuilt.py")).splitlines()
    assert shown[2:] == [
        f"input shape: {model.inputs[0].shape}",
        f"output shape: {model.outputs[0].shape}",
    ]
    inputs, outputs = tuple(model.inputs[0].shape), tuple(model.outputs[0].shape)
    assert (inputs, outputs) == ((1, 4), (1, 3))
    rows = summary_rows(model)
    assert [row[1] for row in rows] == ["(1, 2)", "(1, 3)"]
    # ...where the model built from keras.Input shows None.
    started = run_sections(FILE, "build")["model"]
    assert tuple(started.inputs[0].shape) == (None, 4)
    assert [row[1] for row in summary_rows(started)] == ["(None, 2)", "(None, 3)"]
    # Still any number of samples: the shapes shown do not limit the batch.
    for samples in (0, 5, 1_000):
        assert tuple(model(np.ones((samples, 4), dtype="float32")).shape) == (samples, 3)
    assert model.predict(np.ones((1_000, 4)), verbose=0).shape == (1_000, 3)
    # Negative control: "that first call": the same model first called on 7 samples shows 7.
    other = run_sections("sequential/unbuilt.py", "unbuilt")["model"]
    other(np.ones((7, 4), dtype="float32"))
    assert tuple(other.inputs[0].shape) == (7, 4)
    assert [row[1] for row in summary_rows(other)] == ["(7, 2)", "(7, 3)"]
    stated(inputs=str(inputs), outputs=str(outputs), hidden=rows[0][1])


@pytest.mark.claim(
    PAGE,
    "Older code often gives the first layer the input size instead, as in "
    "`Dense(2, input_shape=(4,))`: Keras still builds that model, but warns with a `{category}` "
    "that asks for `keras.Input`.",
)
def test_input_shape_argument_warns_and_keras_input_does_not(stated):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        old = keras.Sequential(
            [keras.layers.Dense(2, input_shape=(4,)), keras.layers.Dense(3, activation="softmax")]
        )
    assert len(caught) == 1
    category, message = caught[0].category, str(caught[0].message)
    assert category is UserWarning
    assert message.startswith("Do not pass an `input_shape`/`input_dim` argument to a layer.")
    # ...and asks for keras.Input: "prefer using an `Input(shape)` object as the first layer".
    assert "prefer using an `Input(shape)` object as the first layer in the model" in message
    # Keras still builds that model, with the same weights.
    assert old.built is True and old.count_params() == 19
    assert [tuple(w.shape) for w in old.weights] == SHAPES
    # Negative control: the snippet's form, starting with keras.Input, warns nothing.
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        run_sections(FILE, "build")
        fresh("sequential/add_form.py")
    assert caught == []
    stated(category=category.__name__)
