# --8<-- [start:no_history]
import keras

inputs = keras.Input(shape=(4,))
features = keras.layers.Dense(3)(inputs)

# A KerasTensor made by hand, like a TensorFlow 1 placeholder: it has a
# shape, but no keras.Input or layer produced it.
placeholder = keras.KerasTensor(shape=(None, 3))
try:
    keras.Model(inputs, keras.layers.Add()([features, placeholder]))
except ValueError as error:
    print(f"{type(error).__name__}: {error}")
# --8<-- [end:no_history]

# --8<-- [start:missing]
# An output that needs a tensor the model is not given: a second Input.
extra = keras.Input(shape=(3,))
try:
    keras.Model(inputs, keras.layers.Add()([features, extra]))
except ValueError as error:
    print(f"{type(error).__name__}: {error}")
# --8<-- [end:missing]

# --8<-- [start:unused]
# An input that no output needs.
try:
    model = keras.Model([inputs, extra], features)
    print(f"inputs: {len(model.inputs)}, parameters: {model.count_params()}")
except ValueError as error:  # Keras 3.10 to 3.13, for an input never used
    print(f"{type(error).__name__}: {error}")
# --8<-- [end:unused]
