# --8<-- [start:nest]
import keras
import numpy as np

# A small model...
inner_input = keras.Input(shape=(4,))
inner = keras.Model(
    inner_input, keras.layers.Dense(8, activation="relu")(inner_input)
)

# ...called like a layer inside a bigger one.
outer_input = keras.Input(shape=(4,))
outer = keras.Model(outer_input, keras.layers.Dense(1)(inner(outer_input)))

# The bigger model holds the small one itself, and so its variables: no
# copies.
print(f"outer.layers[1] is inner: {outer.layers[1] is inner}")
print(f"first variable shared: {outer.weights[0] is inner.weights[0]}")
print(
    f"parameters: inner {inner.count_params()}, outer {outer.count_params()}"
)
# --8<-- [end:nest]

# --8<-- [start:train]
# An independent copy of the inner model, with the same weights for now.
copy = keras.models.clone_model(inner)
copy.set_weights(inner.get_weights())

# Train the outer model only.
x = np.random.default_rng(0).random((16, 4), dtype="float32")
before = inner.predict(x, verbose=0)
outer.compile(optimizer="sgd", loss="mse")
outer.fit(x, x.sum(axis=1, keepdims=True), epochs=5, verbose=0)

inner_moved = np.abs(inner.predict(x, verbose=0) - before).max()
copy_moved = np.abs(copy.predict(x, verbose=0) - before).max()
print(f"inner model's output moved by up to {inner_moved:.2f}")
print(f"independent copy's output moved by up to {copy_moved:.2f}")
# --8<-- [end:train]
