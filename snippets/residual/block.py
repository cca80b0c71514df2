# --8<-- [start:block]
import keras
import numpy as np


# A residual block adds its input to what its branch computes: x + f(x).
def residual_block(x, units):
    branch = keras.layers.Dense(units, activation="relu")(x)
    branch = keras.layers.Dense(units)(branch)
    return keras.layers.Add()([x, branch])


inputs = keras.Input(shape=(16,))
outputs = residual_block(inputs, units=16)
model = keras.Model(inputs, outputs)

print(f"input shape: {model.input_shape}, output shape: {model.output_shape}")
print(f"parameters: {model.count_params()}")
# --8<-- [end:block]

# --8<-- [start:identity]
# With the branch's last layer zeroed, f(x) = 0 and the block passes its input
# through.
x = np.random.default_rng(0).normal(size=(100, 16)).astype("float32")
change = np.abs(model.predict(x, verbose=0) - x).max()
print(f"before: largest |output - input| = {change:.2f}")

last_branch_layer = model.layers[2]  # layers: InputLayer, Dense, Dense, Add
last_branch_layer.set_weights(
    [np.zeros_like(w) for w in last_branch_layer.get_weights()]
)
change = np.abs(model.predict(x, verbose=0) - x).max()
print(f"after: largest |output - input| = {change}")
# --8<-- [end:identity]

# --8<-- [start:broadcast]
# Add broadcasts, as NumPy does: a one-unit branch is added to every feature.
one_unit = residual_block(keras.Input(shape=(16,)), units=1)
print(f"16 features + a 1-unit branch: {one_unit.shape}")

# Shapes that do not broadcast are refused when the block is built.
try:
    residual_block(keras.Input(shape=(8,)), units=16)
except ValueError as error:
    print(f"ValueError: {error}")
# --8<-- [end:broadcast]


# --8<-- [start:projected]
# To change the width, project the shortcut to the branch's width too.
def projected_block(x, units):
    shortcut = keras.layers.Dense(units, name="projection")(x)
    branch = keras.layers.Dense(units, activation="relu")(x)
    branch = keras.layers.Dense(units)(branch)
    return keras.layers.Add()([shortcut, branch])


narrow = keras.Input(shape=(8,))
wider = keras.Model(narrow, projected_block(narrow, units=16))
print(f"input shape: {wider.input_shape}, output shape: {wider.output_shape}")
print(f"parameters: {wider.count_params()}")
print(f"  projection: {wider.get_layer('projection').count_params()}")
# --8<-- [end:projected]
