using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace Layerwise.Hub;

/// <summary>The HTTP side of one <see cref="ModelHub"/> call: HEAD for metadata, GET with resume into blobs/.</summary>
internal sealed class HubSession(HubOptions options, string repoId, HubCache cache, IProgress<DownloadProgress>? progress)
{
    const int MaxRedirects = 10;

    // Redirects are handled by hand: HEAD must not follow the LFS redirect (its headers carry the metadata) and the
    // token must never reach another host. No transparent decompression: sizes and hashes are of the raw bytes.
    static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(20),
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
    })
    { Timeout = Timeout.InfiniteTimeSpan };

    readonly Uri endpoint = new(options.Endpoint.TrimEnd('/') + "/");

    public Uri ResolveUrl(string revision, string file) =>
        new(endpoint, $"{repoId}/resolve/{Uri.EscapeDataString(revision)}/{string.Join('/', file.Split('/').Select(Uri.EscapeDataString))}");

    /// <summary>File metadata, or null when the file does not exist at that revision (404).</summary>
    public async Task<HubFileMetadata?> HeadAsync(string revision, string file, CancellationToken ct)
    {
        Uri url = ResolveUrl(revision, file);
        Uri current = url;
        for (int hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, current);
            Prepare(request, current);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
            using var response = await SendAsync(request, ct);
            int status = (int)response.StatusCode;

            // Relative redirects (a renamed repo) are followed; absolute ones (the LFS CDN) are the download location.
            if (status is >= 300 and < 400 && Header(response, "Location") is { } relative && !IsAbsolute(relative) && hop < MaxRedirects)
            {
                current = new Uri(current, relative);
                continue;
            }

            string? errorCode = Header(response, "X-Error-Code");
            if (errorCode == "RepoNotFound")
                throw new HubException($"{repoId}: repository not found on {options.Endpoint} (for a private or gated repo set HF_TOKEN){ModelHub.PresetHint(repoId)}");
            if (errorCode == "RevisionNotFound")
                throw new HubException($"{repoId}: revision '{revision}' not found on {options.Endpoint}");
            if (errorCode == "GatedRepo" || status is 401 or 403)
                throw new HubException($"{repoId}: access to {file} denied ({status}); the repo is gated or private: accept its terms on the hub and set HF_TOKEN");
            if (status == 404)
            {
                if (Header(response, "X-Repo-Commit") is { } missingAt && HubCache.IsSafeName(missingAt))
                {
                    cache.MarkMissing(missingAt, file);
                    cache.WriteRef(revision, missingAt);
                }
                return null;
            }
            if (status >= 400 || status < 200)
                throw new HubDownloadException($"{repoId}: HEAD {url} answered {status} {response.ReasonPhrase}");

            string commit = Header(response, "X-Repo-Commit")
                ?? throw new HubDownloadException($"{repoId}: {url} sent no X-Repo-Commit header; is {options.Endpoint} a Hugging Face hub?");
            string etag = NormalizeEtag(Header(response, "X-Linked-Etag") ?? Header(response, "ETag"))
                ?? throw new HubDownloadException($"{repoId}: {url} sent no ETag; cannot name the blob reproducibly");
            if (!HubCache.IsSafeName(commit) || !HubCache.IsSafeName(etag))
                throw new HubDownloadException($"{repoId}: {url} sent a commit '{commit}' or etag '{etag}' unusable as a file name");

            Uri location = status is >= 300 and < 400 && Header(response, "Location") is { } target ? new Uri(current, target) : current;
            long? size = long.TryParse(Header(response, "X-Linked-Size"), out long linked) ? linked
                : status < 300 ? response.Content.Headers.ContentLength : null;
            return new HubFileMetadata(commit, etag, location, size);
        }
    }

    /// <summary>Makes snapshots/{commit}/{file} point at the blob, downloading the blob when the cache lacks it.</summary>
    public async Task EnsureAsync(string commit, string file, HubFileMetadata meta, CancellationToken ct)
    {
        if (File.Exists(cache.PointerPath(commit, file)))
            return;
        string blob = cache.BlobPath(meta.Etag);
        if (!File.Exists(blob))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
            using (await AcquireLockAsync(cache.LockPath(meta.Etag), ct))
            {
                if (!File.Exists(blob))
                    await FetchBlobAsync(file, meta, blob, ct);
            }
        }
        cache.Link(commit, file, meta.Etag);
    }

    /// <summary>Downloads into <c>blobs/{etag}.incomplete</c>, then renames it over the blob once checked. Not
    /// <see cref="IO.AtomicFile"/>: a broken transfer must keep its partial file (the name huggingface_hub uses) so the
    /// next run, ours or Python's, resumes it; AtomicFile deletes its temporary file on failure.</summary>
    async Task FetchBlobAsync(string file, HubFileMetadata meta, string blob, CancellationToken ct)
    {
        string incomplete = blob + ".incomplete";
        for (int attempt = 0; ; attempt++)
        {
            try
            {
                await TransferAsync(file, meta, incomplete, ct);
                break;
            }
            catch (Exception e) when (IsTransportError(e) && !ct.IsCancellationRequested)
            {
                if (attempt < options.Retries)
                    continue;
                long have = File.Exists(incomplete) ? new FileInfo(incomplete).Length : 0;
                throw new HubDownloadException(
                    $"{repoId}: download of {file} from {meta.Location} broke off at {have} of {meta.Size?.ToString() ?? "?"} bytes " +
                    $"({e.Message}); run again to resume from {incomplete}", e);
            }
        }

        long length = new FileInfo(incomplete).Length;
        if (meta.Size is long expected && length != expected)
        {
            File.Delete(incomplete);
            throw new HubDownloadException($"{repoId}: {file} arrived with {length} bytes, the hub announced {expected}; the download was deleted");
        }
        if (IsGitSha1(meta.Etag))
        {
            // A non-LFS file's ETag is its git blob id: a body cut short (or padded) by a wrong Content-Length fails here.
            string actual = await GitBlobSha1Async(incomplete, ct);
            if (actual != meta.Etag)
            {
                File.Delete(incomplete);
                throw new HubDownloadException(
                    $"{repoId}: {file} is corrupt or cut short ({length} bytes): its git blob id {actual} does not match the hub's ETag {meta.Etag}; the download was deleted");
            }
        }
        if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !IsJson(incomplete))
        {
            File.Delete(incomplete);
            throw new HubDownloadException($"{repoId}: {file} arrived ({length} bytes) but is not valid JSON; the download was deleted, not cached");
        }
        if (IsSha256(meta.Etag))
        {
            string actual;
            await using (var stream = new FileStream(incomplete, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan))
                actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
            if (actual != meta.Etag)
            {
                File.Delete(incomplete);
                throw new HubDownloadException(
                    $"{repoId}: {file} is corrupt: its sha256 {actual} does not match the hub's ETag {meta.Etag}; the download was deleted");
            }
        }
        File.Move(incomplete, blob, overwrite: true);
    }

    /// <summary>One GET into blobs/{etag}.incomplete, resuming with a Range header from what is already there.</summary>
    async Task TransferAsync(string file, HubFileMetadata meta, string incomplete, CancellationToken ct)
    {
        long resume = File.Exists(incomplete) ? new FileInfo(incomplete).Length : 0;
        if (meta.Size is long size && resume >= size && resume > 0)
        {
            if (resume == size)
                return; // finished earlier, not yet verified and moved
            File.Delete(incomplete);
            resume = 0;
        }

        Uri current = meta.Location;
        bool retriedRange = false;
        for (int hop = 0; ; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            Prepare(request, current);
            if (resume > 0)
                request.Headers.Range = new RangeHeaderValue(resume, null);
            using var response = await SendAsync(request, ct, unreachableIsTransport: true);
            int status = (int)response.StatusCode;

            if (status is >= 300 and < 400 && Header(response, "Location") is { } target && hop < MaxRedirects)
            {
                current = new Uri(current, target);
                continue;
            }
            if (status == 416 && resume > 0 && !retriedRange)
            {
                // The partial file does not fit the remote one any more: start over.
                File.Delete(incomplete);
                resume = 0;
                retriedRange = true;
                continue;
            }
            if (status is not (200 or 206))
                throw new HubDownloadException($"{repoId}: GET {current} for {file} answered {status} {response.ReasonPhrase}");

            if (status == 206)
            {
                long? start = response.Content.Headers.ContentRange?.From;
                if (start != resume)
                    throw new HubDownloadException($"{repoId}: GET {current} returned range starting at {start?.ToString() ?? "?"}, asked {resume}");
            }
            else
                resume = 0; // the server ignored Range: the body is the whole file

            long? total = response.Content.Headers.ContentLength is long bodyLength ? resume + bodyLength : meta.Size;
            long limit = meta.Size ?? total ?? HubOptions.MaxUnannouncedFileBytes;
            await using var output = new FileStream(incomplete, resume > 0 ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
            await using var body = await response.Content.ReadAsStreamAsync(ct);
            long done = resume, reported = resume;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            progress?.Report(new DownloadProgress(file, done, total));
            byte[] buffer = new byte[1 << 16];
            using var idle = CancellationTokenSource.CreateLinkedTokenSource(ct);
            while (true)
            {
                idle.CancelAfter(options.EffectiveReadTimeout);
                int n;
                try { n = await body.ReadAsync(buffer, idle.Token); }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new IOException($"no data from {current.Host} for {options.EffectiveReadTimeout.TotalSeconds:0} s");
                }
                if (n == 0)
                    break;
                if (done + n > limit)
                {
                    // Never write past what was announced (or the stated cap): a server streaming without end fills no disk.
                    output.Close();
                    File.Delete(incomplete);
                    throw new HubDownloadException(
                        $"{repoId}: {file} from {current.Host} ran past {(limit == HubOptions.MaxUnannouncedFileBytes ? $"the cap of {limit} bytes for files of unannounced size" : $"its announced size of {limit} bytes")}; stopped and deleted");
                }
                await output.WriteAsync(buffer.AsMemory(0, n), ct);
                done += n;
                if (done - reported >= 1 << 20 || clock.ElapsedMilliseconds >= 100)
                {
                    progress?.Report(new DownloadProgress(file, done, total));
                    reported = done;
                    clock.Restart();
                }
            }
            progress?.Report(new DownloadProgress(file, done, total));
            if (total is long expected && done < expected)
                throw new IOException($"connection closed after {done} of {expected} bytes");
            return;
        }
    }

    async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct, bool unreachableIsTransport = false)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.EffectiveReadTimeout);
        try
        {
            return await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        }
        catch (Exception e) when (!ct.IsCancellationRequested && e is HttpRequestException or OperationCanceledException)
        {
            string what = e is OperationCanceledException ? $"no answer within {options.EffectiveReadTimeout.TotalSeconds:0} s" : e.Message;
            if (unreachableIsTransport)
                throw new IOException($"{request.Method} {request.RequestUri}: {what}", e);
            throw new HubUnreachableException($"{request.Method} {request.RequestUri}: {what}", e);
        }
    }

    /// <summary>User agent, and the token only for the endpoint's own scheme, host and port.</summary>
    void Prepare(HttpRequestMessage request, Uri target)
    {
        request.Headers.UserAgent.ParseAdd("layerwise/0.1 (huggingface_hub-compatible)");
        if (options.Token is { Length: > 0 } token && SameOrigin(target, endpoint))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase) && a.Port == b.Port;

    static bool IsTransportError(Exception e) =>
        e is not HubDownloadException && e is IOException or HttpRequestException;

    static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? values.FirstOrDefault()
            : null;

    // "/path" must not be taken for an absolute file:// URI (it is on Unix).
    static bool IsAbsolute(string location) =>
        location.StartsWith("//", StringComparison.Ordinal) ||
        Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https";

    internal static string? NormalizeEtag(string? etag)
    {
        if (etag is null)
            return null;
        etag = etag.Trim();
        if (etag.StartsWith("W/", StringComparison.Ordinal))
            etag = etag[2..];
        etag = etag.Trim('"');
        return etag.Length > 0 ? etag : null;
    }

    static bool IsSha256(string etag) => etag.Length == 64 && etag.All(char.IsAsciiHexDigitLower);

    static bool IsGitSha1(string etag) => etag.Length == 40 && etag.All(char.IsAsciiHexDigitLower);

    /// <summary>Git's blob id: sha1("blob {size}\0" + content), what the hub sends as the ETag of non-LFS files.</summary>
    static async Task<string> GitBlobSha1Async(string path, CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var sha1 = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        sha1.AppendData(System.Text.Encoding.ASCII.GetBytes($"blob {stream.Length}\0"));
        var buffer = new byte[1 << 16];
        int n;
        while ((n = await stream.ReadAsync(buffer, ct)) > 0)
            sha1.AppendData(buffer, 0, n);
        return Convert.ToHexStringLower(sha1.GetHashAndReset());
    }

    static bool IsJson(string path)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path));
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    /// <summary>An exclusive lock on .locks/…/{etag}.lock (flock on Unix, like Python's filelock), polled until free.</summary>
    static async Task<FileStream> AcquireLockAsync(string path, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (File.Exists(path))
            {
                await Task.Delay(200, ct);
            }
        }
    }
}
