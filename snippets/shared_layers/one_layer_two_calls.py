# --8<-- [start:create]
import keras
import numpy as np

# A new layer has no variables yet: it creates them on its first call,
# when it learns the size of its input.
dense = keras.layers.Dense(8, name="shared_dense")
print(f"variables before any call: {len(dense.weights)}")
print(f"built: {dense.built}")
# --8<-- [end:create]

# --8<-- [start:first_call]
# The first call builds the layer: a 4 x 8 kernel and 8 biases.
first_input = keras.Input(shape=(4,), name="first")
first_output = dense(first_input)
kernel = dense.kernel
variables, parameters = len(dense.weights), dense.count_params()
print(f"after one call: {variables} variables, {parameters} parameters")
# --8<-- [end:first_call]

# --8<-- [start:second_call]
# The second call, on another tensor, reuses them: nothing new is created.
second_input = keras.Input(shape=(4,), name="second")
second_output = dense(second_input)
variables, parameters = len(dense.weights), dense.count_params()
print(f"after two calls: {variables} variables, {parameters} parameters")
print(f"same kernel object as after the first call: {dense.kernel is kernel}")
# --8<-- [end:second_call]

# --8<-- [start:model]
# A model made of both calls holds the layer once, and its variables once.
model = keras.Model(
    [first_input, second_input], [first_output, second_output]
)
print(f"model layers: {[layer.name for layer in model.layers]}")
print(f"model parameters: {model.count_params()}")

# The same data on both inputs gives the same outputs.
x = np.random.default_rng(0).random((16, 4), dtype="float32")
first, second = model.predict([x, x], verbose=0)
print(f"largest difference between outputs: {np.abs(first - second).max()}")
# --8<-- [end:model]

# --8<-- [start:train]
# Train a model made of the second call alone...
second_path = keras.Model(second_input, second_output)
second_path.compile(optimizer="sgd", loss="mse")
before = model.predict([x, x], verbose=0)[0]
second_path.fit(x, np.ones((16, 8)), epochs=5, verbose=0)
# ...and look at the first call's output.
after = model.predict([x, x], verbose=0)[0]
moved = np.abs(after - before).max()
print(f"first call's output moved by up to {moved:.2f}")
# --8<-- [end:train]

# --8<-- [start:output]
# `layer.output` and `layer.input` belong to the FIRST call only.
print(f"dense.output is first_output: {dense.output is first_output}")
print(f"dense.output is second_output: {dense.output is second_output}")
print(f"dense.input is first_input: {dense.input is first_input}")
# --8<-- [end:output]
