import keras

# Add sums a list of tensors; in a Sequential model it receives one tensor.
try:
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Add()])
except ValueError as error:
    print(f"{type(error).__name__}: {error}")
