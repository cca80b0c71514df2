"""The Chinese edition against the English one: each `docs/**/<page>.zh.md` must keep its
English twin's structure (what the build fills in, what the tests bind), its numbers and the
glossary's terms. Run by `make check` (docsite/check.py) and by hand:

    python -m docsite.translations [docs/<kind>/<page>.zh.md ...]

Each problem is printed as `file:line: what differs`. No Keras import.

- structure: include lines, code fences and what they hold, claim and diagram markers and
  figure alt markers, in the same order and indentation; images; front-matter keys; the
  pages linked to (as a multiset);
- anchors: every zh heading carries `{ #id }`, the id of the English heading at that place,
  so that `page.md#id` lands on the same section in both languages;
- numbers: the text a claim marker closes (back to the previous marker or blank line) states
  the same digit numbers in both languages (thousands separators ignored), so a wrong figure
  in Chinese fails like one in English;
- terms: no variant the glossary (docsite/glossary.yml) rules out, in prose.
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from markdown.extensions.toc import slugify, unique

from docsite import glossary_page

ROOT = Path(__file__).resolve().parent.parent
LANGUAGE = "zh"
SUFFIX = f".{LANGUAGE}.md"
ZH_ONLY = {glossary_page.PAGE}  # pages of the zh edition with no English twin

FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
INCLUDE = re.compile(r'^\s*-{1,}8<-{1,}\s+"[^"]+"\s*$')
MARKER = re.compile(r"^\s*<!--\s*(claim|diagram|all backends)\b.*-->\s*$")
ALT = re.compile(r"^(\s*)<!--\s*alt:.*-->\s*$")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*$")
EXPLICIT_ID = re.compile(r"\s*\{\s*#([\w-]+)\s*\}\s*$")
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)")
LINK = re.compile(r"(?<!!)\[(?:[^\[\]]|\[[^\]]*\])*\]\(([^)\s]+)\)")
NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
CODE_SPAN = re.compile(r"(`+).+?\1")
COMMENT = re.compile(r"<!--.*?-->")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def twin(page: Path) -> Path:
    """The English page of a zh page."""
    return page.with_name(page.name[: -len(SUFFIX)] + ".md")


def translated(page: Path) -> Path:
    """The zh page of an English page."""
    return page.with_name(page.name[:-3] + SUFFIX)


def is_translation(page: Path) -> bool:
    return page.name.endswith(SUFFIX)


def glossary() -> list[dict]:
    return glossary_page.terms()


def _front_matter(lines: list[str]) -> tuple[list[str], int]:
    """Front-matter keys and the number of lines it takes."""
    if not lines or lines[0].strip() != "---":
        return [], 0
    end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), 0)
    keys = [m[1] for m in map(re.compile(r"^(\w[\w-]*):").match, lines[1:end]) if m]
    return keys, end + 1


def _structure(lines: list[str], start: int) -> list[tuple[int, str]]:
    """(line, text) of every line the two languages share verbatim, alt markers reduced."""
    found, fence = [], None
    for number, line in enumerate(lines[start:], start + 1):
        opening = FENCE.match(line)
        if fence is not None:
            found.append((number, line.rstrip()))
            if opening and opening[1].startswith(fence):
                fence = None
            continue
        if opening:
            fence = opening[1]
            found.append((number, line.rstrip()))
        elif INCLUDE.match(line) or MARKER.match(line):
            found.append((number, line.rstrip()))
        elif ALT.match(line):
            found.append((number, ALT.match(line)[1] + "<!-- alt: (translated) -->"))
    return found


def _outside_fences(lines: list[str], start: int):
    """(line number, line) of the lines outside code fences (fence lines left out too)."""
    fence = None
    for number, line in enumerate(lines[start:], start + 1):
        opening = FENCE.match(line)
        if fence is not None:
            if opening and opening[1].startswith(fence):
                fence = None
        elif opening:
            fence = opening[1]
        else:
            yield number, line


def _prose(lines: list[str], start: int) -> list[tuple[int, str]]:
    """(line, text) outside fences and markers, code spans and comments blanked."""
    return [
        (number, COMMENT.sub(" ", CODE_SPAN.sub(" ", line)))
        for number, line in _outside_fences(lines, start)
    ]


def _headings(lines: list[str], start: int) -> list[tuple[int, str | None]]:
    """(line, id) of each heading; id None when a zh heading has no explicit one."""
    found, seen = [], set()
    for number, line in _outside_fences(lines, start):
        match = HEADING.match(line)
        if match:
            explicit = EXPLICIT_ID.search(match[2])
            if explicit:
                found.append((number, explicit[1]))
                seen.add(explicit[1])
            else:
                slug = slugify(match[2].replace("`", ""), "-")
                found.append((number, unique(slug, seen) if slug else None))
    return found


def _claim_texts(lines: list[str], start: int) -> list[tuple[int, str]]:
    """(marker line, text it closes) for each claim marker."""
    found, text = [], []
    for number, line in enumerate(lines[start:], start + 1):
        stripped = line.strip()
        if stripped.startswith("<!--") and "claim:" in stripped:
            found.append((number, " ".join(text)))
            text = []
        elif not stripped or MARKER.match(line) or FENCE.match(line) or INCLUDE.match(line):
            text = []
        else:
            text.append(COMMENT.sub(" ", stripped))
    return found


def numbers(text: str) -> Counter:
    return Counter(n.replace(",", "").rstrip(".") for n in NUMBER.findall(text))


def compare(zh_page: Path, root: Path = ROOT) -> list[Problem]:
    """Every way `zh_page` differs from its English twin."""
    name = zh_page.resolve().relative_to(root.resolve()).as_posix()
    en_page = twin(zh_page)
    if name in ZH_ONLY:
        return _terms(zh_page, name)
    if not en_page.is_file():
        return [Problem(name, 1, f"no English page {en_page.name} to translate")]
    zh = zh_page.read_text(encoding="utf-8").splitlines()
    en = en_page.read_text(encoding="utf-8").splitlines()
    problems: list[Problem] = []
    say = lambda line, message: problems.append(Problem(name, line, message))  # noqa: E731
    zh_keys, zh_start = _front_matter(zh)
    en_keys, en_start = _front_matter(en)
    if zh_keys != en_keys:
        say(1, f"front matter has keys {zh_keys}, the English page {en_keys}")

    zh_shared, en_shared = _structure(zh, zh_start), _structure(en, en_start)
    for (zl, zt), (el, et) in zip(zh_shared, en_shared, strict=False):
        if zt != et:
            say(zl, f"has {zt.strip()!r} where the English line {el} has {et.strip()!r}")
            break
    else:
        if len(zh_shared) != len(en_shared):
            extra = zh_shared[len(en_shared)] if len(zh_shared) > len(en_shared) else None
            missing = en_shared[len(zh_shared)] if extra is None else None
            if extra:
                say(extra[0], f"has {extra[1].strip()!r}, which the English page has not")
            else:
                last = zh_shared[-1][0] if zh_shared else 1
                say(last, f"lacks {missing[1].strip()!r} (English line {missing[0]})")

    zh_heads, en_heads = _headings(zh, zh_start), _headings(en, en_start)
    for index, (zl, zid) in enumerate(zh_heads):
        if index >= len(en_heads):
            say(zl, "a heading the English page has not")
            break
        el, eid = en_heads[index]
        if zid != eid or not EXPLICIT_ID.search(zh[zl - 1]):
            say(zl, f"heading needs {{ #{eid} }}, the id of the English heading (line {el})")
    if len(zh_heads) < len(en_heads):
        el, eid = en_heads[len(zh_heads)]
        say(len(zh), f"lacks the heading {{ #{eid} }} (English line {el})")

    for what, pattern in (("images", IMAGE), ("links", LINK)):
        zh_targets = Counter(t for _, line in _prose(zh, zh_start) for t in pattern.findall(line))
        en_targets = Counter(t for _, line in _prose(en, en_start) for t in pattern.findall(line))
        if zh_targets != en_targets:
            lost = sorted((en_targets - zh_targets).elements())
            added = sorted((zh_targets - en_targets).elements())
            say(1, f"{what} differ: missing {lost}, added {added}")

    for (zl, zt), (el, et) in zip(
        _claim_texts(zh, zh_start), _claim_texts(en, en_start), strict=False
    ):
        if numbers(zt) != numbers(et):
            say(
                zl,
                f"the claim above states {sorted(numbers(zt).elements())}, the English "
                f"(line {el}) {sorted(numbers(et).elements())}",
            )

    return problems + _terms(zh_page, name)


def _terms(zh_page: Path, name: str) -> list[Problem]:
    """Variants the glossary rules out, in the page's prose."""
    zh = zh_page.read_text(encoding="utf-8").splitlines()
    problems: list[Problem] = []
    say = lambda line, message: problems.append(Problem(name, line, message))  # noqa: E731
    if zh_page.as_posix().endswith(glossary_page.PAGE):
        return problems  # the glossary names the variants it rules out
    terms = glossary()
    for number, line in _prose(zh, _front_matter(zh)[1]):
        for term in terms:
            checked = line
            for allowed in term.get("allow", []):  # e.g. 非顺序模型, "non-sequential model"
                checked = checked.replace(allowed, " ")
            for variant in term["avoid"]:
                if variant in checked:
                    say(number, f"'{variant}': the glossary says {term['zh']} ({term['en']})")
    return problems


def missing(root: Path = ROOT) -> list[Problem]:
    """English pages without a zh page."""
    return [
        Problem(page.relative_to(root).as_posix(), 1, f"has no translation {translated(page).name}")
        for page in sorted((root / "docs").rglob("*.md"))
        if not is_translation(page) and not translated(page).is_file()
    ]


def problems(root: Path = ROOT) -> list[Problem]:
    found = missing(root)
    for page in sorted((root / "docs").rglob(f"*{SUFFIX}")):
        found += compare(page, root)
    return found


def main(argv: list[str]) -> int:
    found = [p for path in argv for p in compare(Path(path).resolve())] if argv else problems()
    for problem in found:
        print(problem)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
