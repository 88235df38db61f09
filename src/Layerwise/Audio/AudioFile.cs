using Layerwise.Audio.Flac;
using Layerwise.Audio.Wav;

namespace Layerwise.Audio;

/// <summary>The one entry point for reading audio. The container is chosen from the first bytes of the file
/// (RIFF/RF64 WAVE → WAV, "fLaC" or an ID3v2 tag → FLAC), never from the extension.</summary>
public static class AudioFile
{
    /// <summary>The container a file holds, by its magic bytes.</summary>
    public static AudioContainer Detect(string path)
    {
        Span<byte> head = stackalloc byte[12];
        int got;
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            got = fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (IOException e) when (e is not FileNotFoundException and not DirectoryNotFoundException)
        {
            throw new AudioFormatException(path, $"cannot read: {e.Message}", e);
        }
        return Detect(head[..got], path);
    }

    /// <summary>The container of in-memory content, by its magic bytes; <paramref name="name"/> is used in errors.</summary>
    public static AudioContainer Detect(ReadOnlySpan<byte> head, string name)
    {
        if (head.Length == 0)
            throw new AudioFormatException(name, "empty file (0 bytes)");
        if (WavReader.LooksLikeWav(head))
            return AudioContainer.Wav;
        if (FlacDecoder.LooksLikeFlac(head))
            return AudioContainer.Flac;
        var shown = head[..Math.Min(head.Length, 12)];
        throw new AudioFormatException(name, $"unrecognised audio format (first bytes {Convert.ToHexString(shown)}; expected RIFF/RF64 WAVE or fLaC)");
    }

    /// <summary><see cref="Read(string)"/> for content already in memory (e.g. from an archive).</summary>
    public static AudioData Read(byte[] content, string name)
    {
        if (Detect(content, name) == AudioContainer.Wav)
        {
            using var ms = new MemoryStream(content, writable: false);
            return WavReader.Read(ms, name);
        }
        return FlacDecoder.Decode(content, name).ToFloat();
    }

    /// <summary><see cref="ReadPcm(string, bool)"/> for content already in memory.</summary>
    public static PcmAudio ReadPcm(byte[] content, string name, bool verifyMd5 = false)
    {
        if (Detect(content, name) == AudioContainer.Wav)
        {
            using var ms = new MemoryStream(content, writable: false);
            return WavReader.ReadPcm(ms, name);
        }
        return FlacDecoder.Decode(content, name, verifyMd5);
    }

    public static AudioInfo Info(string path)
    {
        if (Detect(path) == AudioContainer.Wav)
            return WavReader.Info(path);
        var si = FlacDecoder.ReadStreamInfo(path);
        return new AudioInfo("flac", si.SampleRate, si.Channels, si.BitsPerSample, si.TotalSamples);
    }

    /// <summary>Float samples in [-1, 1), one array per channel, at the file's own rate.</summary>
    public static AudioData Read(string path) =>
        Detect(path) == AudioContainer.Wav ? WavReader.Read(path) : FlacDecoder.Decode(path).ToFloat();

    /// <summary>Exact integer samples (FLAC, integer PCM WAV). Float WAV throws <see cref="AudioFormatException"/>.</summary>
    public static PcmAudio ReadPcm(string path, bool verifyMd5 = false) =>
        Detect(path) == AudioContainer.Wav ? WavReader.ReadPcm(path) : FlacDecoder.Decode(path, verifyMd5);

    /// <summary>Mono (mean of channels) at <paramref name="sampleRate"/>: the SSL models' input.</summary>
    public static float[] ReadMono(string path, int sampleRate = 16000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        var data = Read(path);
        var mono = Downmix(data.Channels);
        return data.Info.SampleRate == sampleRate ? mono : Resampler.Resample(mono, data.Info.SampleRate, sampleRate);
    }

    /// <summary>Mean of the channels, sample by sample.</summary>
    public static float[] Downmix(float[][] channels)
    {
        if (channels.Length == 1)
            return channels[0];
        int n = channels[0].Length;
        var mono = new float[n];
        foreach (var ch in channels)
            for (int i = 0; i < n; i++)
                mono[i] += ch[i];
        float scale = 1f / channels.Length;
        for (int i = 0; i < n; i++)
            mono[i] *= scale;
        return mono;
    }
}
