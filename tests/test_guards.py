"""Each guard fails on a planted defect, with a message that names the file and the page.

Defects are planted in a temporary copy of the project; the real tree is never touched."""

import shutil
import sys
import types

import pytest

from conftest import mkdocs_build, warm_cache
from docsite import check, claim_wiring, claims, executor, hooks, notebook_pages, pages
from docsite.site_scan import third_party_loads


def add_page(project, name, body):
    page = project / "docs" / name
    page.write_text(f"# Planted\n\n{body}\n", encoding="utf-8")
    return page


def test_code_typed_into_a_page_is_caught(project):
    page = add_page(project, "typed.md", "```python\nprint('typed, not included')\n```")
    assert pages.typed_code(page, project) == [
        "docs/typed.md:3: a ```python block holds typed code "
        "(\"print('typed, not included')\"); put it in snippets/ and include it"
    ]


def test_code_typed_into_a_page_fails_the_build(project, built_site, tmp_path_factory):
    warm_cache(project)
    add_page(project, "typed.md", "```python\nprint('typed')\n```")
    result = mkdocs_build(project, tmp_path_factory.mktemp("site"))
    assert result.returncode != 0
    assert "docs/typed.md:3: a ```python block holds typed code" in result.stderr


def test_an_orphan_snippet_is_caught(project):
    (project / "snippets" / "answer" / "orphan.py").write_text("x = 1\n")
    assert pages.unused(project) == ["snippets/answer/orphan.py: no page includes this snippet"]


def test_a_skip_other_than_about_backend_is_caught(tmp_path):
    (tmp_path / "tests").mkdir()
    planted = (  # in capitals here, so that the check does not find them in this file
        "import pytest\n\n\n"
        "def test_about_one_backend():\n    about_backend('jax')\n\n\n"
        "@pytest.mark.XFAIL\ndef test_expected_to_fail():\n    pytest.SKIP('later')\n"
    )
    (tmp_path / "tests" / "test_planted.py").write_text(planted.lower())
    # The expected-failure mark (line 8) and the skip (line 10) are caught; about_backend
    # (line 5), the one way to skip, is not.
    assert [problem.split(": a skip")[0] for problem in check.skips(tmp_path)] == [
        "tests/test_planted.py:8",
        "tests/test_planted.py:10",
    ]


def test_a_test_that_trains_without_saying_why_is_caught(tmp_path):
    (tmp_path / "tests").mkdir()
    planted = (
        "def train(model):\n    model.fit(x, y)\n\n\n"
        "def test_trains_itself():\n    model.fit(x, y)\n\n\n"
        "def test_trains_through_a_helper():\n    train(model)\n\n\n"
        "def test_says_why():\n    # Its own training: a counterfactual.\n    train(model)\n\n\n"
        "def test_reads_the_session_run():\n    snippet('x.py')\n"
    )
    (tmp_path / "tests" / "test_planted.py").write_text(planted)
    assert [problem.split(": ")[0] for problem in check.own_training(tmp_path)] == [
        "tests/test_planted.py:5",
        "tests/test_planted.py:9",
    ]


def test_a_snippet_importing_a_backend_without_saying_why_is_caught(project):
    planted = project / "snippets" / "answer" / "sequential_definition.py"
    planted.write_text("import tensorflow as tf\n" + planted.read_text())
    assert check.backend_specific(project) == [
        "snippets/answer/sequential_definition.py:1: imports tensorflow: use keras.ops (it runs "
        "on every backend), or say why with a `# Backend-specific: ...` comment"
    ]
    # Negative control: with its reason given, the same import is accepted.
    planted.write_text("# Backend-specific: a TensorFlow user's code.\n" + planted.read_text())
    assert check.backend_specific(project) == []


def test_an_unincluded_section_is_caught(project):
    snippet = project / "snippets" / "answer" / "autoencoder.py"  # included section by section
    snippet.write_text(
        snippet.read_text() + "# --8<-- [start:extra]\ny = 2\n# --8<-- [end:extra]\n"
    )
    assert pages.unused(project) == [
        "snippets/answer/autoencoder.py: no page includes its section 'extra'"
    ]


def test_an_include_of_a_missing_section_is_caught(project):
    page = add_page(
        project, "missing.md", '```python\n--8<-- "snippets/answer/autoencoder.py:nope"\n```'
    )
    with pytest.raises(pages.IncludeError) as error:
        pages.check_includes(page, project)
    assert str(error.value).startswith(
        "docs/missing.md:4: includes section 'nope' of snippets/answer/autoencoder.py, "
        "which has only"
    )
    with pytest.raises(pages.IncludeError, match="^docs/missing.md: Snippet section 'nope'"):
        pages.expand(page, project)


def test_an_include_of_a_missing_file_fails_the_strict_build(project, built_site, tmp_path_factory):
    warm_cache(project)
    add_page(project, "missing.md", '```python\n--8<-- "snippets/answer/gone.py"\n```')
    result = mkdocs_build(project, tmp_path_factory.mktemp("site"))
    assert result.returncode != 0
    assert (
        "docs/missing.md:4: includes snippets/answer/gone.py, which does not exist" in result.stderr
    )


def test_a_snippet_that_warns_fails_and_names_its_pages(project):
    snippet = project / "snippets" / "answer" / "sequential_definition.py"
    snippet.write_text(
        "import keras\n\nlayer = keras.layers.Dense(2, input_shape=(4,))\n", encoding="utf-8"
    )
    with pytest.raises(executor.SnippetError) as error:
        executor.run_file(snippet, project)
    assert str(error.value).splitlines() == [
        "snippets/answer/sequential_definition.py, line 3 warned UserWarning: Do not pass an "
        "`input_shape`/`input_dim` argument to a layer. When using Sequential models, prefer "
        "using an `Input(shape)` object as the first layer in the model instead.",
        "  seen by readers on: docs/index.md, docs/reference/answer-corrected.md",
    ]


def test_a_snippet_that_raises_fails_and_names_its_pages(project):
    snippet = project / "snippets" / "answer" / "functional_definition.py"
    snippet.write_text("import keras\n\nkeras.Model(input=None, output=None)\n", encoding="utf-8")
    with pytest.raises(executor.SnippetError) as error:
        executor.run_file(snippet, project)
    first, pages_line = str(error.value).splitlines()
    assert first.startswith("snippets/answer/functional_definition.py, line 3 raised ValueError:")
    assert pages_line == "  seen by readers on: docs/index.md, docs/reference/answer-corrected.md"


def test_a_page_whose_block_raises_fails_at_that_block(project):
    (project / "snippets" / "answer" / "broken.py").write_text("missing_name\n", encoding="utf-8")
    page = add_page(project, "broken.md", '```python\n--8<-- "snippets/answer/broken.py"\n```')
    block = pages.blocks(page, project)[0]
    with pytest.raises(executor.SnippetError, match="name 'missing_name' is not defined"):
        executor.run(block.code, f"docs/broken.md:{block.lineno}")


def test_a_snippet_that_reaches_the_network_fails():
    code = "import socket\n\nsocket.create_connection(('192.0.2.1', 80), timeout=1)\n"
    with pytest.raises(executor.SnippetError, match="tried to reach \\('192.0.2.1', 80\\)"):
        executor.run(code, "snippets/planted/download.py")


def test_a_page_that_loads_a_cdn_script_is_caught(built_site, tmp_path):
    result, site_dir = built_site
    assert result.returncode == 0, result.stderr
    planted = tmp_path / "site"
    shutil.copytree(site_dir, planted)
    index = planted / "index.html"
    index.write_text(
        index.read_text().replace(
            "</head>", '<script src="https://cdn.jsdelivr.net/npm/mermaid.js"></script></head>'
        )
    )
    assert third_party_loads(planted) == [
        "index.html: <script src=https://cdn.jsdelivr.net/npm/mermaid.js>"
    ]


def test_an_inline_script_that_imports_from_a_cdn_is_caught(tmp_path):
    (tmp_path / "index.html").write_text(
        '<html><body><script type="module">await import("https://cdn.example.net/m.mjs")'
        "</script></body></html>"
    )
    assert third_party_loads(tmp_path) == ["index.html: <script> url https://cdn.example.net/m.mjs"]


def test_a_script_that_loads_a_url_from_its_attribute_is_caught(tmp_path):
    # mkdocs-jupyter 0.27.0's MathJax loader, as the drift canary found it (make test-latest).
    config = (
        "{&quot;url&quot;: &quot;https://cdn.jsdelivr.net/npm/mathjax@4.1.3/tex-mml-chtml.js&quot;}"
    )
    (tmp_path / "index.html").write_text(
        f'<html><body><script data-mkdocs-jupyter-mathjax="{config}">load()</script></body></html>'
    )
    assert third_party_loads(tmp_path) == [
        "index.html: <script data-mkdocs-jupyter-mathjax> url "
        "https://cdn.jsdelivr.net/npm/mathjax@4.1.3/tex-mml-chtml.js"
    ]
    # ...and every page drops that loader (0.27 appends it to all of them, not only to the
    # notebook pages), through the build's own hook.
    page = f'<script data-mkdocs-jupyter-mathjax="{config}">\nload()\n</script><p>kept</p>'
    assert notebook_pages.without_mathjax(page) == "<p>kept</p>"
    prose_page = types.SimpleNamespace(file=types.SimpleNamespace(src_uri="index.md"))
    assert hooks.on_post_page(page, prose_page, {}) == "<p>kept</p>"


def test_deprecations_fail_when_the_docs_code_causes_them_not_inside_a_library(monkeypatch):
    library = types.ModuleType("planted_library")
    exec(
        "import warnings\n\ndef old():\n    warnings.warn('internal', DeprecationWarning)\n",
        library.__dict__,
    )
    monkeypatch.setitem(sys.modules, "planted_library", library)
    # Python hides a library's notice about its own internals from readers, so the docs pass...
    executor.run("import planted_library\n\nplanted_library.old()\n", "snippets/planted/lib.py")
    # ...but a deprecation the snippet itself triggers is shown to readers, so it fails.
    code = "import warnings\n\nwarnings.warn('use the new API', DeprecationWarning)\n"
    with pytest.raises(executor.SnippetError, match="warned DeprecationWarning: use the new API"):
        executor.run(code, "snippets/planted/own.py")


def test_materials_repository_stats_fetch_is_caught(tmp_path):
    (tmp_path / "index.html").write_text(
        '<a href="https://github.com/o/r" class="md-source" data-md-component="source">r</a>'
    )
    assert third_party_loads(tmp_path) == [
        "index.html: <a data-md-component=source> (fetches api.github.com)"
    ]


# --- The claim binding (docsite/claims.py): neither side can change alone -----------------

PLANTED = "docs/how-to/planted.md"
COUNTS = "tests/test_planted.py::test_parameter_counts"
PAGE_TEXT = """---
description: planted
---

# Planted

The autoencoder has 50,992 parameters. The counts add up because nothing was copied.
<!-- claim: tests/test_planted.py::test_parameter_counts -->
"""
TEST_TEXT = """import pytest


@pytest.mark.claim(
    "docs/how-to/planted.md",
    "The autoencoder has {total:,} parameters. The counts add up because nothing was copied.",
)
def test_parameter_counts(stated):
    stated(total=25_120 + 25_872)
"""


@pytest.fixture
def with_tests(project):
    """A project copy with a page and its claim test of its own (the real pages change)."""
    (project / "tests").mkdir()
    (project / PLANTED).write_text(PAGE_TEXT, encoding="utf-8")
    (project / "tests" / "test_planted.py").write_text(TEST_TEXT, encoding="utf-8")
    return project


def planted_problems(project) -> list[str]:
    return [p for p in claim_wiring.problems(project) if "planted" in p]


def edit(project, path, old, new):
    file = project / path
    text = file.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    file.write_text(text.replace(old, new), encoding="utf-8")


def test_a_number_edited_in_the_prose_alone_fails_its_claim_test(with_tests):
    quotes = [(q.page, q.template) for q in claims.claim_tests(with_tests)[COUNTS].quotes]
    computed = {"total": 50_992}
    assert planted_problems(with_tests) == []
    claims.check_stated(COUNTS, quotes, computed, root=with_tests)  # as the page says today
    edit(with_tests, PLANTED, "has 50,992 parameters", "has 50,929 parameters")
    assert planted_problems(with_tests) == []  # numbers are fields: the wiring cannot see it
    with pytest.raises(claims.ClaimMismatch) as mismatch:
        claims.check_stated(COUNTS, quotes, computed, root=with_tests)
    assert "page says: The autoencoder has 50,929 parameters" in str(mismatch.value)
    assert "computed:  The autoencoder has 50,992 parameters" in str(mismatch.value)


def test_a_word_edited_in_a_claim_sentence_fails_the_wiring(with_tests):
    edit(with_tests, PLANTED, "The counts add up because nothing", "The counts add up as nothing")
    found = planted_problems(with_tests)
    assert any(PLANTED in p and "quotes no sentence" in p for p in found), found
    assert any("The counts add up as nothing was copied." in p for p in found)


def test_a_sentence_added_to_a_claim_statement_needs_a_quote(with_tests):
    edit(with_tests, PLANTED, "was copied.\n", "was copied. It also trains faster.\n")
    found = planted_problems(with_tests)
    assert [p for p in found if "'It also trains faster.' is in a claim statement" in p], found


def test_a_number_typed_into_a_quote_is_refused(with_tests):
    edit(
        with_tests,
        "tests/test_planted.py",
        '"The autoencoder has {total:,} parameters',
        '"The autoencoder has 50,992 parameters',
    )
    found = planted_problems(with_tests)
    assert any("types the number(s) ['50,992']" in p for p in found), found


def test_a_claim_test_without_a_sentence_and_a_marker_without_a_test_are_refused(with_tests):
    edit(with_tests, PLANTED, COUNTS.split("::")[1], "test_that_does_not_exist")
    found = planted_problems(with_tests)
    assert any("has no function test_that_does_not_exist" in p for p in found), found
    assert any(
        "quotes docs/how-to/planted.md, but no claim marker there names this test" in p
        for p in found
    )
