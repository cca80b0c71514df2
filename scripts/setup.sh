#!/usr/bin/env bash
# Make the machine ready to build and test the site; cheap when it already is.
#  - .venv is (re)built from requirements.txt when missing or when the file's hash changed;
#  - Debian packages the build needs (graphviz for model diagrams) are installed when missing,
#    or, without root, the exact apt command to run is printed and setup stops.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3
DEBIAN_PACKAGES=(graphviz)

missing=()
command -v dot >/dev/null || missing+=(graphviz)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing ${missing[*]} from Debian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "setup: the build needs ${missing[*]}; run:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${DEBIAN_PACKAGES[*]}" >&2
    exit 1
  fi
fi

wanted=$(sha256sum requirements.txt | cut -d' ' -f1)
stamp=.venv/.requirements-sha256
if [ -x .venv/bin/python ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then
  exit 0
fi
echo "setup: building .venv from requirements.txt (about a minute, 2 GB)"
"$PYTHON" -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
rm -f "$stamp"
"$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip 2>&1 | grep -v "^WARNING: Location" || true
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt 2>&1 \
  | grep -v "^WARNING: Location" || true
.venv/bin/python -m pip check
echo "$wanted" > "$stamp"
