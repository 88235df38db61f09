#!/usr/bin/env bash
# The project's test command (README): builds, runs every test, prints one closing line
#   tests: N passed, M failed, K skipped
# computed from the TRX result file. Exit non-zero on any failure or when no test ran.
# Extra arguments go to `dotnet test` (e.g. --filter "FullyQualifiedName~Metrics").
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
results="$(mktemp -d)"
trap 'rm -rf "$results"' EXIT
dotnet test LayerwiseNotebooks.sln -c Release --logger "trx;LogFileName=results.trx" \
  --logger "console;verbosity=normal" --results-directory "$results" "$@"
status=$?
trx="$(find "$results" -name '*.trx' | head -n 1)"
if [[ -z "$trx" ]]; then
  echo "tests: 0 passed, 0 failed"
  echo "no test results were written (build failure?)" >&2
  exit 1
fi
read -r total passed failed skipped < <(python3 - "$trx" <<'PY' 2>/dev/null || sed -n 's/.*<Counters total="\([0-9]*\)" executed="[0-9]*" passed="\([0-9]*\)" failed="\([0-9]*\)".*notExecuted="\([0-9]*\)".*/\1 \2 \3 \4/p' "$trx"
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
m = re.search(r'<Counters\s+([^>]*)/>', text)
attrs = dict(re.findall(r'(\w+)="(\d+)"', m.group(1)))
print(attrs.get("total", "0"), attrs.get("passed", "0"), attrs.get("failed", "0"), attrs.get("notExecuted", "0"))
PY
)
total=${total:-0}; passed=${passed:-0}; failed=${failed:-0}; skipped=${skipped:-0}
echo "tests: ${passed} passed, ${failed} failed, ${skipped} skipped"
if [[ $status -ne 0 || $failed -ne 0 || $passed -eq 0 ]]; then
  exit 1
fi
