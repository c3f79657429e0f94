#!/usr/bin/env bash
# Run the unit tests and the notebook checks (nbval) under the variations a
# student's or contributor's machine brings: other TensorFlow thread counts,
# oneDNN switched on, another OpenBLAS kernel, another Python. Each must pass
# unchanged. Usage:
#   scripts/test_variations.sh            # all of them, one after another
#   scripts/test_variations.sh threads-4 prescott   # some of them
#   CHAPTERS="chapters/06_what_cnns_learn.ipynb" scripts/test_variations.sh
#       # a chapter filter: only those chapters' nbval, under every variation
# TARGETS (default "unit nbval", or "nbval" under a chapter filter) names
# the make targets each variation runs. DRY_RUN=1 prints each variation's
# command and runs nothing (tests/test_commands.py).
# A variation's log goes to _build/variations/NAME.log; the summary lists the
# result and the time of each. The Python 3.13 run builds .venv-py3.13 from
# requirements.lock the first time (needs python3.13 on PATH or PYTHON313).
set -uo pipefail
cd "$(dirname "$0")/.."

declare -A VARIATIONS=(
  [threads-1]="CNNLIB_TF_THREADS=1"
  [threads-4]="CNNLIB_TF_THREADS=4"
  [threads-8]="CNNLIB_TF_THREADS=8"
  [onednn]="TF_ENABLE_ONEDNN_OPTS=1"
  [prescott]="OPENBLAS_CORETYPE=Prescott"
  [python3.13]=""
)
ORDER=(threads-1 threads-4 threads-8 onednn prescott python3.13)
names=("$@")
[ ${#names[@]} -gt 0 ] || names=("${ORDER[@]}")

if [ -n "${CHAPTERS:-}" ] && [ "$CHAPTERS" != chapters ]; then
  TARGETS=${TARGETS:-nbval}
fi
TARGETS=${TARGETS:-unit nbval}
export CHAPTERS=${CHAPTERS:-chapters}
echo "each variation runs: make $TARGETS (CHAPTERS=$CHAPTERS)"

mkdir -p _build/variations
status=0
summary=()
for name in "${names[@]}"; do
  if [ -z "${VARIATIONS[$name]+set}" ]; then
    echo "unknown variation '$name' (known: ${ORDER[*]})" >&2
    exit 2
  fi
  log=_build/variations/$name.log
  if [ -n "${DRY_RUN:-}" ]; then
    if [ "$name" = python3.13 ]; then
      echo "$name: make VENV=.venv-py3.13 PYTHON=python3.13 $TARGETS"
    else
      echo "$name: ${VARIATIONS[$name]} make NO_INSTALL=1 $TARGETS"
    fi
    continue
  fi
  start=$(date +%s)
  if [ "$name" = python3.13 ]; then
    py=${PYTHON313:-$(command -v python3.13 || true)}
    # A pyenv shim is on PATH even where it cannot run 3.13: try it.
    if [ -z "$py" ] || ! "$py" -c 'import sys; assert sys.version_info[:2] == (3, 13)' 2>/dev/null; then
      echo "python3.13 not found: set PYTHON313=/path/to/python3.13" >&2
      exit 2
    fi
    make VENV=.venv-py3.13 PYTHON="$py" $TARGETS >"$log" 2>&1
  else
    env ${VARIATIONS[$name]} make NO_INSTALL=1 $TARGETS >"$log" 2>&1
  fi
  rc=$?
  took=$(( $(date +%s) - start ))
  result=$([ $rc = 0 ] && echo passed || echo FAILED)
  [ $rc = 0 ] || status=1
  summary+=("$(printf '%-11s %-28s %-6s %4d s  (%s)' "$name" \
    "${VARIATIONS[$name]:-python3.13}" "$result" "$took" \
    "$(grep -E '^(=+ )?[0-9]+ (passed|failed)' "$log" | tail -2 | tr '\n' ' ')")")
  echo "${summary[-1]}"
done
[ -n "${DRY_RUN:-}" ] && exit 0
echo
printf '%s\n' "${summary[@]}"
exit $status
