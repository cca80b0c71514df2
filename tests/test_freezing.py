"""Claims of docs/how-to/freeze-and-fine-tune.md (snippets/freezing/)."""

import ast
import functools
import inspect
import re
import textwrap
import warnings

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
def frozen_phase():
    """A new run of the page's first two sections (the head trained on the frozen base), for
    the tests that only read it."""
    return run_sections(FILE, "pretrained", "freeze")


@functools.cache
def at_default_rate():
    """The page's fine-tuning code at Adam's default learning rate, from the same start."""
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
def test_fit_trains_the_head_and_leaves_the_frozen_base_exactly_as_it_was(snippet, stated):
    ns = frozen_phase()
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
    # "Most": more than half (measured: 67% to 71%, depending on the backend).
    assert ns["head_accuracy"] > 0.5
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
    )


@pytest.mark.claim(
    PAGE,
    "After the new `compile()`, all {arrays} weight arrays ({numbers:,} numbers) are trainable. "
    "Fine-tuning moves the base's weights and raises the held-out accuracy.",
)
def test_fine_tuning_trains_the_base_after_a_new_compile(snippet, stated):
    ns = snippet(FILE).namespace
    model, base = ns["model"], ns["base"]
    assert base.trainable and model.non_trainable_weights == []
    assert {id(w) for w in model.trainable_weights} == {id(w) for w in model.weights}
    # Every array of the base moved, not just one.
    for weight, before in zip(base.get_weights(), ns["base_before"], strict=True):
        assert np.abs(weight - before).max() > MOVED
    assert ns["tuned_accuracy"] > ns["head_accuracy"]
    # Negative control: unfrozen but without the new compile(), the same fit leaves the base
    # as it was: TensorFlow reuses its old training step, JAX and PyTorch raise ValueError
    # (the table of the page shows the same on another model).
    # (With JAX the weights are lost, so a step counter shows that none was trained.)
    stale = run_sections(FILE, "pretrained", "freeze")
    stale["base"].trainable = True
    before, done = stale["base"].get_weights(), Steps()
    x, y = stale["x_train"], stale["y_train"]
    try:
        stale["model"].fit(x, y, epochs=1, batch_size=16, verbose=0, callbacks=[done])
    except ValueError:
        assert keras.backend.backend() in ("jax", "torch")
    else:
        assert keras.backend.backend() == "tensorflow"
    if keras.backend.backend() == "jax":
        assert done.done == 0
    else:
        assert largest_change(stale["base"].get_weights(), before) == 0.0
    stated(arrays=len(model.trainable_weights), numbers=numbers(model.trainable_weights))


# "Only a little": the default rate moves the base more than FAR times as far (measured: 8.2
# times with TensorFlow, 10.2 with JAX, 7.2 with PyTorch).
FAR = 5


@pytest.mark.claim(
    PAGE,
    "The learning rate, {rate:sci}, is {ratio:w} times lower than Adam's default of {default}, "
    "so that the pretrained weights change only a little: the same {epochs:w} epochs at the "
    "default rate move them more than {far:w} times as far.",
)
def test_a_low_learning_rate_keeps_the_base_close_to_its_pretrained_weights(snippet, stated):
    ns = snippet(FILE).namespace
    rate = float(ns["model"].optimizer.learning_rate.numpy())
    default = inspect.signature(keras.optimizers.Adam).parameters["learning_rate"].default
    small = largest_change(ns["base"].get_weights(), ns["base_before"])
    fast = at_default_rate()
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


def measured_numbers(snippet):
    """The numbers of the page's last table, measured on this backend, each checked against
    what the snippets print."""
    ns, frozen, fast = snippet(FILE).namespace, frozen_phase(), at_default_rate()
    batch_norm = snippet(BATCH_NORM)
    found = {
        "head": largest_change(frozen["head"].get_weights(), frozen["head_before"]),
        "head_accuracy": ns["head_accuracy"],
        "fine": largest_change(ns["base"].get_weights(), ns["base_before"]),
        "tuned_accuracy": ns["tuned_accuracy"],
        "default": largest_change(fast["base"].get_weights(), fast["base_before"]),
        "moving_mean": batch_norm.namespace["unfrozen_change"],
    }
    # Two runs of the same code, same seeds: the same model.
    assert frozen["head_accuracy"] == ns["head_accuracy"]
    printed = snippet(FILE).stdout
    assert f"head, largest change: {found['head']:.3f}\n" in printed
    assert f"held-out accuracy: {found['head_accuracy']:.1%}\n" in printed
    assert f"base, largest change: {found['fine']:.4f}\n" in printed
    assert f"held-out accuracy: {found['tuned_accuracy']:.1%}\n" in printed
    assert f"changes by {found['moving_mean']:.3f}\n" in batch_norm.stdout
    # Fine-tuning raises the accuracy; the default rate moves the base further.
    assert found["tuned_accuracy"] > found["head_accuracy"]
    assert found["default"] > FAR * found["fine"]
    # Negative control: the frozen base itself did not move while the head trained.
    assert largest_change(frozen["base"].get_weights(), frozen["base_before"]) == 0.0
    return found


@pytest.mark.claim(
    PAGE,
    "TensorFlow | {head:.3f} | {head_accuracy:.1%} | {fine:.4f} | {tuned_accuracy:.1%} | "
    "{default:.2f} | {moving_mean:.3f}",
)
def test_the_numbers_with_tensorflow(snippet, stated):
    about_backend("tensorflow")
    stated(**measured_numbers(snippet))


@pytest.mark.claim(
    PAGE,
    "JAX | {head:.3f} | {head_accuracy:.1%} | {fine:.4f} | {tuned_accuracy:.1%} | "
    "{default:.2f} | {moving_mean:.3f}",
)
def test_the_numbers_with_jax(snippet, stated):
    about_backend("jax")
    stated(**measured_numbers(snippet))


@pytest.mark.claim(
    PAGE,
    "PyTorch | {head:.3f} | {head_accuracy:.1%} | {fine:.4f} | {tuned_accuracy:.1%} | "
    "{default:.2f} | {moving_mean:.3f}",
)
def test_the_numbers_with_torch(snippet, stated):
    about_backend("torch")
    stated(**measured_numbers(snippet))


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


def printed(run, steps):
    """What the snippet printed for these steps."""
    prefix = f"{' > '.join(steps)}: "
    (line,) = [line for line in run.stdout.splitlines() if line.startswith(prefix)]
    return line.removeprefix(prefix)


@pytest.mark.claim(PAGE, "The output above is TensorFlow's; the table gives each backend's answer:")
@pytest.mark.claim(
    PAGE,
    "The outputs on this page are TensorFlow's. Here are the page's numbers on each backend, "
    "under the same seed: the largest changes of the weights, and the held-out accuracy.",
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
def test_a_change_to_trainable_counts_after_a_new_compile(snippet, stated):
    run = snippet(ORDERS)
    orders = [tuple(steps) for steps in run.namespace["orders"]]
    assert orders == [*ALL_BACKENDS[:2], FROZEN_AFTER_FIT, ALL_BACKENDS[2], UNFROZEN_AFTER_FIT,
                      ALL_BACKENDS[3]]  # fmt: skip
    measure = run.namespace["last_fit_moves_base"]
    answers = {}
    for number, steps in enumerate(ALL_BACKENDS, start=1):
        change = measure(steps)  # raises if fit raises: none of these does, on any backend
        # "No" means exactly no change; "yes" means a clear one.
        assert change == 0.0 or change > MOVED
        answers[f"row{number}"] = yes_no(change > 0)
        # The snippet's own run printed the same answer (its models had other starting
        # weights, so a "yes" moved by another amount).
        shown = float(printed(run, steps).removeprefix("base moves by "))
        assert shown == 0.0 if change == 0.0 else shown > MOVED
    # Only the last trains the base: the base is trainable at its compile().
    assert list(answers.values()) == ["no", "no", "no", "yes"]
    stated(**answers)


@pytest.mark.claim(PAGE, "compile, fit, freeze, fit | TensorFlow | {frozen}, although it is frozen")
@pytest.mark.claim(
    PAGE, "freeze, compile, fit, unfreeze, fit | TensorFlow | {unfrozen}, although it is unfrozen"
)
def test_a_change_after_fit_with_tensorflow(snippet, stated):
    about_backend("tensorflow")
    run = snippet(ORDERS)
    measure = run.namespace["last_fit_moves_base"]
    frozen, unfrozen = measure(FROZEN_AFTER_FIT), measure(UNFROZEN_AFTER_FIT)
    assert frozen > MOVED and unfrozen == 0.0  # measured: 0.081 and exactly 0
    assert printed(run, FROZEN_AFTER_FIT).startswith("base moves by 0.")
    assert printed(run, UNFROZEN_AFTER_FIT) == "base moves by 0"
    # Negative control: with a compile() after the change, each goes the other way.
    assert measure(("compile", "fit", "freeze", "compile", "fit")) == 0.0
    assert measure(("freeze", "compile", "fit", "unfreeze", "compile", "fit")) > MOVED
    stated(frozen=yes_no(frozen > 0), unfrozen=yes_no(unfrozen > 0))


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
def test_a_change_after_fit_with_jax(snippet, stated):
    about_backend("jax")
    run = snippet(ORDERS)
    x, y = run.namespace["x"], run.namespace["y"]
    # Not one training step completes, and the base's weights can no longer be read (None).
    frozen, frozen_error, frozen_steps = last_fit(FROZEN_AFTER_FIT, x, y)
    unfrozen, unfrozen_error, unfrozen_steps = last_fit(UNFROZEN_AFTER_FIT, x, y)
    assert frozen_steps == unfrozen_steps == 0 and frozen is unfrozen is None
    assert type(frozen_error) is type(unfrozen_error) is ValueError
    # The snippet, as readers run it, says the same.
    for steps in (FROZEN_AFTER_FIT, UNFROZEN_AFTER_FIT):
        assert printed(run, steps) == "fit raises ValueError"
        with pytest.raises(ValueError):
            run.namespace["last_fit_moves_base"](steps)
    # Negative control: with a compile() after the change, neither raises, and the steps run.
    change, error, done = last_fit(("compile", "fit", "freeze", "compile", "fit"), x, y)
    assert (change, error) == (0.0, None) and done > 0
    change, error, _ = last_fit(("freeze", "compile", "fit", "unfreeze", "compile", "fit"), x, y)
    assert error is None and change > MOVED
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
def test_a_change_after_fit_with_torch(snippet, stated):
    about_backend("torch")
    run = snippet(ORDERS)
    x, y = run.namespace["x"], run.namespace["y"]
    frozen, frozen_error, done = last_fit(FROZEN_AFTER_FIT, x, y)
    unfrozen, unfrozen_error, _ = last_fit(UNFROZEN_AFTER_FIT, x, y)
    assert frozen_error is None and frozen == 0.0 and done > 0  # it trains, but not the base
    assert type(unfrozen_error) is ValueError and unfrozen == 0.0
    assert printed(run, FROZEN_AFTER_FIT) == "base moves by 0"
    assert printed(run, UNFROZEN_AFTER_FIT) == "fit raises ValueError"
    # Negative control: unfrozen, the same second fit does train the base.
    change, error, _ = last_fit(("compile", "fit", "fit"), x, y)
    assert error is None and change > MOVED
    stated(
        frozen=yes_no(frozen > 0),
        unfrozen=yes_no(unfrozen > 0),
        unfrozen_error=type(unfrozen_error).__name__,
    )


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
def test_fit_keeps_the_training_step_it_built_until_compile(snippet):
    about_backend("tensorflow")
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
    ns = snippet(ORDERS).namespace
    x, y = ns["x"][:256], ns["y"][:256]
    model, base = new_model()
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
    '`compile()` time"; the second line of the table shows that a change made after '
    "`compile()` but before the first `fit` still counts.",
)
def test_a_change_before_the_first_fit_still_counts(snippet, stated):
    run = snippet(ORDERS)
    measure = run.namespace["last_fit_moves_base"]
    docstring = " ".join(keras.Model.compile.__doc__.split())
    assert "Trainable variables are determined at `compile()` time." in docstring
    # The second line: compile, freeze, fit.
    steps = tuple(run.namespace["orders"][1])
    assert steps == ("compile", "freeze", "fit")
    assert measure(steps) == 0.0
    assert printed(run, steps) == "base moves by 0"
    # Negative control: without the freeze, that fit trains the base.
    x, y = run.namespace["x"], run.namespace["y"]
    change, error, _ = last_fit(("compile", "fit"), x, y)
    assert error is None and change > MOVED
    stated(keras=keras.__version__)


# NumPy 2's DeprecationWarning about `__array__(copy=...)`, which reading Keras variables into
# NumPy draws from Keras's PyTorch backend (docs/how-to/save-and-reload-shared-layers.md): it
# is not about freezing, and Python hides it from readers.
ARRAY_WARNING = "__array__ implementation doesn't accept a copy keyword"


@pytest.mark.claim(
    PAGE,
    "Keras {keras} gives no warning when `trainable` changes between two `fit` calls with no "
    "`compile()` between them, on any backend. A warning for this was added by "
    "keras-team/keras#22787, but the line that would issue it comes right after a `raise`, so "
    "it never runs.",
)
def test_keras_does_not_warn_about_a_stale_training_step(snippet, stated):
    run = snippet(ORDERS)
    x, y = run.namespace["x"], run.namespace["y"]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for steps in (FROZEN_AFTER_FIT, UNFROZEN_AFTER_FIT):
            last_fit(steps, x, y)  # TensorFlow trains stale, JAX and PyTorch may raise
    assert [w for w in caught if not str(w.message).startswith(ARRAY_WARNING)] == []
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
    "unfrozen, one epoch moves it, although the base was called with `training=False`. `fit` "
    "calls the model with `training=True`, and a Functional model called with a `training` "
    "value passes it to each layer that takes one, in place of the value given when the model "
    "was built (`operation_fn`).",
)
def test_training_false_does_not_keep_batch_norm_in_inference_mode_during_fit(snippet, stated):
    ns = snippet(BATCH_NORM).namespace
    assert ns["frozen_change"] == 0.0 and ns["unfrozen_change"] > MOVED
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
    stated(frozen=ns["frozen_change"])


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
    assert np.abs(as_numpy(layer(x, training=True)).mean(axis=0) - beta).max() < 1e-3
    layer.trainable = False
    mean, variance = layer.moving_mean.numpy(), layer.moving_variance.numpy()
    frozen = as_numpy(layer(x, training=True))
    # Inference mode: the stored statistics, exactly as with training=False...
    assert np.array_equal(frozen, as_numpy(layer(x, training=False)))
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
