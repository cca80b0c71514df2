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

# A TensorFlow function needs a real tensor, and an Input holds no values.
try:
    tf.math.square(inputs)
except ValueError as error:
    print(f"tf.math.square on an Input: {type(error).__name__}: {error}")

# So does a NumPy function.
try:
    np.square(inputs)
except ValueError as error:
    print(f"np.square on an Input: {type(error).__name__}: {error}")
