# --8<-- [start:models]
import tempfile
from pathlib import Path

import keras
import numpy as np

# 64 stand-in images
images = np.random.default_rng(0).random((64, 784), dtype="float32")

# The encoder and the decoder as models of their own, and the autoencoder as
# a model that calls them: they become two of its layers.
encoder = keras.Sequential(
    [keras.Input(shape=(784,)), keras.layers.Dense(32, activation="relu")],
    name="encoder",
)
decoder = keras.Sequential(
    [keras.Input(shape=(32,)), keras.layers.Dense(784, activation="sigmoid")],
    name="decoder",
)
inputs = keras.Input(shape=(784,), name="images")
autoencoder = keras.Model(inputs, decoder(encoder(inputs)))
print([layer.name for layer in autoencoder.layers])
# --8<-- [end:models]

# --8<-- [start:reload]
# Save the autoencoder alone. After loading it, take its encoder and decoder
# out by name: there is nothing to rebuild.
with tempfile.TemporaryDirectory() as folder:
    autoencoder.save(Path(folder) / "autoencoder.keras")
    reloaded = keras.models.load_model(Path(folder) / "autoencoder.keras")
reloaded_encoder = reloaded.get_layer("encoder")
reloaded_decoder = reloaded.get_layer("decoder")

print(
    f"the autoencoder's own encoder: {reloaded.layers[1] is reloaded_encoder}"
)
print(
    f"the autoencoder's own decoder: {reloaded.layers[2] is reloaded_decoder}"
)
features = reloaded_encoder.predict(images, verbose=0)
change = np.abs(features - encoder.predict(images, verbose=0)).max()
print(f"reloaded vs. original encoder, largest difference: {change}")
# --8<-- [end:reload]
