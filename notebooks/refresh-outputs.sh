#!/usr/bin/env bash
# Regenerates the committed notebook outputs: every notebook in quick demo mode (no data home, the default model),
# then replaces this machine's paths in the outputs (repository root -> <repo>, home folder -> ~), so the committed
# outputs carry no machine paths. Run from anywhere; builds the CLI in Release first.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/.." && pwd)"
dotnet build "$repo/src/Layerwise.Cli" -c Release >/dev/null
cd "$here"
for nb in [0-9][0-9]-*.ipynb; do
  env -u LAYERWISE_DATA -u LAYERWISE_MODEL -u LAYERWISE_DEVICE LAYERWISE_QUICK=1 \
    dotnet tool run dotnet-repl --run "$nb" --exit-after-run --output-path "$nb"
  echo "$nb done"
done
sed -i -e "s#${repo}#<repo>#g" -e "s#${HOME}/#~/#g" [0-9][0-9]-*.ipynb
du -ch [0-9][0-9]-*.ipynb | tail -1
