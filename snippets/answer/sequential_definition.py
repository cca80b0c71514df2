import keras

# Sequential: the model object exists first; layers are appended to it in
# order.
model = keras.Sequential()
model.add(keras.Input(shape=(784,)))
model.add(keras.layers.Dense(32, activation="relu"))

print(f"{model.count_params():,} parameters")
