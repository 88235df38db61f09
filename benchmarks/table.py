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


PEERS = [  # (label, file suffix): every configuration run.sh measures; "best" is the fastest per row
    ("torch 2.6", "torch26-{arch}.jsonl"),
    ("torch 2.6, OpenBLAS 1 thread", "torch26-{arch}-openblas1.jsonl"),
    ("torch 1.13", "torchaudio-{arch}.jsonl"),
    ("torch 1.13, OpenBLAS 1 thread", "torchaudio-{arch}-openblas1.jsonl"),
]
# ASVspoof 2019 LA (the paper's main training set): utterances per split.
LA19 = dict(train=25380, dev=24844, eval=71237)


def fmt(row, key="seconds_median"):
    return f"{row[key]:.3f}" if row else "–"


def best_peer(folder, arch):
    peers = {label: load(folder, name.format(arch=arch)) for label, name in PEERS}
    best = {}
    for label, rows in peers.items():
        for n, r in rows.items():
            if n not in best or r["seconds_median"] < best[n][1]["seconds_median"]:
                best[n] = (label, r)
    return peers, best


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "results")
    if any(load(folder, f"layerwise-{a}.jsonl") for a in ARCH):
        forward(folder)
    for name, title in (("profile.jsonl", "wall time"), ("profile-cpu.jsonl", "one thread's CPU time, 1 thread")):
        profile(os.path.join(folder, name), title)
    extraction(folder)


def forward(folder):
    print("### Forward pass, float32 (seconds: median wall time of one forward over the batch)\n")
    print("| arch | N | parameters | layerwise s | " + " | ".join(f"{label} s" for label, _ in PEERS) +
          " | layerwise / best peer | layerwise RTF | layerwise peak RSS MB | best peer peak RSS MB |")
    print("|---|---:|---:|---:|" + "---:|" * len(PEERS) + "---:|---:|---:|---:|")
    for arch in ARCH:
        ours = load(folder, f"layerwise-{arch}.jsonl")
        peers, best = best_peer(folder, arch)
        for n in sorted(ours):
            o = ours[n]
            cells = [fmt(peers[label].get(n)) for label, _ in PEERS]
            b = best.get(n)
            ratio = f"{o['seconds_median'] / b[1]['seconds_median']:.2f}" if b else "–"
            brss = f"{b[1]['peak_rss_mb']:.0f}" if b else "–"
            print(f"| {arch} | {n} | {o['parameters'] / 1e6:.1f} M | {o['seconds_median']:.3f} | " + " | ".join(cells) +
                  f" | {ratio} | {o['rtf']:.3f} | {o['peak_rss_mb']:.0f} | {brss} |")

    print("\n### Truncation speed-up (time of the full model / time truncated to N)\n")
    print("| arch | N vs full | compute ratio (MACs) | layerwise | best peer |")
    print("|---|---|---:|---:|---:|")
    for arch in ARCH:
        ours = load(folder, f"layerwise-{arch}.jsonl")
        peer = {n: r for n, (_, r) in best_peer(folder, arch)[1].items()}
        full = ARCH[arch]["depth"]
        for n in sorted(ours):
            if n == full or full not in ours:
                continue
            cr = macs(arch, full) / macs(arch, n)
            so = ours[full]["seconds_median"] / ours[n]["seconds_median"]
            sp = f"{peer[full]['seconds_median'] / peer[n]['seconds_median']:.2f}×" if n in peer and full in peer else "–"
            print(f"| {arch} | {n} vs {full} | {cr:.2f}× | {so:.2f}× | {sp} |")

    print("\n### bfloat16 on CPU (weights and activations bf16, outputs converted to float32)\n")
    print("| arch | N | layerwise fp32 s | layerwise bf16 s | bf16 speed-up | peer bf16 s (torch 2.6, OpenBLAS 1 thread; else torch 1.13) | layerwise bf16 peak RSS MB |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for arch in ARCH:
        f32, b16, pb16 = (load(folder, f"layerwise-{arch}.jsonl"), load(folder, f"layerwise-{arch}-bf16.jsonl"),
                          load(folder, f"torch26-{arch}-bf16.jsonl") or load(folder, f"torchaudio-{arch}-bf16.jsonl"))
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



def profile(path, title):
    if os.path.exists(path):
        print(f"\n### Seconds per component ({title}, median of the repeats)\n")
        print("| impl | arch | N | conv stack | projection | pos conv | attention | feed-forward | total | GMAC/s |")
        print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for line in open(path):
            if not line.strip():
                continue
            r = json.loads(line)
            s = r["seconds"]
            impl = r["impl"] if "torch" not in r else f"torch {r['torch'].split('+')[0]}" + (
                ", OpenBLAS 1 thread" if r.get("openblas_threads") == "1" else "")
            rate = macs(r["arch"], r["layers"]) / s["total"] / 1e9
            print(f"| {impl} | {r['arch']} | {r['layers']} | {s['conv_stack']:.3f} | {s['projection']:.3f} | {s['pos_conv']:.3f} | "
                  f"{s['attention']:.3f} | {s['feed_forward']:.3f} | {s['total']:.3f} | {rate:.0f} |")


def median(values):
    v = sorted(values)
    return v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2


def extraction(folder):
    path = os.path.join(folder, "extract.jsonl")
    if not os.path.exists(path):
        return
    rows = [json.loads(line) for line in open(path) if line.strip()]
    groups = {}
    for r in rows:
        groups.setdefault(r.get("config", r["impl"]), []).append(r)
    print("\n### Extraction throughput (`extract`, random-weight XLS-R 300M architecture truncated to "
          f"{rows[0].get('layers', 4)} blocks; median over {max(len(g) for g in groups.values())} rounds)\n")
    print("| configuration | utterances | SSL forwards | seconds | utterances/s | RTF |")
    print("|---|---:|---:|---:|---:|---:|")
    med = {}
    for name, g in groups.items():
        sec = median([r["seconds"] for r in g])
        med[name] = sec
        fw = g[0].get("ssl_forward_passes", -(-g[0]["utterances"] // g[0].get("batch", 1)))
        rtf = median([r["rtf"] for r in g])
        label = name if name != "torchaudio-paper-protocol" else f"peer: paper's protocol, torch {g[0]['torch'].split('+')[0]}, crops, batch {g[0]['batch']}"
        print(f"| {label} | {g[0]['utterances']} | {fw} | {sec:.2f} | {g[0]['utterances'] / sec:.2f} | {rtf:.3f} |")
    def ratio(a, b):
        return f"{med[b] / med[a]:.2f}×" if a in med and b in med else "–"
    print(f"\nBatching gains (throughput ratio): full utterances by length vs per utterance {ratio('full-by-length', 'full-per-utterance')}; "
          f"4 s crops batch 8 vs batch 1 {ratio('crops-batch8', 'crops-batch1')}; "
          f"our 4 s crops batch 8 vs the peer's paper protocol (batch 32) {ratio('crops-batch8', 'torchaudio-paper-protocol')}.")
    sweep(folder, med, groups)


def sweep(folder, med, groups):
    """The whole-sweep SSL cost of the paper's large grid on ASVspoof 2019 LA: paper protocol vs the cache."""
    if "crops-batch8" not in med or "torchaudio-paper-protocol" not in med:
        return
    layers = groups["crops-batch8"][0].get("layers", 4)
    # How the SSL cost grows with n: the one-thread CPU-time profile of this run where present (same machine,
    # not distorted by load), else the forward-pass table.
    cpu = os.path.join(folder, "profile-cpu.jsonl")
    if os.path.exists(cpu):
        rows = [json.loads(line) for line in open(cpu) if line.strip()]
        ours_fw = {r["layers"]: {"seconds_median": r["seconds"]["total"]} for r in rows if r["arch"] == "large" and r["impl"] == "layerwise"}
        peer_fw = {r["layers"]: {"seconds_median": r["seconds"]["total"]} for r in rows if r["arch"] == "large" and r["impl"] != "layerwise"}
        basis = "the one-thread CPU-time profile over N"
    else:
        ours_fw = load(folder, "layerwise-large.jsonl")
        peer_fw = {n: r for n, (_, r) in best_peer(folder, "large")[1].items()}
        basis = "the forward-pass fits over N"
    if len(ours_fw) < 2 or len(peer_fw) < 2:
        return

    def fit(rows):  # seconds(n) = a + b·n, least squares over the measured depths with blocks (N ≥ 1)
        rows = {n: r for n, r in rows.items() if n > 0} if sum(n > 0 for n in rows) >= 2 else rows
        xs, ys = list(rows), [rows[n]["seconds_median"] for n in rows]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        b = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
        return lambda n: my + b * (n - mx)
    t_ours, t_peer = fit(ours_fw), fit(peer_fw)
    n_utt = groups["crops-batch8"][0]["utterances"]
    per_ours = med["crops-batch8"] / n_utt * t_ours(24) / t_ours(layers)   # cache: the full depth once
    per_peer = lambda n: med["torchaudio-paper-protocol"] / n_utt * t_peer(n) / t_peer(layers)
    grid, backends, seeds = [4, 6, 8, 10, 12, 24], 2, 3
    cache = (LA19["train"] + LA19["dev"] + LA19["eval"]) * per_ours
    print("\n### Whole-sweep SSL cost on ASVspoof 2019 LA: the cache vs the paper's protocol\n")
    print(f"Grid n = {grid} × {backends} back-ends × {seeds} seeds = {len(grid) * backends * seeds} runs; train {LA19['train']}, "
          f"dev {LA19['dev']}, eval {LA19['eval']} utterances. Per-utterance costs scaled from the measured extraction above "
          f"(N = {layers}) by {basis}, a linear fit (ours at full depth 24 for the cache; the peer at each n).\n")
    print("| epochs per run | paper's protocol, SSL hours (at this run's speed) | cache (one extraction of 24 layers), SSL hours | ratio |")
    print("|---:|---:|---:|---:|")
    for epochs in (11, 50):  # patience 10 → at least 11 epochs; at most 50
        paper = sum(backends * seeds * (epochs * (LA19["train"] + LA19["dev"]) + LA19["eval"]) * per_peer(n) for n in grid)
        print(f"| {epochs} | {paper / 3600:.0f} | {cache / 3600:.1f} | {paper / cache:.0f}× |")


if __name__ == "__main__":
    main()
