namespace Layerwise.Audio.Flac;

/// <summary>The STREAMINFO metadata block. <see cref="TotalSamples"/> is per channel; 0 means unknown.
/// <see cref="Md5"/> is the MD5 of the decoded samples (all zero when the encoder did not compute it).</summary>
public sealed record FlacStreamInfo(
    int MinBlockSize, int MaxBlockSize, int MinFrameSize, int MaxFrameSize,
    int SampleRate, int Channels, int BitsPerSample, long TotalSamples, byte[] Md5)
{
    public bool HasMd5 => Md5.Any(b => b != 0);
}
