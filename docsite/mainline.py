"""A page's main line: what a reader on TensorFlow reads top to bottom, with nothing opened.

The main line is the page's prose without its code blocks, HTML comments (claim markers, alt
text), front matter and collapsed boxes (`??? note "On JAX and PyTorch"`, `??? info
"History"`): what a reader sees before clicking anything. Depth goes in those boxes, or once
on a reference page linked in one sentence.

`make check` holds each page to it (docsite/check.py):

- **budgets**: main-line prose words (tables not counted: they are scanned, not read) of at
  most `BUDGETS[kind]` on tutorials, how-to guides and explanations;
- **no other backend, no history** in the main line of those three kinds: a line naming JAX
  or PyTorch, or referring to another Keras version or to a pull request or issue, belongs in
  a collapsed box. A paragraph about every backend at once is marked, on the line after it
  (after its claim markers, if any), with `<!-- all backends -->`;
- **history is cited**: every `??? info "History (cited, not tested)"` box links at least one
  source (a release, a pull request, source at a tag);
- **reference entries** (pages with `entries: true` in their front matter): each `##` entry
  names the message or symptom in its heading and starts its `**Fix.**` within its first
  `ENTRY_WORDS` words.

No Keras import: this reads Markdown only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mkdocs.utils.meta import get_data

from docsite import pages

BUDGETS = {"tutorials": 1000, "how-to": 700, "explanation": 1300}
ENTRY_WORDS = 80

COLLAPSED = re.compile(r"^(?P<indent>\s*)\?\?\?(?!\+)")
COMMENT = re.compile(r"^\s*<!--.*-->\s*$")
ALL_BACKENDS = re.compile(r"^\s*<!--\s*all backends\s*-->\s*$")
OTHER_BACKEND = re.compile(r"\b(?:JAX|PyTorch|jax|torch)\b")
# Another Keras than the one installed (Keras 3, as a product, is today's), a TensorFlow or
# NumPy release, the installed versions by name, a pull request or an issue, source at a tag.
HISTORY = re.compile(
    r"\bKeras\s+(?:[12]\b|3\.\d)"
    r"|\b(?:TensorFlow|TF)\s+\d+\.\d+"
    r"|\bNumPy\s+\d"
    r"|\{\{\s*versions\."
    r"|keras-team/keras#\d+|(?<![\w/])#\d{3,}\b"
    r"|github\.com/[^)\s]+/(?:pull|issues|blob|tree)/"
    r"|\btf\.keras\b|\bstandalone Keras\b|\bmulti-backend Keras\b"
)
LINK_TARGET = re.compile(r"\]\([^)]*\)")
ATTRIBUTE_LIST = re.compile(r"\{\s*[#.:][^}]*\}")


@dataclass
class Line:
    number: int  # 1-based line in the page
    text: str


@dataclass
class MainLine:
    page: str  # docs/<kind>/<name>.md
    kind: str  # tutorials, how-to, explanation, reference or "" (the home page)
    lines: list[Line]  # prose lines of the main line, tables included
    exempt: set[int]  # lines of paragraphs marked <!-- all backends -->

    @property
    def words(self) -> int:
        """Prose words: whitespace-separated, link targets and tables left out."""
        prose = " ".join(
            line.text.lstrip().lstrip("#")
            for line in self.lines
            if not line.text.lstrip().startswith("|")
        )
        return len(ATTRIBUTE_LIST.sub(" ", LINK_TARGET.sub("]", prose)).split())


def kind(page: Path, root: Path = pages.ROOT) -> str:
    parts = page.relative_to(root / "docs").parts
    return parts[0] if len(parts) > 1 else ""


def read(page: Path, root: Path = pages.ROOT) -> MainLine:
    text = page.read_text(encoding="utf-8")
    body_start = _front_matter_lines(text)
    raw = text.split("\n")
    kept: list[Line] = []
    exempt: set[int] = set()
    fence = None
    box_indent = None
    paragraph: list[int] = []
    for index in range(body_start, len(raw)):
        line, number = raw[index], index + 1
        if box_indent is not None:
            if not line.strip() or _indent(line) > box_indent:
                continue
            box_indent = None
        opening = pages.FENCE.match(line)
        if fence is None and opening:
            fence = opening["fence"]
            continue
        if fence:
            if line.strip().startswith(fence):
                fence = None
            continue
        collapsed = COLLAPSED.match(line)
        if collapsed:
            box_indent = len(collapsed["indent"].expandtabs())
            paragraph = []
            continue
        if ALL_BACKENDS.match(line):
            exempt.update(paragraph)
            continue
        if COMMENT.match(line):
            continue  # claim markers, alt text and diagrams end nothing: the paragraph goes on
        if not line.strip():
            paragraph = []
            continue
        kept.append(Line(number, line))
        paragraph.append(number)
    return MainLine(pages.rel(page, root), kind(page, root), kept, exempt)


BOX = re.compile(r'^(?P<indent>\s*)(?:\?\?\?\+?|!!!)\s*\w+\s*"(?P<title>[^"]*)"')
SOURCE_LINK = re.compile(r"\]\(https?://[^)]+\)")


def boxes(page: Path) -> list[tuple[int, str, list[str]]]:
    """The page's admonitions and collapsed boxes: (line, title, body lines)."""
    lines = page.read_text(encoding="utf-8").split("\n")
    found = []
    for index, line in enumerate(lines):
        opener = BOX.match(line)
        if not opener:
            continue
        indent, body = len(opener["indent"].expandtabs()), []
        for following in lines[index + 1 :]:
            if following.strip() and _indent(following) <= indent:
                break
            body.append(following)
        found.append((index + 1, opener["title"], body))
    return found


def _history_problems(page: Path, root: Path) -> list[str]:
    return [
        f"{pages.rel(page, root)}:{line}: the box {title!r} cites no source: link the release, "
        "pull request or source at a tag that each of its sentences comes from"
        for line, title, body in boxes(page)
        if title.lower().startswith("history") and not SOURCE_LINK.search("\n".join(body))
    ]


def _unindented_box_lines(page: Path, root: Path) -> list[str]:
    """A box ends at its first line without the indent; right after a line of the box's text,
    with no blank line between, that line was meant to go on the box's paragraph: it falls out
    of the box into the main line, and what follows it in the box renders as code."""
    lines = page.read_text(encoding="utf-8").split("\n")
    found = []
    for number, _title, body in boxes(page):
        after = number + len(body)  # the index of the line that ends the box
        if (
            after < len(lines)
            and body
            and body[-1].strip()
            and not body[-1].strip().startswith(("```", "<!--"))
        ):
            found.append(
                f"{pages.rel(page, root)}:{after + 1}: this line ends the box above it: indent it "
                "like the box's text (or leave a blank line before it if it is meant to follow)"
            )
    return found


def _front_matter_lines(text: str) -> int:
    if not text.startswith("---\n"):
        return 0
    end = text.find("\n---", 4)
    return text[: end + 4].count("\n") + 1 if end != -1 else 0


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def problems(root: Path = pages.ROOT) -> list[str]:
    found = []
    for page in pages.pages(root):
        main = read(page, root)
        found += _history_problems(page, root)
        found += _unindented_box_lines(page, root)
        budget = BUDGETS.get(main.kind)
        if budget is None:
            found += _entry_problems(page, root)
            continue
        if main.words > budget:
            found.append(
                f"{main.page}:1: {main.words:,} words in the main line, over the {main.kind} "
                f"budget of {budget:,}: cut, or move depth into a collapsed `??? note` box"
            )
        for line in main.lines:
            if line.number in main.exempt:
                continue
            text = _without_code_and_links(line.text)
            backend = OTHER_BACKEND.search(text)
            history = HISTORY.search(line.text)
            if backend:
                found.append(
                    f"{main.page}:{line.number}: names {backend[0]} in the main line: put it in a "
                    '`??? note "On JAX and PyTorch"` box (or mark a paragraph about every backend '
                    "with `<!-- all backends -->` after it)"
                )
            elif history:
                found.append(
                    f"{main.page}:{line.number}: version history in the main line "
                    f'({history[0]!r}): put it in a collapsed `??? info "History"` box, or link '
                    "the account on reference/keras-2-to-3.md in one sentence"
                )
    return found


def _without_code_and_links(text: str) -> str:
    """Backend names inside code spans (`keras.ops`) or link targets are not prose."""
    return re.sub(r"`+[^`]*`+", " ", LINK_TARGET.sub("]", text))


def _entry_problems(page: Path, root: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    if not get_data(text)[1].get("entries"):
        return []
    main = read(page, root)
    found, heading, words, fixed = [], None, 0, True
    for line in main.lines + [Line(0, "## end")]:
        if line.text.startswith("## "):
            if heading and not fixed:
                found.append(
                    f"{main.page}:{heading.number}: the entry {heading.text[3:].strip()!r} does "
                    f"not start its **Fix.** within its first {ENTRY_WORDS} words"
                )
            heading, words, fixed = line, 0, False
            continue
        if heading is None or fixed:
            continue
        if line.text.lstrip().startswith("**Fix.**") and words <= ENTRY_WORDS:
            fixed = True
        words += len(LINK_TARGET.sub("]", line.text).split())
    return found


def figures(root: Path = pages.ROOT) -> list[str]:
    """One line per page: its kind, main-line words and budget."""
    rows = []
    for page in pages.pages(root):
        main = read(page, root)
        budget = BUDGETS.get(main.kind)
        entries = not budget and get_data(page.read_text(encoding="utf-8"))[1].get("entries")
        limit = (
            f"/ {budget:,}"
            if budget
            else "(entries: Fix. in the first 80 words)"
            if entries
            else ""
        )
        rows.append(f"  {main.page:<50} {main.words:>6,} {limit}")
    return rows
