using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Layerwise.Tests.Ssl;

/// <summary>The six tiny Hugging Face-format models of fixtures/ssl-parity and their reference outputs.</summary>
internal static class SslFixtures
{
    public static readonly string[] Models =
        ["wav2vec2-base-tiny", "wav2vec2-large-tiny", "hubert-base-tiny", "hubert-large-tiny", "wavlm-base-tiny", "wavlm-large-tiny"];

    public static TheoryData<string> ModelData()
    {
        var data = new TheoryData<string>();
        foreach (var m in Models)
            data.Add(m);
        return data;
    }

    public static string Folder(string model) => Path.Combine(AppContext.BaseDirectory, "fixtures", "ssl-parity", model);

    /// <summary>expected_single or expected_batch: input, extract_features, hidden_0..hidden_4.</summary>
    public static Dictionary<string, Tensor> Expected(string model, bool batch) =>
        Safetensors.LoadStateDict(Path.Combine(Folder(model), batch ? "expected_batch.safetensors" : "expected_single.safetensors"));

    public static double MaxAbsDiff(Tensor a, Tensor b)
    {
        Assert.Equal(b.shape, a.shape);
        return (a.cpu() - b.cpu()).abs().max().item<float>();
    }

    /// <summary>Replaces <paramref name="dir"/>'s model.safetensors by two shards (the blocks apart from the rest) and
    /// the transformers index file, as sharded hub checkpoints are laid out.</summary>
    public static void ShardSafetensors(string dir)
    {
        var all = Safetensors.LoadStateDict(Path.Combine(dir, "model.safetensors"));
        File.Delete(Path.Combine(dir, "model.safetensors"));
        var first = all.Where(kv => !kv.Key.Contains("encoder.layers", StringComparison.Ordinal)).ToDictionary();
        var second = all.Where(kv => kv.Key.Contains("encoder.layers", StringComparison.Ordinal)).ToDictionary();
        Safetensors.SaveStateDict(Path.Combine(dir, "model-00001-of-00002.safetensors"), first);
        Safetensors.SaveStateDict(Path.Combine(dir, "model-00002-of-00002.safetensors"), second);
        var map = first.Keys.Select(k => $"\"{k}\": \"model-00001-of-00002.safetensors\"")
            .Concat(second.Keys.Select(k => $"\"{k}\": \"model-00002-of-00002.safetensors\""));
        File.WriteAllText(Path.Combine(dir, "model.safetensors.index.json"), "{\"metadata\": {}, \"weight_map\": {" + string.Join(", ", map) + "}}");
        foreach (var t in all.Values)
            t.Dispose();
    }

    /// <summary>A copy of a fixture folder in a fresh temp directory (for tests that alter files).</summary>
    public static string CopyToTemp(string model)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"lw-ssl-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        foreach (var f in Directory.GetFiles(Folder(model)))
        {
            var target = Path.Combine(dir, Path.GetFileName(f));
            File.Copy(f, target);
            File.SetAttributes(target, FileAttributes.Normal);
        }
        return dir;
    }
}
