"""Small layers that the claim tests use to look for counterexamples to "a Sequential model
cannot merge" and friends: each passes tensors along in a way a chain allows."""

import keras


class Probe(keras.layers.Layer):
    """Passes its input on unchanged and keeps what it received."""

    def call(self, x):
        self.received = x
        return x


class TwoViews(keras.layers.Layer):
    """A custom layer that returns a list: its input and twice its input."""

    def call(self, x):
        return [x, 2 * x]


class CarryAlong(keras.layers.Layer):
    """Returns [x, layer(x)]: the earlier tensor travels on beside the new one."""

    def __init__(self, layer, **kwargs):
        super().__init__(**kwargs)
        self.layer = layer

    def call(self, x):
        return [x, self.layer(x)]


class EachWith(keras.layers.Layer):
    """Applies one inner layer to each tensor of the list it receives."""

    def __init__(self, layer, **kwargs):
        super().__init__(**kwargs)
        self.layer = layer

    def call(self, xs):
        return [self.layer(x) for x in xs]
