namespace Layerwise.Audio;

/// <summary>What a file holds, read from its header. <see cref="Samples"/> counts per-channel frames.</summary>
public sealed record AudioInfo(string Format, int SampleRate, int Channels, int BitsPerSample, long Samples)
{
    public double Seconds => SampleRate > 0 ? (double)Samples / SampleRate : 0;

    /// <summary>True for IEEE float samples (WAV format 3 or extensible float); false for integer PCM and FLAC.</summary>
    public bool IsFloat { get; init; }
}
