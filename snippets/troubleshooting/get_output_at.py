import keras

inputs = keras.Input(shape=(784,))
dense = keras.layers.Dense(32)
outputs = dense(inputs)

# The Keras 1 and 2 way to ask a layer for the output of its first call.
try:
    first_output = dense.get_output_at(0)
except AttributeError as error:
    print(f"{type(error).__name__}: {error}")
