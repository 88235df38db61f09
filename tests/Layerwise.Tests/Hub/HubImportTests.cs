using Layerwise.Hub;
using Layerwise.Models.Ssl;
using Layerwise.Tests.Ssl;
using static TorchSharp.torch;

namespace Layerwise.Tests.Hub;

/// <summary>`hub import` of a copied .pt or HF folder, then loading by repo id with HF_HUB_OFFLINE=1 (no hub reachable).</summary>
public sealed class HubImportTests : IDisposable
{
    readonly string cacheDir = Directory.CreateTempSubdirectory("layerwise-import-").FullName;

    public void Dispose() => Directory.Delete(cacheDir, recursive: true);

    /// <summary>Options as the environment of an air-gapped machine gives them: offline, the cache, an endpoint nothing answers.</summary>
    HubOptions Offline() => HubOptions.FromEnvironment(name => name switch
    {
        "HF_HUB_OFFLINE" => "1",
        "HF_HUB_CACHE" => cacheDir,
        "HF_ENDPOINT" => "http://127.0.0.1:9",
        _ => null,
    });

    static void AssertMatchesReference(SslFrontEnd model, string fixture)
    {
        using var scope = NewDisposeScope();
        var expected = SslFixtures.Expected(fixture, batch: false);
        using var output = model.Forward(expected["input"]);
        for (int k = 0; k <= model.NumLayers; k++)
            Assert.True(SslFixtures.MaxAbsDiff(output.Hidden[k], expected[$"hidden_{k}"]) <= 1e-4, $"hidden_{k}");
    }

    [Fact]
    public void AnImportedFairseqCheckpointLoadsByRepoIdOffline()
    {
        string pt = SslOriginalCheckpointTests.PtFile("hubert-base-tiny");
        var (code, stdout, stderr) = CliRunner.Run("hub", "import", pt, "--repo-id", "facebook/hubert-base-ls960", "--cache-dir", cacheDir);
        Assert.True(code == 0, stderr);
        string folder = stdout.Trim();
        Assert.StartsWith(Path.Combine(cacheDir, "models--facebook--hubert-base-ls960", "snapshots"), folder);
        Assert.Contains("OriginalCheckpoint", stderr);
        // The HF cache layout: refs/main → commit, snapshots/{commit}/hubert-base-tiny.pt → ../../blobs/{sha256}
        string commit = File.ReadAllText(Path.Combine(cacheDir, "models--facebook--hubert-base-ls960", "refs", "main"));
        Assert.Equal(Path.GetFileName(folder), commit);
        var link = new FileInfo(Path.Combine(folder, "hubert-base-tiny.pt"));
        Assert.NotNull(link.LinkTarget);
        Assert.Equal(File.ReadAllBytes(pt), File.ReadAllBytes(link.FullName));

        // By repo id and by preset name, offline.
        string byId = ModelHub.GetModelFolder("facebook/hubert-base-ls960", options: Offline());
        Assert.Equal(folder, byId);
        Assert.Equal(folder, ModelHub.GetModelFolder("hubert-base", options: Offline()));
        using var model = SslModels.Load(byId);
        Assert.Equal(SslFamily.Hubert, model.ModelType);
        AssertMatchesReference(model, "hubert-base-tiny");

        // And through the CLI's offline download, which finds the same snapshot.
        var again = CliRunner.Run("hub", "download", "facebook/hubert-base-ls960", "--offline", "--quiet", "--cache-dir", cacheDir);
        Assert.Equal((0, folder), (again.Code, again.Out.Trim()));

        // Importing the same file again gives the same snapshot.
        var twice = CliRunner.Run("hub", "import", pt, "--repo-id", "facebook/hubert-base-ls960", "--cache-dir", cacheDir);
        Assert.Equal((0, folder), (twice.Code, twice.Out.Trim()));
    }

    [Fact]
    public void AnImportedHuggingFaceFolderLoadsByRepoIdOffline()
    {
        var snapshot = HubImport.Import(SslFixtures.Folder("wavlm-large-tiny"), "microsoft/wavlm-large", "v1", Offline());
        Assert.Equal(WeightsFormat.Safetensors, snapshot.WeightsFormat);
        Assert.True(snapshot.HasPreprocessorConfig);
        Assert.Null(ModelHub.TryGetCached("microsoft/wavlm-large", Offline(), "main"));
        var cached = ModelHub.Fetch("wavlm-large", Offline(), "v1");
        Assert.Equal(snapshot.Folder, cached.Folder);
        using var model = SslModels.Load(cached.Folder, numLayers: 2);
        AssertMatchesReference(model, "wavlm-large-tiny");
    }

    [Fact]
    public void SomethingThatIsNotACheckpointIsRefusedAndNothingIsCached()
    {
        string junk = Path.Combine(cacheDir, "junk.pt");
        File.WriteAllText(junk, "not a checkpoint");
        var (code, _, stderr) = CliRunner.Run("hub", "import", junk, "--repo-id", "acme/junk", "--cache-dir", cacheDir);
        Assert.Equal(Layerwise.Cli.LayerwiseCli.ExitBadInput, code);
        Assert.Contains("not a PyTorch checkpoint", stderr);
        var unsafeRun = CliRunner.Run("hub", "import", SslOriginalCheckpointTests.PtFile("malicious-popen"), "--repo-id", "acme/evil", "--cache-dir", cacheDir);
        Assert.Equal(Layerwise.Cli.LayerwiseCli.ExitBadInput, unsafeRun.Code);
        Assert.False(Directory.Exists(Path.Combine(cacheDir, "models--acme--junk")));
        Assert.False(Directory.Exists(Path.Combine(cacheDir, "models--acme--evil")));
    }

    [Fact]
    public void PresetsNameBothSources()
    {
        var (code, stdout, _) = CliRunner.Run("hub", "list", "--cache-dir", cacheDir);
        Assert.Equal(0, code);
        var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement).ToList();
        var xlsr = rows.Single(r => r.GetProperty("name").GetString() == "xls-r-300m");
        Assert.Equal("facebook/wav2vec2-xls-r-300m", xlsr.GetProperty("repo_id").GetString());
        Assert.Equal("xlsr2_300m.pt", xlsr.GetProperty("original_file").GetString());
        Assert.Equal(new[] { "wav2vec_small.pt", "xlsr2_300m.pt", "hubert_base_ls960.pt", "hubert_large_ll60k.pt", "WavLM-Base+.pt", "WavLM-Large.pt" },
            rows.Select(r => r.GetProperty("original_file").GetString()));
        Assert.Equal("microsoft/wavlm-large", HubPreset.Find("WavLM-Large.pt")!.RepoId);
    }
}
