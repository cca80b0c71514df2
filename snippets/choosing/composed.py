# --8<-- [start:compose]
import keras
import numpy as np

# Two Sequential models...
encoder = keras.Sequential(
    [keras.Input(shape=(784,)), keras.layers.Dense(32, activation="relu")],
    name="encoder",
)
decoder = keras.Sequential(
    [keras.Input(shape=(32,)), keras.layers.Dense(784, activation="sigmoid")],
    name="decoder",
)
# ...stacked as the two layers of a third.
autoencoder = keras.Sequential([encoder, decoder], name="autoencoder")
print(f"autoencoder parameters: {autoencoder.count_params():,}")
# --8<-- [end:compose]


# --8<-- [start:freeze]
# Freeze the encoder, then compile, so that the next fit() sees the change.
encoder.trainable = False
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")


def size(weights):
    return sum(int(np.prod(w.shape)) for w in weights)


trainable, frozen = (
    autoencoder.trainable_weights,
    autoencoder.non_trainable_weights,
)
print(
    f"trainable: {len(trainable)} weight arrays, {size(trainable):,} numbers"
)
print(f"frozen: {len(frozen)} weight arrays, {size(frozen):,} numbers")
# --8<-- [end:freeze]
