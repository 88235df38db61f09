using Layerwise.Models.Ssl;
using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Tests.Ssl;

/// <summary>Padded batches with per-item lengths (Hugging Face attention-mask semantics).</summary>
public class SslPaddingTests
{
    /// <summary>
    /// Layer-norm (large-style) models have no statistics over time in the conv stack, so with HF masking a
    /// padded item's valid frames equal the item run alone: padded frames are zeroed before the positional
    /// conv (as its own zero padding would be) and never attended to.
    /// </summary>
    [Theory]
    [InlineData("wav2vec2-large-tiny")]
    [InlineData("hubert-large-tiny")]
    [InlineData("wavlm-large-tiny")]
    public void PaddedItemsMatchTheirUnpaddedRuns(string name)
    {
        using var scope = NewDisposeScope();
        using var model = SslModels.Load(SslFixtures.Folder(name));
        var input = SslFixtures.Expected(name, batch: true)["input"];
        var longItem = input[0].data<float>().ToArray();
        var shortItem = input[1].data<float>().ToArray()[..17000]; // 52 frames of 75
        using var batch = model.Forward(new[] { longItem, shortItem });
        Assert.Equal(new long[] { 75, 52 }, batch.FrameLengths!.data<long>().ToArray());
        using var alone = model.Forward(shortItem);
        Assert.Equal(52, alone.ExtractFeatures.shape[1]);
        Assert.True(SslFixtures.MaxAbsDiff(batch.ExtractFeatures[1].narrow(0, 0, 52), alone.ExtractFeatures[0]) <= 1e-5);
        for (int k = 0; k < batch.Hidden.Count; k++)
            Assert.True(SslFixtures.MaxAbsDiff(batch.Hidden[k][1].narrow(0, 0, 52), alone.Hidden[k][0]) <= 1e-4, $"hidden_{k}");
        // The full-length item is unaffected by its neighbour's padding: it still matches the reference.
        var expected = SslFixtures.Expected(name, batch: true);
        for (int k = 0; k < batch.Hidden.Count; k++)
            Assert.True(SslFixtures.MaxAbsDiff(batch.Hidden[k][0], expected[$"hidden_{k}"][0]) <= 1e-4, $"hidden_{k} item 0");
    }

    [Fact]
    public void FullLengthsAreTheSameAsNoLengths()
    {
        using var scope = NewDisposeScope();
        using var model = SslModels.Load(SslFixtures.Folder("wavlm-base-tiny"));
        var input = SslFixtures.Expected("wavlm-base-tiny", batch: true)["input"];
        using var a = model.Forward(input);
        using var b = model.Forward(input, tensor(new long[] { 24123, 24123 }));
        Assert.Equal(new long[] { 75, 75 }, b.FrameLengths!.data<long>().ToArray());
        Assert.True(SslFixtures.MaxAbsDiff(a.Hidden[4], b.Hidden[4]) == 0);
    }

    [Fact]
    public void PaddedFramesAreNotAttendedTo()
    {
        // Changing only what lies in item 1's padding must not change its valid frames.
        using var scope = NewDisposeScope();
        using var model = SslModels.Load(SslFixtures.Folder("wav2vec2-large-tiny"));
        var input = SslFixtures.Expected("wav2vec2-large-tiny", batch: true)["input"].clone();
        var lengths = tensor(new long[] { 24123, 12000 });
        using var a = model.Forward(input, lengths);
        input[1].narrow(0, 12000, 24123 - 12000).fill_(0.5f);
        using var b = model.Forward(input, lengths);
        long valid = b.FrameLengths!.data<long>()[1];
        Assert.Equal(37, valid);
        Assert.True(SslFixtures.MaxAbsDiff(a.Hidden[4][1].narrow(0, 0, valid), b.Hidden[4][1].narrow(0, 0, valid)) <= 1e-5);
    }
}
