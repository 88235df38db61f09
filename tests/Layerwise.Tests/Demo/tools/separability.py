#!/usr/bin/python3
"""Per-attack separability of three hand-made features on a demo corpus in the ASVspoof 2019 LA layout.

Usage: /usr/bin/python3 separability.py <corpus root>   (needs numpy, scipy, sklearn; Debian's python3-* packages)
Prints a Markdown table of direction-free AUC = max(AUC, 1 - AUC) per attack, bona fide pooled over all splits.
Reference tool for docs/demo-corpus.md; not used by the test suite.
"""
import sys
import numpy as np
import scipy.io.wavfile as wavfile
from sklearn.metrics import roc_auc_score

root = sys.argv[1]
rows = []
for split, proto in [("train", "train.trn"), ("dev", "dev.trl"), ("eval", "eval.trl")]:
    for line in open(f"{root}/LA/ASVspoof2019_LA_cm_protocols/ASVspoof2019.LA.cm.{proto}.txt"):
        speaker, utt, _, attack, key = line.split()
        sr, x = wavfile.read(f"{root}/LA/ASVspoof2019_LA_{split}/flac/{utt}.wav")
        x = x / 32768.0
        frames = np.lib.stride_tricks.sliding_window_view(x, 512)[::256] * np.hanning(512)
        power = np.abs(np.fft.rfft(frames, axis=1)) ** 2 + 1e-12
        energy = power.sum(1)
        active = power[energy > energy.max() * 1e-3]
        high_band = active[:, 128:].sum() / active.sum()                       # share of energy in 4-8 kHz
        flatness = np.mean(np.exp(np.mean(np.log(active), 1)) / np.mean(active, 1))  # spectral flatness
        flux = np.mean(np.sqrt(np.mean(np.diff(np.log(active), axis=0) ** 2, 1)))     # log-spectral flux
        rows.append((attack, key, high_band, flatness, flux))

attacks = sorted({r[0] for r in rows if r[0] != "-"})
bona = [r for r in rows if r[1] == "bonafide"]
print("| feature | " + " | ".join(f"{a} (n={sum(r[0] == a for r in rows)})" for a in attacks) + " |")
print("|---|" + "---|" * len(attacks))
for index, name in [(2, "high-band energy ratio (4-8 kHz)"), (3, "spectral flatness"), (4, "log-spectral flux")]:
    cells = []
    for a in attacks:
        spoof = [r[index] for r in rows if r[0] == a]
        auc = roc_auc_score([0] * len(bona) + [1] * len(spoof), [r[index] for r in bona] + spoof)
        cells.append(f"{max(auc, 1 - auc):.2f}")
    print(f"| {name} | " + " | ".join(cells) + " |")
print(f"\nbona fide n={len(bona)}")
