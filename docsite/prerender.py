"""Run the pages' code for the build in as many processes as the machine has cores.

The build (docsite/hooks.py) calls `prerender` before it renders any page. Each of N
processes (`python -m docsite.prerender PAGE...`, one Keras import each) walks the same list
of uncached pages, the longest first, and runs each page no other process has taken
(render.outputs locks a page while it runs, and a process that finds a page taken moves on).
The pages are then rendered from the cache. A test process that wants a page at the same time
waits for it rather than running it again.

`printed` is how a test reads what a page's block printed. An uncached page is run by the
test process's page runner (`python -m docsite.prerender --serve`): a process of its own, as a
page run starts a program afresh (Keras's names, the seeds) and the test that asks must keep
its own; one runner for every page the test process asks for, so that Keras is imported once
there, not once a page.
"""

from __future__ import annotations

import atexit
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


def printed(page: Path, source: str, root: Path = pages.ROOT) -> str:
    """What the block of `page` that includes `source` ("snippets/x/y.py:section") printed, as
    the built page shows it in its Output box: from the build's cache, or run now by this
    process's page runner the way the build runs it (and cached for the build)."""
    page_fences = render.fences(page, root, page.read_text(encoding="utf-8"))
    cache = render.cache_dir(root) / f"{render.cache_key(root, page_fences)}.json"
    if page_fences and not cache.is_file():
        run_in_runner(page, root)  # a page that fails is run again below, and reports where
    matching = [i for i, fence in enumerate(page_fences) if source in fence.source.split(", ")]
    if len(matching) != 1:
        found = [fence.source for fence in page_fences]
        raise render.RenderError(
            f"{pages.rel(page, root)}: {len(matching)} blocks include {source!r}; its blocks "
            f"include {found}"
        )
    return render.outputs(page, root, page_fences)[matching[0]].stdout


RAN = "docsite.prerender ran: "  # the runner's answer, one line per page asked for
_runners: dict[tuple[str, str], subprocess.Popen] = {}  # (root, cache folder) -> runner


def run_in_runner(page: Path, root: Path) -> None:
    """Have this process's page runner for `root` and the current cache folder run `page`
    (unless another process is running it), and wait until it has."""
    cache = str(render.cache_dir(root))
    runner = _runners.get((str(root), cache))
    if runner is None or runner.poll() is not None:
        if runner is not None:  # it died: its pipes go with it
            runner.stdin.close()
            runner.stdout.close()
        if not _runners:
            atexit.register(_stop_runners)
        runner = _runners[(str(root), cache)] = subprocess.Popen(
            [sys.executable, "-m", "docsite.prerender", "--root", str(root), "--serve"],
            cwd=Path(__file__).resolve().parent.parent,  # where `python -m docsite...` is found
            env=os.environ | {"DOCSITE_CACHE_DIR": cache},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
    runner.stdin.write(f"{page}\n")
    runner.stdin.flush()
    for line in runner.stdout:  # anything else on its stdout (a library's notice) is skipped
        if line == f"{RAN}{page}\n":
            return
    # The runner died: the caller runs the page itself and reports where it fails.


def _stop_runners() -> None:
    for runner in _runners.values():
        runner.stdin.close()  # its loop ends, and it exits
        runner.wait(timeout=60)
        runner.stdout.close()


def run_pages(names: list[str], root: Path) -> None:
    for name in names:
        page = Path(name)
        try:
            render.outputs(page, root, _fences(page, root), wait=False)
        except (render.RenderError, pages.IncludeError):
            pass  # the build runs the page again and reports where it fails


def main(argv: list[str]) -> int:
    """`python -m docsite.prerender [--root ROOT] PAGE.md...`: run those pages (the build's
    page runners); with `--serve`, run each page named on a line of stdin and answer with a
    line when it is done (a test process's page runner, see `printed`)."""
    root = Path(argv[argv.index("--root") + 1]) if "--root" in argv else pages.ROOT
    run_pages([arg for arg in argv if arg.endswith(".md")], root)
    if "--serve" in argv:
        for line in sys.stdin:
            run_pages([line.strip()], root)
            print(f"{RAN}{line.strip()}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
