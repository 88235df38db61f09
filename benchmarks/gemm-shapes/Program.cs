using System.Diagnostics;
using System.Globalization;
using Layerwise.Runtime;
using TorchSharp;
using static TorchSharp.torch;

// The SSL forward's pieces in isolation, against the machine's sgemm rate:
//  1. the blocks' GEMM shapes (4 s of audio = 199 frames) at 1 and T threads, and with the rows split over two .NET
//     threads that each run libtorch single-threaded (the alternative to libtorch's own intra-op threading);
//  2. the XLS-R / large conv stack (layer-norm models: time-major GEMMs, LayerNorm, GELU) layer by layer, as
//     Models/Ssl/FeatureExtractor.cs computes it.
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
    Console.WriteLine($"  {m} x {k} -> {n}: 1 thread {one * 1e3:F2} ms ({Rate(macs, one)}), {threads} threads {all * 1e3:F2} ms ({Rate(macs, all)}), "
        + $"rows over 2 .NET threads {split * 1e3:F2} ms ({Rate(macs, split)})");
}

torch.set_num_threads(threads);
Console.WriteLine($"\nConv stack of a layer-norm model (XLS-R / large), 4 s at 16 kHz, time-major, {threads} thread(s):");
long[] kernels = [10, 3, 3, 3, 3, 2, 2], strides = [5, 2, 2, 2, 2, 2, 2];
long frames = 64000, cin = 1;
double total = 0, totalMacs = 0;
using var layerNorm = nn.LayerNorm(512);
for (int i = 0; i < kernels.Length; i++)
{
    long k = kernels[i], s = strides[i], tOut = (frames - k) / s + 1, tIn = frames, c = cin;
    using var x = torch.randn(1, tIn, c);
    using var weight = torch.randn(512, c, k);
    using var bias = torch.randn(512);
    // FeatureExtractor.ConvTimeMajor: one GEMM over copied patches for the waveform layer, else ⌈k/s⌉ GEMMs over
    // strided views of the input, accumulated in place.
    Tensor Conv()
    {
        if (k * c <= 64)
        {
            using var patches = x.as_strided([1, tOut, k * c], [tIn * c, s * c, 1], 0).contiguous();
            using var w2 = weight.permute(0, 2, 1).reshape(512, k * c);
            return nn.functional.linear(patches, w2, bias);
        }
        Tensor y = null!;
        for (long g = 0; g * s < k; g++)
        {
            long width = Math.Min(s, k - g * s);
            using var run = x.as_strided([1, tOut, width * c], [tIn * c, s * c, 1], g * s * c);
            using var taps = weight.narrow(2, g * s, width).permute(0, 2, 1).reshape(512, width * c);
            if (g == 0)
            {
                y = nn.functional.linear(run, taps, bias);
                continue;
            }
            using var tapsT = taps.t();
            using var y0 = y[0];
            using var r0 = run[0];
            y0.addmm_(r0, tapsT);
        }
        return y;
    }
    using var sample = Conv();
    double conv = Median(Conv), norm = Median(() => layerNorm.forward(sample)), gelu = Median(() => nn.functional.gelu(sample));
    double layer = Median(() => { using var a = Conv(); using var n = layerNorm.forward(a); return nn.functional.gelu(n); });
    double macs = (double)tOut * 512 * c * k;
    Console.WriteLine($"  layer {i} (k {k}, stride {s}, {tOut} frames): conv {conv * 1e3:F2} ms ({Rate(macs, conv)}), LayerNorm {norm * 1e3:F2} ms, "
        + $"GELU {gelu * 1e3:F2} ms; together {layer * 1e3:F2} ms");
    total += layer;
    totalMacs += macs;
    frames = tOut;
    cin = 512;
}
Console.WriteLine($"  whole conv stack: {total * 1e3:F1} ms for {totalMacs / 1e9:F2} GMAC ({Rate(totalMacs, total)})");
