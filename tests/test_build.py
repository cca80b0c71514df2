"""The strict build passes, and the built site loads nothing from another host."""

import re

from docsite.site_scan import third_party_loads


def test_strict_build_passes(built_site):
    result, site_dir = built_site
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site_dir / "index.html").is_file()


def test_built_site_loads_nothing_from_third_party_hosts(built_site):
    result, site_dir = built_site
    assert result.returncode == 0, result.stderr
    assert third_party_loads(site_dir) == []


def test_claim_markers_leave_no_trace_in_the_pages(built_site):
    """Markers are for the tests and the ledger: none reaches the HTML, where one under a table
    inside a collapsed box made an empty table row; the ledger's anchors stay."""
    result, site_dir = built_site
    assert result.returncode == 0, result.stderr
    pages = sorted(site_dir.rglob("index.html"))
    html = {
        page.relative_to(site_dir).as_posix(): page.read_text(encoding="utf-8") for page in pages
    }
    assert [name for name, text in html.items() if "<!-- claim:" in text] == []
    empty_rows = [
        name
        for name, text in html.items()
        for row in re.findall(r"<tr>(.*?)</tr>", text, re.S)
        if not re.sub(r"<[^>]+>|\s", "", row)
    ]
    assert empty_rows == []
    # Negative control: the tables in collapsed boxes are there, with their anchors.
    freezing = html["how-to/freeze-and-fine-tune/index.html"]
    assert "<details" in freezing and "<table>" in freezing.split("<details", 1)[1]
    assert 'class="claim-anchor"' in freezing
