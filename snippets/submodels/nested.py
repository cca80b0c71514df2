# --8<-- [start:model]
import keras
import numpy as np
from sklearn.datasets import load_digits

# The same starting weights on every run.
keras.utils.set_random_seed(0)

pixels = load_digits().data.astype("float32")  # values 0 to 16

# A base model, as you would reuse one in transfer learning...
base_inputs = keras.Input(shape=(64,))
hidden = keras.layers.Dense(32, activation="relu", name="hidden")(base_inputs)
code = keras.layers.Dense(8, activation="relu", name="code")(hidden)
base = keras.Model(base_inputs, code, name="base")

# ...called as one layer of a bigger model, after a layer of its own.
inputs = keras.Input(shape=(64,), name="pixels")
scaled = keras.layers.Rescaling(1 / 16, name="scale")(inputs)
probabilities = keras.layers.Dense(
    10, activation="softmax", name="probabilities"
)(base(scaled))
outer = keras.Model(inputs, probabilities)
print(f"outer layers: {[layer.name for layer in outer.layers]}")
# --8<-- [end:model]

# --8<-- [start:wrong]
# The inner layer's output belongs to the base's own graph, not the outer's.
inner = outer.get_layer("base").get_layer("hidden")
try:
    keras.Model(outer.input, inner.output)
except ValueError as error:
    print(f"ValueError: {error}")
# --8<-- [end:wrong]

# --8<-- [start:fix]
# 1. A model on the base's own graph, from its inputs to the inner layer.
base = outer.get_layer("base")  # the same object as `base` above
base_features = keras.Model(base.inputs, base.get_layer("hidden").output)

# 2. Call it on the tensor the outer model feeds the base, so that the new
# model starts at the outer model's input and scales the pixels too.
feed = outer.get_layer("scale").output
features = keras.Model(outer.inputs, base_features(feed))
print(f"features: {features.predict(pixels, verbose=0).shape}")
# --8<-- [end:fix]

# --8<-- [start:check]
# Check by hand: ReLU(pixels / 16 @ kernel + bias), with the base's weights.
kernel, bias = base.get_layer("hidden").get_weights()
by_hand = np.maximum(pixels / 16 @ kernel + bias, 0.0)
difference = np.abs(features.predict(pixels, verbose=0) - by_hand).max()
print(f"largest activation: {by_hand.max():.2f}")
print(f"largest difference from the hand computation: {difference:.1e}")
# --8<-- [end:check]
