"""Run the pages' code for the build in as many processes as the machine has cores.

The build (docsite/hooks.py) calls `prerender` before it renders any page. Each of N
processes (`python -m docsite.prerender PAGE...`, one Keras import each) walks the same list
of uncached pages, the longest first, and runs each page no other process has taken
(render.outputs locks a page while it runs, and a process that finds a page taken moves on).
The pages are then rendered from the cache. A test process that wants a page at the same time
waits for it rather than running it again.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from mkdocs.utils.meta import get_data

from docsite import pages, render


def uncached(root: Path = pages.ROOT) -> list[Path]:
    """The pages whose outputs are not in the cache, the longest (most blocks) first."""
    waiting = []
    for page in pages.pages(root):
        try:
            fences = _fences(page, root)
        except pages.IncludeError:
            continue  # the build reports it, with the page and the line
        if (
            fences
            and not (render.cache_dir(root) / f"{render.cache_key(root, fences)}.json").is_file()
        ):
            waiting.append((len(fences), page))
    return [page for _count, page in sorted(waiting, key=lambda item: -item[0])]


def processes() -> int:
    """$DOCSITE_PROCESSES, or the number of cores."""
    return max(1, int(os.environ.get("DOCSITE_PROCESSES") or os.cpu_count() or 1))


def prerender(root: Path = pages.ROOT, workers: int | None = None) -> list[str]:
    """Run every uncached page, in parallel; return the pages that were waiting. A page whose
    code fails is left for the build to report, with its line, as it would without this."""
    waiting = uncached(root)
    workers = min(workers or processes(), len(waiting))
    if workers <= 1:
        return []  # one page, or one core: the build runs it in its own process as it renders
    names = [str(page) for page in waiting]
    command = [sys.executable, "-m", "docsite.prerender", "--root", str(root), *names]
    own = Path(__file__).resolve().parent.parent  # where `python -m docsite...` is found
    runners = [
        subprocess.Popen(command, cwd=own, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for _ in range(workers)
    ]
    for runner in runners:
        runner.wait()
    return [pages.rel(page, root) for page in waiting]


def _fences(page: Path, root: Path) -> list[render.Fence]:
    body, _meta = get_data(page.read_text(encoding="utf-8"))
    return render.fences(page, root, body)


def main(argv: list[str]) -> int:
    root = Path(argv[argv.index("--root") + 1]) if "--root" in argv else pages.ROOT
    for name in (arg for arg in argv if arg.endswith(".md")):
        page = Path(name)
        try:
            render.outputs(page, root, _fences(page, root), wait=False)
        except (render.RenderError, pages.IncludeError):
            pass  # the build runs the page again and reports where it fails
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
