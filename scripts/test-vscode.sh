#!/usr/bin/env bash
# The editor's tests, as CI runs them: a real VS Code (code-server, driven by headless
# Chromium), the extension-host suite against a real server and Docker engine, then the
# end-to-end suite on the packaged .vsix. Each suite closes with `N passed, N failed`.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/code-server.sh >/dev/null || { echo "vscode: 0 passed, 1 failed"; exit 1; }

if ! docker image inspect operator-instance:latest >/dev/null 2>&1; then
  npm run image || { echo "vscode: 0 passed, 1 failed"; exit 1; }
fi

# Stale test bundles would run beside the current ones.
rm -rf dist/test
npm run --silent package || { echo "vscode: 0 passed, 1 failed"; exit 1; }

status=0
npx tsx test/vscode/runInCodeServer.ts || status=1
npx tsx test/e2e/run.ts || status=1
exit $status
