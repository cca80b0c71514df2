import keras

inputs = keras.Input(shape=(784,))
outputs = keras.layers.Dense(32)(inputs)

# The input by position, the output by the singular Keras 1 keyword.
try:
    model = keras.Model(inputs, output=outputs)
except TypeError as error:
    print(f"{type(error).__name__}: {error}")
