# Backend-specific: what a TensorFlow function does with a Keras input.
import keras
import tensorflow as tf

inputs = keras.Input(shape=(4,))

# A TensorFlow function called on the symbolic input of a Functional model.
try:
    logs = tf.math.log(inputs)
except ValueError as error:
    print(f"{type(error).__name__}: {error}")
