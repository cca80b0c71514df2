import keras

# One input, two answers: which of 10 digits it is, and how thick the strokes
# are.
image = keras.Input(shape=(64,), name="image")
features = keras.layers.Dense(32, activation="relu", name="features")(image)
digit = keras.layers.Dense(10, activation="softmax", name="digit")(features)
thickness = keras.layers.Dense(1, name="thickness")(features)

two_output_model = keras.Model(inputs=image, outputs=[digit, thickness])
print(
    f"outputs: {[tuple(output.shape) for output in two_output_model.outputs]}"
)
