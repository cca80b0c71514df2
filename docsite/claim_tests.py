"""The test side of the claim binding: every `@pytest.mark.claim(page, sentence)` test, read
from the test files' source with `ast` (no import, so the fast check needs no Keras). The page
side, and the check of both together, are in docsite/claims.py and docsite/claim_wiring.py.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docsite import pages


@dataclass(frozen=True)
class Quote:
    """One `@pytest.mark.claim(page, sentence)` of a claim test."""

    test: str  # "tests/test_x.py::test_y"
    line: int
    page: str
    template: str

    @property
    def where(self) -> str:
        return f"{self.test.split('::')[0]}:{self.line} ({self.test.split('::')[1]})"


@dataclass
class ClaimTest:
    test: str
    line: int
    quotes: list[Quote]
    calls_stated: bool
    takes_stated: bool
    literal_values: list[str]  # stated(name=<literal>) arguments
    reads_printed: bool = False  # takes the `printed` fixture and calls it


def claim_tests(root: Path = pages.ROOT) -> dict[str, ClaimTest]:
    """Every test marked `@pytest.mark.claim`, read from the source (no import)."""
    found = {}
    for path in sorted((root / "tests").glob("test_*.py")):
        found.update(_claim_tests_in(path.read_text(encoding="utf-8"), pages.rel(path, root)))
    return found


class UnreadableTests(ValueError):
    """A test file that does not parse: its claims cannot be known."""


@lru_cache(maxsize=64)
def _claim_tests_in(source: str, file: str) -> dict[str, ClaimTest]:
    found = {}
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise UnreadableTests(
            f"{file}:{error.lineno}: {error.msg}; its claims cannot be read until it parses"
        ) from None
    constants = {  # module-level NAME = "text", e.g. PAGE = "docs/tutorials/autoencoder.md"
        target.id: node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef):
            continue
        marks = [d for d in node.decorator_list if _is_claim_mark(d)]
        if not marks:
            continue
        test = f"{file}::{node.name}"
        quotes = []
        for mark in marks:
            args = [_text(arg, constants) for arg in getattr(mark, "args", [])]
            if len(args) == 2 and all(isinstance(a, str) for a in args):
                quotes.append(Quote(test, mark.lineno, args[0], args[1]))
        calls = [
            call
            for call in ast.walk(node)
            if isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id == "stated"
        ]
        literal = [
            keyword.arg or "**"
            for call in calls
            for keyword in call.keywords
            if _is_literal(keyword.value)
        ]
        takes = any(arg.arg == "stated" for arg in node.args.args)
        reads = any(arg.arg == "printed" for arg in node.args.args) and any(
            isinstance(call, ast.Call) and ast.unparse(call.func) == "printed"
            for call in ast.walk(node)
        )
        found[node.name] = ClaimTest(test, node.lineno, quotes, bool(calls), takes, literal, reads)
    return {value.test: value for value in found.values()}


def _text(node: ast.expr, constants: dict) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name) and isinstance(constants.get(node.id), str):
        return constants[node.id]
    return None


def _is_claim_mark(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return ast.unparse(target) == "pytest.mark.claim"


def _is_literal(node: ast.expr) -> bool:
    try:
        ast.literal_eval(node)
    except ValueError:
        return False
    return True
