"""`python -m docsite.check` (also `make check` and the pre-commit hook): every mistake that can
be seen without running code, in a few seconds and without importing Keras.

- code typed into a page instead of included from snippets/;
- an include of a file or section that does not exist;
- a snippet, or a named section, that no page includes;
- claim markers and claim tests that do not match (docsite/claims.py);
- a page missing from `nav` in mkdocs.yml, or without a `description:`;
- a block that draws more figures (`plt.show()`) than it has `<!-- alt: ... -->` lines;
- an installed version typed into a page instead of `{{ versions.keras }}`;
- a snippet that imports TensorFlow, JAX or PyTorch without saying why (`# Backend-specific:`);
- a test that skips (or expects to fail) other than through `about_backend(name)`;
- a page over its main-line word budget, or with another backend or version history in
  the main line of a tutorial, how-to guide or explanation (docsite/mainline.py);
- a page in the nav that the home page's map does not link;
- a Markdown image without alt text;
- a page of the Chinese edition that is missing, or differs from its English twin in its
  includes, outputs, diagrams, figures, claim markers, anchors, links or the numbers of its
  claims, or uses a term the glossary rules out (docsite/translations.py); a page missing
  from the Chinese navigation;
- ruff (lint and format).

Each problem names the file and line. `tests/test_wiring.py` runs the same checks in the suite.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import yaml
from mkdocs.utils.meta import get_data

from docsite import claim_wiring, mainline, pages, render, translations, versions

ROOT = pages.ROOT


def typed_code(root: Path = ROOT) -> list[str]:
    return [problem for page in pages.pages(root) for problem in pages.typed_code(page, root)]


def includes(root: Path = ROOT) -> list[str]:
    problems = []
    for page in pages.pages(root):
        try:
            pages.check_includes(page, root)
        except pages.IncludeError as error:
            problems.append(str(error))
    return problems


def orphans(root: Path = ROOT) -> list[str]:
    return pages.unused(root)


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as plain data: its !ENV and !relative tags read as their default value."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def navigation(root: Path = ROOT) -> list[str]:
    """Pages that mkdocs.yml's nav leaves out (the build would only warn, far from the page),
    in English and in the Chinese edition's own nav."""
    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    problems = _unlisted(config.get("nav", []), pages.pages(root), root, "nav")
    for plugin in config.get("plugins", []):
        languages = plugin.get("i18n", {}).get("languages", []) if isinstance(plugin, dict) else []
        for language in languages:
            if "nav" in language:
                problems += _unlisted(
                    language["nav"], pages.translations(root), root, f"{language['locale']} nav"
                )
    return problems


def _unlisted(nav, listed_pages: list[Path], root: Path, which: str) -> list[str]:
    listed = set()

    def walk(entry):
        if isinstance(entry, str):
            listed.add(entry)
        elif isinstance(entry, dict):
            for value in entry.values():
                walk(value)
        elif isinstance(entry, list):
            for value in entry:
                walk(value)

    walk(nav)
    return [
        f"{pages.rel(page, root)}:1: not in mkdocs.yml's {which}: add it under its section "
        "(Tutorials, How-to guides, Explanations or Reference)"
        for page in listed_pages
        if page.relative_to(root / "docs").as_posix().replace(".zh.md", ".md") not in listed
    ]


def descriptions(root: Path = ROOT) -> list[str]:
    """Every page says what it is about (search results and link previews show it)."""
    return [
        f"{pages.rel(page, root)}:1: no `description:` in the front matter"
        for page in pages.pages(root)
        if not get_data(page.read_text(encoding="utf-8"))[1].get("description")
    ]


SHOW = re.compile(r"\bplt\.show\(")


def alt_texts(root: Path = ROOT) -> list[str]:
    """A block calling plt.show() N times needs N `<!-- alt: ... -->` lines after it. (The build
    counts the figures really drawn; this catches the common case before any code runs.)"""
    problems = []
    for page in pages.pages(root):
        text = page.read_text(encoding="utf-8")
        try:
            fences = render.fences(page, root, text)
        except pages.IncludeError:
            continue  # reported by includes()
        for fence in fences:
            shown = len(SHOW.findall(fence.code))
            if shown > len(fence.alts):
                problems.append(
                    f"{pages.rel(page, root)}:{fence.start + 1}: the code calls plt.show() "
                    f"{shown} time(s) but {len(fence.alts)} `<!-- alt: ... -->` line(s) follow "
                    "it: describe each figure for readers who cannot see it"
                )
    return problems


def typed_versions(root: Path = ROOT) -> list[str]:
    return [
        f"{pages.rel(page, root)}: types the installed version {found!r}: write "
        "{{ versions.keras }} (or tensorflow, numpy, python)"
        for page in pages.pages(root)
        for found in versions.typed(page.read_text(encoding="utf-8"))
    ]


BACKEND_IMPORT = re.compile(r"^\s*(?:import|from)\s+(tensorflow|jax|torch)\b", re.M)
BACKEND_SPECIFIC = re.compile(r"^# Backend-specific: \S", re.M)


def backend_specific(root: Path = ROOT) -> list[str]:
    """Snippets run on every Keras backend (make test-backends): they use Keras 3's own APIs
    and keras.ops. One that imports TensorFlow, JAX or PyTorch on purpose says so, to its
    readers, in a `# Backend-specific: <why>` comment."""
    problems = []
    for snippet in pages.snippets(root):
        text = snippet.read_text(encoding="utf-8")
        used = BACKEND_IMPORT.search(text)
        if used and not BACKEND_SPECIFIC.search(text):
            line = text[: used.start()].count("\n") + 1
            problems.append(
                f"{pages.rel(snippet, root)}:{line}: imports {used[1]}: use keras.ops (it runs on "
                "every backend), or say why with a `# Backend-specific: ...` comment"
            )
    return problems


SKIP = re.compile(
    r"pytest\.skip\(|pytest\.mark\.skip|\bskipif\b|pytest\.importorskip\(|\bxfail\b"
)  # xfail too: an expected failure checks nothing either


def skips(root: Path = ROOT) -> list[str]:
    """No claim goes unchecked on a backend by accident: the one way a test may skip is
    `about_backend(name)` (tests/conftest.py), for a sentence about that backend, which the
    claims ledger then shows as "n/a"."""
    problems = []
    for path in sorted((root / "tests").glob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        for found in SKIP.finditer(text):
            line = text[: found.start()].count("\n") + 1
            problems.append(
                f"{pages.rel(path, root)}:{line}: a skip: for a sentence about one backend use "
                "about_backend(name) from tests/conftest.py; any other claim must hold everywhere"
            )
    return problems


OWN_TRAINING = re.compile(r"#.*\bown training\b", re.I)


def own_training(root: Path = ROOT) -> list[str]:
    """A test trains only when it must (issue 16: each trained model is made once per session
    and shared): one that calls `fit`, itself or through a helper of its module, says why in a
    comment with the words "own training" (the shared runs are read-only, a counterfactual the
    page does not run, ...)."""
    problems = []
    for path in sorted((root / "tests").glob("test_*.py")):
        text = path.read_text(encoding="utf-8")
        functions = [node for node in ast.parse(text).body if isinstance(node, ast.FunctionDef)]
        training = {f.name for f in functions if ".fit(" in ast.get_source_segment(text, f)}
        for function in functions:
            body = ast.get_source_segment(text, function)
            calls = {n.func.id for n in ast.walk(function) if isinstance(n, ast.Call)
                     and isinstance(n.func, ast.Name)}  # fmt: skip
            trains = ".fit(" in body or calls & (training - {function.name})
            if function.name.startswith("test_") and trains and not OWN_TRAINING.search(body):
                problems.append(
                    f"{pages.rel(path, root)}:{function.lineno}: {function.name} trains: say "
                    'why it cannot read the session\'s run, in a comment with "own training"'
                )
    return problems


def home_map(root: Path = ROOT) -> list[str]:
    """Every page is on the home page's map (CONTRIBUTING: "a line in the home page's map")."""
    home = (root / "docs" / "index.md").read_text(encoding="utf-8")
    linked = set(re.findall(r"\]\(([\w/.-]+\.md)(?:#[\w-]+)?\)", home))
    return [
        f"docs/index.md:1: the map does not link {name}: add a line under its section"
        for page in pages.pages(root)
        if (name := page.relative_to(root / "docs").as_posix()) != "index.md" and name not in linked
    ]


IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\(")


def image_alts(root: Path = ROOT) -> list[str]:
    """A Markdown image with empty alt text says nothing to a screen reader."""
    return [
        f"{pages.rel(page, root)}:{number}: an image without alt text: say what it shows "
        "between the brackets, ![...](...)"
        for page in pages.pages(root)
        for number, line in enumerate(page.read_text(encoding="utf-8").split("\n"), 1)
        for found in IMAGE.finditer(line)
        if not found["alt"].strip()
    ]


def ruff(root: Path = ROOT) -> list[str]:
    executable = Path(sys.executable).parent / "ruff"
    problems = []
    for command in (["check", "--quiet", "."], ["format", "--check", "--quiet", "."]):
        run = subprocess.run([str(executable), *command], cwd=root, capture_output=True, text=True)
        if run.returncode != 0:
            fix = "ruff check --fix ." if command[0] == "check" else "ruff format ."
            problems.append(
                f"ruff {command[0]}:\n{(run.stdout + run.stderr).strip()}\n"
                f"  to fix: .venv/bin/{fix}"
            )
    return problems


def translation_problems(root: Path = ROOT) -> list[str]:
    return [str(problem) for problem in translations.problems(root)]


CHECKS = {
    "code typed into pages": typed_code,
    "includes": includes,
    "orphan snippets and sections": orphans,
    "claims": claim_wiring.problems,
    "navigation": navigation,
    "descriptions": descriptions,
    "alt text": alt_texts,
    "typed versions": typed_versions,
    "backend-specific snippets": backend_specific,
    "skips": skips,
    "own training": own_training,
    "main line": mainline.problems,
    "home page map": home_map,
    "image alt text": image_alts,
    "translations": translation_problems,
    "ruff": ruff,
}


def main(argv: list[str]) -> int:
    skip = {name.removeprefix("--no-") for name in argv if name.startswith("--no-")}
    failed = 0
    for name, check in CHECKS.items():
        if name.split()[0] in skip:
            continue
        found = check(ROOT)
        failed += len(found)
        for problem in found:
            print(problem)
    print("main-line words (tutorials, how-to guides and explanations have a budget):")
    print("\n".join(mainline.figures(ROOT)))
    print(f"check: {failed} problem(s)" if failed else "check: nothing to fix", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
