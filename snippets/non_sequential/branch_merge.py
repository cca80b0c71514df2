import keras

# One tensor feeds two branches, and a merge layer joins them again.
inputs = keras.Input(shape=(4,))
wide = keras.layers.Dense(8, activation="relu", name="wide")(inputs)
narrow = keras.layers.Dense(2, activation="relu", name="narrow")(inputs)
merged = keras.layers.Concatenate(name="merged")([wide, narrow])
outputs = keras.layers.Dense(1, name="output")(merged)

branch_model = keras.Model(inputs, outputs)
print(f"parameters: {branch_model.count_params():,}")
