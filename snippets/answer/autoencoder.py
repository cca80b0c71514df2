# --8<-- [start:data]
import keras
import numpy as np
from sklearn.datasets import load_digits

# The same starting weights on every run.
keras.utils.set_random_seed(0)

# 1,797 real handwritten digits ship with scikit-learn: 8x8 pixels with values
# 0..16. Enlarge them 3x and pad to MNIST's 28x28 = 784 pixels, scaled to [0,
# 1].
digits = load_digits().images / 16.0
images = np.pad(
    digits.repeat(3, axis=1).repeat(3, axis=2), ((0, 0), (2, 2), (2, 2))
)
x = images.reshape(len(images), 784).astype("float32")
x_train, x_test = x[:1500], x[1500:]
# --8<-- [end:data]

# --8<-- [start:model]
# The autoencoder: image -> 32-number encoding -> reconstructed image.
input_img = keras.Input(shape=(784,))
encoded = keras.layers.Dense(32, activation="relu")(input_img)
decoded = keras.layers.Dense(784, activation="sigmoid")(encoded)
autoencoder = keras.Model(input_img, decoded)
# --8<-- [end:model]

# --8<-- [start:submodels]
# The encoder reuses the autoencoder's input and its encoding: image ->
# encoding.
encoder = keras.Model(input_img, encoded)

# The decoder calls the autoencoder's last layer on a new 32-number input.
encoded_input = keras.Input(shape=(32,))
decoder_layer = autoencoder.layers[-1]
decoder = keras.Model(encoded_input, decoder_layer(encoded_input))
# --8<-- [end:submodels]

# --8<-- [start:train]
# Compile and fit only the autoencoder; the encoder and decoder hold the same
# layers. Adam, not "adadelta": see the note below the code.
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
history = autoencoder.fit(
    x_train,
    x_train,
    epochs=5,
    batch_size=64,
    validation_data=(x_test, x_test),
    verbose=0,
)
losses = history.history["loss"]
print(
    f"training loss: {losses[0]:.3f} after one epoch, "
    f"{losses[-1]:.3f} after five"
)
# --8<-- [end:train]

# --8<-- [start:predict]
# Reconstruct the test images directly...
autoencoder_imgs = autoencoder.predict(x_test, verbose=0)
# ...or encode them, then decode the encodings (the answer's `encoder_imgs`
# was a typo).
encoded_imgs = encoder.predict(x_test, verbose=0)
decoded_imgs = decoder.predict(encoded_imgs, verbose=0)

difference = np.abs(autoencoder_imgs - decoded_imgs).max()
print(f"largest difference between the two reconstructions: {difference}")
# --8<-- [end:predict]
