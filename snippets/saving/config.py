# --8<-- [start:config]
import keras
import numpy as np

# 64 stand-in images
images = np.random.default_rng(0).random((64, 784), dtype="float32")

inputs = keras.Input(shape=(784,))
encoded = keras.layers.Dense(32, activation="relu", name="encoding")(inputs)
decoded = keras.layers.Dense(
    784, activation="sigmoid", name="reconstruction"
)(encoded)
autoencoder = keras.Model(inputs, decoded)

# get_config() describes the architecture only: from_config() builds it with
# new weights.
twin = keras.Model.from_config(autoencoder.get_config())
original = autoencoder.predict(images, verbose=0)
difference = np.abs(twin.predict(images, verbose=0) - original).max()
print(f"new weights, largest difference: {difference:.2f}")

# Copy the weights over, and the twin computes the same function.
twin.set_weights(autoencoder.get_weights())
difference = np.abs(twin.predict(images, verbose=0) - original).max()
print(f"same weights, largest difference: {difference}")
# --8<-- [end:config]

# --8<-- [start:clone]
# clone_model() does the same in one call. Neither shares a layer with the
# original.
clone = keras.models.clone_model(autoencoder)
encoding = autoencoder.get_layer("encoding")
print(f"twin shares a layer: {twin.get_layer('encoding') is encoding}")
print(f"clone shares a layer: {clone.get_layer('encoding') is encoding}")
# --8<-- [end:clone]
