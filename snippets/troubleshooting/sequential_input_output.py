import keras

model = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(32)])

# The singular attributes, as the answer's era used them on any model.
# AttributeError from Keras 3.6 on; Keras 3.0 to 3.5 raised ValueError.
try:
    input_tensor = model.input
except (AttributeError, ValueError) as error:
    print(f"{type(error).__name__}: {error}")
try:
    output_tensor = model.output
except (AttributeError, ValueError) as error:
    print(f"{type(error).__name__}: {error}")
