# --8<-- [start:error]
import keras

# A second keras.Input further down a Sequential model's list of layers.
try:
    model = keras.Sequential(
        [
            keras.Input(shape=(4,)),
            keras.layers.Dense(8),
            keras.Input(shape=(3,)),
            keras.layers.Dense(1),
        ]
    )
except ValueError as error:
    print(f"{type(error).__name__}: {error}")
# --8<-- [end:error]

# --8<-- [start:fix]
# Two inputs make a Functional model: a merge layer joins the two paths.
first = keras.Input(shape=(4,))
second = keras.Input(shape=(3,))
features = keras.layers.Dense(8)(first)
joined = keras.layers.Concatenate()([features, second])
model = keras.Model([first, second], keras.layers.Dense(1)(joined))
print(f"inputs: {len(model.inputs)}, parameters: {model.count_params()}")
# --8<-- [end:fix]
