using Layerwise.Models.Ssl;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Layerwise.Tests.Ssl;

public class SslTruncationTests
{
    public static TheoryData<string> Models => SslFixtures.ModelData();

    /// <summary>Numel of the checkpoint's tensors of blocks ≥ <paramref name="from"/>, read independently of the loader.</summary>
    static long CheckpointBlockParameters(string name, int from)
    {
        var folder = SslFixtures.Folder(name);
        var st = Path.Combine(folder, "model.safetensors");
        System.Collections.IDictionary dict = File.Exists(st)
            ? Safetensors.LoadStateDict(st)
            : PyTorchUnpickler.UnpickleStateDict(Path.Combine(folder, "pytorch_model.bin"));
        long total = 0;
        foreach (System.Collections.DictionaryEntry e in dict)
        {
            var key = ((string)e.Key).Replace("wav2vec2.", "", StringComparison.Ordinal);
            for (int i = from; i < 4; i++)
                if (key.StartsWith($"encoder.layers.{i}.", StringComparison.Ordinal))
                    total += ((Tensor)e.Value!).numel();
            ((Tensor)e.Value!).Dispose();
        }
        return total;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void TruncatedModelGivesTheFirstLayersWithFewerParameters(string name)
    {
        using var scope = NewDisposeScope();
        using var full = SslModels.Load(SslFixtures.Folder(name));
        using var truncated = SslModels.Load(SslFixtures.Folder(name), numLayers: 2);
        Assert.Equal(2, truncated.NumLayers);
        var expected = SslFixtures.Expected(name, batch: true);
        using var a = full.Forward(expected["input"]);
        using var b = truncated.Forward(expected["input"]);
        Assert.Equal(3, b.Hidden.Count);
        Assert.True(SslFixtures.MaxAbsDiff(b.ExtractFeatures, a.ExtractFeatures) <= 1e-6);
        for (int k = 0; k <= 2; k++)
        {
            Assert.True(SslFixtures.MaxAbsDiff(b.Hidden[k], a.Hidden[k]) <= 1e-6, $"hidden_{k} differs from the full model");
            Assert.True(SslFixtures.MaxAbsDiff(b.Hidden[k], expected[$"hidden_{k}"]) <= 1e-4, $"hidden_{k} differs from the reference");
        }
        // Exactly the blocks 3 and 4 of the checkpoint are not allocated.
        Assert.Equal(CheckpointBlockParameters(name, 2), full.ParameterCount - truncated.ParameterCount);
        Assert.Contains("blocks 3..4 above the truncation", truncated.Load!.UnusedSummary);
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void ParameterCountFormulaMatchesBuiltModels(string name)
    {
        for (int n = 0; n <= 4; n++)
        {
            using var model = SslModels.Load(SslFixtures.Folder(name), numLayers: n);
            Assert.Equal(model.ParameterCount, SslModels.ParameterCount(model.Config, n));
        }
    }

    [Fact]
    public void StackLayersGivesThePaperLayout()
    {
        using var scope = NewDisposeScope();
        using var model = SslModels.Load(SslFixtures.Folder("hubert-base-tiny"));
        var expected = SslFixtures.Expected("hubert-base-tiny", batch: true);
        using var output = model.Forward(expected["input"]);
        var stacked = output.StackLayers();
        Assert.Equal(new long[] { 2, 4, 75, 64 }, stacked.shape);
        Assert.True(SslFixtures.MaxAbsDiff(stacked[TensorIndex.Colon, 2], expected["hidden_3"]) <= 1e-4);
        Assert.Equal(new long[] { 2, 2, 75, 64 }, output.StackLayers(0, 2).shape);
        Assert.Throws<ArgumentOutOfRangeException>(() => output.StackLayers(1, 5));
    }

    [Fact]
    public void ZeroLayersGivesOnlyTheTransformerInput()
    {
        using var scope = NewDisposeScope();
        using var model = SslModels.Load(SslFixtures.Folder("wavlm-base-tiny"), numLayers: 0);
        var expected = SslFixtures.Expected("wavlm-base-tiny", batch: false);
        using var output = model.Forward(expected["input"]);
        Assert.Single(output.Hidden);
        Assert.True(SslFixtures.MaxAbsDiff(output.Hidden[0], expected["hidden_0"]) <= 1e-4);
    }

    [Fact]
    public void MoreLayersThanTheModelHasIsAnArgumentError()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => SslModels.Load(SslFixtures.Folder("hubert-base-tiny"), numLayers: 5));
        Assert.Contains("4 layers", e.Message);
    }
}
