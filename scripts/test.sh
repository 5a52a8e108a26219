#!/usr/bin/env bash
# The README's test command: set up, then run the whole mocha suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
npx tsc -p tsconfig.json --noEmit
npx mocha "$@"
