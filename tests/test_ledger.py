"""The claims ledger (docsite/ledger.py): generated at build from the pages, the tests' quotes
and the recorded runs; each row links to an anchor the build puts on the claim's page."""

import json
import re

from conftest import ROOT
from docsite import claims, ledger, pages


def all_statements():
    return [s for page in pages.pages() for s in claims.statements(page)[0]]


def test_every_claim_is_a_row_linking_to_its_statement_on_the_built_page(built_site):
    result, site_dir = built_site
    assert result.returncode == 0, result.stderr
    html = (site_dir / "reference" / "claims-ledger" / "index.html").read_text(encoding="utf-8")
    statements = all_statements()
    rows = sum(len(s.tests) for s in statements)
    assert f"{rows} claims, on the pages below." in html
    assert html.count('<small class="claim-test">') == rows
    links = set(re.findall(r'href="\.\./\.\./([^"#]*)#(claim-[\w-]+)"', html))
    links |= {
        (f"reference/{p}", a) for p, a in re.findall(r'href="\.\./([\w-]+/)#(claim-[\w-]+)"', html)
    }
    assert len(links) == len(statements)
    for page_path, anchor in links:
        target = (site_dir / page_path / "index.html").read_text(encoding="utf-8")
        assert f'id="{anchor}"' in target, (page_path, anchor)


def test_without_a_recorded_run_a_column_says_not_yet_verified(monkeypatch, tmp_path):
    monkeypatch.setenv("DOCSITE_CLAIMS_DIR", str(tmp_path))
    text = ledger.markdown(ROOT)
    assert "✓ held" not in text and "✗ failed" not in text
    assert text.count("not yet verified: no recorded run") == 3
    # Negative control: a recorded run fills its column, test by test.
    test = all_statements()[0].tests[0]
    (tmp_path / "jax.json").write_text(
        json.dumps({"versions": {"keras": "9.9"}, "results": {test: "failed"}})
    )
    text = ledger.markdown(ROOT)
    rows = sum(s.tests.count(test) for s in all_statements())
    assert "| JAX | keras 9.9 |" in text and text.count("✗ failed") == rows


def test_a_run_records_its_outcomes_and_keeps_the_other_claims_latest(monkeypatch, tmp_path):
    monkeypatch.setenv("DOCSITE_CLAIMS_DIR", str(tmp_path))
    ledger.record(
        {"tests/a.py::test_one": "passed", "tests/a.py::test_two": "passed"}, "tensorflow"
    )
    ledger.record({"tests/a.py::test_two": "failed"}, "tensorflow")  # one page's run, later
    recorded = json.loads((tmp_path / "tensorflow.json").read_text())
    assert recorded["results"] == {
        "tests/a.py::test_one": "passed",
        "tests/a.py::test_two": "failed",
    }
    assert set(recorded["versions"]) == {"keras", "tensorflow", "numpy", "python"}
