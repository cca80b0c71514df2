import keras

input_img = keras.Input(shape=(784,))
encoded = keras.layers.Dense(32, activation="relu")(input_img)
decoded = keras.layers.Dense(784, activation="sigmoid")(encoded)
autoencoder = keras.Model(input_img, decoded)

# A decoder whose last layer is called on `encoded`, not on its own input.
encoded_input = keras.Input(shape=(32,))
try:
    decoder = keras.Model(encoded_input, autoencoder.layers[-1](encoded))
except ValueError as error:
    print(f"{type(error).__name__}: {error}")
