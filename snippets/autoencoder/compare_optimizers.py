import keras
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits

# The tutorial's 1,500 training digits, enlarged to 784 pixels and scaled to [0, 1].
digits = load_digits()
pixels = np.pad(digits.images.repeat(3, axis=1).repeat(3, axis=2), ((0, 0), (2, 2), (2, 2)))
x_train = (pixels[:1500] / 16.0).reshape(-1, 784).astype("float32")

# The same autoencoder, from the same starting weights, trained with each optimizer.
curves = {}
for optimizer in ["adam", "adadelta"]:
    keras.utils.set_random_seed(0)
    inputs = keras.Input(shape=(784,))
    code = keras.layers.Dense(32, activation="relu")(inputs)
    model = keras.Model(inputs, keras.layers.Dense(784, activation="sigmoid")(code))
    model.compile(optimizer=optimizer, loss="binary_crossentropy")
    untrained = model.evaluate(x_train, x_train, verbose=0)
    history = model.fit(x_train, x_train, epochs=5, batch_size=64, verbose=0)
    losses = [untrained, *history.history["loss"]]
    curves[optimizer] = losses
    print(f"{optimizer}: loss {losses[0]:.4f} untrained, {losses[-1]:.4f} after 5 epochs")

print(f"Adadelta's default learning rate: {float(keras.optimizers.Adadelta().learning_rate):g}")

figure, axis = plt.subplots(figsize=(6, 3))
axis.plot(curves["adam"], marker="o", label="Adam (defaults)")
axis.plot(curves["adadelta"], marker="o", label="Adadelta (learning_rate=0.001)")
axis.set_xlabel("epoch (0: before training)")
axis.set_ylabel("training loss")
axis.legend()
plt.show()
