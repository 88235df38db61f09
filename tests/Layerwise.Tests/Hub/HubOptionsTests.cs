using Layerwise.Hub;

namespace Layerwise.Tests.Hub;

public class HubOptionsTests
{
    static HubOptions From(params (string Name, string Value)[] variables)
    {
        var map = variables.ToDictionary(v => v.Name, v => v.Value);
        // HOME-independent: every test sets the variables that decide the paths it checks.
        return HubOptions.FromEnvironment(name => map.GetValueOrDefault(name));
    }

    [Fact]
    public void CacheFollowsHuggingFaceHubPrecedence()
    {
        Assert.Equal("/x/hubcache", From(("HF_HUB_CACHE", "/x/hubcache"), ("HF_HOME", "/x/home"), ("XDG_CACHE_HOME", "/x/xdg")).CacheDir);
        Assert.Equal("/x/home/hub", From(("HF_HOME", "/x/home"), ("XDG_CACHE_HOME", "/x/xdg")).CacheDir);
        Assert.Equal("/x/xdg/huggingface/hub", From(("XDG_CACHE_HOME", "/x/xdg")).CacheDir);
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        // (HF_TOKEN_PATH keeps the test away from any real token file under ~/.cache/huggingface.)
        Assert.Equal(Path.Combine(home, ".cache", "huggingface", "hub"), From(("HF_HOME", ""), ("HF_TOKEN_PATH", "/nonexistent-layerwise-token")).CacheDir);
    }

    [Fact]
    public void EndpointTokenAndOfflineComeFromTheirVariables()
    {
        var defaults = From(("HF_HOME", "/nonexistent-layerwise-test-home"));
        Assert.Equal("https://huggingface.co", defaults.Endpoint);
        Assert.Null(defaults.Token);
        Assert.False(defaults.Offline);

        var set = From(("HF_HOME", "/nonexistent-layerwise-test-home"), ("HF_ENDPOINT", "http://mirror.test/hf/"), ("HF_TOKEN", "hf_abc"), ("HF_HUB_OFFLINE", "1"));
        Assert.Equal("http://mirror.test/hf", set.Endpoint);
        Assert.Equal("hf_abc", set.Token);
        Assert.DoesNotContain("hf_abc", set.ToString());
        Assert.True(set.Offline);

        foreach (var value in new[] { "true", "YES", "on" })
            Assert.True(From(("HF_HOME", "/nonexistent-layerwise-test-home"), ("HF_HUB_OFFLINE", value)).Offline, value);
        foreach (var value in new[] { "0", "false", "no" })
            Assert.False(From(("HF_HOME", "/nonexistent-layerwise-test-home"), ("HF_HUB_OFFLINE", value)).Offline, value);
    }

    [Fact]
    public void TokenFileUnderHfHomeIsReadWhenHfTokenIsUnset()
    {
        string home = Directory.CreateTempSubdirectory("layerwise-hfhome-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(home, "token"), "hf_fromfile\n");
            Assert.Equal("hf_fromfile", From(("HF_HOME", home)).Token);
            Assert.Equal("hf_env", From(("HF_HOME", home), ("HF_TOKEN", "hf_env")).Token);
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }

    [Fact]
    public void PresetsAreThePapersSixCheckpoints()
    {
        Assert.Equal(
            ["facebook/wav2vec2-base", "facebook/wav2vec2-xls-r-300m", "facebook/hubert-base-ls960",
             "facebook/hubert-large-ll60k", "microsoft/wavlm-base-plus", "microsoft/wavlm-large"],
            HubPreset.All.Select(p => p.RepoId));
        Assert.All(HubPreset.All, p => Assert.Equal(p.RepoId.Contains("large") || p.RepoId.Contains("300m") ? (24, 1024) : (12, 768), (p.Layers, p.Hidden)));
    }

    [Theory]
    [InlineData("\"abc123\"", "abc123")]
    [InlineData("W/\"abc123\"", "abc123")]
    [InlineData("abc123", "abc123")]
    [InlineData("\"\"", null)]
    public void EtagsLoseQuotesAndTheWeakPrefix(string header, string? expected) =>
        Assert.Equal(expected, HubSession.NormalizeEtag(header));

    [Fact]
    public void RepoFolderNamesFollowHuggingFaceHub()
    {
        Assert.Equal("models--facebook--wav2vec2-base", HubCache.RepoFolderName("facebook/wav2vec2-base"));
        Assert.Equal("models--gpt2", HubCache.RepoFolderName("gpt2"));
    }
}
