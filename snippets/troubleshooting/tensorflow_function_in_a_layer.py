# Backend-specific: TensorFlow code inside a layer, on the TensorFlow backend.
import keras
import numpy as np
import tensorflow as tf


class TFLog(keras.layers.Layer):
    def call(self, x):
        # When the model runs, x holds numbers: on the TensorFlow backend, a
        # TensorFlow tensor, which TensorFlow functions accept.
        if keras.backend.backend() == "tensorflow":
            return tf.math.log(x)
        return keras.ops.log(x)  # JAX and PyTorch: see the box below


inputs = keras.Input(shape=(4,))
model = keras.Model(inputs, TFLog()(inputs))
data = np.array([[1.0, 10.0, 100.0, 1000.0]])
print(f"tf.math.log in a layer: {model.predict(data, verbose=0)[0]}")
