# Backend-specific: the layer below calls a TensorFlow function, as a
# TensorFlow user would; keras.ops, first, works on every backend.
import keras
import numpy as np
import tensorflow as tf

inputs = keras.Input(shape=(4,))

# keras.ops functions accept a KerasTensor: each call adds a step to the
# model, on any backend.
logs = keras.ops.log(inputs)


# With the TensorFlow backend, a layer may call TensorFlow functions: its
# call() receives real tensors when the model runs.
class TFLog(keras.layers.Layer):
    def call(self, x):
        return tf.math.log(x)


model = keras.Model(inputs, [logs, TFLog()(inputs)])
data = np.array([[1.0, 10.0, 100.0, 1000.0]])
with_ops, with_layer = model.predict(data, verbose=0)
print(f"keras.ops.log: {with_ops[0]}")
print(f"TFLog layer:   {with_layer[0]}")
