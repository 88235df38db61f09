#!/usr/bin/python3
"""Seconds per component of torchaudio's wav2vec2 forward, replayed step by step like `layerwise bench --profile`.

  benchmarks/profile_torchaudio.py --arch base --layers 12 --threads 2 --repeat 5 [--thread-cpu]

Components: conv_stack, projection (layer norm + linear), pos_conv (positional conv + encoder layer norm),
attention and feed_forward (summed over the blocks, their layer norms and residuals included). --thread-cpu
measures the calling thread's CPU time (use with --threads 1 and OPENBLAS_NUM_THREADS=1: OpenBLAS's own
threads are not counted).
"""
import argparse
import json
import os
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peer_torchaudio import SAMPLE_RATE, build  # noqa: E402

COMPONENTS = ["conv_stack", "projection", "pos_conv", "attention", "feed_forward"]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--arch", choices=["base", "large"], default="base")
    p.add_argument("--layers", type=int, default=12)
    p.add_argument("--seconds", type=float, default=4.0)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--thread-cpu", action="store_true")
    args = p.parse_args()
    clock = time.thread_time if args.thread_cpu else time.perf_counter
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    model = build(args.arch, args.layers).eval()
    x = torch.randn(1, int(round(args.seconds * SAMPLE_RATE)), generator=torch.Generator().manual_seed(1)) * 0.1
    times = {c: [] for c in COMPONENTS + ["total"]}
    transformer = model.encoder.transformer
    with torch.inference_mode():
        for r in range(args.warmup + args.repeat):
            sums = dict.fromkeys(COMPONENTS, 0.0)

            def timed(component, step):
                start = clock()
                y = step()
                sums[component] += clock() - start
                return y

            features = timed("conv_stack", lambda: model.feature_extractor(x, None)[0])
            h = timed("projection", lambda: model.encoder.feature_projection(features))
            h = timed("pos_conv", lambda: transformer._preprocess(h))
            for layer in transformer.layers:
                def attention(h=h, layer=layer):
                    y = layer.layer_norm(h) if layer.layer_norm_first else h
                    a = layer.attention(y)
                    y = h + (a[0] if isinstance(a, tuple) else a)  # torchaudio >= 2.x returns (output, weights)
                    return y if layer.layer_norm_first else layer.layer_norm(y)

                def feed_forward(h, layer=layer):
                    if layer.layer_norm_first:
                        return h + layer.feed_forward(layer.final_layer_norm(h))
                    return layer.final_layer_norm(h + layer.feed_forward(h))

                h = timed("attention", attention)
                h = timed("feed_forward", lambda h=h: feed_forward(h))
            if r >= args.warmup:
                for c in COMPONENTS:
                    times[c].append(sums[c])
                times["total"].append(sum(sums.values()))
    print(json.dumps({"impl": "torchaudio", "arch": args.arch, "layers": args.layers, "threads": torch.get_num_threads(),
                      "clock": "thread_cpu" if args.thread_cpu else "wall", "torch": torch.__version__,
                      "openblas_threads": os.environ.get("OPENBLAS_NUM_THREADS", "default"),
                      "seconds": {c: round(statistics.median(v), 4) for c, v in times.items()}}, separators=(",", ":")))


if __name__ == "__main__":
    main()
