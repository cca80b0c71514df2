"""Each tutorial page is also a notebook: its prose as Markdown cells, its included snippets as
code cells, and as outputs what that same code produced at build time (docsite/render.py, so
the code runs once per build and is cached). mkdocs-jupyter renders the notebook as a page and
publishes the .ipynb beside it; the first cell links the download and Colab.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from mkdocs.utils.meta import get_data

from docsite import editions, render, versions

FOLDER = "tutorials"
SUFFIX = "-notebook"
CONTAINER = re.compile(r"^(?P<indent>\s*)(?P<kind>===|!!!|\?\?\?\+?)\s*(?P<rest>.*)$")
COMMENT = re.compile(r"<!--.*?-->", re.S)
HEADING_ID = re.compile(r"[ \t]*\{\s*#[\w-]+\s*\}[ \t]*$", re.M)
MD_LINK = re.compile(r"\]\((?P<target>(?!https?:|#)[^)\s]+?\.md)(?P<anchor>#[^)\s]*)?\)")


def notebook_name(page: Path) -> str:
    """autoencoder.md -> autoencoder-notebook.ipynb; autoencoder.zh.md -> …-notebook.zh.ipynb"""
    language = editions.language_of(page)
    tail = "" if language == editions.DEFAULT else f".{language}"
    return f"{editions.stem(page)}{SUFFIX}{tail}.ipynb"


def add_notebooks(root: Path, config, language: str = editions.DEFAULT) -> list[str]:
    """Write one notebook per tutorial of the edition `language` under .cache/generated and
    return their names there (docsite/generated_files.py places them in the site)."""
    out_dir = root / ".cache" / "generated"
    names = []
    for page in sorted((root / "docs" / FOLDER).glob("*.md")):
        if editions.language_of(page) != language:
            continue
        name = f"{FOLDER}/{notebook_name(page)}"
        notebook = build(page, root, config.site_url or "", config.repo_url or "")
        target = out_dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(notebook, indent=1) + "\n", encoding="utf-8")
        names.append(name)
    return names


def published_path(page: Path) -> str:
    """Where the .ipynb is published, under the site root (mkdocs-jupyter's include_source)."""
    name = notebook_name(page)
    folder = f"{editions.stem(page)}{SUFFIX}"
    return f"{editions.prefix(editions.language_of(page))}{FOLDER}/{folder}/{name}"


def colab_url(page: Path, repo_url: str) -> str | None:
    """Colab opens the notebook as published with the site: `mkdocs gh-deploy` pushes the
    built site, notebooks included, to the repository's gh-pages branch."""
    match = re.match(r"https://github\.com/([^/]+/[^/]+?)/?$", repo_url)
    if not match:
        return None
    return (
        f"https://colab.research.google.com/github/{match[1]}/blob/gh-pages/{published_path(page)}"
    )


def links(page: Path, site_url: str, repo_url: str) -> str:
    """The notebook's own links: download, Colab, and the page it was made from."""
    words = editions.words(page)
    parts = [f"[{words['download']}]({notebook_name(page)})"]
    colab = colab_url(page, repo_url)
    if colab:
        parts.append(f"[{words['colab']}]({colab})")
    if site_url:
        edition = editions.prefix(editions.language_of(page))
        page_url = f"{site_url.rstrip('/')}/{edition}{FOLDER}/{editions.stem(page)}/"
        parts.append(f"[{words['as_page']}]({page_url})")
    return " · ".join(parts)


# What the notebook needs beyond the standard library, pinned to what it was tested with.
REQUIREMENTS = {"keras": "keras", "tensorflow": "tensorflow", "scikit-learn": "scikit-learn",
                "matplotlib": "matplotlib", "numpy": "numpy"}  # fmt: skip


def setup_cells(page: Path) -> list[dict]:
    """The versions the notebook was tested with, and a cell that installs them on Colab."""
    tested = {name: versions.version(name) for name in REQUIREMENTS}
    listed = ", ".join(f"{name} {version}" for name, version in tested.items())
    note = editions.words(page)["tested"].format(listed=listed, python=versions.version("python"))
    pins = [f"{REQUIREMENTS[name]}=={version}" for name, version in tested.items()]
    groups = [" ".join(pins[i : i + 3]) for i in range(0, len(pins), 3)]
    lines = [f'    "{group} "' for group in groups[:-1]] + [f'    "{groups[-1]}"']
    code = "\n".join(
        ["import sys", "", "pins = (", *lines, ")", 'if "google.colab" in sys.modules:']
        + ["    %pip install -q {pins}"]
    )
    return [{"cell_type": "markdown", "source": note}, {"cell_type": "setup", "code": code}]


def tutorial_of(src_uri: str) -> str:
    """ "tutorials/autoencoder-notebook.ipynb" -> "tutorials/autoencoder.md", and
    "tutorials/autoencoder-notebook.zh.ipynb" -> "tutorials/autoencoder.zh.md"."""
    language = editions.language_of(src_uri)
    tail = "" if language == editions.DEFAULT else f".{language}"
    return src_uri.removesuffix(f"{SUFFIX}{tail}.ipynb") + f"{tail}.md"


def description(tutorial: Path) -> str:
    """The tutorial's own description, for its notebook page."""
    _body, meta = get_data(tutorial.read_text(encoding="utf-8"))
    text = meta.get("description", tutorial.stem).rstrip(".。")
    return editions.words(tutorial)["as_notebook"].format(description=text)


def build(page: Path, root: Path, site_url: str, repo_url: str) -> dict:
    raw = page.read_text(encoding="utf-8")
    body, _meta = get_data(raw)
    offset = len(raw.split("\n")) - len(body.split("\n"))
    page_fences = render.fences(page, root, body)
    lines = body.split("\n")
    cells, prose, cursor = [], [], 0
    for fence in page_fences:
        prose += lines[cursor : fence.start]
        cells.append(markdown_cell(prose, site_url, page))
        cells.append({"cell_type": "code", "code": fence.code, "fence": fence})
        prose, cursor = [], fence.last + 1
    prose += lines[cursor:]
    cells.append(markdown_cell(prose, site_url, page))
    cells = [cell for cell in cells if cell["cell_type"] == "code" or cell["source"].strip()]

    title = next((line[2:] for line in lines if line.startswith("# ")), page.stem)
    title = re.sub(r"\s*\{\s*#[\w-]+\s*\}\s*$", "", title)  # a zh title's { #id }
    intro = f"# {editions.words(page)['notebook_title'].format(title=title)}\n\n"
    intro += links(page, site_url, repo_url)
    if cells and cells[0]["cell_type"] == "markdown":
        cells[0]["source"] = re.sub(r"^# .*\n?", "", cells[0]["source"], count=1)
    cells[:0] = [{"cell_type": "markdown", "source": intro}, *setup_cells(page)]
    cells = [cell for cell in cells if cell["cell_type"] != "markdown" or cell["source"].strip()]

    try:
        results = render.outputs(page, root, page_fences, offset)
    except render.RenderError as exc:
        code_cells = [i for i, cell in enumerate(cells) if cell["cell_type"] != "markdown"]
        fences_ = [i for i, cell in enumerate(cells) if cell["cell_type"] == "code"]
        where = f"notebook {FOLDER}/{notebook_name(page)}"
        if exc.fence_index is not None:
            position = fences_[exc.fence_index]
            where += f", cell {position + 1} (code cell {code_cells.index(position) + 1})"
        raise render.RenderError(f"{where}: {exc}", exc.fence_index) from None
    outputs = iter(results)
    count = 0
    notebook_cells = []
    for cell in cells:
        if cell["cell_type"] == "markdown":
            notebook_cells.append(
                {"cell_type": "markdown", "metadata": {}, "source": source(cell["source"])}
            )
            continue
        if cell["cell_type"] == "setup":  # not run at build time: it only installs on Colab
            notebook_cells.append(code_cell(cell["code"], render.Output(), None))
            continue
        count += 1
        notebook_cells.append(code_cell(cell["code"], next(outputs), count))
    for number, cell in enumerate(notebook_cells):
        cell["id"] = f"cell-{number}"
    return {
        "cells": notebook_cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
            "language_info": {"name": "python"},
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def source(text: str) -> list[str]:
    lines = text.strip("\n").split("\n")
    return [line + "\n" for line in lines[:-1]] + lines[-1:]


def code_cell(code: str, output: render.Output, count: int | None) -> dict:
    outputs = []
    if output.stdout:
        outputs.append({"output_type": "stream", "name": "stdout", "text": source(output.stdout)})
    for svg in [*output.figures, *(svg for svg, *_alts in output.diagrams.values())]:
        outputs.append(
            {
                "output_type": "display_data",
                "metadata": {},
                "data": {"image/svg+xml": source(svg), "text/plain": ["<Figure>"]},
            }
        )
    return {
        "cell_type": "code",
        "execution_count": count,
        "metadata": {},
        "outputs": outputs,
        "source": source(code.rstrip("\n")),
    }


def markdown_cell(lines: list[str], site_url: str, page: Path) -> dict:
    """Plain Markdown for Jupyter: comments dropped, tabs flattened, admonitions as quotes and
    collapsed boxes (`??? note "..."`) as closed <details> (Jupyter and Colab render them, so
    a box stays one click away as on the page), links to other pages made absolute (a
    downloaded notebook has no site around it)."""
    text = versions.expand(COMMENT.sub("", "\n".join(lines)))
    out, container = [], None  # container: (indent width, prefix for its lines, closing line)

    def close():
        if container and container[2]:
            out.extend(["", container[2], ""])  # an HTML block ends at a blank line

    for line in text.split("\n"):
        width = len(line) - len(line.lstrip())
        if container and line.strip() and width < container[0]:
            close()
            container = None
        if container:
            out.append(container[1] + line[container[0] :] if line.strip() else container[1])
            continue
        match = CONTAINER.match(line)
        if match:
            label = match["rest"].strip()
            title = re.search(r'"(.*)"', label)
            heading = title[1] if title else label.split()[0].capitalize()
            indent = len(match["indent"]) + 4
            if match["kind"] == "===":
                out.append(f"**{title[1] if title else label}**")
                container = (indent, "", "")
            elif match["kind"] == "???":
                out += [f"<details><summary>{html.escape(heading)}</summary>", ""]
                container = (indent, "", "</details>")
            else:
                out.append(f"> **{heading}**")
                container = (indent, "> ", "")
            continue
        out.append(line)
    close()
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(out))
    text = HEADING_ID.sub("", text)  # `{ #id }` is MkDocs's: Jupyter would show it as text
    return {"cell_type": "markdown", "source": absolute_links(text, site_url, page)}


def absolute_links(text: str, site_url: str, page: Path) -> str:
    if not site_url:
        return text

    def url(match):
        target = (Path(FOLDER) / match["target"]).as_posix()
        parts = []
        for part in target.split("/"):
            if part == "..":
                parts.pop()
            elif part != ".":
                parts.append(part)
        path = "/".join(parts).removesuffix(".md").removesuffix("index").strip("/")
        anchor = match["anchor"] or ""
        edition = editions.prefix(editions.language_of(page))
        return f"]({site_url.rstrip('/')}/{edition}{path + '/' if path else ''}{anchor})"

    return MD_LINK.sub(url, text)
