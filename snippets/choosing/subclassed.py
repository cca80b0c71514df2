# --8<-- [start:define]
import keras
import numpy as np


# The encoder (784 pixel values -> 32 numbers) as a subclass: create the
# layers in __init__, use them in call().
class Encoder(keras.Model):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.dense = keras.layers.Dense(32, activation="relu")

    def call(self, inputs):
        return self.dense(inputs)


model = Encoder(name="encoder")
# There is no Input: the weights are created on the first call, from the
# shape of what the model is called on. Here, a batch of data.
model(np.zeros((1, 784), dtype="float32"))
print(f"parameters: {model.count_params():,}")
# --8<-- [end:define]

# --8<-- [start:on_input]
# Called on a keras.Input instead, it builds its weights from the Input's
# shape, with no data: shapes and parameters are known at once.
shaped = Encoder(name="shaped")
print(f"output: {shaped(keras.Input(shape=(784,))).shape}")
shaped.summary()
# --8<-- [end:on_input]
