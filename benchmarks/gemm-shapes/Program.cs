using System.Diagnostics;
using System.Globalization;
using Layerwise.Models.Ssl;
using Layerwise.Runtime;
using TorchSharp;
using static TorchSharp.torch;

// The SSL forward's pieces in isolation, against the machine's sgemm rate:
//  1. the blocks' GEMM shapes (4 s of audio = 199 frames) at 1 and T threads, and with the rows split over two .NET
//     threads that each run libtorch single-threaded (the alternative to libtorch's own intra-op threading), and on
//     oneDNN's GEMM (Runtime/OneDnnLinear.cs; libtorch's linear is MKL's, which picks its kernels by CPU vendor);
//  2. the XLS-R / large conv stack (layer-norm models: time-major GEMMs, LayerNorm, GELU) layer by layer: the
//     library's own ConvLayer (Models/Ssl/FeatureExtractor.cs), random weights.
// Usage: dotnet run -c Release --project benchmarks/gemm-shapes [-- threads]   (default: all cores)
TorchRuntime.EnsureLoaded();
int threads = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
using var inference = torch.inference_mode();

static double Median(Func<Tensor> op, int reps = 10)
{
    for (int i = 0; i < 2; i++)
        op().Dispose();
    var times = new List<double>();
    for (int r = 0; r < 7; r++)
    {
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < reps; i++)
            op().Dispose();
        times.Add(sw.Elapsed.TotalSeconds / reps);
    }
    times.Sort();
    return times[times.Count / 2];
}

static string Rate(double macs, double seconds) => $"{2 * macs / seconds / 1e9:F0} GFLOP/s";

Console.WriteLine($"GEMM shapes (x [M, K] · Wᵀ [K, N] + b), {threads} thread(s) unless stated:");
foreach (var (m, k, n) in new (long, long, long)[] { (199, 1024, 4096), (199, 4096, 1024), (199, 1024, 1024), (199, 768, 3072), (199, 3072, 768), (2048, 2048, 2048) })
{
    using var w = torch.randn(n, k);
    using var b = torch.randn(n);
    using var x = torch.randn(m, k);
    double macs = (double)m * k * n;
    torch.set_num_threads(1);
    double one = Median(() => nn.functional.linear(x, w, b));
    torch.set_num_threads(threads);
    double all = Median(() => nn.functional.linear(x, w, b));
    // Rows split over two .NET threads, libtorch single-threaded: each call runs on its caller's thread.
    torch.set_num_threads(1);
    using var top = x.narrow(0, 0, m / 2).contiguous();
    using var bottom = x.narrow(0, m / 2, m - m / 2).contiguous();
    double split = Median(() =>
    {
        var other = Task.Run(() => { using var g = torch.inference_mode(); nn.functional.linear(bottom, w, b).Dispose(); });
        var y = nn.functional.linear(top, w, b);
        other.Wait();
        return y;
    });
    torch.set_num_threads(threads);
    double onednn = Median(() => OneDnnLinear.Forward(x, w, b)); // what Float32Gemm picks where it is faster
    Console.WriteLine($"  {m} x {k} -> {n}: 1 thread {one * 1e3:F2} ms ({Rate(macs, one)}), {threads} threads {all * 1e3:F2} ms ({Rate(macs, all)}), "
        + $"rows over 2 .NET threads {split * 1e3:F2} ms ({Rate(macs, split)}), oneDNN {threads} threads {onednn * 1e3:F2} ms ({Rate(macs, onednn)})");
}

torch.set_num_threads(threads);
Console.WriteLine($"\nConv stack of a layer-norm model (XLS-R 300M's, time-major), 4 s at 16 kHz, {threads} thread(s):");
var config = SslConfig.XlsR300M;
double total = 0, totalMacs = 0;
var stage = torch.randn(1, 64000, 1); // [B, T, C]: the waveform as FeatureExtractor feeds layer 0
for (int i = 0; i < config.ConvDim.Count; i++)
{
    using var layer = new ConvLayer(config, i); // the library's layer: conv GEMMs, LayerNorm, GELU
    layer.eval();
    var layerInput = stage;
    var output = layer.forward(layerInput);
    double together = Median(() => layer.forward(layerInput));
    double gelu = Median(() => nn.functional.gelu(output));
    long tOut = output.shape[1], cin = layerInput.shape[2];
    double macs = (double)tOut * config.ConvDim[i] * cin * config.ConvKernel[i];
    Console.WriteLine($"  layer {i} (k {config.ConvKernel[i]}, stride {config.ConvStride[i]}, {tOut} frames): {together * 1e3:F2} ms "
        + $"({Rate(macs, together)} on its MACs); a GELU over its output alone {gelu * 1e3:F2} ms");
    total += together;
    totalMacs += macs;
    layerInput.Dispose();
    stage = output;
}
stage.Dispose();
Console.WriteLine($"  whole conv stack: {total * 1e3:F1} ms for {totalMacs / 1e9:F2} GMAC ({Rate(totalMacs, total)})");
