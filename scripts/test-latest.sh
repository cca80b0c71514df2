#!/usr/bin/env bash
# `make test-latest`, the drift canary: the whole suite in .venv-latest, built from
# requirements.txt with every pin lifted (the newest Keras, TensorFlow, NumPy, MkDocs,
# Material, mkdocs-jupyter, pytest-codeblocks... the registry serves) on the newest Python
# (3.13; $LATEST_PYTHON overrides). A failing claim test names the sentence that stopped
# holding. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p .cache
# "keras==3.15.1" -> "keras", keeping environment markers (tensorflow-cpu on Linux only).
sed -E 's/==[^ ;]+//' requirements.txt > .cache/requirements-latest.txt
bash scripts/venv.sh .venv-latest "${LATEST_PYTHON:-3.13}" .cache/requirements-latest.txt
# The stamp only tracks the file: ask the registry for newer releases on every run.
.venv-latest/bin/python -m pip install --quiet --disable-pip-version-check --upgrade \
  -r .cache/requirements-latest.txt 2>&1 | grep -v "^WARNING: Location" || true
.venv-latest/bin/python -m pip check
echo "=== newest releases under test:"
.venv-latest/bin/python -m pip list --format=freeze 2>/dev/null | grep -iE \
  "^(keras|tensorflow([-_]cpu)?|numpy|mkdocs|mkdocs[-_]material|mkdocs[-_]jupyter|pymdown[-_]extensions|pytest|pytest[-_]codeblocks|playwright)==" \
  || true
.venv-latest/bin/python -m pytest -n "${WORKERS:-auto}" --dist loadgroup "$@"
