"""The site's search, as readers use it (Material's search, in the built site, in Chromium):
a word finds its page once; an error message pasted from a traceback finds its entry in
Troubleshooting first; a name from code, such as `loss_weights`, finds the page that uses it.
The claims ledger, which repeats every claim sentence, is kept out of the index."""

import json
import re
from urllib.parse import urlparse

import pytest

from docsite.browser import DESKTOP, recording

TROUBLESHOOTING = "reference/troubleshooting/"


def search(page, base_url, query: str, edition: str = "") -> list[list[str]]:
    """Type `query` into the search box of the edition's home ("" or "zh/"); the results, one
    list of "path#anchor" links per result (a page, then its matching sections). A page that
    is already the edition's home is reused: its search index is built once (loading a page
    builds it again, which costs more than the searches), and its box is emptied first, so
    only this query's results are read."""
    box = page.locator(".md-search__input")
    if urlparse(page.url).path != urlparse(base_url + edition).path:
        page.goto(base_url + edition)
    box.click()
    box.fill("")
    page.locator(".md-search-result__item").first.wait_for(state="detached")
    # The whole query at once, then a key, as a reader pastes a message or an input method
    # enters a Chinese word (typed a letter at a time, each prefix would be searched too, and
    # its results could be the ones read).
    box.fill(query)
    box.press("End")
    page.locator(".md-search-result__item").first.wait_for()
    results = page.eval_on_selector_all(
        ".md-search-result__list > .md-search-result__item",
        "items => items.map(i => [...i.querySelectorAll('a.md-search-result__link')]"
        ".map(l => l.href))",
    )
    home = urlparse(base_url).path
    return [
        [
            urlparse(link).path.removeprefix(home)
            + (f"#{urlparse(link).fragment}" if urlparse(link).fragment else "")
            for link in links
        ]
        for links in results
    ]


@pytest.fixture(scope="module")
def searcher(browser, base_url):
    """`searcher(edition)`: one tab per edition for the whole module, on that edition's home,
    for the searches that only read results (a test that opens a result uses its own tab)."""
    contexts, tabs = [], {}

    def tab_for(edition: str = ""):
        if edition not in tabs:
            contexts.append(browser.new_context(viewport=DESKTOP))
            tabs[edition] = recording(contexts[-1].new_page(), base_url)
        return tabs[edition]

    yield tab_for
    for context in contexts:
        context.close()


def flat(results: list[list[str]]) -> list[str]:
    return [link for links in results for link in links]


@pytest.mark.parametrize(
    "query, page_path",
    [
        ("Functional", "tutorials/first-functional-model/"),
        ("autoencoder", "tutorials/autoencoder/"),
        ("siamese", "how-to/share-a-layer/"),
        ("Invalid filepath extension", TROUBLESHOOTING),
    ],
)
def test_search_finds_each_passage_once_and_opens_its_page(tab, base_url, query, page_path):
    page = tab()
    found = flat(search(page, base_url, query))
    assert page_path in found, found  # the page itself is a result
    assert not [link for link in found if "-notebook/" in link]  # notebooks repeat tutorials
    assert not [link for link in found if "claims-ledger" in link]  # so does the ledger
    assert len(found) == len(set(found)), found
    page.locator(".md-search-result__link").nth(found.index(page_path)).click()
    page.wait_for_url(f"{base_url}{page_path}**")
    assert query.lower() in page.locator("article").inner_text().lower()


# Each message on the troubleshooting page, as a reader copies it from a traceback (up to the
# names and numbers that differ from program to program), and the entry that explains it.
PASTED = [
    ("UserWarning: Do not pass an `input_shape`/`input_dim` argument to a layer", "input-dim"),
    ("ValueError: Unrecognized keyword arguments passed to Model", "model-keywords"),
    # One message, two entries: the general case, and a layer inside a nested model.
    (
        "ValueError: Output with path `` is not connected to `inputs`",
        "not-connected nested-not-connected",
    ),  # fmt: skip
    ("ValueError: Graph disconnected: cannot obtain value for tensor", "graph-disconnected"),
    ("Graph disconnected: cannot find parent for tensor", "graph-disconnected"),
    ("A KerasTensor cannot be used as input to a TensorFlow function", "tensorflow-function"),
    ("has never been called and thus has no defined input", "sequential-input"),
    ("AttributeError: 'Sequential' object has no attribute 'input'", "sequential-input"),
    ("You tried to call `count_params` on layer", "count-params"),
    ("AttributeError: 'Dense' object has no attribute 'get_output_at'", "get-output-at"),
    (
        "expected axis -1 of input shape to have value 128, but received input with shape "
        "(None, 32)",
        "deep-decoder",
    ),  # fmt: skip
    (
        "is incompatible with the layer: expected axis -1 of input shape to have value 784, but "
        "received input with shape (None, 64)",
        "deep-decoder",
    ),  # fmt: skip
    ("ValueError: Invalid filepath extension for saving", "save-extension"),
    ("A merge layer should be called on a list of inputs", "merge-in-sequential"),
    ("NameError: name 'encoded_imgs' is not defined", "encoded-imgs"),
    (
        "TypeError: Layer.__init__() takes 1 positional argument but 2 were given",
        "model-positional",
    ),
    (  # the same mistake with `name="encoder"`: Python's message then goes on differently
        "TypeError: Layer.__init__() takes 1 positional argument but 2 positional arguments "
        "(and 1 keyword-only argument) were given",
        "model-positional",
    ),
    (
        "A KerasTensor is symbolic: it's a placeholder for a shape an a dtype",
        "kerastensor-symbolic",
    ),
    ("Sequential model 'sequential' has no defined inputs yet", "no-defined-inputs"),
    ("has already been configured to use input shape", "second-input"),
]
FIRST_SECTIONS = 3  # the entry among the first sections of the first result


@pytest.mark.parametrize("message, entry", PASTED)
def test_a_pasted_error_message_finds_its_troubleshooting_entry(searcher, base_url, message, entry):
    results = search(searcher(), base_url, message)
    first = results[0]
    assert first[0].split("#")[0] == TROUBLESHOOTING, results[:3]
    sections = first[:FIRST_SECTIONS]
    assert any(f"{TROUBLESHOOTING}#{one}" in sections for one in entry.split()), first


def test_every_message_of_the_troubleshooting_table_is_pasted_here(site):
    """The list above covers the page: each entry linked from the page's table of messages."""
    html = (site / TROUBLESHOOTING / "index.html").read_text(encoding="utf-8")
    table = html.split("<table>", 1)[1].split("</table>", 1)[0]
    linked = set(re.findall(r'href="#([\w-]+)"', table))
    assert linked <= {one for _message, entry in PASTED for one in entry.split()}, linked


@pytest.mark.parametrize(
    "name, page_path",
    [
        ("loss_weights", "how-to/multiple-inputs-outputs/"),
        ("add_weight", "how-to/custom-layers/"),
        ("get_layer", "how-to/extract-submodels/"),
    ],
)
def test_a_name_from_code_finds_the_page_that_uses_it(searcher, base_url, name, page_path):
    results = search(searcher(), base_url, name)
    assert page_path in [links[0].split("#")[0] for links in results[:FIRST_SECTIONS]], results


def test_the_claims_ledger_is_not_in_the_search_index(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert "reference/claims-ledger/" not in locations
    # Negative control: the pages it quotes are.
    assert TROUBLESHOOTING in locations and "tutorials/autoencoder/" in locations


# The Chinese edition's search: the text is cut into words by jieba at build time, a query by
# the browser; each edition searches its own index (docsite/hooks.py).
@pytest.mark.parametrize(
    "query, right",
    [
        # The site's question (函数式 API in the home page's title), then the tutorial.
        ("函数式", ["zh/", "zh/tutorials/first-functional-model/"]),
        ("自编码器", ["zh/tutorials/autoencoder/"]),
        # Sharing a layer, and the explanation of shared weights.
        ("共享", ["zh/how-to/share-a-layer/", "zh/explanation/layers-calls-shared-weights/"]),
    ],
)
def test_a_chinese_search_finds_the_right_pages_first(searcher, base_url, query, right):
    page = searcher("zh/")
    results = [links[0].split("#")[0] for links in search(page, base_url, query, "zh/")]
    assert results[0] in right, results[:5]
    assert set(right) <= set(results[:4]), results[:5]
    assert all(result.startswith("zh/") for result in results), results  # its own edition
    assert page.errors == [] and page.foreign == [], (page.errors, page.foreign)


def test_an_english_search_finds_only_english_pages(searcher, base_url):
    page = searcher()
    results = flat(search(page, base_url, "Sequential"))
    assert results and not [link for link in results if link.startswith("zh/")], results
    assert page.errors == [] and page.foreign == [], (page.errors, page.foreign)
