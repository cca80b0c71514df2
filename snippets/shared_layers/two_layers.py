import keras
import numpy as np

# Two layer objects, even with the same settings, each own their variables.
left = keras.Input(shape=(4,), name="left")
right = keras.Input(shape=(4,), name="right")
left_dense = keras.layers.Dense(8)
right_dense = keras.layers.Dense(8)
separate = keras.Model([left, right], [left_dense(left), right_dense(right)])
variables, parameters = len(separate.weights), separate.count_params()
print(f"variables: {variables}, parameters: {parameters}")

# The same data on both inputs gives different outputs.
x = np.random.default_rng(0).random((16, 4), dtype="float32")
first, second = separate.predict([x, x], verbose=0)
difference = np.abs(first - second).max()
print(f"largest difference between outputs: {difference:.2f}")
