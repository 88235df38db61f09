namespace Layerwise.Audio;

/// <summary>The containers <see cref="AudioFile"/> reads.</summary>
public enum AudioContainer
{
    Wav,
    Flac,
}
