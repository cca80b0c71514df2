# --8<-- [start:model]
import keras
import numpy as np
from sklearn.datasets import load_digits

# The same starting weights on every run.
keras.utils.set_random_seed(0)

images = (load_digits().data / 16.0).astype("float32")

# A Functional classifier with named layers.
inputs = keras.Input(shape=(64,), name="pixels")
hidden = keras.layers.Dense(32, activation="relu", name="hidden")(inputs)
code = keras.layers.Dense(8, activation="relu", name="code")(hidden)
outputs = keras.layers.Dense(10, activation="softmax", name="probabilities")(
    code
)
classifier = keras.Model(inputs, outputs)
# --8<-- [end:model]

# --8<-- [start:extract]
# Any tensor in the graph can end a new model: find its layer by name...
code_model = keras.Model(
    classifier.inputs, classifier.get_layer("code").output
)
# ...or by position (layers[0] is the InputLayer, so layers[1] is "hidden").
hidden_model = keras.Model(classifier.inputs, classifier.layers[1].output)

print(f"code features: {code_model.predict(images, verbose=0).shape}")
print(f"hidden features: {hidden_model.predict(images, verbose=0).shape}")
# --8<-- [end:extract]


# --8<-- [start:by_hand]
# Check: compute the "code" activations by hand from the classifier's own
# weights.
def dense_relu(x, layer):
    kernel, bias = layer.get_weights()
    return np.maximum(x @ kernel + bias, 0.0)


by_hand = dense_relu(
    dense_relu(images, classifier.get_layer("hidden")),
    classifier.get_layer("code"),
)
difference = np.abs(code_model.predict(images, verbose=0) - by_hand).max()
print(f"largest activation: {by_hand.max():.2f}")
print(f"largest difference from the hand computation: {difference:.1e}")
# --8<-- [end:by_hand]
