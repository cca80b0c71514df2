"""Claims of docs/reference/answer-corrected.md (snippets/answer/).

The answer's own code is kept, verbatim, in snippets/answer/original_*.txt: shown on the page
in ```py fences, which neither the build nor the snippet runner executes (only ```python
fences and *.py files run). The tests here run it on purpose, to check that it fails on
Keras 3 exactly as the page says.
"""

import ast
import re
import warnings

import keras
import numpy as np
import pytest

from conftest import ROOT, fresh, max_difference, run_sections, section
from docsite import executor, pages

PAGE = "docs/reference/answer-corrected.md"

# Float32 tolerance: the same model evaluated in different batch sizes differs by up to ~8e-7
# on values of order 1 (different reduction order), so "equal" means within 1e-6. The
# reconstructions compared with it are sigmoid outputs, in [0, 1]; larger values are compared
# within 1e-6 times their size.
ATOL = 1e-6

DIGITS = np.random.default_rng(0).random((64, 784), dtype=np.float32)

ORIGINALS = ("original_definitions.txt", "original_autoencoder.txt")


def original(name: str, part: str | None = None) -> str:
    """The answer's code from snippets/answer/, whole or one section, as the page shows it."""
    if part:
        return section(f"answer/{name}", part)
    return (ROOT / "snippets" / "answer" / name).read_text(encoding="utf-8")


def run_original(code: str, namespace: dict | None = None):
    """Run the answer's code as a reader would paste it: a new program, every warning recorded.
    Return the namespace, the warnings, and the exception it stopped at (or None)."""
    executor.reset()
    namespace = {"__name__": "__main__"} if namespace is None else namespace
    stopped = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            exec(compile(code, "answer.py", "exec"), namespace)
        except Exception as error:  # noqa: BLE001  (what the code raises is what we check)
            stopped = error
    return namespace, caught, stopped


def names(code: str) -> set[str]:
    """The names that `code` assigns."""
    return {
        target.id
        for node in ast.walk(ast.parse(code))
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def test_the_original_code_is_shown_not_run():
    """Not a claim: the machinery. The originals are not snippets (*.py) the runner executes,
    and the page shows them only in ```py fences, which the build and the page tests skip."""
    runnable = {path.name for path in pages.snippets()}
    assert not set(ORIGINALS) & runnable
    text = (ROOT / PAGE).read_text(encoding="utf-8").splitlines()
    shown = [i for i, line in enumerate(text) if "original_" in line and "--8<--" in line]
    assert len(shown) == 3
    for index in shown:
        assert text[index - 1].strip() == "```py"
    for name in ORIGINALS:
        assert original(name).startswith(("# The answer's", "# --8<-- [start:train]\n# The"))
    blocks = pages.blocks(ROOT / PAGE)
    assert blocks and not any("Shown, not run" in block.code for block in blocks)
    # Each tab set opens on the corrected code, which the page's sentences describe.
    tabs = [line.strip() for line in text if line.startswith("=== ")]
    assert tabs == ['=== "Corrected (Keras 3)"', '=== "Original (2017)"'] * 3
    # Negative control: run as the site runs code, the original first example fails (it warns).
    with pytest.raises(executor.SnippetError, match="warned UserWarning: Do not pass an"):
        executor.run(original("original_definitions.txt"), "original_definitions.txt")


@pytest.mark.claim(
    PAGE,
    "With `Sequential`, you create the model object first and append layers to it. With the "
    "Functional API, you create layers, call them on tensors, and make the model last, from its "
    "input and output tensors.",
)
def test_the_two_styles_make_the_model_first_or_last():
    def calls(name):
        tree = ast.parse((ROOT / "snippets" / "answer" / name).read_text(encoding="utf-8"))
        return [
            ast.unparse(node.value) for node in tree.body if isinstance(node, ast.Assign | ast.Expr)
        ]

    sequential = calls("sequential_definition.py")
    assert sequential[0] == "keras.Sequential()"  # the model object first...
    assert [line.split("(")[0] for line in sequential[1:3]] == ["model.add", "model.add"]
    functional = calls("functional_definition.py")
    assert functional[0].startswith("keras.Input(") and "(inputs)" in functional[1]
    assert functional[2] == "keras.Model(inputs=inputs, outputs=outputs)"  # ...or last
    # The Sequential model exists, empty, before any layer is added; add() appends.
    model = keras.Sequential()
    assert isinstance(model, keras.Model) and model.layers == []
    dense = keras.layers.Dense(2)
    model.add(keras.Input((4,)))
    model.add(dense)
    assert model.layers == [dense]
    # The same order in the answer's own code.
    answer = original("original_definitions.txt")
    assert answer.index("model = Sequential()") < answer.index("model.add(")
    assert answer.index("Dense(32, activation='relu')(a)") < answer.index("model = Model(")
    # Negative control: the Functional snippet has no model until its last line.
    assert not any("keras.Model" in line for line in functional[:2])


@pytest.mark.claim(
    PAGE,
    "The corrected models have {parameters:,} parameters each ({pixels} × {units} weights and "
    "{units} biases).",
)
def test_both_definitions_have_25120_parameters(snippet, printed, stated):
    sequential = snippet("answer/sequential_definition.py").namespace["model"]
    functional = snippet("answer/functional_definition.py").namespace["model"]
    assert sequential.count_params() == functional.count_params() == 784 * 32 + 32
    # What the page shows under each corrected definition: the count it states.
    for kind in ("sequential", "functional"):
        shown = printed(PAGE, f"snippets/answer/{kind}_definition.py")
        assert shown == f"{functional.count_params():,} parameters\n"
    # 784 x 32 weights and 32 biases, in both.
    for model in (sequential, functional):
        assert [tuple(w.shape) for w in model.weights] == [(784, 32), (32,)]
    (pixels, units), _bias = (tuple(w.shape) for w in functional.weights)
    stated(parameters=functional.count_params(), pixels=pixels, units=units)
    # Negative control: one unit fewer is a different count, so the check can fail.
    narrower = keras.Sequential([keras.Input((784,)), keras.layers.Dense(31)])
    assert narrower.count_params() == 784 * 31 + 31 != functional.count_params()


@pytest.mark.claim(
    PAGE,
    "Once one is given the other's weights, they compute the same outputs, so for a plain stack "
    "of layers you can pick the style you prefer.",
)
def test_both_definitions_compute_the_same_function():
    sequential = fresh("answer/sequential_definition.py")["model"]
    # The executor seeds every run alike, so re-initialise the twin: clone_model draws new weights.
    functional = keras.models.clone_model(fresh("answer/functional_definition.py")["model"])
    # Negative control: two independently initialised networks disagree.
    assert max_difference(sequential(DIGITS), functional(DIGITS)) > 1e-2
    functional.set_weights(sequential.get_weights())
    # Within ATOL times the outputs' size: rounding error grows with the values compared.
    outputs = keras.ops.convert_to_numpy(sequential(DIGITS))
    scale = max(1.0, float(np.abs(outputs).max()))
    assert max_difference(outputs, functional(DIGITS)) <= ATOL * scale
    # Same layers, same activation: the same network, not just the same numbers here.
    assert [type(layer).__name__ for layer in sequential.layers] == ["Dense"]
    assert [type(layer).__name__ for layer in functional.layers] == ["InputLayer", "Dense"]
    assert sequential.layers[0].activation is functional.layers[1].activation


@pytest.mark.claim(
    PAGE,
    "The original is shown, not run, by this page; run on Keras 3 by the site's tests, it still "
    "imports `Sequential` and `Model` from `keras.models` and builds both of its models, but it "
    "warns once, at `Dense(32, input_dim=784)`: "
    '"{message}" The corrected code starts the Sequential model with '
    "`keras.Input(shape=(784,))` and runs without a warning.",
)
def test_the_original_first_example_warns_once(snippet, stated):
    code = original("original_definitions.txt")
    # Shown, not run, by the page: no block the page runs holds the original's code.
    assert not any("Activation('relu')" in block.code for block in pages.blocks(ROOT / PAGE))
    namespace, caught, stopped = run_original(code)
    assert stopped is None
    assert [w.category for w in caught] == [UserWarning]
    sequential_part = code.split("#---Or using the Functional API")[0]
    ns, caught_again, _ = run_original(sequential_part)
    assert [str(w.message) for w in caught_again] == [str(caught[0].message)]
    # The warning is the input_dim line's: without input_dim, the same code warns nothing.
    line = "model.add(Dense(32, input_dim=784))"
    assert code.count(line) == 1
    _, without, _ = run_original(code.replace(line, "model.add(Dense(32))"))
    assert without == []
    # The imports work: keras.models still has both classes.
    assert namespace["Sequential"] is keras.Sequential and namespace["Model"] is keras.Model
    # The same two models: the Sequential one (Dense, Activation) and the Functional one.
    assert [type(layer).__name__ for layer in ns["model"].layers] == ["Dense", "Activation"]
    functional = namespace["model"]
    assert [type(layer).__name__ for layer in functional.layers] == ["InputLayer", "Dense"]
    corrected = snippet("answer/sequential_definition.py").namespace["model"]
    assert ns["model"].count_params() == functional.count_params() == corrected.count_params()
    stated(message=str(caught[0].message))
    # Negative control: the corrected code, run the same way, warns nothing.
    for name in ("sequential_definition.py", "functional_definition.py"):
        _, corrected_caught, corrected_stopped = run_original(
            (ROOT / "snippets" / "answer" / name).read_text(encoding="utf-8")
        )
        assert corrected_caught == [] and corrected_stopped is None


@pytest.mark.claim(
    PAGE,
    "The corrected code also writes the answer's separate `Activation('relu')` layer as "
    '`activation="relu"` inside `Dense`. The two compute the same thing, and the `Activation` '
    "layer has no weights of its own.",
)
def test_activation_layer_equals_the_activation_argument():
    assert "model.add(Activation('relu'))" in original("original_definitions.txt")
    # The answer's form: Dense(32) followed by a separate Activation("relu") layer, drawn from
    # another seed than the snippet's (every run starts from seed 0).
    keras.utils.set_random_seed(1)
    separate = keras.Sequential(
        [keras.Input((784,)), keras.layers.Dense(32), keras.layers.Activation("relu")]
    )
    inside = keras.models.clone_model(fresh("answer/sequential_definition.py")["model"])
    assert separate.layers[1].count_params() == 0 and separate.layers[1].weights == []
    assert separate.count_params() == inside.count_params()
    inputs = np.random.default_rng(1).normal(size=(64, 784)).astype("float32")
    # Negative control: before sharing weights, the two networks disagree.
    assert max_difference(separate(inputs), inside(inputs)) > 1e-2
    inside.set_weights(separate.get_weights())
    # The same matrix product, then the same ReLU: bit-identical.
    assert max_difference(separate(inputs), inside(inputs)) == 0.0
    # Negative control: without the Activation layer, the output keeps its negative values.
    # (`convert_to_numpy`: `np.min` does not take a PyTorch tensor.)
    dense_only = keras.ops.convert_to_numpy(separate.layers[0](inputs))
    activated = keras.ops.convert_to_numpy(separate(inputs))
    assert float(np.min(dense_only)) < 0.0 <= float(np.min(activated))


@pytest.mark.claim(
    PAGE,
    "The real difference is what a Functional model is made of: layers wired into a graph. Any "
    "tensor in that graph can end a new model, and in a chain like the answer's, any tensor that "
    "later layers use can start one.",
)
def test_any_tensor_of_the_graph_can_end_or_start_a_new_model(snippet):
    ns = snippet("answer/autoencoder.py").namespace
    autoencoder = ns["autoencoder"]
    tensors = [ns["input_img"], ns["encoded"], ns["decoded"]]
    # Layers wired into a graph: each Dense layer was called on the tensor before it.
    for layer, before in zip(autoencoder.layers[1:], tensors, strict=False):
        assert layer._inbound_nodes[0].input_tensors[0] is before
    # Any tensor can end a model that starts at the input.
    for tensor in tensors:
        assert keras.Model(ns["input_img"], tensor).outputs[0] is tensor
    # Any tensor that later layers use can start one: the input and the encoding here, and
    # the reconstruction as soon as a new layer uses it.
    assert keras.Model(ns["encoded"], ns["decoded"]).layers[1] is autoencoder.layers[2]
    assert keras.Model(ns["input_img"], ns["decoded"]).count_params() == 50_992
    after = keras.layers.Dense(3)(ns["decoded"])
    assert keras.Model(ns["decoded"], after).count_params() == 784 * 3 + 3
    # Negative control: a tensor no later layer uses cannot start a model ending at itself.
    with pytest.raises(ValueError, match="is not connected to `inputs`"):
        keras.Model(ns["encoded"], ns["encoded"])
    # Why "in a chain": where a skip connection goes around a tensor, the output also needs
    # what came before it, and a model started from that tensor is refused.
    inputs = keras.Input((4,))
    middle = keras.layers.Dense(4)(inputs)
    skipped = keras.layers.Add()([inputs, keras.layers.Dense(4)(middle)])
    with pytest.raises(ValueError, match="is not connected to `inputs`"):
        keras.Model(middle, skipped)
    assert keras.Model(middle, keras.layers.Dense(4)(middle)).count_params() == 20  # control


@pytest.mark.claim(
    PAGE,
    "Models built that way share the same layer objects, so training one of them trains the "
    "layers it shares with the others.",
)
@pytest.mark.claim(
    PAGE,
    "Training the autoencoder, the only model compiled and trained, changes the encoder's "
    "weights too, because they are the same variables.",
)
def test_training_one_model_trains_the_layers_it_shares():
    ns = run_sections("answer/autoencoder.py", "data", "model", "submodels")
    encoder, decoder = ns["encoder"], ns["decoder"]
    kernel_before = encoder.layers[1].kernel.numpy().copy()
    bystander = keras.models.clone_model(encoder)  # same start, own layers
    bystander.set_weights(encoder.get_weights())
    # Its own training: the shared run keeps no pre-fit kernel or bystander, and is read-only.
    executor.run(section("answer/autoencoder.py", "train"), "train", ns)
    assert ns["autoencoder"].optimizer.iterations > 0
    # The only model compiled and trained: the encoder and the decoder never were.
    assert getattr(encoder, "optimizer", None) is None
    assert getattr(decoder, "optimizer", None) is None
    # The same layer objects, so the same variables.
    assert encoder.layers[1] is ns["autoencoder"].layers[1]
    assert decoder.layers[1] is ns["autoencoder"].layers[2]
    assert encoder.layers[1].kernel is ns["autoencoder"].layers[1].kernel  # the same variable
    assert max_difference(encoder.layers[1].kernel.numpy(), kernel_before) > 1e-3
    # Negative control: an encoder that does not share the layers is left unchanged.
    assert max_difference(bystander.layers[1].kernel.numpy(), kernel_before) == 0.0
    # The other way: training the decoder alone changes the autoencoder's last layer, and
    # not the encoder's layer, which the decoder does not share.
    decoding_before = ns["autoencoder"].layers[2].kernel.numpy().copy()
    encoding_before = encoder.layers[1].kernel.numpy().copy()
    decoder.compile(optimizer="adam", loss="binary_crossentropy")
    codes = encoder.predict(ns["x_train"][:256], verbose=0)
    decoder.fit(codes, ns["x_train"][:256], epochs=1, batch_size=64, verbose=0)
    # Four Adam steps move each weight by up to ~4e-3 (learning rate 1e-3 per step).
    assert max_difference(ns["autoencoder"].layers[2].kernel.numpy(), decoding_before) > 1e-4
    assert max_difference(encoder.layers[1].kernel.numpy(), encoding_before) == 0.0


@pytest.mark.claim(
    PAGE,
    "The answer shows this with the autoencoder from the Keras blog. It leaves the data to the "
    "reader (`autoencoder.fit(X,Y,...)`); here it is {count:,} real handwritten digits that "
    "ship with scikit-learn, so nothing is downloaded:",
)
@pytest.mark.claim(
    PAGE,
    "In both, the autoencoder squeezes each {pixels}-pixel image into {units} numbers and "
    "expands it back. The encoder and the decoder are new models made of the autoencoder's own "
    "layers: the encoder ends at the encoding, and the decoder calls the autoencoder's last "
    "layer on a new {units}-number input.",
)
def test_the_autoencoder_maps_784_pixels_to_32_numbers_and_back(snippet, stated):
    answer_code = original("original_autoencoder.txt", "train")
    assert "autoencoder.fit(X,Y,...)" in answer_code
    # The Keras blog's autoencoder, line for line (its names, its layers, its decoder recipe).
    for line in (
        "input_img = Input(shape=(784,))",
        "encoded = Dense(32, activation='relu')(input_img)",
        "decoded = Dense(784, activation='sigmoid')(encoded)",
        "decoder_layer = autoencoder.layers[-1]",
    ):
        assert line in answer_code
    ns = snippet("answer/autoencoder.py").namespace
    # 1,797 digits from scikit-learn (run offline by the executor), 784 pixels each, in [0, 1].
    count, pixels = ns["x"].shape
    assert (count, pixels) == (1_797, 784) and 0.0 == ns["x"].min() < ns["x"].max() == 1.0
    units = ns["encoder"].outputs[0].shape[-1]
    # The original's models, up to its fit line, have the same shapes and structure.
    # No own training: the fit line is cut, so the original only builds its models.
    code = original("original_autoencoder.txt", "train").replace("autoencoder.fit(X,Y,...)", "")
    answer, _, stopped = run_original(code)
    assert stopped is None
    for models in (ns, answer):
        assert tuple(models["autoencoder"].outputs[0].shape) == (None, pixels)
        assert tuple(models["encoder"].outputs[0].shape) == (None, units) == (None, 32)
        assert models["encoder"].outputs[0] is models["encoded"]  # ends at the encoding
        decoder = models["decoder"]
        assert decoder.inputs[0] is models["encoded_input"] is not models["encoded"]
        assert tuple(decoder.inputs[0].shape) == (None, units)
        assert decoder.layers[1] is models["autoencoder"].layers[-1]
    assert ns["encoded_imgs"].shape == (297, units)
    assert ns["autoencoder_imgs"].shape == ns["decoded_imgs"].shape == (297, pixels)
    stated(count=count, pixels=pixels, units=units)
    # Negative control: the encoding is not image-sized, so a shape check can fail.
    assert ns["encoded_imgs"].shape != ns["x_test"].shape


@pytest.mark.claim(
    PAGE,
    "The encoder's and decoder's `Dense` layers are the very objects in `autoencoder.layers`, "
    "not copies.",
)
def test_submodels_hold_the_autoencoders_layer_objects(snippet):
    ns = snippet("answer/autoencoder.py").namespace
    autoencoder, encoder, decoder = ns["autoencoder"], ns["encoder"], ns["decoder"]
    assert encoder.layers[1] is autoencoder.layers[1]
    assert decoder.layers[1] is autoencoder.layers[2]
    shared = {id(v) for v in encoder.weights} | {id(v) for v in decoder.weights}
    assert shared == {id(v) for v in autoencoder.weights} and len(shared) == 4
    # Negative control: a clone has the same architecture but its own layer objects.
    clone = keras.models.clone_model(autoencoder)
    assert clone.layers[1] is not autoencoder.layers[1]
    assert not {id(v) for v in clone.weights} & shared


@pytest.mark.claim(
    PAGE,
    "Run on Keras 3 by the tests, the original stops at its last line: `X` and `Y` stand for "
    "the reader's data, and Python raises `{error}`. Everything before that line runs unchanged "
    "and builds the same three models: the autoencoder with {autoencoder:,} parameters, the "
    "encoder with {encoder:,} and the decoder with {decoder:,}.",
)
def test_the_original_second_example_stops_at_fit(snippet, stated):
    code = original("original_autoencoder.txt", "train")
    answer, caught, stopped = run_original(code)
    assert type(stopped) is NameError
    error = f"{type(stopped).__name__}: {stopped}"
    assert error == "NameError: name 'X' is not defined"
    assert code.rstrip("\n").splitlines()[-1] == "autoencoder.fit(X,Y,...)"  # its last line
    assert caught == []  # nothing warned before it
    corrected = snippet("answer/autoencoder.py").namespace
    counts = {}
    for name in ("autoencoder", "encoder", "decoder"):
        counts[name] = answer[name].count_params()
        assert counts[name] == corrected[name].count_params()
        assert [type(layer).__name__ for layer in answer[name].layers] == [
            type(layer).__name__ for layer in corrected[name].layers
        ]
    stated(error=error, **counts)
    # Its own training: the page never runs the original's fit line with data.
    # Negative control: with data for X and Y, the `...` placeholder is not valid either.
    data = {"X": DIGITS, "Y": DIGITS}
    _, _, with_data = run_original(code, {"__name__": "__main__", **data})
    assert type(with_data) is TypeError
    # And with the placeholder replaced by real arguments, fit runs.
    filled = code.replace("autoencoder.fit(X,Y,...)", "autoencoder.fit(X, Y, verbose=0)")
    _, _, none = run_original(filled, {"__name__": "__main__", **data})
    assert none is None


@pytest.mark.claim(
    PAGE,
    "On Keras 3, the original's `compile` gives the autoencoder an `Adadelta` optimizer with a "
    "learning rate of {learning_rate:g}. The corrected code compiles with Adam and its defaults "
    "instead.",
)
def test_the_original_compiles_with_adadelta_at_0_001(snippet, stated):
    code = original("original_autoencoder.txt", "train")
    assert "autoencoder.compile(optimizer='adadelta', loss='binary_crossentropy')" in code
    answer, _, _ = run_original(code)
    optimizer = answer["autoencoder"].optimizer
    # With PyTorch as the backend, Keras builds its PyTorch subclass of each optimizer (named
    # the same): the class is the one `Adadelta()` builds on this backend.
    assert isinstance(optimizer, keras.optimizers.Adadelta)
    assert type(optimizer) is type(keras.optimizers.Adadelta())
    learning_rate = float(optimizer.learning_rate)
    # float32 0.001 (0.0010000000474974513) prints as 0.001 with `g`.
    assert f"{learning_rate:g}" == "0.001"
    stated(learning_rate=learning_rate)
    # The corrected code: Adam with its defaults (no argument but the name).
    train = section("answer/autoencoder.py", "train")
    assert 'autoencoder.compile(optimizer="adam", loss="binary_crossentropy")' in train
    corrected = snippet("answer/autoencoder.py").namespace["autoencoder"].optimizer
    assert type(corrected) is type(keras.optimizers.Adam())
    assert not isinstance(corrected, keras.optimizers.Adadelta)
    assert float(corrected.learning_rate) == float(keras.optimizers.Adam().learning_rate)
    # Negative control: the learning rate the answer's Keras used is a different number.
    assert float(keras.optimizers.Adadelta(learning_rate=1.0).learning_rate) != learning_rate


@pytest.mark.claim(
    PAGE,
    "The original's last line reads `encoded_imgs`, a name it never assigned: it stored the "
    "encodings as `encoder_imgs`, so it raises `{error}`. The corrected code uses one name, "
    "`encoded_imgs`, on both lines.",
)
def test_the_original_prediction_reads_a_name_it_never_assigned(snippet, stated):
    train = original("original_autoencoder.txt", "train")
    predict = original("original_autoencoder.txt", "predict")
    assert predict.rstrip("\n").splitlines()[-1] == "decoded_imgs = decoder.predict(encoded_imgs)"
    assigned = names(train + predict)
    assert "encoder_imgs" in assigned and "encoded_imgs" not in assigned

    # Its own training: the original's own code, which the page shows but never runs.
    # The rest of the answer, with its placeholder filled, then the prediction block.
    ns = {"__name__": "__main__", "X": DIGITS, "Y": DIGITS, "x_test": DIGITS[:8]}
    filled = train.replace("autoencoder.fit(X,Y,...)", "autoencoder.fit(X, Y, verbose=0)")
    ns, _, stopped = run_original(filled, ns)
    assert stopped is None
    ns, _, stopped = run_original(
        predict.replace(".predict(x_test)", ".predict(x_test, verbose=0)"), ns
    )
    error = f"{type(stopped).__name__}: {stopped}"
    assert error == "NameError: name 'encoded_imgs' is not defined"
    assert "autoencoder_imgs" in ns and "encoder_imgs" in ns and "decoded_imgs" not in ns
    stated(error=error)
    # The corrected code: one name, assigned and then read.
    corrected = section("answer/autoencoder.py", "predict")
    assert "encoded_imgs = encoder.predict(" in corrected
    assert "decoded_imgs = decoder.predict(encoded_imgs" in corrected
    assert "encoded_imgs" in names(corrected) and "encoder_imgs" not in names(corrected)
    # Negative control: without x_test, the block stops earlier, at another name.
    _, _, earlier = run_original(predict, {"__name__": "__main__"})
    assert str(earlier) == "name 'autoencoder' is not defined"


@pytest.mark.claim(
    PAGE,
    "The corrected code trains: its loss falls from the first epoch to the fifth.",
)
def test_the_corrected_autoencoder_trains(snippet, printed):
    shown = printed(PAGE, "snippets/answer/autoencoder.py:train")
    match = re.fullmatch(
        r"training loss: (?P<first>\d\.\d{3}) after one epoch, (?P<last>\d\.\d{3}) after five\n",
        shown,
    )
    assert match, shown
    # The page prints three decimals; the fall is far larger than that rounding (0.0005).
    assert float(match["last"]) < float(match["first"]) - 0.01
    ns = snippet("answer/autoencoder.py").namespace
    losses = ns["history"].history["loss"]
    assert len(losses) == 5 and losses[-1] < losses[0]
    # Negative control: an untrained autoencoder (a fresh clone) has a higher loss on the same
    # images than the last epoch's.
    untrained = keras.models.clone_model(ns["autoencoder"])
    untrained.compile(optimizer="adam", loss="binary_crossentropy")
    assert untrained.evaluate(ns["x_train"], ns["x_train"], verbose=0) > losses[-1]


@pytest.mark.claim(
    PAGE,
    "The two reconstructions are equal (within {atol:sci}; here they are bit-identical, since "
    "both paths run the same operations in the same batches).",
)
def test_autoencoder_equals_decoder_after_encoder(snippet, printed, stated):
    ns = snippet("answer/autoencoder.py").namespace
    # What the page shows under the block: the largest difference, 0.0.
    shown = printed(PAGE, "snippets/answer/autoencoder.py:predict")
    assert shown == "largest difference between the two reconstructions: 0.0\n"
    assert ns["difference"] <= ATOL
    assert ns["difference"] == 0.0  # "here they are bit-identical": same operations, same batches
    assert max_difference(ns["autoencoder_imgs"], ns["decoded_imgs"]) <= ATOL
    stated(atol=ATOL)
    # Negative control: a decoder with its own, untrained Dense layer gives other images.
    other = keras.Sequential([keras.Input((32,)), keras.layers.Dense(784, activation="sigmoid")])
    assert (
        max_difference(ns["autoencoder_imgs"], other.predict(ns["encoded_imgs"], verbose=0)) > 1e-2
    )
