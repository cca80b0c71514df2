import keras

# One Dense layer applied to two inputs: both calls use the same weights.
left = keras.Input(shape=(4,), name="left")
right = keras.Input(shape=(4,), name="right")
embed = keras.layers.Dense(8, activation="relu", name="embed")
distance = keras.layers.Subtract(name="distance")([embed(left), embed(right)])

shared_model = keras.Model(inputs=[left, right], outputs=distance)
print(f"parameters: {shared_model.count_params():,}")
