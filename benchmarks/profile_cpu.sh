#!/usr/bin/env bash
# Kernel for kernel on a busy machine: seconds per component as ONE thread's CPU time (which other jobs' load does
# not inflate the way it inflates wall time), ours vs torch 2.6 (the Debian 13 chroot of run.sh, OPENBLAS_NUM_THREADS=1),
# interleaved per configuration: base N = 0, 4, 12 and large N = 0, 8, 24. Writes benchmarks/results/profile-cpu.jsonl.
#   benchmarks/profile_cpu.sh          # REPEAT=3
set -euo pipefail
cd "$(dirname "$0")/.."
REPEAT=${REPEAT:-3}
OUT=${OUT:-benchmarks/results}
CHROOT=${CHROOT:-/var/cache/layerwise/trixie}
CLI=src/Layerwise.Cli/bin/Release/net10.0/Layerwise.Cli
[ -x "$CLI" ] || dotnet build src/Layerwise.Cli -c Release -v quiet -nologo >/dev/null
mountpoint -q "$CHROOT/proc" || mount -t proc proc "$CHROOT/proc"
mkdir -p "$CHROOT/opt/layerwise-bench" "$OUT"
cp benchmarks/peer_torchaudio.py benchmarks/profile_torchaudio.py "$CHROOT/opt/layerwise-bench/"
echo "profile-cpu: load before $(cut -d' ' -f1-3 /proc/loadavg)" >&2
: > "$OUT/profile-cpu.jsonl"
for arch in base large; do
  if [ "$arch" = base ]; then layers=(0 4 12); else layers=(0 8 24); fi
  for n in "${layers[@]}"; do
    "$CLI" bench --arch "$arch" --layers "$n" --threads 1 --repeat "$REPEAT" --profile --thread-cpu | tee -a "$OUT/profile-cpu.jsonl"
    chroot "$CHROOT" /usr/bin/env OPENBLAS_NUM_THREADS=1 python3 /opt/layerwise-bench/profile_torchaudio.py \
      --arch "$arch" --layers "$n" --threads 1 --repeat "$REPEAT" --thread-cpu | tee -a "$OUT/profile-cpu.jsonl"
  done
done
echo "profile-cpu: load after $(cut -d' ' -f1-3 /proc/loadavg)" >&2
