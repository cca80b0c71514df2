import keras

# What compile(optimizer="adadelta") uses: Adadelta with its default settings.
default = keras.optimizers.get("adadelta")
print(f"default learning rate: {float(default.learning_rate):g}")

# The default of Keras 1 and 2, 1.0, has to be asked for.
keras1_like = keras.optimizers.Adadelta(learning_rate=1.0)
print(f"with learning_rate=1.0: {float(keras1_like.learning_rate):g}")
