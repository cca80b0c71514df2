# --8<-- [start:model]
import keras
from sklearn.datasets import load_digits

images = (load_digits().data / 16.0).astype("float32")

# The same classifier as a Sequential model. It starts with an Input, so it is
# built.
classifier = keras.Sequential(
    [
        keras.Input(shape=(64,)),
        keras.layers.Dense(32, activation="relu", name="hidden"),
        keras.layers.Dense(8, activation="relu", name="code"),
        keras.layers.Dense(10, activation="softmax", name="probabilities"),
    ],
    name="classifier",
)

# Even so, it has no `.input` or `.output`.
for attribute in ("input", "output"):
    try:
        getattr(classifier, attribute)
    except AttributeError as error:
        print(f"{type(error).__name__}: {error}")
# --8<-- [end:model]

# --8<-- [start:extract]
# Use the plural `.inputs` (a list) and the layer's own `.output` instead.
code_model = keras.Model(
    classifier.inputs, classifier.get_layer("code").output
)
print(f"code features: {code_model.predict(images, verbose=0).shape}")
# --8<-- [end:extract]
