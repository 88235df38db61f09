#!/usr/bin/python3
"""Markdown tables for benchmarks/README.md from benchmarks/results/*.jsonl (written by benchmarks/run.sh).

  benchmarks/table.py [results-dir]
"""
import json
import os
import sys

CONV = [(512, 10, 5)] + [(512, 3, 2)] * 4 + [(512, 2, 2)] * 2
ARCH = {"base": dict(d=768, ff=3072, depth=12), "large": dict(d=1024, ff=4096, depth=24)}
POS_K, POS_GROUPS = 128, 16


def macs(arch, layers, samples=64000):
    """Multiply-accumulates of one forward pass (convolutions and matrix products; norms and activations ignored)."""
    a = ARCH[arch]
    d, ff = a["d"], a["ff"]
    total, t, cin = 0, samples, 1
    for cout, k, s in CONV:
        t = (t - k) // s + 1
        total += cout * cin * k * t
        cin = cout
    total += t * cin * d                          # feature projection
    total += t * d * (d // POS_GROUPS) * POS_K    # positional conv
    block = 4 * t * d * d + 2 * t * d * ff + 2 * t * t * d
    return total + layers * block


def load(folder, name):
    path = os.path.join(folder, name)
    if not os.path.exists(path):
        return {}
    rows = [json.loads(line) for line in open(path) if line.strip()]
    return {r["layers"]: r for r in rows}


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")
    print("### Forward pass, float32 (seconds: median wall time of one forward over the batch)\n")
    print("| arch | N | parameters | layerwise s | torchaudio s | layerwise / torchaudio | torchaudio, OpenBLAS 1 thread, s | layerwise RTF | layerwise peak RSS MB | torchaudio peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for arch in ARCH:
        ours, peer = load(folder, f"layerwise-{arch}.jsonl"), load(folder, f"torchaudio-{arch}.jsonl")
        blas1 = load(folder, f"torchaudio-{arch}-openblas1.jsonl")
        for n in sorted(ours):
            o, p = ours[n], peer.get(n)
            b1 = f"{blas1[n]['seconds_median']:.3f}" if n in blas1 else "–"
            ps = f"{p['seconds_median']:.3f}" if p else "–"
            ratio = f"{o['seconds_median'] / p['seconds_median']:.2f}" if p else "–"
            prss = f"{p['peak_rss_mb']:.0f}" if p else "–"
            print(f"| {arch} | {n} | {o['parameters'] / 1e6:.1f} M | {o['seconds_median']:.3f} | {ps} | {ratio} | {b1} | "
                  f"{o['rtf']:.3f} | {o['peak_rss_mb']:.0f} | {prss} |")

    print("\n### Truncation speed-up (time of the full model / time truncated to N)\n")
    print("| arch | N vs full | compute ratio (MACs) | layerwise | torchaudio |")
    print("|---|---|---:|---:|---:|")
    for arch in ARCH:
        ours, peer = load(folder, f"layerwise-{arch}.jsonl"), load(folder, f"torchaudio-{arch}.jsonl")
        full = ARCH[arch]["depth"]
        for n in sorted(ours):
            if n == full or full not in ours:
                continue
            cr = macs(arch, full) / macs(arch, n)
            so = ours[full]["seconds_median"] / ours[n]["seconds_median"]
            sp = f"{peer[full]['seconds_median'] / peer[n]['seconds_median']:.2f}×" if n in peer and full in peer else "–"
            print(f"| {arch} | {n} vs {full} | {cr:.2f}× | {so:.2f}× | {sp} |")

    print("\n### bfloat16 on CPU (weights and activations bf16, outputs converted to float32)\n")
    print("| arch | N | layerwise fp32 s | layerwise bf16 s | bf16 speed-up | torchaudio bf16 s | layerwise bf16 peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for arch in ARCH:
        f32, b16, pb16 = (load(folder, f"layerwise-{arch}.jsonl"), load(folder, f"layerwise-{arch}-bf16.jsonl"),
                          load(folder, f"torchaudio-{arch}-bf16.jsonl"))
        for n in sorted(b16):
            a, b, p = f32.get(n), b16[n], pb16.get(n)
            fs = f"{a['seconds_median']:.3f}" if a else "–"
            up = f"{a['seconds_median'] / b['seconds_median']:.2f}×" if a else "–"
            ps = f"{p['seconds_median']:.3f}" if p else "–"
            print(f"| {arch} | {n} | {fs} | {b['seconds_median']:.3f} | {up} | {ps} | {b['peak_rss_mb']:.0f} |")

    nograd = load(folder, "layerwise-base-nograd.jsonl")
    base = load(folder, "layerwise-base.jsonl")
    if nograd and base:
        print("\n### no_grad (the library's default) vs inference mode, base N=12\n")
        for n, r in nograd.items():
            print(f"no_grad {r['seconds_median']:.3f} s, inference mode {base[n]['seconds_median']:.3f} s (N={n})")

    path = os.path.join(folder, "profile.jsonl")
    if os.path.exists(path):
        print("\n### Seconds per component (wall time, median of the repeats)\n")
        print("| impl | arch | N | conv stack | projection | pos conv | attention | feed-forward | total |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
        for line in open(path):
            if not line.strip():
                continue
            r = json.loads(line)
            s = r["seconds"]
            print(f"| {r['impl']} | {r['arch']} | {r['layers']} | {s['conv_stack']:.3f} | {s['projection']:.3f} | {s['pos_conv']:.3f} | "
                  f"{s['attention']:.3f} | {s['feed_forward']:.3f} | {s['total']:.3f} |")


if __name__ == "__main__":
    main()
