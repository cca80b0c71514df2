"""Lighthouse (npm, run by `make bench`) on the built site served as GitHub Pages serves it:
from 127.0.0.1, gzip-compressed. Mobile emulation, Lighthouse's default; scores vary by a few
points between runs on a shared machine, so each page's score is the median of several runs.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
from pathlib import Path

from docsite import pages, serve

LIGHTHOUSE = pages.ROOT / "node_modules" / ".bin" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# The pages the speed budget is set for: the home page, the longest tutorial, its notebook;
# and the Chinese edition's home and longest tutorial.
PAGES = {
    "home": "",
    "autoencoder": "tutorials/autoencoder/",
    "notebook": "tutorials/autoencoder-notebook/",
    "zh_home": "zh/",
    "zh_autoencoder": "zh/tutorials/autoencoder/",
}


def run_once(url: str) -> dict:
    if not LIGHTHOUSE.is_file():
        raise SystemExit("bench: Lighthouse is missing: run `make setup` (npm ci)")
    command = [
        str(LIGHTHOUSE),
        url,
        "--output=json",
        "--output-path=stdout",
        "--quiet",
        f"--only-categories={','.join(CATEGORIES)}",
        "--chrome-flags=--headless=new " + " ".join(serve.ARGS),
    ]
    result = subprocess.run(
        command, capture_output=True, text=True, env=os.environ | {"CHROME_PATH": serve.chromium()}
    )
    if result.returncode != 0:
        raise SystemExit(f"bench: lighthouse {url} failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def measure(site_dir: Path, runs: int = 3) -> dict[str, float]:
    """`{"lighthouse_home_performance": 98, ..., "home_transfer_kb": 41.2}`: the median of
    `runs` runs per page, and what the home page transfers (compressed)."""
    figures = {}
    with serve.serve(site_dir, compress=True) as base:
        for name, path in PAGES.items():
            reports = [run_once(base + path) for _ in range(runs)]
            for category in CATEGORIES:
                median = statistics.median(r["categories"][category]["score"] for r in reports)
                figures[f"lighthouse_{name}_{category.replace('-', '_')}"] = round(median * 100)
            if name == "home":
                transferred = statistics.median(
                    r["audits"]["total-byte-weight"]["numericValue"] for r in reports
                )
                figures["home_transfer_kb"] = transferred / 1024
    return figures
