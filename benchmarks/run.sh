#!/usr/bin/env bash
# Side-by-side forward-pass benchmark: `layerwise bench` against torchaudio 0.13 (Debian python3-torch 1.13,
# OpenBLAS pthread) on the same machine, in one run. Writes benchmarks/results/*.jsonl and machine.txt;
# benchmarks/table.py turns them into the README's tables.
#   benchmarks/run.sh                     # defaults: 4 s audio, batch 1, 2 threads, 7 repeats
#   REPEAT=5 THREADS=4 benchmarks/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
REPEAT=${REPEAT:-7}
THREADS=${THREADS:-2}
SECONDS_AUDIO=${SECONDS_AUDIO:-4}
BATCH=${BATCH:-1}
OUT=${OUT:-benchmarks/results}
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian's python3-torch / python3-torchaudio

dotnet build src/Layerwise.Cli -c Release -v quiet -nologo >/dev/null
CLI=src/Layerwise.Cli/bin/Release/net10.0/Layerwise.Cli
mkdir -p "$OUT"
common=(--seconds "$SECONDS_AUDIO" --batch "$BATCH" --threads "$THREADS" --repeat "$REPEAT")

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu: $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores visible)"
  echo "os: $(. /etc/os-release; echo "$PRETTY_NAME") $(uname -r)"
  echo "dotnet: $(dotnet --version); torchsharp: $($CLI info | sed -n 's/.*"torchsharp": "\([^"]*\)".*/\1/p')"
  echo "python: $($PYTHON -c 'import torch, torchaudio; print("torch", torch.__version__, "torchaudio", torchaudio.__version__)')"
  echo "blas: $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)"
  echo "settings: seconds=$SECONDS_AUDIO batch=$BATCH threads=$THREADS repeat=$REPEAT"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/machine.txt"

# Ours and the peer alternate per architecture so that both see the same machine state.
for arch in base large; do
  if [ "$arch" = base ]; then layers=0,4,12; else layers=0,8,24; fi
  echo "load before $arch: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
  "$CLI" bench --arch "$arch" --layers "$layers" "${common[@]}" | tee "$OUT/layerwise-$arch.jsonl"
  "$PYTHON" benchmarks/peer_torchaudio.py --arch "$arch" --layers "$layers" "${common[@]}" | tee "$OUT/torchaudio-$arch.jsonl"
  # The same peer with OpenBLAS single-threaded: torch's 2 OpenMP threads + OpenBLAS's own 2 threads oversubscribe 2 cores.
  OPENBLAS_NUM_THREADS=1 "$PYTHON" benchmarks/peer_torchaudio.py --arch "$arch" --layers "$layers" "${common[@]}" | tee "$OUT/torchaudio-$arch-openblas1.jsonl"
  "$CLI" bench --arch "$arch" --layers "$layers" "${common[@]}" --dtype bfloat16 | tee "$OUT/layerwise-$arch-bf16.jsonl"
  "$PYTHON" benchmarks/peer_torchaudio.py --arch "$arch" --layers "$layers" "${common[@]}" --dtype bfloat16 | tee "$OUT/torchaudio-$arch-bf16.jsonl"
done

# The library's default path (no_grad) against inference mode, full base model.
"$CLI" bench --arch base --layers 12 "${common[@]}" --inference-mode false | tee "$OUT/layerwise-base-nograd.jsonl"

# Where the time goes, per component (wall time, same threads).
{
  "$CLI" bench --arch base --layers 12 --threads "$THREADS" --repeat "$REPEAT" --profile
  "$PYTHON" benchmarks/profile_torchaudio.py --arch base --layers 12 --threads "$THREADS" --repeat "$REPEAT"
  "$CLI" bench --arch large --layers 24 --threads "$THREADS" --repeat "$REPEAT" --profile
  "$PYTHON" benchmarks/profile_torchaudio.py --arch large --layers 24 --threads "$THREADS" --repeat "$REPEAT"
} | tee "$OUT/profile.jsonl"

echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
"$PYTHON" benchmarks/table.py "$OUT"
