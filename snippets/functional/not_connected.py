import keras

# A model's outputs must be reachable from its inputs. This output was
# computed from another Input, so there is no path from `image` to it, and
# Keras refuses.
image = keras.Input(shape=(64,))
other_image = keras.Input(shape=(64,))
prediction = keras.layers.Dense(10, activation="softmax")(other_image)
try:
    keras.Model(inputs=image, outputs=prediction)
except ValueError as error:
    print(f"ValueError: {error}")
