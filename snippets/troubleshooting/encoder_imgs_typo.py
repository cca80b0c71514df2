import keras
import numpy as np

# A decoder, and encodings standing in for `encoder.predict(x_test)`.
decoder = keras.Sequential(
    [keras.Input(shape=(32,)), keras.layers.Dense(784)]
)

# The answer stores the encodings as `encoder_imgs`...
encoder_imgs = np.zeros((3, 32), dtype="float32")
# ...then reads `encoded_imgs`, the Keras blog's name, which was never
# assigned.
try:
    decoded_imgs = decoder.predict(encoded_imgs, verbose=0)  # noqa: F821
except NameError as error:
    print(f"{type(error).__name__}: {error}")
