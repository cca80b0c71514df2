# --8<-- [start:input]
import keras
from sklearn.datasets import load_digits

# The same starting weights, and numbers, on every run.
keras.utils.set_random_seed(0)

# keras.Input describes one sample: here 64 numbers, an 8x8 digit image
# flattened.
inputs = keras.Input(shape=(64,))
print(f"{type(inputs).__name__}: shape {inputs.shape}, dtype {inputs.dtype}")
# --8<-- [end:input]

# --8<-- [start:call]
# Calling a Dense layer on a KerasTensor runs no numbers through it: Keras
# records the call and returns a new KerasTensor with the shape and dtype
# the layer's output will have.
hidden = keras.layers.Dense(32, activation="relu")(inputs)
print(f"{type(hidden).__name__}: shape {hidden.shape}, dtype {hidden.dtype}")
outputs = keras.layers.Dense(10, activation="softmax")(hidden)
print(f"{type(outputs).__name__}: shape {outputs.shape}")
# --8<-- [end:call]

# --8<-- [start:model]
# The model is every layer call on the way from `inputs` to `outputs`.
model = keras.Model(inputs=inputs, outputs=outputs, name="digit_classifier")
print(f"parameters: {model.count_params():,}")
# --8<-- [end:model]

# --8<-- [start:inspect]
# The first layer is an InputLayer, made by keras.Input; then the layers in
# call order.
print([type(layer).__name__ for layer in model.layers])
print(f"inputs: {[t.shape for t in model.inputs]}")
print(f"outputs: {[t.shape for t in model.outputs]}")
# With one input and one output, .input and .output are those very tensors.
print(f"model.input is inputs: {model.input is inputs}")
print(f"model.output is outputs: {model.output is outputs}")
# --8<-- [end:inspect]

# --8<-- [start:summary]
model.summary()
# --8<-- [end:summary]

# --8<-- [start:train]
# A Functional model trains like any Keras model. The digits' pixel values,
# 0 to 16, are scaled to [0, 1].
keras.utils.set_random_seed(0)  # the same shuffles on every run
digits = load_digits()
x, y = digits.data / 16.0, digits.target
model.compile(
    optimizer="adam",
    loss="sparse_categorical_crossentropy",
    metrics=["accuracy"],
)
_, untrained = model.evaluate(x[1500:], y[1500:], verbose=0)
model.fit(x[:1500], y[:1500], epochs=10, batch_size=32, verbose=0)
_, trained = model.evaluate(x[1500:], y[1500:], verbose=0)
print(f"test accuracy: {untrained:.0%} untrained, {trained:.0%} trained")
# --8<-- [end:train]
