using Layerwise.Models.Ssl;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace Layerwise.Tests.Ssl;

/// <summary>
/// fairseq / unilm .pt checkpoints (fixtures/ssl-pt, made by make_pt_fixtures.py from the ssl-parity weights):
/// the architecture comes from the checkpoint's own cfg/args, and every layer equals the Hugging Face folder's.
/// </summary>
public class SslOriginalCheckpointTests(ITestOutputHelper log)
{
    public static string PtFile(string name) => Path.Combine(AppContext.BaseDirectory, "fixtures", "ssl-pt", name + ".pt");

    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string>();
        foreach (var m in SslFixtures.Models)
            data.Add(m, m);
        data.Add("wav2vec2-base-tiny-args-legacy", "wav2vec2-base-tiny");
        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void EveryLayerEqualsTheHuggingFaceFolderAndTheReference(string file, string hfModel)
    {
        using var scope = NewDisposeScope();
        using var pt = SslModels.Load(PtFile(file));
        using var hf = SslModels.Load(SslFixtures.Folder(hfModel));
        Assert.Equal(hf.Config, pt.Config); // the architecture read from cfg/args is the one config.json states
        Assert.Equal(hf.ParameterCount, pt.ParameterCount);
        var expected = SslFixtures.Expected(hfModel, batch: true);
        using var a = pt.Forward(expected["input"]);
        using var b = hf.Forward(expected["input"]);
        Assert.True(SslFixtures.MaxAbsDiff(a.ExtractFeatures, b.ExtractFeatures) <= 1e-6);
        double worst = 0;
        for (int k = 0; k <= 4; k++)
        {
            double vsHf = SslFixtures.MaxAbsDiff(a.Hidden[k], b.Hidden[k]);
            double vsRef = SslFixtures.MaxAbsDiff(a.Hidden[k], expected[$"hidden_{k}"]);
            Assert.True(vsHf <= 1e-6, $"{file} hidden_{k}: {vsHf} from the HF folder");
            Assert.True(vsRef <= 1e-4, $"{file} hidden_{k}: {vsRef} from the reference");
            worst = Math.Max(worst, vsRef);
        }
        log.WriteLine($"{file}: worst max abs diff to the reference {worst:E2}");
    }
}
