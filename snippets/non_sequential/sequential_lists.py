# --8<-- [start:list_input]
import keras
import numpy as np

# No keras.Input: the model is called on a list of two arrays, and the list
# goes, as it is, to Concatenate, the first layer.
joined = keras.Sequential([keras.layers.Concatenate(), keras.layers.Dense(1)])
joined.compile(optimizer="adam", loss="mse")
a, b = np.ones((8, 3)), np.zeros((8, 2))
history = joined.fit([a, b], np.ones((8, 1)), epochs=5, verbose=0)
losses = history.history["loss"]
print(f"trained on [a, b]: loss {losses[0]:.3f} -> {losses[-1]:.3f}")
# --8<-- [end:list_input]


# --8<-- [start:list_layer]
# A custom layer that returns a list: its input, and twice its input.
class TwoViews(keras.layers.Layer):
    def call(self, x):
        return [x, 2 * x]


# The next layer receives the list: Add sums it into x + 2x.
summed = keras.Sequential(
    [keras.Input(shape=(4,)), TwoViews(), keras.layers.Add()]
)
print(f"x + 2x for x = 1: {summed.predict(np.ones((1, 4)), verbose=0)[0]}")

# Last in the chain, the list is the model's output: two outputs.
views = keras.Sequential([keras.Input(shape=(4,)), TwoViews()])
print(f"outputs: {[tuple(output.shape) for output in views.outputs]}")
# --8<-- [end:list_layer]

# --8<-- [start:model_as_step]
# A whole model as one step of the chain.
step = keras.Sequential(
    [keras.Input(shape=(4,)), keras.layers.Dense(8, activation="relu")],
    name="step",
)
chain = keras.Sequential(
    [keras.Input(shape=(4,)), step, keras.layers.Dense(1)]
)
print(f"layers: {[layer.name for layer in chain.layers]}")
# --8<-- [end:model_as_step]


# --8<-- [start:carry_along]
# A skip connection in a chain: this layer returns [x, layer(x)], carrying
# its input along beside the new tensor, and Add sums the two.
class CarryAlong(keras.layers.Layer):
    def __init__(self, layer, **kwargs):
        super().__init__(**kwargs)
        self.layer = layer

    def call(self, x):
        return [x, self.layer(x)]


block = keras.layers.Dense(4, activation="relu", name="block")
carried = keras.Sequential(
    [keras.Input(shape=(4,)), CarryAlong(block), keras.layers.Add()]
)
x = np.random.default_rng(0).random((2, 4), dtype="float32")
expected = x + keras.ops.convert_to_numpy(block(x))
difference = np.abs(carried.predict(x, verbose=0) - expected).max()
print(f"largest difference from x + block(x): {difference}")

# The same computation as a graph, with the same block layer.
inputs = keras.Input(shape=(4,))
graph = keras.Model(inputs, keras.layers.Add()([inputs, block(inputs)]))
carried.summary()
graph.summary()
# --8<-- [end:carry_along]
