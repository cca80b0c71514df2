import keras

# A residual connection: add a block's input to its output, skipping over the
# block.
inputs = keras.Input(shape=(4,))
block = keras.layers.Dense(4, activation="relu", name="block")(inputs)
outputs = keras.layers.Add(name="skip")([inputs, block])

residual_model = keras.Model(inputs, outputs)
print(f"parameters: {residual_model.count_params():,}")
