# Backend-specific: tf.keras is the name TensorFlow gives Keras.
import keras
import tensorflow as tf

print(f"TensorFlow {tf.__version__}, Keras {keras.__version__}")
same = tf.keras.Sequential is keras.Sequential
print(f"tf.keras.Sequential is keras.Sequential: {same}")
