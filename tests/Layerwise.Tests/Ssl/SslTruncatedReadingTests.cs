using System.IO.Compression;
using System.Text.Json;
using Layerwise.Models.Ssl;
using static TorchSharp.torch;

namespace Layerwise.Tests.Ssl;

/// <summary>
/// Truncated loading of torch.save zip files (fairseq/unilm .pt and HF pytorch_model.bin) reads only the storages of
/// the blocks it builds: with the storages of blocks 3 and 4 deleted from the archive (which storage holds which
/// tensor comes from Python's unpickler, fixtures/ssl-pt/storage_keys.json), N = 2 still loads and is right,
/// while N = 4 fails naming the missing storage.
/// </summary>
public class SslTruncatedReadingTests
{
    public static TheoryData<string, string> Archives() => new()
    {
        { "hubert-base-tiny.pt", "hubert-base-tiny" },
        { "wavlm-large-tiny.pt", "wavlm-large-tiny" },
        { "hubert-base-tiny/pytorch_model.bin", "hubert-base-tiny" },
    };

    [Theory]
    [MemberData(nameof(Archives))]
    public void StoragesOfBlocksAboveTheTruncationAreNeverRead(string file, string model)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "ssl-pt", "storage_keys.json")));
        var info = doc.RootElement.GetProperty(file);
        string prefix = info.GetProperty("prefix").GetString()!;
        var dropped = info.GetProperty("tensors").EnumerateObject()
            .Where(t => t.Name.Contains("encoder.layers.2.", StringComparison.Ordinal) || t.Name.Contains("encoder.layers.3.", StringComparison.Ordinal))
            .Select(t => t.Value.GetString()!).ToHashSet();
        Assert.True(dropped.Count >= 12);

        bool isBin = file.EndsWith(".bin", StringComparison.Ordinal);
        string folder = isBin ? SslFixtures.CopyToTemp(model) : Directory.CreateTempSubdirectory("lw-trunc-").FullName;
        string path = isBin ? Path.Combine(folder, "pytorch_model.bin") : Path.Combine(folder, file);
        try
        {
            if (!isBin)
                File.Copy(SslOriginalCheckpointTests.PtFile(Path.GetFileNameWithoutExtension(file)), path);
            using (var zip = new ZipArchive(File.Open(path, FileMode.Open), ZipArchiveMode.Update))
                foreach (var key in dropped)
                    zip.GetEntry(prefix + "data/" + key)!.Delete();

            using var scope = NewDisposeScope();
            var expected = SslFixtures.Expected(model, batch: false);
            using (var truncated = SslModels.Load(isBin ? folder : path, numLayers: 2))
            {
                using var output = truncated.Forward(expected["input"]);
                for (int k = 0; k <= 2; k++)
                    Assert.True(SslFixtures.MaxAbsDiff(output.Hidden[k], expected[$"hidden_{k}"]) <= 1e-4, $"hidden_{k}");
            }
            var e = Assert.Throws<SslInputException>(() => SslModels.Load(isBin ? folder : path));
            Assert.Contains("is missing from the archive", e.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
