# --8<-- [start:error]
import keras
from sklearn.datasets import load_digits

# 1,797 handwritten digits, each 8x8 = 64 pixel values, and their labels.
x, y = load_digits(return_X_y=True)

# A model copied from an MNIST example: built for 28x28 = 784 pixel values.
model = keras.Sequential(
    [keras.Input(shape=(784,)), keras.layers.Dense(10, activation="softmax")]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
try:
    model.fit(x, y, epochs=1, verbose=0)
except ValueError as error:
    # Keras marks the core of its message in bold for a terminal: unmarked.
    message = str(error).replace("\x1b[1m", "").replace("\x1b[0m", "")
    print(f"{type(error).__name__}: {message}")
# --8<-- [end:error]

# --8<-- [start:fix]
expected = model.inputs[0].shape[1]
print(f"x has {x.shape[1]} features; the model expects {expected}")

# Build the model for the data: as many input values as x has features.
model = keras.Sequential(
    [
        keras.Input(shape=(x.shape[1],)),
        keras.layers.Dense(10, activation="softmax"),
    ]
)
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
model.fit(x, y, epochs=1, verbose=0)
print(f"trained on {x.shape[0]:,} samples of {x.shape[1]} features")
# --8<-- [end:fix]
