using System.Text;
using Layerwise.Hub;

namespace Layerwise.Tests.Hub;

public sealed class ModelHubTests : IDisposable
{
    readonly string cacheDir = Directory.CreateTempSubdirectory("layerwise-hub-").FullName;
    readonly CancellationTokenSource bound = new(TimeSpan.FromSeconds(30));

    public void Dispose()
    {
        bound.Dispose();
        Directory.Delete(cacheDir, recursive: true);
    }

    HubOptions Options(FakeHub hub, string? token = null, int retries = 0) =>
        new(hub.Hub.BaseUrl, cacheDir, token, Retries: retries, ReadTimeout: TimeSpan.FromSeconds(10));

    string RepoFolder => Path.Combine(cacheDir, "models--acme--tiny-ssl");

    /// <summary>Records every report synchronously (Progress&lt;T&gt; would post them to the thread pool).</summary>
    sealed class Recorder : IProgress<DownloadProgress>
    {
        public List<DownloadProgress> Reports { get; } = [];
        public void Report(DownloadProgress value) { lock (Reports) Reports.Add(value); }
    }

    [Fact]
    public async Task FullDownloadWritesTheHuggingFaceCacheLayout()
    {
        await using var hub = new FakeHub(FakeHub.DefaultFiles());
        var progress = new Recorder();

        var snapshot = await ModelHub.FetchAsync(FakeHub.RepoId, Options(hub), "main", progress, bound.Token);

        string snapshots = Path.Combine(RepoFolder, "snapshots", FakeHub.Commit);
        Assert.Equal(snapshots, snapshot.Folder);
        Assert.Equal(FakeHub.Commit, snapshot.Commit);
        Assert.Equal(WeightsFormat.Safetensors, snapshot.WeightsFormat);
        Assert.Equal(["model.safetensors"], snapshot.WeightFiles);
        Assert.True(snapshot.HasPreprocessorConfig);
        // refs/main holds the bare commit hash, as huggingface_hub writes it.
        Assert.Equal(FakeHub.Commit, File.ReadAllText(Path.Combine(RepoFolder, "refs", "main")));
        foreach (var (name, file) in hub.Files)
        {
            string blob = Path.Combine(RepoFolder, "blobs", file.Etag);
            Assert.Equal(file.Content, File.ReadAllBytes(blob));
            var pointer = new FileInfo(Path.Combine(snapshots, name));
            Assert.Equal($"../../blobs/{file.Etag}", pointer.LinkTarget);
            Assert.Equal(file.Content, File.ReadAllBytes(pointer.FullName));
        }
        // Nothing else in blobs (no leftover .incomplete), exactly the three pointers in the snapshot.
        Assert.Equal(hub.Files.Values.Select(f => f.Etag).Order(), Directory.GetFiles(Path.Combine(RepoFolder, "blobs")).Select(Path.GetFileName).Order());
        Assert.Equal(hub.Files.Keys.Order(), Directory.GetFiles(snapshots).Select(Path.GetFileName).Order());
        Assert.Equal(snapshots, ModelHub.TryGetCached(FakeHub.RepoId, Options(hub))?.Folder);

        var weights = hub.Files["model.safetensors"].Content.Length;
        Assert.Contains(progress.Reports, r => r.File == "model.safetensors" && r.BytesDone == weights && r.TotalBytes == weights);
        Assert.All(progress.Reports, r => Assert.True(r.BytesDone <= (r.TotalBytes ?? long.MaxValue)));
    }

    [Fact]
    public async Task LfsRedirectIsFollowedWithoutForwardingTheTokenToTheCdnHost()
    {
        await using var hub = new FakeHub(FakeHub.DefaultFiles());

        await ModelHub.FetchAsync(FakeHub.RepoId, Options(hub, token: "hf_secret"), "main", null, bound.Token);

        // Metadata from the HEAD itself (redirect not followed), bytes from the redirect target.
        Assert.Contains(hub.Hub.Requests, r => r.Method == "HEAD" && r.Path.EndsWith("/model.safetensors", StringComparison.Ordinal));
        Assert.DoesNotContain(hub.Hub.Requests, r => r.Method == "GET" && r.Path.EndsWith("/model.safetensors", StringComparison.Ordinal));
        var cdnGet = Assert.Single(hub.Cdn.Requests);
        Assert.Equal("GET", cdnGet.Method);
        Assert.StartsWith($"/lfs/{hub.Files["model.safetensors"].Sha256}", cdnGet.Path);
        Assert.Null(cdnGet.Header("Authorization"));
        Assert.All(hub.Hub.Requests, r => Assert.Equal("Bearer hf_secret", r.Header("Authorization")));
        Assert.All(hub.Hub.Requests.Where(r => r.Method == "HEAD"), r => Assert.Equal("identity", r.Header("Accept-Encoding")));
    }

    [Fact]
    public async Task RedirectToAnotherPathOnTheSameHostKeepsTheToken()
    {
        await using var hub = new FakeHub(FakeHub.DefaultFiles(), cdnOnSameHost: true);

        var snapshot = await ModelHub.FetchAsync(FakeHub.RepoId, Options(hub, token: "hf_secret"), "main", null, bound.Token);

        var lfsGet = Assert.Single(hub.Hub.Requests, r => r.Path.StartsWith("/lfs/", StringComparison.Ordinal));
        Assert.Equal("Bearer hf_secret", lfsGet.Header("Authorization"));
        Assert.Empty(hub.Cdn.Requests);
        Assert.Equal(hub.Files["model.safetensors"].Content, File.ReadAllBytes(Path.Combine(snapshot.Folder, "model.safetensors")));
    }

    [Fact]
    public async Task InterruptedTransferResumesWithARangeRequestOnTheNextCall()
    {
        var files = FakeHub.DefaultFiles(weightBytes: 50_000);
        await using var hub = new FakeHub(files);
        hub.CdnCuts.Enqueue(12_345);
        var weights = files["model.safetensors"];
        string incomplete = Path.Combine(RepoFolder, "blobs", weights.Sha256 + ".incomplete");

        var error = await Assert.ThrowsAsync<HubDownloadException>(() =>
            ModelHub.FetchAsync(FakeHub.RepoId, Options(hub), "main", null, bound.Token));
        Assert.Contains("model.safetensors", error.Message);
        long partial = new FileInfo(incomplete).Length;
        Assert.InRange(partial, 1, weights.Content.Length - 1);
        Assert.Equal(weights.Content[..(int)partial], File.ReadAllBytes(incomplete));
        Assert.False(File.Exists(Path.Combine(RepoFolder, "snapshots", FakeHub.Commit, "model.safetensors")));

        var snapshot = await ModelHub.FetchAsync(FakeHub.RepoId, Options(hub), "main", null, bound.Token);

        var gets = hub.Cdn.Requests.ToArray();
        Assert.Equal(2, gets.Length);
        Assert.Null(gets[0].Header("Range"));
        Assert.Equal($"bytes={partial}-", gets[1].Header("Range"));
        Assert.Equal(weights.Content, File.ReadAllBytes(Path.Combine(snapshot.Folder, "model.safetensors")));
        Assert.False(File.Exists(incomplete));
    }

    [Fact]
    public async Task BrokenTransferIsResumedWithinOneCallWhenRetriesAllow()
    {
        var files = FakeHub.DefaultFiles(weightBytes: 30_000);
        await using var hub = new FakeHub(files);
        hub.CdnCuts.Enqueue(1_000);
        hub.CdnCuts.Enqueue(9_000); // the resumed response breaks too, 9 000 bytes further

        var snapshot = await ModelHub.FetchAsync(FakeHub.RepoId, Options(hub, retries: 2), "main", null, bound.Token);

        var ranges = hub.Cdn.Requests.Select(r => r.Header("Range")).ToArray();
        Assert.Equal(new[] { "", "bytes=1000-", "bytes=10000-" }, ranges.Select(r => r ?? ""));
        Assert.Equal(files["model.safetensors"].Content, File.ReadAllBytes(Path.Combine(snapshot.Folder, "model.safetensors")));
    }

    [Fact]
    public async Task CorruptBlobIsRejectedAndNeverReachesTheSnapshot()
    {
        await using var hub = new FakeHub(FakeHub.DefaultFiles()) { CorruptCdn = true };
        var weights = hub.Files["model.safetensors"];

        var error = await Assert.ThrowsAsync<HubDownloadException>(() =>
            ModelHub.FetchAsync(FakeHub.RepoId, Options(hub), "main", null, bound.Token));

        Assert.Contains("sha256", error.Message);
        Assert.Contains(weights.Sha256, error.Message);
        string blobs = Path.Combine(RepoFolder, "blobs");
        Assert.False(File.Exists(Path.Combine(blobs, weights.Sha256)));
        Assert.False(File.Exists(Path.Combine(blobs, weights.Sha256 + ".incomplete")));
        string snapshots = Path.Combine(RepoFolder, "snapshots", FakeHub.Commit);
        Assert.False(new FileInfo(Path.Combine(snapshots, "model.safetensors")).Exists);
        Assert.Null(new FileInfo(Path.Combine(snapshots, "model.safetensors")).LinkTarget);
        Assert.Null(ModelHub.TryGetCached(FakeHub.RepoId, Options(hub)));

        // Once the CDN serves the right bytes, the next call completes.
        hub.CorruptCdn = false;
        var snapshot = await ModelHub.FetchAsync(FakeHub.RepoId, Options(hub), "main", null, bound.Token);
        Assert.Equal(weights.Content, File.ReadAllBytes(Path.Combine(snapshot.Folder, "model.safetensors")));
    }

    [Fact]
    public async Task OfflineWithoutCacheFailsNamingTheRepoAndTheVariable()
    {
        await using var hub = new FakeHub(FakeHub.DefaultFiles());

        var error = await Assert.ThrowsAsync<HubException>(() =>
            ModelHub.FetchAsync(FakeHub.RepoId, Options(hub) with { Offline = true }, "main", null, bound.Token));

        Assert.IsAssignableFrom<LayerwiseInputException>(error);
        Assert.Contains(FakeHub.RepoId, error.Message);
        Assert.Contains("HF_HUB_OFFLINE", error.Message);
        Assert.Empty(hub.AllRequests);
    }

    [Fact]
    public async Task OfflineWithCacheUsesTheSnapshotWithoutAnyRequest()
    {
        await using var hub = new FakeHub(FakeHub.DefaultFiles());
        var online = await ModelHub.FetchAsync(FakeHub.RepoId, Options(hub), "main", null, bound.Token);
        int before = hub.AllRequests.Count();

        var offline = await ModelHub.FetchAsync(FakeHub.RepoId, Options(hub) with { Offline = true }, "main", null, bound.Token);
        var byCommit = await ModelHub.FetchAsync(FakeHub.RepoId, Options(hub) with { Offline = true }, FakeHub.Commit, null, bound.Token);

        Assert.Equal(online.Folder, offline.Folder);
        Assert.Equal(online.Folder, byCommit.Folder);
        Assert.Equal(before, hub.AllRequests.Count());
    }

    [Fact]
    public async Task CacheWrittenInPythonHuggingFaceHubLayoutIsReusedWithoutRequests()
    {
        // Laid out by hand the way huggingface_hub's hf_hub_download leaves it (independent of our writer):
        // blobs named by etag, relative symlinks ../../blobs/{etag}, refs/main without newline, .no_exist marker.
        var config = Encoding.UTF8.GetBytes("{\"model_type\": \"hubert\"}");
        var weights = FakeHub.Bytes(4096, seed: 3);
        string configEtag = FakeHub.GitBlobSha1(config);
        string weightsEtag = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(weights));
        const string commit = "1234567890abcdef1234567890abcdef12345678";
        string repo = Path.Combine(cacheDir, "models--acme--tiny-ssl");
        Directory.CreateDirectory(Path.Combine(repo, "blobs"));
        Directory.CreateDirectory(Path.Combine(repo, "refs"));
        Directory.CreateDirectory(Path.Combine(repo, "snapshots", commit));
        Directory.CreateDirectory(Path.Combine(repo, ".no_exist", commit));
        File.WriteAllBytes(Path.Combine(repo, "blobs", configEtag), config);
        File.WriteAllBytes(Path.Combine(repo, "blobs", weightsEtag), weights);
        File.WriteAllText(Path.Combine(repo, "refs", "main"), commit);
        File.CreateSymbolicLink(Path.Combine(repo, "snapshots", commit, "config.json"), $"../../blobs/{configEtag}");
        File.CreateSymbolicLink(Path.Combine(repo, "snapshots", commit, "pytorch_model.bin"), $"../../blobs/{weightsEtag}");
        File.WriteAllBytes(Path.Combine(repo, ".no_exist", commit, "preprocessor_config.json"), []);
        Directory.CreateDirectory(Path.Combine(cacheDir, ".locks", "models--acme--tiny-ssl"));

        await using var hub = new FakeHub(FakeHub.DefaultFiles());
        var snapshot = await ModelHub.FetchAsync(FakeHub.RepoId, Options(hub), "main", null, bound.Token);

        Assert.Empty(hub.AllRequests);
        Assert.Equal(Path.Combine(repo, "snapshots", commit), snapshot.Folder);
        Assert.Equal(WeightsFormat.PytorchBin, snapshot.WeightsFormat);
        Assert.False(snapshot.HasPreprocessorConfig);
        Assert.Equal(config, File.ReadAllBytes(snapshot.ConfigPath));
        Assert.Equal(weights, File.ReadAllBytes(Path.Combine(snapshot.Folder, "pytorch_model.bin")));
    }

    [Fact]
    public async Task WeightsFallBackToPytorchBinAfterTwo404sAndRememberTheMissingFiles()
    {
        var files = FakeHub.DefaultFiles();
        files.Remove("model.safetensors");
        files.Remove("preprocessor_config.json");
        files["pytorch_model.bin"] = new(FakeHub.Bytes(5_000, seed: 11), true);
        await using var hub = new FakeHub(files);

        var snapshot = await ModelHub.FetchAsync(FakeHub.RepoId, Options(hub), "main", null, bound.Token);

        Assert.Equal(WeightsFormat.PytorchBin, snapshot.WeightsFormat);
        Assert.False(snapshot.HasPreprocessorConfig);
        var heads = hub.Hub.Requests.Where(r => r.Method == "HEAD").Select(r => r.Path.Split('/').Last()).ToArray();
        Assert.Equal(["config.json", "preprocessor_config.json", "model.safetensors", "model.safetensors.index.json", "pytorch_model.bin"], heads);
        // config.json resolves main to a commit; every other file is asked for at that commit (one snapshot).
        Assert.All(hub.Hub.Requests.Where(r => !r.Path.EndsWith("/config.json", StringComparison.Ordinal)),
            r => Assert.Contains($"/resolve/{FakeHub.Commit}/", r.Path));
        foreach (var missing in new[] { "preprocessor_config.json", "model.safetensors", "model.safetensors.index.json" })
            Assert.True(File.Exists(Path.Combine(RepoFolder, ".no_exist", FakeHub.Commit, missing)), missing);
        Assert.Equal(files["pytorch_model.bin"].Content, File.ReadAllBytes(Path.Combine(snapshot.Folder, "pytorch_model.bin")));
    }

    [Fact]
    public async Task ShardedSafetensorsDownloadsTheIndexAndEveryShard()
    {
        var files = FakeHub.DefaultFiles();
        files.Remove("model.safetensors");
        files["model-00001-of-00002.safetensors"] = new(FakeHub.Bytes(3_000, seed: 1), true);
        files["model-00002-of-00002.safetensors"] = new(FakeHub.Bytes(2_000, seed: 2), true);
        files["model.safetensors.index.json"] = new(Encoding.UTF8.GetBytes(
            "{\"metadata\": {\"total_size\": 5000}, \"weight_map\": {\"a.weight\": \"model-00002-of-00002.safetensors\", " +
            "\"b.weight\": \"model-00001-of-00002.safetensors\", \"c.bias\": \"model-00002-of-00002.safetensors\"}}"), false);
        await using var hub = new FakeHub(files);

        var snapshot = await ModelHub.FetchAsync(FakeHub.RepoId, Options(hub), "main", null, bound.Token);

        Assert.Equal(WeightsFormat.ShardedSafetensors, snapshot.WeightsFormat);
        Assert.Equal(["model.safetensors.index.json", "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"], snapshot.WeightFiles);
        foreach (var name in snapshot.WeightFiles)
            Assert.Equal(files[name].Content, File.ReadAllBytes(Path.Combine(snapshot.Folder, name)));
    }

    [Fact]
    public async Task PresetNamesResolveToTheirRepoAndUnknownRepoIsAnInputError()
    {
        Assert.Equal("microsoft/wavlm-large", ModelHub.ResolveRepoId("wavlm-large"));
        Assert.Equal("facebook/hubert-base-ls960", ModelHub.ResolveRepoId("hubert-base-ls960"));
        Assert.Equal("facebook/wav2vec2-xls-r-300m", ModelHub.ResolveRepoId("XLS-R-300M"));
        Assert.Equal("someone/else", ModelHub.ResolveRepoId("someone/else"));
        Assert.Throws<HubException>(() => ModelHub.ResolveRepoId("../etc/passwd"));
        Assert.Throws<HubException>(() => ModelHub.ResolveRepoId("a/b/c"));

        await using var hub = new FakeHub(FakeHub.DefaultFiles());
        var error = await Assert.ThrowsAsync<HubException>(() =>
            ModelHub.FetchAsync("acme/other", Options(hub), "main", null, bound.Token));
        Assert.Contains("acme/other", error.Message);
        Assert.Contains("HF_TOKEN", error.Message);
    }

    [Fact]
    public async Task UnreachableHubFallsBackToACachedSnapshotOnRefresh()
    {
        await using var hub = new FakeHub(FakeHub.DefaultFiles());
        var online = await ModelHub.FetchAsync(FakeHub.RepoId, Options(hub), "main", null, bound.Token);
        string deadEndpoint = hub.Hub.BaseUrl;
        await hub.DisposeAsync(); // nothing listens on that port any more

        var refreshed = await ModelHub.FetchAsync(FakeHub.RepoId,
            new HubOptions(deadEndpoint, cacheDir, Refresh: true, Retries: 0, ReadTimeout: TimeSpan.FromSeconds(5)), "main", null, bound.Token);
        Assert.Equal(online.Folder, refreshed.Folder);

        Directory.Delete(RepoFolder, recursive: true);
        await Assert.ThrowsAsync<HubDownloadException>(() => ModelHub.FetchAsync(FakeHub.RepoId,
            new HubOptions(deadEndpoint, cacheDir, Retries: 0, ReadTimeout: TimeSpan.FromSeconds(5)), "main", null, bound.Token));
    }

    [Fact]
    public async Task CancellingMidTransferStopsPromptlyAndKeepsThePartialBlob()
    {
        await using var hub = new FakeHub(FakeHub.DefaultFiles(weightBytes: 40_000)) { StallAtCut = true };
        hub.CdnCuts.Enqueue(10_000); // sends 10 000 bytes, then goes silent
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(bound.Token);
        var progress = new CancelOnBytes(cancel, "model.safetensors");
        var options = Options(hub) with { ReadTimeout = TimeSpan.FromSeconds(25) };

        var fetch = ModelHub.FetchAsync(FakeHub.RepoId, options, "main", progress, cancel.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetch);

        Assert.False(bound.IsCancellationRequested); // cancelled by us, well before the read timeout
        var weights = hub.Files["model.safetensors"];
        string incomplete = Path.Combine(RepoFolder, "blobs", weights.Sha256 + ".incomplete");
        Assert.Equal(weights.Content[..(int)new FileInfo(incomplete).Length], File.ReadAllBytes(incomplete));
    }

    [Fact]
    public async Task GetModelFolderPrefersALocalFolderAndOtherwiseFetches()
    {
        await using var hub = new FakeHub(FakeHub.DefaultFiles());
        string local = Path.Combine(cacheDir, "local-model");
        Directory.CreateDirectory(local);
        File.WriteAllText(Path.Combine(local, "config.json"), "{}");

        Assert.Equal(local, ModelHub.GetModelFolder(local, options: Options(hub), cancellationToken: bound.Token));
        Assert.Empty(hub.AllRequests);
        string fetched = ModelHub.GetModelFolder(FakeHub.RepoId, options: Options(hub), cancellationToken: bound.Token);
        Assert.Equal(Path.Combine(RepoFolder, "snapshots", FakeHub.Commit), fetched);
    }

    [Fact]
    public async Task RelativeRedirectOfARenamedRepoIsFollowedOnTheSameHost()
    {
        await using var hub = new FakeHub(FakeHub.DefaultFiles());

        var snapshot = await ModelHub.FetchAsync(FakeHub.RenamedFrom, Options(hub, token: "hf_secret"), "main", null, bound.Token);

        // Cached under the name asked for, as huggingface_hub does.
        Assert.Equal(Path.Combine(cacheDir, "models--acme--old-name", "snapshots", FakeHub.Commit), snapshot.Folder);
        Assert.Contains(hub.Hub.Requests, r => r.Method == "HEAD" && r.Path.StartsWith("/acme/old-name/", StringComparison.Ordinal));
        Assert.Contains(hub.Hub.Requests, r => r.Method == "HEAD" && r.Path.StartsWith("/acme/tiny-ssl/", StringComparison.Ordinal));
        Assert.All(hub.Hub.Requests, r => Assert.Equal("Bearer hf_secret", r.Header("Authorization")));
        Assert.Equal(hub.Files["config.json"].Content, File.ReadAllBytes(snapshot.ConfigPath));
    }

    /// <summary>Cancels shortly after the file's transfer has started.</summary>
    sealed class CancelOnBytes(CancellationTokenSource cancel, string file) : IProgress<DownloadProgress>
    {
        public void Report(DownloadProgress value)
        {
            if (value.File == file)
                cancel.CancelAfter(TimeSpan.FromMilliseconds(200));
        }
    }
}
