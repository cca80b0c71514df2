# Keras 2 for code that uses tf.keras: install tf_keras, then set the
# variable before Python imports TensorFlow.
pip install tf_keras
export TF_USE_LEGACY_KERAS=1
python my_keras2_script.py
