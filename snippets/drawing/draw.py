# --8<-- [start:model]
import tempfile
from pathlib import Path

import keras

# An encoder, nested as one layer of a classifier.
pixels = keras.Input(shape=(64,), name="pixels")
hidden = keras.layers.Dense(32, activation="relu", name="hidden")(pixels)
code = keras.layers.Dense(8, activation="relu", name="code")(hidden)
encoder = keras.Model(pixels, code, name="encoder")

images = keras.Input(shape=(64,), name="images")
digit = keras.layers.Dense(10, activation="softmax", name="digit")
model = keras.Model(images, digit(encoder(images)), name="classifier")
# --8<-- [end:model]

# --8<-- [start:plot_model]
# Draw the model into a PNG file (in a temporary folder here); the file's
# extension sets the format.
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "classifier.png"
    keras.utils.plot_model(
        model,
        to_file=path,
        show_shapes=True,
        show_layer_names=True,
        expand_nested=True,
    )
    is_png = path.read_bytes().startswith(b"\x89PNG")
    print(f"{path.name} written, as a PNG image: {is_png}")
# --8<-- [end:plot_model]

# --8<-- [start:svg_file]
# An .svg file: written, and then, where IPython is installed, an error.
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "classifier.svg"
    try:
        keras.utils.plot_model(model, to_file=path, show_shapes=True)
    except ValueError as error:
        print(f"{type(error).__name__}: {error}")
    print(f"{path.name} written: {path.exists()}")
# --8<-- [end:svg_file]

# --8<-- [start:write_svg]
# For an SVG file, write model_to_dot's graph yourself.
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "classifier.svg"
    graph = keras.utils.model_to_dot(model, show_shapes=True, dpi=72)
    graph.write_svg(path)
    print(f"{path.name} written: {path.exists()}")
# --8<-- [end:write_svg]

# --8<-- [start:in_memory]
# The same graph as SVG text, in memory: no file. Count the layers' boxes
# with and without expand_nested.
for expand in (False, True):
    dot = keras.utils.model_to_dot(
        model,
        show_shapes=True,
        show_layer_names=True,
        expand_nested=expand,
        dpi=72,
    )
    svg = dot.create_svg().decode("utf-8")
    boxes = svg.count('class="node"')
    print(f"expand_nested={expand}: {boxes} boxes")
# --8<-- [end:in_memory]

# --8<-- [start:summary]
# One row for the nested encoder...
model.summary()
# ...and, with expand_nested=True, one more row for each layer inside it.
model.summary(expand_nested=True)
# --8<-- [end:summary]
