import warnings

import keras

# The answer's first layer: the input size given to the layer itself.
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    model = keras.Sequential([keras.layers.Dense(32, input_dim=784)])

for warning in caught:
    print(f"{warning.category.__name__}: {warning.message}")
