namespace Layerwise.Audio.Flac;

/// <summary>Internal: the stream decodes to more than <see cref="AudioLimits.MaxDecodedSamples"/>; rewrapped by
/// <see cref="FlacDecoder"/> as <see cref="AudioFormatException"/> naming the file.</summary>
internal sealed class FlacDecodedSizeException(string message) : Exception(message);
