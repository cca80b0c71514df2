import keras

# The input shape is an object of its own, placed first; layers take no size.
model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(32)])
print(f"built: {model.built}, parameters: {model.count_params():,}")
