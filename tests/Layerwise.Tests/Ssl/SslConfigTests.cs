using Layerwise.Models.Ssl;
using TorchSharp;
using static TorchSharp.torch;

namespace Layerwise.Tests.Ssl;

public class SslConfigTests
{
    [Fact]
    public void FixtureConfigIsReadWithEveryField()
    {
        var c = SslConfig.FromFile(Path.Combine(SslFixtures.Folder("wavlm-large-tiny"), "config.json"));
        Assert.Equal(SslFamily.WavLM, c.ModelType);
        Assert.Equal((64, 4, 4, 96), (c.HiddenSize, c.NumHiddenLayers, c.NumAttentionHeads, c.IntermediateSize));
        Assert.Equal("layer", c.FeatExtractNorm);
        Assert.True(c.ConvBias);
        Assert.True(c.DoStableLayerNorm);
        Assert.Equal(new[] { 10, 3, 3, 3, 3, 2, 2 }, c.ConvKernel);
        Assert.Equal(new[] { 5, 2, 2, 2, 2, 2, 2 }, c.ConvStride);
        Assert.Equal((16, 4), (c.NumConvPosEmbeddings, c.NumConvPosEmbeddingGroups));
        Assert.Equal((320, 800), (c.NumBuckets, c.MaxBucketDistance));
        Assert.Equal(1e-5, c.LayerNormEps);
        // 24123 samples → 75 frames (fixtures README); 400 samples = one 25 ms frame; 320-sample hop.
        Assert.Equal(75, c.FrameCount(24123));
        Assert.Equal(400, c.MinSamples);
        Assert.Equal(320, c.Hop);
    }

    [Fact]
    public void MissingFieldsTakeHuggingFaceDefaults()
    {
        var c = SslConfig.FromJson("{\"model_type\": \"wav2vec2\"}");
        Assert.Equal(SslConfig.Wav2Vec2Base, c);
        Assert.NotEqual(SslConfig.HubertBase, c);
        Assert.NotEqual(c with { ConvDim = [512, 512, 512, 512, 512, 512, 256] }, c);
        Assert.Equal(512, c.ExtractFeaturesDim);
        Assert.Equal(128, c.NumConvPosEmbeddings);
    }

    [Theory]
    [InlineData("{\"model_type\": \"whisper\"}", "unknown model_type 'whisper'")]
    [InlineData("{\"hidden_size\": 64}", "no model_type")]
    [InlineData("{\"model_type\": \"hubert\", \"hidden_size\": 100, \"num_attention_heads\": 12}", "not a positive multiple")]
    [InlineData("{\"model_type\": \"hubert\", \"conv_dim\": [32, 32], \"conv_kernel\": [10], \"conv_stride\": [5]}", "same non-zero length")]
    [InlineData("{\"model_type\": \"hubert\", \"feat_extract_norm\": \"batch\"}", "feat_extract_norm 'batch'")]
    [InlineData("{\"model_type\": \"hubert\", \"hidden_act\": \"mish\"}", "hidden_act 'mish'")]
    [InlineData("{\"model_type\": \"hubert\", \"hidden_size\": \"big\"}", "'hidden_size' should be an integer")]
    [InlineData("{\"model_type\": ", "not valid JSON")]
    public void BadConfigsNameTheProblem(string json, string message)
    {
        var e = Assert.Throws<SslInputException>(() => SslConfig.FromJson(json, "/m/config.json"));
        Assert.StartsWith("/m/config.json", e.Message);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void PresetsHaveThePublishedSizes()
    {
        Assert.Equal((12, 768, "group", false), Shape(SslConfig.Wav2Vec2Base));
        Assert.Equal((12, 768, "group", false), Shape(SslConfig.HubertBase));
        Assert.Equal((12, 768, "group", false), Shape(SslConfig.WavLMBasePlus));
        Assert.Equal((24, 1024, "layer", true), Shape(SslConfig.XlsR300M));
        Assert.Equal((24, 1024, "layer", true), Shape(SslConfig.HubertLarge));
        Assert.Equal((24, 1024, "layer", true), Shape(SslConfig.WavLMLarge));
        Assert.Equal((48, 1280, "layer", true), Shape(SslConfig.XlsR1B));
        Assert.Equal((48, 1920, "layer", true), Shape(SslConfig.XlsR2B));
        foreach (var name in SslConfig.PresetNames)
            Assert.NotNull(SslConfig.Preset(name));
        Assert.Null(SslConfig.Preset("facebook/unknown"));
        static (int, int, string, bool) Shape(SslConfig c) => (c.NumHiddenLayers, c.HiddenSize, c.FeatExtractNorm, c.DoStableLayerNorm);
    }

    [Fact]
    public void WavLMRelativePositionBucketsMatchHandComputedValues()
    {
        using var scope = NewDisposeScope();
        // 320 buckets → 160 per sign, exact below 80; beyond: 80 + floor(ln(d/80) / ln(800/80) · 80), at most 159.
        var offsets = tensor(new long[] { 0, 5, -5, 79, 80, 100, -100, 799, -1000 });
        var buckets = SelfAttention.RelativePositionBuckets(offsets, 320, 800).data<long>().ToArray();
        long Large(double d) => Math.Min(80 + (long)Math.Floor(Math.Log(d / 80) / Math.Log(10) * 80), 159);
        Assert.Equal(new long[] { 0, 165, 5, 160 + 79, 160 + 80, 160 + Large(100), Large(100), 160 + Large(799), 159 }, buckets);
        Assert.Equal(87, Large(100)); // ln(1.25)/ln(10)·80 = 7.75
    }
}
