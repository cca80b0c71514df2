"""The Chinese edition in the built site: every page at /zh/ beside its English twin, in
Chinese (`<html lang="zh">`), linked both ways by absolute `hreflang` alternates and by the
language selector; the same code, outputs, figures and diagrams, from one run of each page's
code; its own search index; its notebooks. (The parity of the sources is tests/
test_translations.py; the browser checks of every zh page are tests/test_browser.py's.)"""

import json
import re
from pathlib import Path
from urllib.parse import urljoin

import nbformat
import pytest
from mkdocs.utils.meta import get_data

from conftest import ROOT
from docsite import editions, pages, render, serve
from docsite.browser import site_pages

ENGLISH = [path for path in site_pages() if not path.startswith("zh/")]
TUTORIALS = sorted(p.stem for p in pages.pages(ROOT) if p.parent.name == "tutorials")


def html(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def alternates(page: str) -> dict[str, str]:
    found = re.findall(r'<link rel="alternate" href="([^"]*)" hreflang="([^"]*)">', page)
    return {language: href for href, language in found}


def selector(page: str) -> dict[str, str]:
    found = re.findall(r'<a href="([^"]*)" hreflang="([^"]*)" class="md-select__link">', page)
    return {language: href for href, language in found}


@pytest.mark.parametrize("path", ENGLISH)
def test_each_page_has_its_chinese_twin_linked_both_ways(site, path):
    address = serve.site_address(site)
    english, chinese = html(site, path), html(site, f"zh/{path}")
    assert '<html lang="en"' in english and '<html lang="zh"' in chinese
    # Search engines: absolute alternates, each edition naming both (Lighthouse's hreflang
    # audit fails relative ones).
    expected = {"en": address + path, "zh": address + "zh/" + path}
    assert alternates(english) == expected == alternates(chinese)
    # Readers: the language selector goes to the same page in the other edition.
    assert urljoin(expected["en"], selector(english)["zh"]) == expected["zh"]
    assert urljoin(expected["zh"], selector(chinese)["en"]) == expected["en"]
    # Negative control: the two pages are not the same text.
    assert english != chinese


def code_and_outputs(page: str) -> list[str]:
    """Every code block and output box (each a <pre>), and every figure and diagram drawn."""
    blocks = re.findall(r"<pre[^>]*>.*?</pre>", page, re.S)
    images = re.findall(r'<img src="((?:figure|diagram)-[0-9a-f]+\.svg)"', page)
    return blocks + images


@pytest.mark.parametrize("path", [p for p in ENGLISH if "claims-ledger" not in p])
def test_a_chinese_page_shows_the_same_code_outputs_figures_and_diagrams(site, path):
    """One source of code and of everything generated: the zh page's blocks are its English
    twin's, byte for byte (code comments stay in English), its figures the same files."""
    english, chinese = html(site, path), html(site, f"zh/{path}")
    assert code_and_outputs(chinese) == code_and_outputs(english)
    # Negative control: the pages that have code have it here.
    if path.startswith("tutorials/"):
        assert code_and_outputs(english)


def fences(page: Path):
    body, _meta = get_data(page.read_text(encoding="utf-8"))
    return render.fences(page, ROOT, body)


@pytest.mark.parametrize("page", pages.pages(ROOT), ids=lambda p: pages.rel(p))
def test_each_pages_code_runs_once_whatever_the_number_of_languages(page):
    """The build runs a page's code once (docsite/render.py caches it by code, not by
    language): the zh page asks for exactly the English page's run."""
    twin = page.with_name(f"{page.stem}.zh.md")
    assert render.cache_key(ROOT, fences(twin)) == render.cache_key(ROOT, fences(page))


def test_the_cache_key_still_tells_code_apart():
    """Negative control of the test above: different code is a different run."""
    autoencoder, residual = (
        ROOT / "docs/tutorials/autoencoder.zh.md",
        ROOT / "docs/how-to/residual-block.zh.md",
    )
    assert render.cache_key(ROOT, fences(autoencoder)) != render.cache_key(ROOT, fences(residual))


def test_each_edition_searches_its_own_pages(site):
    english = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    chinese = json.loads((site / "zh/search/search_index.json").read_text(encoding="utf-8"))
    en_pages = {doc["location"].split("#")[0] for doc in english["docs"]}
    zh_pages = {doc["location"].split("#")[0] for doc in chinese["docs"]}
    assert not [p for p in en_pages if p.startswith("zh/")]
    assert "tutorials/autoencoder/" in en_pages and "tutorials/autoencoder/" in zh_pages
    assert "reference/glossary/" in zh_pages and "reference/glossary/" not in en_pages
    # Negative control: the same page is in Chinese in one index and in English in the other.
    title = {doc["location"]: doc["title"] for doc in chinese["docs"]}["tutorials/autoencoder/"]
    assert re.search("[\u4e00-\u9fff]", title)
    assert not re.search("[\u4e00-\u9fff]", " ".join(doc["title"] for doc in english["docs"]))


def test_the_sitemap_lists_both_editions_with_their_alternates(site):
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    address = serve.site_address(site)
    for path in ("", "tutorials/autoencoder/"):
        for language, prefix in (("en", ""), ("zh", "zh/")):
            assert f'hreflang="{language}" href="{address}{prefix}{path}"' in sitemap


@pytest.mark.parametrize("tutorial", TUTORIALS)
def test_each_chinese_tutorial_has_its_own_notebook_with_the_same_code(site, tutorial):
    name = f"{tutorial}-notebook"
    english = nbformat.read(site / "tutorials" / name / f"{name}.ipynb", as_version=4)
    chinese = nbformat.read(site / "zh" / "tutorials" / name / f"{name}.zh.ipynb", as_version=4)
    nbformat.validate(chinese)
    code = lambda notebook: [c.source for c in notebook.cells if c.cell_type == "code"]  # noqa: E731
    outputs = lambda notebook: [c.outputs for c in notebook.cells if c.cell_type == "code"]  # noqa: E731
    assert code(chinese) == code(english) and outputs(chinese) == outputs(english)
    prose = " ".join(c.source for c in chinese.cells if c.cell_type == "markdown")
    assert "在 Colab 中打开" in prose and "下载这个 notebook" in prose
    assert f"zh/tutorials/{tutorial}/" in prose  # "read it as a page": the Chinese page
    page = html(site, f"zh/tutorials/{tutorial}")
    assert f"{name}.zh.ipynb" in page and "下载 notebook" in page and "查看 notebook" in page
    colab = re.search(r'href="(https://colab[^"]+)"', page)[1]
    assert colab.endswith(f"/blob/gh-pages/zh/tutorials/{name}/{name}.zh.ipynb")


def test_the_claims_ledger_speaks_chinese_on_the_chinese_site_and_links_its_pages(site):
    ledger = html(site, "zh/reference/claims-ledger")
    assert "论断清单" in ledger and "论断，及证明它的测试" in ledger
    anchors = re.findall(r'href="\.\./\.\./tutorials/autoencoder/#(claim-[\w-]+)"', ledger)
    page = html(site, "zh/tutorials/autoencoder")
    assert anchors and all(f'id="{anchor}"' in page for anchor in anchors)


def test_the_glossary_page_lists_the_terms_the_check_enforces(site):
    from docsite import glossary_page

    page = html(site, "zh/reference/glossary")
    for term in glossary_page.terms():
        assert term["zh"] in page
    assert "<!-- glossary -->" not in page


def test_the_404_page_points_chinese_readers_to_their_edition(site):
    """GitHub Pages serves the root 404.html for every missing address, /zh/ ones included."""
    root = (site / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in root
    assert re.search(r'<p lang="zh">[^<]*<a href="[^"]*/zh/">中文版首页</a>', root)


# A line break a browser would show as a space: between two Chinese characters, after a
# Chinese punctuation mark, or between a link with Chinese text and a Chinese character.
_SHOWN_AS_SPACE = re.compile(
    "[\u4e00-\u9fff]\n[\u4e00-\u9fff]|[，。、；：）]\n\\S|[\u4e00-\u9fff]</a>\n[\u4e00-\u9fff]|\\S\n[（“]"
)


def test_chinese_lines_join_without_a_space(site):
    """A source line break inside Chinese prose is no space on any zh page."""
    page = html(site, "zh/tutorials/autoencoder")
    paragraphs = re.findall(r"<p>(.*?)</p>", page.split("<article", 1)[1], re.S)
    assert len(paragraphs) > 20
    for path in sorted((site / "zh").rglob("index.html")):
        article = path.read_text(encoding="utf-8").split("<article", 1)[-1]
        prose = re.sub(r"<pre\b.*?</pre>", "", article, flags=re.S)
        assert _SHOWN_AS_SPACE.findall(prose) == [], path
    # The rule, on planted lines: a Chinese word then a Latin one keeps its space (使用 Keras),
    # and a code block keeps its lines.
    planted = (
        "<p>代替它。\n每个像素，\nAdam、\nAdadelta 见<a href='#x'>上一条目</a>\n的说明框，\n"
        "<code>x</code> 使用\nKeras <code>y</code>\n（注）</p><pre><code>中\n文。\nx</code></pre>"
    )
    assert editions.without_breaks_in_chinese(planted) == (
        "<p>代替它。每个像素，Adam、Adadelta 见<a href='#x'>上一条目</a>的说明框，"
        "<code>x</code> 使用\nKeras <code>y</code>（注）</p><pre><code>中\n文。\nx</code></pre>"
    )
    # The description too (YAML folds its lines with spaces), and spaces around Latin stay.
    description = re.search(r'<meta name="description" content="([^"]*)"', page)[1]
    assert not re.search("[\u4e00-\u9fff] [\u4e00-\u9fff]", description), description
    assert "\n" not in description and " " in description
    # Negative control: the source has such breaks.
    source = (ROOT / "docs/tutorials/autoencoder.zh.md").read_text(encoding="utf-8")
    assert re.search("[\u4e00-\u9fff，。]\n[\u4e00-\u9fff]", source)


def test_a_chinese_diagrams_alt_text_names_the_model_in_chinese_quotation_marks(site):
    page = html(site, "zh/tutorials/autoencoder")
    alts = re.findall(r'alt="(Keras 模型[^"]*)"', page)
    assert len(alts) >= 3, alts
    assert all(re.match("Keras 模型“[^”']+”", alt) for alt in alts), alts
    assert any(alt.startswith("Keras 模型“autoencoder”的结构图") for alt in alts), alts
    # Negative control: the English page quotes as English does.
    english = html(site, "tutorials/autoencoder")
    assert "Diagram of the Keras model 'autoencoder'" in english
