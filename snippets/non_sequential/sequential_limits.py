# --8<-- [start:merge]
import keras

# A merge layer needs a list of tensors; a Sequential model only ever passes
# one.
try:
    keras.Sequential([keras.Input(shape=(4,)), keras.layers.Add()])
except ValueError as error:
    print(f"{type(error).__name__}: {error}")
# --8<-- [end:merge]

# --8<-- [start:second_input]
# A chain has one start: Sequential refuses a second Input.
try:
    keras.Sequential(
        [keras.Input(shape=(4,)), keras.Input(shape=(4,))], name="chain"
    )
except ValueError as error:
    print(f"{type(error).__name__}: {error}")
# --8<-- [end:second_input]

# --8<-- [start:no_outputs]
# A chain has one end: there is no argument to name other outputs.
try:
    keras.Sequential(
        [keras.Input(shape=(4,)), keras.layers.Dense(4)], outputs=[]
    )
except TypeError as error:
    print(f"{type(error).__name__}: {error}")
# --8<-- [end:no_outputs]

# --8<-- [start:reuse_in_series]
# What a chain can do: use one layer instance twice in a row, on its own
# output.
dense = keras.layers.Dense(4)
twice = keras.Sequential([keras.Input(shape=(4,)), dense, dense])
print(
    f"layers listed: {len(twice.layers)}, parameters: {twice.count_params()}"
)
# --8<-- [end:reuse_in_series]
