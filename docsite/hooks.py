"""MkDocs hooks: the build side of the glue (mkdocs.yml: `hooks: [docsite/hooks.py]`).

- every include is checked before rendering: a missing file or section, or code typed into a
  page instead of included, fails the build with the page, the line and the path;
- each page's code runs once (or comes from the cache), the uncached pages first, in as many
  processes as there are cores (docsite/prerender.py), and its output, figures and model
  diagrams are put under the code blocks (docsite/render.py);
- each tutorial also becomes an executed notebook, rendered by mkdocs-jupyter
  (docsite/notebooks.py);
- `snippets/` and `docsite/` are watched by `mkdocs serve`.
"""

from __future__ import annotations

import posixpath
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # MkDocs loads hooks by path

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402

from docsite import (  # noqa: E402
    ledger,
    notebook_pages,
    notebooks,
    pages,
    prerender,
    render,
    versions,
)

_assets: dict[str, str] = {}  # site path -> SVG or CSS, written after the build
_notebook_css: list[str] = []  # JupyterLab's stylesheet, as each notebook page inlined it
_notebook_classes: set[str] = set()  # every class the notebook pages use


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def on_config(config):
    try:
        render.check_build_backend()
    except render.RenderError as exc:
        raise PluginError(str(exc)) from None
    root = _root(config)
    for folder in ("snippets", "docsite"):
        if str(root / folder) not in config.watch:
            config.watch.append(str(root / folder))
    return config


def on_pre_build(config):
    prerender.prerender(_root(config))


@event_priority(100)  # before mkdocs-jupyter wraps the notebooks it renders
def on_files(files, config):
    _assets.clear()
    _notebook_css.clear()
    _notebook_classes.clear()
    try:
        for file in notebooks.add_notebooks(_root(config), config):
            files.append(file)
    except (pages.IncludeError, render.RenderError) as exc:
        raise PluginError(str(exc)) from None
    content = ledger.markdown(_root(config), config.repo_url or "")
    files.append(File.generated(config, ledger.PAGE, content=content))
    return files


def on_page_markdown(markdown, page, config, files):
    root = _root(config)
    if not page.file.src_uri.endswith(".md") or page.file.src_uri == ledger.PAGE:
        return markdown
    source = Path(page.file.abs_src_path)
    page_dir = posixpath.dirname(page.file.dest_uri)
    typed = pages.typed_code(source, root)
    if typed:
        raise PluginError("\n".join(typed))
    try:
        markdown = versions.expand(markdown)
    except versions.UnknownVersion as exc:
        raise PluginError(f"{page.file.src_uri}: {exc.args[0]}") from None
    try:
        pages.check_includes(source, root)
        raw_lines = source.read_text(encoding="utf-8").count("\n")
        offset = raw_lines - markdown.count("\n")  # front matter MkDocs removed
        markdown = ledger.annotate(markdown, source, offset, root)  # anchors the ledger links to
        markdown = render.render(source, root, markdown, _assets, page_dir, offset)
    except (pages.IncludeError, render.RenderError) as exc:
        raise PluginError(str(exc)) from None
    markdown = _without_markers(markdown)
    if page.file.src_uri.startswith(f"{notebooks.FOLDER}/"):
        markdown = notebook_pages.with_banner(markdown, source, config.repo_url or "")
    return markdown


_MARKER = re.compile(
    r'^[ \t]*(<span class="claim-anchor"[^>]*></span>)?'
    r"<!--[ \t]*(?:claim:|all backends).*-->[ \t]*\n",
    re.M,
)


def _without_markers(markdown: str) -> str:
    """Claim markers are for the tests and the ledger (its anchors are in place by now). Left
    in, one right under a table inside a box becomes an empty table row: drop their lines
    (the whole line, so that a paragraph they sit in stays one paragraph)."""
    # A figure's claim is anchored on its marker line (docsite/ledger.py): keep the anchor.
    return _MARKER.sub(lambda found: found[1] + "\n" if found[1] else "", markdown)


@event_priority(50)  # before the search plugin indexes the page
def on_page_context(context, page, config, nav):
    if page.file.src_uri.endswith(".ipynb"):
        # Each tutorial's passages are found once, on the tutorial page; its notebook page
        # repeats them. The notebook gets its tutorial's description.
        page.meta["search"] = {"exclude": True}
        tutorial = _root(config) / "docs" / notebooks.tutorial_of(page.file.src_uri)
        page.meta.setdefault("description", notebooks.description(tutorial))
    return context


# Material's search dialog has role="dialog" and no name (axe: aria-dialog-name).
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def _named_search_dialog(output: str) -> str:
    return output.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + ' aria-label="Search">', 1)


def on_post_template(output, template_name, config):
    """The 404 page is a template, not a page: it gets the same fix."""
    return _named_search_dialog(output) if template_name == "404.html" else output


def on_post_page(output, page, config):
    output = _named_search_dialog(output)
    output = notebook_pages.without_mathjax(output)
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    href = get_relative_url(notebook_pages.SHARED_CSS, page.url)
    output, css = notebook_pages.slim(output, href)
    if css:
        _notebook_css.append(css)
    _notebook_classes.update(notebook_pages.used_classes(output))
    return output


def on_post_build(config):
    site = Path(config.site_dir)
    if _notebook_css:  # one shared file, with only the rules the notebook pages can use
        _assets[notebook_pages.SHARED_CSS] = notebook_pages.purge(
            _notebook_css[0], _notebook_classes
        )
    for path, svg in _assets.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(svg, encoding="utf-8")
