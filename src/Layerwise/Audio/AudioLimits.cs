namespace Layerwise.Audio;

/// <summary>Bounds on what an audio file may decode to, checked before the memory is taken: a hostile or broken
/// file is an input error naming the file, never an <see cref="OutOfMemoryException"/>.</summary>
public static class AudioLimits
{
    /// <summary>Samples summed over channels one decode may produce: 2^28 (1 GiB as int32 or float32; 4.6 h of 16 kHz mono).</summary>
    public const long MaxDecodedSamples = 1L << 28;

    /// <summary>Lowest rate accepted as model input: below this a file is not speech audio (a 1 Hz header would be resampled 16,000×).</summary>
    public const int MinModelInputRate = 4000;

    /// <summary>Highest rate accepted as model input (hi-res audio goes to 768 kHz).</summary>
    public const int MaxModelInputRate = 768_000;

    /// <summary>Throws unless <paramref name="samplesPerChannel"/> × <paramref name="channels"/> is within <see cref="MaxDecodedSamples"/>.</summary>
    public static void CheckDecodedSize(string path, long samplesPerChannel, int channels, string what = "decodes to")
    {
        if (samplesPerChannel < 0 || channels <= 0 || samplesPerChannel > MaxDecodedSamples / channels)
            throw new AudioFormatException(path,
                $"{what} {samplesPerChannel} samples × {channels} channels, above the bound of {MaxDecodedSamples} samples (AudioLimits.MaxDecodedSamples)");
    }

    /// <summary>Throws unless <paramref name="rate"/> is a plausible rate for speech model input.</summary>
    public static void CheckModelInputRate(string path, int rate)
    {
        if (rate is < MinModelInputRate or > MaxModelInputRate)
            throw new AudioFormatException(path,
                $"sample rate {rate} Hz is outside {MinModelInputRate}..{MaxModelInputRate} Hz accepted as model input (resampling it to 16 kHz is not meaningful)");
    }
}
