# --8<-- [start:model]
import keras
import numpy as np

keras.utils.set_random_seed(0)  # the same starting weights on every run

# One Dense layer object, called on two inputs: both branches use its kernel
# and bias.
shared = keras.layers.Dense(8, activation="relu", name="shared_embedding")
left = keras.Input(shape=(4,), name="left")
right = keras.Input(shape=(4,), name="right")
left_embedding = shared(left)
right_embedding = shared(right)

# Merge the branches: the L1 distance between the two embeddings, one number
# per pair.
difference = keras.ops.abs(left_embedding - right_embedding)
distance = keras.ops.sum(difference, axis=1, keepdims=True)
siamese = keras.Model([left, right], distance)

print(
    f"parameters: {siamese.count_params()}, variables: {len(siamese.weights)}"
)
# --8<-- [end:model]

# --8<-- [start:compare]
# Equal inputs go through the same weights, so their distance is exactly zero.
rng = np.random.default_rng(0)
a = rng.random((5, 4), dtype="float32")
b = rng.random((5, 4), dtype="float32")
same = siamese.predict([a, a], verbose=0)
different = siamese.predict([a, b], verbose=0)
print(f"distances for equal pairs: {same.ravel()}")
print(f"smallest distance for different pairs: {different.min():.3f}")
# --8<-- [end:compare]
