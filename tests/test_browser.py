"""The site as readers meet it: the strict build, served on 127.0.0.1 as GitHub Pages serves
it, driven in the system's Chromium (scripts/setup.sh installs it) through Playwright.

Every page, in light and dark mode: no request to another host, no console error, no axe-core
violation (axe from npm, injected into the page), no code block that scrolls sideways at a
1280 px desktop width; and on a 390 px phone, no table of the main line wider than the page and
no name in a table broken mid-word. Then what readers do: switch a tab, copy a code block,
search, change the colour scheme, download a notebook.
"""

import json
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import nbformat
import pytest

from conftest import ROOT
from docsite import pages, serve
from docsite.browser import axe_violations, check_pages, site_pages

TUTORIALS = sorted(p.stem for p in pages.pages(ROOT) if p.parent.name == "tutorials")
PAGES = site_pages()  # both editions
ENGLISH = [path for path in PAGES if not path.startswith("zh/")]


def test_the_sitemap_lists_exactly_the_pages_checked_here(site):
    listed = re.findall(r"<loc>(.*?)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    home = min(listed, key=len)  # the site_url itself
    assert sorted(loc.removeprefix(home) for loc in listed) == sorted(PAGES)


@pytest.mark.parametrize("path", PAGES)
def test_a_page_loads_only_from_this_site_without_errors_and_passes_axe(page_check, path):
    """In light and dark mode: no request to another host, no console error, no axe-core
    violation, no code block wider than its column; on a phone, tables that fit and names in
    them unbroken (docsite/browser.py, run in the background from the browser group's first
    test on: tests/conftest.py)."""
    assert page_check(path) == [], path


PLANTED = """<!doctype html><html lang="en"><head><title>Planted</title>
<link rel="icon" href="data:,"><style>
  main { width: 300px; } pre { overflow-x: auto; } code { display: block; }
  [data-md-color-scheme="slate"] .dim { color: #444; background: #222; }
</style></head><body data-md-color-scheme="default"><main><h1>Planted</h1>
<p class="dim">Readable on white, not on the dark background.</p>
<img src="favicon.svg" width="8" height="8">
<pre><code>a_line_of_code_much_wider_than_the_column_it_sits_in_so_the_block_scrolls</code></pre>
<img src="http://127.0.0.2:65000/elsewhere.png" alt="from another host">
<article><table><tr><td><code>a_name_too_wide_for_a_phone_so_its_table_is_too_wide</code></table>
<table style="width: 60px"><tr><td><code style="overflow-wrap: anywhere">load_model</code></table>
<details><table><tr><td><code>a_table_in_a_box_may_scroll_in_its_own_frame_on_a_phone</code></table>
</details></article>
<script>console.error("planted error")</script></main></body></html>"""


def test_the_page_check_finds_each_kind_of_problem(tmp_path):
    """The negative control of the check above (docsite/browser.py), on a planted page that
    breaks each rule once: an image without alt text (light mode), text that only dark mode
    makes unreadable, a code block that scrolls sideways, a request to another host, a console
    error, on a phone a table wider than the page and code in a table broken inside a name; a
    page that opens in dark mode; and a clean page, checked after them in the same tab, passes
    (a wide table in a collapsed box, which may scroll in its frame, included)."""
    for folder in ("planted", "dark", "clean"):  # with an image that loads: the site's icon
        (tmp_path / folder).mkdir()
        shutil.copy(ROOT / "docs" / "assets" / "favicon.svg", tmp_path / folder)
    (tmp_path / "planted" / "index.html").write_text(PLANTED, encoding="utf-8")
    clean = PLANTED.replace('<img src="favicon.svg"', '<img src="favicon.svg" alt="the icon"')
    for remove in ("dim", "a_line_of_code_much_wider_than_the_column_it_sits_in_so_the_",
                   '<img src="http://127.0.0.2:65000/elsewhere.png" alt="from another host">',
                   '<script>console.error("planted error")</script>',
                   "<table><tr><td><code>a_name_too_wide_for_a_phone_so_its_table_is_too_wide"
                   "</code></table>", ' style="overflow-wrap: anywhere"'):  # fmt: skip
        clean = clean.replace(remove, "")
    (tmp_path / "clean" / "index.html").write_text(clean, encoding="utf-8")
    dark = clean.replace('data-md-color-scheme="default"', 'data-md-color-scheme="slate"')
    (tmp_path / "dark" / "index.html").write_text(dark, encoding="utf-8")
    # In a thread of its own, as the page checks run (this worker's thread has its Playwright).
    with ThreadPoolExecutor(max_workers=1) as pool:
        found = pool.submit(check_pages, tmp_path, ["planted/", "dark/", "clean/"]).result()
    problems = "\n".join(found["planted/"])
    assert re.search(r"^light mode: image-alt: ", problems, re.M), problems
    assert re.search(r"^dark mode: color-contrast: p ", problems, re.M), problems
    assert "light mode: color-contrast" not in problems  # the dim text is fine on white
    assert re.search(r"^scrolls sideways: \d+px in \d+px: a_line_of_code", problems, re.M)
    assert "request to another host: http://127.0.0.2:65000/elsewhere.png" in problems
    assert "console error: planted error" in problems
    assert re.search(r"^on a phone: a table \d+px wide in \d+px: a_name_too_wide", problems, re.M)
    assert "on a phone: code breaks inside a name: load_model" in problems
    assert "a_table_in_a_box" not in problems
    assert found["dark/"] == ["does not open in light mode"], found["dark/"]
    assert found["clean/"] == [], found["clean/"]


def test_a_missing_page_points_the_reader_to_search_and_the_map(tab, base_url, site):
    """The 404 page at a wrong address: it says what happened, its search button opens the
    search box, its map links every page of the navigation, and it passes axe like every
    other page (its search dialog named too), with no console error or foreign request."""
    home = serve.site_prefix(site)
    for wrong in ("no/such/page/", home.lstrip("/") + "how-to/no-such-guide/"):
        page = tab()
        failed = []
        page.on("response", lambda r, failed=failed: r.status >= 400 and failed.append(r.url))
        response = page.goto(base_url + wrong)
        assert response.status == 404, wrong
        assert failed == [base_url + wrong]  # the address itself, and nothing the page loads
        # Chromium logs the 404 status of the address itself as a console error: that one only.
        assert page.errors == ["Failed to load resource: the server responded with a status "
                               "of 404 (Not Found)"], page.errors  # fmt: skip
        article = page.locator("article").inner_text()
        assert "404" in article and "Page not found" in article and "search" in article.lower()
        assert page.locator(".md-nav").count() > 0  # with the site's navigation too
        assert axe_violations(page) == [], wrong
        assert page.foreign == [], page.foreign
        linked = page.eval_on_selector_all("article a", "links => links.map(l => l.href)")
        paths = {urlparse(link).path.removeprefix(home) for link in linked}
        assert set(ENGLISH) - {p for p in PAGES if "-notebook/" in p} <= paths | {""}, paths
        assert "zh/" in paths  # and the Chinese edition, for readers of the other language
        for link in linked:  # and they lead to the pages, under the site's address
            assert page.request.get(link).status == 200, link
        page.get_by_role("button", name="search the site").click()
        assert page.evaluate("document.getElementById('__search').checked")
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    # Negative control: a real page is not the 404 page.
    assert "Page not found" not in tab().goto(base_url).text()


PHONE = {"width": 390, "height": 844}


def test_on_a_phone_the_first_screen_shows_the_question_and_the_short_answer(tab, base_url):
    """At 390 x 844, without scrolling: the site's question, the Stack Overflow box (closed,
    its three problems one click away) and the start of the short answer."""
    page = tab(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(base_url)
    question = page.locator("article p", has_text='So what does "non-sequential" mean')
    answer = page.locator("article h2#the-short-answer + p")
    box = page.locator("article details.tip")
    assert box.count() == 1 and not box.evaluate("d => d.open")
    fold = PHONE["height"]
    for part in (question, box, answer):
        top = part.bounding_box()["y"]
        assert top + 24 <= fold, (part, top)  # at least its first line on the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box.locator("summary").click()
    assert box.locator("li").count() == 3 and box.locator("li").first.is_visible()
    # Negative control: the end of the page is below the first screen.
    assert page.locator("article h2#map-of-the-site").bounding_box()["y"] > fold


def test_on_a_phone_the_chinese_home_shows_the_question_and_the_short_answer(tab, base_url):
    page = tab(viewport=PHONE, is_mobile=True, has_touch=True)
    page.goto(base_url + "zh/")
    question = page.locator("article p", has_text="“非顺序”究竟指什么")
    answer = page.locator("article h2#the-short-answer + p")
    box = page.locator("article details.tip")
    assert box.count() == 1 and not box.evaluate("d => d.open")
    for part in (question, box, answer):
        assert part.bounding_box()["y"] + 24 <= PHONE["height"], part
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.locator("article h2#map-of-the-site").bounding_box()["y"] > PHONE["height"]


@pytest.mark.parametrize(
    "path", ["", "tutorials/autoencoder/", "reference/troubleshooting/", "reference/claims-ledger/",
             "tutorials/autoencoder-notebook/"],
)  # fmt: skip
def test_the_language_selector_round_trips_to_the_same_page(tab, base_url, site, path):
    """Chosen in the header, 简体中文 opens this page's Chinese twin, and English brings the
    reader back (every page's selector links are checked in tests/test_chinese_edition.py).
    Opened at the site's own address (/<repository>/), as GitHub Pages serves it: Material
    finds the page's twin in the sitemap by that address."""
    page = tab()
    prefix = serve.site_prefix(site)
    page.goto(base_url + prefix.lstrip("/") + path)
    for language, target in (("zh", "zh/" + path), ("en", path)):
        page.locator(".md-header__option .md-select").hover()
        page.locator(f'.md-select__link[hreflang="{language}"]').click()
        page.wait_for_function(f"document.documentElement.lang === '{language}'")
        here = urlparse(page.url).path
        assert here == prefix + target
    assert page.foreign == [] and page.errors == [], (page.foreign, page.errors)


def test_the_language_selector_keeps_the_section_the_reader_is_at(tab, base_url, site):
    """Both editions give a heading the same id: switching language from a section opens the
    other edition at that section, not at the top of the page."""
    page = tab()
    prefix = serve.site_prefix(site)
    page.goto(base_url + prefix.lstrip("/") + "reference/troubleshooting/#encoded-imgs")
    for language, target in (
        ("zh", "zh/reference/troubleshooting/"),
        ("en", "reference/troubleshooting/"),
    ):
        page.locator(".md-header__option .md-select").hover()
        page.locator(f'.md-select__link[hreflang="{language}"]').click()
        page.wait_for_function(f"document.documentElement.lang === '{language}'")
        page.wait_for_load_state("load")  # extra.js, at the end of the body, has run
        here = urlparse(page.url)
        assert (here.path, here.fragment) == (prefix + target, "encoded-imgs")
        top = page.locator("#encoded-imgs").bounding_box()["y"]
        assert 0 <= top < page.viewport_size["height"], top  # the section is on screen
    # Negative control: from the top of a page, the other edition opens at its top.
    page.goto(base_url + prefix.lstrip("/") + "reference/troubleshooting/")
    page.locator(".md-header__option .md-select").hover()
    page.locator('.md-select__link[hreflang="zh"]').click()
    page.wait_for_function("document.documentElement.lang === 'zh'")
    page.wait_for_load_state("load")
    assert urlparse(page.url).fragment == "" and page.evaluate("window.scrollY") == 0
    assert page.foreign == [] and page.errors == [], (page.foreign, page.errors)


def tab_labels_checked(page, label: str) -> list[bool]:
    """For each tab set on the page that has a `label` tab: whether that tab is selected."""
    return page.evaluate(
        """label => [...document.querySelectorAll(".tabbed-set")].flatMap(set => {
             const tab = [...set.querySelectorAll(".tabbed-labels > label")]
               .find(l => l.textContent.trim() === label);
             return tab ? [document.getElementById(tab.htmlFor).checked] : [];
           })""",
        label,
    )


def test_choosing_a_tab_switches_every_linked_tab_and_is_remembered(tab, base_url, site):
    with_tabs = [
        path
        for path in PAGES
        if ">Functional</label>" in (site / path / "index.html").read_text(encoding="utf-8")
    ]
    assert len(with_tabs) >= 2, with_tabs
    page = tab()
    page.goto(base_url + with_tabs[0])
    assert not any(tab_labels_checked(page, "Functional"))  # Sequential comes first
    page.locator(".tabbed-labels > label", has_text="Functional").first.click()
    checked = tab_labels_checked(page, "Functional")
    assert checked and all(checked)
    for path in with_tabs[1:]:
        page.goto(base_url + path)
        checked = tab_labels_checked(page, "Functional")
        assert checked and all(checked), path
    # Negative control: a fresh reader (a new browser context) starts on the first tab.
    fresh = tab()
    fresh.goto(base_url + with_tabs[1])
    assert not any(tab_labels_checked(fresh, "Functional"))


def open_boxes(page) -> None:
    """Open every collapsed box, as a reader who clicks each one would."""
    page.evaluate("document.querySelectorAll('article details').forEach(d => d.open = true)")


def copied(page, block) -> str:
    block.hover()
    block.locator("button.md-code__button[data-md-type=copy]").click()
    return page.evaluate("navigator.clipboard.readText()")


def test_copy_buttons_copy_exactly_the_snippet_and_it_runs(tab, base_url, tmp_path):
    page = tab(permissions=["clipboard-read", "clipboard-write"])
    page.goto(base_url + "tutorials/autoencoder/")
    open_boxes(page)
    expected = [
        block.code.rstrip("\n") for block in pages.blocks(ROOT / "docs/tutorials/autoencoder.md")
    ]
    blocks = page.locator("article div.highlight:not(.doc-output)")  # outputs are not code
    assert blocks.count() == len(expected)
    for number, code in enumerate(expected):
        assert copied(page, blocks.nth(number)).rstrip("\n") == code, f"block {number + 1}"


def test_a_copied_snippet_runs_as_is_in_a_fresh_interpreter(tab, base_url, tmp_path):
    page = tab(permissions=["clipboard-read", "clipboard-write"])
    page.goto(base_url)
    snippet = ROOT / "snippets/answer/sequential_definition.py"
    text = copied(page, page.locator("article div.highlight:not(.doc-output)").first)
    assert text.rstrip("\n") == snippet.read_text(encoding="utf-8").rstrip("\n")
    run = subprocess.run([sys.executable, "-c", text], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert "Warning" not in run.stderr  # what a reader would see: nothing
    assert "25,120" in run.stdout
    assert list(tmp_path.iterdir()) == []  # and it leaves no file behind


def test_light_and_dark_mode_both_work_and_figures_follow(tab, base_url):
    page = tab("light")
    page.goto(base_url + "tutorials/autoencoder/")
    open_boxes(page)
    figures = page.locator(".doc-figure img, .doc-diagram img")
    assert figures.count() >= 6
    for number in range(figures.count()):  # they load lazily, when scrolled near
        figures.nth(number).scroll_into_view_if_needed()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.doc-figure img, .doc-diagram img')]"
        ".every(i => i.complete && i.naturalWidth > 0)"
    )
    scheme = lambda: page.evaluate("document.body.dataset.mdColorScheme")  # noqa: E731
    filters = lambda: figures.evaluate_all(  # noqa: E731
        "imgs => imgs.map(i => getComputedStyle(i).filter)"
    )
    assert scheme() == "default" and set(filters()) == {"none"}
    page.locator("label.md-header__button[title='Switch to dark mode']").click()
    assert scheme() == "slate"
    # Graphviz and matplotlib draw black on white: inverted on the dark background.
    assert all(f.startswith("invert(") for f in filters())
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background != "rgb(255, 255, 255)"
    page.reload()  # the choice is remembered
    assert scheme() == "slate"


@pytest.mark.parametrize("tutorial", TUTORIALS)
def test_a_tutorial_offers_its_notebook_download_colab_and_page(tab, base_url, site, tutorial):
    page = tab()
    page.goto(base_url + f"tutorials/{tutorial}/")
    name = f"{tutorial}-notebook.ipynb"
    with page.expect_download() as download:
        page.get_by_role("link", name="Download notebook").click()
    saved = Path(download.value.path())
    notebook = nbformat.read(saved, as_version=4)
    nbformat.validate(notebook)
    published = site / "tutorials" / f"{tutorial}-notebook" / name
    # The very file tests/test_render.py runs top to bottom in a fresh kernel.
    assert saved.read_bytes() == published.read_bytes()
    first_code = next(cell for cell in notebook.cells if cell.cell_type == "code")
    assert "%pip install" in first_code.source and "keras==" in first_code.source
    colab = page.get_by_role("link", name="Open in Colab").get_attribute("href")
    assert colab.startswith("https://colab.research.google.com/github/")
    assert colab.endswith(f"/blob/gh-pages/tutorials/{tutorial}-notebook/{name}")
    page.get_by_role("link", name="View the notebook").click()
    page.wait_for_url(f"**/tutorials/{tutorial}-notebook/")
    assert json.loads(published.read_text(encoding="utf-8"))["nbformat"] == 4
