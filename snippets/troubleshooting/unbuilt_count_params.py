import keras

# No keras.Input: the model does not know its input size, so has no weights.
model = keras.Sequential([keras.layers.Dense(32)])
try:
    print(f"{model.count_params():,} parameters")
except ValueError as error:
    print(f"{type(error).__name__}: {error}")
