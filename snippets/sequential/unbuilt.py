# --8<-- [start:unbuilt]
import keras
import numpy as np

# Without keras.Input the model cannot know how many numbers a sample has, so
# the first Dense layer cannot size its kernel yet: the model is not built.
model = keras.Sequential(
    [
        keras.layers.Dense(2, activation="relu"),
        keras.layers.Dense(3, activation="softmax"),
    ]
)
print(f"built: {model.built}, weights: {model.weights}")
try:
    model.count_params()
except ValueError as error:
    print(f"ValueError: {error}")
# --8<-- [end:unbuilt]

# --8<-- [start:call]
# The first call on data gives the model its input shape and creates the
# weights.
model(np.ones((1, 4)))
print(f"built: {model.built}, weights: {len(model.weights)}")
print(f"parameters: {model.count_params()}")
# The shapes it recorded carry that call's batch size, 1, instead of None.
print(f"input shape: {model.inputs[0].shape}")
print(f"output shape: {model.outputs[0].shape}")
# --8<-- [end:call]
