import keras

# Functional: layers are called on tensors; the model is made last, from its
# two ends.
inputs = keras.Input(shape=(784,))
outputs = keras.layers.Dense(32, activation="relu")(inputs)
model = keras.Model(inputs=inputs, outputs=outputs)

print(f"{model.count_params():,} parameters")
