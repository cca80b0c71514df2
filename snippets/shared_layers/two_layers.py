import keras

# Two layer objects, even with the same settings, each own their variables.
left = keras.Input(shape=(4,), name="left")
right = keras.Input(shape=(4,), name="right")
left_dense = keras.layers.Dense(8)
right_dense = keras.layers.Dense(8)
separate = keras.Model([left, right], [left_dense(left), right_dense(right)])
variables, parameters = len(separate.weights), separate.count_params()
print(f"variables: {variables}, parameters: {parameters}")
