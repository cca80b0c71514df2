"""How the tutorials' notebooks appear on the site: the links at the top of each tutorial, and
the notebook pages mkdocs-jupyter renders, made lighter and accessible."""

from __future__ import annotations

import re
from pathlib import Path

from docsite import editions
from docsite.notebooks import FOLDER, SUFFIX, colab_url, published_path

SHARED_CSS = "assets/notebook.css"
_STYLE = re.compile(
    r'<style type="text/css">\s*(?P<css>(?:@charset "UTF-8";)?\.jupyter-wrapper\{.*?)</style>', re.S
)
# mkdocs-jupyter 0.27 appends to every page (so that Material's instant navigation finds it)
# a loader for MathJax from jsDelivr, its URL in an attribute. These notebooks have no math.
_MATHJAX_LOADER = re.compile(r"<script data-mkdocs-jupyter-mathjax=.*?</script>\n?", re.S)
_UNUSED = [
    re.compile(r'<script src="">\s*</script>'),  # MathJax, with no URL configured
    re.compile(r'<script type="text/x-mathjax-config">.*?</script>', re.S),
    re.compile(r'<script type="module">(?:(?!</script>).)*?jp-Mermaid.*?</script>', re.S),  # CDN
    re.compile(r"<style>\s*\.jp-Mermaid.*?</style>", re.S),
]
# A code cell's source scrolls sideways when a line is long: let keyboard users reach it
# (axe: scrollable-region-focusable), and name it for screen readers.
_CELL_SOURCE = re.compile(r'<div class="highlight-ipynb hl-python">')


def without_mathjax(html: str) -> str:
    """Any page without mkdocs-jupyter's MathJax loader, a third-party script."""
    return _MATHJAX_LOADER.sub("", html)


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
    # Links name the English file: the i18n plugin serves each edition's own under that name.
    name = f"{editions.stem(page)}{SUFFIX}.ipynb"
    words = editions.words(page)
    # The tutorial's URL is tutorials/<name>/ and the notebook is published beside it.
    download = f"../{published_path(page).split(f'{FOLDER}/', 1)[1]}"
    buttons = [
        f'<a class="md-button" href="{download}" download>{words["banner_download"]}</a>',
    ]
    colab = colab_url(page, repo_url)
    if colab:
        buttons.append(f'<a class="md-button" href="{colab}">{words["colab"]}</a>')
    buttons.append(f"[{words['banner_view']}]({name}){{ .md-button }}")
    banner = f"\n{words['banner']}\n\n" + " ".join(buttons) + "\n"
    title = re.search(r"^# .*$", markdown, re.M)
    if not title:
        return banner + markdown
    return markdown[: title.end()] + "\n" + banner + markdown[title.end() :]


CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
CLASS_ATTRIBUTE = re.compile(r'class="([^"]*)"')
KEEP_WHOLE = ("@keyframes", "@-webkit-keyframes", "@font-face", "@page")


def used_classes(html: str) -> set[str]:
    return {name for value in CLASS_ATTRIBUTE.findall(html) for name in value.split()}


def purge(css: str, used: set[str]) -> str:
    """JupyterLab's stylesheet without the rules that can match nothing on the notebook pages
    (a selector naming a class no page uses): it is render-blocking, and most of its 580 KB
    styles JupyterLab's own interface, which a static notebook page does not have."""
    out, position = [], 0
    while position < len(css):
        brace = css.find("{", position)
        semicolon = css.find(";", position)
        if brace == -1:
            out.append(css[position:])
            break
        if 0 <= semicolon < brace and css[position:semicolon].lstrip().startswith("@"):
            out.append(css[position : semicolon + 1])  # @charset "UTF-8"; @import ...;
            position = semicolon + 1
            continue
        prelude, end = css[position:brace].strip(), _closing(css, brace)
        body = css[brace + 1 : end]
        if prelude.startswith(KEEP_WHOLE):
            out.append(f"{prelude}{{{body}}}")
        elif prelude.startswith("@"):  # @media, @supports: purge what is inside
            inner = purge(body, used)
            if inner.strip():
                out.append(f"{prelude}{{{inner}}}")
        else:
            selectors = [s for s in _split(prelude) if _may_match(s, used)]
            if selectors:
                out.append(f"{','.join(selectors)}{{{body}}}")
        position = end + 1
    return "".join(out)


def _closing(css: str, opening: int) -> int:
    depth = 0
    for index in range(opening, len(css)):
        if css[index] == "{":
            depth += 1
        elif css[index] == "}":
            depth -= 1
            if depth == 0:
                return index
    return len(css) - 1


def _split(prelude: str) -> list[str]:
    """Selectors separated by top-level commas (not those inside :is(...) or [...])."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(prelude):
        depth += char in "([" and 1 or char in ")]" and -1 or 0
        if char == "," and depth == 0:
            parts.append(prelude[start:index].strip())
            start = index + 1
    parts.append(prelude[start:].strip())
    return parts


def _may_match(selector: str, used: set[str]) -> bool:
    without_strings = re.sub(r"\[[^\]]*\]|\"[^\"]*\"|'[^']*'", "", selector)
    # Inside :not(...) a class that is absent makes the selector match more, not less.
    without_negations = re.sub(r":not\([^)]*\)", "", without_strings)
    return set(CLASS.findall(without_negations)) <= used
