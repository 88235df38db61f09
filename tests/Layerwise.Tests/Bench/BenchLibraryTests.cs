using Layerwise.Benchmarking;
using Layerwise.Models.Ssl;
using Layerwise.Runtime;

namespace Layerwise.Tests.Bench;

public sealed class BenchLibraryTests
{
    [Fact]
    public void MedianOfOddAndEvenCounts()
    {
        Assert.Equal(3.0, Timing.Median([5.0, 1.0, 3.0]));
        Assert.Equal(2.5, Timing.Median([4.0, 1.0, 2.0, 3.0]));
    }

    [Fact]
    public void ParsesProcStatusLines()
    {
        Assert.Equal(123456, ProcessMemory.ParseKb("VmHWM:\t  123456 kB"));
        Assert.Throws<FormatException>(() => ProcessMemory.ParseKb("VmHWM: lots"));
    }

    [Fact]
    public void PeakRssIsAtLeastTheCurrentRss()
    {
        double rss = ProcessMemory.RssMb(), peak = ProcessMemory.PeakRssMb();
        Assert.True(rss > 1 && peak >= rss, $"rss {rss}, peak {peak}");
    }

    [Fact]
    public void LayerListsAreCheckedAgainstTheDepth()
    {
        Assert.Equal([0, 4, 12], BenchArch.ParseLayers("0, 4,all", "base"));
        Assert.Equal([0, 8, 24], BenchArch.ParseLayers("0,8,24", "large"));
        Assert.Throws<BenchInputException>(() => BenchArch.ParseLayers("25", "large"));
        Assert.Throws<BenchInputException>(() => BenchArch.ParseLayers(",", "base"));
        Assert.Equal([0, 1, 2, 4, 6, 8, 12], BenchArch.DefaultLayers("base"));
        Assert.Equal(24, BenchArch.DefaultLayers("large")[^1]);
    }

    [Fact]
    public void ProfileCoversEveryComponent()
    {
        var seconds = ComponentProfile.Run(new BenchSettings { Arch = "tiny", Layers = 2, Seconds = 0.25, Repeat = 1, Warmup = 0, Threads = 1 });
        Assert.Equal(ComponentProfile.Components.Append("total").Order(), seconds.Keys.Order());
        Assert.All(seconds.Values, s => Assert.True(s > 0));
        Assert.Equal(ComponentProfile.Components.Sum(c => seconds[c]), seconds["total"], 9);
    }
}
