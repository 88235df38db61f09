using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Layerwise.Analysis;
using TorchSharp;
using static TorchSharp.torch;
using Layerwise.IO;

namespace Layerwise.Runtime;

/// <summary>
/// Whether bfloat16 is the fast CPU path on this machine. It depends on the CPU, not on the ISA flags alone
/// (one AVX-512-bf16 Xeon ran the model 1.5–1.9× slower in bf16, AVX-512-bf16 EPYCs 1.6–2.7× (Zen 4) and 1.2–4.5×
/// (Zen 5) faster; without AVX-512 bf16 is emulated), so a short measured probe decides: a GEMM of the feed-forward's shape
/// (200 frames × 768 → 3072) in float32 and in bfloat16, interleaved, medians compared. The verdict is cached per
/// machine (CPU model, flags, threads, TorchSharp version) under ~/.cache/layerwise/probe, so it costs ~1 s once.
/// </summary>
public static class Bf16Probe
{
    /// <summary>bf16 must be at least this much faster to be chosen (noise and the float32 conversions of the outputs).</summary>
    public const double MinSpeedup = 1.15;

    /// <summary>The probe's figures: median seconds of one GEMM per dtype; <see cref="Cached"/> when read from the cache.</summary>
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
        TorchRuntime.EnsureLoaded();
        int threads = get_num_threads();
        string cpu = CpuModel();
        string path = Path.Combine(cacheFolder ?? DefaultCacheFolder(), CacheFileName(cpu, threads));
        if (useCache && TryRead(path) is { } cached)
            return cached with { Cached = true };
        var (f32, bf16) = Measure();
        var result = new Result(cpu, threads, f32, bf16, Cached: false);
        try
        {
            AtomicFile.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["cpu"] = cpu, ["threads"] = threads, ["float32_seconds"] = f32, ["bfloat16_seconds"] = bf16,
            }));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only home only costs the probe again next time.
        }
        return result;
    }

    /// <summary>Median seconds of the probe GEMM in float32 and bfloat16 (5 interleaved rounds after one warm-up).</summary>
    static (double Float32, double BFloat16) Measure()
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var generator = new Generator(1);
        var a = randn([200, 768], generator: generator);
        var w = randn([3072, 768], generator: generator) * 0.03f;
        var a16 = a.to(ScalarType.BFloat16);
        var w16 = w.to(ScalarType.BFloat16);
        var t32 = new List<double>();
        var t16 = new List<double>();
        for (int round = 0; round < 6; round++)
        {
            double s32 = Time(() => nn.functional.linear(a, w));
            double s16 = Time(() => nn.functional.linear(a16, w16));
            if (round == 0)
                continue;
            t32.Add(s32);
            t16.Add(s16);
        }
        return (Timing.Median(t32), Timing.Median(t16));
    }

    /// <summary>Seconds of 4 calls of <paramref name="gemm"/> (about 2 GFLOP each ×4, ~10–40 ms on two cores).</summary>
    static double Time(Func<Tensor> gemm)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 4; i++)
            gemm().Dispose();
        return clock.Elapsed.TotalSeconds;
    }

    static Result? TryRead(string path)
    {
        try
        {
            if (!File.Exists(path))
                return null;
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            return new Result(root.GetProperty("cpu").GetString() ?? "", root.GetProperty("threads").GetInt32(),
                root.GetProperty("float32_seconds").GetDouble(), root.GetProperty("bfloat16_seconds").GetDouble(), Cached: true);
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null; // a damaged cache entry is measured again
        }
    }

    /// <summary>One file per (CPU model + flags, threads, TorchSharp build): another machine or runtime never reuses a verdict.</summary>
    internal static string CacheFileName(string cpu, int threads)
    {
        string identity = $"{cpu}|{CpuFlags()}|{threads}|{typeof(torch).Assembly.GetName().Version}";
        string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16].ToLowerInvariant();
        return $"bf16-{hash}.json";
    }

    static string DefaultCacheFolder() => Path.Combine(Path.GetDirectoryName(TorchRuntime.CacheRoot())!, "probe");

    /// <summary>"model name" of /proc/cpuinfo (Linux), else the processor architecture.</summary>
    public static string CpuModel() => CpuInfoField("model name") ?? System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();

    static string CpuFlags() => CpuInfoField("flags") ?? "";

    static string? CpuInfoField(string name)
    {
        try
        {
            if (!File.Exists("/proc/cpuinfo"))
                return null;
            foreach (var line in File.ReadLines("/proc/cpuinfo"))
            {
                int colon = line.IndexOf(':');
                if (colon > 0 && line[..colon].Trim() == name)
                    return line[(colon + 1)..].Trim();
            }
        }
        catch (IOException)
        {
        }
        return null;
    }
}
