import keras

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
