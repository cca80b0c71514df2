# --8<-- [start:models]
import tempfile
from pathlib import Path

import keras
import numpy as np

# 64 stand-in images
images = np.random.default_rng(0).random((64, 784), dtype="float32")

# An autoencoder, and an encoder made of its first layer: the two share that
# layer.
inputs = keras.Input(shape=(784,))
encoded = keras.layers.Dense(32, activation="relu", name="encoding")(inputs)
decoded = keras.layers.Dense(
    784, activation="sigmoid", name="reconstruction"
)(encoded)
autoencoder = keras.Model(inputs, decoded)
encoder = keras.Model(inputs, encoded)
# --8<-- [end:models]

# --8<-- [start:save]
# Save each model to its own .keras file in a temporary folder, and load them
# back.
with tempfile.TemporaryDirectory() as folder:
    autoencoder.save(Path(folder) / "autoencoder.keras")
    encoder.save(Path(folder) / "encoder.keras")
    loaded_autoencoder = keras.models.load_model(
        Path(folder) / "autoencoder.keras"
    )
    loaded_encoder = keras.models.load_model(Path(folder) / "encoder.keras")

original = autoencoder.predict(images, verbose=0)
difference = np.abs(
    loaded_autoencoder.predict(images, verbose=0) - original
).max()
print(f"largest difference after the round trip: {difference}")
# --8<-- [end:save]

# --8<-- [start:separate]
# Each file holds its own copy of the "encoding" layer: the loaded models
# share nothing.
encoding = loaded_autoencoder.get_layer("encoding")
print(
    f"same layer object: {loaded_encoder.get_layer('encoding') is encoding}"
)

# Zero the loaded autoencoder's encoding kernel: the loaded encoder does not
# notice.
encoding.kernel.assign(np.zeros((784, 32), dtype="float32"))
unchanged = np.abs(
    loaded_encoder.predict(images, verbose=0)
    - encoder.predict(images, verbose=0)
)
print(f"loaded encoder, largest change: {unchanged.max()}")
# --8<-- [end:separate]

# --8<-- [start:rebuild]
# Save only the autoencoder, and rebuild the sub-models from its layers after
# loading.
rebuilt_encoder = keras.Model(loaded_autoencoder.inputs, encoding.output)
encoded_input = keras.Input(shape=(32,))
reconstruction = loaded_autoencoder.get_layer("reconstruction")
rebuilt_decoder = keras.Model(encoded_input, reconstruction(encoded_input))
print(
    f"encoder shares the layer: {rebuilt_encoder.get_layer('encoding') is encoding}"
)
print(
    f"decoder shares the layer: {rebuilt_decoder.layers[-1] is reconstruction}"
)
# --8<-- [end:rebuild]

# --8<-- [start:bad_path]
# The file name must end in .keras (or .h5, the legacy format). Keras checks
# it first.
try:
    autoencoder.save("autoencoder")
except ValueError as error:
    print(f"ValueError: {error}")
# --8<-- [end:bad_path]
