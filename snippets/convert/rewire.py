# --8<-- [start:sequential]
import keras
import numpy as np
from sklearn.datasets import load_digits

# The same starting weights on every run.
keras.utils.set_random_seed(0)

# scikit-learn's 1,797 handwritten digits: 64 pixels each, scaled to [0, 1].
images = (load_digits().data / 16.0).astype("float32")

# The Sequential model to convert.
sequential = keras.Sequential(
    [
        keras.Input(shape=(64,)),
        keras.layers.Dense(32, activation="relu", name="hidden_1"),
        keras.layers.Dense(16, activation="relu", name="hidden_2"),
        keras.layers.Dense(10, activation="softmax", name="probabilities"),
    ]
)
# --8<-- [end:sequential]

# --8<-- [start:one_line]
# The Sequential model's own input and output tensors make a Functional model.
functional = keras.Model(sequential.inputs, sequential.outputs)

kind = type(functional).__name__
print(f"{kind} model: {functional.count_params():,} parameters")
pairs = zip(functional.layers[1:], sequential.layers, strict=True)
same = all(f is s for f, s in pairs)
print(f"same layer objects: {same}")
predictions = functional.predict(images, verbose=0)
difference = np.abs(predictions - sequential.predict(images, verbose=0)).max()
print(f"largest difference between the predictions: {difference:.1e}")
# --8<-- [end:one_line]

# --8<-- [start:own_graph]
# Each layer's `.output`: the tensor it produced inside the Sequential model.
extractor = keras.Model(
    inputs=sequential.inputs,
    outputs=[layer.output for layer in sequential.layers],
)
activations = extractor.predict(images, verbose=0)
print(f"predict returns a {type(activations).__name__}:")
for layer, array in zip(sequential.layers, activations, strict=True):
    print(f"  {layer.name}: {array.shape}")

# Check: apply the layers one after the other to the images, eagerly.
x = images
for layer, array in zip(sequential.layers, activations, strict=True):
    x = layer(x)
    gap = np.abs(array - keras.ops.convert_to_numpy(x)).max()
    value = np.abs(array).max()
    print(f"{layer.name}: largest value {value:.2f}, difference {gap:.1e}")
# --8<-- [end:own_graph]

# --8<-- [start:rewire]
# Call the same layer objects, in order, on a new Input, and keep each layer's
# output.
inputs = keras.Input(shape=(64,))
tensor = inputs
layer_outputs = []
for layer in sequential.layers:
    tensor = layer(tensor)
    layer_outputs.append(tensor)
rewired = keras.Model(inputs, tensor)

print(f"Sequential: {sequential.count_params():,} parameters")
print(f"Re-wired: {rewired.count_params():,} parameters")
pairs = zip(rewired.layers[1:], sequential.layers, strict=True)
same = all(r is s for r, s in pairs)
print(f"same layer objects: {same}")
predictions = rewired.predict(images, verbose=0)
difference = np.abs(predictions - sequential.predict(images, verbose=0)).max()
print(f"largest difference between the predictions: {difference:.1e}")
# --8<-- [end:rewire]

# --8<-- [start:features]
# One model that returns the output of every layer.
features = keras.Model(inputs, layer_outputs)
for layer, output in zip(
    sequential.layers, features.predict(images, verbose=0), strict=True
):
    print(f"{layer.name}: {output.shape}")
# --8<-- [end:features]

# --8<-- [start:pitfall]
# `layer.output` is the tensor from a layer's first call: here, inside the
# Sequential model, a graph that the new Input is not part of.
try:
    keras.Model(inputs, [layer.output for layer in sequential.layers])
except ValueError as error:
    print(f"ValueError: {error}")
# --8<-- [end:pitfall]
