"""The claims ledger: every claim the site makes, where it makes it, the test that proves it,
and how that test did on each Keras backend in the latest recorded run.

A test run records its claim tests' outcomes in `.cache/claims/<backend>.json` (written by
tests/conftest.py, with the versions it ran on); the build reads those files and generates the
page `reference/claims-ledger.md`. Without a recorded run a column says "not yet verified".
Each statement on a page gets an anchor (`claim-<test>`) that the ledger links to.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from docsite import claims, editions, pages, sentences, versions

PAGE = "reference/claims-ledger.md"
# The ledger is one page, the same rows in both editions (the quotes are the English sentences
# the tests prove); on the zh site its heading, text and columns are in Chinese.
WORDS = {
    "en": {
        "description": [
            "  Every claim this site makes, the test that proves it, and whether it held on",
            "  TensorFlow, JAX and PyTorch in the latest recorded run. Generated, never typed.",
        ],
        "title": "Claims ledger",
        "intro": "Every sentence on this site that states how Keras behaves is proven by a test "
        "that quotes it. This page is generated when the site is built, from the pages, the "
        "tests and the latest recorded run of the tests on each Keras backend.",
        "count": "{total} claims, on the pages below.",
        "claim": "Claim, and the test that proves it",
        "column": "Column",
        "run": "Latest recorded run",
        "none": "not yet verified: no recorded run",
        "unverified": "not yet verified",
    },
    "zh": {
        "description": [
            "  本站的每一条论断、证明它的测试，以及它在最近一次记录的运行中在",
            "  TensorFlow、JAX 和 PyTorch 上是否成立。由构建生成，从不手写。",
        ],
        "title": "论断清单",
        "intro": "本站每一句陈述 Keras 行为的话，都由一个引用它的测试来证明。本页在构建网站时"
        "生成，来源是各页面、测试，以及各 Keras 后端上最近一次记录的测试运行。论断按测试所引用的"
        "英文原句列出；链接指向中文页面上对应的句子。",
        "count": "共 {total} 条论断，分布在以下页面中。",
        "claim": "论断，及证明它的测试",
        "column": "列",
        "run": "最近一次记录的运行",
        "none": "尚未验证：没有记录的运行",
        "unverified": "尚未验证",
    },
}
BACKENDS = {"tensorflow": "TensorFlow", "jax": "JAX", "torch": "PyTorch"}
MARKS = {"passed": "✓ held", "failed": "✗ failed", "error": "✗ error"}


def results_dir(root: Path = pages.ROOT) -> Path:
    return Path(os.environ.get("DOCSITE_CLAIMS_DIR") or root / ".cache" / "claims")


def read_results(root: Path = pages.ROOT) -> dict[str, dict]:
    """{backend: {"versions": {...}, "finished": "...", "results": {test: outcome}}}"""
    found = {}
    for backend in BACKENDS:
        path = results_dir(root) / f"{backend}.json"
        if path.is_file():
            found[backend] = json.loads(path.read_text(encoding="utf-8"))
    return found


def record(outcomes: dict[str, str], backend: str, root: Path = pages.ROOT) -> Path:
    """Merge a run's claim outcomes into `<backend>.json` (a run of one page updates its own
    claims and keeps the others' latest results)."""
    path = results_dir(root) / f"{backend}.json"
    previous = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    library = {"tensorflow": "tensorflow", "jax": "jax", "torch": "torch"}[backend]
    recorded = {
        "backend": backend,
        "versions": {
            "keras": versions.version("keras"),
            library: versions.version(library),
            "numpy": versions.version("numpy"),
            "python": versions.version("python"),
        },
        "results": previous.get("results", {}) | outcomes,
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    partial.write_text(json.dumps(recorded, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    os.replace(partial, path)
    return path


def anchors(statements: list[claims.Statement]) -> dict[int, str]:
    """{statement's first marker line: anchor id}, stable while the tests keep their names."""
    ids, taken = {}, set()
    for statement in statements:
        base = "claim-" + re.sub(r"^test_", "", statement.tests[0].split("::")[-1]).replace(
            "_", "-"
        )
        anchor, number = base, 2
        while anchor in taken:
            anchor, number = f"{base}-{number}", number + 1
        taken.add(anchor)
        ids[statement.line] = anchor
    return ids


def annotate(markdown: str, page: Path, offset: int, root: Path = pages.ROOT) -> str:
    """Give each claim statement of `page` its anchor, at the start of its first line (no line
    is added, so line numbers in error messages stay right). `offset`: the front matter lines
    MkDocs removed above `markdown`."""
    statements, _ = claims.statements(page, root)
    if not statements:
        return markdown
    lines = markdown.split("\n")
    for statement in statements:
        anchor = anchors(statements)[statement.line]
        index = statement.first_line - 1 - offset
        line = lines[index]
        if claims.ALT.match(line):  # a figure's alt text: anchor the marker line instead
            index, line = statement.line - 1 - offset, lines[statement.line - 1 - offset]
        start = re.match(r"^(\s*(?:[-*+]\s+|\d+\.\s+|\|\s*)?)", line).end()
        lines[index] = (
            f'{line[:start]}<span class="claim-anchor" id="{anchor}"></span>{line[start:]}'
        )
    return "\n".join(lines)


def annotate_translation(markdown: str, page: Path, root: Path = pages.ROOT) -> str:
    """A zh page's claim statements get the anchors of their English twins, in order (the
    parity check keeps the claim markers in the same order): the zh ledger links to them."""
    if not editions.english(page).is_file():
        return markdown  # a page of the zh edition alone (the glossary)
    english, _ = claims.statements(editions.english(page), root)
    if not english:
        return markdown
    ids = [anchors(english)[statement.line] for statement in english]
    lines = markdown.split("\n")
    groups, start, after_claim = [], None, False  # first line of each statement
    for index, line in enumerate(lines):
        stripped = line.strip()
        if stripped.startswith("<!--") and "claim:" in stripped:
            if not after_claim:  # markers right under one another close one statement
                groups.append(start if start is not None else index)
            after_claim, start = True, None
            continue
        after_claim = False
        if not stripped or stripped.startswith(
            ("<!--", "```", "~~~", "--8<--", "???", "!!!", "===", "#")
        ):
            start = None
        elif start is None:
            start = index
    for anchor, index in zip(ids, groups, strict=False):
        line = lines[index]
        lead = re.match(r"^(\s*(?:[-*+]\s+|\d+\.\s+|\|\s*)?)", line).end()
        lines[index] = f'{line[:lead]}<span class="claim-anchor" id="{anchor}"></span>{line[lead:]}'
    return "\n".join(lines)


def markdown(root: Path = pages.ROOT, repo_url: str = "", language: str = "en") -> str:
    """The ledger page, from the pages' statements, the tests' quotes and the recorded runs,
    worded for the edition `language`."""
    words = WORDS[language]
    recorded = read_results(root)
    tests = claims.claim_tests(root)
    out = [
        "---",
        "description: >-",
        *words["description"],
        "# It repeats every claim sentence of the site: kept out of search, so that a search",
        "# finds each sentence on its own page (a pasted error message, the troubleshooting).",
        "search:",
        "  exclude: true",
        "---",
        "",
        f"# {words['title']}",
        "",
        words["intro"],
        "",
        *_versions_table(recorded, words),
        "",
    ]
    total = 0
    for page in in_nav_order(root):
        statements, _ = claims.statements(page, root)
        if not statements:
            continue
        ids = anchors(statements)
        link = pages.rel(page, root).removeprefix("docs/")
        edition = page if language == "en" else page.with_name(f"{page.stem}.{language}.md")
        title = _title(edition if edition.is_file() else page)
        out += [f"## [{title}]({_relative(link)})", ""]
        out += [f"| {words['claim']} | " + " | ".join(BACKENDS.values()) + " |"]
        out += ["| --- | " + " | ".join("---" for _ in BACKENDS) + " |"]
        for statement in statements:
            for test in statement.tests:
                quote = _quoted(tests.get(test), statement)
                proof = _test_link(test, tests.get(test), repo_url)
                cells = [
                    _cell(f"[{quote}]({_relative(link)}#{ids[statement.line]})<br>{proof}"),
                    *(_outcome(recorded.get(backend), test, words) for backend in BACKENDS),
                ]
                out.append("| " + " | ".join(cells) + " |")
                total += 1
        out.append("")
    out.insert(out.index(f"# {words['title']}") + 2, words["count"].format(total=total) + "\n")
    return "\n".join(out)


def in_nav_order(root: Path) -> list[Path]:
    """The pages in the order the navigation lists them (pages it leaves out come last)."""
    import yaml

    from docsite.check import _Loader  # mkdocs.yml read as plain data

    config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    listed = re.findall(r"[\w./-]+\.md", json.dumps(config.get("nav", [])))
    order = {name: index for index, name in enumerate(listed)}
    return sorted(
        pages.pages(root), key=lambda p: order.get(p.relative_to(root / "docs").as_posix(), 999)
    )


def _versions_table(recorded: dict, words: dict) -> list[str]:
    rows = [f"| {words['column']} | {words['run']} |", "| --- | --- |"]
    for backend, name in BACKENDS.items():
        run = recorded.get(backend)
        if run:
            listed = ", ".join(f"{k} {v}" for k, v in sorted(run["versions"].items()))
            rows.append(f"| {name} | {listed} |")
        else:
            rows.append(f"| {name} | {words['none']} |")
    return rows


def _outcome(run: dict | None, test: str, words: dict) -> str:
    if not run or test not in run.get("results", {}):
        return words["unverified"]
    outcome = run["results"][test]
    if outcome.startswith("about "):  # a claim about one backend (tests/conftest.py)
        return f"– n/a: {outcome}"
    return MARKS.get(outcome, outcome)


def _quoted(claim: claims.ClaimTest | None, statement: claims.Statement) -> str:
    """The sentences of `statement` this test quotes (the whole statement if none match)."""
    said = statement.sentences
    for quote in claim.quotes if claim else []:
        if quote.page == statement.page:
            span = sentences.match(quote.template, said)
            if span:
                return versions.expand(" ".join(said[span[0] : span[1] + 1]))
    return versions.expand(" ".join(said))


def _test_link(test: str, claim: claims.ClaimTest | None, repo_url: str) -> str:
    file, name = test.split("::")
    label = f"{file.removeprefix('tests/')} · {name.removeprefix('test_').replace('_', ' ')}"
    if repo_url and claim:
        label = f"[{label}]({repo_url.rstrip('/')}/blob/main/{file}#L{claim.line})"
    return f'<small class="claim-test">test: {label}</small>'


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _relative(target: str) -> str:
    """A link from the ledger (reference/) to a page of the docs."""
    return (
        "../" + target if not target.startswith("reference/") else target.removeprefix("reference/")
    )


def _title(page: Path) -> str:
    heading = re.search(
        r"^# (.+?)(?:\s*\{\s*#[\w-]+\s*\})?\s*$", page.read_text(encoding="utf-8"), re.M
    )
    return heading[1] if heading else page.stem
