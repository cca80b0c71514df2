import keras

# One layer, called twice: each call returns a new tensor.
dense = keras.layers.Dense(32)
first = dense(keras.Input(shape=(784,)))
second = dense(keras.Input(shape=(784,)))

# `layer.output` is the first call's output; `get_output_at` is gone.
print(f"dense.output is first: {dense.output is first}")
print(f"dense.output is second: {dense.output is second}")
print(f"hasattr(dense, 'get_output_at'): {hasattr(dense, 'get_output_at')}")
