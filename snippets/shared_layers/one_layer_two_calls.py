# --8<-- [start:create]
import keras

# A new layer has no variables yet: it creates them on its first call,
# when it learns the size of its input.
dense = keras.layers.Dense(8, name="shared_dense")
print(f"variables before any call: {len(dense.weights)}")
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
# --8<-- [end:model]

# --8<-- [start:output]
# `layer.output` and `layer.input` belong to the FIRST call only.
print(f"dense.output is first_output: {dense.output is first_output}")
print(f"dense.output is second_output: {dense.output is second_output}")
print(f"dense.input is first_input: {dense.input is first_input}")
# --8<-- [end:output]

# --8<-- [start:get_output_at]
# Keras 2's way to reach the other calls, get_output_at(index), is gone.
try:
    dense.get_output_at(1)
except AttributeError as error:
    print(f"{type(error).__name__}: {error}")
# --8<-- [end:get_output_at]
