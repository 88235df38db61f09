#!/usr/bin/env bash
# The CUDA path, checked on a GPU machine that has PyTorch (2.11, CUDA 13) but neither NuGet nor the .NET SDK:
#
#   benchmarks/gpu-check.sh prepare [DIR]   # HERE (CPU dev machine): build, and pack into DIR (default .gpu) the
#                                           # Release CLI without its CPU libtorch, the .NET runtime and TorchSharp
#                                           # 0.107's native sources (TORCHSHARP_SRC: a clone of dotnet/TorchSharp);
#                                           # 31 MiB, to carry beside the checkout
#   bash DIR/gpu-check.sh run [DIR]         # THERE, in the checkout (one command, ~5-8 min on 16 cores): build
#                                           # libLibTorchSharp.so against the machine's libtorch, run the checkout's
#                                           # SSL parity fixtures on CUDA and `bench --device cuda` (float32, bfloat16;
#                                           # base and large); results in $OUT (or DIR/results): gpu-check.log,
#                                           # gpu-info.json, gpu-parity.jsonl, gpu-bench.jsonl, gpu-extract.jsonl
#                                           # (`extract` per utterance vs batched, and the paper's protocol in
#                                           # torchaudio), gpu-peer.jsonl (torchaudio's forward; both peers as time
#                                           # allows), and where the
#                                           # machine's libtorch is newer than 2.10: compile-errors.txt and
#                                           # excised-functions.txt (exports left out because they no longer compile)
#   bash DIR/gpu-check.sh rehearse [DIR]    # the same without a GPU, on a CPU machine whose python3 has a torch with
#                                           # headers (Debian: python3-torch + libtorch-dev): everything but CUDA
#
# Self-checking: every step prints "ok:" or "FAIL:" and the script stops at the first failure with exit code 1.
set -euo pipefail
mode=${1:-}
TORCHSHARP_COMMIT=${TORCHSHARP_COMMIT:-c20b6a1c}   # dotnet/TorchSharp "Update release notes" of NuGet 0.107.0
ok() { echo "ok: $*"; }
fail() { echo "FAIL: $*" >&2; exit 1; }

prepare() {
  cd "$(dirname "$0")/.."
  local dir=${1:-.gpu}
  [ -n "${TORCHSHARP_SRC:-}" ] && [ -d "$TORCHSHARP_SRC" ] || fail "set TORCHSHARP_SRC to a clone (or bare mirror) of github.com/dotnet/TorchSharp"
  git -C "$TORCHSHARP_SRC" cat-file -e "$TORCHSHARP_COMMIT:src/Native/LibTorchSharp/THSTensor.cpp" 2>/dev/null \
    || fail "$TORCHSHARP_SRC has no commit $TORCHSHARP_COMMIT (TorchSharp 0.107.0)"
  git check-ignore -q "$dir/x" || fail "$dir is not ignored by git: add '/$dir/' to .git/info/exclude first (it must not be committed)"
  dotnet build src/Layerwise.Cli -c Release -v quiet -nologo >/dev/null || fail "dotnet build"
  rm -rf "$dir" && mkdir -p "$dir"
  local bin=src/Layerwise.Cli/bin/Release/net10.0
  # The managed app only: libtorch comes from the GPU machine's PyTorch, LibTorchSharp is built there.
  tar -C "$bin" --exclude=./runtimes --exclude='*.pdb' -cf - . | xz -T0 -6 > "$dir/app.tar.xz"
  local root; root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  local fx; fx=$(sed -n 's/.*"version": "\(10\.[^"]*\)".*/\1/p' "$bin/Layerwise.Cli.runtimeconfig.json" | head -1)
  fx=$(for v in "$root/shared/Microsoft.NETCore.App/${fx%.*}".*; do basename "$v"; done | sort -V | tail -1)
  tar -C "$root" -cf - dotnet host "shared/Microsoft.NETCore.App/$fx" | xz -T0 -6 > "$dir/dotnet.tar.xz"
  git -C "$TORCHSHARP_SRC" archive --format=tar "$TORCHSHARP_COMMIT" src/Native | xz -6 > "$dir/torchsharp-native.tar.xz"
  cp benchmarks/gpu-check.sh "$dir/"
  local mib; mib=$(du -sm "$dir" | cut -f1)
  [ "$mib" -le 60 ] || fail "$dir is $mib MiB (the carry limit is 64 MiB with the working tree)"
  ok "prepared $dir ($mib MiB): .NET $fx, TorchSharp native sources $TORCHSHARP_COMMIT"
  echo "then, on the GPU machine:  bash $dir/gpu-check.sh run $dir"
}

# The C and C++ compilers: $CC/$CXX, else cc/c++, else gcc/g++.
compilers() {
  CXX=${CXX:-$(command -v c++ || command -v g++ || true)}
  CC=${CC:-$(command -v cc || command -v gcc || true)}
  [ -n "$CXX" ] && [ -n "$CC" ] || fail "no C/C++ compiler (set CC and CXX)"
  export CC CXX # the parallel compile runs them from sub-shells
}

# Unpacks DIR's tarballs into $work (xz, else Python's lzma: a bare GPU image may lack xz-utils).
unpack() {
  local dir=$1 work=$2 f
  for f in app dotnet torchsharp-native; do
    mkdir -p "$work/$f"
    if command -v xz >/dev/null; then
      xz -dc "$dir/$f.tar.xz" | tar -C "$work/$f" -xf - || fail "unpack $f"
    else
      python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$dir/$f.tar.xz" "$work/$f" || fail "unpack $f"
    fi
  done
  ok "unpacked"
}

# libLibTorchSharp.so from TorchSharp 0.107's sources against python3's libtorch: each source file compiled in
# parallel with the flags of TorchSharp's CMake (CXX11 ABI, hidden visibility, -Bsymbolic), C++17 unless the
# headers demand C++20 (2.14's do), without its -Werror (newer headers warn where 2.10's did not) and
# without CMake's CUDA toolkit discovery; linked --no-as-needed to libtorch_cuda when there is one.
build_native() {
  local work=$1 out=$2 torchdir=$3
  local src=$work/torchsharp-native/src/Native std=c++17
  grep -qs 'C++20 or later' "$torchdir/include/ATen/ATen.h" && std=c++20
  local abi; abi=$(python3 -c 'import torch; print(int(torch._C._GLIBCXX_USE_CXX11_ABI))')
  local flags=(-O2 -fPIC "-std=$std" -D_GLIBCXX_USE_CXX11_ABI="$abi"
    -D__LINUX__ -D_NO_ASYNCRTIMP -D_NO_PPLXIMP -fvisibility=hidden -Wno-deprecated-declarations -w
    -I"$src" -I"$src/LibTorchSharp" -I"$torchdir/include" -I"$torchdir/include/torch/csrc/api/include")
  mkdir -p "$work/obj" "$out"
  rm -f "$out/excised-functions.txt" "$out/compile-errors.txt" # this build's, not an earlier run's
  local t0=$SECONDS round failed=() sources=("$src"/LibTorchSharp/*.cpp)
  for round in 1 2 3 4; do
    # shellcheck disable=SC2016
    printf '%s\n' "${sources[@]}" | xargs -P "${JOBS:-$(nproc)}" -I{} sh -c \
      'f={}; b=$(basename "$f"); rm -f "'"$work"'/obj/$b.o"; "$CXX" "$@" -c "$f" -o "'"$work"'/obj/$b.o" 2> "'"$work"'/obj/$b.err" || echo "compile failed: $b"' _ "${flags[@]}"
    failed=()
    for f in "${sources[@]}"; do [ -f "$work/obj/$(basename "$f").o" ] || failed+=("$f"); done
    [ ${#failed[@]} -eq 0 ] && break
    # Keep the compiler's errors: on a machine lent for minutes, they are what the next attempt is fixed from.
    for f in "${failed[@]}"; do
      { echo "=== round $round: $(basename "$f")"; cat "$work/obj/$(basename "$f").err"; } >> "$out/compile-errors.txt"
    done
    [ "$round" -eq 4 ] && break
    # A libtorch newer than TorchSharp's 2.10 drops APIs that a few exported functions wrap (2.14: named tensors,
    # shared_ptr autograd nodes). Each function whose body does not compile is left out, and listed; .NET binds
    # exports lazily, so only a call to one of them would fail (EntryPointNotFoundException), not the library.
    for f in "${failed[@]}"; do
      python3 - "$f" "$work/obj/$(basename "$f").err" "$out/excised-functions.txt" <<'PY' || fail "compiling $(basename "$f"): errors outside any function (see compile-errors.txt)"
import os, re, sys
src, err, log = sys.argv[1:4]
name = os.path.basename(src)
text = open(err, errors="replace").read()
where = re.compile(r"^\S*?" + re.escape(name) + r":(\d+):\d+:\s+(?:error|required from here)", re.M)
bad = sorted({int(m.group(1)) - 1 for m in where.finditer(text)})
lines = open(src).read().split("\n")
literal = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|//.*$')
regions, depth, start = [], 0, None  # top-level definitions: first line at column 0 .. the line closing them
for i, line in enumerate(lines):
    code = literal.sub("", line)
    if depth == 0 and start is None and code.strip() and not code[0].isspace() and code[0] not in "#{}/*":
        start = i
    depth += code.count("{") - code.count("}")
    if start is not None and depth == 0 and code.rstrip().endswith(("}", ";")):
        regions.append((start, i))
        start = None
hit = sorted({r for r in regions for b in bad if r[0] <= b <= r[1]})
if not bad or any(not any(r[0] <= b <= r[1] for r in regions) for b in bad):
    sys.exit(1)
with open(log, "a") as out:
    for a, b in reversed(hit):
        head = " ".join(lines[a:a + 3])
        fn = re.search(r"(\w+)\s*\(", head)
        out.write(f"{name}:{a + 1}-{b + 1} {fn.group(1) if fn else head[:60]}\n")
        lines[b] += "\n#endif"
        lines[a] = "#if 0 // left out by gpu-check.sh: does not compile against this libtorch\n" + lines[a]
open(src, "w").write("\n".join(lines))
PY
    done
    echo "round $round: left out $(wc -l < "$out/excised-functions.txt") function(s) so far; compiling ${#failed[@]} file(s) again"
    sources=("${failed[@]}")
  done
  if [ ${#failed[@]} -gt 0 ]; then
    for f in "${failed[@]}"; do
      echo "--- $(basename "$f") (first errors; all in compile-errors.txt)"; grep -m 8 'error' "$work/obj/$(basename "$f").err" || true
    done
    fail "compiling LibTorchSharp with -std=$std: ${#failed[@]} file(s) failed"
  fi
  [ -s "$out/excised-functions.txt" ] && echo "left out (they do not compile against this libtorch): $(cut -d' ' -f2 "$out/excised-functions.txt" | tr '\n' ' ')"
  "$CC" -O2 -fPIC -c "$src/LibTorchSharp/crc32c.c" -o "$work/obj/crc32c.o" || fail "compiling crc32c.c"
  local cuda_libs=()
  [ -f "$torchdir/lib/libtorch_cuda.so" ] && cuda_libs=(-ltorch_cuda -lc10_cuda)
  "$CXX" -shared -o "$work/app/libLibTorchSharp.so" "$work"/obj/*.o -Wl,-Bsymbolic -Wl,-Bsymbolic-functions \
    -L"$torchdir/lib" -Wl,--no-as-needed "${cuda_libs[@]}" -ltorch -ltorch_cpu -lc10 -Wl,--as-needed -Wl,-rpath,"$torchdir/lib" \
    || fail "linking libLibTorchSharp.so"
  # grep -c, not -q: -q stops reading at the first match, nm dies of SIGPIPE and pipefail fails the check
  nm -D --defined-only "$work/app/libLibTorchSharp.so" | grep -c ' THSTensor_matmul$' >/dev/null || fail "libLibTorchSharp.so lacks THSTensor_matmul"
  ok "built libLibTorchSharp.so (-std=$std${cuda_libs[*]:+, with libtorch_cuda}) in $((SECONDS - t0)) s against $torchdir"
}

# The Release CLI on the unpacked .NET runtime, with python3's libtorch and the LibTorchSharp just built.
use_app() {
  local work=$1 torchdir=$2
  export DOTNET_ROOT=$work/dotnet PATH=$work/dotnet:$PATH DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  export LD_LIBRARY_PATH=$torchdir/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  # Without ICU (a minimal image) .NET refuses to start unless told to run culture-invariant; the CLI needs no culture.
  if ! { ldconfig -p || /sbin/ldconfig -p; } 2>/dev/null | grep -c 'libicuuc\.so' >/dev/null; then export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1; fi
  # The CPU's float32 GEMM stays libtorch's own unless asked (LAYERWISE_FLOAT32_GEMM=auto|onednn): its oneDNN probe
  # compiles a TorchScript unit, and a compile error there aborts the process (TorchSharp does not catch it). The unit
  # ran through TorchSharp on libtorch 2.10 and 2.14.1 (rehearse with LAYERWISE_FLOAT32_GEMM=auto), but 2.11 is
  # untried and a one-shot GPU session must not depend on it; what this script checks runs on CUDA anyway.
  export LAYERWISE_FLOAT32_GEMM=${LAYERWISE_FLOAT32_GEMM:-blas}
  cli=(dotnet "$work/app/Layerwise.Cli.dll")
}

# Parity: the six fixtures on $device against the reference outputs (the CPU tests' bound is 1e-4).
parity() {
  local dir=$1 out=$2 device=$3
  local fixtures; fixtures=$(cd "$(dirname "$dir")" && pwd)/tests/Layerwise.Tests/fixtures/ssl-parity
  [ -d "$fixtures" ] || fail "no parity fixtures at $fixtures: DIR must sit in a checkout of the repository"
  "${cli[@]}" bench --device "$device" --parity-fixture "$fixtures"/* | tee "$out/gpu-parity.jsonl" || fail "parity run"
  python3 - "$out/gpu-parity.jsonl" "$device" <<'PY' || fail "parity above 1e-4 on $device (see gpu-parity.jsonl)"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
assert len(rows) == 6, f"{len(rows)} fixtures"
assert all(r["device"] == sys.argv[2] for r in rows), "ran on another device"
worst = max(r["max_abs_diff"] for r in rows)
print(f"worst max abs diff on {sys.argv[2]}:", worst, {r["fixture"]: r["max_abs_diff"] for r in rows})
sys.exit(0 if worst <= 1e-4 else 1)
PY
  ok "parity on $device <= 1e-4 for all six fixtures"
}

# The peer on the same machine: torchaudio's wav2vec2 in PyTorch with the same shapes and settings
# (benchmarks/peer_torchaudio.py from the checkout) for each "ARCH LAYERS DTYPE BATCH REPEAT WARMUP" line on stdin.
# Best effort: it is not what is being checked, so a missing torchaudio or a failed run is a "skip:", and no run
# starts after $PEER_UNTIL_S seconds of the script (the GPU machine's commands stop at 10 minutes).
peer_bench() {
  local dir=$1 out=$2 device=$3 arch layers dtype batch repeat warmup
  local peer; peer=$(dirname "$dir")/benchmarks/peer_torchaudio.py
  : > "$out/gpu-peer.jsonl"
  [ -f "$peer" ] || { echo "skip: peer (no $peer)"; return 0; }
  python3 -c 'import torchaudio' 2>/dev/null || { echo "skip: peer (python3 has no torchaudio)"; return 0; }
  while read -r arch layers dtype batch repeat warmup; do
    if [ "$SECONDS" -ge "${PEER_UNTIL_S:-480}" ]; then echo "skip: peer $arch $dtype batch $batch and later (out of time)"; break; fi
    timeout 120 python3 "$peer" --device "$device" --arch "$arch" --layers "$layers" --dtype "$dtype" --batch "$batch" \
      --repeat "$repeat" --warmup "$warmup" --threads "$(nproc)" </dev/null | tee -a "$out/gpu-peer.jsonl" \
      || echo "skip: peer $arch $dtype batch $batch failed"
  done
  ok "peer: $(wc -l < "$out/gpu-peer.jsonl") configurations in gpu-peer.jsonl"
}

# Dataset-scale extraction on $device (benchmarks/extract_throughput.sh): `extract` of a synthetic corpus of 1-8 s
# utterances, 4 s crops at batch 1 and 8, full utterances per utterance and batched by length, and the paper's
# protocol in torchaudio on the same files. Not started after $EXTRACT_UNTIL_S seconds of the script; an out-of-time
# or a failed peer is a "skip:", a failed `extract` of ours is a FAIL.
extract_step() {
  local dir=$1 out=$2 device=$3 rc=0 n
  : > "$out/gpu-extract.jsonl"
  if [ "$SECONDS" -ge "${EXTRACT_UNTIL_S:-360}" ]; then echo "skip: extraction throughput (out of time)"; return 0; fi
  OUT=$out FILE=gpu-extract.jsonl CLI="${cli[*]}" DEVICE=$device PYTHON=python3 CHROOT=/nonexistent THREADS=$(nproc) \
    UTTERANCES=${EXTRACT_UTTERANCES:-128} ROUNDS=1 WORK=$work/extract DTYPES= \
    timeout "${EXTRACT_TIMEOUT_S:-150}" bash "$(dirname "$dir")/benchmarks/extract_throughput.sh" </dev/null || rc=$?
  n=$(grep -c '"impl":"layerwise"' "$out/gpu-extract.jsonl" || true)
  if [ "$rc" -eq 124 ]; then echo "skip: extraction throughput stopped at ${EXTRACT_TIMEOUT_S:-150} s ($n of 4 configurations)"; return 0; fi
  [ "$n" -eq 4 ] || fail "extract --device $device: $n of 4 configurations (see gpu-check.log)"
  n=$(grep -c '"impl":"torchaudio-paper-protocol"' "$out/gpu-extract.jsonl" || true)
  [ "$n" -eq 1 ] || echo "skip: the extraction's peer (the paper's protocol in torchaudio) failed"
  ok "extract --device $device: 4 configurations and $n peer line(s) in gpu-extract.jsonl"
}

# What run and rehearse start with: DIR (default: the script's folder), the results folder ($OUT, else DIR/$1),
# the log of everything that follows, and a fresh work folder. Sets dir, out and work.
begin() {
  dir=$(cd "${2:-$(dirname "$0")}" && pwd)
  out=${OUT:-$dir/$1}
  mkdir -p "$out"
  exec > >(tee "$out/gpu-check.log") 2>&1
  work=/tmp/layerwise-gpu
  rm -rf "$work" && mkdir -p "$work"
}

# The bench configurations on the GPU, one "ARCH LAYERS DTYPE BATCH" line each: ours and the peer run the same.
gpu_configs() {
  local arch layers dtype batch
  for arch in base large; do
    if [ "$arch" = base ]; then layers=0,4,12; else layers=0,8,24; fi
    for dtype in float32 bfloat16; do for batch in 1 8; do echo "$arch $layers $dtype $batch"; done; done
  done
}

run() {
  local dir out work arch layers dtype batch
  begin results "${1:-}"
  echo "date: $(date -u +%FT%TZ)"
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || fail "no nvidia-smi"
  python3 -c 'import torch; assert torch.cuda.is_available(); print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.get_device_name(0))' \
    || fail "python3's torch does not see a GPU"
  local torchdir; torchdir=$(python3 -c 'import os, torch; print(os.path.dirname(torch.__file__))')
  [ -f "$torchdir/lib/libtorch_cuda.so" ] || fail "no libtorch_cuda.so under $torchdir/lib"
  compilers
  ok "GPU, PyTorch and a compiler are there ($torchdir)"

  unpack "$dir" "$work"
  build_native "$work" "$out" "$torchdir"
  use_app "$work" "$torchdir"
  "${cli[@]}" info | tee "$out/gpu-info.json"
  grep -q '"cuda_available": true' "$out/gpu-info.json" || fail "TorchSharp does not see CUDA (see gpu-info.json; --verbose for the load trace)"
  ok "TorchSharp loads the machine's libtorch and sees CUDA"
  parity "$dir" "$out" cuda

  # Forward-pass timing on the GPU: batch 1 and 8 of 4 s, float32 and bfloat16.
  : > "$out/gpu-bench.jsonl"
  while read -r arch layers dtype batch; do
    "${cli[@]}" bench --device cuda --arch "$arch" --layers "$layers" --dtype "$dtype" --batch "$batch" --repeat 20 --warmup 3 \
      </dev/null | tee -a "$out/gpu-bench.jsonl" || fail "bench $arch $dtype batch $batch"
  done < <(gpu_configs)
  [ "$(wc -l < "$out/gpu-bench.jsonl")" -eq 24 ] || fail "expected 24 bench lines"
  ok "bench --device cuda: 24 configurations in gpu-bench.jsonl"
  extract_step "$dir" "$out" cuda
  gpu_configs | sed 's/$/ 20 3/' | peer_bench "$dir" "$out" cuda
  python3 "$(dirname "$dir")/benchmarks/table.py" --gpu "$out" || echo "skip: table.py --gpu"
  echo "done: $(date -u +%FT%TZ)"
}

# Everything `run` does but the GPU, on a CPU machine whose python3 has a torch with headers (Debian's python3-torch
# with libtorch-dev does): the native build, TorchSharp loading it with that libtorch, parity and a short bench on CPU.
rehearse() {
  local dir out work
  begin results-rehearsal "${1:-}"
  echo "date: $(date -u +%FT%TZ) (rehearsal on CPU)"
  python3 -c 'import torch; print("torch", torch.__version__)' || fail "python3 has no torch"
  local torchdir; torchdir=$(python3 -c 'import os, torch; print(os.path.dirname(torch.__file__))')
  [ -f "$torchdir/include/ATen/ATen.h" ] || fail "no libtorch headers under $torchdir/include (Debian: install libtorch-dev)"
  compilers
  ok "PyTorch with headers and a compiler are there ($torchdir)"
  unpack "$dir" "$work"
  build_native "$work" "$out" "$torchdir"
  use_app "$work" "$torchdir"
  "${cli[@]}" info | tee "$out/gpu-info.json"
  grep -q '"torchsharp"' "$out/gpu-info.json" || fail "layerwise info did not run"
  ok "TorchSharp loads this libtorch through the LibTorchSharp built here"
  parity "$dir" "$out" cpu
  "${cli[@]}" bench --device cpu --arch base --layers 0,4 --repeat 2 --warmup 1 | tee "$out/gpu-bench.jsonl" || fail "bench"
  [ "$(wc -l < "$out/gpu-bench.jsonl")" -eq 2 ] || fail "expected 2 bench lines"
  ok "bench on cpu: 2 configurations in gpu-bench.jsonl"
  EXTRACT_UTTERANCES=${EXTRACT_UTTERANCES:-8} EXTRACT_UNTIL_S=86400 EXTRACT_TIMEOUT_S=600 extract_step "$dir" "$out" cpu
  echo "base 0,4 float32 1 2 1" | PEER_UNTIL_S=${PEER_UNTIL_S:-86400} peer_bench "$dir" "$out" cpu # no 10-minute limit here
  python3 "$(dirname "$dir")/benchmarks/table.py" --gpu "$out" || echo "skip: table.py --gpu"
  echo "done: $(date -u +%FT%TZ)"
}

case "$mode" in
  prepare) shift; prepare "$@" ;;
  run) shift; run "$@" ;;
  rehearse) shift; rehearse "$@" ;;
  *) echo "usage: $0 prepare [DIR] | run [DIR] | rehearse [DIR]" >&2; exit 2 ;;
esac
