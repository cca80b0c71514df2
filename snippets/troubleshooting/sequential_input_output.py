import keras

model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(32)])

# The singular attributes, as the answer's era used them on any model.
try:
    input_tensor = model.input
except AttributeError as error:
    print(f"{type(error).__name__}: {error}")
try:
    output_tensor = model.output
except AttributeError as error:
    print(f"{type(error).__name__}: {error}")
