# --8<-- [start:model]
import keras
import numpy as np

# 64 stand-in images
images = np.random.default_rng(0).random((64, 784), dtype="float32")

# A deep autoencoder: 784 -> 128 -> 32 -> 128 -> 784.
inputs = keras.Input(shape=(784,))
hidden = keras.layers.Dense(128, activation="relu", name="encoder_hidden")(
    inputs
)
encoded = keras.layers.Dense(32, activation="relu", name="encoding")(hidden)
hidden = keras.layers.Dense(128, activation="relu", name="decoder_hidden")(
    encoded
)
decoded = keras.layers.Dense(
    784, activation="sigmoid", name="reconstruction"
)(hidden)
autoencoder = keras.Model(inputs, decoded)

# The encoder ends at the 32-number encoding.
encoder = keras.Model(inputs, encoded)
print(f"autoencoder: {autoencoder.count_params():,} parameters")
print(f"encoder: {encoder.count_params():,} parameters")
# --8<-- [end:model]

# --8<-- [start:wrong]
# The shallow autoencoder's recipe, the last layer on a 32-number input, fails
# here: that layer expects the 128 numbers of "decoder_hidden".
encoded_input = keras.Input(shape=(32,))
try:
    autoencoder.layers[-1](encoded_input)
except ValueError as error:
    print(f"ValueError: {error}")
# --8<-- [end:wrong]

# --8<-- [start:from_tensors]
# A model from the encoding tensor to the output.
decoder = keras.Model(encoded, decoded)
print(f"decoder: {decoder.count_params():,} parameters")
for layer in decoder.layers:
    print(f"  {layer.name} ({type(layer).__name__})")
# --8<-- [end:from_tensors]

# --8<-- [start:classic]
# Or: call every decoding layer, in order, on a new Input.
code = keras.Input(shape=(32,), name="code")
tensor = code
for layer in autoencoder.layers[-2:]:
    tensor = layer(tensor)
classic_decoder = keras.Model(code, tensor)
print(f"classic decoder: {classic_decoder.count_params():,} parameters")
# --8<-- [end:classic]

# --8<-- [start:check]
# Encoding and then decoding is the same computation as the whole autoencoder.
codes = encoder.predict(images, verbose=0)
expected = autoencoder.predict(images, verbose=0)
differences = {}
for name, model in {"decoder": decoder, "classic": classic_decoder}.items():
    outputs = model.predict(codes, verbose=0)
    differences[name] = np.abs(outputs - expected).max()
    print(f"{name}: largest difference {differences[name]:.1e}")

# A decoder of the same shape with new weights of its own decodes otherwise.
new_weights = keras.models.clone_model(classic_decoder)
outputs = new_weights.predict(codes, verbose=0)
other = np.abs(outputs - expected).max()
print(f"new weights: largest difference {other:.1e}")
# --8<-- [end:check]
