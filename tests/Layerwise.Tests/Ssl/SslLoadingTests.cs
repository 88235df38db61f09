using Layerwise.Models.Ssl;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Layerwise.Tests.Ssl;

/// <summary>Weight formats and the errors a user can cause with a model folder.</summary>
public sealed class SslLoadingTests : IDisposable
{
    readonly List<string> temps = [];

    string Temp(string model)
    {
        var dir = SslFixtures.CopyToTemp(model);
        temps.Add(dir);
        return dir;
    }

    public void Dispose()
    {
        foreach (var d in temps)
            Directory.Delete(d, recursive: true);
    }

    static double WorstDiff(SslFrontEnd model, string fixture)
    {
        using var scope = NewDisposeScope();
        var expected = SslFixtures.Expected(fixture, batch: false);
        using var output = model.Forward(expected["input"]);
        return Enumerable.Range(0, 5).Max(k => SslFixtures.MaxAbsDiff(output.Hidden[k], expected[$"hidden_{k}"]));
    }

    [Fact]
    public void ShardedSafetensorsLoad()
    {
        var dir = Temp("wav2vec2-base-tiny");
        SslFixtures.ShardSafetensors(dir);
        using var model = SslModels.Load(dir);
        Assert.Equal(2, model.Load!.Files.Count);
        Assert.True(WorstDiff(model, "wav2vec2-base-tiny") <= 1e-4);
    }

    [Fact]
    public void HalfPrecisionWeightsAreConvertedToFloat32()
    {
        var dir = Temp("hubert-large-tiny");
        var path = Path.Combine(dir, "model.safetensors");
        var half = Safetensors.LoadStateDict(path).ToDictionary(kv => kv.Key, kv => kv.Value.to(ScalarType.Float16));
        Safetensors.SaveStateDict(path, half);
        using var model = SslModels.Load(dir);
        var loaded = model.Module.state_dict();
        var q = loaded["encoder.layers.1.attention.q_proj.weight"];
        Assert.Equal(ScalarType.Float32, q.dtype);
        Assert.True(q.equal(half["encoder.layers.1.attention.q_proj.weight"].to(ScalarType.Float32)).all().item<bool>());
        Assert.True(WorstDiff(model, "hubert-large-tiny") <= 0.05); // fp16 rounding of the weights only
    }

    [Fact]
    public void UnknownModelTypeIsAClearError()
    {
        var dir = Temp("hubert-base-tiny");
        var config = Path.Combine(dir, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"hubert\"", "\"bert\"", StringComparison.Ordinal));
        var e = Assert.Throws<SslInputException>(() => SslModels.Load(dir));
        Assert.Contains("config.json", e.Message);
        Assert.Contains("unknown model_type 'bert'", e.Message);
        Assert.IsAssignableFrom<LayerwiseInputException>(e);
    }

    [Fact]
    public void MissingParameterNamesKeyAndFile()
    {
        var dir = Temp("wavlm-large-tiny");
        var path = Path.Combine(dir, "model.safetensors");
        var dict = Safetensors.LoadStateDict(path);
        dict.Remove("encoder.layers.2.attention.gru_rel_pos_linear.bias");
        Safetensors.SaveStateDict(path, dict);
        var e = Assert.Throws<SslInputException>(() => SslModels.Load(dir));
        Assert.Contains("missing parameter 'encoder.layers.2.attention.gru_rel_pos_linear.bias'", e.Message);
        Assert.Contains(path, e.Message);
        // Truncated below the missing block: the block is not needed, so loading succeeds.
        using var truncated = SslModels.Load(dir, numLayers: 2);
        Assert.Equal(2, truncated.NumLayers);
    }

    [Fact]
    public void MissingPositionalConvWeightNormIsAClearError()
    {
        var dir = Temp("wav2vec2-large-tiny");
        var path = Path.Combine(dir, "model.safetensors");
        var dict = Safetensors.LoadStateDict(path);
        dict.Remove("encoder.pos_conv_embed.conv.parametrizations.weight.original0");
        Safetensors.SaveStateDict(path, dict);
        var e = Assert.Throws<SslInputException>(() => SslModels.Load(dir));
        Assert.Contains("'encoder.pos_conv_embed.conv.weight'", e.Message);
    }

    [Fact]
    public void MisShapedParameterNamesKeyShapesAndFile()
    {
        var dir = Temp("hubert-large-tiny");
        var path = Path.Combine(dir, "model.safetensors");
        var dict = Safetensors.LoadStateDict(path);
        dict["feature_projection.projection.weight"] = zeros(64, 31);
        Safetensors.SaveStateDict(path, dict);
        var e = Assert.Throws<SslInputException>(() => SslModels.Load(dir));
        Assert.Contains("'feature_projection.projection.weight' has shape [64, 31], the model needs [64, 32]", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Theory]
    [InlineData("wav2vec2-base-tiny", "model.safetensors")]
    [InlineData("wavlm-base-tiny", "pytorch_model.bin")]
    public void UnreadableWeightsFileIsAClearError(string model, string file)
    {
        var dir = Temp(model);
        var path = Path.Combine(dir, file);
        var bytes = File.ReadAllBytes(path);
        Array.Fill(bytes, (byte)0x5A, 0, 64); // clobber the header
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<SslInputException>(() => SslModels.Load(dir));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void FolderWithoutWeightsIsAClearError()
    {
        var dir = Temp("hubert-base-tiny");
        File.Delete(Path.Combine(dir, "pytorch_model.bin"));
        var e = Assert.Throws<SslInputException>(() => SslModels.Load(dir));
        Assert.Contains("no weights file", e.Message);
    }

    [Fact]
    public void AudioTooShortForTheConvStackIsAClearError()
    {
        using var model = SslModels.Load(SslFixtures.Folder("wav2vec2-base-tiny"));
        Assert.Equal(400, model.MinSamples);
        using (var ok = model.Forward(new float[400]))
            Assert.Equal(1, ok.ExtractFeatures.shape[1]);
        var e = Assert.Throws<SslInputException>(() => model.Forward(new float[399]));
        Assert.Contains("audio too short: 399 samples", e.Message);
        Assert.Contains("at least 400 samples", e.Message);
    }
}
