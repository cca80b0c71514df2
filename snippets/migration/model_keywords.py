import keras

inputs = keras.Input(shape=(784,))
outputs = keras.layers.Dense(32, activation="relu")(inputs)

# Keras 3 names the two ends `inputs` and `outputs`, plural.
model = keras.Model(inputs=inputs, outputs=outputs)
print(f"model.inputs[0] is inputs: {model.inputs[0] is inputs}")
print(f"model.outputs[0] is outputs: {model.outputs[0] is outputs}")
