import keras
import numpy as np
from sklearn.datasets import load_digits

# The same starting weights and batches on every run.
keras.utils.set_random_seed(0)

digits = load_digits()
x = (digits.data / 16.0).astype("float32")
y = digits.target


def last_fit_moves_base(steps):
    """Run the steps on a new model: does the last fit change its base?"""
    inputs = keras.Input(shape=(64,))
    base = keras.layers.Dense(32, activation="relu", name="base")
    outputs = keras.layers.Dense(10, activation="softmax")(base(inputs))
    model = keras.Model(inputs, outputs)
    for step in steps:
        if step == "compile":
            model.compile(
                optimizer="adam", loss="sparse_categorical_crossentropy"
            )
        elif step == "fit":
            before = base.get_weights()
            model.fit(x, y, epochs=1, verbose=0)
        else:  # "freeze" or "unfreeze"
            base.trainable = step == "unfreeze"
    pairs = zip(base.get_weights(), before, strict=True)
    return max(float(np.abs(now - then).max()) for now, then in pairs)


orders = [
    ("freeze", "compile", "fit"),
    ("compile", "freeze", "fit"),
    ("compile", "fit", "freeze", "compile", "fit"),
    ("freeze", "compile", "fit", "unfreeze", "compile", "fit"),
    # No compile() between the change and the last fit:
    ("compile", "fit", "freeze", "fit"),
    ("freeze", "compile", "fit", "unfreeze", "fit"),
]
for steps in orders:
    # A fit that meets a change it was not compiled for may raise ValueError.
    try:
        result = f"base moves by {last_fit_moves_base(steps):.2g}"
    except ValueError as error:
        result = f"fit raises {type(error).__name__}"
    print(f"{' > '.join(steps)}: {result}")
