"""Files the build makes, each tutorial's notebook and the claims ledger, placed in the edition
being built the way the i18n plugin (mkdocs-static-i18n) places the pages of docs/: under
zh/ for the Chinese edition, reachable by the English file name from a page's links, and
with the alternates Material's language switcher uses. The plugin itself only places files
that live in docs/, and these are written under .cache/ (nothing generated is committed).
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from types import SimpleNamespace

from mkdocs.structure.files import File
from mkdocs_jupyter.plugin import NotebookFile
from mkdocs_static_i18n import suffix

from docsite import editions


def edition_name(name: str, language: str) -> str:
    """ "reference/claims-ledger.md" in `language`: "reference/claims-ledger.zh.md" for zh."""
    path = PurePosixPath(name)
    stem = path.stem.removesuffix(f".{editions.CHINESE}")
    tail = "" if language == editions.DEFAULT else f".{language}"
    return str(path.with_name(f"{stem}{tail}{path.suffix}"))


def place(name: str, folder: Path, config, i18n) -> File:
    """The file `folder/name` as a file of the edition being built, with its alternates."""
    language = config.theme.get("language") or editions.DEFAULT
    where = SimpleNamespace(
        docs_dir=str(folder),
        site_dir=config.site_dir,
        use_directory_urls=config.use_directory_urls,
    )

    def made(for_language: str) -> File:
        raw = File(
            edition_name(name, for_language),
            str(folder),
            config.site_dir,
            config.use_directory_urls,
        )
        return suffix.create_i18n_file(
            raw, for_language, i18n.default_language, i18n.all_languages, where
        )

    page = (lambda file: _as_notebook_page(file, config)) if name.endswith(".ipynb") else None
    file = page(made(language)) if page else made(language)
    file.alternates = {
        other: page(made(other)) if page else made(other) for other in i18n.build_languages
    }
    file.alternates[language] = file
    return file


def _as_notebook_page(file: File, config) -> File:
    """mkdocs-jupyter's page for a notebook, at <name>/ beside the tutorial (in the edition's
    folder: the wrapper alone would put it at the root)."""
    page = NotebookFile(file, **config)
    base = PurePosixPath(file.dest_uri).with_suffix("")
    page.dest_path = f"{base}/index.html" if config.use_directory_urls else f"{base}.html"
    page.abs_dest_path = os.path.normpath(os.path.join(config.site_dir, page.dest_path))
    page.url = f"{base}/" if config.use_directory_urls else f"{base}.html"
    return page
