"""Where a name in a table cell may break: a table on a phone fits the screen by wrapping its
cells, and code such as `keras.models.load_model` wraps only at a `<wbr>` the build puts in
(docs/assets/extra.css keeps it from breaking anywhere else), never in the middle of a word
("load_mode l"); a word with a hyphen (`-x`) is kept whole, as browsers break after one."""

from __future__ import annotations

import html
import re

_TABLE = re.compile(r"<table>.*?</table>", re.S)
_INLINE_CODE = re.compile(r"(?<!<pre>)<code>([^<]*)</code>")
# Before a dot that starts a name, after = and /, after a comma that a bracket does not
# close, and after ( unless a short argument follows: `get_output_at(0)` keeps its `(0)`.
_BETWEEN_NAMES = re.compile(
    r"(?<=[=/])(?=.)|(?<=,)(?=[^)\]])|(?<=\()(?![^)]{0,4}\))(?=.)|(?=\.[A-Za-z_])"
)
# Inside a name of more than LONG characters, also after an underscore between letters.
_IN_A_LONG_NAME = re.compile(r"(?<=[A-Za-z0-9]_)(?=[A-Za-z0-9])")
LONG = 16
_HYPHENATED = re.compile(r"\S*-\S*")


def pieces(code: str) -> list[str]:
    """ "keras.models.load_model" -> ["keras", ".models", ".load_model"]."""
    found = []
    for piece in _BETWEEN_NAMES.split(code):
        found += _IN_A_LONG_NAME.split(piece) if len(piece) > LONG else [piece]
    return [piece for piece in found if piece]


def _markup(piece: str) -> str:
    return _HYPHENATED.sub(
        lambda word: f'<span class="doc-unbroken">{word[0]}</span>', html.escape(piece, quote=False)
    )


def _breakable(match: re.Match) -> str:
    parts = pieces(html.unescape(match[1]))
    if len(parts) < 2 and "-" not in match[1]:
        return match[0]
    return "<code>" + "<wbr>".join(_markup(part) for part in parts) + "</code>"


def in_tables(page: str) -> str:
    """The page's HTML with a `<wbr>` at each point where inline code in a table may break."""
    return _TABLE.sub(lambda table: _INLINE_CODE.sub(_breakable, table[0]), page)
