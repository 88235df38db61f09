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

    [Fact]
    public void PretrainingHeadsAreIgnoredAndListed()
    {
        using var w2v = SslModels.Load(PtFile("wav2vec2-base-tiny"));
        Assert.Contains("quantizer.vars", w2v.Load!.UnusedKeys);
        Assert.Contains("project_q.weight", w2v.Load.UnusedKeys);
        Assert.Contains("mask_emb", w2v.Load.UnusedKeys);
        Assert.Contains("quantizer.* (3)", w2v.Load.UnusedSummary);
        using var hubert = SslModels.Load(PtFile("hubert-large-tiny"), numLayers: 1);
        Assert.Contains("label_embs_concat", hubert.Load!.UnusedKeys);
        Assert.Contains("encoder.layer_norm.weight", hubert.Load.UnusedKeys); // pre-LN: the final norm is not part of layer_results
        Assert.Contains("blocks 2..4 above the truncation", hubert.Load.UnusedSummary);
    }

    [Fact]
    public void AutoNormalizeFollowsTheCheckpointsTaskConfig()
    {
        using var model = SslModels.Load(PtFile("wav2vec2-base-tiny"), normalize: NormalizeMode.Auto);
        Assert.False(model.NormalizesInput);
        Assert.Contains("normalize=false", model.NormalizeReason);
    }

    [Fact]
    public void UnknownStateDictKeysAreAnErrorNamingThem()
    {
        string copy = Path.Combine(Path.GetTempPath(), $"lw-pt-{Guid.NewGuid():N}.pt");
        File.Copy(PtFile("hubert-base-tiny"), copy);
        try
        {
            // Rename one tensor in the pickle (same length, so the archive stays valid): fc1 → fcX.
            using (var zip = new System.IO.Compression.ZipArchive(File.Open(copy, FileMode.Open), System.IO.Compression.ZipArchiveMode.Update))
            {
                var entry = zip.GetEntry("hubert-base-tiny/data.pkl")!;
                byte[] bytes;
                using (var s = entry.Open())
                {
                    using var ms = new MemoryStream();
                    s.CopyTo(ms);
                    bytes = ms.ToArray();
                }
                var text = System.Text.Encoding.Latin1.GetString(bytes).Replace("encoder.layers.1.fc1.weight", "encoder.layers.1.fcX.weight", StringComparison.Ordinal);
                entry.Delete();
                var replaced = zip.CreateEntry("hubert-base-tiny/data.pkl", System.IO.Compression.CompressionLevel.NoCompression);
                using var w = replaced.Open();
                w.Write(System.Text.Encoding.Latin1.GetBytes(text));
            }
            var e = Assert.Throws<SslInputException>(() => SslModels.Load(copy));
            Assert.Contains("encoder.layers.1.fcX.weight", e.Message);
            Assert.Contains(copy, e.Message);
        }
        finally
        {
            File.Delete(copy);
        }
    }
}
