using static TorchSharp.torch;

namespace Layerwise.Runtime;

/// <summary>
/// Whether bfloat16 is the fast CPU path on this machine. It depends on the CPU, not on the ISA flags alone
/// (one AVX-512-bf16 Xeon ran the model 1.5–1.9× slower in bf16, AVX-512-bf16 EPYCs 1.6–2.7× (Zen 4) and 1.2–4.5×
/// (Zen 5) faster; without AVX-512 bf16 is emulated), so a short measured probe decides (<see cref="MachineProbe"/>):
/// a GEMM of the feed-forward's shape (200 frames × 768 → 3072) in float32 and in bfloat16, interleaved, medians
/// compared, cached per machine.
/// </summary>
public static class Bf16Probe
{
    /// <summary>bf16 must be at least this much faster to be chosen (noise and the float32 conversions of the outputs).</summary>
    public const double MinSpeedup = 1.15;

    /// <summary>The probe's figures: median seconds of four GEMMs per dtype; <see cref="Cached"/> when read from the cache.</summary>
    public sealed record Result(string Cpu, int Threads, double Float32Seconds, double BFloat16Seconds, bool Cached)
    {
        public double Speedup => Float32Seconds / BFloat16Seconds;
        public bool BFloat16Faster => Speedup >= MinSpeedup;
        public ScalarType Fastest => BFloat16Faster ? ScalarType.BFloat16 : ScalarType.Float32;
        public override string ToString() =>
            $"bf16 {Speedup:0.00}x the float32 GEMM rate on {Cpu}, {Threads} thread(s): {(BFloat16Faster ? "bfloat16" : "float32")}{(Cached ? " (cached)" : "")}";
    }

    /// <summary>The cached verdict for this machine and the current intra-op thread count, measured if absent.</summary>
    /// <param name="cacheFolder">where verdicts are kept (default: ~/.cache/layerwise/probe, beside the native cache)</param>
    public static Result Run(bool useCache = true, string? cacheFolder = null)
    {
        var kernel = Float32Gemm.Kernel; // bf16 has to beat the float32 GEMM this machine actually runs
        var t = MachineProbe.Run("bf16", "float32", "bfloat16", Measure, useCache, cacheFolder, variant: kernel == Float32GemmKernel.Blas ? "" : kernel.ToString());
        return new Result(t.Cpu, t.Threads, t.FirstSeconds, t.SecondSeconds, t.Cached);
    }

    /// <summary>The float32 GEMM of <see cref="Float32Gemm"/> against libtorch's bf16 one (through <c>linear</c>, as a bf16 model runs it).</summary>
    static (double, double) Measure()
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var (a, w) = MachineProbe.FeedForwardOperands();
        var a16 = a.to(ScalarType.BFloat16);
        var w16 = w.to(ScalarType.BFloat16);
        return MachineProbe.MeasureInterleaved(() => Float32Gemm.Linear(a, w, null), () => nn.functional.linear(a16, w16));
    }
}
