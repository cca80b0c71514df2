"""The reader-first guards (docsite/mainline.py, and the printed-output rule of
docsite/claim_wiring.py) fail on a planted defect and name the file and the line; the same
text in its right place passes. Defects are planted in a temporary copy of the project."""

from docsite import check, claim_wiring, mainline


def plant(project, name: str, body: str, front: str = "description: planted"):
    page = project / "docs" / name
    page.parent.mkdir(parents=True, exist_ok=True)
    page.write_text(f"---\n{front}\n---\n\n# Planted\n\n{body}\n", encoding="utf-8")
    return page


def problems_of(project, name: str) -> list[str]:
    return [p for p in mainline.problems(project) if p.startswith(f"docs/{name}:")]


def test_a_page_over_its_budget_is_caught_and_one_at_it_is_not(project):
    budget = mainline.BUDGETS["how-to"]
    plant(project, "how-to/long.md", " ".join(["word"] * budget))  # and "Planted", the title
    assert problems_of(project, "how-to/long.md") == [
        f"docs/how-to/long.md:1: {budget + 1:,} words in the main line, over the how-to "
        f"budget of {budget:,}: cut, or move depth into a collapsed `??? note` box"
    ]
    # Negative controls: at the budget it passes, and words in a collapsed box, a table or
    # a code block are not counted.
    extra = '??? note "Depth"\n    more words here\n\n| a | b |\n| --- | --- |\n| c | d |\n'
    plant(project, "how-to/long.md", " ".join(["word"] * (budget - 1)) + "\n\n" + extra)
    assert problems_of(project, "how-to/long.md") == []


def test_another_backend_in_a_tutorials_main_line_is_caught_but_not_in_its_box(project):
    plant(project, "tutorials/planted.md", "Intro.\n\nWith PyTorch the message differs.\n")
    assert [p.split(": names")[0] for p in problems_of(project, "tutorials/planted.md")] == [
        "docs/tutorials/planted.md:9"
    ]
    boxed = 'Intro.\n\n??? note "On JAX and PyTorch"\n    With PyTorch the message differs.\n'
    plant(project, "tutorials/planted.md", boxed)
    assert problems_of(project, "tutorials/planted.md") == []
    # A paragraph about every backend at once, marked as such, is main-line material; code
    # names such as `keras.ops` or `torch.nn` in code spans are not prose.
    marked = "It holds on TensorFlow, JAX and PyTorch.\n<!-- all backends -->\n\nUse `torch.nn`.\n"
    plant(project, "how-to/planted.md", marked)
    assert problems_of(project, "how-to/planted.md") == []


def test_version_history_in_an_explanations_main_line_is_caught_but_not_in_a_cited_box(project):
    history = "Keras 3.0 to 3.5 raised a `ValueError` ([#20156](https://github.com/k/k/pull/1))."
    plant(project, "explanation/planted.md", f"Today it raises.\n\n{history}\n")
    found = problems_of(project, "explanation/planted.md")
    assert [p.split(": version history")[0] for p in found] == ["docs/explanation/planted.md:9"]
    boxed = f'Today it raises.\n\n??? info "History (cited, not tested)"\n    {history}\n'
    plant(project, "explanation/planted.md", boxed)
    assert problems_of(project, "explanation/planted.md") == []
    # A history box must cite its source.
    uncited = 'Today it raises.\n\n??? info "History (cited, not tested)"\n    It used to warn.\n'
    plant(project, "explanation/planted.md", uncited)
    assert problems_of(project, "explanation/planted.md") == [
        "docs/explanation/planted.md:9: the box 'History (cited, not tested)' cites no source: "
        "link the release, pull request or source at a tag that each of its sentences comes from"
    ]


def test_a_reference_entry_without_an_early_fix_is_caught(project):
    late = (
        "## ValueError: planted { #planted }\n\n" + " ".join(["cause"] * 81) + "\n\n**Fix.** Do.\n"
    )
    plant(project, "reference/planted.md", late, front="description: planted\nentries: true")
    assert problems_of(project, "reference/planted.md") == [
        "docs/reference/planted.md:8: the entry 'ValueError: planted { #planted }' does not "
        "start its **Fix.** within its first 80 words"
    ]
    early = "## ValueError: planted { #planted }\n\n**Fix.** Do.\n\n" + " ".join(["cause"] * 81)
    plant(project, "reference/planted.md", early, front="description: planted\nentries: true")
    assert problems_of(project, "reference/planted.md") == []


def test_a_sentence_after_a_printing_block_needs_a_test_that_reads_the_output(project):
    snippet = project / "snippets" / "planted" / "prints.py"
    snippet.parent.mkdir()
    snippet.write_text("print('answer: 42')\n", encoding="utf-8")
    fence = '```python\n--8<-- "snippets/planted/prints.py"\n```\n'
    marker = "<!-- claim: tests/test_planted.py::test_the_answer -->"
    plant(project, "how-to/planted.md", f"{fence}\nThe answer is 42.\n{marker}\n")
    test = project / "tests" / "test_planted.py"
    test.parent.mkdir(exist_ok=True)
    reads_nothing = (
        "import pytest\n\n\n"
        '@pytest.mark.claim("docs/how-to/planted.md", "The answer is {n}.")\n'
        "def test_the_answer(stated):\n    stated(n=6 * 7)\n"
    )
    test.write_text(reads_nothing, encoding="utf-8")
    found = [p for p in claim_wiring.problems(project) if "planted" in p]
    assert found == [
        "docs/how-to/planted.md:11: this statement follows a block that prints, but none of its "
        "tests (tests/test_planted.py::test_the_answer) reads what the block printed: take the "
        "`printed` fixture and check the printed lines the sentence describes"
    ]
    # Negative control: the test that reads the printed line is accepted.
    reads = reads_nothing.replace(
        "def test_the_answer(stated):\n",
        "def test_the_answer(stated, printed):\n"
        '    page, source = "docs/how-to/planted.md", "snippets/planted/prints.py"\n'
        '    assert "answer: 42" in printed(page, source)\n',
    )
    test.write_text(reads, encoding="utf-8")
    assert [p for p in claim_wiring.problems(project) if "planted" in p] == []


def test_a_page_missing_from_the_home_map_and_an_image_without_alt_text_are_caught(project):
    plant(project, "how-to/unmapped.md", "![](figure.svg)\n")
    assert check.home_map(project) == [
        "docs/index.md:1: the map does not link how-to/unmapped.md: add a line under its section"
    ]
    assert check.image_alts(project) == [
        "docs/how-to/unmapped.md:7: an image without alt text: say what it shows between the "
        "brackets, ![...](...)"
    ]


def test_a_box_line_without_its_indent_is_caught_and_an_indented_one_is_not(project):
    """The mistake this guard was made for: a rewrapped sentence whose new last line lost the
    box's indent ended the box there, and the box's next paragraphs rendered as code."""
    broken = '??? note "Technical details"\n    A sentence that goes on\nhere.\n\n    More.\n'
    plant(project, "how-to/planted.md", broken)
    assert problems_of(project, "how-to/planted.md") == [
        "docs/how-to/planted.md:9: this line ends the box above it: indent it like the box's "
        "text (or leave a blank line before it if it is meant to follow)"
    ]
    # Negative controls: the line indented, or a paragraph after a blank line, passes.
    plant(project, "how-to/planted.md", broken.replace("\nhere.", "\n    here."))
    assert problems_of(project, "how-to/planted.md") == []
    plant(project, "how-to/planted.md", '??? note "Depth"\n    In the box.\n\nAfter it.\n')
    assert problems_of(project, "how-to/planted.md") == []
