using Layerwise.Cli;
using NAudio.Wave;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Layerwise.Tests.Ssl;

/// <summary>`layerwise features` in-process on fixture folders.</summary>
public sealed class FeaturesCommandTests : IDisposable
{
    readonly string dir = Path.Combine(Path.GetTempPath(), $"lw-features-{Guid.NewGuid():N}");

    public FeaturesCommandTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    string WriteWav(float[] samples)
    {
        var path = Path.Combine(dir, "input.wav");
        using var writer = new WaveFileWriter(path, WaveFormat.CreateIeeeFloatWaveFormat(16000, 1));
        writer.WriteSamples(samples, 0, samples.Length);
        return path;
    }

    static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Theory]
    [InlineData("wav2vec2-base-tiny")]
    [InlineData("hubert-base-tiny")]
    [InlineData("wavlm-large-tiny")]
    public void WritesTheExpectedTensors(string model)
    {
        using var scope = NewDisposeScope();
        var expected = SslFixtures.Expected(model, batch: false);
        var wav = WriteWav(expected["input"].data<float>().ToArray());
        var outPath = Path.Combine(dir, "features.safetensors");
        var (code, stdout, stderr) = Run("features", "--model", SslFixtures.Folder(model), "--audio", wav, "--out", outPath, "--device", "cpu");
        Assert.True(code == 0, stderr);
        Assert.Contains("\"frames\": 75", stdout);
        Assert.Contains("\"normalize\": false", stdout);
        var written = Safetensors.LoadStateDict(outPath);
        Assert.Equal(new[] { "extract_features", "hidden_0", "hidden_1", "hidden_2", "hidden_3", "hidden_4" }, written.Keys.Order());
        foreach (var (name, tensor) in written)
        {
            Assert.Equal(ScalarType.Float32, tensor.dtype);
            Assert.True(SslFixtures.MaxAbsDiff(tensor, expected[name]) <= 1e-4, name);
        }
    }

    [Fact]
    public void LayersOptionTruncates()
    {
        using var scope = NewDisposeScope();
        var expected = SslFixtures.Expected("hubert-large-tiny", batch: false);
        var wav = WriteWav(expected["input"].data<float>().ToArray());
        var outPath = Path.Combine(dir, "sub", "f.safetensors");
        var (code, stdout, stderr) = Run("features", "--model", SslFixtures.Folder("hubert-large-tiny"), "--audio", wav, "--out", outPath, "--layers", "2", "--normalize", "auto");
        Assert.True(code == 0, stderr);
        Assert.Contains("\"layers\": 2", stdout);
        Assert.Contains("\"normalize\": true", stdout); // the fixture's preprocessor_config says do_normalize
        var written = Safetensors.LoadStateDict(outPath);
        Assert.Equal(4, written.Count);
        Assert.Equal(new long[] { 1, 75, 64 }, written["hidden_2"].shape);
    }

    [Fact]
    public void Int8WritesFloat32FeaturesNearTheReference()
    {
        using var scope = NewDisposeScope();
        var expected = SslFixtures.Expected("hubert-large-tiny", batch: false);
        var wav = WriteWav(expected["input"].data<float>().ToArray());
        var outPath = Path.Combine(dir, "int8.safetensors");
        var (code, stdout, stderr) = Run("features", "--model", SslFixtures.Folder("hubert-large-tiny"), "--audio", wav, "--out", outPath, "--dtype", "int8");
        Assert.True(code == 0, stderr);
        Assert.Contains("\"dtype\": \"int8\"", stdout);
        var written = Safetensors.LoadStateDict(outPath);
        Assert.All(written.Values, t => Assert.Equal(ScalarType.Float32, t.dtype));
        Assert.True(SslFixtures.MaxAbsDiff(written["hidden_0"], expected["hidden_0"]) <= 1e-4); // before the first int8 GEMM
        double relative = ((written["hidden_4"] - expected["hidden_4"]).norm() / expected["hidden_4"].norm()).item<float>();
        Assert.InRange(relative, 1e-4, 0.05); // measured 1.9 %
    }

    [Fact]
    public void ShortAudioAndBadModelAreInputErrors()
    {
        var wav = WriteWav(new float[300]);
        var (code, _, stderr) = Run("features", "--model", SslFixtures.Folder("wavlm-base-tiny"), "--audio", wav, "--out", Path.Combine(dir, "x.safetensors"));
        Assert.Equal(2, code);
        Assert.Contains("audio too short: 300 samples", stderr);
        (code, _, stderr) = Run("features", "--model", Path.Combine(dir, "nope"), "--audio", wav, "--out", Path.Combine(dir, "x.safetensors"));
        Assert.Equal(2, code);
        Assert.Contains("no such model folder", stderr);
        Assert.False(File.Exists(Path.Combine(dir, "x.safetensors")));
    }

    [Fact]
    public void TinyMeansTheRandomWeightModelOfExtract()
    {
        using var scope = NewDisposeScope();
        var samples = SslFixtures.Expected("wav2vec2-base-tiny", batch: false)["input"].data<float>().ToArray();
        var wav = WriteWav(samples);
        var outPath = Path.Combine(dir, "tiny.safetensors");
        var (code, stdout, stderr) = Run("features", "--model", "tiny", "--audio", wav, "--out", outPath, "--layers", "3");
        Assert.True(code == 0, stderr);
        Assert.Contains("random weights", stdout);
        Assert.Contains("\"layers\": 3", stdout);
        var written = Safetensors.LoadStateDict(outPath);
        using var model = Layerwise.Models.Ssl.SslModels.CreateRandom(Layerwise.Models.Ssl.SslConfig.Tiny(), 3, seed: 0);
        using var output = model.Forward(samples);
        Assert.Equal(5, written.Count);
        for (int k = 0; k <= 3; k++)
            Assert.Equal(0.0, SslFixtures.MaxAbsDiff(written[$"hidden_{k}"], output.Hidden[k]));
    }

    [Fact]
    public void AFairseqCheckpointFileIsAModel()
    {
        using var scope = NewDisposeScope();
        var expected = SslFixtures.Expected("hubert-base-tiny", batch: false);
        var wav = WriteWav(expected["input"].data<float>().ToArray());
        var outPath = Path.Combine(dir, "pt.safetensors");
        var (code, stdout, stderr) = Run("features", "--model", SslOriginalCheckpointTests.PtFile("hubert-base-tiny"), "--audio", wav, "--out", outPath);
        Assert.True(code == 0, stderr);
        Assert.Contains("\"model_type\": \"hubert\"", stdout);
        var written = Safetensors.LoadStateDict(outPath);
        for (int k = 0; k <= 4; k++)
            Assert.True(SslFixtures.MaxAbsDiff(written[$"hidden_{k}"], expected[$"hidden_{k}"]) <= 1e-4);
    }

    [Fact]
    public void APickleThatRunsCodeIsAnInputErrorAndNothingRuns()
    {
        const string marker = "/tmp/layerwise-pickle-payload-ran";
        File.Delete(marker);
        var wav = WriteWav(new float[16000]);
        var (code, stdout, stderr) = Run("features", "--model", SslOriginalCheckpointTests.PtFile("malicious-os-system"), "--audio", wav, "--out", Path.Combine(dir, "x.safetensors"));
        Assert.Equal(LayerwiseCli.ExitBadInput, code);
        Assert.Equal("", stdout);
        Assert.Contains("posix.system", stderr);
        Assert.False(File.Exists(marker));
    }
}
