"""`make test`'s scheduling (tests/worker_groups.py): each group runs on one worker, and the
groups that wait for the build start first. pytest-xdist's own loadgroup scheduler stopped
grouping under pytest 9.2 without a word (each worker then ran every topic's snippets it
touched, and both started the browser's visits of every page); this is the test that would
have caught it."""

from types import SimpleNamespace

import pytest
import worker_groups
from worker_groups import GroupScheduling, group_of


class Worker:
    """What the scheduler sees of a pytest-xdist worker: the tests it is sent."""

    def __init__(self, name):
        self.gateway = SimpleNamespace(id=name)
        self.shutting_down = False
        self.sent: list[int] = []

    def send_runtest_some(self, indices):
        self.sent += indices

    def shutdown(self):
        self.shutting_down = True


COLLECTION = [  # as a worker collects them: each group's tests scattered, as run_order sorts
    "tests/test_answer.py::test_one",
    "tests/test_browser.py::test_one",
    "tests/test_snippets.py::test_snippet_runs_as_copied[snippets/answer/autoencoder.py]",
    "tests/test_render.py::test_one",
    "tests/test_wiring.py::test_page_is_wired[docs/index.md]",
    "tests/test_search.py::test_one",
    "tests/test_answer.py::test_two",
    "tests/test_freezing.py::test_one",
    "tests/test_build.py::test_one",
    "tests/test_browser.py::test_two",
]


def scheduled(workers: int, scheduling=GroupScheduling) -> list[list[str]]:
    """The tests each of `workers` workers is sent, in order, each finishing its tests as soon
    as it is sent them (the scheduler hands out the next group when a worker is nearly out)."""
    config = SimpleNamespace(
        getvalue=lambda name: [f"{workers}*popen"] if name == "tx" else None,
        option=SimpleNamespace(loadscopereorder=True),  # pytest-xdist's default
    )
    scheduler = scheduling(config)
    nodes = [Worker(f"gw{i}") for i in range(workers)]
    for node in nodes:
        scheduler.add_node(node)
    for node in nodes:
        scheduler.add_node_collection(node, COLLECTION)
    scheduler.schedule()
    done = {node: 0 for node in nodes}
    while any(done[node] < len(node.sent) for node in nodes):
        for node in nodes:
            for index in node.sent[done[node] :]:
                done[node] += 1
                scheduler.mark_test_complete(node, index)
    return [[COLLECTION[i] for i in node.sent] for node in nodes]


def test_each_group_runs_on_one_worker_and_browser_and_site_start_first():
    sent = scheduled(2)
    assert sorted(test for tests in sent for test in tests) == sorted(COLLECTION)  # each once
    for group in {group_of(test) for test in COLLECTION} - {None}:
        holders = [tests for tests in sent if any(group_of(t) == group for t in tests)]
        assert len(holders) == 1, f"{group} ran on {len(holders)} workers"
    assert {group_of(sent[0][0]), group_of(sent[1][0])} == {"browser", "site"}
    # The topic's snippet runs where its claim tests run (it is run once per worker).
    (answer,) = [tests for tests in sent if "tests/test_answer.py::test_one" in tests]
    assert COLLECTION[2] in answer


def test_without_groups_the_same_collection_is_spread_over_both_workers():
    # Negative control: what pytest-xdist 3.8.0's loadgroup does under pytest 9.2 (no group
    # reaches the node ids), where the browser tests land on both workers.
    class Ungrouped(GroupScheduling):
        def _split_scope(self, nodeid):
            return nodeid

    sent = scheduled(2, Ungrouped)
    assert all(any(group_of(test) == "browser" for test in tests) for tests in sent)


@pytest.mark.parametrize(
    ("nodeid", "group"),
    [
        ("tests/test_freezing.py::test_x", "topic:freezing"),
        (
            "tests/test_snippets.py::test_snippet_runs_as_copied[snippets/freezing/a.py]",
            "topic:freezing",
        ),
        ("docs/how-to/freeze.md::tests/test_freezing.py::test_x", "topic:freezing"),  # a page's
        ("tests/test_search.py::test_x[a/b]", "browser"),
        ("tests/test_guards.py::test_x", "site"),
        ("tests/test_wiring.py::test_x[docs/a.md]", None),
    ],
)
def test_a_tests_group_comes_from_its_node_id(nodeid, group):
    assert group_of(nodeid) == group


def test_a_test_that_starts_background_work_outside_its_group_is_refused():
    assert worker_groups.misplaced("tests/test_browser.py::test_x", ["page_check"]) == []
    (problem,) = worker_groups.misplaced("tests/test_home.py::test_x", ["tab", "page_check"])
    assert "tests/test_home.py::test_x" in problem and "BROWSER_MODULES" in problem
