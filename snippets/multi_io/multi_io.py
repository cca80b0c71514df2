# --8<-- [start:data]
import keras
import numpy as np
from sklearn.datasets import load_digits

# The same starting weights on every run.
keras.utils.set_random_seed(0)

digits = load_digits()
pixels = (digits.data / 16.0).astype("float32")  # 1,797 images of 64 pixels
# A second, small input: how much ink each image has (the mean pixel), and
# how much its pixels vary (their standard deviation).
ink = np.stack([pixels.mean(axis=1), pixels.std(axis=1)], axis=1)
# Two targets: the digit (0-9), and whether it is even (1.0) or odd (0.0).
digit = digits.target
is_even = (digit % 2 == 0).astype("float32")

print(f"inputs: pixels {pixels.shape}, ink {ink.shape}")
print(f"targets: digit {digit.shape}, is_even {is_even.shape}")
# --8<-- [end:data]

# --8<-- [start:model]
# Two inputs, merged into one hidden layer, which feeds two named outputs.
pixels_input = keras.Input(shape=(64,), name="pixels")
ink_input = keras.Input(shape=(2,), name="ink")
merged = keras.layers.Concatenate()([pixels_input, ink_input])
hidden = keras.layers.Dense(32, activation="relu", name="hidden")(merged)
digit_output = keras.layers.Dense(10, activation="softmax", name="digit")(
    hidden
)
is_even_output = keras.layers.Dense(1, activation="sigmoid", name="is_even")(
    hidden
)
model = keras.Model([pixels_input, ink_input], [digit_output, is_even_output])

print(f"parameters: {model.count_params():,}")
for layer in model.layers:
    if layer.weights:
        print(f"  {layer.name}: {layer.count_params():,}")
# --8<-- [end:model]

# --8<-- [start:train]
# Losses, loss weights, metrics and targets are keyed by the outputs' names,
# and the inputs by the Inputs' names.
loss_weights = {"digit": 1.0, "is_even": 0.5}
model.compile(
    optimizer="adam",
    loss={
        "digit": "sparse_categorical_crossentropy",
        "is_even": "binary_crossentropy",
    },
    loss_weights=loss_weights,
    metrics={"digit": ["accuracy"], "is_even": ["accuracy"]},
)
inputs = {"pixels": pixels, "ink": ink}
targets = {"digit": digit, "is_even": is_even}
history = model.fit(inputs, targets, epochs=3, batch_size=64, verbose=0)
print(f"history keys: {sorted(history.history)}")
# --8<-- [end:train]

# --8<-- [start:total]
# All images in one batch, so that every loss is a mean over the same images.
scores = model.evaluate(
    inputs, targets, batch_size=len(pixels), verbose=0, return_dict=True
)
weighted = sum(w * scores[f"{name}_loss"] for name, w in loss_weights.items())
print(f"loss: {scores['loss']:.4f}")
print(f"weighted sum of the output losses: {weighted:.4f}")
# --8<-- [end:total]

# --8<-- [start:predict]
# predict takes a dict of inputs too. Outputs given as a list come back as a
# list, in the same order.
predictions = model.predict({"pixels": pixels[:5], "ink": ink[:5]}, verbose=0)
shapes = [p.shape for p in predictions]
print(f"predict returns a {type(predictions).__name__}: {shapes}")

# Built with a dict of outputs, a model returns a dict.
by_name = keras.Model(
    model.inputs, {"digit": digit_output, "is_even": is_even_output}
)
named = by_name.predict({"pixels": pixels[:5], "ink": ink[:5]}, verbose=0)
shapes = {name: array.shape for name, array in named.items()}
print(f"by_name.predict returns a {type(named).__name__}: {shapes}")
# --8<-- [end:predict]
