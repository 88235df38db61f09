using Layerwise.Cli;
using Layerwise.Data.Demo;
using Layerwise.Tests.Data;

namespace Layerwise.Tests.Hostile;

/// <summary>Issue 16, the CLI: one escaped line per error, exit 2 for bad input, 3 for an unreachable hub, no native
/// frames without --verbose; empty protocols, in-place-changed demo corpora and NaN scores do not pass silently.</summary>
public class HostileCliTests
{
    static void AssertNoControlCharacters(string text)
    {
        foreach (char c in text)
            Assert.False(c < 0x20 && c is not ('\n' or '\r') || c is >= '\u007F' and <= '\u009F', $"control character U+{(int)c:X4} echoed in: {text}");
    }

    [Fact]
    public void AnsiEscapesFromAScoreFileLabelAreEscaped()
    {
        using var dir = new TempDir();
        string scores = dir.Write("scores.txt", "u1 bonafide 1.5\nu2 \u001b[2J\u001b[31mbogus\u001b[0m 0.5\n");
        var (code, _, err) = CliRunner.Run("metrics", "--scores", scores);
        Assert.Equal(2, code);
        AssertNoControlCharacters(err);
        Assert.Contains("\\x1B[31mbogus", err);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Fact]
    public void ControlBytesFromABinaryProtocolAreEscaped()
    {
        using var dir = new TempDir();
        dir.Write("LA/ASVspoof2019_LA_cm_protocols/ASVspoof2019.LA.cm.train.trn.txt", "LA_0079 \u0007\u001b]0;owned\u0007 - \u0000\u0008\n");
        var (code, _, err) = CliRunner.Run("data", "summary", "--dataset", "asvspoof2019-la", "--root", dir.Path, "--split", "train");
        Assert.Equal(2, code);
        AssertNoControlCharacters(err);
        Assert.Contains("\\x07", err);
    }

    [Fact]
    public void AnEmptyProtocolFileIsAnInputError()
    {
        using var dir = new TempDir();
        string protocol = dir.Write("LA/ASVspoof2019_LA_cm_protocols/ASVspoof2019.LA.cm.train.trn.txt", "");
        var (code, _, err) = CliRunner.Run("data", "summary", "--dataset", "asvspoof2019-la", "--root", dir.Path, "--split", "train");
        Assert.Equal(2, code);
        Assert.Contains(protocol, err);
        Assert.Contains("no entries", err);
    }

    [Fact]
    public void TheMissingAudioWarningUsesTheExtensionTheCorpusHolds()
    {
        using var dir = new TempDir();
        dir.Write("LA/ASVspoof2019_LA_cm_protocols/ASVspoof2019.LA.cm.train.trn.txt",
            "LA_0079 LA_T_1 - - bonafide\nLA_0079 LA_T_2 - A01 spoof\n");
        Directory.CreateDirectory(Path.Combine(dir.Path, "LA/ASVspoof2019_LA_train/wav"));
        Layerwise.Audio.Wav.WavWriter.Write(Path.Combine(dir.Path, "LA/ASVspoof2019_LA_train/wav/LA_T_1.wav"), [new float[1600]], 16000, 16);
        var (code, _, err) = CliRunner.Run("data", "summary", "--dataset", "asvspoof2019-la", "--root", dir.Path, "--split", "train");
        Assert.Equal(0, code);
        Assert.Contains("LA_T_2.wav", err);
        Assert.DoesNotContain("LA_T_2.flac", err);
    }

    [Fact]
    public void AnUnreachableHubHasItsOwnExitCodeAndOneLine()
    {
        using var dir = new TempDir();
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now
        var (code, _, err) = CliRunner.Run("hub", "download", "acme/none", "--endpoint", $"http://127.0.0.1:{port}", "--cache-dir", dir.Path);
        Assert.Equal(LayerwiseCli.ExitUnreachable, code);
        Assert.Contains("cannot reach", err);
        Assert.DoesNotContain("internal error", err);
        Assert.Single(err.TrimEnd().Split('\n'));
    }

    [Fact]
    public void NativeFramesAreCutWithoutVerbose()
    {
        var e = new ExternalException("shape '[2147483648, 2147483648]' is invalid for input\nException raised from computeStride at ../aten/src/ATen/TensorUtils.cpp:42 (most recent call first):\nframe #0: c10::Error::Error() + 0x1 (0x7f in libc10.so)\nframe #1: at::native::empty()");
        var quiet = new StringWriter();
        LayerwiseCli.Report(e, verbose: false, quiet);
        Assert.DoesNotContain("frame #", quiet.ToString());
        Assert.DoesNotContain("Exception raised from", quiet.ToString());
        Assert.Contains("is invalid for input", quiet.ToString());
        var loud = new StringWriter();
        LayerwiseCli.Report(e, verbose: true, loud);
        Assert.Contains("frame #0", loud.ToString());
    }

    sealed class ExternalException(string message) : Exception(message);

    [Fact]
    public void ADemoCorpusChangedInPlaceIsRebuiltNotReused()
    {
        using var dir = new TempDir();
        var options = new DemoCorpusOptions
        {
            Seed = 11, TrainUtterances = 6, DevUtterances = 4, EvalUtterances = 8, SpeakersPerSplit = 2,
            TrainAttacks = 2, EvalAttacks = 4, MinSeconds = 1.0, MaxSeconds = 1.2,
        };
        string root = Path.Combine(dir.Path, "demo");
        DemoCorpus.EnsureCreated(root, options);
        var audio = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".wav", StringComparison.Ordinal) || f.EndsWith(".flac", StringComparison.Ordinal)).Order(StringComparer.Ordinal).First();
        var original = File.ReadAllBytes(audio);
        var changed = (byte[])original.Clone();
        changed[^10] ^= 0x55; // same size, other content
        File.WriteAllBytes(audio, changed);

        var again = DemoCorpus.EnsureCreated(root, options);
        Assert.False(again.Reused);
        Assert.Equal(original, File.ReadAllBytes(audio));
        Assert.True(DemoCorpus.EnsureCreated(root, options).Reused);
    }
}
