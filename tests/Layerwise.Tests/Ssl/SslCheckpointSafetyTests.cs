using Layerwise.Models.Ssl;
using Layerwise.Models.Ssl.Checkpoints;
using Layerwise.Study;

namespace Layerwise.Tests.Ssl;

/// <summary>
/// Pickles that run a shell command under Python's torch.load (make_pt_fixtures.py proves each one does) are refused
/// by name, and nothing runs: the payload would create the marker file.
/// </summary>
public class SslCheckpointSafetyTests
{
    const string Marker = "/tmp/layerwise-pickle-payload-ran";

    public static TheoryData<string, string> Payloads() => new()
    {
        { "malicious-os-system", "posix.system" },
        { "malicious-exec", "__builtin__.exec" },
        { "malicious-popen", "commands.Popen" }, // protocol 2 writes subprocess as its Python 2 name
    };

    [Theory]
    [MemberData(nameof(Payloads))]
    public void CodeInAPickleIsRefusedAndNotRun(string file, string callable)
    {
        File.Delete(Marker);
        string path = SslOriginalCheckpointTests.PtFile(file);
        var e = Assert.Throws<UnsafePickleException>(() => SslModels.Load(path));
        Assert.IsAssignableFrom<LayerwiseInputException>(e);
        Assert.Contains(path, e.Message);
        Assert.Contains(callable, e.Message);
        Assert.Contains("nothing was run", e.Message);
        Thread.Sleep(200); // a spawned process would have had time to touch the marker
        Assert.False(File.Exists(Marker));
    }

    [Fact]
    public void CodeInAHuggingFacePytorchModelBinIsRefusedToo()
    {
        File.Delete(Marker);
        string folder = SslFixtures.CopyToTemp("hubert-base-tiny");
        try
        {
            File.Copy(SslOriginalCheckpointTests.PtFile("malicious-os-system"), Path.Combine(folder, "pytorch_model.bin"), overwrite: true);
            var e = Assert.Throws<UnsafePickleException>(() => SslModels.Load(folder));
            Assert.Contains("pytorch_model.bin", e.Message);
            Assert.False(File.Exists(Marker));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void DataOnlyClassesBecomePlainData()
    {
        // An omegaconf DictConfig, an Enum member (getattr(Choices, "layer_norm")) and numpy scalars are read as data.
        using var archive = TorchArchive.Open(SslOriginalCheckpointTests.PtFile("wav2vec2-large-tiny"));
        var root = PickleData.Dict(archive.Root)!;
        var cfg = PickleData.Dict(PickleData.Plain(root["cfg"]))!;
        var model = PickleData.Dict(cfg["model"])!;
        Assert.Equal("layer_norm", model["extractor_mode"]);
        Assert.Equal(true, model["layer_norm_first"]);
        Assert.Equal("[(32, 10, 5)] + [(32, 3, 2)] * 4 + [(32,2,2)] * 2", model["conv_feature_layers"]);
        Assert.Equal("audio_pretraining", PickleData.Dict(cfg["task"])!["_name"]);
        Assert.IsType<PyObject>(PickleData.Dict(root["extra_state"])!["val_loss"]);
    }
}
