#!/usr/bin/env bash
# Re-resolve requirements.in into requirements.lock (needs the network).
# One universal lock: uv resolves every platform at once and writes
# environment markers where a package differs (tensorflow-cpu vs tensorflow).
# Versions already in the lock are kept unless requirements.in forces a
# change, so stored notebook outputs stay valid. Then checks the lock on
# every supported platform (scripts/check_platforms.py).
set -euo pipefail
cd "$(dirname "$0")/.."
UV_VERSION=0.13.8
PYTHON=${PYTHON:-python3}
tools=${TMPDIR:-/tmp}/cnn-lock-tools
if [ ! -x "$tools/bin/uv" ] || [ "$("$tools/bin/uv" --version | cut -d' ' -f2)" != "$UV_VERSION" ]; then
  rm -rf "$tools"
  "$PYTHON" -m venv "$tools"
  "$tools/bin/python" -m pip install --quiet "uv==$UV_VERSION"
fi
# uv prefers the versions already in its output file: start from the lock.
cp requirements.lock requirements.lock.body
# The oldest Python the course supports (requires-python in pyproject.toml).
"$tools/bin/uv" pip compile --quiet --universal \
  --python-version "$("$PYTHON" scripts/check_platforms.py --floor)" \
  --no-header --no-annotate requirements.in -o requirements.lock.body
{
  echo "# Exact versions of everything the course builds and runs with, for every"
  echo "# supported platform (environment markers). Stored notebook outputs depend"
  echo "# on these. Made by \`make lock\` (scripts/lock.sh) from requirements.in."
  cat requirements.lock.body
} > requirements.lock
rm requirements.lock.body
[ "${SKIP_PLATFORM_CHECK:-}" ] || UV="$tools/bin/uv" "$PYTHON" scripts/check_platforms.py
