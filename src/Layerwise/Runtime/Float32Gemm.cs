using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Runtime;

/// <summary>The kernel behind the SSL's float32 projections on the CPU.</summary>
public enum Float32GemmKernel
{
    /// <summary>libtorch's <c>linear</c>: its BLAS (MKL in the NuGet build).</summary>
    Blas,

    /// <summary>oneDNN's GEMM (<see cref="OneDnnLinear"/>).</summary>
    OneDnn,
}

/// <summary>
/// Which float32 GEMM the SSL's projections (the blocks' q/k/v/out and feed-forward, the feature projection, the conv
/// stack of layer-norm models) run on the CPU. libtorch's BLAS (MKL) chooses its kernels by CPU vendor, oneDNN by the
/// ISA, so which is faster is a property of the machine (on an AVX-512 AMD EPYC oneDNN was 1.8× faster): a short
/// measured probe decides (<see cref="MachineProbe"/>: a GEMM of the feed-forward's shape, 200 × 768 → 3072, both
/// ways, cached per machine), and the environment variable <c>LAYERWISE_FLOAT32_GEMM</c> = <c>blas</c> |
/// <c>onednn</c> | <c>auto</c> (default) overrides it. Both are IEEE float32 and differ by summation order only
/// (‖Δ‖/‖x‖ below 1e-5 on a model's hidden states), so the choice is not part of a model's or a cache entry's
/// identity. Autograd, other dtypes and CUDA always take libtorch's <c>linear</c>.
/// </summary>
public static class Float32Gemm
{
    /// <summary>oneDNN must be at least this much faster to be chosen (its layout copies cost more on smaller GEMMs).</summary>
    public const double MinSpeedup = 1.1;

    public const string EnvironmentVariable = "LAYERWISE_FLOAT32_GEMM";

    static readonly Lazy<Float32GemmKernel> Chosen = new(Choose);
    static readonly AsyncLocal<Float32GemmKernel?> Scoped = new();

    /// <summary>The kernel in use: a <see cref="Use"/> scope's, else the environment variable's, else the probe's.</summary>
    public static Float32GemmKernel Kernel => Scoped.Value ?? Chosen.Value;

    /// <summary>Runs the calling flow (and what it awaits) on <paramref name="kernel"/> until disposed: for tests and A/B timings.</summary>
    public static IDisposable Use(Float32GemmKernel kernel)
    {
        var previous = Scoped.Value;
        Scoped.Value = kernel;
        return new Restore(() => Scoped.Value = previous);
    }

    /// <summary>
    /// The probe: median seconds of libtorch's <c>linear</c> (first) and oneDNN's (second) on the feed-forward's shape.
    /// A libtorch without oneDNN (where its ops throw) counts as infinitely slow for it.
    /// </summary>
    public static MachineProbe.Timings Probe(bool useCache = true, string? cacheFolder = null) =>
        MachineProbe.Run("float32-gemm", "blas", "onednn", Measure, useCache, cacheFolder);

    /// <summary>The kernel the probe picks from its timings.</summary>
    public static Float32GemmKernel Pick(MachineProbe.Timings timings) =>
        timings.Speedup >= MinSpeedup ? Float32GemmKernel.OneDnn : Float32GemmKernel.Blas;

    /// <summary><c>linear(x, weight, bias)</c> on <see cref="Kernel"/> where it applies (float32 on the CPU without autograd).</summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias) =>
        Applies(x) && weight.dtype == ScalarType.Float32 ? OneDnnLinear.Forward(x, weight, bias) : nn.functional.linear(x, weight, bias);

    /// <summary>Whether a GEMM with input <paramref name="x"/> runs on oneDNN: float32 on the CPU, no autograd, and oneDNN chosen.</summary>
    public static bool Applies(Tensor x) =>
        x.device_type == DeviceType.CPU && x.dtype == ScalarType.Float32 && !is_grad_enabled() && Kernel == Float32GemmKernel.OneDnn;

    /// <summary>
    /// The machine's float32 GEMM rate in GFLOP/s on each kernel (square <paramref name="size"/>³ products at the
    /// current intra-op threads, medians of 7 interleaved calls): the yardstick for how close the forward comes to the
    /// hardware. A libtorch without oneDNN reports 0 for it.
    /// </summary>
    public static (double Blas, double OneDnn) SgemmRates(int size = 2048)
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var generator = new Generator(2);
        var a = randn([size, size], generator: generator);
        var b = randn([size, size], generator: generator);
        double flop = 2.0 * size * size * size;
        if (!OneDnnRuns(a, b))
        {
            var (alone, _) = MachineProbe.MeasureInterleaved(() => nn.functional.linear(a, b), () => nn.functional.linear(a, b), rounds: 7, calls: 1);
            return (flop / alone / 1e9, 0);
        }
        var (blas, onednn) = MachineProbe.MeasureInterleaved(() => nn.functional.linear(a, b), () => OneDnnLinear.Forward(a, b, null), rounds: 7, calls: 1);
        return (flop / blas / 1e9, flop / onednn / 1e9);
    }

    static Float32GemmKernel Choose()
    {
        string? setting = Environment.GetEnvironmentVariable(EnvironmentVariable)?.Trim().ToLowerInvariant();
        return setting switch
        {
            null or "" or "auto" => Pick(Probe()),
            "blas" => Float32GemmKernel.Blas,
            "onednn" => Float32GemmKernel.OneDnn,
            _ => throw new InvalidOperationException($"{EnvironmentVariable}={setting}: expected blas, onednn or auto"),
        };
    }

    static (double, double) Measure()
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var (a, w) = MachineProbe.FeedForwardOperands();
        var b = randn([3072], generator: new Generator(1));
        if (!OneDnnRuns(a, w))
            return (1, double.MaxValue); // this libtorch has no oneDNN (JSON has no infinity)
        return MachineProbe.MeasureInterleaved(() => nn.functional.linear(a, w, b), () => OneDnnLinear.Forward(a, w, b));
    }

    /// <summary>Whether oneDNN's linear runs in this libtorch (its ops throw where it was built without oneDNN).</summary>
    static bool OneDnnRuns(Tensor x, Tensor w)
    {
        try
        {
            OneDnnLinear.Forward(x, w, null).Dispose();
            return true;
        }
        catch (Exception e) when (e is System.Runtime.InteropServices.ExternalException or InvalidOperationException)
        {
            return false;
        }
    }

    sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }
}
