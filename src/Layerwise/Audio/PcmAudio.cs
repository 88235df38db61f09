namespace Layerwise.Audio;

/// <summary>Exact integer samples as stored in the file (one array per channel, signed, right-aligned to
/// <see cref="AudioInfo.BitsPerSample"/>; 8-bit WAV is re-centred to signed). For sample-exact output.</summary>
public sealed record PcmAudio(AudioInfo Info, int[][] Channels)
{
    /// <summary>Scales to float in [-1, 1): x / 2^(bits-1).</summary>
    public AudioData ToFloat()
    {
        double scale = 1.0 / Math.Pow(2, Info.BitsPerSample - 1);
        var result = new float[Channels.Length][];
        for (int c = 0; c < Channels.Length; c++)
        {
            var src = Channels[c];
            var dst = result[c] = new float[src.Length];
            for (int i = 0; i < src.Length; i++)
                dst[i] = (float)(src[i] * scale);
        }
        return new AudioData(Info, result);
    }
}
