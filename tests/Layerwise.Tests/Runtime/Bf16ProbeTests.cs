using System.Text.Json;
using Layerwise.Runtime;

namespace Layerwise.Tests.Runtime;

/// <summary>The bf16 probe: measured once per machine and thread count, then read back from its cache.</summary>
public sealed class Bf16ProbeTests : IDisposable
{
    readonly Layerwise.Tests.Data.TempDir temp = new();

    string folder => temp.Path;

    public void Dispose() => temp.Dispose();

    [Fact]
    public void MeasuresOnceThenReadsTheSameVerdictFromTheCacheUnlessDamaged()
    {
        var first = Bf16Probe.Run(cacheFolder: folder);
        Assert.False(first.Cached);
        Assert.True(first.Float32Seconds > 0 && first.BFloat16Seconds > 0);
        Assert.Equal(first.Float32Seconds / first.BFloat16Seconds, first.Speedup, 12);
        Assert.Equal(first.Speedup >= Bf16Probe.MinSpeedup ? TorchSharp.torch.ScalarType.BFloat16 : TorchSharp.torch.ScalarType.Float32, first.Fastest);
        var file = Assert.Single(Directory.GetFiles(folder));
        using (var doc = JsonDocument.Parse(File.ReadAllText(file)))
            Assert.Equal(first.Float32Seconds, doc.RootElement.GetProperty("float32_seconds").GetDouble());

        var second = Bf16Probe.Run(cacheFolder: folder);
        Assert.True(second.Cached);
        Assert.Equal(first with { Cached = true }, second);

        // A damaged entry is measured again rather than trusted.
        File.WriteAllText(file, "{ not json");
        var again = Bf16Probe.Run(cacheFolder: folder);
        Assert.False(again.Cached);
        Assert.True(again.Float32Seconds > 0);
        Assert.Equal(first.Cpu, again.Cpu);
    }
}
