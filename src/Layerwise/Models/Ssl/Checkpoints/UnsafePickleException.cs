namespace Layerwise.Models.Ssl.Checkpoints;

/// <summary>A pickle that asks for something other than data (a function call such as os.system); nothing was run.</summary>
public sealed class UnsafePickleException(string message) : LayerwiseInputException(message);
