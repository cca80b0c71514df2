"""Build-time outputs: run a page's code once, cache what it produced, put it on the page.

A page is read as raw Markdown. Each ```python fence (includes only) is expanded with the
page reader and run, top to bottom in one namespace, by the one executor. Under the fence
the build adds what the code printed, the matplotlib figures it drew (each needs an
`<!-- alt: ... -->` comment after the fence) and the model diagrams the page asks for with
`<!-- diagram: name -->`. Results are cached in `.cache/outputs/` under a hash of everything
that determines them: the code, the markers, the installed versions, the Keras backend and
this machinery's own source. A prose edit reuses them; an edited snippet runs again.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import importlib.util
import json
import os
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path

from docsite import editions, executor, pages, versions

MARKER = re.compile(r"^\s*<!--\s*(?P<kind>alt|diagram):\s*(?P<value>.*?)\s*-->\s*$")
# The code that produces outputs, hashed as it was when imported (the code actually running).
MACHINERY = hashlib.sha256(
    Path(executor.__file__).read_bytes() + Path(__file__).read_bytes()
).hexdigest()


INSTALLED = {
    name: versions.version(name) for name in ("python", "keras", "numpy", "matplotlib")
} | {
    name: versions.version(name)
    for name in ("tensorflow", "jax", "torch")
    if importlib.util.find_spec(name.replace("-", "_")) is not None
}


class RenderError(Exception):
    """The page's code failed, or its markers do not match what the code produced."""

    def __init__(self, message: str, fence_index: int | None = None):
        super().__init__(message)
        self.fence_index = fence_index  # which python block of the page, if one


@dataclass
class Fence:
    """One python fence of a page, with the markers that follow it."""

    start: int  # index of the opening fence line in the raw page
    end: int  # index of the closing fence line
    indent: str
    code: str
    source: str  # what it includes, e.g. "snippets/answer/autoencoder.py:train"
    alts: list[str] = field(default_factory=list)
    diagrams: list[str] = field(default_factory=list)
    last: int = 0  # index of the last line belonging to the fence or its markers


@dataclass
class Output:
    stdout: str = ""
    figures: list[str] = field(default_factory=list)  # SVG documents
    # variable -> [SVG, alt text in English, alt text in Chinese]
    diagrams: dict[str, list[str]] = field(default_factory=dict)


def fences(page: Path, root: Path, text: str) -> list[Fence]:
    lines = text.split("\n")
    found, number = [], 0
    while number < len(lines):
        opening = pages.FENCE.match(lines[number])
        if not opening or opening["info"].strip() != "python":
            number += 1
            continue
        end = number + 1
        while end < len(lines) and not lines[end].strip().startswith(opening["fence"]):
            end += 1
        indent = opening["indent"]
        body = textwrap.dedent("\n".join(lines[number + 1 : end]))
        sources = [m["target"] for m in map(pages.INCLUDE.match, body.split("\n")) if m]
        code = pages.expand(page, root, text=body)
        fence = Fence(number, end, indent, code.rstrip("\n") + "\n", ", ".join(sources))
        fence.last = end
        probe = end + 1
        while probe < len(lines) and (not lines[probe].strip() or MARKER.match(lines[probe])):
            marker = MARKER.match(lines[probe])
            if marker:
                getattr(fence, f"{marker['kind']}s").append(marker["value"])
                fence.last = probe
            probe += 1
        found.append(fence)
        number = end + 1
    return found


# The site is built on TensorFlow, and its pages say so ("The output above is TensorFlow's");
# the other backends' figures are in the pages' tables, checked by make test-backends.
BUILD_BACKEND = "tensorflow"


def check_build_backend(environ=os.environ) -> None:
    """Refuse to build the site's outputs on another Keras backend than the one its pages
    name."""
    backend = environ.get("KERAS_BACKEND", BUILD_BACKEND)
    if backend != BUILD_BACKEND:
        raise RenderError(
            f"KERAS_BACKEND={backend}: the pages show TensorFlow's outputs and say so; build with "
            f"KERAS_BACKEND unset (or {BUILD_BACKEND}). The other "
            "backends are tested by `make test-backends`."
        )


def cache_key(root: Path, page_fences: list[Fence]) -> str:
    digest = hashlib.sha256()
    for fence in page_fences:
        # The number of figure alt texts, not their words: the English and the Chinese page
        # share one run (and the build checks the count against the figures drawn).
        digest.update(json.dumps([fence.code, len(fence.alts), fence.diagrams]).encode())
    # What the code ran on: the installed versions (the canary's newer releases, or another
    # Python, must not be served outputs recorded on the pinned set) and the Keras backend.
    digest.update(json.dumps(INSTALLED, sort_keys=True).encode())
    digest.update(os.environ.get("KERAS_BACKEND", "tensorflow").encode())
    digest.update(MACHINERY.encode())
    return digest.hexdigest()


def cache_dir(root: Path) -> Path:
    """Where outputs are cached: `.cache/outputs` (git-ignored), or $DOCSITE_CACHE_DIR."""
    return Path(os.environ.get("DOCSITE_CACHE_DIR") or root / ".cache" / "outputs")


def outputs(
    page: Path, root: Path, page_fences: list[Fence], offset: int = 0, wait: bool = True
) -> list[Output] | None:
    """What each fence produces: from the cache, or by running the page's code now. A page is
    run once, whatever the number of processes that want it at the same time (the build's
    page runners, the test workers reading what a block printed): the first takes the page's
    lock and runs it, the others wait for it and read the cache. With `wait=False`, a page
    that another process is running is left to it: None."""
    if not page_fences:
        return []
    cache = cache_dir(root) / f"{cache_key(root, page_fences)}.json"
    if not cache.is_file():
        cache.parent.mkdir(parents=True, exist_ok=True)
        with locked(cache.with_suffix(".lock"), wait) as mine:
            if not mine:
                return None
            if not cache.is_file():  # nobody ran it while this process waited
                results = execute(page, root, page_fences, offset)
                partial = cache.with_suffix(f".{os.getpid()}.tmp")  # never half a file
                partial.write_text(json.dumps([vars(r) for r in results]), encoding="utf-8")
                os.replace(partial, cache)
                return results
    return [Output(**item) for item in json.loads(cache.read_text(encoding="utf-8"))]


@contextlib.contextmanager
def locked(path: Path, wait: bool = True):
    """An exclusive lock on `path` between processes (released if the holder dies); yields
    whether this process holds it (always, if it waits)."""
    with open(path, "a", encoding="utf-8") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def execute(page: Path, root: Path, page_fences: list[Fence], offset: int = 0) -> list[Output]:
    name = pages.rel(page, root)
    namespace = executor.fresh_namespace(name)
    executor.reset("\n".join(fence.code for fence in page_fences))
    results = []
    for index, fence in enumerate(page_fences):
        where = f"{name}:{offset + fence.start + 1}"
        try:
            run = executor.run(fence.code, fence.source, namespace, where=where)
        except executor.SnippetError as exc:
            raise RenderError(str(exc), index) from None
        if len(run.figures) != len(fence.alts):
            raise RenderError(
                f"{where}: the code draws {len(run.figures)} figure(s) but "
                f"{len(fence.alts)} `<!-- alt: ... -->` comment(s) follow it; "
                "give each figure one alt text, in order",
                index,
            )
        diagrams = {}
        for model_name in fence.diagrams:
            model = namespace.get(model_name)
            if not hasattr(model, "layers"):
                raise RenderError(
                    f"{where}: `<!-- diagram: {model_name} -->` names no Keras model "
                    "defined by the page's code so far",
                    index,
                )
            diagrams[model_name] = [
                diagram(model),
                diagram_alt(model_name, model),
                diagram_alt(model_name, model, editions.CHINESE),
            ]
        results.append(Output(run.stdout, run.figures, diagrams))
    return results


def diagram(model) -> str:
    import keras

    # dpi=72: one SVG unit per point; Keras's default (200) makes browsers clip the drawing.
    dot = keras.utils.model_to_dot(
        model, show_shapes=True, show_layer_names=True, expand_nested=True, dpi=72
    )
    return dot.create_svg().decode("utf-8")


def diagram_alt(variable: str, model, language: str = "en") -> str:
    layers = ", ".join(f"{layer.name} ({type(layer).__name__})" for layer in model.layers)
    if language == "zh":
        named = f"Keras 模型“{model.name}”" + (  # Chinese quotation marks, not Python's
            f"（变量 {variable}）" if model.name != variable else ""
        )
        return f"{named}的结构图，按其各层绘制：{layers}。"
    named = f"the Keras model {model.name!r}" + (
        f" (the variable {variable!r})" if model.name != variable else ""
    )
    return f"Diagram of {named}, drawn from its layers: {layers}."


def asset_name(svg: str, prefix: str) -> str:
    return f"{prefix}-{hashlib.sha256(svg.encode()).hexdigest()[:12]}.svg"


def render(
    page: Path, root: Path, text: str, assets: dict[str, str], page_dir: str, offset: int = 0
) -> str:
    """The page's Markdown with includes expanded and outputs, figures and diagrams added.
    SVG files to publish are added to `assets` as {path under the site: content}.
    `offset`: lines of front matter MkDocs removed above `text` (for error line numbers)."""
    page_fences = fences(page, root, text)
    results = outputs(page, root, page_fences, offset)
    language = editions.language_of(page)
    words = editions.WORDS[language]
    lines = text.split("\n")
    for fence, result in reversed(list(zip(page_fences, results, strict=True))):
        added = [""]
        if result.stdout.strip():
            kind = (
                ".doc-output .doc-table" if TABLE_DRAWING.search(result.stdout) else ".doc-output"
            )
            added += [
                f'````{{.text {kind} title="{words["output"]}"}}',
                *result.stdout.rstrip().split("\n"),
                "````",
                "",
            ]
        for svg, alt in zip(result.figures, fence.alts, strict=True):
            added += [figure_html(svg, alt, "figure", assets, page_dir), ""]
        for model_name, (svg, *alts) in result.diagrams.items():
            alt = alts[editions.LANGUAGES.index(language)]
            caption = words["drawn"].format(name=f"<code>{model_name}</code>")
            added += [figure_html(svg, alt, "diagram", assets, page_dir, caption), ""]
        code = ["```python", *fence.code.rstrip("\n").split("\n"), "```"]
        block = [fence.indent + line if line else line for line in code + added]
        lines[fence.start : fence.last + 1] = block
    return "\n".join(lines)


# Box-drawing characters: what model.summary() prints its table with. Such an output keeps its
# lines on a phone (extra.css: .doc-table scrolls there instead of wrapping into a jumble).
TABLE_DRAWING = re.compile("[\u2500-\u257f]")

SVG_SIZE = re.compile(r'<svg[^>]*?\swidth="(?P<width>[\d.]+)pt" height="(?P<height>[\d.]+)pt"')


def figure_html(svg, alt, kind, assets, page_dir, caption="") -> str:
    name = asset_name(svg, kind)
    assets[f"{page_dir}/{name}".lstrip("/")] = svg
    alt = alt.replace('"', "&quot;")
    caption = f"<figcaption>{caption}</figcaption>" if caption else ""
    # Its size up front (no layout shift as it arrives), and fetched only when scrolled near.
    box = SVG_SIZE.search(svg)  # in points; 1pt = 4/3 CSS px, as the browser would size it
    width, height = (
        (round(float(box[side]) * 4 / 3) for side in ("width", "height")) if box else (0, 0)
    )
    size = f' width="{width}" height="{height}"' if box else ""
    attributes = f'src="{name}" alt="{alt}"{size} loading="lazy" decoding="async"'
    # The image links to itself: on a phone a wide diagram is scaled down until its labels
    # cannot be read; the SVG on its own can be zoomed.
    return f'<figure class="doc-{kind}"><a href="{name}"><img {attributes}></a>{caption}</figure>'
