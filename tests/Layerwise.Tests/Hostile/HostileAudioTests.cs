using Layerwise.Audio;
using Layerwise.Audio.Wav;
using Layerwise.Tests.Audio;
using Layerwise.Tests.Data;

namespace Layerwise.Tests.Hostile;

/// <summary>Issue 16, audio: every path that feeds a model (AudioFile.ReadMono: `features`, `score`, `extract`)
/// rejects what `audio decode` rejects, bounds decoded sizes, and names the file.</summary>
public class HostileAudioTests
{
    /// <summary>preset5.flac with one byte of its STREAMINFO MD5 changed: the audio decodes, but is not what was encoded.</summary>
    static string Md5Mismatch(TempDir dir)
    {
        var bytes = File.ReadAllBytes(Fixtures.Flac("preset5"));
        Assert.Equal("fLaC"u8.ToArray(), bytes[..4]);
        Assert.Equal(0, bytes[4] & 0x7F); // STREAMINFO first: its MD5 is bytes 26..41
        bytes[30] ^= 0xFF;
        string path = Path.Combine(dir.Path, "md5.flac");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void Md5MismatchIsRejectedOnTheModelInputPath()
    {
        using var dir = new TempDir();
        string path = Md5Mismatch(dir);
        var e = Assert.Throws<AudioFormatException>(() => AudioFile.ReadMono(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("MD5", e.Message);
        Assert.Throws<AudioFormatException>(() => AudioFile.Read(path));
        Assert.Throws<AudioFormatException>(() => AudioFile.Read(File.ReadAllBytes(path), path));
    }

    [Fact]
    public void AOneHertzWavIsAnInputErrorNotAnOutOfMemory()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "1hz.wav");
        WavWriter.Write(path, [new float[20_000]], sampleRate: 1, bitsPerSample: 16);
        var e = Assert.Throws<AudioFormatException>(() => AudioFile.ReadMono(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("1 Hz", e.Message);
    }

    [Fact]
    public void DecodingStopsAtTheSampleBoundWithTheFileName()
    {
        // The bound is checked frame by frame on real samples; lowered here so a small fixture crosses it.
        var bytes = File.ReadAllBytes(Fixtures.Flac("preset5"));
        var e = Assert.Throws<AudioFormatException>(() => Layerwise.Audio.Flac.FlacDecoder.Decode(bytes, "big.flac", verifyMd5: true, checkCrc: true, maxSamples: 5000));
        Assert.Contains("big.flac", e.Message);
        Assert.Contains("MaxDecodedSamples", e.Message);
        Assert.Equal(1L << 28, AudioLimits.MaxDecodedSamples);
    }

    [Fact]
    public void ADirectoryGivenAsAudioSaysSo()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<AudioFormatException>(() => AudioFile.ReadMono(dir.Path));
        Assert.Contains("is a directory", e.Message);
        var (code, _, err) = CliRunner.Run("audio", "info", dir.Path);
        Assert.Equal(2, code);
        Assert.Contains("is a directory", err);
        Assert.DoesNotContain("denied", err);
    }

    [Fact]
    public void AudioDecodeRefusesToOverwriteItsInput()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "x.flac");
        File.Copy(Fixtures.Flac("short"), path);
        var before = File.ReadAllBytes(path);
        var (code, _, err) = CliRunner.Run("audio", "decode", path, path);
        Assert.Equal(2, code);
        Assert.Contains("is the input file", err);
        Assert.Equal(before, File.ReadAllBytes(path));
        string link = Path.Combine(dir.Path, "link.flac");
        File.CreateSymbolicLink(link, path);
        Assert.Equal(2, CliRunner.Run("audio", "decode", path, link).Code);
        Assert.Equal(before, File.ReadAllBytes(path));
    }
}
