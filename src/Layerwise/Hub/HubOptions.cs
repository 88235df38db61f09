namespace Layerwise.Hub;

/// <summary>
/// Where and how <see cref="ModelHub"/> talks to a Hugging Face hub. <see cref="FromEnvironment"/> reads the same
/// variables as Python's huggingface_hub, so both share one cache.
/// </summary>
/// <param name="Endpoint">Hub base URL (HF_ENDPOINT), e.g. https://huggingface.co.</param>
/// <param name="CacheDir">Hub cache root holding models--org--name folders (HF_HUB_CACHE).</param>
/// <param name="Token">Bearer token (HF_TOKEN), sent to the endpoint only, never to a redirect on another host.</param>
/// <param name="Offline">Cache only, no network (HF_HUB_OFFLINE=1).</param>
/// <param name="Refresh">Ask the hub even when the cache already holds a complete snapshot for the revision
/// (by default a complete cached snapshot is used without any request).</param>
/// <param name="Retries">How many times one call resumes a transfer that broke mid-body before giving up
/// (the partial blob stays on disk for the next call either way).</param>
/// <param name="ReadTimeout">Longest silence tolerated from the server while connecting or reading.</param>
public sealed record HubOptions(
    string Endpoint,
    string CacheDir,
    string? Token = null,
    bool Offline = false,
    bool Refresh = false,
    int Retries = 2,
    TimeSpan? ReadTimeout = null)
{
    public const string DefaultEndpoint = "https://huggingface.co";

    /// <summary>Largest file accepted when the hub announces no size (no X-Linked-Size or Content-Length): 64 GiB,
    /// above any SSL checkpoint of the study (XLS-R 2B is ~9 GB). With a size, the transfer stops at that size.</summary>
    public const long MaxUnannouncedFileBytes = 64L << 30;

    internal TimeSpan EffectiveReadTimeout => ReadTimeout ?? TimeSpan.FromSeconds(60);

    /// <summary>
    /// Options from environment variables, resolved as huggingface_hub does: HF_ENDPOINT (default
    /// https://huggingface.co); cache HF_HUB_CACHE, else HUGGINGFACE_HUB_CACHE, else HF_HOME/hub, else
    /// XDG_CACHE_HOME/huggingface/hub, else ~/.cache/huggingface/hub; token HF_TOKEN, else the file HF_TOKEN_PATH,
    /// else HF_HOME/token; offline when HF_HUB_OFFLINE (or TRANSFORMERS_OFFLINE) is 1/true/yes/on.
    /// </summary>
    /// <param name="environment">Variable lookup; the process environment when null (tests pass their own).</param>
    public static HubOptions FromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string? Get(string name) => environment(name) is { Length: > 0 } v ? v : null;

        string home = Expand(Get("HF_HOME") ?? Path.Combine(Get("XDG_CACHE_HOME") ?? "~/.cache", "huggingface"));
        string cache = Expand(Get("HF_HUB_CACHE") ?? Get("HUGGINGFACE_HUB_CACHE") ?? Path.Combine(home, "hub"));
        string endpoint = (Get("HF_ENDPOINT") ?? DefaultEndpoint).TrimEnd('/');

        string? token = Get("HF_TOKEN")?.Trim();
        if (token is null)
        {
            string tokenPath = Expand(Get("HF_TOKEN_PATH") ?? Path.Combine(home, "token"));
            token = File.Exists(tokenPath) ? File.ReadAllText(tokenPath).Trim() : null;
            if (token is { Length: 0 })
                token = null;
        }

        bool offline = IsTrue(Get("HF_HUB_OFFLINE") ?? Get("TRANSFORMERS_OFFLINE"));
        return new HubOptions(endpoint, cache, token, offline);
    }

    /// <summary>Never prints the token itself (options end up in logs).</summary>
    public override string ToString() =>
        $"HubOptions {{ Endpoint = {Endpoint}, CacheDir = {CacheDir}, Token = {(Token is null ? "none" : "set")}, " +
        $"Offline = {Offline}, Refresh = {Refresh}, Retries = {Retries}, ReadTimeout = {EffectiveReadTimeout} }}";

    static bool IsTrue(string? value) =>
        value is not null && value.Trim().ToUpperInvariant() is "1" or "ON" or "YES" or "TRUE";

    static string Expand(string path)
    {
        if (path == "~" || path.StartsWith("~/", StringComparison.Ordinal))
            path = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) + path[1..];
        return Path.GetFullPath(path);
    }
}
