# --8<-- [start:data]
import keras
import matplotlib.pyplot as plt
import numpy as np
from sklearn.datasets import load_digits
from sklearn.decomposition import PCA

# Same weights, same shuffles, same numbers on every run.
keras.utils.set_random_seed(0)

# 1,797 real handwritten digits, 8x8 pixels valued 0..16. Enlarge each pixel
# to 3x3 and pad to 28x28 = 784 pixels, the size of the classic MNIST
# autoencoder; scale to [0, 1].
digits = load_digits()
images = np.pad(
    digits.images.repeat(3, axis=1).repeat(3, axis=2),
    ((0, 0), (2, 2), (2, 2)),
)
x = (images / 16.0).reshape(-1, 784).astype("float32")
# Train on the first 1,500 digits; hold out the other 297 to test on.
x_train, x_test = x[:1500], x[1500:]
labels_train, labels_test = digits.target[:1500], digits.target[1500:]
print(f"training images: {x_train.shape}, test images: {x_test.shape}")
# --8<-- [end:data]

# --8<-- [start:model]
# The autoencoder: 784 pixels -> 32 numbers (the encoding) -> 784 pixels.
image = keras.Input(shape=(784,))
encoding = keras.layers.Dense(32, activation="relu")(image)
reconstruction = keras.layers.Dense(784, activation="sigmoid")(encoding)
autoencoder = keras.Model(image, reconstruction, name="autoencoder")
print(f"autoencoder parameters: {autoencoder.count_params():,}")
# --8<-- [end:model]

# --8<-- [start:encoder]
# The encoder: from the autoencoder's input to the output of its first Dense
# layer.
encoder = keras.Model(
    autoencoder.input, autoencoder.layers[1].output, name="encoder"
)
print(f"encoder parameters: {encoder.count_params():,}")
# --8<-- [end:encoder]

# --8<-- [start:decoder]
# The decoder: call the autoencoder's last layer again, on a new 32-number
# input.
encoded_input = keras.Input(shape=(32,))
decoder_layer = autoencoder.layers[-1]
decoder = keras.Model(
    encoded_input, decoder_layer(encoded_input), name="decoder"
)
print(f"decoder parameters: {decoder.count_params():,}")
# --8<-- [end:decoder]

# --8<-- [start:same_layers]
# Is each part's Dense layer the autoencoder's own layer object?
print(encoder.layers[1] is autoencoder.layers[1])
print(decoder.layers[1] is autoencoder.layers[2])
# --8<-- [end:same_layers]

# --8<-- [start:train]
# Train the autoencoder only, to give back its own input.
keras.utils.set_random_seed(0)
autoencoder.compile(optimizer="adam", loss="binary_crossentropy")
history = autoencoder.fit(
    x_train,
    x_train,
    epochs=5,
    batch_size=16,
    validation_data=(x_test, x_test),
    verbose=0,
)
loss, test_loss = history.history["loss"], history.history["val_loss"]
print(f"training loss: {loss[0]:.3f} in epoch 1, {loss[-1]:.3f} in epoch 5")
print(f"test loss after training: {test_loss[-1]:.3f}")
# --8<-- [end:train]

# --8<-- [start:use]
# Encode the test digits, decode the encodings, and compare with the
# autoencoder's output.
encoded_imgs = encoder.predict(x_test, verbose=0)
decoded_imgs = decoder.predict(encoded_imgs, verbose=0)
autoencoder_imgs = autoencoder.predict(x_test, verbose=0)
print(
    f"encodings: {encoded_imgs.shape}, reconstructions: {decoded_imgs.shape}"
)
difference = np.abs(decoded_imgs - autoencoder_imgs).max()
print(f"largest difference from the autoencoder's output: {difference}")
# --8<-- [end:use]

# --8<-- [start:show_reconstructions]
# The first held-out 0, 1, ..., 9 (top) and what the decoder makes of their
# encodings (bottom).
picks = [np.flatnonzero(labels_test == digit)[0] for digit in range(10)]
figure, axes = plt.subplots(2, 10, figsize=(8, 1.8))
for column, index in enumerate(picks):
    axes[0, column].imshow(x_test[index].reshape(28, 28), cmap="gray")
    axes[1, column].imshow(decoded_imgs[index].reshape(28, 28), cmap="gray")
for axis in axes.flat:
    axis.axis("off")
plt.show()
# --8<-- [end:show_reconstructions]

# --8<-- [start:show_encodings]
# Project the 32-number encodings to 2 numbers each and colour them by digit.
points = PCA(n_components=2, random_state=0).fit_transform(encoded_imgs)
figure, axis = plt.subplots(figsize=(6, 4))
scatter = axis.scatter(
    points[:, 0], points[:, 1], c=labels_test, cmap="tab10", s=12
)
axis.legend(
    *scatter.legend_elements(),
    title="digit",
    loc="center left",
    bbox_to_anchor=(1, 0.5),
)
axis.set_xlabel("first principal component")
axis.set_ylabel("second principal component")
plt.show()
# --8<-- [end:show_encodings]

# --8<-- [start:compose]
# Put the two parts back together: a model that encodes, then decodes.
new_image = keras.Input(shape=(784,))
composed = keras.Model(
    new_image, decoder(encoder(new_image)), name="composed"
)
print([type(layer).__name__ for layer in composed.layers])
difference = np.abs(
    composed.predict(x_test, verbose=0) - autoencoder_imgs
).max()
print(f"largest difference from the autoencoder: {difference}")
# --8<-- [end:compose]

# --8<-- [start:classify]
# A digit classifier built on the trained encoder. Freeze the encoder first,
# so that only the two new Dense layers learn, from the digits' labels.
keras.utils.set_random_seed(0)
encoder.trainable = False
digit_image = keras.Input(shape=(784,))
features = keras.layers.Dense(64, activation="relu", name="hidden")(
    encoder(digit_image)
)
digit = keras.layers.Dense(10, activation="softmax", name="digit")(features)
classifier = keras.Model(digit_image, digit, name="classifier")
classifier.compile(
    optimizer="adam",
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
classifier.fit(x_train, labels_train, epochs=20, batch_size=64, verbose=0)
_, accuracy = classifier.evaluate(x_test, labels_test, verbose=0)
print(f"trained: {[weight.path for weight in classifier.trainable_weights]}")
print(f"test accuracy: {accuracy:.0%}")
# The frozen encoder is the autoencoder's own layer: the autoencoder's output
# is what it was before.
change = np.abs(
    autoencoder.predict(x_test, verbose=0) - autoencoder_imgs
).max()
print(f"change in the autoencoder's output: {change}")
# --8<-- [end:classify]
