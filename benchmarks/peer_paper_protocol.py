#!/usr/bin/python3
"""Peer for `extract`: what the paper's code does each epoch, timed: every utterance through the SSL (torchaudio
wav2vec2, random weights, truncated to N blocks, like peer_torchaudio.py), head-cropped / tiled to 64,600 samples,
in batches of 32, no cache. Optional tooling, never a runtime dependency.

  benchmarks/peer_paper_protocol.py --arch large --layers 4 --threads 2 --epochs 1 DIR/*.wav
  benchmarks/peer_paper_protocol.py --device cuda ... DIR/*.wav   # on a GPU (gpu-check.sh)

Prints one JSON line: utterances, epochs, seconds (all epochs; decoding included, as in a data loader),
utterances_per_second, rtf (seconds / seconds of audio the SSL saw).
"""
import argparse
import json
import os
import sys
import time
import wave

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_torchaudio import build, keep_freed_memory  # noqa: E402  the same architecture and heap tuning as the forward-pass peer

PAPER_LENGTH = 64600


def read(path):
    with wave.open(path, "rb") as w:
        assert w.getsampwidth() == 2 and w.getnchannels() == 1 and w.getframerate() == 16000, path
        return np.frombuffer(w.readframes(w.getnframes()), dtype="<i2").astype(np.float32) / 32768.0


def crop_or_tile(x):
    """The paper's pad(): head crop, or repeat the utterance until it fills the length."""
    if len(x) >= PAPER_LENGTH:
        return x[:PAPER_LENGTH]
    reps = PAPER_LENGTH // len(x) + 1
    return np.tile(x, reps)[:PAPER_LENGTH]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--arch", default="large")
    p.add_argument("--layers", type=int, default=4)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--epochs", type=int, default=1)
    p.add_argument("--device", default="cpu")
    p.add_argument("--keep-freed-memory", choices=["true", "false"], default="true",
                   help="the glibc malloc tuning that the `layerwise` executable applies at start (both sides alike)")
    p.add_argument("files", nargs="+")
    args = p.parse_args()
    tuned = keep_freed_memory() if args.keep_freed_memory == "true" else False
    import torch
    torch.manual_seed(0)
    torch.set_num_threads(args.threads)
    model = build(args.arch, args.layers).eval().to(args.device)
    files = sorted(args.files)
    start = time.perf_counter()
    with torch.inference_mode():
        for _ in range(args.epochs):
            for i in range(0, len(files), args.batch):
                batch = np.stack([crop_or_tile(read(f)) for f in files[i:i + args.batch]])
                model.extract_features(torch.from_numpy(batch).to(args.device))
    if args.device.startswith("cuda"):
        torch.cuda.synchronize()
    seconds = time.perf_counter() - start
    n = len(files) * args.epochs
    print(json.dumps({"impl": "torchaudio-paper-protocol", "torch": torch.__version__, "arch": args.arch, "layers": args.layers,
                      "threads": torch.get_num_threads(), "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
                      "batch": args.batch, "device": args.device, "utterances": len(files), "epochs": args.epochs, "seconds": round(seconds, 3),
                      "utterances_per_second": round(n / seconds, 3), "rtf": round(seconds / (n * PAPER_LENGTH / 16000), 4),
                      "keep_freed_memory": tuned},
                     separators=(",", ":")))


if __name__ == "__main__":
    main()
