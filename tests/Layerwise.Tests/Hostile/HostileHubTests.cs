using System.Security.Cryptography;
using System.Text;
using Layerwise.Hub;
using Layerwise.Tests.Data;
using Layerwise.Tests.Hub;

namespace Layerwise.Tests.Hostile;

/// <summary>Issue 16, hub responses from a loopback server: a body cut short by a wrong Content-Length is never
/// cached; a body that runs past its announced size is stopped there.</summary>
public class HostileHubTests
{
    const string Repo = "acme/hostile";
    const string Commit = "0123456789abcdef0123456789abcdef01234567";
    static readonly CancellationToken Bound = new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token;

    static HubOptions Options(LoopbackHttpServer server, string cache) =>
        new(server.BaseUrl, cache, Retries: 0, ReadTimeout: TimeSpan.FromSeconds(10));

    static readonly byte[] Config = Encoding.UTF8.GetBytes("{\"model_type\": \"wav2vec2\", \"hidden_size\": 8, \"num_hidden_layers\": 2, \"padding\": \"" + new string('x', 200) + "\"}\n");

    /// <summary>Serves config.json (body as given by <paramref name="configReply"/>) and an LFS model.safetensors
    /// on the same host (body as given by <paramref name="weightsReply"/>).</summary>
    static LoopbackHttpServer Server(Func<SeenRequest, Reply> configReply, Func<SeenRequest, Reply> weightsReply, long announcedWeights)
    {
        string weightsSha = new string('a', 64);
        LoopbackHttpServer? self = null;
        self = new LoopbackHttpServer(r =>
        {
            if (r.Path.StartsWith("/lfs/", StringComparison.Ordinal))
                return weightsReply(r);
            string file = r.Path.Split('/').Last();
            return file switch
            {
                "config.json" => configReply(r),
                "model.safetensors" => Reply.Empty(302, ("Location", $"{self!.BaseUrl}/lfs/{weightsSha}"), ("X-Repo-Commit", Commit),
                    ("X-Linked-Etag", $"\"{weightsSha}\""), ("X-Linked-Size", announcedWeights.ToString())),
                _ => Reply.Empty(404, ("X-Error-Code", "EntryNotFound"), ("X-Repo-Commit", Commit)),
            };
        });
        return self;
    }

    static Reply GoodConfig(SeenRequest _) => new(200, Config, [("X-Repo-Commit", Commit), ("ETag", $"\"{FakeHub.GitBlobSha1(Config)}\"")]);

    [Fact]
    public async Task AConfigCutShortByAWrongContentLengthIsNeverCached()
    {
        using var dir = new TempDir();
        await using var server = Server(
            _ => new Reply(200, Config, [("X-Repo-Commit", Commit), ("ETag", $"\"{FakeHub.GitBlobSha1(Config)}\""), ("Content-Length", (Config.Length / 2).ToString())]),
            _ => Reply.Empty(404), 10);
        var e = await Assert.ThrowsAsync<HubDownloadException>(() => ModelHub.FetchAsync(Repo, Options(server, dir.Path), "main", null, Bound));
        Assert.Contains("config.json", e.Message);
        var blobs = Path.Combine(dir.Path, "models--acme--hostile", "blobs");
        Assert.Empty(Directory.Exists(blobs) ? Directory.GetFiles(blobs) : []);
    }

    [Fact]
    public async Task ABodyRunningPastItsAnnouncedSizeIsStoppedThere()
    {
        using var dir = new TempDir();
        var flood = new byte[8 << 20];
        await using var server = Server(GoodConfig, _ => new Reply(200, flood, [], OmitContentLength: true), announcedWeights: 1000);
        var e = await Assert.ThrowsAsync<HubDownloadException>(() => ModelHub.FetchAsync(Repo, Options(server, dir.Path), "main", null, Bound));
        Assert.Contains("ran past its announced size of 1000 bytes", e.Message);
        var blobs = Path.Combine(dir.Path, "models--acme--hostile", "blobs");
        Assert.All(Directory.GetFiles(blobs), f => Assert.True(new FileInfo(f).Length <= 1000, $"{f} holds {new FileInfo(f).Length} bytes"));
    }

    /// <summary>Fuzz (fixed seed, bounded): random Content-Length lies, cuts and padding of both files end either in a
    /// complete snapshot whose files are byte-exact, or in <see cref="HubDownloadException"/>; nothing half-written is cached.</summary>
    [Fact]
    public async Task LyingServersEndInExactFilesOrTheTypedException()
    {
        var rng = new Random(1604);
        var weights = FakeHub.Bytes(3000, seed: 3);
        string sha = Convert.ToHexStringLower(SHA256.HashData(weights));
        var failures = new List<string>();
        for (int it = 0; it < 24; it++)
        {
            using var dir = new TempDir();
            int mode = rng.Next(4), cut = rng.Next(1, weights.Length);
            byte[] configBody = mode == 0 ? Config[..rng.Next(1, Config.Length)] : Config;
            long? configLength = mode == 1 ? rng.Next(1, Config.Length * 2) : null;
            byte[] weightBody = mode == 2 ? [.. weights, .. new byte[rng.Next(1, 5000)]] : weights;
            LoopbackHttpServer? self = null;
            await using var server = self = new LoopbackHttpServer(r =>
            {
                if (r.Path.StartsWith("/lfs/", StringComparison.Ordinal))
                    return new Reply(200, weightBody, [], mode == 3 ? cut : null, OmitContentLength: mode == 2);
                return r.Path.Split('/').Last() switch
                {
                    "config.json" => new Reply(200, configBody,
                        [("X-Repo-Commit", Commit), ("ETag", $"\"{FakeHub.GitBlobSha1(Config)}\""), .. configLength is long n ? new[] { ("Content-Length", n.ToString()) } : []]),
                    "model.safetensors" => Reply.Empty(302, ("Location", $"{self!.BaseUrl}/lfs/{sha}"), ("X-Repo-Commit", Commit),
                        ("X-Linked-Etag", $"\"{sha}\""), ("X-Linked-Size", weights.Length.ToString())),
                    _ => Reply.Empty(404, ("X-Error-Code", "EntryNotFound"), ("X-Repo-Commit", Commit)),
                };
            });
            try
            {
                var snapshot = await ModelHub.FetchAsync(Repo, Options(server, dir.Path), "main", null, Bound);
                if (!File.ReadAllBytes(Path.Combine(snapshot.Folder, "config.json")).SequenceEqual(Config)
                    || !File.ReadAllBytes(Path.Combine(snapshot.Folder, "model.safetensors")).SequenceEqual(weights))
                    failures.Add($"iteration {it} (mode {mode}): a snapshot with wrong bytes");
            }
            catch (HubDownloadException) { }
            catch (Exception e) { failures.Add($"iteration {it} (mode {mode}): {e.GetType().Name}: {e.Message}"); }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
