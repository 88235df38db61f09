using System.Text.Json;
using Layerwise.Cli;

namespace Layerwise.Tests.Audio;

public class AudioCommandTests
{
    static (int Code, string Out, string Err) Run(params string[] args) => CliRunner.Run(args);

    [Theory]
    [InlineData("short")]           // 16-bit stereo, plain PCM header
    [InlineData("short_24bit_6ch")] // WAVE_FORMAT_EXTENSIBLE with flac's channel mask
    [InlineData("bits8")]           // unsigned 8-bit
    public void DecodeWritesTheSameWavAsTheReferenceTool(string name)
    {
        string output = Path.GetTempFileName();
        try
        {
            var (code, _, err) = Run("audio", "decode", Fixtures.Flac(name), output);
            Assert.True(code == 0, err);
            var expected = File.ReadAllBytes(Path.Combine(Fixtures.Dir, "flac", name + ".ref.wav"));
            Assert.Equal(expected, File.ReadAllBytes(output));
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void DecodeOfAWavIsSampleExact()
    {
        string input = Path.Combine(Fixtures.Dir, "wav", "pcm24_stereo_extensible.wav");
        string output = Path.GetTempFileName();
        try
        {
            Assert.Equal(0, Run("audio", "decode", input, output).Code);
            var a = Layerwise.Audio.AudioFile.ReadPcm(input);
            var b = Layerwise.Audio.AudioFile.ReadPcm(output);
            Assert.Equal(a.Info, b.Info);
            Assert.Equal(a.Channels, b.Channels);
        }
        finally
        {
            File.Delete(output);
        }
    }

    [Fact]
    public void InfoPrintsTheContractJson()
    {
        var (code, stdout, _) = Run("audio", "info", Fixtures.Flac("bits24_stereo"));
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(stdout);
        var r = doc.RootElement;
        Assert.Equal(["format", "sample_rate", "channels", "bits_per_sample", "samples", "seconds"],
            r.EnumerateObject().Select(p => p.Name));
        Assert.Equal("flac", r.GetProperty("format").GetString());
        Assert.Equal(48000, r.GetProperty("sample_rate").GetInt32());
        Assert.Equal(2, r.GetProperty("channels").GetInt32());
        Assert.Equal(24, r.GetProperty("bits_per_sample").GetInt32());
        Assert.Equal(3000, r.GetProperty("samples").GetInt64());
        Assert.Equal(0.0625, r.GetProperty("seconds").GetDouble());
    }

    [Fact]
    public void BadInputIsOneLineOnStderrAndExitCode2()
    {
        string bad = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(bad, "not audio at all"u8.ToArray());
            foreach (var args in new[] { new[] { "audio", "info", bad }, ["audio", "decode", bad, bad + ".wav"] })
            {
                var (code, stdout, stderr) = Run(args);
                Assert.Equal(2, code);
                Assert.Equal("", stdout);
                var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Single(lines);
                Assert.Contains(bad, lines[0]);
                Assert.Contains("unrecognised audio format", lines[0]);
            }
            Assert.False(File.Exists(bad + ".wav"));
        }
        finally
        {
            File.Delete(bad);
        }
    }
}
