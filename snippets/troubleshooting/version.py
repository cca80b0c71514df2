import keras

print(f"Keras {keras.__version__}, {keras.backend.backend()} backend")
