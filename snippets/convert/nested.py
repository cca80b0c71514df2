import keras

# A Sequential stack of layers...
body = keras.Sequential(
    [
        keras.Input(shape=(64,)),
        keras.layers.Dense(32, activation="relu"),
        keras.layers.Dense(16, activation="relu"),
    ],
    name="body",
)

# ...is itself a layer: call it on a tensor like any other, inside a
# Functional model.
pixels = keras.Input(shape=(64,), name="pixels")
hidden = body(pixels)
probabilities = keras.layers.Dense(
    10, activation="softmax", name="probabilities"
)(hidden)
model = keras.Model(pixels, probabilities)

head = model.get_layer("probabilities")
print(f"layers: {[layer.name for layer in model.layers]}")
print(f"body: {body.count_params():,} parameters")
print(f"head: {head.count_params():,} parameters")
print(f"model parameters: {model.count_params():,}")
