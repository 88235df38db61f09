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
        if (Directory.Exists(path))
            throw new AudioFormatException(path, "is a directory, not an audio file");
        Span<byte> head = stackalloc byte[12];
        int got;
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            got = fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not FileNotFoundException and not DirectoryNotFoundException)
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
        return FlacDecoder.Decode(content, name, verifyMd5: true).ToFloat();
    }

    /// <summary><see cref="ReadPcm(string, bool)"/> for content already in memory.</summary>
    public static PcmAudio ReadPcm(byte[] content, string name, bool verifyMd5 = true)
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

    /// <summary>Float samples in [-1, 1), one array per channel, at the file's own rate. A FLAC file's
    /// STREAMINFO MD5 is verified on every read (a mismatch means the decoded audio is not what was encoded).</summary>
    public static AudioData Read(string path) =>
        Detect(path) == AudioContainer.Wav ? WavReader.Read(path) : FlacDecoder.Decode(path, verifyMd5: true).ToFloat();

    /// <summary>Exact integer samples (FLAC, integer PCM WAV). Float WAV throws <see cref="AudioFormatException"/>.</summary>
    public static PcmAudio ReadPcm(string path, bool verifyMd5 = true) =>
        Detect(path) == AudioContainer.Wav ? WavReader.ReadPcm(path) : FlacDecoder.Decode(path, verifyMd5);

    /// <summary>Mono (mean of channels) at <paramref name="sampleRate"/>: the SSL models' input. The file's rate must be
    /// within <see cref="AudioLimits"/>' model-input range (checked from the header, before decoding) and the resampled
    /// length within its size bound (checked before resampling).</summary>
    public static float[] ReadMono(string path, int sampleRate = 16000)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        AudioLimits.CheckModelInputRate(path, Info(path).SampleRate); // from the header: before decoding
        var data = Read(path);
        AudioLimits.CheckModelInputRate(path, data.Info.SampleRate);
        AudioLimits.CheckDecodedSize(path, ResampledLength(data.Info.Samples, data.Info.SampleRate, sampleRate), 1, $"resampled to {sampleRate} Hz it holds");
        var mono = Downmix(data.Channels);
        return data.Info.SampleRate == sampleRate ? mono : Resampler.Resample(mono, data.Info.SampleRate, sampleRate);
    }

    static long ResampledLength(long samples, int from, int to) =>
        from <= 0 ? long.MaxValue : (long)Math.Ceiling((double)samples * to / from);

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
