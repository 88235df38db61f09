#!/usr/bin/env bash
# Dataset-scale extraction throughput: `layerwise extract` on a synthetic corpus of variable-length utterances
# (1-8 s), 4 s crops (the paper's 64,600-sample head crop / tile) and full utterances, per utterance vs batched
# (equal lengths for crops; --by-length for full utterances), against the peer doing the paper's protocol (the SSL
# on every utterance, crops, batch 32; benchmarks/peer_paper_protocol.py) on the same files. Random-weight XLS-R 300M
# architecture truncated to LAYERS blocks. Writes benchmarks/results/extract.jsonl; benchmarks/table.py prints it.
#   benchmarks/extract_throughput.sh            # LAYERS=4 UTTERANCES=32 ROUNDS=2
#   DTYPES=bfloat16 benchmarks/extract_throughput.sh   # also crops batch 8, per utterance and by length with --dtype bfloat16
#                                                      # (run.sh sets it where the bf16 probe says bf16 is faster)
# Elsewhere (gpu-check.sh on a GPU machine): CLI = the command that runs the CLI, DEVICE = extract's and the peer's
# --device (unset: extract's default, CPU), OUT/FILE = where the JSON lines go.
set -euo pipefail
cd "$(dirname "$0")/.."
LAYERS=${LAYERS:-4}
UTTERANCES=${UTTERANCES:-32}
ROUNDS=${ROUNDS:-2}
THREADS=${THREADS:-2}
OUT=${OUT:-benchmarks/results}
FILE=${FILE:-extract.jsonl}
WORK=${WORK:-/tmp/layerwise-extract-bench}
CHROOT=${CHROOT:-/var/cache/layerwise/trixie}
PYTHON=${PYTHON:-/usr/bin/python3}
DTYPES=${DTYPES:-}     # extra compute dtypes (extract --dtype) for three of the rows, e.g. "bfloat16"
if [ -z "${CLI:-}" ]; then
  CLI=src/Layerwise.Cli/bin/Release/net10.0/Layerwise.Cli
  [ -x "$CLI" ] || dotnet build src/Layerwise.Cli -c Release -v quiet -nologo >/dev/null
fi
read -ra cli <<< "$CLI" # a command line, e.g. "dotnet /tmp/app/Layerwise.Cli.dll"
if [ -n "${DEVICE:-}" ]; then device=(--device "$DEVICE"); else device=(); fi
mkdir -p "$OUT" "$WORK"
corpus="$WORK/corpus"
"${cli[@]}" demo-data --out "$corpus" --train "$UTTERANCES" --dev 4 --eval 4 --min-seconds 1 --max-seconds 8 --seed 3 >/dev/null
files=("$corpus"/LA/ASVspoof2019_LA_train/flac/*.wav)
audio_seconds=$("$PYTHON" -c 'import sys, wave; print(sum(wave.open(f).getnframes() for f in sys.argv[1:]) / 16000)' "${files[@]}")
: > "$OUT/$FILE"

ours() { # name scenario extra-args...
  local name=$1 scenario=$2; shift 2
  rm -rf "$WORK/cache-$name"
  local json
  json=$(OMP_NUM_THREADS="$THREADS" "${cli[@]}" extract --dataset demo --root "$corpus" --split train --model xls-r-300m --random-weights \
    --layers "$LAYERS" --scenario "$scenario" --cache "$WORK/cache-$name" "${device[@]}" "$@" 2>"$WORK/$name.err") \
    || { echo "extract ($name) failed:" >&2; tail -20 "$WORK/$name.err" >&2; exit 1; }
  "$PYTHON" - "$name" "$scenario" "$audio_seconds" "$json" "$*" "$LAYERS" "${DEVICE:-cpu}" >> "$OUT/$FILE" <<'PY'
import json, sys
name, scenario, audio, report, args = sys.argv[1], sys.argv[2], float(sys.argv[3]), json.loads(sys.argv[4]), sys.argv[5]
layers, device = int(sys.argv[6]), sys.argv[7]
s = report["splits"][0]
seen = s["computed"] * 64600 / 16000 if scenario == "LA19" else audio  # crops: the SSL sees 4.04 s per utterance
print(json.dumps({"impl": "layerwise", "config": name, "args": args, "layers": layers, "utterances": s["computed"], "ssl_forward_passes": s["ssl_forward_passes"],
                  "seconds": s["seconds"], "audio_seconds": round(seen, 2), "utterances_per_second": round(s["computed"] / s["seconds"], 3),
                  "rtf": round(s["seconds"] / seen, 4), "device": device, "keep_freed_memory": report.get("keep_freed_memory"),
                  "dtype": report.get("dtype", "float32")}, separators=(",", ":")))
PY
  tail -1 "$OUT/$FILE"
}

peer() {
  if [ -x "$CHROOT/usr/bin/python3" ]; then
    mountpoint -q "$CHROOT/proc" || mount -t proc proc "$CHROOT/proc"
    rm -rf "$CHROOT/opt/layerwise-bench/corpus"
    mkdir -p "$CHROOT/opt/layerwise-bench/corpus"
    cp benchmarks/peer_torchaudio.py benchmarks/peer_paper_protocol.py "$CHROOT/opt/layerwise-bench/"
    cp "${files[@]}" "$CHROOT/opt/layerwise-bench/corpus/"
    local inside=()
    for f in "${files[@]}"; do inside+=("/opt/layerwise-bench/corpus/${f##*/}"); done
    chroot "$CHROOT" /usr/bin/env OPENBLAS_NUM_THREADS=1 python3 /opt/layerwise-bench/peer_paper_protocol.py --arch large \
      --layers "$LAYERS" --threads "$THREADS" "${device[@]}" "${inside[@]}"
  else
    OPENBLAS_NUM_THREADS=1 "$PYTHON" benchmarks/peer_paper_protocol.py --arch large --layers "$LAYERS" --threads "$THREADS" "${device[@]}" "${files[@]}"
  fi | tee -a "$OUT/$FILE"
}

echo "extract: load before $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for _ in $(seq "$ROUNDS"); do
  ours crops-batch1 LA19 --batch 1
  ours crops-batch8 LA19 --batch 8
  ours full-per-utterance HAD --batch 1
  ours full-by-length HAD --batch 8 --by-length
  for dtype in $DTYPES; do
    ours "crops-batch8-$dtype" LA19 --batch 8 --dtype "$dtype"
    ours "full-per-utterance-$dtype" HAD --batch 1 --dtype "$dtype"
    ours "full-by-length-$dtype" HAD --batch 8 --by-length --dtype "$dtype"
  done
  peer
done
echo "extract: load after $(cut -d' ' -f1-3 /proc/loadavg)" >&2
