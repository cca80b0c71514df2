"""The site's editions: English (the source, at the root) and 简体中文 (`docs/**/<page>.zh.md`,
published under /zh/). What the build writes around a page's content, in each language.
No Keras import; the ground layer, like docsite/pages.py.
"""

from __future__ import annotations

import re
from pathlib import Path

DEFAULT = "en"
CHINESE = "zh"
LANGUAGES = (DEFAULT, CHINESE)


def language_of(page: Path | str) -> str:
    """ "zh" for a page of the Chinese edition (`<page>.zh.md`, `<name>.zh.ipynb`), else "en"."""
    return CHINESE if f".{CHINESE}." in Path(page).name else DEFAULT


def stem(page: Path | str) -> str:
    """ "autoencoder" for tutorials/autoencoder.md and for tutorials/autoencoder.zh.md."""
    name = Path(page).name.rsplit(".", 1)[0]
    return name.removesuffix(f".{CHINESE}")


def english(page: Path) -> Path:
    """The English page a zh page translates."""
    page = Path(page)
    return page.with_name(f"{stem(page)}.md")


def prefix(language: str) -> str:
    """Where an edition is published under the site root: "" or "zh/"."""
    return "" if language == DEFAULT else f"{language}/"


WORDS = {
    DEFAULT: {
        "output": "Output",
        "drawn": "{name}, as Keras draws it (select it to enlarge)",
        "notebook_title": "{title} (notebook)",
        "download": "Download this notebook",
        "colab": "Open in Colab",
        "as_page": "Read it as a page",
        "tested": (
            "Tested with {listed}, on Python {python}. On Colab, the next cell installs these "
            "versions; elsewhere, install them yourself, e.g. with `pip install` and the same "
            "pins."
        ),
        "as_notebook": "{description}. As a Jupyter notebook.",
        "banner": "This tutorial is also a Jupyter notebook, made from the same code and outputs:",
        "banner_download": "Download notebook",
        "banner_view": "View the notebook",
    },
    CHINESE: {
        "output": "输出",
        "drawn": "Keras 绘制的 {name}（点击可放大）",
        "notebook_title": "{title}（notebook）",
        "download": "下载这个 notebook",
        "colab": "在 Colab 中打开",
        "as_page": "以网页形式阅读",
        "tested": (
            "测试环境：{listed}，Python {python}。在 Colab 上，下一个单元格会安装这些版本；"
            "在其他环境中，请自行安装，例如用 `pip install` 加上同样的版本号。"
        ),
        "as_notebook": "{description}。Jupyter notebook 版。",
        "banner": "本教程也是一个 Jupyter notebook，代码和输出与本页相同：",
        "banner_download": "下载 notebook",
        "banner_view": "查看 notebook",
    },
}


def words(page: Path | str) -> dict[str, str]:
    return WORDS[language_of(page)]


# Chinese prose is wrapped in the sources, and a browser shows each line break inside a
# paragraph as a space: 代替它。 每个像素 instead of 代替它。每个像素. Chromium does not drop
# it between Chinese characters (CSS Text 3's segment-break rule), so the build does.
_HAN = "\u2e80-\u2fff\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_MARKS = "\u3000-\u303f\uff00-\uffef\u201d\u2019"  # 。，、：（） and the closing quotes ” ’
_VERBATIM = re.compile(r"(<(pre|script|style|textarea)\b.*?</\2>)", re.DOTALL)
_BREAKS = [
    # between two Chinese characters, and after a Chinese punctuation mark whatever follows
    # (a Chinese character then a Latin word keeps its break: 使用 Keras is written spaced)
    (re.compile(rf"(?<=[{_HAN}])[ \t]*\n[ \t]*(?=[{_HAN}])"), ""),
    (re.compile(rf"(?<=[{_MARKS}])[ \t]*\n[ \t]*(?=[^\s<]|<(?:a|code|em|strong|span)\b)"), ""),
    # before an opening Chinese bracket or quotation mark, whatever comes before it
    (re.compile(r"(?<=\S)[ \t]*\n[ \t]*(?=[\uff08\u201c\u2018\u300a\u300c\u300e])"), ""),
    # around a link or emphasis whose text is Chinese, next to Chinese text
    (re.compile(rf"(?<=[{_HAN}])(</(?:a|strong|em)>)[ \t]*\n[ \t]*(?=[{_HAN}])"), r"\1"),
    (re.compile(rf"(?<=[{_HAN}])[ \t]*\n[ \t]*(?=<(?:a|strong|em)\b[^>]*>[{_HAN}])"), ""),
]


_SPACE = re.compile(rf"(?<=[{_HAN}]) (?=[{_HAN}])")


def without_spaces_in_chinese(text: str) -> str:
    """`text` (plain, such as a description YAML folded with spaces) with no space between two
    Chinese characters."""
    return _SPACE.sub("", text)


def without_breaks_in_chinese(html: str) -> str:
    """`html` with the line breaks of wrapped Chinese prose removed where they would show as
    a space; preformatted text (code blocks) and scripts untouched."""
    parts = _VERBATIM.split(html)
    # split() returns text, then each match's two groups: whole element, tag name
    for index in range(0, len(parts), 3):
        for pattern, replacement in _BREAKS:
            parts[index] = pattern.sub(replacement, parts[index])
    return "".join(part for index, part in enumerate(parts) if index % 3 != 2)
