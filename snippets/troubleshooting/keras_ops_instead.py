import keras
import numpy as np

inputs = keras.Input(shape=(4,))

# keras.ops functions accept a KerasTensor: each call adds a step to the
# model, on any backend.
logs = keras.ops.log(inputs)

model = keras.Model(inputs, logs)
data = np.array([[1.0, 10.0, 100.0, 1000.0]])
print(f"keras.ops.log: {model.predict(data, verbose=0)[0]}")
