import keras

# A deep autoencoder: 784 -> 128 -> 32 -> 128 -> 784.
input_img = keras.Input(shape=(784,))
x = keras.layers.Dense(128, activation="relu")(input_img)
encoded = keras.layers.Dense(32, activation="relu")(x)
x = keras.layers.Dense(128, activation="relu")(encoded)
decoded = keras.layers.Dense(784, activation="sigmoid")(x)
autoencoder = keras.Model(input_img, decoded)

# The shallow autoencoder's recipe: call only the last layer on 32 numbers.
encoded_input = keras.Input(shape=(32,))
try:
    decoded_only = autoencoder.layers[-1](encoded_input)
    decoder = keras.Model(encoded_input, decoded_only)
except ValueError as error:
    print(f"{type(error).__name__}: {error}")
