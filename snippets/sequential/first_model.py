# --8<-- [start:build]
import keras

# A Sequential model is a list of layers that run one after the other. It
# starts with keras.Input, which gives the shape of one sample (here 4
# numbers), so Keras can create every weight straight away.
model = keras.Sequential(
    [
        keras.Input(shape=(4,)),
        keras.layers.Dense(2, activation="relu"),
        keras.layers.Dense(3),
    ]
)
print(f"layers: {len(model.layers)}, parameters: {model.count_params()}")
# --8<-- [end:build]

# --8<-- [start:inspect]
# keras.Input is not a layer of the model: `model.layers` holds the two Dense
# layers only.
print([type(layer).__name__ for layer in model.layers])
# The model's symbolic input and output; None stands for "any batch size".
print(
    f"input shape: {model.inputs[0].shape}, output shape: {model.outputs[0].shape}"
)
model.summary()
# --8<-- [end:inspect]

# --8<-- [start:input]
# `model.input` (singular) raises, even though this model is built...
try:
    print(model.input)
except AttributeError as error:
    print(f"AttributeError: {error}")
# ...but `model.inputs`, a list of one symbolic tensor, works.
print(f"model.inputs[0].shape: {model.inputs[0].shape}")
# --8<-- [end:input]

# --8<-- [start:pop]
# pop() removes the last layer. The model that is left ends at the first Dense
# layer.
model.pop()
print(f"layers: {len(model.layers)}, output shape: {model.outputs[0].shape}")
print(f"parameters: {model.count_params()}")
# --8<-- [end:pop]
