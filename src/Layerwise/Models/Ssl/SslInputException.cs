namespace Layerwise.Models.Ssl;

/// <summary>A model folder, config, weights file or waveform that the SSL front-end cannot use; the message names the file and the problem.</summary>
public sealed class SslInputException : LayerwiseInputException
{
    public SslInputException(string message) : base(message) { }
    public SslInputException(string message, Exception inner) : base(message, inner) { }
}
