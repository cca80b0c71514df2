import tempfile
from pathlib import Path

import keras

model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2)])

# A path with no extension, in a temporary folder that is deleted afterwards.
with tempfile.TemporaryDirectory() as folder:
    try:
        model.save(Path(folder) / "my_model")
    except ValueError as error:
        print(f"{type(error).__name__}: {error}")
