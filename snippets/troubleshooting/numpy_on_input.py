# --8<-- [start:error]
import keras
import numpy as np

inputs = keras.Input(shape=(4,))
offset = np.array([1.0, 2.0, 3.0, 4.0], dtype="float32")

# A NumPy array first: NumPy tries to turn the Input into numbers.
try:
    shifted = offset + inputs
except ValueError as error:
    print(f"{type(error).__name__}: {error}")
# --8<-- [end:error]

# --8<-- [start:fix]
# keras.ops functions take the Input and the array, in either order: each
# call adds a step to the model.
shifted = keras.ops.add(offset, inputs)

model = keras.Model(inputs, shifted)
data = np.array([[10.0, 20.0, 30.0, 40.0]])
print(f"offset + data: {model.predict(data, verbose=0)[0]}")
# --8<-- [end:fix]
