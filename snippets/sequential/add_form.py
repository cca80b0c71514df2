import keras

# The same starting weights on every run, in either form of the model.
keras.utils.set_random_seed(0)

# The same model, built one layer at a time: create an empty Sequential, then
# add().
model = keras.Sequential()
model.add(keras.Input(shape=(4,)))
model.add(keras.layers.Dense(2, activation="relu"))
model.add(keras.layers.Dense(3, activation="softmax"))
print(f"layers: {len(model.layers)}, parameters: {model.count_params()}")
