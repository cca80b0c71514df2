# --8<-- [start:layer]
import tempfile
from pathlib import Path

import keras
import numpy as np

# The same starting weights on every run.
keras.utils.set_random_seed(0)


# Registered, so that load_model finds the class by its name.
@keras.saving.register_keras_serializable(package="my_layers")
class NoisyDense(keras.layers.Layer):
    """A dense layer that adds Gaussian noise to its output in training."""

    def __init__(self, units, noise=0.1, **kwargs):
        super().__init__(**kwargs)
        self.units = units
        self.noise = noise
        self.seed_generator = keras.random.SeedGenerator()

    def build(self, input_shape):
        # Called once, with the shape of the first input: make the weights.
        self.kernel = self.add_weight(
            shape=(input_shape[-1], self.units),
            initializer="glorot_uniform",
            name="kernel",
        )
        self.bias = self.add_weight(
            shape=(self.units,), initializer="zeros", name="bias"
        )

    def call(self, inputs, training=False):
        outputs = keras.ops.matmul(inputs, self.kernel) + self.bias
        if training:
            noise = keras.random.normal(
                keras.ops.shape(outputs),
                stddev=self.noise,
                seed=self.seed_generator,
            )
            outputs = outputs + noise
        return outputs

    def get_config(self):
        # Everything __init__ needs to make the layer again.
        config = super().get_config()
        return {**config, "units": self.units, "noise": self.noise}


# --8<-- [end:layer]


# --8<-- [start:model]
noisy = NoisyDense(16, name="noisy")
print(f"weights before the first call: {len(noisy.weights)}")

# A classifier of 64-value rows (8 x 8 images), with the layer inside.
inputs = keras.Input(shape=(64,))
hidden = keras.layers.Activation("relu")(noisy(inputs))
outputs = keras.layers.Dense(10, activation="softmax")(hidden)
model = keras.Model(inputs, outputs)

shapes = ", ".join(f"{w.name} {tuple(w.shape)}" for w in noisy.weights)
print(f"weights after: {shapes}")
print(f"parameters of the layer: {noisy.count_params():,}")
print(f"parameters of the model: {model.count_params():,}")
# --8<-- [end:model]

# --8<-- [start:training]
# 8 stand-in rows
x = np.random.default_rng(0).random((8, 64), dtype="float32")

# predict() runs the layers in inference: no noise, the same output twice.
first = model.predict(x, verbose=0)
second = model.predict(x, verbose=0)
print(f"inference, twice: largest difference {np.abs(second - first).max()}")

# With training=True (as fit() calls it), the layer adds its noise.
noisy_run = keras.ops.convert_to_numpy(model(x, training=True))
print(f"training: largest difference {np.abs(noisy_run - first).max():.3f}")
# --8<-- [end:training]

# --8<-- [start:save]
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "classifier.keras"
    model.save(path)
    loaded = keras.models.load_model(path)  # no custom_objects needed

layer = loaded.get_layer("noisy")
print(f"saved as: {keras.saving.get_registered_name(NoisyDense)}")
print(f"loaded: {type(layer).__name__}({layer.units}, noise={layer.noise})")
difference = np.abs(loaded.predict(x, verbose=0) - first).max()
print(f"largest difference after the round trip: {difference}")
# --8<-- [end:save]
