import keras

# A base model, the way transfer learning reuses a pretrained one...
base_inputs = keras.Input(shape=(8,))
hidden = keras.layers.Dense(6, activation="relu", name="hidden")(base_inputs)
base_outputs = keras.layers.Dense(4, name="code")(hidden)
base = keras.Model(base_inputs, base_outputs, name="base")

# ...nested as one layer of a bigger model.
inputs = keras.Input(shape=(8,))
outer = keras.Model(inputs, keras.layers.Dense(2, name="head")(base(inputs)))

# Features from a layer inside the base, through the outer model's input.
inner = outer.get_layer("base").get_layer("hidden")
try:
    features = keras.Model(outer.input, inner.output)
except ValueError as error:
    print(f"{type(error).__name__}: {error}")
