"""Sentences as readers see them, and quotes of them: the text side of the claim binding
(docsite/claims.py). No Keras import.

- `plain` turns Markdown into what a reader reads (links to their text, emphasis dropped,
  code spans kept with their backquotes), and `sentences` cuts it into sentences;
- a quote is a sentence with `{fields}` (str.format, plus `{n:w}` "two", `{n:W}` "Two",
  `{x:sci}` "1e-6"); `match` finds the whole sentences a quote is, as a template (any text
  in a field) or, once a test has filled its fields, word for word.
"""

from __future__ import annotations

import difflib
import functools
import re
import string

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


@functools.cache  # the ledger matches ~900 quotes per edition: compile each once
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
