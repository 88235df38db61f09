#!/usr/bin/python3
"""Peer benchmark: torchaudio's wav2vec2, truncated like `layerwise bench`, timed the same way.

Runs with Debian's python3-torch (1.13) / python3-torchaudio (0.13) and libopenblas0-pthread; optional tooling,
never a runtime dependency of the toolkit. Same flags and the same JSON line per configuration as
`layerwise bench`; each configuration runs in a child process so that its peak RSS (ru_maxrss) is its own.

  benchmarks/peer_torchaudio.py --arch base --layers 0,4,12 --threads 2 --repeat 5

Truncation is real, as ours: torchaudio.models.wav2vec2_model(..., encoder_num_layers=N) builds only N blocks.
Random weights (torchaudio's own initialisation), dropouts and layer drop 0, eval mode, torch.inference_mode().
The forward timed is model.extract_features(waveforms): conv stack, projection, positional conv and the N blocks,
returning every block's output (as our SslFrontEnd.Forward returns hidden_0..hidden_N).
"""
import argparse
import ctypes
import json
import os
import resource
import statistics
import subprocess
import sys
import time

ARCHS = {
    # wav2vec2-base: 12 x 768, post-LN, group-norm conv stack without bias
    "base": dict(extractor_mode="group_norm", extractor_conv_bias=False, encoder_embed_dim=768,
                 encoder_num_heads=12, encoder_ff_interm_features=3072, encoder_layer_norm_first=False, depth=12),
    # XLS-R 300M / wav2vec2-large-lv60: 24 x 1024, pre-LN, layer-norm conv stack with bias
    "large": dict(extractor_mode="layer_norm", extractor_conv_bias=True, encoder_embed_dim=1024,
                  encoder_num_heads=16, encoder_ff_interm_features=4096, encoder_layer_norm_first=True, depth=24),
}
DEFAULT_LAYERS = {"base": "0,1,2,4,6,8,12", "large": "0,1,2,4,8,12,16,24"}
SAMPLE_RATE = 16000


def build(arch, layers):
    from torchaudio.models import wav2vec2_model
    a = dict(ARCHS[arch])
    a.pop("depth")
    return wav2vec2_model(
        extractor_conv_layer_config=None,  # the standard 7-layer conv stack (512 channels)
        encoder_projection_dropout=0.0,
        encoder_pos_conv_kernel=128,
        encoder_pos_conv_groups=16,
        encoder_num_layers=layers,
        encoder_attention_dropout=0.0,
        encoder_ff_interm_dropout=0.0,
        encoder_dropout=0.0,
        encoder_layer_drop=0.0,
        aux_num_out=None,
        **a,
    )


def parse_layers(text, arch):
    depth = ARCHS[arch]["depth"]
    out = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        n = depth if part == "all" else int(part)
        if not 0 <= n <= depth:
            sys.exit(f"peer_torchaudio: --layers {n} is outside 0..{depth} for --arch {arch}")
        out.append(n)
    return out


def keep_freed_memory():
    """The glibc malloc tuning `layerwise bench` applies (NativeHeap.KeepFreedMemory), so both sides run alike."""
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:
        return False
    m_trim_threshold, m_top_pad, m_mmap_threshold = -1, -2, -3
    return all([libc.mallopt(m_mmap_threshold, 32 << 20) == 1, libc.mallopt(m_trim_threshold, 1 << 30) == 1,
                libc.mallopt(m_top_pad, 64 << 20) == 1])


def run_child(args):
    tuned = keep_freed_memory() if args.keep_freed_memory == "true" else False
    import torch
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    int8 = args.dtype == "int8"  # torch's dynamic quantization of every nn.Linear (activations float32)
    dtype = {"float32": torch.float32, "bfloat16": torch.bfloat16, "float16": torch.float16, "int8": torch.float32}[args.dtype]
    device = torch.device("cuda" if args.device == "cuda" or (args.device == "auto" and torch.cuda.is_available()) else "cpu")
    n = parse_layers(args.layers, args.arch)[0]
    model = build(args.arch, n).eval().to(device=device, dtype=dtype)
    parameters = sum(p.numel() for p in model.parameters())
    if int8:
        model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)
    if args.count_only:
        print(json.dumps({"impl": "torchaudio", "arch": args.arch, "layers": n, "parameters": parameters,
                          "torch": torch.__version__}, separators=(",", ":")))
        return
    samples = int(round(args.seconds * SAMPLE_RATE))
    generator = torch.Generator().manual_seed(args.seed + 1)
    waveforms = (torch.randn(args.batch, samples, generator=generator) * 0.1).to(device=device, dtype=dtype)

    def forward():
        start = time.perf_counter()
        outputs = model.extract_features(waveforms)[0]
        outputs = [o.float() for o in outputs]  # ours returns float32 whatever the compute dtype
        if device.type == "cuda":
            torch.cuda.synchronize()
        elapsed = time.perf_counter() - start
        del outputs
        return elapsed

    with torch.inference_mode():
        for _ in range(args.warmup):
            forward()
        times = [forward() for _ in range(args.repeat)]
        peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # kB on Linux; before the reference
        error = {}
        if int8 and n > 0:  # (extract_features returns no hidden_0) the deepest hidden state against the float32 model of the same seed, as `layerwise bench` reports
            torch.manual_seed(args.seed)
            reference = build(args.arch, n).eval()
            y, r = model.extract_features(waveforms)[0][-1], reference.extract_features(waveforms)[0][-1]
            error = {"max_abs_error_vs_float32": round((y - r).abs().max().item(), 6),
                     "rel_error_vs_float32": round(((y - r).norm() / r.norm()).item(), 6),
                     "quantized_engine": torch.backends.quantized.engine}
    median = statistics.median(times)
    audio = samples / SAMPLE_RATE
    print(json.dumps({
        "impl": "torchaudio",
        "arch": args.arch,
        "layers": n,
        "batch": args.batch,
        "audio_seconds": audio,
        "seconds_median": round(median, 4),
        "seconds_min": round(min(times), 4),
        "rtf": round(median / (args.batch * audio), 4),
        "parameters": parameters,
        "peak_rss_mb": round(peak_rss, 1),
        "threads": torch.get_num_threads(),
        "device": device.type,
        "dtype": args.dtype,
        "repeat": args.repeat,
        "inference_mode": True,
        "keep_freed_memory": tuned,
        "torch": torch.__version__,
        **error,
    }, separators=(",", ":")), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--arch", choices=sorted(ARCHS), default="base")
    p.add_argument("--layers", default=None, help="comma-separated block counts ('all' = full depth)")
    p.add_argument("--seconds", type=float, default=4.0)
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--warmup", type=int, default=1)
    p.add_argument("--threads", type=int, default=os.cpu_count())
    p.add_argument("--device", choices=["auto", "cpu", "cuda"], default="cpu")
    p.add_argument("--dtype", choices=["float32", "bfloat16", "float16", "int8"], default="float32",
                   help="int8: torch.ao.quantization.quantize_dynamic of every nn.Linear (CPU)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--keep-freed-memory", choices=["true", "false"], default="true",
                   help="tune glibc malloc to reuse freed memory, as `layerwise bench` does by default")
    p.add_argument("--count-only", action="store_true", help="print the parameter count per configuration, no timing")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args()
    if args.layers is None:
        args.layers = DEFAULT_LAYERS[args.arch]
    if min(args.seconds, args.batch, args.repeat) <= 0 or args.warmup < 0 or args.threads <= 0:
        sys.exit("peer_torchaudio: --seconds, --batch, --repeat, --threads must be positive, --warmup non-negative")
    if args.child:
        run_child(args)
        return
    for n in parse_layers(args.layers, args.arch):
        argv = [sys.executable, os.path.abspath(__file__), "--child", "--arch", args.arch, "--layers", str(n),
                "--seconds", repr(args.seconds), "--batch", str(args.batch), "--repeat", str(args.repeat),
                "--warmup", str(args.warmup), "--threads", str(args.threads), "--device", args.device,
                "--dtype", args.dtype, "--seed", str(args.seed),
                "--keep-freed-memory", args.keep_freed_memory] + (["--count-only"] if args.count_only else [])
        done = subprocess.run(argv, stdout=subprocess.PIPE, text=True)
        if done.returncode != 0:
            sys.exit(f"peer_torchaudio: --layers {n} failed (exit code {done.returncode})")
        print(done.stdout.strip(), flush=True)


if __name__ == "__main__":
    main()
