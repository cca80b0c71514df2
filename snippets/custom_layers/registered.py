import tempfile
from pathlib import Path

import keras
import numpy as np


# Registered under "my_layers>Scale": load_model finds it by that name.
@keras.saving.register_keras_serializable(package="my_layers")
class Scale(keras.layers.Layer):
    """Multiplies its input by a fixed factor."""

    def __init__(self, factor=2.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor

    def call(self, inputs):
        return inputs * self.factor

    def get_config(self):
        return {**super().get_config(), "factor": self.factor}


inputs = keras.Input(shape=(4,))
hidden = keras.layers.Dense(8, activation="relu")(inputs)
outputs = keras.layers.Dense(1)(Scale(factor=0.5)(hidden))
model = keras.Model(inputs, outputs)
print(f"saved as: {keras.saving.get_registered_name(Scale)}")

x = np.random.default_rng(0).random((8, 4), dtype="float32")
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "scaled.keras"
    model.save(path)
    loaded = keras.models.load_model(path)  # no custom_objects
difference = np.abs(
    loaded.predict(x, verbose=0) - model.predict(x, verbose=0)
)
print(f"largest difference after the round trip: {difference.max()}")
