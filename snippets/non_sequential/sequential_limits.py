# --8<-- [start:merge]
import keras

# A skip connection tried as a chain: Add receives what Dense returned, one
# tensor, and not the list of two it sums.
try:
    keras.Sequential(
        [keras.Input(shape=(4,)), keras.layers.Dense(4), keras.layers.Add()]
    )
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
# There is no argument to name outputs: the output is what the last layer
# returns.
try:
    keras.Sequential(
        [keras.Input(shape=(4,)), keras.layers.Dense(4)], outputs=[]
    )
except TypeError as error:
    print(f"{type(error).__name__}: {error}")
# --8<-- [end:no_outputs]

# --8<-- [start:reuse_in_series]
# One layer instance twice in a row: the second use reads the first's output.
dense = keras.layers.Dense(4)
twice = keras.Sequential([keras.Input(shape=(4,)), dense, dense])
print(
    f"layers listed: {len(twice.layers)}, parameters: {twice.count_params()}"
)
# --8<-- [end:reuse_in_series]
