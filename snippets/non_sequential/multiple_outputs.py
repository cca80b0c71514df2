import keras
import numpy as np

# One input, two answers: which of 10 digits it is, and how thick the strokes
# are.
image = keras.Input(shape=(64,), name="image")
features = keras.layers.Dense(32, activation="relu", name="features")(image)
digit = keras.layers.Dense(10, activation="softmax", name="digit")(features)
thickness = keras.layers.Dense(1, name="thickness")(features)

two_output_model = keras.Model(inputs=image, outputs=[digit, thickness])

# predict returns one array per output.
images = np.random.default_rng(0).random((5, 64))
digits, thicknesses = two_output_model.predict(images, verbose=0)
print(
    f"predict on {len(images)} images: {digits.shape} and {thicknesses.shape}"
)
