"""The binding between what a page says and the test that proves it.

On a page, a claim marker follows the statement it proves:

    The autoencoder has 50,992 parameters: 25,120 in the encoder ...
    <!-- claim: tests/test_autoencoder.py::test_parameter_counts -->

The statement is the text right above the marker (or the markers stacked there): back to the
previous marker, a blank line, a heading, a list item's start or a block's opening line. A
table above the markers is a statement of one sentence per body row. A marker right after a
figure's `<!-- alt: ... -->` line makes the alt text the statement.

In the test, the marker quotes the sentences it proves, with every number, name or message
the code computes as a field that the test fills from what it computed:

    @pytest.mark.claim(
        "docs/tutorials/autoencoder.md",
        "The autoencoder has {total:,} parameters: {encoder:,} in the encoder ...",
    )
    def test_parameter_counts(stated):
        ...
        stated(total=autoencoder.count_params(), encoder=encoder.count_params())

`claim_wiring.problems()` checks, with no Keras import, that both sides name each other,
that each quote matches whole sentences of its statement, and that every sentence of a
statement is quoted. The text side (sentences, quotes, matching) is docsite/sentences.py;
the test side (the claim tests, read from their source) is docsite/claim_tests.py.
`check_stated()` formats the quotes with the values a running test computed and compares
them with the page, so a number edited on the page alone fails its test.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from docsite import pages, versions
from docsite.claim_tests import (  # noqa: F401  (the binding's test side, used here and by others)
    ClaimTest,
    Quote,
    UnreadableTests,
    claim_tests,
)
from docsite.sentences import (  # noqa: F401  (the binding's text side, used here and by others)
    FORMATTER,
    _closest,
    _normal,
    fields,
    match,
    plain,
    sentences,
    table_rows,
)

MARKER = re.compile(r"^\s*<!--\s*claim:\s*(?P<target>\S+?)\s*-->\s*$")
TARGET = re.compile(r"^(?P<file>tests/[\w/]+\.py)::(?P<test>\w+)$")
ALT = re.compile(r"^\s*<!--\s*alt:\s*(?P<text>.*?)\s*-->\s*$")
COMMENT = re.compile(r"^\s*<!--.*-->\s*$")
HEADING = re.compile(r"^\s*#{1,6}\s")
OPENER = re.compile(r"^\s*(===|!!!|\?\?\?)")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")


@dataclass
class Statement:
    """Text on a page followed by claim markers."""

    page: str  # "docs/tutorials/autoencoder.md"
    line: int  # the first marker's line (1-based)
    first_line: int  # the statement's first line
    sentences: list[str]  # plain text, one per sentence (or table row)
    tests: list[str] = field(default_factory=list)  # "tests/test_x.py::test_y"

    @property
    def where(self) -> str:
        return f"{self.page}:{self.first_line}"


class ClaimMismatch(AssertionError):
    """A running test computed a sentence other than the one its page states."""


# --- Pages ----------------------------------------------------------------------------------


def statements(page: Path, root: Path = pages.ROOT) -> tuple[list[Statement], list[str]]:
    """The page's claim statements, and the problems found reading them."""
    name = pages.rel(page, root)
    lines = page.read_text(encoding="utf-8").split("\n")
    found, problems = [], []
    fence = None
    number = 0
    while number < len(lines):
        line = lines[number]
        opening = pages.FENCE.match(line)
        if fence is None and opening:
            fence = opening["fence"]
        elif fence and line.strip().startswith(fence):
            fence = None
        if fence or not MARKER.match(line):
            number += 1
            continue
        group_start = number
        tests = []
        while number < len(lines) and MARKER.match(lines[number]):
            target = MARKER.match(lines[number])["target"]
            if not TARGET.match(target):
                problems.append(
                    f"{name}:{number + 1}: `<!-- claim: {target} -->` should name a test as "
                    "tests/test_<topic>.py::test_<name>"
                )
            tests.append(target)
            number += 1
        statement, problem = _statement_above(lines, group_start, name)
        if problem:
            problems.append(problem)
            continue
        first_line, text_lines, kind = statement
        if kind == "table":
            said = table_rows(text_lines)
        elif kind == "alt":
            said = sentences(plain(text_lines[0]))
        else:
            said = sentences(plain(" ".join(_strip_item(text) for text in text_lines)))
        found.append(Statement(name, group_start + 1, first_line, said, tests))
    return found, problems


def _strip_item(line: str) -> str:
    return LIST_ITEM.sub("", line, count=1)


def _statement_above(lines: list[str], marker: int, name: str):
    where = f"{name}:{marker + 1}"
    above = marker - 1
    if above < 0 or not lines[above].strip():
        return None, (
            f"{where}: a claim marker must come right after the sentence it proves "
            "(no blank line between them)"
        )
    alt = ALT.match(lines[above])
    if alt:
        return (above + 1, [alt["text"]], "alt"), None
    collected = []
    while above >= 0:
        line = lines[above]
        stripped = line.strip()
        if (
            not stripped
            or MARKER.match(line)
            or COMMENT.match(line)
            or HEADING.match(line)
            or OPENER.match(line)
            or pages.FENCE.match(line)
        ):
            break
        collected.insert(0, stripped)
        above -= 1
        if LIST_ITEM.match(line):
            break  # the item's first line is the statement's first line
    if not collected:
        return None, (
            f"{where}: a claim marker must follow the sentence it proves, not a code block, "
            "a heading or another comment"
        )
    if all(text.startswith("|") for text in collected):
        if len(collected) < 3:
            return None, f"{where}: the table above this claim marker has no body rows"
        return (above + 2, collected, "table"), None
    return (above + 2, collected, "prose"), None


# --- Tests ----------------------------------------------------------------------------------


def pages_citing(root: Path = pages.ROOT) -> dict[str, set[str]]:
    """The pages whose claim markers name each test: {"tests/test_x.py::test_y": {page, ...}}."""
    cited: dict[str, set[str]] = {}
    for page in pages.pages(root):
        for statement in statements(page, root)[0]:
            for test in statement.tests:
                cited.setdefault(test, set()).add(statement.page)
    return cited


# --- At run time ----------------------------------------------------------------------------


def check_stated(test: str, quotes: list[tuple[str, str]], values: dict, root=pages.ROOT):
    """Fill each (page, template) quote of `test` with `values` and find the result, word for
    word, on the page where a marker names `test`. Raise ClaimMismatch otherwise."""
    wanted = set().union(*(fields(template) for _page, template in quotes)) if quotes else set()
    missing, unused = wanted - set(values), set(values) - wanted
    if missing or unused:
        raise ClaimMismatch(
            f"{test}: stated() must fill exactly the quotes' fields {sorted(wanted)}; "
            f"missing {sorted(missing)}, not in any quote {sorted(unused)}"
        )
    for page, template in quotes:
        text = _normal(FORMATTER.format(template, **values))
        on_page = [s for s in _statements_of(root / page, root) if test in s.tests]
        expanded = [[_expanded(sentence) for sentence in s.sentences] for s in on_page]
        if any(match(text, said, formatted=True) for said in expanded):
            continue
        best = max(
            (_closest(text, said) for said in expanded),
            key=lambda c: difflib.SequenceMatcher(None, c, text).ratio(),
            default="(no statement names this test)",
        )
        where = ", ".join(s.where for s in on_page) or page
        raise ClaimMismatch(
            f"{where} does not say what {test} computed:\n  computed:  {text}\n  page says: {best}"
        )


def _expanded(sentence: str) -> str:
    return versions.expand(sentence)


def _statements_of(page: Path, root: Path) -> list[Statement]:
    return _cached_statements(page, root, page.stat().st_mtime_ns)


@lru_cache(maxsize=64)
def _cached_statements(page: Path, root: Path, _mtime: int) -> list[Statement]:
    return statements(page, root)[0]
