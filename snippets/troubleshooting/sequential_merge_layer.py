import keras

# After a keras.Input, each layer of a Sequential model receives the one
# tensor the layer before it returned: Add, which sums a list, gets one.
try:
    model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Add()])
except ValueError as error:
    print(f"{type(error).__name__}: {error}")
