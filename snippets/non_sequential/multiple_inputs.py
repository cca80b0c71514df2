import keras

# Two inputs of different kinds: 8 numbers about a house and 3 about its
# street.
house = keras.Input(shape=(8,), name="house")
street = keras.Input(shape=(3,), name="street")

# Each input gets its own layer, then the two results are joined into one
# vector.
house_features = keras.layers.Dense(
    16, activation="relu", name="house_dense"
)(house)
street_features = keras.layers.Dense(
    4, activation="relu", name="street_dense"
)(street)
joined = keras.layers.Concatenate(name="joined")(
    [house_features, street_features]
)
price = keras.layers.Dense(1, name="price")(joined)

two_input_model = keras.Model(inputs=[house, street], outputs=price)
print(f"inputs: {len(two_input_model.inputs)}")
print(f"parameters: {two_input_model.count_params():,}")
