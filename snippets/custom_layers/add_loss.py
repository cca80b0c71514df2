# --8<-- [start:functional]
import keras
import numpy as np

# The same starting weights on every run.
keras.utils.set_random_seed(0)

# 32 stand-in rows of 64 values
x = np.random.default_rng(0).random((32, 64), dtype="float32")

# An autoencoder, and a penalty on its 16-value code added from outside.
inputs = keras.Input(shape=(64,))
code = keras.layers.Dense(16, activation="relu")(inputs)
outputs = keras.layers.Dense(64, activation="sigmoid")(code)
model = keras.Model(inputs, outputs)
try:
    model.add_loss(1e-2 * keras.ops.sum(keras.ops.abs(code)))
except NotImplementedError as error:
    print(f"{type(error).__name__}, message: {str(error)!r}")
# --8<-- [end:functional]


# --8<-- [start:layer]
# The same penalty, added by a layer on each call.
@keras.saving.register_keras_serializable(package="my_layers")
class SparsityPenalty(keras.layers.Layer):
    """Passes its input on, and adds rate * mean(sum(|input|)) to the loss."""

    def __init__(self, rate=1e-2, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate

    def call(self, inputs):
        per_row = keras.ops.sum(keras.ops.abs(inputs), axis=-1)
        self.add_loss(self.rate * keras.ops.mean(per_row))
        return inputs

    def get_config(self):
        return {**super().get_config(), "rate": self.rate}


inputs = keras.Input(shape=(64,))
code = keras.layers.Dense(16, activation="relu")(inputs)
penalised = SparsityPenalty(rate=1e-2)(code)
outputs = keras.layers.Dense(64, activation="sigmoid")(penalised)
autoencoder = keras.Model(inputs, outputs)
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")

# The loss evaluate() reports, on one batch of the 32 rows...
loss = autoencoder.evaluate(x, x, batch_size=32, verbose=0)
print(f"evaluate's loss: {loss:.4f}")
# ...is the reconstruction loss plus the penalty of the call.
bce = keras.losses.BinaryCrossentropy()(x, autoencoder(x))
bce = float(keras.ops.convert_to_numpy(bce))
penalty = float(keras.ops.convert_to_numpy(autoencoder.losses[0]))
print(f"reconstruction {bce:.4f} + penalty {penalty:.4f}", end=" ")
print(f"= {bce + penalty:.4f}")
# --8<-- [end:layer]
