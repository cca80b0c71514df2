"""Claims of docs/how-to/freeze-and-fine-tune.md (snippets/freezing/).

Training is what makes these tests slow, so they reuse the page's own: the `snippet(...)` runs
(one per session, read-only) and what the page's blocks printed (`printed`). A test that trains
a model of its own says why in a comment: a counterfactual the page does not run (another
learning rate, an unfrozen copy, a fit without the new `compile()`), or an experiment of its
own on a small model."""

import ast
import functools
import inspect
import re
import textwrap

import keras
import numpy as np
import pytest

from conftest import (
    ROOT,
    a_row_per_backend,
    about_backend,
    max_difference,
    outputs_are_tensorflows,
    run_sections,
    section,
)
from docsite import executor

PAGE = "docs/how-to/freeze-and-fine-tune.md"
FILE = "freezing/fine_tune.py"
ORDERS = "freezing/when_it_applies.py"
BATCH_NORM = "freezing/batch_norm.py"
# The page's blocks, as the `printed` fixture names them.
FREEZE_BLOCK = f"snippets/{FILE}:freeze"
FINE_TUNE_BLOCK = f"snippets/{FILE}:fine_tune"
ORDERS_BLOCK = f"snippets/{ORDERS}"
TRAINING_FALSE_BLOCK = f"snippets/{BATCH_NORM}:training_false"
FROZEN_BATCH_NORM_BLOCK = f"snippets/{BATCH_NORM}:freeze_batch_norm"

# A weight that "moves" moves by more than this; frozen weights must not move at all (== 0.0).
# Measured: the smallest movement of a trained weight here is 0.0028 (the fine-tuned Dense
# kernel under frozen BatchNormalization); 1e-4 is far below it and far above float32 noise.
MOVED = 1e-4


def largest_change(weights, before):
    pairs = zip(weights, before, strict=True)
    return max(float(np.abs(keras.ops.convert_to_numpy(w) - b).max()) for w, b in pairs)


as_numpy = keras.ops.convert_to_numpy  # a PyTorch tensor that requires grad has no __array__


def numbers(weights):
    return sum(int(np.prod(w.shape)) for w in weights)


def yes_no(moved):
    return "yes" if moved else "no"


def value(output, label):
    """The number printed after `label` ("head, largest change: ") on its one line of
    `output`; a percentage as a fraction."""
    (line,) = [line for line in output.splitlines() if line.startswith(label)]
    text = line.removeprefix(label)
    return float(text.removesuffix("%")) / 100 if text.endswith("%") else float(text)


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


@functools.cache
def at_default_rate():
    """The page's fine-tuning code at Adam's default learning rate, from the same start.

    Its own training: a counterfactual the page does not run. The session's run cannot be
    reused, as it has fine-tuned already and did not keep the head as it was before; so the
    first two sections run again (same seed, same start), then the third at the other rate."""
    code = section(FILE, "fine_tune")
    assert code.count("learning_rate=1e-4") == 1
    default = inspect.signature(keras.optimizers.Adam).parameters["learning_rate"].default
    fast = run_sections(FILE, "pretrained", "freeze")
    executor.run(code.replace("learning_rate=1e-4", f"learning_rate={default}"), "fast", fast)
    assert float(fast["model"].optimizer.learning_rate.numpy()) == pytest.approx(default)
    return fast


@pytest.mark.claim(
    PAGE,
    "Frozen, the base's {base_arrays} weight arrays ({base_numbers:,} numbers) are in "
    "`model.non_trainable_weights`, and only the head's {head_arrays} ({head_numbers:,} "
    "numbers) are in `model.trainable_weights`. Training leaves every weight of the base "
    "exactly as it was (largest change {base_change}) and moves the head's. With the head "
    "alone trained, the model recognises most of the held-out digits.",
)
def test_fit_trains_the_head_and_leaves_the_frozen_base_exactly_as_it_was(snippet, printed, stated):
    ns = snippet(FILE).namespace
    shown = printed(PAGE, FREEZE_BLOCK)
    model, base, head = ns["model"], ns["base"], ns["head"]
    # `frozen` is the list the section took while the base was frozen (no later section
    # assigns it again); every other weight of the model was trainable then.
    frozen = ns["frozen"]
    assert [id(w) for w in frozen] == [id(w) for w in base.weights]
    trainable = [w for w in model.weights if id(w) not in {id(f) for f in frozen}]
    assert [id(w) for w in trainable] == [id(w) for w in head.weights]
    assert f"trainable: {len(trainable)} arrays, {numbers(trainable):,} numbers\n" in shown
    assert f"frozen: {len(frozen)} arrays, {numbers(frozen):,} numbers\n" in shown
    # The page's own measure, over every weight array of the base: the largest absolute change
    # of any number, printed as Python prints the float, so "0.0" is exactly no change at all.
    assert section(FILE, "freeze").count("largest_change(base, base_before)") == 1
    base_change = value(shown, "base, largest change: ")
    head_change = value(shown, "head, largest change: ")
    assert base_change == 0.0 and head_change > MOVED
    # "Most": more than half (measured: 67% to 71%, depending on the backend).
    assert ns["head_accuracy"] > 0.5
    assert f"held-out accuracy: {ns['head_accuracy']:.1%}\n" in shown
    # Negative control, its own training (the page trains no unfrozen copy): the same training
    # on an unfrozen copy of the pretrained base moves it. (`base_before` holds the base as
    # the head's training left it: the pretrained weights, since it did not move.)
    copy = keras.models.clone_model(base)
    copy.set_weights(ns["base_before"])
    assert copy.trainable
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
    )


@pytest.mark.claim(
    PAGE,
    "After the new `compile()`, all {arrays} weight arrays ({numbers:,} numbers) are trainable. "
    "Fine-tuning moves the base's weights and raises the held-out accuracy.",
)
def test_fine_tuning_trains_the_base_after_a_new_compile(snippet, printed, stated):
    ns = snippet(FILE).namespace
    shown = printed(PAGE, FINE_TUNE_BLOCK)
    model, base = ns["model"], ns["base"]
    assert base.trainable and model.non_trainable_weights == []
    assert {id(w) for w in model.trainable_weights} == {id(w) for w in model.weights}
    arrays, count = len(model.trainable_weights), numbers(model.trainable_weights)
    assert f"trainable: {arrays} arrays, {count:,} numbers\n" in shown
    # Every array of the base moved, not just one.
    for weight, before in zip(base.get_weights(), ns["base_before"], strict=True):
        assert np.abs(weight - before).max() > MOVED
    fine = largest_change(base.get_weights(), ns["base_before"])
    assert f"base, largest change: {fine:.4f}\n" in shown and fine > MOVED
    assert ns["tuned_accuracy"] > ns["head_accuracy"]
    assert f"held-out accuracy: {ns['tuned_accuracy']:.1%}\n" in shown
    # Negative control, its own training (the page runs no fit without the new compile()):
    # unfrozen but not compiled again, a fit leaves a copy of the base as it was: TensorFlow
    # reuses its old training step, JAX and PyTorch raise ValueError (the page's table shows
    # the same on another model). With JAX the weights are lost, so a step counter shows that
    # none was trained. One epoch a fit: the first builds the training step, the second uses it.
    copy = keras.models.clone_model(base)
    copy.set_weights(ns["base_before"])
    copy.trainable = False
    inputs = keras.Input(shape=(64,))
    stale = keras.Model(inputs, keras.layers.Dense(5, activation="softmax")(copy(inputs)))
    stale.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    x, y = ns["x_train"], ns["y_train"]
    stale.fit(x, y, epochs=1, batch_size=16, verbose=0)
    copy.trainable = True
    before, done = copy.get_weights(), Steps()
    try:
        stale.fit(x, y, epochs=1, batch_size=16, verbose=0, callbacks=[done])
    except ValueError:
        assert keras.backend.backend() in ("jax", "torch")
    else:
        assert keras.backend.backend() == "tensorflow"
    if keras.backend.backend() == "jax":
        assert done.done == 0
    else:
        assert largest_change(copy.get_weights(), before) == 0.0
    stated(arrays=arrays, numbers=count)


# "Only a little": the default rate moves the base more than FAR times as far (measured: 8.2
# times with TensorFlow, 10.2 with JAX, 7.2 with PyTorch).
FAR = 5


@pytest.mark.claim(
    PAGE,
    "The learning rate, {rate:sci}, is {ratio:w} times lower than Adam's default of {default}, "
    "so that the pretrained weights change only a little: the same {epochs:w} epochs at the "
    "default rate move them more than {far:w} times as far.",
)
def test_a_low_learning_rate_keeps_the_base_close_to_its_pretrained_weights(
    snippet, printed, stated
):
    ns = snippet(FILE).namespace
    rate = float(ns["model"].optimizer.learning_rate.numpy())
    default = inspect.signature(keras.optimizers.Adam).parameters["learning_rate"].default
    small = largest_change(ns["base"].get_weights(), ns["base_before"])
    # The page printed the same change (its run and the session's are the same program).
    assert f"base, largest change: {small:.4f}\n" in printed(PAGE, FINE_TUNE_BLOCK)
    fast = at_default_rate()
    # The same start: the first two sections gave the same model as the session's run.
    assert fast["head_accuracy"] == ns["head_accuracy"]
    for theirs, ours in zip(fast["base_before"], ns["base_before"], strict=True):
        assert np.array_equal(theirs, ours)
    big = largest_change(fast["base"].get_weights(), fast["base_before"])
    assert big > FAR * small > 0
    epochs = len(ns["model"].history.history["loss"])
    assert epochs == len(fast["model"].history.history["loss"])
    stated(
        rate=rate,
        ratio=round(default / rate),
        default=default,
        epochs=epochs,
        far=FAR,
    )


def measured_numbers(snippet, printed):
    """The numbers of the page's last table, on this backend: read from the session's runs
    and from what the page printed, each checked against the other; the default rate's from
    its own run (a counterfactual the page does not run)."""
    ns, fast = snippet(FILE).namespace, at_default_rate()
    batch_norm = snippet(BATCH_NORM).namespace
    frozen_shown, tuned_shown = printed(PAGE, FREEZE_BLOCK), printed(PAGE, FINE_TUNE_BLOCK)
    found = {
        # The head's change is printed, not kept: the page's run has trained the head further.
        "head": value(frozen_shown, "head, largest change: "),
        "head_accuracy": ns["head_accuracy"],
        "fine": largest_change(ns["base"].get_weights(), ns["base_before"]),
        "tuned_accuracy": ns["tuned_accuracy"],
        "default": largest_change(fast["base"].get_weights(), fast["base_before"]),
        "moving_mean": batch_norm["unfrozen_change"],
    }
    assert f"held-out accuracy: {found['head_accuracy']:.1%}\n" in frozen_shown
    assert f"base, largest change: {found['fine']:.4f}\n" in tuned_shown
    assert f"held-out accuracy: {found['tuned_accuracy']:.1%}\n" in tuned_shown
    moving_mean = f"unfrozen: moving mean changes by {found['moving_mean']:.3f}\n"
    assert moving_mean in printed(PAGE, TRAINING_FALSE_BLOCK)
    # The default rate's run started where the page's fine-tuning did.
    assert fast["head_accuracy"] == found["head_accuracy"]
    # Fine-tuning raises the accuracy; the default rate moves the base further.
    assert found["tuned_accuracy"] > found["head_accuracy"]
    assert found["default"] > FAR * found["fine"]
    # Negative control: the frozen base itself did not move while the head trained.
    assert value(frozen_shown, "base, largest change: ") == 0.0
    return found


@pytest.mark.claim(
    PAGE, "TensorFlow | {head:.3f} | {head_accuracy:.1%} | {fine:.4f} | {tuned_accuracy:.1%}"
)
@pytest.mark.claim(PAGE, "TensorFlow | {default:.2f} | {moving_mean:.3f}")
def test_the_numbers_with_tensorflow(snippet, printed, stated):
    about_backend("tensorflow")
    stated(**measured_numbers(snippet, printed))


@pytest.mark.claim(
    PAGE, "JAX | {head:.3f} | {head_accuracy:.1%} | {fine:.4f} | {tuned_accuracy:.1%}"
)
@pytest.mark.claim(PAGE, "JAX | {default:.2f} | {moving_mean:.3f}")
def test_the_numbers_with_jax(snippet, printed, stated):
    about_backend("jax")
    stated(**measured_numbers(snippet, printed))


@pytest.mark.claim(
    PAGE, "PyTorch | {head:.3f} | {head_accuracy:.1%} | {fine:.4f} | {tuned_accuracy:.1%}"
)
@pytest.mark.claim(PAGE, "PyTorch | {default:.2f} | {moving_mean:.3f}")
def test_the_numbers_with_torch(snippet, printed, stated):
    about_backend("torch")
    stated(**measured_numbers(snippet, printed))


# The steps of the page's table, as the snippet lists them.
FROZEN_AFTER_FIT = ("compile", "fit", "freeze", "fit")
UNFROZEN_AFTER_FIT = ("freeze", "compile", "fit", "unfreeze", "fit")
ALL_BACKENDS = [  # the rows marked "all three": the same answer on every backend
    ("freeze", "compile", "fit"),
    ("compile", "freeze", "fit"),
    ("compile", "fit", "freeze", "compile", "fit"),
    ("freeze", "compile", "fit", "unfreeze", "compile", "fit"),
]


def new_model():
    """The snippet's model: a Dense layer called `base` and a head, compiled."""
    inputs = keras.Input(shape=(64,))
    base = keras.layers.Dense(32, activation="relu", name="base")
    model = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(base(inputs)))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    return model, base


def moves(base, fit):
    before = base.get_weights()
    fit()
    return largest_change(base.get_weights(), before)


class Steps(keras.callbacks.Callback):
    """Counts the training steps a fit completes."""

    def __init__(self):
        super().__init__()
        self.done = 0

    def on_train_batch_end(self, batch, logs=None):
        self.done += 1


def last_fit(steps, x, y):
    """Run the steps on a new model as the snippet does. Return how far the last fit moved the
    base (None if its weights can no longer be read), the ValueError it raised (or None), and
    how many training steps it completed."""
    inputs = keras.Input(shape=(64,))
    base = keras.layers.Dense(32, activation="relu", name="base")
    model = keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(base(inputs)))
    error = None
    for step in steps:
        if step == "compile":
            model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        elif step == "fit":
            before, done = base.get_weights(), Steps()
            try:
                model.fit(x, y, epochs=1, verbose=0, callbacks=[done])
            except ValueError as raised:
                error = raised
        else:
            base.trainable = step == "unfreeze"
    try:
        change = largest_change(base.get_weights(), before)
    except TypeError:  # with JAX, a fit that raises loses the weights (see the page)
        change = None
    return change, error, done.done


def line_for(output, steps):
    """What the snippet printed for these steps (`output`: the page's block, or a run's)."""
    prefix = f"{' > '.join(steps)}: "
    (line,) = [line for line in output.splitlines() if line.startswith(prefix)]
    return line.removeprefix(prefix)


def moved_by(output, steps):
    """How far the last fit moved the base, as printed (`.2g`: "0" only for exactly 0.0);
    fails if that fit raised."""
    shown = line_for(output, steps)
    assert shown.startswith("base moves by "), shown
    return float(shown.removeprefix("base moves by "))


def counts(steps):
    """The page's description of the lines where the last change to `trainable` counts: a
    compile() comes after it, or it comes between compile() and the first fit."""
    change = max(i for i, step in enumerate(steps) if step in ("freeze", "unfreeze"))
    before, after = steps[:change], steps[change + 1 :]
    compiled = [i for i, step in enumerate(before) if step == "compile"]
    return "compile" in after or (bool(compiled) and "fit" not in before[compiled[-1] :])


def frozen_at_the_end(steps):
    return [step for step in steps if step in ("freeze", "unfreeze")][-1] == "freeze"


@pytest.mark.claim(PAGE, "The output above is TensorFlow's; the table gives each backend's answer:")
@pytest.mark.claim(
    PAGE,
    "The outputs on this page are TensorFlow's. Here are the page's numbers on each backend, "
    "under the same seed: the largest changes of the weights, and the held-out accuracy after "
    "training the head and after fine-tuning.",
)
def test_the_pages_outputs_are_tensorflows():
    outputs_are_tensorflows()
    # "each backend's answer", "numbers on each backend": each table has a row per backend
    # (a row for "all three" is checked on each), proven by a test of that backend alone.
    numbers = "tests/test_freezing.py::test_the_numbers_with_{backend}"
    a_row_per_backend(PAGE, "tests/test_freezing.py::test_a_change_after_fit_with_{backend}")
    a_row_per_backend(PAGE, numbers)
    # "under the same seed": each snippet the numbers come from seeds Keras with 0 first.
    for name in (FILE, ORDERS, BATCH_NORM):
        source = (ROOT / "snippets" / name).read_text(encoding="utf-8")
        assert re.findall(r"keras\.utils\.set_random_seed\((\w+)\)", source)[:1] == ["0"], name
    # Negative control: a backend without a row of its own is caught.
    with pytest.raises(AssertionError, match="cites no"):
        a_row_per_backend(PAGE, numbers, ["mxnet"])


@pytest.mark.claim(PAGE, "freeze, compile, fit | all three | {row1}")
@pytest.mark.claim(PAGE, "compile, freeze, fit | all three | {row2}")
@pytest.mark.claim(PAGE, "compile, fit, freeze, compile, fit | all three | {row3}")
@pytest.mark.claim(PAGE, "freeze, compile, fit, unfreeze, compile, fit | all three | {row4}")
@pytest.mark.claim(
    PAGE,
    "In the first {lines:w} lines the change counts: the frozen base stays exactly as it was, "
    "and the unfrozen base moves.",
)
def test_a_change_to_trainable_counts_after_a_new_compile(snippet, printed, stated):
    run = snippet(ORDERS)
    orders = [tuple(steps) for steps in run.namespace["orders"]]
    assert orders == [*ALL_BACKENDS, FROZEN_AFTER_FIT, UNFROZEN_AFTER_FIT]
    # What the page printed is the session's run of the snippet: read it, do not train again.
    shown = printed(PAGE, ORDERS_BLOCK)
    assert shown == run.stdout
    # "The first four lines", as printed, are the "all three" rows, and exactly the lines
    # where the change comes before the first fit after a compile(), or a compile() follows it.
    printed_steps = [tuple(line.split(": ")[0].split(" > ")) for line in shown.splitlines()]
    assert printed_steps == orders
    first = orders[: len(ALL_BACKENDS)]
    assert first == ALL_BACKENDS == [steps for steps in orders if counts(steps)]
    answers = {}
    for number, steps in enumerate(ALL_BACKENDS, start=1):
        change = moved_by(shown, steps)  # fails if fit raised: none of these does, anywhere
        # Frozen: exactly no change. Unfrozen: a clear one.
        if frozen_at_the_end(steps):
            assert change == 0.0
        else:
            assert change > MOVED
        answers[f"row{number}"] = yes_no(change > 0)
    # Only the last trains the base: the base is trainable at its compile().
    assert list(answers.values()) == ["no", "no", "no", "yes"]
    # Negative control: the rule is not true of every order: the other two fail it.
    assert not counts(FROZEN_AFTER_FIT) and not counts(UNFROZEN_AFTER_FIT)
    stated(lines=len(ALL_BACKENDS), **answers)


@pytest.mark.claim(PAGE, "compile, fit, freeze, fit | TensorFlow | {frozen}, although it is frozen")
@pytest.mark.claim(
    PAGE, "freeze, compile, fit, unfreeze, fit | TensorFlow | {unfrozen}, although it is unfrozen"
)
@pytest.mark.claim(
    PAGE,
    "With TensorFlow, in the last {other:w} lines, where `trainable` changes between two `fit` "
    "calls with no `compile()` between them, the last `fit` ignores the change: it still trains "
    "the frozen base, and leaves the unfrozen base as it was.",
)
def test_a_change_after_fit_with_tensorflow(snippet, printed, stated):
    about_backend("tensorflow")
    run = snippet(ORDERS)
    orders = [tuple(steps) for steps in run.namespace["orders"]]
    others = [steps for steps in orders if steps not in ALL_BACKENDS]
    assert others == orders[-2:] == [FROZEN_AFTER_FIT, UNFROZEN_AFTER_FIT]  # the last two
    for steps in others:  # ... > fit > (un)freeze > fit: between two fits, no compile()
        change = max(i for i, step in enumerate(steps) if step in ("freeze", "unfreeze"))
        assert steps[change - 1] == "fit" and steps[change + 1 :] == ("fit",)
    # The page's run, as printed (measured: 0.081 and exactly 0).
    shown = printed(PAGE, ORDERS_BLOCK)
    frozen, unfrozen = moved_by(shown, FROZEN_AFTER_FIT), moved_by(shown, UNFROZEN_AFTER_FIT)
    assert frozen > MOVED and unfrozen == 0.0
    # Negative control: with a compile() after the change, each goes the other way.
    assert moved_by(shown, ("compile", "fit", "freeze", "compile", "fit")) == 0.0
    assert moved_by(shown, ("freeze", "compile", "fit", "unfreeze", "compile", "fit")) > MOVED
    stated(other=len(others), frozen=yes_no(frozen > 0), unfrozen=yes_no(unfrozen > 0))


@pytest.mark.claim(
    PAGE,
    "compile, fit, freeze, fit | JAX | {frozen}: `fit` raises `{frozen_error}`, and the model "
    "loses its weights",
)
@pytest.mark.claim(
    PAGE,
    "freeze, compile, fit, unfreeze, fit | JAX | {unfrozen}: `fit` raises `{unfrozen_error}`, "
    "and the model loses its weights",
)
def test_a_change_after_fit_with_jax(snippet, printed, stated):
    about_backend("jax")
    run = snippet(ORDERS)
    x, y = run.namespace["x"], run.namespace["y"]
    # The page's run prints only that the fit raised ValueError (the snippet catches nothing
    # else)...
    shown = printed(PAGE, ORDERS_BLOCK)
    for steps in (FROZEN_AFTER_FIT, UNFROZEN_AFTER_FIT):
        assert line_for(shown, steps) == "fit raises ValueError"
    # ...so these two run again, on models of their own, to count the training steps and read
    # the weights: not one step completes, and the base's weights can no longer be read (None).
    # Its own training, JAX only: the page's run prints that these fits raise, not their steps.
    frozen, frozen_error, frozen_steps = last_fit(FROZEN_AFTER_FIT, x, y)
    unfrozen, unfrozen_error, unfrozen_steps = last_fit(UNFROZEN_AFTER_FIT, x, y)
    assert frozen_steps == unfrozen_steps == 0 and frozen is unfrozen is None
    assert type(frozen_error) is type(unfrozen_error) is ValueError
    # Negative control: with a compile() after the change, neither raises (the page's run).
    assert moved_by(shown, ("compile", "fit", "freeze", "compile", "fit")) == 0.0
    assert moved_by(shown, ("freeze", "compile", "fit", "unfreeze", "compile", "fit")) > MOVED
    stated(
        frozen=yes_no(frozen_steps > 0),
        frozen_error=type(frozen_error).__name__,
        unfrozen=yes_no(unfrozen_steps > 0),
        unfrozen_error=type(unfrozen_error).__name__,
    )


@pytest.mark.claim(PAGE, "compile, fit, freeze, fit | PyTorch | {frozen}")
@pytest.mark.claim(
    PAGE,
    "freeze, compile, fit, unfreeze, fit | PyTorch | {unfrozen}: `fit` raises `{unfrozen_error}`",
)
def test_a_change_after_fit_with_torch(snippet, printed, stated):
    about_backend("torch")
    run = snippet(ORDERS)
    x, y = run.namespace["x"], run.namespace["y"]
    shown = printed(PAGE, ORDERS_BLOCK)
    frozen = moved_by(shown, FROZEN_AFTER_FIT)  # the page's run: exactly 0
    assert line_for(shown, UNFROZEN_AFTER_FIT) == "fit raises ValueError"
    # The page's run does not read the weights after a fit that raised: this one, of its own,
    # does.
    unfrozen, unfrozen_error, _ = last_fit(UNFROZEN_AFTER_FIT, x, y)
    assert frozen == 0.0
    assert type(unfrozen_error) is ValueError and unfrozen == 0.0
    # Negative control, its own training (the page has no such line): with nothing frozen, the
    # same second fit does train the base.
    change, error, _ = last_fit(("compile", "fit", "fit"), x, y)
    assert error is None and change > MOVED
    stated(
        frozen=yes_no(frozen > 0),
        unfrozen=yes_no(unfrozen > 0),
        unfrozen_error=type(unfrozen_error).__name__,
    )


class Traces:
    """Records the batch shape each trace of a model's training step runs on. With
    TensorFlow, `fit` traces `model.train_step` into a graph: its Python code runs only while
    tracing, so each call recorded here is one trace."""

    def __init__(self, model):
        self.shapes = []
        step = model.train_step

        def traced(data):
            self.shapes.append(tuple(data[0].shape))
            return step(data)

        model.train_step = traced  # before the first fit: the step it builds calls this


UNKNOWN_VARIABLE = (
    "This optimizer can only be called for the variables it was originally built with."
)


@pytest.mark.claim(
    PAGE,
    "With TensorFlow, the training step is a `tf.function`. The first `fit` after `compile()` "
    "traces it: it runs the step's Python code, which reads `model.trainable_weights`, and "
    "keeps the graph it gets. Later `fit` calls run that graph, so a change to `trainable` "
    "shows at once in `model.trainable_weights` but not in what they train.",
)
@pytest.mark.claim(
    PAGE,
    "A `fit` traces the step again only for batches of a shape that no earlier trace covers. "
    "The lines above train on {rows:,} rows in batches of {batch}, the default, so the last "
    "batch has only {last} rows: the first `fit` then traces the step for batches of any "
    "size, and no later `fit` traces it again, whatever its `batch_size`.",
)
@pytest.mark.claim(
    PAGE,
    "Where the rows fill every batch, as {even:,} rows in batches of {batch} do, the first "
    "`fit` traces the step for that batch size only, and a later `fit` with another "
    "`batch_size` traces it again, with the weights trainable then. After freezing, that `fit` "
    'leaves the frozen base as it was. After unfreezing, it raises `{error}` ("{unknown} ... '
    '{rule}"): the optimizer was built for the weights that were trainable at the first `fit`.',
)
def test_with_tensorflow_fit_traces_again_only_for_a_new_batch_shape(snippet, stated):
    about_backend("tensorflow")
    from keras.src.backend.tensorflow.trainer import TensorFlowTrainer

    # Its own experiments, on the snippet's model and data: the page's run shows only the
    # outcome, not the traces.
    ns = snippet(ORDERS).namespace
    x, y = ns["x"], ns["y"]
    # The snippet's fit gives no batch_size: the default's, found from the steps it takes.
    assert "model.fit(x, y, epochs=1, verbose=0)" in (ROOT / "snippets" / ORDERS).read_text()
    rows, done = len(x), Steps()
    # Its own training, TensorFlow only: the page's run counts no steps and records no trace.
    new_model()[0].fit(x, y, epochs=1, verbose=0, callbacks=[done])
    batch = -(-rows // done.done)  # the smallest batch size that takes that many steps
    assert -(-rows // batch) == done.done and rows % batch
    last = rows - batch * (done.done - 1)
    assert 0 < last < batch  # a partial last batch
    even = rows - last  # the same digits, the partial batch left out
    # The step is a tf.function that reads model.trainable_weights when it runs (traces).
    assert "self.trainable_weights" in inspect.getsource(TensorFlowTrainer.train_step)
    assert "tf.function(" in inspect.getsource(TensorFlowTrainer._make_function)
    model, base = new_model()
    traces = Traces(model)
    model.fit(x, y, verbose=0)
    step = model.train_function
    assert traces.shapes and set(traces.shapes) == {(None, 64)}  # traced, for any batch size
    seen = len(traces.shapes)
    base.trainable = False
    assert len(model.trainable_weights) == 2  # at once: the base's 2 arrays are gone...
    # ...but the graph still trains it, at every batch size (the reviewer's case: 16), with no
    # new trace.
    for size in (batch, 16, 7):
        assert moves(base, lambda size=size: model.fit(x, y, batch_size=size, verbose=0)) > MOVED
    assert len(traces.shapes) == seen and model.train_function is step
    # Unfrozen, likewise: no new trace, and the base stays (the reviewer's case: 300 rows in
    # batches of 16, then of 32).
    model, base = new_model()
    traces = Traces(model)
    base.trainable = False
    model.fit(x[:300], y[:300], batch_size=16, verbose=0)
    seen = len(traces.shapes)
    base.trainable = True
    assert moves(base, lambda: model.fit(x[:300], y[:300], batch_size=32, verbose=0)) == 0.0
    assert len(traces.shapes) == seen
    # Rows that fill every batch: traced for that batch size only.
    xe, ye = x[:even], y[:even]
    model, base = new_model()
    traces = Traces(model)
    model.fit(xe, ye, verbose=0)
    assert set(traces.shapes) == {(batch, 64)}
    seen = len(traces.shapes)
    base.trainable = False
    # Negative control: the same batch size finds the trace, which still trains the base.
    assert moves(base, lambda: model.fit(xe, ye, verbose=0)) > MOVED
    assert len(traces.shapes) == seen
    # Another batch size: traced again (for any size now), with the base frozen: it stays.
    assert moves(base, lambda: model.fit(xe, ye, batch_size=16, verbose=0)) == 0.0
    assert traces.shapes[seen:] == [(None, 64)]
    # After unfreezing, a new trace meets weights the optimizer was not built for.
    model, base = new_model()
    traces = Traces(model)
    base.trainable = False
    model.fit(xe, ye, verbose=0)
    built_for = {id(v) for v in model.trainable_weights}
    seen = len(traces.shapes)
    base.trainable = True
    with pytest.raises(ValueError) as raised:
        model.fit(xe, ye, batch_size=16, verbose=0)
    assert traces.shapes[seen:] == [(None, 64)]
    message = str(raised.value)
    unknown, rest = message.split(" <", 1)
    assert unknown == "Unknown variable:" and rest.startswith("Variable path=base/kernel, ")
    rule = rest.split(">. ", 1)[1].split(". ")[0] + "."
    assert rule == UNKNOWN_VARIABLE
    # "Built for the weights trainable at the first fit": the head's two, not the base's.
    assert id(base.kernel) not in built_for and len(built_for) == 2
    assert len(model.optimizer.variables) == 2 + 2 * len(built_for)  # 2 slots per weight
    # Negative control: compile() builds a new optimizer and step, and the base trains.
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    assert moves(base, lambda: model.fit(xe, ye, batch_size=16, verbose=0)) > MOVED
    # Negative control: evaluate() builds another step, so a change after it still counts.
    model, base = new_model()
    model.evaluate(x, y, verbose=0)
    base.trainable = False
    assert moves(base, lambda: model.fit(x, y, verbose=0)) == 0.0
    stated(
        rows=rows,
        batch=batch,
        last=last,
        even=even,
        error=type(raised.value).__name__,
        unknown=unknown,
        rule=rule,
    )


@pytest.mark.claim(
    PAGE,
    "Compiled with `run_eagerly=True`, the step is not traced and each `fit` reads the weights "
    "trainable then, as with PyTorch: a freeze between two `fit` calls takes effect, and after "
    'an unfreeze `fit` raises `ValueError` ("Unknown variable").',
)
def test_with_run_eagerly_a_change_counts_at_the_next_fit(snippet):
    about_backend("tensorflow")
    # Its own training: the page compiles no model with run_eagerly=True.
    ns = snippet(ORDERS).namespace
    x, y = ns["x"][:256], ns["y"][:256]  # 8 batches: enough to count, and quicker
    for eager in (True, False):  # False: the negative control, the page's own compile
        model, base = new_model()
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", run_eagerly=eager)
        model.fit(x, y, verbose=0)
        base.trainable = False
        assert (moves(base, lambda model=model: model.fit(x, y, verbose=0)) == 0.0) is eager
        # Not traced: the base's Python `call` runs for every batch, where a traced step ran
        # it only while tracing.
        calls, call = [], base.call
        base.call = lambda *args, calls=calls, call=call, **kwargs: (
            calls.append(1) or call(*args, **kwargs)
        )
        model.fit(x, y, verbose=0)
        assert (len(calls) >= len(x) // 32) is eager, len(calls)
        model, base = new_model()
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy", run_eagerly=eager)
        base.trainable = False
        model.fit(x, y, verbose=0)
        base.trainable = True
        if eager:
            with pytest.raises(ValueError, match="Unknown variable"):
                model.fit(x, y, verbose=0)
        else:
            assert moves(base, lambda model=model: model.fit(x, y, verbose=0)) == 0.0


@pytest.mark.claim(
    PAGE,
    "So compile again after every change to `trainable`: `compile()` discards the training "
    "step that the first `fit` built, and the next `fit` builds a new one that trains the "
    'weights trainable then. Give `compile()` a new optimizer each time, as the name `"adam"` '
    "does: with TensorFlow, the optimizer object of an earlier `fit`, passed again after "
    'unfreezing, makes the next `fit` raise `ValueError` ("Unknown variable").',
)
def test_compile_discards_the_training_step(snippet):
    # Its own training, on every backend: the page's run does not look at the step.
    ns = snippet(ORDERS).namespace
    x, y = ns["x"], ns["y"]
    for change in ("freeze", "unfreeze"):
        model, base = new_model()
        base.trainable = change == "freeze"  # the opposite of what the change makes it
        model.fit(x, y, verbose=0)
        step = model.train_function
        assert step is not None
        # Negative control: without compile(), the next fit keeps the same step.
        model.fit(x, y, verbose=0)
        assert model.train_function is step
        # The change, then compile(): the step is gone...
        base.trainable = change == "unfreeze"
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        assert model.train_function is None
        # ...and the next fit builds a new one, which trains exactly what is trainable now.
        head = model.layers[-1]
        head_before = head.get_weights()
        change_of_base = moves(base, lambda model=model: model.fit(x, y, verbose=0))
        assert model.train_function is not None and model.train_function is not step
        assert largest_change(head.get_weights(), head_before) > MOVED
        if change == "freeze":
            assert change_of_base == 0.0
        else:
            assert change_of_base > MOVED
    if keras.backend.backend() != "tensorflow":
        return
    # The optimizer object the frozen fit built, passed to compile() again after unfreezing
    # (as itself or as model.optimizer): the next fit raises. The loop above, with "adam"
    # each time, is the negative control: a new optimizer trains the unfrozen base.
    for again in (lambda model, optimizer: optimizer, lambda model, optimizer: model.optimizer):
        model, base = new_model()
        optimizer = keras.optimizers.Adam()
        base.trainable = False
        model.compile(optimizer=optimizer, loss="sparse_categorical_crossentropy")
        model.fit(x, y, verbose=0)
        base.trainable = True
        model.compile(optimizer=again(model, optimizer), loss="sparse_categorical_crossentropy")
        with pytest.raises(ValueError, match="Unknown variable"):
            model.fit(x, y, verbose=0)


JAX_MESSAGE = (
    "Argument `optimizer_variables` must be a list of tensors corresponding 1:1 to the "
    "trainable variables list that the optimizer was built with. Received "
    "len(trainable_variables) == {now} whereas the optimizer was built with {built} variables."
)


@pytest.mark.claim(
    PAGE,
    "With JAX, each `fit` hands the optimizer the weights that are trainable at its start. The "
    "optimizer was built by the first `fit` or `evaluate()` after `compile()`, for the weights "
    "trainable then, and it refuses a list of another length: after freezing the base, `fit` "
    'raises `{error}`, saying that the optimizer "was built with {built} variables" and '
    "receives {now}. So with JAX, compile, evaluate, freeze, fit raises too.",
)
def test_jax_refuses_a_change_to_trainable_after_the_optimizer_is_built(snippet, stated):
    about_backend("jax")
    # Its own experiment, on small models: the page's run shows only that fit raised.
    ns = snippet(ORDERS).namespace
    x, y = ns["x"][:256], ns["y"][:256]
    model, base = new_model()
    assert not model.optimizer.built  # compile() does not build it...
    handed = []
    stateless_apply = model.optimizer.stateless_apply

    def spy(optimizer_variables, grads, trainable_variables):
        handed.append(len(trainable_variables))
        return stateless_apply(optimizer_variables, grads, trainable_variables)

    model.optimizer.stateless_apply = spy
    # Its own training: the spy must watch fits of its own to count the weights handed over.
    model.fit(x, y, verbose=0)  # ...the first fit does, for the 4 trainable weights
    built = len(model.trainable_weights)
    assert model.optimizer.built and handed == [built]
    base.trainable = False
    now = len(model.trainable_weights)
    with pytest.raises(ValueError) as raised:
        model.fit(x, y, verbose=0)
    assert handed == [built, now]  # the weights trainable at the start of the second fit
    assert str(raised.value) == JAX_MESSAGE.format(built=built, now=now)
    # evaluate() builds the optimizer too, and a change after it raises the same way.
    model, base = new_model()
    model.evaluate(x, y, verbose=0)
    assert model.optimizer.built
    base.trainable = False
    with pytest.raises(ValueError) as after_evaluate:
        model.fit(x, y, verbose=0)
    assert str(after_evaluate.value) == str(raised.value)
    # Negative control: predict() does not build it, so a change after predict() counts.
    model, base = new_model()
    model.predict(x, verbose=0)
    assert not model.optimizer.built
    base.trainable = False
    assert moves(base, lambda: model.fit(x, y, verbose=0)) == 0.0
    stated(error=type(raised.value).__name__, built=built, now=now)


@pytest.mark.claim(
    PAGE,
    "With JAX, that `fit` has already taken the model's weights out of their variables for its "
    "training step, and Keras {keras} does not put them back when it raises: the model has "
    "lost its weights. Then `get_weights()` and `predict()` raise `{read_error}`, and so does "
    "calling the model; `compile()` followed by `fit()` raises `{fit_error}`. A copy taken "
    "before, with `get_weights()`, restores the model with `set_weights()`.",
)
def test_with_jax_a_fit_that_raises_loses_the_weights(snippet, stated):
    about_backend("jax")
    # Its own experiment, on a small model: the page's run does not touch a model after its
    # fit raised.
    ns = snippet(ORDERS).namespace
    x, y = ns["x"][:256], ns["y"][:256]
    model, base = new_model()
    # Its own training: the raise empties this model's variables, so it cannot be a shared one.
    model.fit(x, y, verbose=0)
    saved = model.get_weights()
    base.trainable = False
    taken = []
    get_state = model._get_jax_state

    def spy(**parts):
        taken.append(parts.get("purge_model_variables", False))
        return get_state(**parts)

    model._get_jax_state = spy
    with pytest.raises(ValueError):
        model.fit(x, y, verbose=0)
    # The fit took the values for its step, emptying the variables, and did not return them.
    assert taken == [True]
    assert all(variable._value is None for variable in model.variables)
    with pytest.raises(TypeError) as read:
        model.get_weights()
    with pytest.raises(TypeError) as predicted:
        model.predict(x, verbose=0)
    with pytest.raises(TypeError) as called:
        model(x)
    assert str(read.value) == str(predicted.value) == "'NoneType' object is not callable"
    assert "'NoneType' object is not callable" in str(called.value)
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    with pytest.raises(RuntimeError) as refit:
        model.fit(x, y, verbose=0)
    assert "'NoneType' object is not callable" in str(refit.value)
    # The copy restores the model: the same weights, and it trains again.
    model.set_weights(saved)
    assert all(np.array_equal(a, b) for a, b in zip(model.get_weights(), saved, strict=True))
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    assert moves(model.layers[-1], lambda: model.fit(x, y, verbose=0)) > MOVED
    assert largest_change(base.get_weights(), saved[:2]) == 0.0  # the base, frozen, stays
    # Negative control: a fit that does not raise puts the weights back.
    model, base = new_model()
    model.fit(x, y, verbose=0)
    assert all(variable._value is not None for variable in model.variables)
    stated(
        keras=keras.__version__,
        read_error=type(read.value).__name__,
        fit_error=type(refit.value).__name__,
    )


class FreezeAfterFirstBatch(keras.callbacks.Callback):
    """Freezes `layer` after the first batch, and keeps its weights as they were then."""

    def __init__(self, layer):
        super().__init__()
        self.layer, self.weights = layer, None

    def on_train_batch_end(self, batch, logs=None):
        if batch == 0:
            self.layer.trainable = False
            self.weights = self.layer.get_weights()


@pytest.mark.claim(
    PAGE,
    "With PyTorch, each training step hands the optimizer the weights that are trainable at "
    "that moment. The optimizer, also built by the first `fit` or `evaluate()` after "
    "`compile()`, updates those of its weights it is given, so a frozen weight stops training "
    'at once. A weight it was not built for makes it raise `{error}`: "{unknown} ... {rule}"',
)
def test_torch_trains_what_is_trainable_among_the_weights_the_optimizer_was_built_for(
    snippet, stated
):
    about_backend("torch")
    # Its own experiment, on small models: the page's run freezes nothing during a fit.
    ns = snippet(ORDERS).namespace
    x, y = ns["x"][:256], ns["y"][:256]  # 8 batches of 32
    # Frozen in the middle of a fit: the next step leaves it alone.
    model, base = new_model()
    handed = []
    apply = model.optimizer.apply

    def spy(grads, trainable_variables=None):
        handed.append(len(trainable_variables))
        return apply(grads, trainable_variables)

    model.optimizer.apply = spy
    before = base.get_weights()
    freeze = FreezeAfterFirstBatch(base)
    # Its own training, PyTorch only: a freeze in the middle of a fit, which the page never makes.
    model.fit(x, y, verbose=0, callbacks=[freeze])
    assert handed == [4] + [2] * 7
    assert largest_change(freeze.weights, before) > MOVED  # the first step trained it...
    assert largest_change(base.get_weights(), freeze.weights) == 0.0  # ...the others not
    # Built by evaluate(), the optimizer updates the weights still trainable, and only them.
    model, base = new_model()
    model.evaluate(x, y, verbose=0)
    assert model.optimizer.built
    base.trainable = False
    head = model.layers[-1]
    head_before = head.get_weights()
    assert moves(base, lambda: model.fit(x, y, verbose=0)) == 0.0
    assert largest_change(head.get_weights(), head_before) > MOVED
    # A weight it was not built for: the base, unfrozen after the first fit.
    model, base = new_model()
    base.trainable = False
    model.fit(x, y, verbose=0)
    base.trainable = True
    with pytest.raises(ValueError) as raised:
        model.fit(x, y, verbose=0)
    message = str(raised.value)
    unknown, rest = message.split(" <", 1)
    assert unknown == "Unknown variable:" and rest.startswith("Variable path=base/kernel, ")
    rule = rest.split(">. ", 1)[1].split(". ")[0] + "."
    assert message.endswith(
        f"{rule} When working with a new set of variables, you should recreate a new "
        "optimizer instance."
    )
    assert rule == (
        "This optimizer can only be called for the variables it was originally built with."
    )
    # Negative control: compile() builds a new optimizer, and the base trains.
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    assert moves(base, lambda: model.fit(x, y, verbose=0)) > MOVED
    stated(error=type(raised.value).__name__, unknown=unknown, rule=rule)


@pytest.mark.claim(
    PAGE,
    'The `compile()` docstring of Keras {keras} says "Trainable variables are determined at '
    '`compile()` time"; the second line of the output above shows that a change made after '
    "`compile()` but before the first `fit` still counts.",
)
def test_a_change_before_the_first_fit_still_counts(snippet, printed, stated):
    run = snippet(ORDERS)
    docstring = " ".join(keras.Model.compile.__doc__.split())
    assert "Trainable variables are determined at `compile()` time." in docstring
    # The second line: compile, freeze, fit; the page's run left the frozen base exactly as
    # it was.
    steps = tuple(run.namespace["orders"][1])
    assert steps == ("compile", "freeze", "fit")
    shown = printed(PAGE, ORDERS_BLOCK)
    assert shown.splitlines()[1] == "compile > freeze > fit: base moves by 0"
    assert moved_by(shown, steps) == 0.0
    # Negative control, its own training (one fit; the page has no line without the freeze):
    # without the freeze, that fit trains the base.
    x, y = run.namespace["x"], run.namespace["y"]
    change, error, _ = last_fit(("compile", "fit"), x, y)
    assert error is None and change > MOVED
    stated(keras=keras.__version__)


@pytest.mark.claim(
    PAGE,
    "Keras {keras} gives no warning when `trainable` changes between two `fit` calls with no "
    "`compile()` between them, on any backend. A warning for this was added by "
    "keras-team/keras#22787, but the line that would issue it comes right after a `raise` in "
    "`Trainer._assert_compile_called`, so it never runs.",
)
def test_keras_does_not_warn_about_a_stale_training_step(snippet, stated):
    # The session's run of the snippet made those fits, without training again here: the
    # executor turns every warning a reader would see into an error (docsite/executor.py), and
    # the snippet catches only ValueError, so a warning would have stopped the run. It went
    # on, and printed a line for each.
    run = snippet(ORDERS)
    orders = [tuple(steps) for steps in run.namespace["orders"]]
    for steps in (FROZEN_AFTER_FIT, UNFROZEN_AFTER_FIT):
        assert steps in orders
        assert line_for(run.stdout, steps)
    # Negative control: the warning Keras has for this would have stopped the run.
    code = textwrap.dedent(
        """
        import keras

        inputs = keras.Input(shape=(4,))
        dense = keras.layers.Dense(1)
        model = keras.Model(inputs, dense(inputs))
        model.compile(optimizer="adam", loss="mse")
        dense.trainable = False
        model._warn_if_trainable_state_changed()
        """
    )
    with pytest.raises(executor.SnippetError, match="warned UserWarning: A layer's `trainable`"):
        executor.run(code, "warns.py")
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
    # ...and the backend's own fit does not call it either.
    fit_source = inspect.getsource(type(keras.Model()).fit)
    assert "_warn_if_trainable_state_changed" not in fit_source
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
    "One step of the guide falls short: in a Functional model like the guide's, calling the base "
    "with `training=False` does not keep its `BatchNormalization` layers in inference mode once "
    "the base is unfrozen, as `fit` replaces that value.",
)
@pytest.mark.claim(
    PAGE,
    "While the base is frozen, the moving mean does not change ({frozen}). Once the base is "
    "unfrozen, one epoch moves it, although the base was called with `training=False`: `fit` "
    "calls the model with `training=True`, and that value replaces the one given when the model "
    "was built.",
)
@pytest.mark.claim(
    PAGE,
    "A Functional model called with a `training` value passes it to each layer that takes one, "
    "nested models included, in place of the value given when the model was built (the "
    "function `operation_fn` of Keras's source).",
)
def test_training_false_does_not_keep_batch_norm_in_inference_mode_during_fit(
    snippet, printed, stated
):
    ns = snippet(BATCH_NORM).namespace
    assert ns["frozen_change"] == 0.0 and ns["unfrozen_change"] > MOVED
    shown = printed(PAGE, TRAINING_FALSE_BLOCK)
    assert f"frozen: moving mean changes by {ns['frozen_change']}\n" in shown
    assert f"unfrozen: moving mean changes by {ns['unfrozen_change']:.3f}\n" in shown
    assert value(shown, "unfrozen: moving mean changes by ") > MOVED
    # One epoch: the fit that measures it is given no other number of epochs.
    assert "model.fit(x_new, y_new, verbose=0)" in section(BATCH_NORM, "training_false")
    # training=False changes nothing: the same steps without it move the mean identically. Its
    # own training: a counterfactual the page does not run.
    code = section(BATCH_NORM, "training_false")
    assert code.count("base(new_inputs, training=False)") == 1
    without = executor.run(
        code.replace("base(new_inputs, training=False)", "base(new_inputs)"), "without", None
    ).namespace
    assert without["frozen_change"] == 0.0
    assert without["unfrozen_change"] == ns["unfrozen_change"]
    # What each layer receives: a nested model and a layer, both built with training=False.
    # Its own experiment, on a small model: the page's layers do not record what they receive.
    probe, nested_probe = Probe(), Probe()
    inner = keras.Input(shape=(4,))
    nested = keras.Model(inner, nested_probe(inner))
    inputs = keras.Input(shape=(4,))
    hidden = probe(nested(inputs, training=False), training=False)
    model = keras.Model(inputs, keras.layers.Dense(1)(hidden))
    model.compile(optimizer="sgd", loss="mse")
    x = np.ones((8, 4), "float32")
    # From the start of training: before it, fit may build the loss by running the model on
    # symbolic inputs with training=False (JAX's does), and building the models recorded calls.
    start = keras.callbacks.LambdaCallback(
        on_train_begin=lambda logs: (probe.seen.clear(), nested_probe.seen.clear())
    )
    model.fit(x, np.zeros((8, 1), "float32"), batch_size=4, verbose=0, callbacks=[start])
    assert probe.seen.count(True) >= 1 and nested_probe.seen.count(True) >= 1
    assert set(probe.seen) == set(nested_probe.seen) == {True}
    # Negative control: called with no `training` value, the model keeps the recorded False.
    probe.seen.clear()
    nested_probe.seen.clear()
    model(x)
    assert probe.seen == nested_probe.seen == [False]
    # The function named: a Functional model's call runs each layer through it.
    from keras.src.models import functional

    assert "operation_fn" in inspect.getsource(functional.Functional.call)
    assert callable(functional.operation_fn)
    # Why "in a Functional model": a subclassed model whose call() passes training=False to
    # the base keeps it; fit's value reaches call() only. Its own training: a counterfactual
    # (a subclass) the page does not build.
    keras.utils.set_random_seed(0)
    sub_inputs = keras.Input(shape=(4,))
    sub_norm = keras.layers.BatchNormalization()
    sub_base = keras.Model(sub_inputs, sub_norm(keras.layers.Dense(4)(sub_inputs)))

    class Head(keras.Model):
        def __init__(self):
            super().__init__()
            self.base, self.dense = sub_base, keras.layers.Dense(1)

        def call(self, x, training=None):
            return self.dense(self.base(x, training=False))

    data = np.random.default_rng(0).normal(3.0, 1.0, (16, 4)).astype("float32")
    new_inputs = keras.Input(shape=(4,))
    twin = keras.Model(new_inputs, keras.layers.Dense(1)(sub_base(new_inputs, training=False)))
    for wrapped in (Head(), twin):
        wrapped.compile(optimizer="sgd", loss="mse")
        before = sub_norm.moving_mean.numpy()
        wrapped.fit(data, np.zeros((16, 1), "float32"), batch_size=8, verbose=0)
        moved = float(np.abs(sub_norm.moving_mean.numpy() - before).max())
        if isinstance(wrapped, Head):
            assert moved == 0.0, moved
        else:  # the Functional twin, as on the page: fit's True replaces the recorded False
            assert moved > MOVED, moved
    stated(frozen=ns["frozen_change"])


@pytest.mark.claim(PAGE, "Set `trainable = False` on those layers themselves (below).")
@pytest.mark.claim(
    PAGE,
    "To keep them in inference mode, set `trainable = False` on the `BatchNormalization` layers "
    "themselves after unfreezing the base (in that order: unfreezing a frozen base with "
    "`base.trainable = True` makes every layer inside it trainable again), then compile:",
)
@pytest.mark.claim(
    PAGE,
    "The moving mean then stays exactly as it was (largest change {change}), while the "
    "`Dense` layer of the base keeps training.",
)
def test_frozen_batch_norm_layers_keep_their_statistics_while_the_rest_trains(
    snippet, printed, stated
):
    ns = snippet(BATCH_NORM).namespace
    batch_norm, base = ns["batch_norm"], ns["base"]
    assert base.trainable and not batch_norm.trainable
    assert ns["bn_frozen_change"] == 0.0 and ns["kernel_change"] > MOVED
    # The page printed the same (its run and the session's are the same program).
    shown = printed(PAGE, FROZEN_BATCH_NORM_BLOCK)
    assert f"moving mean changes by {ns['bn_frozen_change']}\n" in shown
    assert f"Dense kernel changes by {ns['kernel_change']:.4f}\n" in shown
    assert value(shown, "Dense kernel changes by ") > MOVED
    # Negative control: in the section before, the same fit with the layer unfrozen moved it.
    assert ns["unfrozen_change"] > MOVED
    # "In that order": the other order leaves every layer of the base trainable, the
    # BatchNormalization layer included; this order leaves it frozen (a small base of its own).
    inputs = keras.Input(shape=(4,))
    norm = keras.layers.BatchNormalization()
    other = keras.Model(inputs, norm(keras.layers.Dense(4)(inputs)))
    other.trainable = False
    norm.trainable = False
    other.trainable = True
    assert norm.trainable and all(layer.trainable for layer in other.layers)
    norm.trainable = False
    assert other.trainable and not norm.trainable
    assert section(BATCH_NORM, "freeze_batch_norm").index("layer.trainable = False") > 0
    assert section(BATCH_NORM, "training_false").index("base.trainable = True") > 0
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


# Inference mode computes (x - mean) / sqrt(variance + epsilon) * gamma + beta in float32, in an
# order of the backend's choosing: each operation rounds to within 2**-24 of the size of what
# it handles, so the error is bounded by a few of those on the largest term, not by a fixed
# number. RELATIVE (~8 float32 epsilons) times that size leaves room for the order.
RELATIVE = 1e-6


@pytest.mark.claim(
    PAGE,
    "A `BatchNormalization` layer keeps a moving mean and variance: non-trainable weights that "
    "`fit` updates from each batch while the layer runs in training mode. A frozen "
    "`BatchNormalization` layer runs in inference mode: it uses them and leaves them as they "
    "are.",
)
def test_a_frozen_batch_norm_layer_runs_in_inference_mode():
    # Its own experiment, on a small model: the page's layers are not compared with the formula.
    x = np.random.default_rng(0).normal(3.0, 2.0, (64, 4)).astype("float32")
    inputs = keras.Input(shape=(4,))
    layer = keras.layers.BatchNormalization()
    model = keras.Model(inputs, keras.layers.Dense(4)(layer(inputs)))
    assert [w.name for w in layer.non_trainable_weights] == ["moving_mean", "moving_variance"]
    model.compile(optimizer="sgd", loss="mse")
    mean, variance = layer.moving_mean.numpy(), layer.moving_variance.numpy()
    # Its own training: the shared run keeps no statistics from before its fits, and is read-only.
    model.fit(x, x, batch_size=16, verbose=0)
    assert largest_change([layer.moving_mean, layer.moving_variance], [mean, variance]) > MOVED
    # Training mode normalises with the batch's own statistics: the output's mean is beta (the
    # learned shift) whatever the stored statistics are.
    # (Normalised values have unit variance whatever the size of x: a fixed bound, far above
    # float32 rounding and far below the 0.1 of the negative control, holds.)
    beta = layer.beta.numpy()
    assert np.abs(as_numpy(layer(x, training=True)).mean(axis=0) - beta).max() < 1e-3
    layer.trainable = False
    mean, variance = layer.moving_mean.numpy(), layer.moving_variance.numpy()
    frozen = as_numpy(layer(x, training=True))
    # Inference mode: the stored statistics, exactly as with training=False...
    assert np.array_equal(frozen, as_numpy(layer(x, training=False)))
    gamma = layer.gamma.numpy()
    scale = gamma / np.sqrt(variance + layer.epsilon)
    expected = (x - mean) * scale + beta
    size = max(np.abs(x * scale).max(), np.abs(mean * scale).max(), np.abs(beta).max(), 1.0)
    assert max_difference(frozen, expected) <= RELATIVE * size
    # ...and left as they are, by a call and by fit.
    model.compile(optimizer="sgd", loss="mse")
    model.fit(x, x, batch_size=16, verbose=0)
    assert largest_change([layer.moving_mean, layer.moving_variance], [mean, variance]) == 0.0
    # Negative control: the stored statistics differ from the batch's, so `frozen` is not
    # centred on beta as the training-mode output is.
    assert np.abs(frozen.mean(axis=0) - beta).max() > 0.1
