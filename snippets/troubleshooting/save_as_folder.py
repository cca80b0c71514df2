import tempfile
from pathlib import Path

import keras
import numpy as np

model = keras.Sequential([keras.Input(shape=(4,)), keras.layers.Dense(2)])
x = np.random.default_rng(0).random((8, 4)).astype("float32")

with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "my_model"
    # No extension: with zipped=False, model.save writes a folder.
    model.save(path, zipped=False)
    print(f"my_model/ holds: {sorted(p.name for p in path.iterdir())}")
    reloaded = keras.models.load_model(path)

before, after = model.predict(x, verbose=0), reloaded.predict(x, verbose=0)
print(f"largest difference after reloading: {np.abs(after - before).max()}")
