#!/usr/bin/env bash
# Side-by-side forward-pass benchmark: `layerwise bench` against every torchaudio configuration a user could pick,
# in one interleaved run on this machine:
#   - torch 2.6 / torchaudio 2.6 (Debian 13 packages, OpenBLAS pthread) in a chroot: default threads, and
#     OPENBLAS_NUM_THREADS=1 (torch's OpenMP threads + OpenBLAS's own threads otherwise oversubscribe the cores);
#   - torch 1.13 / torchaudio 0.13 (Debian 12's python3-torch on the host), the same two settings (secondary rows).
# The chroot is made with debootstrap when missing (root and the Debian mirror needed, ~5 min) and cached in
# $CHROOT between runs. Writes benchmarks/results/*.jsonl and machine.txt (CPU model and flags, load, versions);
# benchmarks/table.py turns them into the README's tables.
#   benchmarks/run.sh                     # defaults: 4 s audio, batch 1, 2 threads, 7 repeats
#   REPEAT=5 THREADS=4 benchmarks/run.sh
#   MODERN=0 benchmarks/run.sh            # without the chroot (torch 1.13 peer only)
#   EXTRACT=0 benchmarks/run.sh           # without the extraction-throughput run (benchmarks/extract_throughput.sh)
#   DTYPES= benchmarks/run.sh             # extraction in float32 only (default: also bfloat16 where the bf16 probe says it is faster)
#   README=0 benchmarks/run.sh            # without rewriting the generated section of benchmarks/README.md
# Every *.jsonl at the top of $OUT is this run's (older runs' files are removed first; dated sub-folders are kept).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)
REPEAT=${REPEAT:-7}
THREADS=${THREADS:-2}
SECONDS_AUDIO=${SECONDS_AUDIO:-4}
BATCH=${BATCH:-1}
OUT=${OUT:-benchmarks/results}
PYTHON=${PYTHON:-/usr/bin/python3}   # Debian 12's python3-torch / python3-torchaudio
CHROOT=${CHROOT:-/var/cache/layerwise/trixie}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
MODERN=${MODERN:-1}
ARCHS=${ARCHS:-base large}
BF16=${BF16:-auto}     # 1: bfloat16 rows for every arch; auto: those where the bf16 probe says bf16 is faster, else one short row (base N = 4); 0: none
INT8=${INT8:-1}        # 1: `--dtype int8` rows (ours: the blocks' GEMMs; torch 2.6: quantize_dynamic of every nn.Linear); 0: none
PROFILE=${PROFILE:-1}  # 0: skip the per-component profile (wall time, same threads)
PROFILE_CPU=${PROFILE_CPU:-0}  # 1: also benchmarks/profile_cpu.sh (one thread's CPU time; for a busy machine)
EXTRACT=${EXTRACT:-1}  # 0: skip the extraction-throughput run
README=${README:-1}    # 0: print the tables only; 1: also write them into benchmarks/README.md's generated section

# The modern peer: a minimal Debian 13 with its PyTorch 2.6, made once.
if [ "$MODERN" = 1 ] && [ ! -x "$CHROOT/usr/bin/python3" ]; then
  if [ "$(id -u)" != 0 ] || ! command -v debootstrap >/dev/null; then
    echo "run.sh: the modern peer needs root and debootstrap to create $CHROOT (or MODERN=0)" >&2
    exit 2
  fi
  echo "run.sh: creating $CHROOT (debootstrap trixie, ~5 min)" >&2
  mkdir -p "$(dirname "$CHROOT")"
  rm -rf "$CHROOT.tmp"
  debootstrap --variant=minbase --include=python3-torch,python3-torchaudio,python3-numpy,libopenblas0-pthread \
    trixie "$CHROOT.tmp" "$MIRROR" >&2
  mv "$CHROOT.tmp" "$CHROOT"
fi
if [ "$MODERN" = 1 ]; then
  # torch reads the CPU's capabilities from /proc/cpuinfo: without /proc it falls back to its non-AVX kernels.
  mountpoint -q "$CHROOT/proc" || mount -t proc proc "$CHROOT/proc"
  mkdir -p "$CHROOT/opt/layerwise-bench"
  cp benchmarks/peer_torchaudio.py benchmarks/profile_torchaudio.py "$CHROOT/opt/layerwise-bench/"
fi
modern() { chroot "$CHROOT" /usr/bin/env "$@"; }
MODERN_PEER=/opt/layerwise-bench/peer_torchaudio.py

dotnet build src/Layerwise.Cli -c Release -v quiet -nologo >/dev/null
CLI=src/Layerwise.Cli/bin/Release/net10.0/Layerwise.Cli
mkdir -p "$OUT"
rm -f "$OUT"/*.jsonl "$OUT"/machine.txt   # one run's files only (the README's generated section is made from them)
common=(--seconds "$SECONDS_AUDIO" --batch "$BATCH" --threads "$THREADS" --repeat "$REPEAT")
short=(--seconds "$SECONDS_AUDIO" --batch "$BATCH" --threads "$THREADS" --repeat 2)
probe=$($CLI bench --probe-bf16 --threads "$THREADS")
if [ "$BF16" = auto ]; then
  case "$probe" in *'"fastest":"bfloat16"'*) BF16=1 ;; *) BF16=base ;; esac
fi

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "cpu: $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) cores visible)"
  # The flags that decide which kernels run: AVX2/FMA, AVX-512 (and its bf16/VNNI extensions), AMX.
  echo "cpu flags: $(grep -m1 '^flags' /proc/cpuinfo | tr ' ' '\n' | grep -E '^(avx|avx2|fma|f16c|avx512[a-z_0-9]*|amx[a-z_0-9]*|avx_vnni)$' | sort | tr '\n' ' ')"
  echo "cpu family/model/stepping: $(lscpu | sed -n 's/^CPU family: *//p')/$(lscpu | sed -n 's/^Model: *//p')/$(lscpu | sed -n 's/^Stepping: *//p'); hypervisor: $(lscpu | sed -n 's/^Hypervisor vendor: *//p')"
  echo "memory: $(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  echo "os: $(. /etc/os-release; echo "$PRETTY_NAME") $(uname -r)"
  echo "dotnet: $(dotnet --version); torchsharp: $($CLI info | sed -n 's/.*"torchsharp": "\([^"]*\)".*/\1/p')"
  echo "bf16 probe: $probe"
  echo "peer torch 1.13 (host): $($PYTHON -c 'import torch, torchaudio; print("torch", torch.__version__, "torchaudio", torchaudio.__version__)'), blas $(readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)"
  if [ "$MODERN" = 1 ]; then
    echo "peer torch 2.6 ($CHROOT): $(modern python3 -c 'import torch, torchaudio; print("torch", torch.__version__, "torchaudio", torchaudio.__version__, "capability", torch.backends.cpu.get_cpu_capability())' 2>/dev/null), blas $(chroot "$CHROOT" readlink -f /usr/lib/x86_64-linux-gnu/libblas.so.3)"
  fi
  # The yardstick of the issue: fp32 GEMM (2048³) at these threads, torch 2.6 with its default OpenBLAS threads.
  if [ "$MODERN" = 1 ]; then
    echo "sgemm: $(modern python3 -c '
import sys, time, torch
torch.set_num_threads(int(sys.argv[1]))
a, b = torch.randn(2048, 2048), torch.randn(2048, 2048)
ts = []
for _ in range(7):
    t = time.perf_counter(); a @ b; ts.append(time.perf_counter() - t)
print(f"{2 * 2048 ** 3 / sorted(ts)[3] / 1e9:.0f} GFLOP/s (torch 2.6, 2048³ fp32, {sys.argv[1]} threads, median of 7)")' "$THREADS")"
  fi
  # The same through our libtorch 2.10: its BLAS (MKL) and oneDNN, the two float32 GEMMs the library chooses between.
  echo "sgemm ours: $($CLI bench --sgemm --threads "$THREADS")"
  echo "settings: seconds=$SECONDS_AUDIO batch=$BATCH threads=$THREADS repeat=$REPEAT"
  echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/machine.txt"

# Ours and every peer configuration alternate per architecture so that all see the same machine state.
for arch in $ARCHS; do
  if [ "$arch" = base ]; then layers=0,4,12; else layers=0,8,24; fi
  echo "load before $arch: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
  "$CLI" bench --arch "$arch" --layers "$layers" "${common[@]}" | tee "$OUT/layerwise-$arch.jsonl"
  if [ "$MODERN" = 1 ]; then
    modern python3 "$MODERN_PEER" --arch "$arch" --layers "$layers" "${common[@]}" | tee "$OUT/torch26-$arch.jsonl"
    modern OPENBLAS_NUM_THREADS=1 python3 "$MODERN_PEER" --arch "$arch" --layers "$layers" "${common[@]}" | tee "$OUT/torch26-$arch-openblas1.jsonl"
  fi
  "$PYTHON" benchmarks/peer_torchaudio.py --arch "$arch" --layers "$layers" "${common[@]}" | tee "$OUT/torchaudio-$arch.jsonl"
  OPENBLAS_NUM_THREADS=1 "$PYTHON" benchmarks/peer_torchaudio.py --arch "$arch" --layers "$layers" "${common[@]}" | tee "$OUT/torchaudio-$arch-openblas1.jsonl"
  if [ "$INT8" = 1 ]; then  # opt-in int8: each side's dynamic quantization, with its error against float32 in the line
    "$CLI" bench --arch "$arch" --layers "$layers" "${common[@]}" --dtype int8 | tee "$OUT/layerwise-$arch-int8.jsonl"
    if [ "$MODERN" = 1 ]; then
      modern OPENBLAS_NUM_THREADS=1 python3 "$MODERN_PEER" --arch "$arch" --layers "$layers" "${common[@]}" --dtype int8 | tee "$OUT/torch26-$arch-int8.jsonl"
    fi
  fi
  [ "$BF16" = 1 ] || continue
  "$CLI" bench --arch "$arch" --layers "$layers" "${common[@]}" --dtype bfloat16 | tee "$OUT/layerwise-$arch-bf16.jsonl"
  if [ "$MODERN" = 1 ]; then
    modern OPENBLAS_NUM_THREADS=1 python3 "$MODERN_PEER" --arch "$arch" --layers "$layers" "${common[@]}" --dtype bfloat16 | tee "$OUT/torch26-$arch-bf16.jsonl"
  fi
done

# bf16 is slower here (the probe; the GEMM ~7x on Zen 3, the whole forward far more): one short row records by how
# much, after the interleaved rows, so that its minute of slow, memory-heavy passes does not precede any of them.
if [ "$BF16" = base ]; then
  "$CLI" bench --arch base --layers 4 "${short[@]}" --dtype bfloat16 | tee "$OUT/layerwise-base-bf16.jsonl"
fi

# The library's default path (no_grad) against inference mode, full base model.
"$CLI" bench --arch base --layers 12 "${common[@]}" --inference-mode false | tee "$OUT/layerwise-base-nograd.jsonl"

# Where the time goes, per component (wall time, same threads), against the best peer configuration.
if [ "$PROFILE" = 1 ]; then
  for arch in $ARCHS; do
    if [ "$arch" = base ]; then layers=(0 4 12); else layers=(0 8 24); fi
    for n in "${layers[@]}"; do
      "$CLI" bench --arch "$arch" --layers "$n" --threads "$THREADS" --repeat "$REPEAT" --profile
      if [ "$MODERN" = 1 ]; then
        modern OPENBLAS_NUM_THREADS=1 python3 /opt/layerwise-bench/profile_torchaudio.py --arch "$arch" --layers "$n" --threads "$THREADS" --repeat "$REPEAT"
      else
        OPENBLAS_NUM_THREADS=1 "$PYTHON" benchmarks/profile_torchaudio.py --arch "$arch" --layers "$n" --threads "$THREADS" --repeat "$REPEAT"
      fi
    done
  done | tee "$OUT/profile.jsonl"
fi

if [ "$PROFILE_CPU" = 1 ]; then
  OUT="$OUT" benchmarks/profile_cpu.sh
fi
if [ "$EXTRACT" = 1 ]; then
  echo "load before extraction: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
  # Where bf16 is the fast path (the probe), the extraction rows are also run with `extract --dtype bfloat16`.
  if [ "$BF16" = 1 ]; then extract_dtypes=bfloat16; else extract_dtypes=; fi
  OUT="$OUT" THREADS="$THREADS" DTYPES="${DTYPES-$extract_dtypes}" benchmarks/extract_throughput.sh
fi
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/machine.txt"
echo "run seconds: $(( $(date +%s) - started ))" >> "$OUT/machine.txt"
if [ "$README" = 1 ]; then
  "$PYTHON" benchmarks/table.py "$OUT" --readme benchmarks/README.md
else
  "$PYTHON" benchmarks/table.py "$OUT"
fi
