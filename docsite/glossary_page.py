"""The zh edition's glossary (docsite/glossary.yml): the terms the Chinese pages use, the
variants `make check` refuses in them (docsite/translations.py), and the table the glossary
page (docs/reference/glossary.zh.md, `<!-- glossary -->`) shows. No Keras import.
"""

from __future__ import annotations

from pathlib import Path

import yaml

GLOSSARY = Path(__file__).with_name("glossary.yml")
MARKER = "<!-- glossary -->"
PAGE = "docs/reference/glossary.zh.md"  # the zh edition's own page; it has no English twin


def terms() -> list[dict]:
    return yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))["terms"]


def table() -> str:
    rows = ["| English | 中文 | 不用 |", "| --- | --- | --- |"]
    for term in terms():
        avoid = "、".join(term["avoid"]) or "–"
        rows.append(f"| {term['en']} | {term['zh']} | {avoid} |")
    return "\n".join(rows)


def fill(markdown: str) -> str:
    """The glossary page's table in place of its marker (other pages are left as they are)."""
    return markdown.replace(MARKER, table()) if MARKER in markdown else markdown
