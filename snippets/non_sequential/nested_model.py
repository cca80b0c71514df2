import keras

# A whole model used as a layer: the same encoder reads both inputs.
encoder = keras.Sequential(
    [keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu")],
    name="encoder",
)

first = keras.Input(shape=(4,), name="first")
second = keras.Input(shape=(4,), name="second")
both = keras.layers.Concatenate(name="both")(
    [encoder(first), encoder(second)]
)
score = keras.layers.Dense(1, activation="sigmoid", name="score")(both)

pair_model = keras.Model(inputs=[first, second], outputs=score)
print(f"parameters: {pair_model.count_params():,}")
print(f"encoder parameters: {encoder.count_params():,}")
