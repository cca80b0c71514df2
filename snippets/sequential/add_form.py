import keras

# The same starting weights on every run, in either form of the model.
keras.utils.set_random_seed(0)

# The same model, built one layer at a time: create an empty Sequential, then
# add() the same things, with the same names.
model = keras.Sequential(name="iris_classifier")
model.add(keras.Input(shape=(4,)))
model.add(keras.layers.Dense(2, activation="relu", name="hidden"))
model.add(keras.layers.Dense(3, activation="softmax", name="species"))
print(f"layers: {len(model.layers)}, parameters: {model.count_params()}")
