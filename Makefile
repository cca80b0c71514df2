# Two commands on a fresh machine: `make serve` and `make test`. Both set up first.
.DEFAULT_GOAL := help
VENV := .venv
BIN := $(VENV)/bin
export TF_CPP_MIN_LOG_LEVEL := 3
export TF_ENABLE_ONEDNN_OPTS := 0
export NO_MKDOCS_2_WARNING := 1

.PHONY: help setup serve test check test-backends test-latest build publish bench clean

help:
	@echo "make serve   set up, then serve the site at http://127.0.0.1:8000 with live reload"
	@echo "make test    set up, then run every test (strict build included)"
	@echo "make check   the static checks only: wiring, claims, ruff (seconds, no Keras)"
	@echo "make test-backends  snippets, pages and claims on TensorFlow, JAX and PyTorch"
	@echo "make test-latest    the whole suite on the newest releases (the drift canary)"
	@echo "make build   strict build into site/"
	@echo "make bench   print the benchmark figures"
	@echo "make publish build and push the site to the gh-pages branch (CI's deploy job)"

setup:
	@bash scripts/setup.sh

serve: setup
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# Every core: pytest-xdist, with the tests grouped (tests/conftest.py: the built site on one
# worker, each topic's claims and snippets on one); WORKERS=0 runs them in this one process.
WORKERS ?= auto
test: setup
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup

test-backends:
	@bash scripts/test-backends.sh

test-latest:
	@bash scripts/test-latest.sh

check: setup
	$(BIN)/python -m docsite.check

build: setup
	$(BIN)/mkdocs build --strict --site-dir site

# What .github/workflows/deploy.yml runs: the strict build, pushed to gh-pages as one commit.
# SITE_URL and REPO_URL, when set, override mkdocs.yml's addresses (README: "Publish").
publish: setup
	$(BIN)/mkdocs gh-deploy --force --no-history

bench: setup
	$(BIN)/python -m docsite.bench

clean:
	rm -rf site .cache .venv-backends .venv-latest
