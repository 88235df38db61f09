namespace Layerwise.Models.Ssl;

/// <summary>
/// Waveform preprocessing before the model. <see cref="Off"/> feeds the raw waveform, as the paper did for
/// every checkpoint (the default for replication). <see cref="On"/> applies Hugging Face's
/// zero-mean/unit-variance normalisation per utterance. <see cref="Auto"/> follows the model folder's
/// <c>preprocessor_config.json</c> <c>do_normalize</c>.
/// </summary>
public enum NormalizeMode
{
    Off,
    On,
    Auto,
}

/// <summary>Parsing of the CLI spelling auto|true|false.</summary>
public static class NormalizeModes
{
    public static NormalizeMode Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => NormalizeMode.Auto,
        "true" or "on" or "yes" => NormalizeMode.On,
        "false" or "off" or "no" => NormalizeMode.Off,
        _ => throw new ArgumentException($"unknown normalize mode '{text}' (expected auto, true or false)"),
    };
}
