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
print(
    f"before: largest |output - input| = {np.abs(model.predict(x, verbose=0) - x).max():.2f}"
)

last_branch_layer = model.layers[2]  # layers: InputLayer, Dense, Dense, Add
last_branch_layer.set_weights(
    [np.zeros_like(w) for w in last_branch_layer.get_weights()]
)
print(
    f"after: largest |output - input| = {np.abs(model.predict(x, verbose=0) - x).max()}"
)
# --8<-- [end:identity]

# --8<-- [start:mismatch]
# Add needs equal shapes: a block of 16 units cannot add its branch to an
# 8-wide input.
try:
    residual_block(keras.Input(shape=(8,)), units=16)
except ValueError as error:
    print(f"ValueError: {error}")
# --8<-- [end:mismatch]
