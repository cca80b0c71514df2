# --8<-- [start:models]
import tempfile
import warnings
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
# Save only the autoencoder, and load it back.
with tempfile.TemporaryDirectory() as folder:
    autoencoder.save(Path(folder) / "autoencoder.keras")
    reloaded = keras.models.load_model(Path(folder) / "autoencoder.keras")

# Rebuild the encoder and the decoder from the reloaded autoencoder's layers.
encoding = reloaded.get_layer("encoding")
rebuilt_encoder = keras.Model(reloaded.inputs, encoding.output)
code = keras.Input(shape=(32,))
reconstruction = reloaded.get_layer("reconstruction")
rebuilt_decoder = keras.Model(code, reconstruction(code))

decoding = rebuilt_decoder.layers[-1]
print(f"same encoding layer: {rebuilt_encoder.layers[-1] is encoding}")
print(f"same reconstruction layer: {decoding is reconstruction}")
features = rebuilt_encoder.predict(images, verbose=0)
change = np.abs(features - encoder.predict(images, verbose=0)).max()
print(f"rebuilt vs. original encoder, largest difference: {change}")
# --8<-- [end:rebuild]

# --8<-- [start:warning]
# Record every warning save() triggers, including those Python hides.
models = {"autoencoder": autoencoder, "encoder": encoder}
with tempfile.TemporaryDirectory() as folder:
    for name, model in models.items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model.save(Path(folder) / f"{name}.keras")
        print(f"{name}: {len(model.weights)} weights, {len(caught)} warnings")

where = Path(caught[0].filename).relative_to(Path(keras.__file__).parents[1])
print(f"{caught[0].category.__name__} from {where}, line {caught[0].lineno}:")
print(caught[0].message)
# --8<-- [end:warning]
