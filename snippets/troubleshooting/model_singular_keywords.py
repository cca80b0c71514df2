import keras

inputs = keras.Input(shape=(784,))
outputs = keras.layers.Dense(32)(inputs)

# The Keras 1 keywords: singular `input` and `output`.
try:
    model = keras.Model(input=inputs, output=outputs)
except ValueError as error:
    print(f"{type(error).__name__}: {error}")
