using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Layerwise.IO;
using static TorchSharp.torch;

namespace Layerwise.Runtime;

/// <summary>
/// A short measured choice between two CPU kernels for the same work, for speeds that depend on the CPU and not on
/// its ISA flags alone (<see cref="Bf16Probe"/>, <see cref="Float32Gemm"/>): both are timed interleaved, medians are
/// compared, and the two medians are cached per machine (CPU model and flags, intra-op threads, TorchSharp build)
/// under ~/.cache/layerwise/probe, so that a probe costs about a second once and every later process reads the same
/// verdict.
/// </summary>
public static class MachineProbe
{
    /// <summary>Median seconds of the two candidates (<paramref name="FirstSeconds"/>: the baseline); <see cref="Cached"/> when read from the cache.</summary>
    public sealed record Timings(string Cpu, int Threads, double FirstSeconds, double SecondSeconds, bool Cached)
    {
        /// <summary>How many times faster the second candidate is than the first.</summary>
        public double Speedup => FirstSeconds / SecondSeconds;
    }

    /// <summary>
    /// The cached timings of probe <paramref name="name"/> for this machine and the current intra-op thread count, or
    /// <paramref name="measure"/>'s when absent (or when <paramref name="useCache"/> is false). The cache file keeps
    /// them under <paramref name="firstKey"/>_seconds and <paramref name="secondKey"/>_seconds; <paramref name="variant"/>
    /// (e.g. which kernel a candidate runs on) is part of the machine's identity.
    /// </summary>
    public static Timings Run(string name, string firstKey, string secondKey, Func<(double First, double Second)> measure,
        bool useCache = true, string? cacheFolder = null, string variant = "")
    {
        TorchRuntime.EnsureLoaded();
        int threads = get_num_threads();
        string cpu = CpuModel();
        string path = Path.Combine(cacheFolder ?? DefaultCacheFolder(), CacheFileName(name, cpu, threads, variant));
        if (useCache && TryRead(path, firstKey, secondKey) is { } cached)
            return cached;
        var (first, second) = measure();
        try
        {
            AtomicFile.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["cpu"] = cpu, ["threads"] = threads, [firstKey + "_seconds"] = first, [secondKey + "_seconds"] = second,
            }));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A read-only home only costs the probe again next time.
        }
        return new Timings(cpu, threads, first, second, Cached: false);
    }

    /// <summary>
    /// Median seconds of <paramref name="calls"/> calls of each candidate, over <paramref name="rounds"/> interleaved
    /// rounds after one untimed warm-up round (allocator and kernel caches; oneDNN compiles its kernels then).
    /// </summary>
    public static (double First, double Second) MeasureInterleaved(Func<Tensor> first, Func<Tensor> second, int rounds = 5, int calls = 4)
    {
        var a = new List<double>();
        var b = new List<double>();
        for (int round = 0; round <= rounds; round++)
        {
            double sa = Time(first, calls);
            double sb = Time(second, calls);
            if (round == 0)
                continue;
            a.Add(sa);
            b.Add(sb);
        }
        return (Timing.Median(a), Timing.Median(b));
    }

    /// <summary>
    /// The probes' GEMM operands, the feed-forward's shape (4 s of audio = 200 frames × 768 → 3072): input [200, 768]
    /// and weight [3072, 768], fixed seed, in the caller's dispose scope.
    /// </summary>
    public static (Tensor Input, Tensor Weight) FeedForwardOperands()
    {
        var generator = new Generator(1);
        var input = randn([200, 768], generator: generator);
        using var raw = randn([3072, 768], generator: generator);
        return (input, raw * 0.03f);
    }

    static double Time(Func<Tensor> op, int calls)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < calls; i++)
            op().Dispose();
        return clock.Elapsed.TotalSeconds;
    }

    static Timings? TryRead(string path, string firstKey, string secondKey)
    {
        try
        {
            if (!File.Exists(path))
                return null;
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            var root = doc.RootElement;
            return new Timings(root.GetProperty("cpu").GetString() ?? "", root.GetProperty("threads").GetInt32(),
                root.GetProperty(firstKey + "_seconds").GetDouble(), root.GetProperty(secondKey + "_seconds").GetDouble(), Cached: true);
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return null; // a damaged cache entry is measured again
        }
    }

    /// <summary>One file per (probe, CPU model + flags, threads, TorchSharp build, variant): another machine or runtime never reuses a verdict.</summary>
    internal static string CacheFileName(string name, string cpu, int threads, string variant = "")
    {
        string identity = $"{cpu}|{CpuFlags()}|{threads}|{typeof(TorchSharp.torch).Assembly.GetName().Version}{(variant.Length > 0 ? "|" + variant : "")}";
        string hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..16].ToLowerInvariant();
        return $"{name}-{hash}.json";
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
