namespace Layerwise.Data.Demo;

/// <summary>Container of the demo corpus's audio files (always 16 kHz, 16-bit, mono PCM).</summary>
public enum DemoAudioFormat
{
    Wav,
    Flac,
}
