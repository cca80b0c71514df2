# --8<-- [start:models]
import tempfile
from pathlib import Path

import keras
import numpy as np

# The same starting weights and batches on every run.
keras.utils.set_random_seed(0)

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

# The reloaded encoder computes what the original encoder computes...
features = reloaded_encoder.predict(images, verbose=0)
change = np.abs(features - encoder.predict(images, verbose=0)).max()
print(f"reloaded vs. original encoder, largest difference: {change}")

# ...and training the reloaded autoencoder trains it: it is one of its layers.
reloaded.compile(optimizer="adam", loss="binary_crossentropy")
reloaded.fit(images, images, epochs=5, verbose=0)
moved = np.abs(reloaded_encoder.predict(images, verbose=0) - features).max()
print(
    f"after training the autoencoder, encoder's largest change: {moved:.2f}"
)
# --8<-- [end:reload]
