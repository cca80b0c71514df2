# --8<-- [start:layer]
import tempfile
from pathlib import Path

import keras
import numpy as np


class Scale(keras.layers.Layer):
    """Multiplies its input by a fixed factor."""

    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, inputs):
        return inputs * self.factor

    def get_config(self):
        # Everything __init__ needs to make the layer again.
        return {**super().get_config(), "factor": self.factor}


inputs = keras.Input(shape=(4,))
hidden = keras.layers.Dense(8, activation="relu")(inputs)
outputs = keras.layers.Dense(1)(Scale(factor=0.5)(hidden))
model = keras.Model(inputs, outputs)
print(f"Scale's config: factor={model.layers[2].get_config()['factor']}")
print(f"Scale's parameters: {model.layers[2].count_params()}")
# --8<-- [end:layer]

# --8<-- [start:save]
# 8 example rows, to compare predictions before and after a round trip
x = np.random.default_rng(0).random((8, 4), dtype="float32")
folder = tempfile.TemporaryDirectory()
path = Path(folder.name) / "scaled.keras"
model.save(path)

# Loading needs to know which class "Scale" is: as is, Keras cannot tell.
try:
    keras.models.load_model(path)
except TypeError as error:
    message = str(error)
    reason = message[message.index("Could not locate") :]
    print(f"{type(error).__name__}: ... {reason.split(' If they are')[0]}")
# --8<-- [end:save]

# --8<-- [start:custom_objects]
# Name the class at loading time.
loaded = keras.models.load_model(path, custom_objects={"Scale": Scale})
difference = np.abs(
    loaded.predict(x, verbose=0) - model.predict(x, verbose=0)
)
print(
    f"loaded layer: {type(loaded.layers[2]).__name__}, factor "
    f"{loaded.layers[2].factor}"
)
print(f"largest difference after the round trip: {difference.max()}")
folder.cleanup()
# --8<-- [end:custom_objects]
