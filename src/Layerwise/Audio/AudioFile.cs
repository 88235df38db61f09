using NAudio.Wave;

namespace Layerwise.Audio;

/// <summary>The one entry point for reading audio. (Contract stub: WAV through NAudio only; FLAC,
/// content sniffing, resampling and hardening arrive with the audio module.)</summary>
public static class AudioFile
{
    public static AudioInfo Info(string path)
    {
        using var reader = new WaveFileReader(path);
        var f = reader.WaveFormat;
        return new AudioInfo("wav", f.SampleRate, f.Channels, f.BitsPerSample, reader.SampleCount);
    }

    public static AudioData Read(string path)
    {
        using var reader = new WaveFileReader(path);
        var f = reader.WaveFormat;
        var provider = reader.ToSampleProvider();
        var interleaved = new float[reader.SampleCount * f.Channels];
        int n = provider.Read(interleaved.AsSpan());
        var channels = new float[f.Channels][];
        for (int c = 0; c < f.Channels; c++)
        {
            channels[c] = new float[n / f.Channels];
            for (int i = 0; i < channels[c].Length; i++)
                channels[c][i] = interleaved[i * f.Channels + c];
        }
        return new AudioData(new AudioInfo("wav", f.SampleRate, f.Channels, f.BitsPerSample, n / f.Channels), channels);
    }

    /// <summary>Mono (mean of channels) at <paramref name="sampleRate"/>: the SSL models' input.</summary>
    public static float[] ReadMono(string path, int sampleRate = 16000)
    {
        var data = Read(path);
        if (data.Info.SampleRate != sampleRate)
            throw new NotImplementedException("resampling arrives with the audio module");
        if (data.Channels.Length == 1)
            return data.Channels[0];
        var mono = new float[data.Channels[0].Length];
        for (int i = 0; i < mono.Length; i++)
        {
            float sum = 0;
            foreach (var ch in data.Channels)
                sum += ch[i];
            mono[i] = sum / data.Channels.Length;
        }
        return mono;
    }
}
