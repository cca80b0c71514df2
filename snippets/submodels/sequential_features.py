# --8<-- [start:model]
import keras
from sklearn.datasets import load_digits

images = (load_digits().data / 16.0).astype("float32")

# The same classifier as a Sequential model, with the same layer names.
classifier = keras.Sequential(
    [
        keras.Input(shape=(64,)),
        keras.layers.Dense(32, activation="relu", name="hidden"),
        keras.layers.Dense(8, activation="relu", name="code"),
        keras.layers.Dense(10, activation="softmax", name="probabilities"),
    ],
    name="classifier",
)
# --8<-- [end:model]

# --8<-- [start:extract]
# Start from the plural `.inputs` (a list), and end at the layer's `.output`.
code_model = keras.Model(
    classifier.inputs, classifier.get_layer("code").output
)
print(f"code features: {code_model.predict(images, verbose=0).shape}")
# --8<-- [end:extract]
