namespace Layerwise.Audio;

/// <summary>Decoded audio: one float array per channel, values in [-1, 1).</summary>
public sealed record AudioData(AudioInfo Info, float[][] Channels);
