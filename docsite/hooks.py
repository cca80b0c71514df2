"""MkDocs hooks: the build side of the glue (mkdocs.yml: `hooks: [docsite/hooks.py]`).

- every include is checked before rendering, so a missing file or section fails the build
  with the page, the line and the path;
- `snippets/` and `docsite/` are watched by `mkdocs serve`.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # MkDocs loads hooks by path

from mkdocs.exceptions import PluginError  # noqa: E402

from docsite import pages  # noqa: E402


def on_config(config):
    root = Path(config.config_file_path).resolve().parent
    for folder in ("snippets", "docsite"):
        if str(root / folder) not in config.watch:
            config.watch.append(str(root / folder))
    return config


def on_page_markdown(markdown, page, config, files):
    root = Path(config.config_file_path).resolve().parent
    source = Path(page.file.abs_src_path)
    try:
        pages.check_includes(source, root)
    except pages.IncludeError as exc:
        raise PluginError(str(exc)) from None
    return markdown
