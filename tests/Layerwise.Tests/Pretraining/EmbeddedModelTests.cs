using Layerwise.Analysis;
using Layerwise.Hub;
using Layerwise.Models.Ssl;
using Layerwise.Notebooks;
using Layerwise.Pretraining;
using static TorchSharp.torch;

namespace Layerwise.Tests.Pretraining;

public class EmbeddedModelTests
{
    [Fact]
    public void PretrainedDemoResolvesThroughTheHubAndNotebookPathsAndLoads()
    {
        string folder = EmbeddedModels.Find(EmbeddedModels.PretrainedDemo)!;
        Assert.Equal(folder, ModelHub.GetModelFolder("pretrained-demo"));
        Assert.Equal(folder, ModelHub.TryGetCached("pretrained-demo", new HubOptions("http://127.0.0.1:9", Path.GetTempPath(), Offline: true))!.Folder);
        Assert.Equal(folder, NotebookContext.FindModelFolder("pretrained-demo"));
        Assert.Null(EmbeddedModels.Find("facebook/hubert-base-ls960"));
        Assert.True(EmbeddedModels.IsTinyRandom("tiny") && EmbeddedModels.IsTinyRandom("tiny-random"));
        Assert.Equal(SslConfig.Tiny(), SslConfig.Preset("tiny-random"));

        // The committed folder in the repository is what was copied.
        string committed = Path.Combine(RepoPaths.Root, "models", "pretrained-demo");
        Assert.Equal(File.ReadAllBytes(Path.Combine(committed, "model.safetensors")), File.ReadAllBytes(Path.Combine(folder, "model.safetensors")));
        Assert.True(Directory.GetFiles(committed).Sum(f => new FileInfo(f).Length) <= 5 << 20);

        using var model = SslModels.Load(folder, numLayers: 2);
        Assert.Equal(SslFamily.Hubert, model.ModelType);
        Assert.Equal(Pretrainer.Architecture, model.Config);
        using var scope = NewDisposeScope();
        using var output = model.Forward(randn(1, 16000) * 0.1);
        Assert.Equal(3, output.Hidden.Count);
        Assert.False(output.Hidden[2].isnan().any().item<bool>());
        // Pretrained weights are not the random initialisation of the same architecture.
        using var random = SslModels.CreateRandom(SslConfig.Tiny(SslFamily.Hubert), numLayers: 2, seed: 1);
        using var r = random.Forward(randn(1, 16000) * 0.1);
        Assert.False(r.Hidden[2].allclose(output.Hidden[2]));
    }

    [Fact]
    public void ItsPretrainingRecordShowsLearningWellAboveChance()
    {
        var info = PretrainedModelInfo.TryRead(EmbeddedModels.Find(EmbeddedModels.PretrainedDemo))!;
        Assert.StartsWith("layerwise pretrain --corpus ", info.Command);
        Assert.Equal(info.Steps, info.Log.Count);
        int tail = info.Log.Count / 20;
        double first = info.Log.Take(tail).Average(s => s.MaskedAccuracy), last = info.Log.Skip(info.Log.Count - tail).Average(s => s.MaskedAccuracy);
        Assert.Equal(info.FinalMaskedAccuracy, last, 1e-9);
        Assert.True(last > 4 * info.ChanceAccuracy, $"final masked accuracy {last:P1}, chance {info.ChanceAccuracy:P1}");
        Assert.True(last > info.MajorityClassFraction, $"final masked accuracy {last:P1}, majority class {info.MajorityClassFraction:P1}");
        Assert.True(last > first + 0.05, $"accuracy {first:P1} → {last:P1}");
        Assert.True(info.Log[^1].Loss < Math.Log(info.Clusters));
        Assert.All(info.Log, s => Assert.InRange(s.MaskedFraction, 0.4, 0.75));
    }
}
