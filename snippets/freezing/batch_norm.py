# --8<-- [start:training_false]
import keras
import numpy as np
from sklearn.datasets import load_digits

# The same starting weights and batches on every run.
keras.utils.set_random_seed(0)

digits = load_digits()
x = (digits.data / 16.0).astype("float32")
y = digits.target
old_task = y < 5
x_new, y_new = x[~old_task], y[~old_task] - 5

# A base with a BatchNormalization layer, pretrained on the digits 0-4.
inputs = keras.Input(shape=(64,))
hidden = keras.layers.Dense(32)(inputs)
hidden = keras.layers.BatchNormalization(name="batch_norm")(hidden)
base = keras.Model(inputs, keras.layers.ReLU()(hidden), name="base")
old_model = keras.Sequential(
    [base, keras.layers.Dense(5, activation="softmax")]
)
old_model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
old_model.fit(x[old_task], y[old_task], epochs=5, verbose=0)
batch_norm = base.get_layer("batch_norm")


def fit_and_measure():
    """Train one epoch; return how far the moving mean moved."""
    before = batch_norm.moving_mean.numpy()
    model.fit(x_new, y_new, verbose=0)
    return float(np.abs(batch_norm.moving_mean.numpy() - before).max())


# keras.io's recipe: call the base with training=False, freeze it, train a
# new head; then unfreeze, compile, and fine-tune.
base.trainable = False
new_inputs = keras.Input(shape=(64,))
features = base(new_inputs, training=False)
outputs = keras.layers.Dense(5, activation="softmax")(features)
model = keras.Model(new_inputs, outputs)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
frozen_change = fit_and_measure()
print(f"frozen: moving mean changes by {frozen_change}")

base.trainable = True
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-4),
    loss="sparse_categorical_crossentropy",
)
unfrozen_change = fit_and_measure()
print(f"unfrozen: moving mean changes by {unfrozen_change:.3f}")
# --8<-- [end:training_false]

# --8<-- [start:freeze_batch_norm]
# Keep the BatchNormalization layers frozen while the rest fine-tunes.
for layer in base.layers:
    if isinstance(layer, keras.layers.BatchNormalization):
        layer.trainable = False
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=1e-4),
    loss="sparse_categorical_crossentropy",
)
dense = base.layers[1]
kernel_before = dense.kernel.numpy()
bn_frozen_change = fit_and_measure()
kernel_change = np.abs(dense.kernel.numpy() - kernel_before).max()
print(f"moving mean changes by {bn_frozen_change}")
print(f"Dense kernel changes by {kernel_change:.4f}")
# --8<-- [end:freeze_batch_norm]
