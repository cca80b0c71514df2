"""How the tutorials' notebooks appear on the site: the links at the top of each tutorial, and
the notebook pages mkdocs-jupyter renders, made lighter and accessible."""

from __future__ import annotations

import re
from pathlib import Path

from docsite.notebooks import colab_url, notebook_name, published_path

SHARED_CSS = "assets/notebook.css"
_STYLE = re.compile(
    r'<style type="text/css">\s*(?P<css>(?:@charset "UTF-8";)?\.jupyter-wrapper\{.*?)</style>', re.S
)
_UNUSED = [
    re.compile(r'<script src="">\s*</script>'),  # MathJax, with no URL configured
    re.compile(r'<script type="text/x-mathjax-config">.*?</script>', re.S),
    re.compile(r'<script type="module">(?:(?!</script>).)*?jp-Mermaid.*?</script>', re.S),  # CDN
    re.compile(r"<style>\s*\.jp-Mermaid.*?</style>", re.S),
]
# A code cell's source scrolls sideways when a line is long: let keyboard users reach it
# (axe: scrollable-region-focusable), and name it for screen readers.
_CELL_SOURCE = re.compile(r'<div class="highlight-ipynb hl-python">')


def slim(html: str, css_href: str) -> tuple[str, str]:
    """mkdocs-jupyter inlines ~580 KB of JupyterLab CSS into every notebook page and a script
    that imports mermaid from a CDN. Move the CSS to one shared, cacheable file, drop the
    scripts for features these notebooks do not use (math, mermaid), and make scrolling code
    cells reachable by keyboard."""
    css = "\n".join(match["css"] for match in _STYLE.finditer(html))
    html = _STYLE.sub("", html)
    if css:
        link = f'<link rel="stylesheet" href="{css_href}">'
        html = html.replace(
            '<div class="jupyter-wrapper">', f'{link}\n<div class="jupyter-wrapper">', 1
        )
    for pattern in _UNUSED:
        html = pattern.sub("", html)
    cells = iter(range(1, html.count('<div class="highlight-ipynb hl-python">') + 1))
    html = _CELL_SOURCE.sub(
        lambda _: (
            '<div class="highlight-ipynb hl-python" tabindex="0" role="region" '
            f'aria-label="Code cell {next(cells)}">'
        ),
        html,
    )
    return html, css


def with_banner(markdown: str, page: Path, repo_url: str) -> str:
    """Right under a tutorial's title: download its notebook, open it in Colab, or read it as
    a rendered notebook."""
    name = notebook_name(page)
    # The tutorial's URL is tutorials/<name>/ and the notebook is published beside it.
    download = f"../{published_path(page).split('/', 1)[1]}"
    buttons = [
        f'<a class="md-button" href="{download}" download>Download notebook</a>',
    ]
    colab = colab_url(page, repo_url)
    if colab:
        buttons.append(f'<a class="md-button" href="{colab}">Open in Colab</a>')
    buttons.append(f"[View the notebook]({name}){{ .md-button }}")
    banner = (
        "\nThis tutorial is also a Jupyter notebook, made from the same code and outputs:\n\n"
        + " ".join(buttons)
        + "\n"
    )
    title = re.search(r"^# .*$", markdown, re.M)
    if not title:
        return banner + markdown
    return markdown[: title.end()] + "\n" + banner + markdown[title.end() :]
