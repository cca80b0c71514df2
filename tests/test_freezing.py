"""Claims of docs/how-to/freeze-and-fine-tune.md (snippets/freezing/)."""

import ast
import inspect
import textwrap
import warnings

import keras
import numpy as np
import pytest

from conftest import max_difference, run_sections, section
from docsite import executor

PAGE = "docs/how-to/freeze-and-fine-tune.md"
FILE = "freezing/fine_tune.py"
ORDERS = "freezing/when_it_applies.py"
BATCH_NORM = "freezing/batch_norm.py"

# A weight that "moves" moves by more than this; frozen weights must not move at all (== 0.0).
# Measured: the smallest movement of a trained weight here is 0.0028 (the fine-tuned Dense
# kernel under frozen BatchNormalization); 1e-4 is far below it and far above float32 noise.
MOVED = 1e-4

# The table's rows: the steps, and whether the last fit trains the base (measured: exactly 0.0,
# or 0.081 and 0.059).
ROWS = {
    ("freeze", "compile", "fit"): False,
    ("compile", "freeze", "fit"): False,
    ("compile", "fit", "freeze", "fit"): True,
    ("compile", "fit", "freeze", "compile", "fit"): False,
    ("freeze", "compile", "fit", "unfreeze", "fit"): False,
    ("freeze", "compile", "fit", "unfreeze", "compile", "fit"): True,
}


def largest_change(weights, before):
    return max(float(np.abs(np.asarray(w) - b).max()) for w, b in zip(weights, before, strict=True))


def numbers(weights):
    return sum(int(np.prod(w.shape)) for w in weights)


def yes_no(moved):
    return "yes" if moved else "no"


@pytest.mark.claim(
    PAGE,
    "Here a small one is trained on the spot: two `Dense` layers, with a head, taught to tell "
    "the handwritten digits {old_first} to {old_last} apart.",
)
@pytest.mark.claim(
    PAGE,
    "The new task is to tell the digits {first} to {last} apart, from {train} labelled images; "
    "the other {held_out} are held out.",
)
def test_the_new_task_is_other_digits_with_few_labels(snippet, stated):
    ns = snippet(FILE).namespace
    y, old = ns["y"], ns["old_task"]
    base, old_model = ns["base"], ns["old_model"]
    assert [type(layer).__name__ for layer in base.layers] == ["InputLayer", "Dense", "Dense"]
    assert old_model.layers[0] is base and old_model.layers[1].units == 5
    assert sorted(set(y[old])) == [0, 1, 2, 3, 4] and sorted(set(y[~old])) == [5, 6, 7, 8, 9]
    assert sorted(set(ns["y_new"])) == [0, 1, 2, 3, 4]  # the new digits, as classes 0-4
    # Taught: the pretrained model recognises the old digits (measured: 100% of them).
    predicted = old_model.predict(ns["x"][old], verbose=0).argmax(axis=1)
    assert (predicted == y[old]).mean() > 0.95
    # Negative control: it knows nothing of the new digits, which it calls 0-4 as well.
    assert set(old_model.predict(ns["x_new"], verbose=0).argmax(axis=1)) <= {0, 1, 2, 3, 4}
    assert len(ns["x_train"]) + len(ns["x_test"]) == int((~old).sum())
    stated(
        old_first=int(y[old].min()),
        old_last=int(y[old].max()),
        first=int(y[~old].min()),
        last=int(y[~old].max()),
        train=len(ns["x_train"]),
        held_out=len(ns["x_test"]),
    )


@pytest.mark.claim(
    PAGE,
    "Frozen, the base's {base_arrays} weight arrays ({base_numbers:,} numbers) are in "
    "`model.non_trainable_weights`, and only the head's {head_arrays} ({head_numbers:,} "
    "numbers) are in `model.trainable_weights`. Training leaves every weight of the base "
    "exactly as it was (largest change {base_change}) and moves the head's, by up to "
    "{head_change:.3f}. With the head alone trained, {accuracy:.1%} of the held-out digits are "
    "recognised.",
)
def test_fit_trains_the_head_and_leaves_the_frozen_base_exactly_as_it_was(snippet, stated):
    ns = run_sections(FILE, "pretrained", "freeze")
    model, base, head = ns["model"], ns["base"], ns["head"]
    frozen, trainable = model.non_trainable_weights, model.trainable_weights
    assert [id(w) for w in frozen] == [id(w) for w in base.weights]
    assert [id(w) for w in trainable] == [id(w) for w in head.weights]
    # Every weight array of the base, exactly: not one number moved.
    for weight, before in zip(base.get_weights(), ns["base_before"], strict=True):
        assert np.array_equal(weight, before)
    base_change = largest_change(base.get_weights(), ns["base_before"])
    head_change = largest_change(head.get_weights(), ns["head_before"])
    assert base_change == 0.0 and head_change > MOVED
    # What the page shows is this run's output (same seeds, same numbers).
    assert f"head, largest change: {head_change:.3f}" in snippet(FILE).stdout
    # Negative control: the same training on an unfrozen copy of the base moves it.
    copy = keras.models.clone_model(base)
    for layer in copy.layers:  # cloned frozen: each layer's config says trainable=False
        layer.trainable = True
    copy.set_weights(ns["base_before"])
    inputs = keras.Input(shape=(64,))
    unfrozen = keras.Model(inputs, keras.layers.Dense(5, activation="softmax")(copy(inputs)))
    unfrozen.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    unfrozen.fit(ns["x_train"], ns["y_train"], epochs=1, batch_size=16, verbose=0)
    assert largest_change(copy.get_weights(), ns["base_before"]) > MOVED
    stated(
        base_arrays=len(frozen),
        base_numbers=numbers(frozen),
        head_arrays=len(trainable),
        head_numbers=numbers(trainable),
        base_change=base_change,
        head_change=head_change,
        accuracy=ns["head_accuracy"],
    )


@pytest.mark.claim(
    PAGE,
    "After the new `compile()`, all {arrays} weight arrays ({numbers:,} numbers) are trainable. "
    "Fine-tuning moves the base's weights, by up to {change:.4f}, and raises the held-out "
    "accuracy from {before:.1%} to {after:.1%}.",
)
def test_fine_tuning_trains_the_base_after_a_new_compile(snippet, stated):
    ns = snippet(FILE).namespace
    model, base = ns["model"], ns["base"]
    assert base.trainable and model.non_trainable_weights == []
    assert {id(w) for w in model.trainable_weights} == {id(w) for w in model.weights}
    change = largest_change(base.get_weights(), ns["base_before"])
    # Every array of the base moved, not just one.
    for weight, before in zip(base.get_weights(), ns["base_before"], strict=True):
        assert np.abs(weight - before).max() > MOVED
    assert ns["tuned_accuracy"] > ns["head_accuracy"]
    # Negative control: unfrozen but without the new compile(), the same fit leaves the base
    # as it was (the page's table shows the same on another model).
    stale = run_sections(FILE, "pretrained", "freeze")
    stale["base"].trainable = True
    before = stale["base"].get_weights()
    stale["model"].fit(stale["x_train"], stale["y_train"], epochs=1, batch_size=16, verbose=0)
    assert largest_change(stale["base"].get_weights(), before) == 0.0
    stated(
        arrays=len(model.trainable_weights),
        numbers=numbers(model.trainable_weights),
        change=change,
        before=ns["head_accuracy"],
        after=ns["tuned_accuracy"],
    )


@pytest.mark.claim(
    PAGE,
    "The learning rate, {rate:sci}, is {ratio:w} times lower than Adam's default of {default}, "
    "so that the pretrained weights change only a little: the same {epochs:w} epochs at the "
    "default rate move them by up to {big:.2f}.",
)
def test_a_low_learning_rate_keeps_the_base_close_to_its_pretrained_weights(snippet, stated):
    ns = snippet(FILE).namespace
    rate = float(ns["model"].optimizer.learning_rate.numpy())
    default = inspect.signature(keras.optimizers.Adam).parameters["learning_rate"].default
    small = largest_change(ns["base"].get_weights(), ns["base_before"])
    # The same fine-tuning code at the default rate, from the same frozen-phase start.
    code = section(FILE, "fine_tune")
    assert code.count("learning_rate=1e-4") == 1
    fast = run_sections(FILE, "pretrained", "freeze")
    executor.run(code.replace("learning_rate=1e-4", f"learning_rate={default}"), "fast", fast)
    assert float(fast["model"].optimizer.learning_rate.numpy()) == pytest.approx(default)
    big = largest_change(fast["base"].get_weights(), fast["base_before"])
    # "Only a little": measured 0.0188 against 0.15, eight times less.
    assert big > 5 * small > 0
    epochs = len(ns["model"].history.history["loss"])
    stated(
        rate=rate,
        ratio=round(default / rate),
        default=default,
        epochs=epochs,
        big=big,
    )


@pytest.mark.claim(PAGE, "freeze, compile, fit | {row1}")
@pytest.mark.claim(PAGE, "compile, freeze, fit | {row2}")
@pytest.mark.claim(PAGE, "compile, fit, freeze, fit | {row3}, although it is frozen")
@pytest.mark.claim(PAGE, "compile, fit, freeze, compile, fit | {row4}")
@pytest.mark.claim(PAGE, "freeze, compile, fit, unfreeze, fit | {row5}, although it is unfrozen")
@pytest.mark.claim(PAGE, "freeze, compile, fit, unfreeze, compile, fit | {row6}")
def test_a_change_to_trainable_counts_from_the_first_fit_after_compile(snippet, stated):
    run = snippet(ORDERS)
    assert [tuple(steps) for steps in run.namespace["orders"]] == list(ROWS)
    measure = run.namespace["last_fit_moves_base"]
    answers = {}
    for number, (steps, expected) in enumerate(ROWS.items(), start=1):
        change = measure(steps)
        # "No" means exactly no change; "yes" means a clear one.
        assert change > MOVED if expected else change == 0.0
        answers[f"row{number}"] = yes_no(change > 0)
        assert f"in {' > '.join(steps)}" in run.stdout
    stated(**answers)


def new_model():
    inputs = keras.Input(shape=(64,))
    base = keras.layers.Dense(32, activation="relu")
    model = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(base(inputs)))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model, base


def moves(base, fit):
    before = base.get_weights()
    fit()
    return largest_change(base.get_weights(), before)


@pytest.mark.claim(
    PAGE,
    "With TensorFlow as the backend, the first `fit` after `compile()` builds the training "
    "step, and the list of weights it updates is fixed as it is at that moment. Later calls "
    "reuse the step for data of the shapes it was built for; data of a new shape (another "
    "batch size, for example) makes TensorFlow trace it again, with the list as it is then. "
    "`compile()` discards the step, so the next `fit` builds a new one. "
    "`model.trainable_weights` reflects a change at once, so it does not tell you what the "
    "next `fit` will train.",
)
@pytest.mark.claim(
    PAGE,
    'The `compile()` docstring of Keras {keras} says "Trainable variables are determined at '
    '`compile()` time"; the second line shows that a change made after `compile()` but before '
    "the first `fit` still counts.",
)
def test_fit_keeps_the_training_step_it_built_until_compile(snippet, stated):
    assert keras.backend.backend() == "tensorflow"
    ns = snippet(ORDERS).namespace
    x, y = ns["x"][:256], ns["y"][:256]  # 256 = 8 batches of 32: one batch shape
    model, base = new_model()
    assert model.train_function is None
    model.fit(x, y, verbose=0)
    step = model.train_function
    assert step is not None
    base.trainable = False
    assert len(model.trainable_weights) == 2  # at once: the base's 2 arrays are gone
    # Same shapes: the step is reused, and it still trains the frozen base.
    assert moves(base, lambda: model.fit(x, y, verbose=0)) > MOVED
    assert model.train_function is step
    # A new batch size: the same step object, traced again, now leaves the base alone.
    assert moves(base, lambda: model.fit(x, y, batch_size=16, verbose=0)) == 0.0
    assert model.train_function is step
    # ...while the old shape still finds the old trace, which trains it.
    assert moves(base, lambda: model.fit(x, y, verbose=0)) > MOVED
    # compile() discards the step; the next fit builds one that honours the change.
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    assert model.train_function is None
    assert moves(base, lambda: model.fit(x, y, verbose=0)) == 0.0
    assert model.train_function is not step
    # Negative control: evaluate() builds another step, so a change after it still counts.
    model, base = new_model()
    model.evaluate(x, y, verbose=0)
    base.trainable = False
    assert moves(base, lambda: model.fit(x, y, verbose=0)) == 0.0
    # The docstring says so, and the second row contradicts it.
    docstring = " ".join(keras.Model.compile.__doc__.split())
    assert "Trainable variables are determined at `compile()` time." in docstring
    assert ns["last_fit_moves_base"](("compile", "freeze", "fit")) == 0.0
    stated(keras=keras.__version__)


@pytest.mark.claim(
    PAGE,
    "Keras {keras} gives no warning for the stale cases (the third and fifth lines). A warning "
    "for them was added by keras-team/keras#22787, but the line that would issue it comes "
    "right after a `raise`, so it never runs.",
)
def test_keras_does_not_warn_about_a_stale_training_step(snippet, stated):
    measure = snippet(ORDERS).namespace["last_fit_moves_base"]
    stale = [list(ROWS)[2], list(ROWS)[4]]  # the third and fifth lines: no compile() between
    assert all(steps[-2] in ("freeze", "unfreeze") and "fit" in steps[:-2] for steps in stale)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for steps in stale:
            measure(steps)
    assert caught == []
    # The call sits in the `if not self.compiled:` block, after its `raise`.
    from keras.src.trainers.trainer import Trainer

    tree = ast.parse(textwrap.dedent(inspect.getsource(Trainer._assert_compile_called)))
    block = tree.body[0].body[0]
    assert isinstance(block, ast.If) and ast.unparse(block.test) == "not self.compiled"
    assert isinstance(block.body[-2], ast.Raise)
    assert ast.unparse(block.body[-1]) == "self._warn_if_trainable_state_changed()"
    calls = [
        node
        for node in ast.walk(ast.parse(textwrap.dedent(inspect.getsource(Trainer))))
        if isinstance(node, ast.Call)
        and ast.unparse(node.func) == "self._warn_if_trainable_state_changed"
    ]
    assert len(calls) == 1  # no other call reaches it
    # Negative control: called directly, the method does warn about the change.
    inputs = keras.Input(shape=(4,))
    dense = keras.layers.Dense(1)
    model = keras.Model(inputs, dense(inputs))
    model.compile(optimizer="adam", loss="mse")
    dense.trainable = False
    with pytest.warns(UserWarning, match="trainable` state has changed since the model was"):
        model._warn_if_trainable_state_changed()
    stated(keras=keras.__version__)


class Probe(keras.layers.Layer):
    """Records the `training` value each call receives."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.seen = []

    def call(self, inputs, training=None):
        self.seen.append(training)
        return inputs


@pytest.mark.claim(
    PAGE,
    "While the base is frozen, the moving mean does not change ({frozen}). Once the base is "
    "unfrozen, one epoch moves it by up to {unfrozen:.3f}, although the base was called with "
    "`training=False`. `fit` calls the model with `training=True`, and a Functional model "
    "called with a `training` value passes it to each layer that takes one, in place of the "
    "value given when the model was built (`operation_fn`).",
)
def test_training_false_does_not_keep_batch_norm_in_inference_mode_during_fit(snippet, stated):
    ns = snippet(BATCH_NORM).namespace
    assert ns["frozen_change"] == 0.0 and ns["unfrozen_change"] > MOVED
    assert keras.backend.backend() == "tensorflow"
    # training=False changes nothing: the same steps without it move the mean identically.
    code = section(BATCH_NORM, "training_false")
    assert code.count("base(new_inputs, training=False)") == 1
    without = executor.run(
        code.replace("base(new_inputs, training=False)", "base(new_inputs)"), "without", None
    ).namespace
    assert without["frozen_change"] == 0.0
    assert without["unfrozen_change"] == ns["unfrozen_change"]
    # What each layer receives: a nested model and a layer, both built with training=False.
    probe, nested_probe = Probe(), Probe()
    inner = keras.Input(shape=(4,))
    nested = keras.Model(inner, nested_probe(inner))
    inputs = keras.Input(shape=(4,))
    hidden = probe(nested(inputs, training=False), training=False)
    model = keras.Model(inputs, keras.layers.Dense(1)(hidden))
    model.compile(optimizer="sgd", loss="mse")
    x = np.ones((8, 4), "float32")
    probe.seen.clear()  # (building the models recorded calls too)
    nested_probe.seen.clear()
    model.fit(x, np.zeros((8, 1), "float32"), verbose=0)
    assert set(probe.seen) == set(nested_probe.seen) == {True}
    # Negative control: called with no `training` value, the model keeps the recorded False.
    probe.seen.clear()
    nested_probe.seen.clear()
    model(x)
    assert probe.seen == nested_probe.seen == [False]
    stated(frozen=ns["frozen_change"], unfrozen=ns["unfrozen_change"])


@pytest.mark.claim(
    PAGE,
    "The moving mean then stays exactly as it was (largest change {change}), while the "
    "`Dense` layer of the base keeps training.",
)
def test_frozen_batch_norm_layers_keep_their_statistics_while_the_rest_trains(snippet, stated):
    ns = snippet(BATCH_NORM).namespace
    batch_norm, base = ns["batch_norm"], ns["base"]
    assert base.trainable and not batch_norm.trainable
    assert ns["bn_frozen_change"] == 0.0 and ns["kernel_change"] > MOVED
    # The variance too, and the layer's gamma and beta: the whole layer stays put.
    fresh = run_sections(BATCH_NORM, "training_false")
    executor.run(section(BATCH_NORM, "freeze_batch_norm").split("dense = ")[0], "bn", fresh)
    layer = fresh["batch_norm"]
    before = [w.numpy().copy() for w in layer.weights]
    fresh["model"].fit(fresh["x_new"], fresh["y_new"], verbose=0)
    assert largest_change([w.numpy() for w in layer.weights], before) == 0.0
    # Negative control: in the section before, the same fit with the layer unfrozen moved it.
    assert ns["unfrozen_change"] > MOVED
    stated(change=ns["bn_frozen_change"])


def test_the_page_shows_what_the_snippets_print_alone(snippet):
    """The claims are checked on each snippet run alone; the page runs them one after another
    in one program. Each snippet seeds itself, so both print the same numbers."""
    from mkdocs.utils.meta import get_data

    from docsite import pages, render

    path = pages.ROOT / PAGE
    body, _meta = get_data(path.read_text(encoding="utf-8"))
    shown = "".join(
        output.stdout
        for output in render.outputs(path, pages.ROOT, render.fences(path, pages.ROOT, body))
    )
    alone = "".join(snippet(name).stdout for name in (FILE, ORDERS, BATCH_NORM))
    assert shown == alone


@pytest.mark.claim(
    PAGE,
    "A `BatchNormalization` layer keeps a moving mean and variance: non-trainable weights that "
    "`fit` updates from each batch while the layer runs in training mode. A frozen "
    "`BatchNormalization` layer runs in inference mode: it uses them and leaves them as they "
    "are.",
)
def test_a_frozen_batch_norm_layer_runs_in_inference_mode():
    x = np.random.default_rng(0).normal(3.0, 2.0, (64, 4)).astype("float32")
    inputs = keras.Input(shape=(4,))
    layer = keras.layers.BatchNormalization()
    model = keras.Model(inputs, keras.layers.Dense(4)(layer(inputs)))
    assert [w.name for w in layer.non_trainable_weights] == ["moving_mean", "moving_variance"]
    model.compile(optimizer="sgd", loss="mse")
    mean, variance = layer.moving_mean.numpy(), layer.moving_variance.numpy()
    model.fit(x, x, batch_size=16, verbose=0)
    assert largest_change([layer.moving_mean, layer.moving_variance], [mean, variance]) > MOVED
    # Training mode normalises with the batch's own statistics: the output's mean is beta (the
    # learned shift) whatever the stored statistics are.
    beta = layer.beta.numpy()
    assert np.abs(np.asarray(layer(x, training=True)).mean(axis=0) - beta).max() < 1e-3
    layer.trainable = False
    mean, variance = layer.moving_mean.numpy(), layer.moving_variance.numpy()
    frozen = np.asarray(layer(x, training=True))
    # Inference mode: the stored statistics, exactly as with training=False...
    assert np.array_equal(frozen, np.asarray(layer(x, training=False)))
    gamma = layer.gamma.numpy()
    expected = (x - mean) / np.sqrt(variance + layer.epsilon) * gamma + beta
    assert max_difference(frozen, expected) <= 1e-5  # float32 rounding, values of size ~3
    # ...and left as they are, by a call and by fit.
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, x, batch_size=16, verbose=0)
    assert largest_change([layer.moving_mean, layer.moving_variance], [mean, variance]) == 0.0
    # Negative control: the stored statistics differ from the batch's, so `frozen` is not
    # centred on beta as the training-mode output is.
    assert np.abs(frozen.mean(axis=0) - beta).max() > 0.1
