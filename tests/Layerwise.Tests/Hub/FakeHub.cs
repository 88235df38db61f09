using System.Security.Cryptography;
using System.Text;

namespace Layerwise.Tests.Hub;

/// <summary>A file of the fake repo; LFS files are served by a redirect to the "CDN" server.</summary>
internal sealed record FakeFile(byte[] Content, bool Lfs)
{
    public string Sha256 => Convert.ToHexStringLower(SHA256.HashData(Content));

    /// <summary>Git's blob id: sha1("blob {size}\0" + content), the ETag the hub sends for non-LFS files.</summary>
    public string GitSha1 => FakeHub.GitBlobSha1(Content);

    public string Etag => Lfs ? Sha256 : GitSha1;
}

/// <summary>
/// A fake Hugging Face hub for one repo, behaving as huggingface.co does for /{repo}/resolve/{rev}/{file}: headers
/// X-Repo-Commit and ETag; for LFS files a 302 to a CDN on another port with X-Linked-Etag (sha256) and X-Linked-Size;
/// 404 with X-Error-Code EntryNotFound for missing files. The CDN honours "Range: bytes=N-".
/// </summary>
internal sealed class FakeHub : IAsyncDisposable
{
    public const string RepoId = "acme/tiny-ssl";
    /// <summary>An old name of the repo: the hub answers it with a relative redirect, as after a rename.</summary>
    public const string RenamedFrom = "acme/old-name";
    public const string Commit = "4c3f8e1a9b2d7c6e5f4a3b2c1d0e9f8a7b6c5d4e";

    public FakeHub(Dictionary<string, FakeFile> files, bool cdnOnSameHost = false)
    {
        Files = files;
        Cdn = new LoopbackHttpServer(ServeCdn);
        Hub = new LoopbackHttpServer(ServeHub);
        this.cdnOnSameHost = cdnOnSameHost;
    }

    readonly bool cdnOnSameHost;
    public Dictionary<string, FakeFile> Files { get; }
    public LoopbackHttpServer Hub { get; }
    public LoopbackHttpServer Cdn { get; }
    /// <summary>The next CDN GETs are cut after this many body bytes (one entry consumed per GET).</summary>
    public Queue<long> CdnCuts { get; } = new();
    /// <summary>After a cut, keep the CDN connection open and silent instead of closing it.</summary>
    public bool StallAtCut { get; set; }
    /// <summary>Serve LFS bytes with one byte flipped (same size): the sha256 no longer matches the ETag.</summary>
    public bool CorruptCdn { get; set; }

    public IEnumerable<SeenRequest> AllRequests => Hub.Requests.Concat(Cdn.Requests);

    /// <summary>A small, deterministic repo: config.json, preprocessor_config.json and an LFS model.safetensors.</summary>
    public static Dictionary<string, FakeFile> DefaultFiles(int weightBytes = 20_000) => new()
    {
        ["config.json"] = new(Encoding.UTF8.GetBytes("{\"model_type\": \"wav2vec2\", \"hidden_size\": 8, \"num_hidden_layers\": 2}\n"), false),
        ["preprocessor_config.json"] = new(Encoding.UTF8.GetBytes("{\"do_normalize\": true, \"sampling_rate\": 16000}\n"), false),
        ["model.safetensors"] = new(Bytes(weightBytes, seed: 7), true),
    };

    public static byte[] Bytes(int count, int seed)
    {
        var bytes = new byte[count];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string GitBlobSha1(byte[] content)
    {
        byte[] header = Encoding.ASCII.GetBytes($"blob {content.Length}\0");
        return Convert.ToHexStringLower(SHA1.HashData([.. header, .. content]));
    }

    Reply ServeHub(SeenRequest request)
    {
        if (request.Path.StartsWith("/lfs/", StringComparison.Ordinal))
            return ServeCdn(request); // the same-host "CDN" variant
        // /{org}/{name}/resolve/{revision}/{file...}
        var segments = request.Path.TrimStart('/').Split('/');
        if (segments.Length < 5 || segments[2] != "resolve")
            return Reply.Empty(404);
        string repo = $"{segments[0]}/{segments[1]}";
        string revision = Uri.UnescapeDataString(segments[3]);
        string file = string.Join('/', segments.Skip(4).Select(Uri.UnescapeDataString));
        if (repo == RenamedFrom)
            return Reply.Empty(307, ("Location", $"/{RepoId}/resolve/{segments[3]}/{string.Join('/', segments.Skip(4))}"));
        if (repo != RepoId)
            return Reply.Empty(401, ("X-Error-Code", "RepoNotFound"));
        if (revision is not ("main" or Commit))
            return Reply.Empty(404, ("X-Error-Code", "RevisionNotFound"));
        if (!Files.TryGetValue(file, out var f))
            return Reply.Empty(404, ("X-Error-Code", "EntryNotFound"), ("X-Repo-Commit", Commit));
        if (!f.Lfs)
            return new Reply(200, f.Content, [("X-Repo-Commit", Commit), ("ETag", $"\"{f.GitSha1}\""), ("Content-Type", "application/json")]);

        string pointer = $"version https://git-lfs.github.com/spec/v1\noid sha256:{f.Sha256}\nsize {f.Content.Length}\n";
        string cdn = cdnOnSameHost ? Hub.BaseUrl : Cdn.BaseUrl;
        return Reply.Empty(302,
            ("Location", $"{cdn}/lfs/{f.Sha256}?response-content-disposition=attachment"),
            ("X-Repo-Commit", Commit),
            ("X-Linked-Etag", $"\"{f.Sha256}\""),
            ("X-Linked-Size", f.Content.Length.ToString()),
            ("ETag", $"\"{GitBlobSha1(Encoding.ASCII.GetBytes(pointer))}\""));
    }

    Reply ServeCdn(SeenRequest request)
    {
        string sha = request.Path.Split('?')[0].Split('/').Last();
        var file = Files.Values.FirstOrDefault(f => f.Lfs && f.Sha256 == sha);
        if (file is null)
            return Reply.Empty(404);
        byte[] content = file.Content;
        if (CorruptCdn)
        {
            content = (byte[])content.Clone();
            content[content.Length / 2] ^= 0x5A;
        }
        long? cut = null;
        lock (CdnCuts)
            if (CdnCuts.Count > 0)
                cut = CdnCuts.Dequeue();

        if (request.Header("Range") is { } range && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            int start = int.Parse(range["bytes=".Length..^1]);
            if (start >= content.Length)
                return Reply.Empty(416, ("Content-Range", $"bytes */{content.Length}"));
            return new Reply(206, content[start..], [("Content-Range", $"bytes {start}-{content.Length - 1}/{content.Length}"), ("ETag", $"\"{sha}\"")], cut, cut is not null && StallAtCut);
        }
        return new Reply(200, content, [("ETag", $"\"{sha}\""), ("Accept-Ranges", "bytes")], cut, cut is not null && StallAtCut);
    }

    public async ValueTask DisposeAsync()
    {
        await Hub.DisposeAsync();
        await Cdn.DisposeAsync();
    }
}
