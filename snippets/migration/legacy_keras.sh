# Keras 2 for code that uses tf.keras: install the tf_keras release that
# matches your TensorFlow, then set the variable before Python imports
# TensorFlow.
pip install "tf_keras~=2.21.0"
export TF_USE_LEGACY_KERAS=1
python my_keras2_script.py
