#!/usr/bin/env bash
# `make test-backends`: the snippet, page and claim tests on each Keras backend, in
# .venv-backends (requirements.txt and requirements-backends.txt: JAX and the CPU build of
# PyTorch, which needs Python 3.11 here). Each run records its claims for the ledger in
# .cache/claims/<backend>.json. On every core, like `make test` (WORKERS=0: in one process).
# Extra arguments go to pytest.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 1
bash scripts/venv.sh .venv-backends 3.11 requirements.txt requirements-backends.txt || exit 1
status=0
for backend in tensorflow jax torch; do
  echo "=== KERAS_BACKEND=$backend"
  KERAS_BACKEND=$backend .venv-backends/bin/python -m pytest -m "claim or code" \
    -n "${WORKERS:-auto}" --dist loadgroup "$@" \
    || status=1
done
exit $status
