"""The one executor: runs documentation code the way a reader would.

Each run gets a fresh namespace (unless a page continues one), turns every warning a reader
would see into an error, refuses network connections, fixes the seeds, and captures what the
code prints and the matplotlib figures it draws. The tests and the MkDocs build both call `run`.
"""

from __future__ import annotations

import contextlib
import io
import ipaddress
import socket
import sys
import traceback
import warnings
from dataclasses import dataclass, field

import docsite  # noqa: F401  (quiets TensorFlow before anything imports it)

SEED = 0


class SnippetError(Exception):
    """Documentation code failed; the message names the code and where readers see it."""


class NetworkBlocked(OSError):
    """Raised instead of opening a connection to anything but this machine."""


@dataclass
class Run:
    """What one piece of code left behind."""

    stdout: str = ""
    figures: list[str] = field(default_factory=list)  # SVG documents
    namespace: dict = field(default_factory=dict)


def fresh_namespace(filename: str) -> dict:
    return {"__name__": "__main__", "__file__": filename, "__builtins__": __builtins__}


def run(code: str, filename: str, namespace: dict | None = None, where: str = "") -> Run:
    """Execute `code` as `filename`; raise SnippetError naming it (and `where`) on failure."""
    if namespace is None:
        reset(code)
    ns = fresh_namespace(filename) if namespace is None else namespace
    result = Run(namespace=ns)
    out = io.StringIO()
    try:
        with (
            warnings.catch_warnings(),
            contextlib.redirect_stdout(out),
            _no_network(),
            _captured_figures(result.figures),
        ):
            reader_visible_warnings_are_errors()
            exec(compile(code, filename, "exec"), ns)
    except BaseException as exc:  # noqa: BLE001  (SystemExit from a snippet is a failure too)
        if isinstance(exc, KeyboardInterrupt):
            raise
        frames = traceback.extract_tb(exc.__traceback__)
        own = [f for f in frames if f.filename == filename] or frames[-1:]
        line = f", line {own[-1].lineno}" if own else ""
        kind = "warned" if isinstance(exc, Warning) else "raised"
        message = f"{filename}{line} {kind} {type(exc).__name__}: {exc}"
        if where:
            message += f"\n  seen by readers on: {where}"
        raise SnippetError(message) from exc
    result.stdout = out.getvalue()
    return result


def reader_visible_warnings_are_errors() -> None:
    """Every warning a reader running the code would see fails it: Python's default filters,
    with "show" turned into "error". Like Python, this lets deprecation notices that a library
    raises about its own internals pass (NumPy 2 makes TensorFlow's weight saving emit one per
    weight); any such notice caused by the docs' own code still fails."""
    warnings.simplefilter("error")
    for category in (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning):
        warnings.filterwarnings("ignore", category=category)
    warnings.filterwarnings("error", category=DeprecationWarning, module="__main__")


# A program naming none of these (and importing no library that imports them) draws only
# from Python's and NumPy's generators.
_FRAMEWORKS = ("keras", "tensorflow", "torch", "jax")


def reset(code: str | None = None) -> None:
    """Start a program afresh, as a reader who runs it in a new interpreter would: Keras's
    automatic layer names count from zero again ("dense", "dense_1", ...), and the seeds are
    set once, so the blocks of one page draw from one random stream, as in one session.

    `code`, the whole program (every block of a page), if given: a program that names no
    framework, in a process that has not imported Keras, gets the two seeds it can draw from,
    Python's and NumPy's (what `keras.utils.set_random_seed` would set for it), without the
    seconds of importing Keras (the planted pages of tests/test_render.py)."""
    if (
        code is not None
        and "keras" not in sys.modules
        and not any(word in code for word in _FRAMEWORKS)
    ):
        import random

        import numpy as np

        random.seed(SEED)
        np.random.seed(SEED)
        return
    with warnings.catch_warnings():
        reader_visible_warnings_are_errors()
        import keras

        keras.backend.clear_session(free_memory=False)  # True adds a 0.2 s gc.collect()
        keras.utils.set_random_seed(SEED)


@contextlib.contextmanager
def _captured_figures(figures: list[str]):
    """Collect every matplotlib figure the code shows or leaves open, as SVG."""
    import matplotlib.pyplot as plt

    def take_open_figures(*_args, **_kwargs):
        for number in plt.get_fignums():
            figure = plt.figure(number)
            buffer = io.StringIO()
            # Text as <text> (not glyph outlines: several times smaller), stable ids and no date,
            # so the same figure gives the same file.
            with plt.rc_context({"svg.fonttype": "none", "svg.hashsalt": "keras-docs"}):
                figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None})
            figures.append(buffer.getvalue())
        plt.close("all")

    original_show = plt.show
    plt.close("all")
    plt.show = take_open_figures
    try:
        yield
        take_open_figures()
    finally:
        plt.show = original_show


@contextlib.contextmanager
def _no_network():
    """Allow loopback only: docs code must not download anything."""

    def check(address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host in {"localhost", ""}:
            return
        try:
            if ipaddress.ip_address(host).is_loopback:
                return
        except ValueError:
            pass
        raise NetworkBlocked(f"documentation code tried to reach {address!r}; the docs run offline")

    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            check(address)
        return original_connect(self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            check(address)
        return original_connect_ex(self, address)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    try:
        yield
    finally:
        socket.socket.connect = original_connect
        socket.socket.connect_ex = original_connect_ex


def run_file(snippet, root=None) -> Run:
    """Run one snippet file as a reader who copied it would: alone, in a fresh namespace."""
    from pathlib import Path

    from docsite import pages

    root = Path(root) if root else pages.ROOT
    snippet = Path(snippet) if Path(snippet).is_absolute() else root / snippet
    name = pages.rel(snippet, root)
    where = ", ".join(sorted(pages.usage(root).get(name, ()))) or "no page (orphan snippet)"
    return run(snippet.read_text(encoding="utf-8"), name, where=where)


def main(argv: list[str]) -> int:
    """`python -m docsite.executor FILE...`: run each snippet as the suite does (alone, fresh
    namespace, warnings a reader would see as errors, no network, TensorFlow quiet), in this
    one interpreter (one Keras import for all), and show what each printed or the error.
    With `--json` (the suite's form): print only {file: error or null}."""
    import json

    as_json = "--json" in argv
    errors = {}
    for path in (arg for arg in argv if arg != "--json"):
        try:
            run = run_file(path)
            errors[path] = None
            if not as_json:
                shown = f", {len(run.figures)} figure(s)" if run.figures else ""
                print(f"{path}: ran{shown}\n{run.stdout}", end="" if run.stdout else "\n")
        except SnippetError as exc:
            errors[path] = str(exc)
            if not as_json:
                print(f"{path}: FAILED\n  {exc}")
    if as_json:
        print(json.dumps(errors))
        return 0
    return 1 if any(errors.values()) else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
