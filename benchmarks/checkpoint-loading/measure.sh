#!/usr/bin/env bash
# Load time and peak memory of an XLS-R-sized random checkpoint (make_xlsr_checkpoints.py) truncated to N = 4 and
# N = 24 blocks, in each format: `layerwise features --layers N` on 1 s of audio, each run a fresh process.
# Prints one TSV row per run: format, N, load_seconds (the library's SslModels.Load, from the JSON), wall seconds and
# peak RSS (MB) of the whole process (/usr/bin/time). The first run of each file is untimed (page cache warm-up).
# Usage: benchmarks/checkpoint-loading/measure.sh [folder=/tmp/lw-xlsr] [repeats=3]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="${1:-/tmp/lw-xlsr}"
repeats="${2:-3}"
cli="$here/src/Layerwise.Cli/bin/Release/net10.0/Layerwise.Cli.dll"
[[ -f "$cli" ]] || dotnet build "$here/src/Layerwise.Cli" -c Release >/dev/null
[[ -f "$dir/xlsr2_300m-random.pt" ]] || /usr/bin/python3 "$here/benchmarks/checkpoint-loading/make_xlsr_checkpoints.py" "$dir"
wav="$dir/one-second.wav"
[[ -f "$wav" ]] || /usr/bin/python3 - "$wav" <<'PY'
import struct, sys, math
n = 16000
data = b"".join(struct.pack("<h", int(8000 * math.sin(i * 0.05))) for i in range(n))
with open(sys.argv[1], "wb") as f:
    f.write(b"RIFF" + struct.pack("<I", 36 + len(data)) + b"WAVEfmt " + struct.pack("<IHHIIHH", 16, 1, 1, 16000, 32000, 2, 16) + b"data" + struct.pack("<I", len(data)) + data)
PY
echo -e "format\tN\tload_s\twall_s\tpeak_rss_mb"
for model in tiny "$dir/hf-safetensors" "$dir/hf-bin" "$dir/xlsr2_300m-random.pt"; do
  case "$model" in
    tiny) name=tiny-random; sizes="4";;
    *safetensors) name=safetensors; sizes="4 24";;
    *hf-bin) name=pytorch_model.bin; sizes="4 24";;
    *) name=fairseq.pt; sizes="4 24";;
  esac
  dotnet "$cli" features --model "$model" --audio "$wav" --out "$dir/out.safetensors" --layers 4 >/dev/null
  for n in $sizes; do
    for ((r = 0; r < repeats; r++)); do
      json=$( { /usr/bin/time -f "TIME %e %M" dotnet "$cli" features --model "$model" --audio "$wav" --out "$dir/out.safetensors" --layers "$n"; } 2>"$dir/time.txt")
      load=$(sed -n 's/.*"load_seconds": \([0-9.]*\).*/\1/p' <<<"$json")
      read -r _ wall kb < <(grep '^TIME' "$dir/time.txt")
      echo -e "$name\t$n\t$load\t$wall\t$((kb / 1024))"
    done
  done
done
