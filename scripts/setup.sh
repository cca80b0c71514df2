#!/usr/bin/env bash
# Make the machine ready to build and test the site; cheap when it already is.
#  - system packages: graphviz (model diagrams), a Chromium for the browser tests, Node.js
#    and npm (axe-core, Lighthouse). On Debian/Ubuntu they are installed with apt-get, as
#    root or through passwordless sudo (a GitHub-hosted runner); otherwise the command to run
#    is printed (Homebrew on macOS) and setup stops;
#  - .venv is (re)built from requirements.txt when missing or when it changed (scripts/venv.sh),
#    with Python 3.11, or the Python that $PYTHON names (3.12 and 3.13 pass the suite too);
#  - node_modules is (re)installed from package-lock.json when missing or when it changed.
set -euo pipefail
cd "$(dirname "$0")/.."

checksum() {  # sha256 of a file, on Linux and macOS
  if command -v sha256sum >/dev/null; then sha256sum "$1"; else shasum -a 256 "$1"; fi | cut -d' ' -f1
}

# --- System packages ---------------------------------------------------------------------
browser() {
  local candidate
  for candidate in "${CHROMIUM:-}" chromium chromium-browser google-chrome google-chrome-stable; do
    [ -n "$candidate" ] && command -v "$candidate" >/dev/null && return 0
  done
  return 1
}
missing=() brew=()
command -v dot >/dev/null || { missing+=(graphviz); brew+=(graphviz); }
browser || { missing+=(chromium); brew+=(--cask chromium); }
command -v npm >/dev/null || { missing+=(nodejs npm); brew+=(node); }
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(uname -s)" = Darwin ]; then
    echo "setup: the build and tests need ${missing[*]}; run:" >&2
    echo "  brew install ${brew[*]}" >&2
    exit 1
  fi
  sudo=""
  [ "$(id -u)" = 0 ] || { sudo -n true 2>/dev/null && sudo="sudo"; }
  if command -v apt-get >/dev/null && { [ "$(id -u)" = 0 ] || [ -n "$sudo" ]; }; then
    echo "setup: installing ${missing[*]} with apt-get"
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: the build and tests need ${missing[*]}; run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi

# --- Python: .venv from requirements.txt (Python 3.11 unless PYTHON says otherwise) ---------
bash scripts/venv.sh .venv "${PYTHON:-3.11}" requirements.txt

# --- Keras 2 as tf_keras, beside Keras 3, for the test of TF_USE_LEGACY_KERAS=1 ------------
# tf-keras declares a dependency on the full `tensorflow` wheel, which would replace the CPU
# build; it runs on tensorflow-cpu, so it goes, without dependencies, into a folder of its own
# that only that test puts on PYTHONPATH (tests/test_migration.py).
legacy=.venv/tf-keras-2.21.0
if [ ! -d "$legacy/tf_keras" ]; then
  echo "setup: installing tf-keras 2.21.0 into $legacy"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --no-deps \
    --target "$legacy" tf-keras==2.21.0 2>&1 | grep -v "^WARNING: Location" || true
fi

# --- Node packages (axe-core for the browser tests, Lighthouse for make bench) --------------
wanted=$(checksum package-lock.json)
stamp=node_modules/.package-lock-sha256
if [ "$(cat "$stamp" 2>/dev/null)" != "$wanted" ]; then
  echo "setup: installing node_modules from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  echo "$wanted" > "$stamp"
fi
