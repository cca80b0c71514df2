"""The strict build passes, and the built site loads nothing from another host."""

from docsite.site_scan import third_party_loads


def test_strict_build_passes(built_site):
    result, site_dir = built_site
    assert result.returncode == 0, result.stdout + result.stderr
    assert (site_dir / "index.html").is_file()


def test_built_site_loads_nothing_from_third_party_hosts(built_site):
    result, site_dir = built_site
    assert result.returncode == 0, result.stderr
    assert third_party_loads(site_dir) == []
