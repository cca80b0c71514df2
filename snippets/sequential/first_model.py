# Each section imports what it needs, so that the blocks after either tab
# of the page run as copied: later sections import below the top.
# ruff: noqa: E402
# --8<-- [start:build]
import keras

# The same starting weights on every run, in either form of the model.
keras.utils.set_random_seed(0)

# A Sequential model is a list of layers that run one after the other. It
# starts with keras.Input, which gives the shape of one sample (here 4
# numbers), so Keras can create every weight straight away. The softmax of
# the last layer turns its 3 outputs into probabilities. The names show up
# in the summary.
model = keras.Sequential(
    [
        keras.Input(shape=(4,)),
        keras.layers.Dense(2, activation="relu", name="hidden"),
        keras.layers.Dense(3, activation="softmax", name="species"),
    ],
    name="iris_classifier",
)
print(f"layers: {len(model.layers)}, parameters: {model.count_params()}")
# --8<-- [end:build]

# --8<-- [start:inspect]
# keras.Input is not a layer of the model: `model.layers` holds the two Dense
# layers only.
print([type(layer).__name__ for layer in model.layers])
# Placeholders for what goes in and what comes out: a shape, no numbers.
# None stands for "any batch size".
print(f"input shape: {model.inputs[0].shape}")
print(f"output shape: {model.outputs[0].shape}")
model.summary()
# --8<-- [end:inspect]

# --8<-- [start:train]
import numpy as np
from sklearn.datasets import load_iris

# Iris: 150 flowers, 4 measurements each, and the species (0, 1 or 2). The
# flowers are listed species by species: shuffle, and keep 30 to test on.
iris = load_iris()
order = np.random.default_rng(0).permutation(len(iris.data))
x_train, y_train = iris.data[order[30:]], iris.target[order[30:]]
x_test, y_test = iris.data[order[:30]], iris.target[order[:30]]
# Scale each measurement to mean 0 and standard deviation 1 (on the training
# flowers), so that no input is far larger than the others.
mean, std = x_train.mean(axis=0), x_train.std(axis=0)
x_train, x_test = (x_train - mean) / std, (x_test - mean) / std

# compile() chooses how the model learns: the Adam optimizer, at a learning
# rate of 0.1 (at its default, 0.001, 30 epochs are too few to learn this),
# and a loss for labels given as the integers 0, 1, 2 ("sparse"). fit() trains
# it for 30 epochs (passes over the training flowers); evaluate() returns the
# loss and the accuracy on flowers it never saw.
model.compile(
    optimizer=keras.optimizers.Adam(learning_rate=0.1),
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
_, untrained = model.evaluate(x_test, y_test, verbose=0)
keras.utils.set_random_seed(0)  # the same shuffles on every run
model.fit(x_train, y_train, epochs=30, verbose=0)
_, trained = model.evaluate(x_test, y_test, verbose=0)
print(f"test accuracy: {untrained:.0%} untrained, {trained:.0%} trained")
# --8<-- [end:train]

# --8<-- [start:predict]
# predict() gives each flower 3 probabilities, one per species.
probabilities = model.predict(x_test, verbose=0)
for p, species in zip(probabilities[:3], y_test[:3], strict=True):
    guess = iris.target_names[p.argmax()]
    shown = " ".join(f"{value:.2f}" for value in p)
    print(f"{shown} -> {guess} (it is {iris.target_names[species]})")
# --8<-- [end:predict]

# --8<-- [start:pop]
# pop() removes the last layer. The model that is left ends at the first Dense
# layer.
model.pop()
print(f"layers: {len(model.layers)}, output shape: {model.outputs[0].shape}")
print(f"parameters: {model.count_params()}")
# --8<-- [end:pop]
