# --8<-- [start:setup]
import keras
import numpy as np

# --8<-- [end:setup]

# --8<-- [start:sequential]
# A chain: each layer takes the previous layer's output as its only input.
sequential_model = keras.Sequential(
    [
        keras.Input(shape=(784,)),
        keras.layers.Dense(32, activation="relu"),
    ]
)
print(f"parameters: {sequential_model.count_params():,}")
# --8<-- [end:sequential]

# --8<-- [start:functional]
# A graph: call layers on symbolic tensors, then name the graph's two ends.
inputs = keras.Input(shape=(784,))
outputs = keras.layers.Dense(32, activation="relu")(inputs)
functional_model = keras.Model(inputs=inputs, outputs=outputs)
print(f"parameters: {functional_model.count_params():,}")
# --8<-- [end:functional]

# --8<-- [start:compare]
rng = np.random.default_rng(0)
# 64 made-up "images" of 784 pixels.
x = rng.random((64, 784), dtype=np.float32)

# A stand-in for training: give the Sequential model new random weights.
trained = [
    rng.normal(size=w.shape).astype("float32")
    for w in sequential_model.get_weights()
]
sequential_model.set_weights(trained)
before = np.abs(
    sequential_model.predict(x, verbose=0)
    - functional_model.predict(x, verbose=0)
).max()
print(f"largest difference, different weights: {before:.1e}")

# Copy them into the Functional model, and the two compute the same function.
functional_model.set_weights(sequential_model.get_weights())
after = np.abs(
    sequential_model.predict(x, verbose=0)
    - functional_model.predict(x, verbose=0)
).max()
print(f"largest difference, same weights: {after:.1e}")
# --8<-- [end:compare]

# --8<-- [start:layers]
# Layer by layer: the same types with the same output shapes, in the same
# order. The Functional model also lists its InputLayer; a Sequential model
# keeps its own hidden.
for model in (sequential_model, functional_model):
    layers = [
        (type(layer).__name__, layer.output.shape) for layer in model.layers
    ]
    print(type(model).__name__, layers)
# --8<-- [end:layers]

# --8<-- [start:nest]
# A Sequential model is a layer too: call it on a symbolic tensor inside a
# Functional graph.
images = keras.Input(shape=(784,))
features = sequential_model(images)
print(f"output of the nested Sequential model: {features.shape}")
wrapper = keras.Model(
    images, keras.layers.Dense(10, activation="softmax")(features)
)
print(f"wrapper parameters: {wrapper.count_params():,}")
# --8<-- [end:nest]
