# --8<-- [start:error]
import keras

# No keras.Input: the model does not know the shape of its input yet.
model = keras.Sequential([keras.layers.Dense(32)])
try:
    input_tensor = model.inputs[0]
except AttributeError as error:
    print(f"{type(error).__name__}: {error}")
# --8<-- [end:error]

# --8<-- [start:fix]
# Build it for 784 numbers per sample (None: any number of samples).
model.build((None, 784))
print(f"model.inputs[0].shape: {model.inputs[0].shape}")
# --8<-- [end:fix]
