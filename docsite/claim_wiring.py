"""The static half of the claim binding: do the pages' claim statements and the claim tests'
quotes match up? (docsite/claims.py reads both sides; no Keras import.)"""

from __future__ import annotations

import ast
import difflib
import re
from pathlib import Path

from docsite import pages
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
