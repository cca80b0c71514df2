# --8<-- [start:pretrained]
import keras
import numpy as np
from sklearn.datasets import load_digits

# The same starting weights and batches on every run.
keras.utils.set_random_seed(0)

# 1,797 real 8 x 8 handwritten digits, pixels scaled to [0, 1]
digits = load_digits()
x = (digits.data / 16.0).astype("float32")
y = digits.target

# A stand-in for a pretrained model: a base, with a head, trained to tell
# the digits 0-4 apart. (A real one comes trained, e.g. keras.applications.)
old_task = y < 5
inputs = keras.Input(shape=(64,))
hidden = keras.layers.Dense(64, activation="relu")(inputs)
features = keras.layers.Dense(32, activation="relu")(hidden)
base = keras.Model(inputs, features, name="base")
old_model = keras.Sequential(
    [base, keras.layers.Dense(5, activation="softmax")]
)
old_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
old_model.fit(x[old_task], y[old_task], epochs=20, verbose=0)

# The new task: the digits 5-9 (as classes 0-4), from 300 labelled images.
x_new, y_new = x[~old_task], y[~old_task] - 5
x_train, y_train = x_new[:300], y_new[:300]
x_test, y_test = x_new[300:], y_new[300:]
# --8<-- [end:pretrained]


# --8<-- [start:freeze]
def largest_change(layer, before):
    """The largest absolute change of any of the layer's weights."""
    pairs = zip(layer.get_weights(), before, strict=True)
    return max(float(np.abs(now - then).max()) for now, then in pairs)


def numbers(weights):
    return sum(int(np.prod(weight.shape)) for weight in weights)


# 1. Freeze the base, and put a new head on it.
base.trainable = False
inputs = keras.Input(shape=(64,))
head = keras.layers.Dense(5, activation="softmax", name="new_head")
model = keras.Model(inputs, head(base(inputs)))
trainable, frozen = model.trainable_weights, model.non_trainable_weights
print(f"trainable: {len(trainable)} arrays, {numbers(trainable):,} numbers")
print(f"frozen: {len(frozen)} arrays, {numbers(frozen):,} numbers")

# 2. Compile, and 3. train: only the head learns.
model.compile(
    optimizer="adam",
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
base_before, head_before = base.get_weights(), head.get_weights()
model.fit(x_train, y_train, epochs=40, batch_size=16, verbose=0)
print(f"base, largest change: {largest_change(base, base_before)}")
print(f"head, largest change: {largest_change(head, head_before):.3f}")
head_accuracy = model.evaluate(x_test, y_test, verbose=0)[1]
print(f"held-out accuracy: {head_accuracy:.1%}")
# --8<-- [end:freeze]

# --8<-- [start:fine_tune]
# 4. Unfreeze the base, compile again so that fit picks up the change, and
# train everything at a low learning rate.
base.trainable = True
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-4),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
trainable = model.trainable_weights
print(f"trainable: {len(trainable)} arrays, {numbers(trainable):,} numbers")
base_before = base.get_weights()
model.fit(x_train, y_train, epochs=10, batch_size=16, verbose=0)
print(f"base, largest change: {largest_change(base, base_before):.4f}")
tuned_accuracy = model.evaluate(x_test, y_test, verbose=0)[1]
print(f"held-out accuracy: {tuned_accuracy:.1%}")
# --8<-- [end:fine_tune]
