namespace Layerwise.Pretraining;

/// <summary>A pretraining corpus or option that cannot be used (no audio, clips too short, bad values).</summary>
public sealed class PretrainingInputException : LayerwiseInputException
{
    public PretrainingInputException(string message) : base(message) { }
    public PretrainingInputException(string message, Exception inner) : base(message, inner) { }
}
