#!/bin/bash
# Sharded feature extraction as a Slurm job array: task k of n extracts shard k/n of every split
# into the SAME cache key folder (entries are written atomically, one file per utterance, so shards
# never collide). Resubmitting the array after failures recomputes only the missing entries.
#
#   sbatch --array=1-16 environment/slurm-extract.sh
#
# Without a shared file system: give each task its own --cache, then merge on one machine:
#   layerwise extract ... --cache /data/cache --merge-from /scratch/node*/cache/<key folder>
#
# Adjust the variables below; `layerwise extract --dry-run` prints the key folder and size estimate.
#SBATCH --job-name=layerwise-extract
#SBATCH --output=logs/extract-%A_%a.out
#SBATCH --cpus-per-task=4
#SBATCH --mem=16G
#SBATCH --time=04:00:00
##SBATCH --gres=gpu:1            # with a CUDA build (-p:TorchBackend=cuda) and DEVICE=cuda

set -euo pipefail

DATASET=${DATASET:-asvspoof2019-la}
ROOT=${ROOT:-/data/ASVspoof2019/LA}
MODEL=${MODEL:-/models/wav2vec2-xls-r-300m}   # Hugging Face model folder (config.json + weights)
LAYERS=${LAYERS:-24}                          # store layers 1..LAYERS (the largest n_layers you will sweep)
CACHE=${CACHE:-/shared/layerwise-cache}
SCENARIO=${SCENARIO:-LA19}
DEVICE=${DEVICE:-cpu}
BATCH=${BATCH:-}                              # utterances per forward; empty = extract's default (1 on CPU, 8 on CUDA)
LAYERWISE=${LAYERWISE:-layerwise}             # or: dotnet /opt/layerwise/Layerwise.Cli.dll

K=${SLURM_ARRAY_TASK_ID:?run as a job array (sbatch --array=1-N)}
N=${SLURM_ARRAY_TASK_COUNT:?run as a job array}
mkdir -p logs

"$LAYERWISE" extract \
  --dataset "$DATASET" --root "$ROOT" --split all \
  --model "$MODEL" --layers "$LAYERS" --scenario "$SCENARIO" \
  --cache "$CACHE" --shard "$K/$N" --device "$DEVICE" ${BATCH:+--batch "$BATCH"}

# After the whole array has finished (e.g. a dependent job: sbatch --dependency=afterok:<jobid> ...):
#   layerwise extract ... --cache "$CACHE" --verify    # checks sizes and hashes, drops bad entries
#   layerwise sweep --cache "$CACHE/<key folder>" --dataset "$DATASET" --root "$ROOT" --n-layers 4,6,8,10,12,24 --seeds 1,42,1234 --out results/
