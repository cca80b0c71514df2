#!/usr/bin/env bash
# Usage: scripts/venv.sh DIR PYTHON REQUIREMENTS... [-- PIP_OPTIONS...]
# (Re)build the virtual environment DIR with PYTHON from the requirement files, when it is
# missing or when those files changed (a sha256 stamp in DIR); otherwise do nothing.
# PYTHON is a command (python3.12) or a version (3.12): a pyenv install is found too.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=$1 python=$2
shift 2
files=() options=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do files+=("$1"); shift; done
[ $# -gt 0 ] && shift && options=("$@")

find_python() {  # a command that really runs (a pyenv shim may exist and still fail)
  local wanted=$1 candidate
  for candidate in "$wanted" "python$wanted" \
    "$(pyenv root 2>/dev/null)"/versions/"${wanted#python}"*/bin/python"${wanted#python}"; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import sys' 2>/dev/null; then
      command -v "$candidate"
      return 0
    fi
  done
  echo "venv: no working $wanted on this machine (install it, or set PYTHON)" >&2
  return 1
}

checksum() {
  if command -v sha256sum >/dev/null; then cat "$@" | sha256sum; else cat "$@" | shasum -a 256; fi
}

interpreter=$(find_python "$python")
wanted=$({ "$interpreter" --version; printf '%s\n' "${options[@]+"${options[@]}"}"; checksum "${files[@]}"; } | checksum | cut -d' ' -f1)
stamp=$dir/.requirements-sha256
if [ -x "$dir/bin/python" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$wanted" ]; then
  exit 0
fi
echo "venv: building $dir with $("$interpreter" --version) from ${files[*]}"
rm -rf "$dir"
"$interpreter" -m venv "$dir"
log=$(mktemp)
requirements=()
for file in "${files[@]}"; do requirements+=(-r "$file"); done
if ! "$dir/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip \
    "${requirements[@]}" "${options[@]+"${options[@]}"}" >"$log" 2>&1; then
  grep -v "^WARNING: Location" "$log" >&2
  echo "venv: pip could not install ${files[*]} into $dir" >&2
  exit 1
fi
"$dir/bin/python" -m pip check
echo "$wanted" > "$stamp"
