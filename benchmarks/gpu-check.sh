#!/usr/bin/env bash
# The CUDA path, checked on a GPU machine that has PyTorch (2.11, CUDA 13) but neither NuGet nor the .NET SDK:
#
#   benchmarks/gpu-check.sh prepare [DIR]   # HERE (CPU dev machine): build, and pack into DIR (default .gpu) the
#                                           # Release CLI without its CPU libtorch, the .NET runtime, TorchSharp
#                                           # 0.107's native sources (TORCHSHARP_SRC: a clone of dotnet/TorchSharp)
#                                           # and the SSL parity fixtures; DIR must stay under ~60 MiB
#   bash DIR/gpu-check.sh run [DIR]         # THERE (one command, ~5-8 min on 16 cores): build libLibTorchSharp.so
#                                           # against the machine's libtorch, run the parity fixtures on CUDA and
#                                           # `bench --device cuda` (float32, bfloat16; base and large); results in
#                                           # $OUT (or DIR/results): gpu-check.log, gpu-bench.jsonl, gpu-parity.jsonl
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
  fx=$(ls "$root/shared/Microsoft.NETCore.App" | grep "^${fx%.*}" | sort -V | tail -1)
  tar -C "$root" -cf - dotnet host "shared/Microsoft.NETCore.App/$fx" | xz -T0 -6 > "$dir/dotnet.tar.xz"
  git -C "$TORCHSHARP_SRC" archive --format=tar "$TORCHSHARP_COMMIT" src/Native | xz -6 > "$dir/torchsharp-native.tar.xz"
  tar -C tests/Layerwise.Tests/fixtures -cf - ssl-parity | xz -6 > "$dir/ssl-parity.tar.xz"
  cp benchmarks/gpu-check.sh "$dir/"
  local mib; mib=$(du -sm "$dir" | cut -f1)
  [ "$mib" -le 60 ] || fail "$dir is $mib MiB (the carry limit is 64 MiB with the working tree)"
  ok "prepared $dir ($mib MiB): .NET $fx, TorchSharp native sources $TORCHSHARP_COMMIT"
  echo "then, on the GPU machine:  bash $dir/gpu-check.sh run $dir"
}

run() {
  local dir; dir=$(cd "${1:-$(dirname "$0")}" && pwd)
  local out=${OUT:-$dir/results}
  mkdir -p "$out"
  exec > >(tee "$out/gpu-check.log") 2>&1
  local work=/tmp/layerwise-gpu
  rm -rf "$work" && mkdir -p "$work"
  echo "date: $(date -u +%FT%TZ)"
  command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || fail "no nvidia-smi"
  python3 -c 'import torch; assert torch.cuda.is_available(); print("torch", torch.__version__, "cuda", torch.version.cuda, torch.cuda.get_device_name(0))' \
    || fail "python3's torch does not see a GPU"
  local torchdir; torchdir=$(python3 -c 'import os, torch; print(os.path.dirname(torch.__file__))')
  [ -f "$torchdir/lib/libtorch_cuda.so" ] || fail "no libtorch_cuda.so under $torchdir/lib"
  command -v c++ >/dev/null || fail "no C++ compiler"
  ok "GPU, PyTorch and a compiler are there ($torchdir)"

  for f in app dotnet torchsharp-native ssl-parity; do
    mkdir -p "$work/$f" && xz -dc "$dir/$f.tar.xz" | tar -C "$work/$f" -xf - || fail "unpack $f"
  done
  ok "unpacked"

  # libLibTorchSharp.so from TorchSharp 0.107's sources against this libtorch: each source file compiled in
  # parallel with the flags of TorchSharp's CMake (C++17, CXX11 ABI, hidden visibility, -Bsymbolic), without its
  # -Werror (newer libtorch headers warn where 2.10's did not) and without CMake's CUDA toolkit discovery.
  local src=$work/torchsharp-native/src/Native
  local flags=(-O2 -fPIC -std=c++17 -D_GLIBCXX_USE_CXX11_ABI="$(python3 -c 'import torch; print(int(torch._C._GLIBCXX_USE_CXX11_ABI))')"
    -D__LINUX__ -D_NO_ASYNCRTIMP -D_NO_PPLXIMP -fvisibility=hidden -Wno-deprecated-declarations -w
    -I"$src" -I"$src/LibTorchSharp" -I"$torchdir/include" -I"$torchdir/include/torch/csrc/api/include")
  mkdir -p "$work/obj"
  local t0=$SECONDS
  # shellcheck disable=SC2016
  printf '%s\n' "$src"/LibTorchSharp/*.cpp | xargs -P "$(nproc)" -I{} sh -c 'c++ "$@" -c "{}" -o "'"$work"'/obj/$(basename "{}").o" || { echo "compile failed: {}"; exit 255; }' _ "${flags[@]}" \
    || fail "compiling LibTorchSharp"
  cc -O2 -fPIC -c "$src/LibTorchSharp/crc32c.c" -o "$work/obj/crc32c.o" || fail "compiling crc32c.c"
  c++ -shared -o "$work/app/libLibTorchSharp.so" "$work"/obj/*.o -Wl,-Bsymbolic -Wl,-Bsymbolic-functions \
    -L"$torchdir/lib" -Wl,--no-as-needed -ltorch_cuda -lc10_cuda -ltorch -ltorch_cpu -lc10 -Wl,--as-needed -Wl,-rpath,"$torchdir/lib" \
    || fail "linking libLibTorchSharp.so"
  nm -D --defined-only "$work/app/libLibTorchSharp.so" | grep -q ' THSTensor_matmul$' || fail "libLibTorchSharp.so lacks THSTensor_matmul"
  ok "built libLibTorchSharp.so in $((SECONDS - t0)) s against $torchdir"

  export DOTNET_ROOT=$work/dotnet PATH=$work/dotnet:$PATH DOTNET_CLI_TELEMETRY_OPTOUT=1
  export LD_LIBRARY_PATH=$torchdir/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
  local cli=(dotnet "$work/app/Layerwise.Cli.dll")
  "${cli[@]}" info | tee "$out/gpu-info.json"
  grep -q '"cuda_available": true' "$out/gpu-info.json" || fail "TorchSharp does not see CUDA (see gpu-info.json; --verbose for the load trace)"
  ok "TorchSharp loads the machine's libtorch and sees CUDA"

  # Parity: the six fixtures on CUDA against the reference outputs (the CPU tests' bound is 1e-4).
  "${cli[@]}" bench --device cuda --parity-fixture "$work"/ssl-parity/ssl-parity/* | tee "$out/gpu-parity.jsonl" || fail "parity run"
  python3 - "$out/gpu-parity.jsonl" <<'PY' || fail "parity above 1e-4 on CUDA (see gpu-parity.jsonl)"
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
assert len(rows) == 6, f"{len(rows)} fixtures"
worst = max(r["max_abs_diff"] for r in rows)
print("worst max abs diff on CUDA:", worst, {r["fixture"]: r["max_abs_diff"] for r in rows})
sys.exit(0 if worst <= 1e-4 else 1)
PY
  ok "parity on CUDA <= 1e-4 for all six fixtures"

  # Forward-pass timing on the GPU: batch 1 and 8 of 4 s, float32 and bfloat16.
  : > "$out/gpu-bench.jsonl"
  for arch in base large; do
    if [ "$arch" = base ]; then layers=0,4,12; else layers=0,8,24; fi
    for dtype in float32 bfloat16; do
      for batch in 1 8; do
        "${cli[@]}" bench --device cuda --arch "$arch" --layers "$layers" --dtype "$dtype" --batch "$batch" --repeat 20 --warmup 3 \
          | tee -a "$out/gpu-bench.jsonl" || fail "bench $arch $dtype batch $batch"
      done
    done
  done
  [ "$(wc -l < "$out/gpu-bench.jsonl")" -eq 24 ] || fail "expected 24 bench lines"
  ok "bench --device cuda: 24 configurations in gpu-bench.jsonl"
  echo "done: $(date -u +%FT%TZ)"
}

case "$mode" in
  prepare) shift; prepare "$@" ;;
  run) shift; run "$@" ;;
  *) echo "usage: $0 prepare [DIR] | run [DIR]" >&2; exit 2 ;;
esac
