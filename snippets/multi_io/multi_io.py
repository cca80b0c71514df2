# --8<-- [start:data]
import keras
import numpy as np
from sklearn.datasets import load_digits

digits = load_digits()
pixels = (digits.data / 16.0).astype("float32")  # 1,797 images of 64 pixels
# A second, small input: how much ink each image has, and how spread out it
# is.
ink = np.stack([pixels.mean(axis=1), pixels.std(axis=1)], axis=1)
# Two targets: the digit (0-9), and whether it is even (1.0) or odd (0.0).
digit = digits.target
is_even = (digit % 2 == 0).astype("float32")
# --8<-- [end:data]

# --8<-- [start:model]
# Two inputs, merged into one hidden layer, which feeds two named outputs.
pixels_input = keras.Input(shape=(64,), name="pixels")
ink_input = keras.Input(shape=(2,), name="ink")
merged = keras.layers.Concatenate()([pixels_input, ink_input])
hidden = keras.layers.Dense(32, activation="relu")(merged)
digit_output = keras.layers.Dense(10, activation="softmax", name="digit")(
    hidden
)
is_even_output = keras.layers.Dense(1, activation="sigmoid", name="is_even")(
    hidden
)
model = keras.Model([pixels_input, ink_input], [digit_output, is_even_output])

print(f"parameters: {model.count_params():,}")
# --8<-- [end:model]

# --8<-- [start:train]
# Losses, metrics and targets are keyed by the outputs' names.
model.compile(
    optimizer="adam",
    loss={
        "digit": "sparse_categorical_crossentropy",
        "is_even": "binary_crossentropy",
    },
    metrics={"digit": ["accuracy"], "is_even": ["accuracy"]},
)
history = model.fit(
    [pixels, ink],
    {"digit": digit, "is_even": is_even},
    epochs=3,
    batch_size=64,
    verbose=0,
)
print(f"history keys: {sorted(history.history)}")
# --8<-- [end:train]

# --8<-- [start:predict]
# Outputs given as a list come back as a list, in the same order.
predictions = model.predict([pixels[:5], ink[:5]], verbose=0)
shapes = [p.shape for p in predictions]
print(f"predict returns a {type(predictions).__name__}: {shapes}")
# --8<-- [end:predict]
