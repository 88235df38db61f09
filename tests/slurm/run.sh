#!/usr/bin/env bash
# The Slurm path for real: a single-node Slurm cluster on localhost runs the job array that
# `layerwise replicate --emit-slurm` writes (extraction array -> cell array -> collect), and the collected tables must
# equal, byte for byte, those of a local one-shot run of the same config (2 tiny models, 24 cells). Needs root (it
# starts munged, slurmctld and slurmd) and Debian's slurm-wlm + munge (installed when missing). Not part of
# tests/run.sh or CI: it took 794 s on the 2-core VM under heavy load from other jobs (load average ~45).
#   bash tests/slurm/run.sh            # exit 0 = identical tables
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/layerwise-slurm-XXXXXX)
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  [ "${KEEP:-0}" = 1 ] || rm -rf "$work"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] || { echo "run as root (it starts munged, slurmctld, slurmd)" >&2; exit 2; }
if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  apt-get install -y slurm-wlm munge >/dev/null
fi
start=$(date +%s)

echo "== build"
dotnet build "$repo/src/Layerwise.Cli/Layerwise.Cli.csproj" -c Release -nologo -v quiet >/dev/null
cli="dotnet $repo/src/Layerwise.Cli/bin/Release/net10.0/Layerwise.Cli.dll"

echo "== data and config in $work"
data=$work/data
$cli demo-data --out "$data/asvspoof2019-la" --train 8 --dev 6 --eval 8 --min-seconds 0.5 --max-seconds 0.6 \
  --bonafide-fraction 0.5 --speakers 2 --audio flac >/dev/null
$cli demo-data --out "$data/scenefake" --scenario scene --seed 7 --train 8 --dev 6 --eval 8 --min-seconds 0.5 --max-seconds 0.6 \
  --bonafide-fraction 0.5 --speakers 2 >/dev/null
fx=$repo/tests/Layerwise.Tests/fixtures/ssl-parity
cat > "$work/mini.json" <<JSON
{ "models": [ { "name": "hubert-base-tiny", "model": "$fx/hubert-base-tiny", "n_layers": [2, 4] },
              { "name": "w2v2-large-tiny", "model": "$fx/wav2vec2-large-tiny", "n_layers": [4] } ],
  "backends": ["ffn", "aasist"], "seeds": [1, 42], "threads": 1,
  "training": { "epochs": 2, "patience": 2, "batch_size": 8 },
  "studies": [ { "train": { "dataset": "asvspoof2019-la", "scenario": "demo" }, "eval": [ { "column": "LA19", "dataset": "asvspoof2019-la" } ] },
               { "train": { "dataset": "scenefake", "scenario": "demo" }, "eval": [ { "column": "SceneFake", "dataset": "scenefake" } ] } ] }
JSON
export OMP_NUM_THREADS=1

echo "== local one-shot run"
$cli replicate --config "$work/mini.json" --out "$work/local" --data-home "$data" >/dev/null

echo "== single-node cluster on localhost"
host=$(hostname -s)
mkdir -p "$work/slurm/state" "$work/slurm/spool" /run/munge /var/log/munge /var/lib/munge /etc/munge
[ -s /etc/munge/munge.key ] || { dd if=/dev/urandom bs=1 count=1024 of=/etc/munge/munge.key 2>/dev/null; chmod 400 /etc/munge/munge.key; }
if ! munge -n >/dev/null 2>&1; then
  munged --force --foreground >"$work/munged.out" 2>&1 & pids+=($!)
  for _ in $(seq 50); do munge -n >/dev/null 2>&1 && break; sleep 0.2; done
fi
conf=$work/slurm/slurm.conf
cat > "$conf" <<CONF
ClusterName=layerwise
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
MpiDefault=none
ReturnToService=2
StateSaveLocation=$work/slurm/state
SlurmdSpoolDir=$work/slurm/spool
SlurmctldPidFile=$work/slurm/slurmctld.pid
SlurmdPidFile=$work/slurm/slurmd.pid
SlurmctldLogFile=$work/slurm/slurmctld.log
SlurmdLogFile=$work/slurm/slurmd.log
SlurmctldPort=16817
SlurmdPort=16818
NodeName=$host CPUs=$(nproc) State=UNKNOWN
PartitionName=main Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$conf
slurmctld -D -c -f "$conf" >"$work/slurm/ctld.out" 2>&1 & pids+=($!)
slurmd -D -f "$conf" >"$work/slurm/d.out" 2>&1 & pids+=($!)
for _ in $(seq 100); do sinfo -h -o %T 2>/dev/null | grep -q idle && break; sleep 0.3; done
sinfo

echo "== emit and submit the job array"
$cli replicate --config "$work/mini.json" --out "$work/cluster" --data-home "$data" --emit-slurm "$work/replicate.sbatch" --jobs 2
bash "$work/replicate.sbatch"
while [ -n "$(squeue -h 2>/dev/null)" ]; do sleep 2; done
[ -f "$work/cluster/results.csv" ] || { echo "collect did not run; logs:"; tail -n 20 "$work"/cluster/slurm/*.out; exit 1; }

echo "== compare the tables"
status=0
for f in results.csv comparison.csv report.html $(cd "$work/local" && ls results/* figures/*); do
  cmp -s "$work/local/$f" "$work/cluster/$f" || { echo "DIFFERS: $f"; status=1; }
done
echo "slurm: $(ls "$work"/cluster/slurm/*.out | wc -l) task logs; tables $( [ $status = 0 ] && echo identical || echo DIFFERENT ); $(( $(date +%s) - start )) s in all"
exit $status
