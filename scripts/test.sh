#!/usr/bin/env bash
# Operator's whole test run from a fresh machine: set-up (packages, engine, bundles,
# image), the type check and the formatter, the unit and integration tests against the
# real engine, then the extension's tests in a real VS Code. Ends with the line
# `N passed, N failed` over every suite, and a non-zero status if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT
passed=0
failed=0
status=0

check() {
  local name=$1
  shift
  echo "== $name" >&2
  if ! "$@"; then
    echo "$name: failed" >&2
    status=1
  fi
}

# Runs mocha with the spec reporter and adds its passing/failing counts to the totals.
# A run that dies before its summary counts as one failure.
mocha_suite() {
  local name=$1
  shift
  echo "== $name" >&2
  npx mocha "$@" 2>&1 | tee "$results/$name.log"
  local code=${PIPESTATUS[0]}
  local p f
  p=$(grep -Eo '^ +[0-9]+ passing' "$results/$name.log" | grep -Eo '[0-9]+' | tail -n 1)
  f=$(grep -Eo '^ +[0-9]+ failing' "$results/$name.log" | grep -Eo '[0-9]+' | tail -n 1)
  if [ -z "$p" ]; then
    p=0
    f=${f:-1}
  fi
  f=${f:-0}
  passed=$((passed + p))
  failed=$((failed + f))
  [ "$code" -eq 0 ] || status=1
}

check typecheck npx tsc --noEmit -p .
check format npx prettier --check --log-level warn .
mocha_suite unit 'test/unit/**/*.test.ts'
mocha_suite integration --timeout 60000 'test/integration/**/*.test.ts'

# The editor's suites print their own `<suite>: N passed, N failed` lines.
echo "== editor" >&2
bash scripts/test-vscode.sh 2>&1 | tee "$results/editor.log"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1
editor_lines=$(grep -E '^(extension|e2e|vscode): [0-9]+ passed, [0-9]+ failed' "$results/editor.log")
if [ -z "$editor_lines" ]; then
  failed=$((failed + 1))
else
  while read -r _ p _ f _; do
    passed=$((passed + p))
    failed=$((failed + f))
  done <<<"$editor_lines"
fi

if [ "$failed" -gt 0 ]; then status=1; fi
echo "$passed passed, $failed failed"
exit "$status"
