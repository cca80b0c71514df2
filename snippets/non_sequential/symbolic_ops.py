# Backend-specific: shows a TensorFlow function refusing a Keras Input.
import keras
import numpy as np
import tensorflow as tf

inputs = keras.Input(shape=(4,))

# keras.ops functions accept symbolic tensors: each call adds a step to the
# graph.
squared = keras.ops.square(inputs)
square_model = keras.Model(inputs, squared)
print(f"keras.ops.square on an Input: {squared.shape}")
numbers = np.array([[1.0, 2.0, 3.0, 4.0]])
squares = square_model.predict(numbers, verbose=0)
print(f"the model on [1, 2, 3, 4]: {squares[0]}")

# So does + with the symbolic tensor on the left.
ones = np.ones(4, dtype="float32")
print(f"inputs + ones: {(inputs + ones).shape}")

# Functions that need actual numbers refuse an Input, which holds none.
# (Troubleshooting shows the full message.)
attempts = {
    "tf.math.square(inputs)": lambda: tf.math.square(inputs),
    "np.square(inputs)": lambda: np.square(inputs),
    "ones + inputs": lambda: ones + inputs,
}
for code, attempt in attempts.items():
    try:
        attempt()
    except ValueError as error:
        print(f"{code}: {type(error).__name__}")
