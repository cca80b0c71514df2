"""The Chinese edition against the English one (docsite/translations.py, run by `make check`):
every English page has its zh page, and each holds; a planted drift in a copy of the project
fails, naming the file, the line and what differs, while the untouched copy passes."""

import re

import pytest

from conftest import ROOT
from docsite import check, editions, glossary_page, pages, translations

PAGE = "docs/tutorials/autoencoder.zh.md"


def test_every_english_page_has_a_chinese_page_that_keeps_its_structure_and_numbers():
    english = pages.pages(ROOT)
    assert [p for p in english if not translations.translated(p).is_file()] == []
    assert [str(problem) for problem in translations.problems(ROOT)] == []
    assert len(pages.translations(ROOT)) == len(english) + 1  # and the glossary, zh only


def edit(project, old: str, new: str, name: str = PAGE, count: int = 1) -> None:
    page = project / name
    text = page.read_text(encoding="utf-8")
    assert text.count(old) >= count, old
    page.write_text(text.replace(old, new, count), encoding="utf-8")


def found(project) -> list[str]:
    return [str(problem) for problem in translations.problems(project)]


def line_of(project, text: str, name: str = PAGE) -> int:
    lines = (project / name).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


def test_the_untouched_copy_passes(project):
    assert found(project) == []  # the negative control of every test below


def test_a_wrong_figure_in_a_chinese_claim_fails_like_one_in_english(project):
    """The English sentence states 50,992 parameters (its test computes them); the Chinese
    one must state the same numbers."""
    edit(project, "50,992", "50,993")
    marker = line_of(project, "test_parameter_counts_of_autoencoder_encoder_and_decoder")
    problems = found(project)
    assert len(problems) == 1 and problems[0].startswith(f"{PAGE}:{marker}: the claim above")
    assert "'50993'" in problems[0] and "'50992'" in problems[0]


def test_a_number_left_out_of_a_chinese_claim_fails(project):
    edit(project, "50,992", "")
    assert len(found(project)) == 1


def test_a_claim_marker_moved_or_dropped_fails_naming_the_line(project):
    marker = "<!-- claim: tests/test_autoencoder.py::test_layer_1_output_is_the_encoding_tensor -->"
    edit(project, marker + "\n", "")
    problems = found(project)
    assert problems and problems[0].startswith(f"{PAGE}:")
    assert "test_layer_1_output_is_the_encoding_tensor" in problems[0]


def test_a_changed_include_or_code_fence_fails(project):
    edit(project, 'autoencoder.py:encoder"', 'autoencoder.py:decoder"')
    number = line_of(project, 'autoencoder.py:decoder"')
    assert found(project)[0].startswith(f"{PAGE}:{number}: has ")


def test_a_heading_without_the_english_id_fails(project):
    edit(project, " { #train-once }", "")
    problems = found(project)
    assert len(problems) == 1 and "{ #train-once }" in problems[0]


def test_a_lost_link_fails(project):
    text = (project / PAGE).read_text(encoding="utf-8")
    link = re.search(r"\]\((first-functional-model\.md)\)", text)
    edit(project, link[0], "]()")
    assert any("links differ: missing ['first-functional-model.md']" in p for p in found(project))


def test_a_missing_chinese_page_fails(project):
    (project / "docs/how-to/residual-block.zh.md").unlink()
    assert found(project) == [
        "docs/how-to/residual-block.md:1: has no translation residual-block.zh.md"
    ]


def append(project, text: str, name: str = PAGE) -> int:
    """Add a paragraph at the end of the page; its line number."""
    page = project / name
    lines = page.read_text(encoding="utf-8").rstrip("\n").split("\n")
    page.write_text("\n".join([*lines, "", text, ""]), encoding="utf-8")
    return len(lines) + 2


def test_a_term_the_glossary_rules_out_fails_but_not_in_code_or_in_the_glossary(project):
    number = append(project, "自动编码器有两个部分。")
    assert found(project) == [
        f"{PAGE}:{number}: '自动编码器': the glossary says 自编码器 (autoencoder)"
    ]
    # Negative controls: the same word inside inline code is not prose, and the glossary
    # page names the variants it rules out.
    edit(project, "自动编码器有两个", "`自动编码器`有两个")
    assert found(project) == []
    assert "自动编码器" in glossary_page.table()


def test_the_non_sequential_phrase_is_not_taken_for_a_ruled_out_variant(project):
    """顺序模型 is ruled out for "Sequential model"; 非顺序模型 ("non-sequential model") is
    the phrase the site explains."""
    append(project, "非顺序模型有两个输入。")
    assert found(project) == []
    edit(project, "非顺序模型有两个", "顺序模型有两个")
    assert len(found(project)) == 1


def test_make_check_runs_the_translation_checks(project, monkeypatch):
    edit(project, " { #train-once }", "")
    assert any("{ #train-once }" in p for p in check.CHECKS["translations"](project))


def test_the_chinese_navigation_lists_every_chinese_page(project):
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    edit(project, "                - 绘制模型: how-to/draw-a-model.md\n", "", "mkdocs.yml")
    assert check.navigation(project) == [
        "docs/how-to/draw-a-model.zh.md:1: not in mkdocs.yml's zh nav: add it under its "
        "section (Tutorials, How-to guides, Explanations or Reference)"
    ]
    assert "绘制模型" in config  # it was there


@pytest.mark.parametrize("name", ["autoencoder.md", "autoencoder.zh.md", "autoencoder.zh.ipynb"])
def test_an_edition_is_told_by_its_file_name(name):
    assert editions.language_of(name) == ("zh" if ".zh." in name else "en")
    assert editions.stem(f"tutorials/{name}") == "autoencoder"
