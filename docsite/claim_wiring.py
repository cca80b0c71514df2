"""The static half of the claim binding: do the pages' claim statements and the claim tests'
quotes match up? (docsite/claims.py reads both sides; no Keras import.)

`python -m docsite.claim_wiring [PAGE_OR_TEST ...]` prints the problems, all of them or those
that mention the given pages and test files.

Besides matching quotes to sentences, it holds one rule about what a test reads: a claim
statement right after a block that prints describes what the block printed, so one of its
tests must read that printed output (the `printed` fixture, docsite/prerender.py's `printed`),
not only objects of its own. Otherwise the page's output box could contradict its sentence
with every test green."""

from __future__ import annotations

import ast
import difflib
import re
from pathlib import Path

from docsite import pages, render
from docsite.claims import TARGET, Quote, Statement, UnreadableTests, claim_tests, statements
from docsite.sentences import _closest, _normal, fields, match, typed_digits


def problems(root: Path = pages.ROOT) -> list[str]:
    """Every way the pages' statements and the claim tests' quotes fail to match up."""
    found: list[str] = []
    try:
        tests = claim_tests(root)
    except UnreadableTests as error:
        return [str(error)]
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
    found += _unread_outputs(root, tests)
    return found


PRINTS = re.compile(r"\bprint\(")


def statements_after_printing_blocks(page: Path, root: Path = pages.ROOT) -> list[Statement]:
    """The claim statements that come right after a block whose code prints (the next
    paragraph after the block and its markers): the sentences that tell the reader what the
    output box shows."""
    text = page.read_text(encoding="utf-8")
    try:
        fences = render.fences(page, root, text)
    except pages.IncludeError:
        return []  # reported by the includes check
    lines = text.split("\n")
    starts = {s.first_line: s for s in statements(page, root)[0]}
    found = []
    for fence in fences:
        if not PRINTS.search(fence.code):
            continue
        after = fence.last + 1
        while after < len(lines) and not lines[after].strip():
            after += 1
        if after + 1 in starts:  # statements count lines from 1
            found.append(starts[after + 1])
    return found


def _unread_outputs(root: Path, tests: dict) -> list[str]:
    found = []
    for page in pages.pages(root):
        for statement in statements_after_printing_blocks(page, root):
            named = [tests[t] for t in statement.tests if t in tests]
            if named and not any(test.reads_printed for test in named):
                found.append(
                    f"{statement.where}: this statement follows a block that prints, but none "
                    f"of its tests ({', '.join(statement.tests)}) reads what the block printed: "
                    "take the `printed` fixture and check the printed lines the sentence describes"
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


def main(argv: list[str]) -> int:
    """The claim wiring problems, all of them or those that mention the given pages and test
    files. Exit 1 if there are any."""
    wanted = [pages.rel(Path(arg).resolve()) for arg in argv]
    found = [p for p in problems() if not wanted or any(w in p for w in wanted)]
    for problem in found:
        print(problem)
    print(f"{len(found)} claim wiring problem(s)" if found else "claims: all bound")
    return 1 if found else 0


if __name__ == "__main__":
    import sys

    sys.exit(main(sys.argv[1:]))
