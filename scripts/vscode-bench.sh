#!/usr/bin/env bash
# The editor's figures for `npm run bench`: extension activation time, and a 4 KB read
# through vscode.workspace.fs on an operator: URI beside the same read through the server
# alone, measured inside a real VS Code (code-server). Prints the figures as JSON.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/code-server.sh >/dev/null
rm -rf dist/test test-results/vscode-figures.json
node esbuild.mjs
OPERATOR_TEST_GREP='^activation|^read latency' npx tsx test/vscode/runInCodeServer.ts >&2
cat test-results/vscode-figures.json
