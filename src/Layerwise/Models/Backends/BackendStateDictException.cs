namespace Layerwise.Models.Backends;

/// <summary>A back-end state dict file that cannot be read or does not fit the back-end (names the file and keys).</summary>
public sealed class BackendStateDictException : LayerwiseInputException
{
    public BackendStateDictException(string message) : base(message) { }
    public BackendStateDictException(string message, Exception inner) : base(message, inner) { }
}
