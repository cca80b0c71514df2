import keras
import numpy as np


# The 784 -> 32 network as a subclass: create the layers in __init__, use them
# in call().
class Encoder(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = keras.layers.Dense(32, activation="relu")

    def call(self, inputs):
        return self.dense(inputs)


model = Encoder(name="encoder")
# There is no Input: the weights are created on the first call, from the
# data's shape.
model(np.zeros((1, 784), dtype="float32"))
print(f"parameters: {model.count_params():,}")
