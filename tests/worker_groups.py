"""Which tests run together on one pytest-xdist worker, and the scheduler that keeps them there.

`make test` runs `pytest -n auto --dist loadgroup`. pytest-xdist 3.8.0 groups tests by writing
the group into each test's node id, and pytest 9.2 no longer lets it (the id is structured now:
pytest-dev/pytest-xdist#1386, fix open in #1388), so its loadgroup scheduler silently spread
every group over every worker: each worker ran the snippets and started the background work of
every group it touched. `GroupScheduling` is that scheduler with the group read from the node id
by `group_of`, which needs nothing but the id: the controller, which schedules, collects no
tests.

The groups: the tests that read the site in Chromium (every page checked in the background,
the search, what readers click) are one; the tests of the build, the planted copies of the
project and the notebooks' kernels (run in the background) another. The other tests go by topic
(tests/test_<topic>.py and the snippets/<topic>/ files it runs), so that each snippet runs once,
in the worker that needs it. Any other test goes to whichever worker is free; the built site is
shared by every worker (tests/site_fixtures.py: `built_site`)."""

from collections import OrderedDict

from xdist.scheduler import LoadScopeScheduling

from docsite import pages

BROWSER_MODULES = {"test_browser.py", "test_search.py"}
SITE_MODULES = {"test_build.py", "test_guards.py", "test_guards_reading.py", "test_pages.py",
                "test_render.py"}  # fmt: skip
FIRST = ("browser", "site")  # they wait for the build, then run the longest: start them first
# The background work a fixture starts, and the group whose worker must be the only one to ask.
BACKGROUND = {"page_check": "browser", "page_checks": "browser",
              "notebook_run": "site", "notebook_runs": "site"}  # fmt: skip


def group_of(nodeid: str) -> str | None:
    """ "browser", "site", "topic:<topic>", or None (any worker), from a test's node id (under a
    page, `pytest docs/<page>.md`, the id starts with the page's path)."""
    parts = nodeid.split("::")
    at = next(i for i, part in enumerate(parts) if part.endswith(".py"))
    module, rest = parts[at].rsplit("/", 1)[-1], "::".join(parts[at + 1 :])
    if module in BROWSER_MODULES:
        return "browser"
    if module in SITE_MODULES:
        return "site"
    if module == "test_snippets.py":  # test_snippet_runs_as_copied[snippets/<topic>/<idea>.py]
        return "topic:" + rest.partition("[")[2].split("/")[1]
    topic = module.removeprefix("test_").removesuffix(".py")
    return f"topic:{topic}" if (pages.ROOT / "snippets" / topic).is_dir() else None


def misplaced(nodeid: str, fixturenames) -> list[str]:
    """Why a test cannot run where `group_of` sends it: it asks for background work that only
    one group's worker may start (two workers would each start it, and do it twice)."""
    group = group_of(nodeid)
    return [
        f"{nodeid} uses the fixture `{name}`, which only the {owner!r} group may use: put "
        f"its module in tests/worker_groups.py's {owner.upper()}_MODULES"
        for name, owner in BACKGROUND.items()
        if name in fixturenames and group != owner
    ]


class GroupScheduling(LoadScopeScheduling):
    """pytest-xdist's load-by-scope scheduler, a scope being a `group_of` group (a test of no
    group is a scope of its own). Scopes are handed out browser and site first, then the
    others largest first; a worker gets its next scope when it is nearly out of tests."""

    def _split_scope(self, nodeid: str) -> str:
        return group_of(nodeid) or nodeid

    def _assign_work_unit(self, node) -> None:
        if not getattr(self, "_ordered", False):
            self._ordered = True
            self.workqueue = OrderedDict(sorted(self.workqueue.items(), key=self._rank))
        super()._assign_work_unit(node)

    @staticmethod
    def _rank(unit) -> tuple[int, int]:
        scope, tests = unit
        return (FIRST.index(scope) if scope in FIRST else len(FIRST), -len(tests))
