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

`problems()` checks, with no Keras import, that both sides name each other, that each quote
matches whole sentences of its statement, and that every sentence of a statement is quoted.
`check_stated()` formats the quotes with the values a running test computed and compares
them with the page, so a number edited on the page alone fails its test.
"""

from __future__ import annotations

import ast
import difflib
import re
import string
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from docsite import pages, versions

MARKER = re.compile(r"^\s*<!--\s*claim:\s*(?P<target>\S+?)\s*-->\s*$")
TARGET = re.compile(r"^(?P<file>tests/[\w/]+\.py)::(?P<test>\w+)$")
ALT = re.compile(r"^\s*<!--\s*alt:\s*(?P<text>.*?)\s*-->\s*$")
COMMENT = re.compile(r"^\s*<!--.*-->\s*$")
HEADING = re.compile(r"^\s*#{1,6}\s")
OPENER = re.compile(r"^\s*(===|!!!|\?\?\?)")
LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+")
CODE_SPAN = re.compile(r"(`+)(.+?)\1")
LINK = re.compile(r"\[((?:[^\[\]`]|`[^`]*`)+)\]\((?:[^()\s]|\([^()]*\))+\)")
STRONG = re.compile(r"\*\*(.+?)\*\*")
EMPHASIS = re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])")
QUOTED = re.compile(r'"[^"]*"')
BOUNDARY = re.compile(r"(?<=[.!?])\s+")
STARTS = re.compile(r"[A-Z0-9`\"(\[*]")
ABBREVIATIONS = ("e.g.", "i.e.", "etc.", "vs.", "al.", "cf.")
# Digits a quote may type: product and language versions as names ("Keras 3", "Keras 3.6",
# upstream history), dtypes, issue numbers, years, "2-D". Any other number is computed.
TYPED_DIGITS_ALLOWED = re.compile(
    r"\b(?:Keras|TensorFlow|TF|Python|NumPy)\s+\d+(?:\.\d+)*(?:\s*[–-]\s*\d+(?:\.\d+)*)?"
    r"|\b(?:float|int|uint)\d+\b|#\d+\b|\b(?:19|20)\d\d\b|\b\d-D\b"
)


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


class ClaimMismatch(AssertionError):
    """A running test computed a sentence other than the one its page states."""


# --- Text ---------------------------------------------------------------------------------


def plain(text: str) -> str:
    """Markdown as read: links reduced to their text, emphasis marks dropped, whitespace
    collapsed. Code spans are kept as written, backquotes included."""
    code = [match.span() for match in CODE_SPAN.finditer(text)]
    text = LINK.sub(
        lambda m: m.group(0) if any(a < m.start() < b for a, b in code) else m.group(1), text
    )
    parts = []
    last = 0
    for match in CODE_SPAN.finditer(text):
        parts.append(_unemphasise(text[last : match.start()]))
        parts.append(match.group(0))
        last = match.end()
    parts.append(_unemphasise(text[last:]))
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _unemphasise(text: str) -> str:
    return EMPHASIS.sub(r"\1", STRONG.sub(r"\1", text))


def _masked(text: str) -> str:
    """`text` with code spans and double-quoted passages blanked, so that a full stop
    inside them ("... a layer. When using ...") does not end a sentence."""
    blank = lambda match: "x" * len(match.group(0))  # noqa: E731
    return QUOTED.sub(blank, CODE_SPAN.sub(blank, text))


def sentences(text: str) -> list[str]:
    """Plain text cut into sentences."""
    masked, cuts, start = _masked(text), [], 0
    for match in BOUNDARY.finditer(masked):
        before = masked[start : match.start()]
        if not STARTS.match(text, match.end()):
            continue
        if before.endswith(ABBREVIATIONS):
            continue
        cuts.append(text[start : match.start()].strip())
        start = match.end()
    cuts.append(text[start:].strip())
    return [cut for cut in cuts if cut]


def table_rows(lines: list[str]) -> list[str]:
    """A table's body rows as sentences: cells joined by " | " (header and rule dropped)."""
    rows = []
    for line in lines[2:]:
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        rows.append(plain(" | ".join(cells)))
    return rows


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
        if LIST_ITEM.match(line):
            break
        above -= 1
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


@dataclass
class ClaimTest:
    test: str
    line: int
    quotes: list[Quote]
    calls_stated: bool
    takes_stated: bool
    literal_values: list[str]  # stated(name=<literal>) arguments


def claim_tests(root: Path = pages.ROOT) -> dict[str, ClaimTest]:
    """Every test marked `@pytest.mark.claim`, read from the source (no import)."""
    found = {}
    for path in sorted((root / "tests").glob("test_*.py")):
        found.update(_claim_tests_in(path.read_text(encoding="utf-8"), pages.rel(path, root)))
    return found


@lru_cache(maxsize=64)
def _claim_tests_in(source: str, file: str) -> dict[str, ClaimTest]:
    found = {}
    tree = ast.parse(source)
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
        found[node.name] = ClaimTest(test, node.lineno, quotes, bool(calls), takes, literal)
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


# --- Matching -------------------------------------------------------------------------------


class _Formatter(string.Formatter):
    """str.format, plus `{n:w}` ("two"), `{n:W}` ("Two") and `{x:sci}` ("1e-6")."""

    WORDS = "zero one two three four five six seven eight nine ten eleven twelve".split()

    def format_field(self, value, format_spec):
        if format_spec in ("w", "W"):
            word = self.WORDS[value] if 0 <= value < len(self.WORDS) else f"{value:,}"
            return word.capitalize() if format_spec == "W" else word
        if format_spec == "sci":
            mantissa, exponent = f"{value:.0e}".split("e")
            return f"{mantissa}e{int(exponent)}"
        return super().format_field(value, format_spec)


FORMATTER = _Formatter()


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in FORMATTER.parse(template) if name is not None}


def _pattern(template: str) -> re.Pattern:
    """The quote as a pattern over the page's text: fields match whatever the page says."""
    parts = []
    for literal, name, _spec, _conversion in FORMATTER.parse(template):
        parts.append(re.escape(literal))
        if name is not None:
            parts.append(r"(.+?)")
    return re.compile(re.sub(r"(\\\s)+", r"\\s+", "".join(parts)))


def _normal(template: str) -> str:
    return re.sub(r"\s+", " ", template).strip()


def match(quote_text: str, said: list[str], formatted: bool = False) -> tuple[int, int] | None:
    """The sentences `said[i..j]` the quote is, or None. With `formatted`, the quote is text
    (fields filled in) and must be equal; otherwise a template whose fields match anything."""
    if formatted:
        wanted = _normal(quote_text)
        same = lambda text: text == wanted  # noqa: E731
    else:
        pattern = _pattern(_normal(quote_text))
        same = lambda text: pattern.fullmatch(text) is not None  # noqa: E731
    for i in range(len(said)):
        for j in range(i, len(said)):
            if same(" ".join(said[i : j + 1])):
                return i, j
    return None


def typed_digits(template: str) -> list[str]:
    """Numbers typed into a quote's text (outside fields and code spans)."""
    skeleton = "".join(
        literal + ("\x00" if name is not None else "")
        for literal, name, _, _ in FORMATTER.parse(template)
    )
    text = CODE_SPAN.sub(" ", skeleton)
    text = TYPED_DIGITS_ALLOWED.sub(" ", text)
    return re.findall(r"\S*\d\S*", text)


def _closest(text: str, said: list[str]) -> str:
    candidates = [" ".join(said[i : j + 1]) for i in range(len(said)) for j in range(i, len(said))]
    best = max(candidates, key=lambda c: difflib.SequenceMatcher(None, c, text).ratio(), default="")
    return best


# --- The wiring check -----------------------------------------------------------------------


def problems(root: Path = pages.ROOT) -> list[str]:
    """Every way the pages' statements and the claim tests' quotes fail to match up."""
    found: list[str] = []
    tests = claim_tests(root)
    all_statements: list[Statement] = []
    for page in pages.pages(root):
        page_statements, page_problems = statements(page, root)
        all_statements += page_statements
        found += page_problems
    test_sources = {}
    for statement in all_statements:
        covered: set[int] = set()
        for target in statement.tests:
            where = f"{statement.page}:{statement.line}"
            match_ = TARGET.match(target)
            if not match_:
                continue
            claim = tests.get(target)
            if claim is None:
                found.append(f"{where}: {_why_missing(root, match_, test_sources)}")
                continue
            own = [q for q in claim.quotes if q.page == statement.page]
            matched = [(q, match(q.template, statement.sentences)) for q in own]
            hits = [span for _q, span in matched if span]
            if not hits:
                said = " ".join(statement.sentences)
                if own:
                    closest = _closest(own[0].template, statement.sentences)
                    found.append(
                        f"{where}: {target} quotes no sentence of the statement at "
                        f"{statement.where}.\n  page says:   {closest!r}"
                        f"\n  test quotes: {_normal(own[0].template)!r}"
                    )
                else:
                    found.append(
                        f"{where}: {target} has no `@pytest.mark.claim({statement.page!r}, "
                        f"<sentence>)` quoting the statement at {statement.where}: {said[:120]!r}"
                    )
            for i, j in hits:
                covered.update(range(i, j + 1))
        for index, sentence in enumerate(statement.sentences):
            if index not in covered and not sentence.endswith("?"):
                found.append(
                    f"{statement.where}: {sentence!r} is in a claim statement, but none of its "
                    f"tests ({', '.join(statement.tests)}) quotes it: add the quote to a test, "
                    "or move the sentence out of the statement"
                )
    by_test: dict[str, list[Statement]] = {}
    for statement in all_statements:
        for target in statement.tests:
            by_test.setdefault(target, []).append(statement)
    for test, claim in sorted(tests.items()):
        if not claim.quotes:
            found.append(
                f"{test.split('::')[0]}:{claim.line}: {test.split('::')[1]} is a claim but "
                'quotes no sentence: add @pytest.mark.claim("docs/<page>.md", "<sentence>")'
            )
        for quote in claim.quotes:
            found += _quote_problems(root, quote, by_test.get(test, []))
        templated = any(fields(q.template) for q in claim.quotes)
        if templated and not (claim.calls_stated and claim.takes_stated):
            found.append(
                f"{test.split('::')[0]}:{claim.line}: {test.split('::')[1]} quotes a sentence with "
                "fields but never fills them: take the `stated` fixture and call "
                "stated(field=<computed value>, ...)"
            )
        for name in claim.literal_values:
            found.append(
                f"{test.split('::')[0]}:{claim.line}: {test.split('::')[1]} passes a typed "
                f"value to stated({name}=...): pass what the code computed"
            )
    return found


def _quote_problems(root: Path, quote: Quote, cited_by: list[Statement]) -> list[str]:
    problems_ = []
    if not (root / quote.page).is_file():
        return [f"{quote.where}: quotes {quote.page}, which does not exist"]
    on_page = [s for s in cited_by if s.page == quote.page]
    if not on_page:
        problems_.append(
            f"{quote.where}: quotes {quote.page}, but no claim marker there names this test: "
            f"add <!-- claim: {quote.test} --> after the sentence"
        )
    elif not any(match(quote.template, s.sentences) for s in on_page):
        best = max(
            (_closest(quote.template, s.sentences) for s in on_page),
            key=lambda c: difflib.SequenceMatcher(None, c, quote.template).ratio(),
        )
        problems_.append(
            f"{quote.where}: its quote is not what {quote.page} says where it names this test"
            f"\n  test quotes: {_normal(quote.template)!r}\n  page says:   {best!r}"
        )
    digits = typed_digits(quote.template)
    if digits:
        problems_.append(
            f"{quote.where}: the quote types the number(s) {digits}: make each a field filled "
            "with what the code computes, e.g. {parameters:,}"
        )
    return problems_


def _why_missing(root: Path, target: re.Match, cache: dict) -> str:
    path = root / target["file"]
    if not path.is_file():
        return f"names {target['file']}, which does not exist"
    if path not in cache:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        cache[path] = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    if target["test"] not in cache[path]:
        return f"{target['file']} has no function {target['test']}"
    return f"{target['file']}::{target['test']} exists but is not marked @pytest.mark.claim"


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


def main(argv: list[str]) -> int:
    """`python -m docsite.claims [PAGE_OR_TEST ...]`: the claim wiring problems, all of them
    or those that mention the given pages and test files. Exit 1 if there are any."""
    wanted = [pages.rel(Path(arg).resolve()) for arg in argv]
    found = [p for p in problems() if not wanted or any(w in p for w in wanted)]
    for problem in found:
        print(problem)
    print(f"{len(found)} claim wiring problem(s)" if found else "claims: all bound")
    return 1 if found else 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
