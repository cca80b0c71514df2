import keras
import numpy as np

# A merge layer first, and no keras.Input: the model is called on a list of
# two arrays, and the list goes to Concatenate as it is.
joined = keras.Sequential([keras.layers.Concatenate(), keras.layers.Dense(1)])
joined.compile(optimizer="adam", loss="mse")
a, b = np.ones((8, 3)), np.zeros((8, 2))
joined.fit([a, b], np.ones((8, 1)), epochs=1, verbose=0)
print(f"trained on [a, b]: {joined.count_params()} parameters")


# A layer that returns a list, then a merge layer.
class TwoViews(keras.layers.Layer):
    def call(self, x):
        return [x, 2 * x]


summed = keras.Sequential(
    [keras.Input(shape=(4,)), TwoViews(), keras.layers.Add()]
)
print(f"x + 2x for x = 1: {summed.predict(np.ones((1, 4)), verbose=0)[0]}")
