using System.Text.Json;
using Layerwise.Cli;

namespace Layerwise.Tests.Hub;

public sealed class HubCommandTests : IDisposable
{
    readonly string cacheDir = Directory.CreateTempSubdirectory("layerwise-hubcli-").FullName;

    public void Dispose() => Directory.Delete(cacheDir, recursive: true);

    static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Fact]
    public async Task DownloadPrintsTheSnapshotFolderOnStdoutAndProgressOnStderr()
    {
        await using var hub = new FakeHub(FakeHub.DefaultFiles(weightBytes: 40_000));

        var (code, stdout, stderr) = Run("hub", "download", FakeHub.RepoId, "--endpoint", hub.Hub.BaseUrl, "--cache-dir", cacheDir);

        Assert.Equal(0, code);
        string folder = Path.Combine(cacheDir, "models--acme--tiny-ssl", "snapshots", FakeHub.Commit);
        Assert.Equal(folder + Environment.NewLine, stdout);
        Assert.Contains("model.safetensors", stderr);
        Assert.Contains(FakeHub.Commit, stderr);
        Assert.Equal(hub.Files["model.safetensors"].Content, File.ReadAllBytes(Path.Combine(folder, "model.safetensors")));

        // Offline afterwards: same folder, no request.
        int requests = hub.AllRequests.Count();
        var offline = Run("hub", "download", FakeHub.RepoId, "--offline", "--quiet", "--cache-dir", cacheDir);
        Assert.Equal((0, folder + Environment.NewLine), (offline.Code, offline.Out));
        Assert.Equal(requests, hub.AllRequests.Count());
    }

    [Fact]
    public void OfflineAndNotCachedExitsWithTheInputErrorCode()
    {
        var (code, stdout, stderr) = Run("hub", "download", "wavlm-large", "--offline", "--cache-dir", cacheDir);

        Assert.Equal(LayerwiseCli.ExitBadInput, code);
        Assert.Equal("", stdout);
        Assert.Contains("microsoft/wavlm-large", stderr);
        Assert.Contains("HF_HUB_OFFLINE", stderr);
    }

    [Fact]
    public void ListPrintsTheSixPresetsAsJsonLinesWithCacheState()
    {
        // wavlm-base-plus cached in the Python layout; the others not.
        const string commit = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
        string repo = Path.Combine(cacheDir, "models--microsoft--wavlm-base-plus");
        Directory.CreateDirectory(Path.Combine(repo, "snapshots", commit));
        Directory.CreateDirectory(Path.Combine(repo, "refs"));
        File.WriteAllText(Path.Combine(repo, "refs", "main"), commit);
        File.WriteAllText(Path.Combine(repo, "snapshots", commit, "config.json"), "{}");
        File.WriteAllText(Path.Combine(repo, "snapshots", commit, "pytorch_model.bin"), "x");

        var (code, stdout, _) = Run("hub", "list", "--cache-dir", cacheDir);

        Assert.Equal(0, code);
        var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(6, rows.Length);
        Assert.Equal("facebook/wav2vec2-base", rows[0].GetProperty("repo_id").GetString());
        Assert.Equal(12, rows[0].GetProperty("layers").GetInt32());
        Assert.Equal(768, rows[0].GetProperty("hidden").GetInt32());
        var wavlm = Assert.Single(rows, r => r.GetProperty("cached").GetBoolean());
        Assert.Equal("wavlm-base-plus", wavlm.GetProperty("name").GetString());
        Assert.Equal(Path.Combine(repo, "snapshots", commit), wavlm.GetProperty("snapshot").GetString());
    }
}
