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

import json
import os
import posixpath
import re
import sys
from pathlib import Path
from urllib.parse import urljoin

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # MkDocs loads hooks by path

from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import CombinedEvent, event_priority  # noqa: E402
from mkdocs.utils import get_relative_url  # noqa: E402
from mkdocs.utils.meta import get_data  # noqa: E402

from docsite import (  # noqa: E402
    code_breaks,
    editions,
    generated_files,
    glossary_page,
    ledger,
    notebook_pages,
    notebooks,
    pages,
    prerender,
    render,
    versions,
)

_english_404: list[str] = []  # the 404 page every missing address gets, from the English build
_assets: dict[str, str] = {}  # site path -> SVG or CSS, written after the build
_notebook_css: list[str] = []  # JupyterLab's stylesheet, as each notebook page inlined it
_notebook_classes: set[str] = set()  # every class the notebook pages use


def _root(config) -> Path:
    return Path(config.config_file_path).resolve().parent


def _language(config) -> str:
    """The edition being built: the i18n plugin builds English, then 简体中文."""
    theme = config.get("theme")
    return (theme.get("language") if theme else None) or editions.DEFAULT


def on_config(config):
    try:
        render.check_build_backend()
    except render.RenderError as exc:
        raise PluginError(str(exc)) from None
    # DOCSITE_LANGUAGES=en builds the English edition alone (`make bench` times both ways).
    only = os.environ.get("DOCSITE_LANGUAGES")
    i18n = config.plugins.get("i18n")
    if only and i18n:
        for language in i18n.config.languages:
            language.build = language.locale in only.split(",")
    root = _root(config)
    for folder in ("snippets", "docsite"):
        if str(root / folder) not in config.watch:
            config.watch.append(str(root / folder))
    return config


class _Kept(set):
    """mkdocs-jupyter deletes, after each build, the rendered notebooks that build did not
    use; each edition is a build of its own, so each would delete the other's and render
    it again next time. Its cache is keyed by content: keep every entry."""

    def __contains__(self, item) -> bool:
        return True


@event_priority(-50)  # after mkdocs-jupyter's own on_pre_build, which resets its list
def on_pre_build(config):
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        jupyter._used_cache_paths = _Kept()
    prerender.prerender(_root(config))


@event_priority(-150)  # after the i18n plugin placed the pages of docs/ in this edition
def on_files(files, config):
    """Add what the build makes: the edition's notebooks and its claims ledger."""
    _assets.clear()
    _notebook_css.clear()
    _notebook_classes.clear()
    root, language = _root(config), _language(config)
    i18n = config.plugins["i18n"]
    try:
        made = notebooks.add_notebooks(root, config, language)
    except (pages.IncludeError, render.RenderError) as exc:
        raise PluginError(str(exc)) from None
    content = ledger.markdown(root, config.repo_url or "", language)
    folder = root / ".cache" / "generated"
    name = generated_files.edition_name(ledger.PAGE, language)
    (folder / name).parent.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(content, encoding="utf-8")
    for made_name in [*made, name]:
        file = generated_files.place(made_name, folder, config, i18n)
        files.append(file)
        # The i18n plugin's sitemap lists the pages it placed: these too.
        i18n.i18n_files_per_language.setdefault(language, []).append(file)
    return files


def _is_ledger(page) -> bool:
    return page.file.src_uri.split(".")[0] == ledger.PAGE.split(".")[0]


def on_page_markdown(markdown, page, config, files):
    root = _root(config)
    if not page.file.src_uri.endswith(".md") or _is_ledger(page):
        return markdown
    source = Path(page.file.abs_src_path)
    chinese = editions.language_of(source) == editions.CHINESE
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
        # Front-matter lines MkDocs removed, counted from the file (the i18n plugin, before
        # this hook, rejoins the lines and drops the last newline).
        raw = source.read_text(encoding="utf-8")
        offset = raw.count("\n") - get_data(raw)[0].count("\n")
        if chinese:  # anchors the ledger links to
            markdown = ledger.annotate_translation(markdown, source, root)
        else:
            markdown = ledger.annotate(markdown, source, offset, root)
        markdown = render.render(source, root, markdown, _assets, page_dir, offset)
    except (pages.IncludeError, render.RenderError) as exc:
        raise PluginError(str(exc)) from None
    markdown = _without_markers(markdown)
    if page.file.src_uri.startswith(f"{notebooks.FOLDER}/"):
        markdown = notebook_pages.with_banner(markdown, source, config.repo_url or "")
    if chinese:
        markdown = glossary_page.fill(markdown)
        if isinstance(page.meta.get("description"), str):
            # YAML's folded `>-` made each line break a space: between two Chinese characters,
            # none.
            page.meta["description"] = editions.without_spaces_in_chinese(page.meta["description"])
    return markdown


_MARKER = re.compile(
    r'^[ \t]*(<span class="claim-anchor"[^>]*></span>)?'
    r"<!--[ \t]*(?:claim:|all backends).*-->[ \t]*(?:\n|\Z)",  # the page's last line too
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
    if editions.language_of(page.file.src_uri) == editions.CHINESE:
        # Wrapped Chinese lines join without a space, on the page and in its search entry.
        page.content = editions.without_breaks_in_chinese(page.content)
    return context


# Material's search dialog has role="dialog" and no name (axe: aria-dialog-name).
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def _named_search_dialog(output: str, language: str = editions.DEFAULT) -> str:
    name = "搜索" if language == editions.CHINESE else "Search"
    return output.replace(_SEARCH_DIALOG, _SEARCH_DIALOG[:-1] + f' aria-label="{name}">', 1)


def on_post_template(output, template_name, config):
    """The 404 page is a template, not a page: it gets the same fix."""
    if template_name != "404.html":
        return output
    if _language(config) == editions.DEFAULT:
        _english_404[:] = [_named_search_dialog(output)]
    return _named_search_dialog(output, _language(config))


_ALTERNATE = re.compile(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">')
_CONFIG = re.compile(r'(<script id="__config" type="application/json">)(.*?)(</script>)', re.S)


def _absolute_alternates(output: str, page, config) -> str:
    """Material writes each language's alternate link relative to the page; search engines
    (and Lighthouse's hreflang audit) want absolute URLs."""
    here = (config.get("site_url") or "/").rstrip("/") + "/" + getattr(page, "url", "")
    return _ALTERNATE.sub(
        lambda m: f'<link rel="alternate" href="{urljoin(here, m[1])}" hreflang="{m[2]}">', output
    )


def _own_search(output: str) -> str:
    """Each edition searches its own pages: a zh page's search reads zh/search/ (written in
    on_post_build), so English and Chinese results do not mix."""

    def edit(match):
        settings = json.loads(match[2])
        settings["base"] = posixpath.join(settings["base"], editions.CHINESE) + "/"
        return match[1] + json.dumps(settings, ensure_ascii=False) + match[3]

    return _CONFIG.sub(edit, output, count=1)


def on_post_page(output, page, config):
    output = _named_search_dialog(output, _language(config))
    output = _absolute_alternates(output, page, config)
    if _language(config) == editions.CHINESE:
        output = _own_search(output)
    output = notebook_pages.without_mathjax(output)
    output = code_breaks.in_tables(output)  # after the search index took the page's text
    if not page.file.src_uri.endswith(".ipynb"):
        return output
    href = get_relative_url(notebook_pages.SHARED_CSS, page.url)
    output, css = notebook_pages.slim(output, href)
    if css:
        _notebook_css.append(css)
    _notebook_classes.update(notebook_pages.used_classes(output))
    return output


def _write_assets(config):
    site = Path(config.site_dir)
    if _notebook_css:  # one shared file, with only the rules the notebook pages can use
        _assets[notebook_pages.SHARED_CSS] = notebook_pages.purge(
            _notebook_css[0], _notebook_classes
        )
    for path, svg in _assets.items():
        target = site / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(svg, encoding="utf-8")


@event_priority(-200)  # after the i18n plugin wrote one search index for both editions
def _split_search(config):
    """Each edition searches its own pages (English search as before): the root index keeps
    the English entries, zh/search/search_index.json gets the Chinese ones."""
    i18n = config.plugins.get("i18n")
    index = Path(config.site_dir) / "search" / "search_index.json"
    if i18n is None or i18n.building or not index.is_file():
        return  # an edition's own build: the i18n plugin writes the index once both are built
    if _english_404:  # the Chinese build wrote its own over it: GitHub Pages serves this one
        (Path(config.site_dir) / "404.html").write_text(_english_404[0], encoding="utf-8")
    data = json.loads(index.read_text(encoding="utf-8"))
    zh = editions.prefix(editions.CHINESE)
    chinese = [
        dict(doc, location=doc["location"][len(zh) :])
        for doc in data["docs"]
        if doc["location"].startswith(zh)
    ]
    data["docs"] = [doc for doc in data["docs"] if not doc["location"].startswith(zh)]
    index.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    if chinese:
        target = Path(config.site_dir) / zh / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(
            json.dumps({**data, "docs": chinese}, ensure_ascii=False), encoding="utf-8"
        )


on_post_build = CombinedEvent(_write_assets, _split_search)
