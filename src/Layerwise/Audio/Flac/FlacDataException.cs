namespace Layerwise.Audio.Flac;

/// <summary>Internal: a structural error inside a FLAC stream; <see cref="FlacDecoder"/> rewraps it as
/// <see cref="AudioFormatException"/> with the file name and byte offset.</summary>
internal sealed class FlacDataException(string message) : Exception(message);
