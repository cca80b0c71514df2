"""Read the site's pages the way MkDocs does: expand includes, find code blocks, map usage.

Every function takes the project root, so the guard tests can point them at a planted copy.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import markdown
from pymdownx.snippets import SnippetMissingError
from pytest_codeblocks import extract_from_buffer

ROOT = Path(__file__).resolve().parent.parent

INCLUDE = re.compile(r'^\s*-{1,}8<-{1,}\s+"(?P<target>[^"]+)"\s*$')
SECTION = re.compile(r"^\s*#\s*-{1,}8<-{1,}\s*\[start:(?P<name>[\w-]+)\]")
FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


class IncludeError(Exception):
    """An include names a file or section that does not exist."""


@dataclass(frozen=True)
class Include:
    page: Path
    lineno: int
    path: str  # relative to the project root, as written in the page
    section: str | None


@dataclass(frozen=True)
class Block:
    """One python block of a page, after includes are expanded."""

    page: Path
    lineno: int  # line of the opening fence in the expanded page
    code: str


def snippet_config(root: Path = ROOT) -> dict:
    """The pymdownx.snippets options; mkdocs.yml sets the same (a build test compares)."""
    return {"base_path": [str(root)], "check_paths": True}


def pages(root: Path = ROOT) -> list[Path]:
    """The English pages: the tests and the claims bind them; each zh page is held to its
    English twin by docsite/translations.py."""
    return sorted(p for p in (root / "docs").rglob("*.md") if not p.name.endswith(".zh.md"))


def translations(root: Path = ROOT) -> list[Path]:
    """The Chinese edition's pages, `docs/**/<page>.zh.md`."""
    return sorted((root / "docs").rglob("*.zh.md"))


def snippets(root: Path = ROOT) -> list[Path]:
    return sorted((root / "snippets").rglob("*.py"))


def rel(path: Path, root: Path = ROOT) -> str:
    """`path` relative to the project root, as pages write it (relative paths are taken as is)."""
    path = Path(path)
    return (path.resolve().relative_to(root.resolve()) if path.is_absolute() else path).as_posix()


def expand(page: Path, root: Path = ROOT, text: str | None = None) -> str:
    """The page's Markdown with every include replaced, exactly as pymdownx does it."""
    text = page.read_text(encoding="utf-8") if text is None else text
    md = markdown.Markdown(
        extensions=["pymdownx.snippets"],
        extension_configs={"pymdownx.snippets": snippet_config(root)},
    )
    try:
        lines = md.preprocessors["snippet"].run(text.split("\n"))
    except SnippetMissingError as exc:
        raise IncludeError(f"{rel(page, root)}: {exc}") from None
    return "\n".join(lines)


def includes(page: Path, root: Path = ROOT) -> list[Include]:
    found = []
    for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
        match = INCLUDE.match(line)
        if match:
            path, _, section = match["target"].partition(":")
            found.append(Include(page, number, path, section or None))
    return found


def check_includes(page: Path, root: Path = ROOT) -> None:
    """Raise IncludeError naming the page, its line and the missing file or section."""
    for include in includes(page, root):
        target = root / include.path
        where = f"{rel(page, root)}:{include.lineno}"
        if not target.is_file():
            raise IncludeError(f"{where}: includes {include.path}, which does not exist")
        if include.section and include.section not in sections(target):
            raise IncludeError(
                f"{where}: includes section '{include.section}' of {include.path}, "
                f"which has only {sorted(sections(target)) or 'no sections'}"
            )


def sections(snippet: Path) -> set[str]:
    return {
        m["name"] for m in map(SECTION.match, snippet.read_text(encoding="utf-8").splitlines()) if m
    }


def blocks(page: Path, root: Path = ROOT, text: str | None = None) -> list[Block]:
    """The page's python blocks, includes expanded, in reading order."""
    expanded = expand(page, root, text)
    return [
        Block(page, b.lineno, b.code)
        for b in extract_from_buffer(io.StringIO(expanded))
        if b.syntax == "python"
    ]


def typed_code(page: Path, root: Path = ROOT) -> list[str]:
    """Fences whose body is anything but include lines: code typed into Markdown."""
    problems = []
    lines = page.read_text(encoding="utf-8").splitlines()
    number = 0
    while number < len(lines):
        opening = FENCE.match(lines[number])
        if opening:
            start, body = number, []
            number += 1
            while number < len(lines) and not lines[number].strip().startswith(opening["fence"]):
                body.append(lines[number])
                number += 1
            typed = [line for line in body if line.strip() and not INCLUDE.match(line)]
            if typed:
                problems.append(
                    f"{rel(page, root)}:{start + 1}: a ```{opening['info'].strip()} block "
                    f"holds typed code ({typed[0].strip()!r}); put it in snippets/ and include it"
                )
        number += 1
    return problems


def usage(root: Path = ROOT) -> dict[str, set[str]]:
    """Which pages include each snippet file (whole or a section)."""
    used: dict[str, set[str]] = {}
    for page in pages(root):
        for include in includes(page, root):
            used.setdefault(include.path, set()).add(rel(page, root))
    return used


def unused(root: Path = ROOT) -> list[str]:
    """Snippet files, and named sections, that no page includes."""
    targets = {(i.path, i.section) for page in pages(root) for i in includes(page, root)}
    whole = {path for path, section in targets if section is None}
    problems = []
    for snippet in snippets(root):
        path = rel(snippet, root)
        if not any(p == path for p, _ in targets):
            problems.append(f"{path}: no page includes this snippet")
            continue
        for name in sorted(sections(snippet)):
            if path not in whole and (path, name) not in targets:
                problems.append(f"{path}: no page includes its section '{name}'")
    return problems


def section_code(snippet: Path, name: str) -> str:
    """One named section of a snippet, as a page would show it."""
    return expand(snippet, text=f'--8<-- "{rel(snippet)}:{name}"') + "\n"
