import keras
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits

# The tutorial's 1,500 training digits, enlarged to 784 pixels and scaled to
# [0, 1].
digits = load_digits()
pixels = np.pad(
    digits.images.repeat(3, axis=1).repeat(3, axis=2),
    ((0, 0), (2, 2), (2, 2)),
)
x_train = (pixels[:1500] / 16.0).reshape(-1, 784).astype("float32")

# Adam and Adadelta with their defaults, and Adadelta at a higher learning
# rate, 1.0.
optimizers = {
    "Adam": lambda: keras.optimizers.Adam(),
    "Adadelta": lambda: keras.optimizers.Adadelta(),
    "Adadelta, learning_rate=1.0": lambda: keras.optimizers.Adadelta(
        learning_rate=1.0
    ),
}

# The same autoencoder, from the same starting weights, trained with each one.
curves = {}
for name, make_optimizer in optimizers.items():
    keras.utils.set_random_seed(0)
    inputs = keras.Input(shape=(784,))
    code = keras.layers.Dense(32, activation="relu")(inputs)
    outputs = keras.layers.Dense(784, activation="sigmoid")(code)
    model = keras.Model(inputs, outputs)
    model.compile(optimizer=make_optimizer(), loss="binary_crossentropy")
    untrained = model.evaluate(x_train, x_train, verbose=0)
    # Batches of 64, not the tutorial's 16: a quicker comparison, with fewer
    # steps per epoch, so the losses end higher than in "Train once".
    history = model.fit(x_train, x_train, epochs=5, batch_size=64, verbose=0)
    curves[name] = [untrained, *history.history["loss"]]
    print(f"{name}: loss {curves[name][0]:.4f} -> {curves[name][-1]:.4f}")

default_rate = float(keras.optimizers.Adadelta().learning_rate)
print(f"Adadelta's default learning rate: {default_rate:g}")

figure, axis = plt.subplots(figsize=(6, 3))
for name, losses in curves.items():
    axis.plot(losses, marker="o", label=name)
axis.set_xlabel("epoch (0: before training)")
axis.set_ylabel("training loss")
axis.legend()
plt.show()
