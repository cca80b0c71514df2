# --8<-- [start:model]
import tempfile
from pathlib import Path

import keras
import numpy as np

# A Lambda layer wraps a function: here a Python lambda.
inputs = keras.Input(shape=(4,))
doubled = keras.layers.Lambda(lambda t: t * 2.0)(inputs)
model = keras.Model(inputs, keras.layers.Dense(1)(doubled))

x = np.random.default_rng(0).random((8, 4), dtype="float32")
folder = tempfile.TemporaryDirectory()
path = Path(folder.name) / "doubled.keras"
model.save(path)
# --8<-- [end:model]

# --8<-- [start:safe_mode]
# load_model refuses to run code stored in the file (safe_mode=True).
try:
    keras.models.load_model(path)
except ValueError as error:
    print(f"{type(error).__name__}: {error}")
# --8<-- [end:safe_mode]

# --8<-- [start:trusted]
# A file you trust: allow its code to be loaded.
loaded = keras.models.load_model(path, safe_mode=False)
difference = np.abs(
    loaded.predict(x, verbose=0) - model.predict(x, verbose=0)
)
print(f"largest difference after the round trip: {difference.max()}")
folder.cleanup()
# --8<-- [end:trusted]

# --8<-- [start:globals]
# A lambda that uses `keras`: saved as code, and loaded without that name.
absolute = keras.layers.Lambda(lambda t: keras.ops.abs(t), output_shape=(4,))
model = keras.Model(inputs, absolute(inputs))
with tempfile.TemporaryDirectory() as folder:
    model.save(Path(folder) / "absolute.keras")
    loaded = keras.models.load_model(
        Path(folder) / "absolute.keras", safe_mode=False
    )
function = loaded.layers[1].function
print(f"the loaded lambda's globals: {function.__globals__['__name__']}")
try:
    function(x)
except NameError as error:
    print(f"{type(error).__name__}: {error}")
# --8<-- [end:globals]


# --8<-- [start:named]
# A named, registered function is saved by its name, not as code.
@keras.saving.register_keras_serializable(package="my_layers")
def absolute_value(t):
    return keras.ops.abs(t)


model = keras.Model(inputs, keras.layers.Lambda(absolute_value)(inputs))
with tempfile.TemporaryDirectory() as folder:
    model.save(Path(folder) / "absolute.keras")
    loaded = keras.models.load_model(Path(folder) / "absolute.keras")
print(f"same function: {loaded.layers[1].function is absolute_value}")
difference = np.abs(
    loaded.predict(x, verbose=0) - model.predict(x, verbose=0)
)
print(f"largest difference after the round trip: {difference.max()}")
# --8<-- [end:named]


# --8<-- [start:unregistered]
# Not registered: the file records the function's name only.
def absval(t):
    return keras.ops.abs(t)


model = keras.Model(inputs, keras.layers.Lambda(absval)(inputs))
with tempfile.TemporaryDirectory() as folder:
    model.save(Path(folder) / "absval.keras")
    try:
        keras.models.load_model(Path(folder) / "absval.keras")
    except TypeError as error:
        print(f"without custom_objects: {type(error).__name__}")
    # Tell load_model which function that name means.
    loaded = keras.models.load_model(
        Path(folder) / "absval.keras", custom_objects={"absval": absval}
    )
print(f"same function: {loaded.layers[1].function is absval}")
difference = np.abs(
    loaded.predict(x, verbose=0) - model.predict(x, verbose=0)
)
print(f"largest difference after the round trip: {difference.max()}")
# --8<-- [end:unregistered]
